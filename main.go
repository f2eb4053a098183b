package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	runtimedebug "runtime/debug"
	"runtime/pprof"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/provider"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	// A plan converts every resource's values through short-lived maps
	// (terraform-plugin-framework), on a heap of a few megabytes: at Go's
	// default target the collector runs constantly and takes about 40% of
	// the CPU (docs/guides/benchmarks.md). A larger target trades a few
	// megabytes for most of that; GOGC, when set, still decides.
	if os.Getenv("GOGC") == "" {
		runtimedebug.SetGCPercent(400)
	}

	// GHCONNECTOR_CPUPROFILE=dir writes one CPU profile per provider
	// process (Terraform starts one per command) as dir/cpu-<pid>.pprof.
	if dir := os.Getenv("GHCONNECTOR_CPUPROFILE"); dir != "" {
		f, err := os.Create(fmt.Sprintf("%s/cpu-%d.pprof", dir, os.Getpid()))
		if err != nil {
			log.Fatal(err.Error())
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err.Error())
		}
		defer func() { pprof.StopCPUProfile(); _ = f.Close() }()
	}

	if err := provider.SilenceDiscardedSDKLogs(os.Getenv, os.Setenv); err != nil {
		log.Fatal(err.Error())
	}
	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address:         "registry.terraform.io/ghconnector/ghconnector",
		Debug:           debug,
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
