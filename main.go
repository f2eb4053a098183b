package main

import (
	"context"
	"flag"
	"log"
	"os"
	runtimedebug "runtime/debug"

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

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address:         "registry.terraform.io/ghconnector/ghconnector",
		Debug:           debug,
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
