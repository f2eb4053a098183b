package provider

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

// Preflight: before anything is created, check that the provider's role
// holds what the stack needs, and report every missing privilege at once,
// each with the GRANT that fixes it, at plan time instead of halfway
// through an apply.

// requirement is one thing a resource needs from the provider's role.
type requirement int

const (
	needCreateIntegration requirement = iota
	needCreateApplicationPackage
	needCreateApplication
	needGrantToApplication // grant CREATE DATABASE / EXECUTE TASK ON ACCOUNT to the app
	needWarehouse          // USAGE on the session warehouse: CALLs and reads of the app's views
)

// roleGrants is what the session's role holds, through every role it inherits.
type roleGrants struct {
	role, warehouse, wantWarehouse string
	wantWarehouseListed            bool // SHOW WAREHOUSES lists wantWarehouse
	roles                          map[string]bool
	account                        map[string]bool // account privileges
	withGrantOption                map[string]bool // account privileges held WITH GRANT OPTION
}

// preflightCache reads the role's grants once per provider process.
type preflightCache struct {
	once   sync.Once
	grants *roleGrants
	err    error
}

func (p *preflightCache) get(ctx context.Context, client *snowflake.Client, wantWarehouse string) (*roleGrants, error) {
	p.once.Do(func() { p.grants, p.err = readRoleGrants(ctx, client, wantWarehouse) })
	return p.grants, p.err
}

func readRoleGrants(ctx context.Context, client *snowflake.Client, wantWarehouse string) (*roleGrants, error) {
	sess, err := client.CurrentSession(ctx)
	if err != nil {
		return nil, err
	}
	g := &roleGrants{role: sess.Role, warehouse: sess.Warehouse, wantWarehouse: wantWarehouse,
		roles: map[string]bool{}, account: map[string]bool{}, withGrantOption: map[string]bool{}}
	queue := []string{sess.Role}
	for len(queue) > 0 {
		role := queue[0]
		queue = queue[1:]
		if role == "" || g.roles[role] {
			continue
		}
		g.roles[role] = true
		grants, err := client.GrantsToRole(ctx, snowflake.NewAccountObjectIdentifier(role))
		if err != nil {
			return nil, err
		}
		for _, gr := range grants {
			switch {
			case gr.GrantedOn == "ROLE" && gr.Privilege == "USAGE":
				if id, err := snowflake.ParseAccountObjectIdentifier(gr.Name); err == nil {
					queue = append(queue, id.Name())
				}
			case gr.GrantedOn == "ACCOUNT":
				g.account[gr.Privilege] = true
				g.withGrantOption[gr.Privilege] = g.withGrantOption[gr.Privilege] || gr.GrantOption
			}
		}
	}
	if wantWarehouse != "" && !strings.EqualFold(g.warehouse, wantWarehouse) {
		if g.wantWarehouseListed, err = client.WarehouseVisible(ctx, snowflake.NewAccountObjectIdentifier(wantWarehouse)); err != nil {
			return nil, err
		}
	}
	return g, nil
}

// accountPrivilege: ACCOUNTADMIN holds every account privilege whether or
// not SHOW GRANTS lists it.
func (g *roleGrants) accountPrivilege(p string) bool {
	return g.roles["ACCOUNTADMIN"] || g.account[p]
}

// missing renders each unmet requirement with the statement that fixes it.
func (g *roleGrants) missing(needs []requirement) []string {
	role := snowflake.QuoteIdentifier(g.role)
	var out []string
	for _, n := range needs {
		switch n {
		case needCreateIntegration, needCreateApplicationPackage, needCreateApplication:
			p := map[requirement]string{needCreateIntegration: "CREATE INTEGRATION", needCreateApplicationPackage: "CREATE APPLICATION PACKAGE",
				needCreateApplication: "CREATE APPLICATION"}[n]
			if !g.accountPrivilege(p) {
				out = append(out, fmt.Sprintf("%s on the account: GRANT %s ON ACCOUNT TO ROLE %s;", p, p, role))
			}
		case needGrantToApplication:
			ok := g.accountPrivilege("MANAGE GRANTS") || (g.withGrantOption["CREATE DATABASE"] && g.withGrantOption["EXECUTE TASK"])
			if !ok {
				out = append(out, fmt.Sprintf("the right to grant CREATE DATABASE and EXECUTE TASK on the account to the application: "+
					"GRANT MANAGE GRANTS ON ACCOUNT TO ROLE %s;", role))
			}
		case needWarehouse:
			if g.warehouse == "" || !strings.EqualFold(g.warehouse, g.wantWarehouse) {
				wh := snowflake.QuoteIdentifier(g.wantWarehouse)
				if !g.wantWarehouseListed && g.accountPrivilege("MANAGE GRANTS") {
					// The role sees every warehouse: this one does not exist.
					out = append(out, fmt.Sprintf("warehouse %s, which does not exist (the provider's warehouse, SNOWFLAKE_WAREHOUSE): "+
						"set warehouse to an existing one, or create it: CREATE WAREHOUSE %s WAREHOUSE_SIZE = XSMALL AUTO_SUSPEND = 60;", wh, wh))
					continue
				}
				out = append(out, fmt.Sprintf("USAGE on warehouse %s, which must exist (the session has no usable warehouse without it): "+
					"GRANT USAGE ON WAREHOUSE %s TO ROLE %s;", wh, wh, role))
			}
		}
	}
	return out
}

// preflight reports, as one error diagnostic, what the provider's role lacks
// for creating resource. It runs at plan time for resources being created.
func (d *ProviderData) preflight(ctx context.Context, resource string, needs ...requirement) diag.Diagnostics {
	var diags diag.Diagnostics
	if d == nil || d.Unknown || d.Snowflake == nil || d.grants == nil {
		return diags
	}
	g, err := d.grants.get(ctx, d.Snowflake, d.warehouse)
	if err != nil {
		// Reading grants is best effort: a role that cannot run SHOW GRANTS
		// meets its real error at apply.
		return diags
	}
	if missing := g.missing(needs); len(missing) > 0 {
		diags.AddError("Missing Snowflake privileges for "+resource,
			fmt.Sprintf("The provider's role %s lacks what %s needs:\n\n- %s\n\nRun these as a role that may grant them (ACCOUNTADMIN, or SECURITYADMIN "+
				"for privileges), or set the provider's role to one that holds them. Nothing was created.",
				snowflake.QuoteIdentifier(g.role), resource, strings.Join(missing, "\n- ")))
	}
	return diags
}
