package engine

import (
	"sort"
	"strconv"
	"strings"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/catalog"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/compiler"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// LikeMatch is SQL LIKE, case-insensitive, with % and _ and no escape
// character (Snowflake's SHOW … LIKE).
func LikeMatch(pattern, s string) bool {
	return compiler.Like(strings.ToUpper(pattern), strings.ToUpper(s), 0)
}

// placed is an object with its containers, for SHOW rows.
type placed struct {
	o, db, sc *catalog.Object
}

type showSpec struct {
	columns []Column
	row     func(x *execCtx, p placed) ([]*string, error)
}

func yn(b bool) *string {
	if b {
		return str("Y")
	}
	return str("N")
}

var showSpecs = map[string]showSpec{
	"DATABASE": {
		columns: []Column{timestampCol("created_on"), textCol("name"), textCol("is_default"), textCol("is_current"), textCol("origin"),
			textCol("owner"), textCol("comment"), textCol("options"), textCol("retention_time"), textCol("kind"), textCol("budget"), textCol("owner_role_type")},
		row: func(x *execCtx, p placed) ([]*string, error) {
			o := p.o
			return []*string{tsStr(o.CreatedOn), str(o.Name), str("N"), yn(x.s.Database == o.Name), str(""), str(o.Owner), commentCell(o),
				str(""), str(strconv.FormatInt(x.effectiveRetention(o), 10)), str("STANDARD"), nil, str("ROLE")}, nil
		},
	},
	"SCHEMA": {
		columns: []Column{timestampCol("created_on"), textCol("name"), textCol("is_default"), textCol("is_current"), textCol("database_name"),
			textCol("owner"), textCol("comment"), textCol("options"), textCol("retention_time"), textCol("owner_role_type"), textCol("budget")},
		row: func(x *execCtx, p placed) ([]*string, error) {
			o := p.o
			return []*string{tsStr(o.CreatedOn), str(o.Name), str("N"), yn(x.s.Database == p.db.Name && x.s.Schema == o.Name), str(p.db.Name),
				str(o.Owner), commentCell(o), str(""), str(strconv.FormatInt(x.effectiveRetention(o), 10)), str("ROLE"), nil}, nil
		},
	},
	"WAREHOUSE": {
		columns: []Column{textCol("name"), textCol("state"), textCol("type"), textCol("size"), fixedCol("min_cluster_count"), fixedCol("max_cluster_count"),
			fixedCol("started_clusters"), fixedCol("running"), fixedCol("queued"), textCol("is_default"), textCol("is_current"), fixedCol("auto_suspend"),
			textCol("auto_resume"), textCol("available"), textCol("provisioning"), textCol("quiescing"), textCol("other"), timestampCol("created_on"),
			timestampCol("resumed_on"), timestampCol("updated_on"), textCol("owner"), textCol("comment"), textCol("enable_query_acceleration"),
			fixedCol("query_acceleration_max_scale_factor"), textCol("resource_monitor"), textCol("scaling_policy"), textCol("owner_role_type")},
		row: func(x *execCtx, p placed) ([]*string, error) {
			o := p.o
			state, started := "STARTED", "1"
			if o.Bool("suspended") || o.Bool("initially_suspended") {
				state, started = "SUSPENDED", "0"
			}
			size := warehouseSizeDisplay(o.Str("warehouse_size"))
			typ := o.Str("warehouse_type")
			if typ == "" {
				typ = "STANDARD"
			}
			auto := int64(600)
			if _, ok := o.Props["auto_suspend"]; ok {
				auto = o.Int("auto_suspend")
			}
			resume := true
			if _, ok := o.Props["auto_resume"]; ok {
				resume = o.Bool("auto_resume")
			}
			minC, maxC := clusterCount(o, "min_cluster_count"), clusterCount(o, "max_cluster_count")
			policy := o.Str("scaling_policy")
			if policy == "" {
				policy = "STANDARD"
			}
			return []*string{str(o.Name), str(state), str(typ), str(size), intStr(minC), intStr(maxC), str(started), str("0"), str("0"),
				str("N"), yn(x.s.Warehouse == o.Name), intStr(auto), boolStr(resume), str(""), str(""), str(""), str(""), tsStr(o.CreatedOn),
				tsStr(o.CreatedOn), tsStr(o.CreatedOn), str(o.Owner), commentOrEmpty(o), str("false"), str("8"), str("null"), str(policy), str("ROLE")}, nil
		},
	},
	"ROLE": {
		columns: []Column{timestampCol("created_on"), textCol("name"), textCol("is_default"), textCol("is_current"), textCol("is_inherited"),
			fixedCol("assigned_to_users"), fixedCol("granted_to_roles"), fixedCol("granted_roles"), textCol("owner"), textCol("comment")},
		row: func(x *execCtx, p placed) ([]*string, error) {
			o := p.o
			roles, err := x.effectiveRoles()
			if err != nil {
				return nil, err
			}
			grants, err := x.tx.GrantsOn(o.ID)
			if err != nil {
				return nil, err
			}
			var users, toRoles int64
			for _, g := range grants {
				if g.Privilege == "USAGE" && g.GranteeKind == "USER" {
					users++
				} else if g.Privilege == "USAGE" && g.GranteeKind == "ROLE" {
					toRoles++
				}
			}
			granted, err := x.rolesGrantedTo("ROLE", o.Name)
			if err != nil {
				return nil, err
			}
			return []*string{tsStr(o.CreatedOn), str(o.Name), str("N"), yn(x.s.Role == o.Name), yn(roles[o.Name] && x.s.Role != o.Name),
				intStr(users), intStr(toRoles), intStr(int64(len(granted))), str(o.Owner), commentCell(o)}, nil
		},
	},
	"USER": {
		columns: []Column{textCol("name"), timestampCol("created_on"), textCol("login_name"), textCol("display_name"), textCol("first_name"),
			textCol("last_name"), textCol("email"), textCol("mins_to_unlock"), textCol("days_to_expiry"), textCol("comment"), textCol("disabled"),
			textCol("must_change_password"), textCol("snowflake_lock"), textCol("default_warehouse"), textCol("default_namespace"), textCol("default_role"),
			textCol("default_secondary_roles"), textCol("ext_authn_duo"), textCol("ext_authn_uid"), textCol("mins_to_bypass_mfa"), textCol("owner"),
			timestampCol("last_success_login"), timestampCol("expires_at_time"), timestampCol("locked_until_time"), textCol("has_password"),
			textCol("has_rsa_public_key"), textCol("type"), textCol("has_mfa")},
		row: func(x *execCtx, p placed) ([]*string, error) {
			o := p.o
			display := o.Str("display_name")
			if display == "" {
				display = o.Name
			}
			return []*string{str(o.Name), tsStr(o.CreatedOn), str(o.Str("login_name")), str(display), nullable(o.Str("first_name")),
				nullable(o.Str("last_name")), nullable(o.Str("email")), nil, nil, commentCell(o), boolStr(o.Bool("disabled")),
				boolStr(o.Bool("must_change_password")), str("false"), nullable(o.Str("default_warehouse")), nullable(o.Str("default_namespace")),
				nullable(o.Str("default_role")), nullable(""), str("false"), nil, nil, str(o.Owner), nil, nil, nil,
				boolStr(o.Str("password") != ""), boolStr(o.Str("rsa_public_key") != ""), nullable(o.Str("type")), str("false")}, nil
		},
	},
	"NETWORK RULE": {
		columns: []Column{timestampCol("created_on"), textCol("name"), textCol("database_name"), textCol("schema_name"), textCol("owner"),
			textCol("comment"), textCol("type"), textCol("mode"), fixedCol("entries_in_valuelist"), textCol("owner_role_type")},
		row: func(x *execCtx, p placed) ([]*string, error) {
			o := p.o
			return []*string{tsStr(o.CreatedOn), str(o.Name), str(p.db.Name), str(p.sc.Name), str(o.Owner), commentOrEmpty(o),
				str(o.Str("type")), str(o.Str("mode")), intStr(int64(len(o.List("value_list")))), str("ROLE")}, nil
		},
	},
	"SECRET": {
		columns: []Column{timestampCol("created_on"), textCol("name"), textCol("schema_name"), textCol("database_name"), textCol("owner"),
			textCol("comment"), textCol("secret_type"), textCol("oauth_scopes"), textCol("owner_role_type")},
		row: func(x *execCtx, p placed) ([]*string, error) {
			o := p.o
			return []*string{tsStr(o.CreatedOn), str(o.Name), str(p.sc.Name), str(p.db.Name), str(o.Owner), commentCell(o),
				str(o.Str("type")), str("[]"), str("ROLE")}, nil
		},
	},
	"INTEGRATION": {
		columns: []Column{textCol("name"), textCol("type"), textCol("category"), boolCol("enabled"), textCol("comment"), timestampCol("created_on")},
		row: func(x *execCtx, p placed) ([]*string, error) {
			o := p.o
			return []*string{str(o.Name), str("EXTERNAL_ACCESS"), str("SECURITY"), boolStr(o.Bool("enabled")), commentCell(o), tsStr(o.CreatedOn)}, nil
		},
	},
	"STAGE": {
		columns: []Column{timestampCol("created_on"), textCol("name"), textCol("database_name"), textCol("schema_name"), textCol("url"),
			textCol("has_credentials"), textCol("has_encryption_key"), textCol("owner"), textCol("comment"), textCol("region"), textCol("type"),
			textCol("cloud"), textCol("notification_channel"), textCol("storage_integration"), textCol("endpoint"), textCol("owner_role_type"),
			textCol("directory_enabled")},
		row: func(x *execCtx, p placed) ([]*string, error) {
			o := p.o
			return []*string{tsStr(o.CreatedOn), str(o.Name), str(p.db.Name), str(p.sc.Name), str(""), str("N"), str("N"), str(o.Owner),
				commentOrEmpty(o), nil, str("INTERNAL"), nil, nil, nil, nil, str("ROLE"), str("N")}, nil
		},
	},
}

func commentCell(o *catalog.Object) *string { return optStr(o.Comment) }

// warehouseSizeDisplay is the size as SHOW WAREHOUSES writes it (X-Small,
// 2X-Large), whichever of Snowflake's spellings created it.
func warehouseSizeDisplay(set string) string {
	switch strings.ReplaceAll(strings.ToUpper(set), "-", "") {
	case "", "XSMALL":
		return "X-Small"
	case "SMALL":
		return "Small"
	case "MEDIUM":
		return "Medium"
	case "LARGE":
		return "Large"
	case "XLARGE":
		return "X-Large"
	case "XXLARGE", "X2LARGE", "2XLARGE":
		return "2X-Large"
	case "XXXLARGE", "X3LARGE", "3XLARGE":
		return "3X-Large"
	case "X4LARGE", "4XLARGE":
		return "4X-Large"
	case "X5LARGE", "5XLARGE":
		return "5X-Large"
	case "X6LARGE", "6XLARGE":
		return "6X-Large"
	}
	return set
}

func commentOrEmpty(o *catalog.Object) *string {
	if o.Comment == nil {
		return str("")
	}
	return str(*o.Comment)
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return str(s)
}

// effectiveRetention is an object's DATA_RETENTION_TIME_IN_DAYS: its own,
// else its schema's, else its database's, else Snowflake's default of 1.
func (x *execCtx) effectiveRetention(o *catalog.Object) int64 {
	for o != nil {
		if _, ok := o.Props["data_retention_time_in_days"]; ok {
			return o.Int("data_retention_time_in_days")
		}
		if o.Kind == "DATABASE" || o.ParentID == 0 {
			break
		}
		o, _ = x.tx.Get(o.ParentID)
	}
	return 1
}

func onOff(b bool) *string {
	if b {
		return str("ON")
	}
	return str("OFF")
}

func clusterCount(o *catalog.Object, key string) int64 {
	if _, ok := o.Props[key]; ok {
		return o.Int(key)
	}
	return 1
}

func (x *execCtx) show(st *sqlparse.ShowStmt) (*Result, error) {
	kind := storedKind(st.Kind)
	spec, ok := showSpecs[kind]
	if !ok {
		return nil, sferr.Unsupported("SHOW %s", st.Kind)
	}
	objs, err := x.showCandidates(kind, st)
	if err != nil {
		return nil, err
	}
	res := &Result{StatementType: TypeShow, Columns: spec.columns, Rows: [][]*string{}}
	for _, p := range objs {
		name := p.o.Name
		if p.o.Kind == "PROCEDURE" {
			name = p.o.Str("name")
		}
		if st.Like != nil && !LikeMatch(*st.Like, name) {
			continue
		}
		if st.StartsWith != nil && !strings.HasPrefix(name, *st.StartsWith) {
			continue
		}
		row, err := spec.row(x, p)
		if err != nil {
			return nil, err
		}
		res.Rows = append(res.Rows, row)
		if st.Limit > 0 && len(res.Rows) >= st.Limit {
			break
		}
	}
	return res, nil
}

// showCandidates lists the visible objects of kind in the SHOW's scope.
func (x *execCtx) showCandidates(kind string, st *sqlparse.ShowStmt) ([]placed, error) {
	var out []placed
	add := func(objs []*catalog.Object, db, sc *catalog.Object) error {
		for _, o := range objs {
			ok, err := x.visible(o)
			if err != nil {
				return err
			}
			if ok {
				out = append(out, placed{o: o, db: db, sc: sc})
			}
		}
		return nil
	}
	if isAccountKind(kind) {
		if st.InKind != "" && st.InKind != "ACCOUNT" {
			return nil, sferr.Unsupported("SHOW %s IN %s", st.Kind, st.InKind)
		}
		objs, err := x.tx.List(kind, 0)
		if err != nil {
			return nil, err
		}
		if kind == "ROLE" || kind == "USER" {
			// Roles and users are listed for everyone who may see them;
			// keep them all, like an admin-managed account.
			for _, o := range objs {
				out = append(out, placed{o: o})
			}
			return out, nil
		}
		return out, add(objs, nil, nil)
	}

	// Databases whose schemas are searched.
	var dbs []*catalog.Object
	var schemaFilter *catalog.Object
	scopeKind := st.InKind
	if scopeKind == "" {
		switch {
		case kind != "SCHEMA" && x.s.Database != "" && x.s.Schema != "":
			scopeKind = "SCHEMA"
		case x.s.Database != "":
			scopeKind = "DATABASE"
		default:
			scopeKind = "ACCOUNT"
		}
	}
	switch scopeKind {
	case "ACCOUNT":
		// Applications are databases to SHOW: their schemas' objects are
		// listed where the role may see them (through application roles).
		all, err := x.tx.List("DATABASE", 0)
		if err != nil {
			return nil, err
		}
		apps, err := x.tx.List("APPLICATION", 0)
		if err != nil {
			return nil, err
		}
		if kind != "SCHEMA" {
			all = append(all, apps...)
		}
		for _, db := range all {
			if ok, err := x.visible(db); err != nil {
				return nil, err
			} else if ok {
				dbs = append(dbs, db)
			}
		}
	case "DATABASE":
		name := x.s.Database
		if st.In != nil {
			name = st.In.Last()
		}
		if name == "" {
			return nil, errNoCurrent("SHOW", "DATABASE")
		}
		db, err := x.resolveDatabase(sqlparse.Name{Parts: []string{name}})
		if err != nil {
			return nil, err
		}
		dbs = []*catalog.Object{db}
	case "SCHEMA":
		if kind == "SCHEMA" {
			return nil, sferr.Unsupported("SHOW SCHEMAS IN SCHEMA")
		}
		n := sqlparse.Name{Parts: []string{x.s.Database, x.s.Schema}}
		if st.In != nil {
			n = *st.In
		} else if x.s.Schema == "" {
			return nil, errNoCurrent("SHOW", "SCHEMA")
		}
		db, sc, err := x.resolveSchema(n, "SHOW")
		if err != nil {
			return nil, err
		}
		dbs, schemaFilter = []*catalog.Object{db}, sc
	default:
		return nil, sferr.Unsupported("SHOW %s IN %s", st.Kind, scopeKind)
	}
	for _, db := range dbs {
		schemas, err := x.tx.List("SCHEMA", db.ID)
		if err != nil {
			return nil, err
		}
		if kind == "SCHEMA" {
			if err := add(schemas, db, nil); err != nil {
				return nil, err
			}
			continue
		}
		for _, sc := range schemas {
			if schemaFilter != nil && sc.ID != schemaFilter.ID {
				continue
			}
			if ok, err := x.visible(sc); err != nil {
				return nil, err
			} else if !ok {
				continue
			}
			objs, err := x.tx.List(kind, sc.ID)
			if err != nil {
				return nil, err
			}
			if err := add(objs, db, sc); err != nil {
				return nil, err
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].o.Name < out[j].o.Name })
	return out, nil
}

func (x *execCtx) describe(st *sqlparse.DescribeStmt) (*Result, error) {
	kind := st.Kind
	o, err := x.resolveObject(kind, st.Name, "DESCRIBE "+kind)
	if err != nil {
		return nil, err
	}
	res := &Result{StatementType: TypeShow, Rows: [][]*string{}}
	switch o.Kind {
	case "NETWORK RULE":
		sc, _ := x.tx.Get(o.ParentID)
		db, _ := x.tx.Get(sc.ParentID)
		res.Columns = []Column{timestampCol("created_on"), textCol("name"), textCol("database_name"), textCol("schema_name"), textCol("owner"),
			textCol("comment"), textCol("type"), textCol("mode"), textCol("value_list")}
		res.Rows = append(res.Rows, []*string{tsStr(o.CreatedOn), str(o.Name), str(db.Name), str(sc.Name), str(o.Owner), commentOrEmpty(o),
			str(o.Str("type")), str(o.Str("mode")), str(strings.Join(o.List("value_list"), ","))})
	case "SECRET":
		sc, _ := x.tx.Get(o.ParentID)
		db, _ := x.tx.Get(sc.ParentID)
		res.Columns = []Column{timestampCol("created_on"), textCol("name"), textCol("schema_name"), textCol("database_name"), textCol("owner"),
			textCol("comment"), textCol("secret_type"), textCol("username"), timestampCol("oauth_access_token_expiry_time"),
			timestampCol("oauth_refresh_token_expiry_time"), textCol("oauth_scopes"), textCol("integration_name")}
		res.Rows = append(res.Rows, []*string{tsStr(o.CreatedOn), str(o.Name), str(sc.Name), str(db.Name), str(o.Owner), commentCell(o),
			str(o.Str("type")), nullable(o.Str("username")), nil, nil, nil, nil})
	case "INTEGRATION":
		res.Columns = []Column{textCol("property"), textCol("property_type"), textCol("property_value"), textCol("property_default")}
		rules, err := x.refNames(idList(o, "allowed_network_rules"))
		if err != nil {
			return nil, err
		}
		secrets := o.Str("allowed_authentication_secrets")
		if secrets == "" {
			names, err := x.refNames(idList(o, "allowed_authentication_secrets"))
			if err != nil {
				return nil, err
			}
			secrets = strings.Join(names, ",")
		}
		if secrets == "NONE" {
			secrets = ""
		}
		apiInts := o.Str("allowed_api_authentication_integrations")
		if apiInts == "NONE" {
			apiInts = ""
		}
		comment := ""
		if o.Comment != nil {
			comment = *o.Comment
		}
		res.Rows = [][]*string{
			{str("ENABLED"), str("Boolean"), boolStr(o.Bool("enabled")), str("false")},
			{str("ALLOWED_NETWORK_RULES"), str("List"), str(strings.Join(rules, ",")), str("[]")},
			{str("ALLOWED_API_AUTHENTICATION_INTEGRATIONS"), str("List"), str(apiInts), str("[]")},
			{str("ALLOWED_AUTHENTICATION_SECRETS"), str("List"), str(secrets), str("[]")},
			{str("COMMENT"), str("String"), str(comment), str("")},
		}
	case "USER":
		res.Columns = []Column{textCol("property"), textCol("value"), textCol("default"), textCol("description")}
		prop := func(k, v, def string) []*string { return []*string{str(k), str(v), str(def), str("")} }
		res.Rows = [][]*string{
			prop("NAME", o.Name, "null"), prop("LOGIN_NAME", o.Str("login_name"), "null"), prop("DISPLAY_NAME", o.Str("display_name"), "null"),
			prop("EMAIL", o.Str("email"), "null"), prop("DISABLED", strconv.FormatBool(o.Bool("disabled")), "false"),
			prop("DEFAULT_ROLE", o.Str("default_role"), "null"), prop("DEFAULT_WAREHOUSE", o.Str("default_warehouse"), "null"),
			prop("PASSWORD", map[bool]string{true: "********", false: "null"}[o.Str("password") != ""], "null"),
		}
	case "WAREHOUSE":
		// One row: the warehouse itself.
		res.Columns = []Column{timestampCol("created_on"), textCol("name"), textCol("kind")}
		res.Rows = append(res.Rows, []*string{tsStr(o.CreatedOn), str(o.Name), str("WAREHOUSE")})
	case "DATABASE", "SCHEMA":
		// The objects it holds.
		res.Columns = []Column{timestampCol("created_on"), textCol("name"), textCol("kind")}
		children, err := x.tx.Children(o.ID)
		if err != nil {
			return nil, err
		}
		for _, c := range children {
			if ok, err := x.visible(c); err != nil {
				return nil, err
			} else if ok {
				res.Rows = append(res.Rows, []*string{tsStr(c.CreatedOn), str(c.Name), str(strings.ReplaceAll(c.Kind, " ", "_"))})
			}
		}
	case "TABLE", "VIEW":
		return describeColumns(o), nil
	case "TASK":
		db, sc, _ := mustParent(x, o)
		row, err := showSpecs["TASK"].row(x, placed{o: o, db: db, sc: sc})
		if err != nil {
			return nil, err
		}
		res.Columns = showSpecs["TASK"].columns
		res.Rows = [][]*string{row}
	case "APPLICATION":
		return x.describeApplication(o), nil
	case "STAGE":
		res.Columns = []Column{textCol("parent_property"), textCol("property"), textCol("property_type"), textCol("property_value"), textCol("property_default")}
		res.Rows = [][]*string{
			{str("STAGE_LOCATION"), str("URL"), str("String"), str(""), str("")},
			{str("DIRECTORY"), str("ENABLE"), str("Boolean"), str("false"), str("false")},
		}
	default:
		return nil, sferr.Unsupported("DESCRIBE %s", kind)
	}
	return res, nil
}

func init() {
	showSpecs["TABLE"] = showSpec{
		columns: []Column{timestampCol("created_on"), textCol("name"), textCol("database_name"), textCol("schema_name"), textCol("kind"),
			textCol("comment"), textCol("cluster_by"), fixedCol("rows"), fixedCol("bytes"), textCol("owner"), textCol("retention_time"),
			textCol("automatic_clustering"), textCol("change_tracking"), textCol("is_external"), textCol("enable_schema_evolution"),
			textCol("owner_role_type"), textCol("is_event"), textCol("budget"), textCol("is_hybrid"), textCol("is_iceberg"), textCol("is_dynamic")},
		row: func(x *execCtx, p placed) ([]*string, error) {
			o := p.o
			var n int64
			if err := x.tx.SQL().QueryRowContext(x.ctx(), "SELECT count(*) FROM "+dataTable(o)).Scan(&n); err != nil {
				return nil, err
			}
			return []*string{tsStr(o.CreatedOn), str(o.Name), str(p.db.Name), str(p.sc.Name), str("TABLE"), commentOrEmpty(o), str(""),
				intStr(n), intStr(n * 64), str(o.Owner), str(strconv.FormatInt(x.effectiveRetention(o), 10)), str("OFF"), onOff(o.Bool("change_tracking")),
				str("N"), str("N"), str("ROLE"), str("N"), nil,
				str("N"), str("N"), str("N")}, nil
		},
	}
	showSpecs["VIEW"] = showSpec{
		columns: []Column{timestampCol("created_on"), textCol("name"), textCol("reserved"), textCol("database_name"), textCol("schema_name"),
			textCol("owner"), textCol("comment"), textCol("text"), boolCol("is_secure"), boolCol("is_materialized"), textCol("owner_role_type"),
			textCol("change_tracking")},
		row: func(x *execCtx, p placed) ([]*string, error) {
			o := p.o
			return []*string{tsStr(o.CreatedOn), str(o.Name), str(""), str(p.db.Name), str(p.sc.Name), str(o.Owner), commentOrEmpty(o),
				str(o.Str("text")), boolStr(o.Bool("secure")), str("false"), str("ROLE"), onOff(o.Bool("change_tracking"))}, nil
		},
	}
}

// describeColumns is DESCRIBE TABLE / VIEW.
func describeColumns(o *catalog.Object) *Result {
	res := &Result{StatementType: TypeShow, Rows: [][]*string{}, Columns: []Column{textCol("name"), textCol("type"), textCol("kind"),
		textCol("null?"), textCol("default"), textCol("primary key"), textCol("unique key"), textCol("check"), textCol("expression"),
		textCol("comment"), textCol("policy name"), textCol("privacy domain")}}
	for _, c := range tableColumns(o) {
		null := "Y"
		if c.NotNull {
			null = "N"
		}
		res.Rows = append(res.Rows, []*string{str(c.Name), str(c.TypeStr), str("COLUMN"), str(null), nullable(c.Default), yn(c.PrimaryKey),
			yn(c.Unique), nil, nil, c.Comment, nil, nil})
	}
	return res
}
