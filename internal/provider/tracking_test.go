package provider_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/acctest"
	sfemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

// Every statement the provider sends names its resource type and
// operation (the shared lifecycle tags them, resource_lifecycle.go): each
// command's statements carry only the operations that command runs, and
// every resource type creates and deletes under its own name.
func TestAccEveryStatementNamesItsResourceAndOperation(t *testing.T) {
	acctest.PreCheck(t)
	s := newScaleStack(t, 2)
	types := []string{"ghconnector_network_rule", "ghconnector_secret", "ghconnector_external_access_integration",
		"ghconnector_application", "ghconnector_connector_config", "ghconnector_repository"}
	for _, step := range []struct {
		command []string
		allowed []string // operations the command may run
		each    string   // an operation every resource type must run, "" none
	}{
		{[]string{"apply", "-auto-approve"}, []string{"plan", "read", "create"}, "create"},
		{[]string{"plan", "-detailed-exitcode"}, []string{"plan", "read"}, ""},
		{[]string{"destroy", "-auto-approve"}, []string{"plan", "read", "delete"}, "delete"},
	} {
		s.sf.ResetQueryHistory()
		args := append(step.command, "-input=false", "-no-color", s.vars())
		if code, out := s.cli.Run(args...); code != 0 {
			t.Fatalf("terraform %s exited %d:\n%s", step.command[0], code, tail(out, 3000))
		}
		history := s.sf.QueryHistory()
		ran := map[string]map[string]bool{} // operation → resource types
		for _, r := range history {
			resource, op, ok := snowflake.ParseTrackingComment(r.Text)
			if !ok {
				continue
			}
			if !slices.Contains(step.allowed, op) {
				t.Errorf("terraform %s: a statement tagged %s/%s: %s", step.command[0], resource, op, firstLine(r))
			}
			if ran[op] == nil {
				ran[op] = map[string]bool{}
			}
			ran[op][resource] = true
		}
		if step.each != "" {
			for _, typ := range types {
				if !ran[step.each][typ] {
					t.Errorf("terraform %s: no %s statement of %s (ran: %v)", step.command[0], step.each, typ, slices.Sorted(maps.Keys(ran[step.each])))
				}
			}
		}
	}
}

func firstLine(r sfemu.QueryRecord) string {
	line, _, _ := strings.Cut(r.Text, "\n")
	return line
}
