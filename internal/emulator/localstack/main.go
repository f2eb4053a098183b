// Command localstack runs the local Snowflake emulator (and, later, the
// GitHub emulator) as one stack for `make local` and the quickstart.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"sort"
	"syscall"

	sfemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake"
)

func main() {
	var opts sfemu.Options
	flag.StringVar(&opts.Listen, "listen", "127.0.0.1:8080", "address of the Snowflake emulator")
	flag.StringVar(&opts.DataDir, "data-dir", ".local/snowflake", "directory for persistent state; empty keeps everything in memory")
	flag.StringVar(&opts.Account, "account", "LOCAL", "account name clients log in to")
	flag.StringVar(&opts.AdminUser, "admin-user", "ADMIN", "bootstrap admin user")
	flag.StringVar(&opts.AdminPassword, "admin-password", "admin", "bootstrap admin password")
	flag.StringVar(&opts.AdminRole, "admin-role", "ACCOUNTADMIN", "bootstrap admin role")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv, err := sfemu.Start(ctx, opts)
	if err != nil {
		log.Fatalf("starting the Snowflake emulator: %v", err)
	}
	fmt.Printf("Snowflake emulator listening on %s:%d (data: %s)\n", srv.Host(), srv.Port(), dataLabel(opts.DataDir))
	fmt.Printf("DSN: %s\n\nProvider environment:\n", srv.DSN())
	env := srv.ProviderEnv()
	keys := make([]string, 0, len(env))
	for k := range env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Printf("export %s=%s\n", k, env[k])
	}
	<-ctx.Done()
	fmt.Println("stopping")
	if err := srv.Close(); err != nil {
		log.Fatal(err)
	}
}

func dataLabel(dir string) string {
	if dir == "" {
		return "in memory"
	}
	return dir
}
