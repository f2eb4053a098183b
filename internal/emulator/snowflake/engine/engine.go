package engine

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/catalog"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// Config sets up the account.
type Config struct {
	FilesDir string // where stage files and application versions live
	// ScheduleScale multiplies task intervals (tests use a small value so
	// a '10 MINUTES' task runs in seconds); CRON schedules then follow a
	// clock that runs 1/ScheduleScale times as fast from midnight UTC of
	// the day the engine started, so tasks on the same CRON still fire
	// together. 0 means 1.
	ScheduleScale float64
	Account       string // account name reported by CURRENT_ACCOUNT()
	Organization  string // reported by CURRENT_ORGANIZATION_NAME()
	AdminUser     string
	AdminPassword string
	AdminRole     string // defaults to ACCOUNTADMIN
	// NoReleaseChannels is an account without the release channels
	// feature: SHOW RELEASE CHANNELS is a compilation error (001003) there,
	// which snowflake-cli reads as "no channels", and packages have none.
	NoReleaseChannels bool
}

// Engine executes SQL for sessions against one catalog.
type Engine struct {
	store   *catalog.Store
	cfg     Config
	queryNo atomic.Int64
	runner  ProcedureRunner
	tasks   taskRunner
	history queryHistory
	meter   meterLog
	started time.Time
}

// System roles and their places in the hierarchy, as in a new account.
var systemRoles = []struct {
	name, parent string
	account      []string
}{
	{"PUBLIC", "", nil},
	{"USERADMIN", "SECURITYADMIN", []string{"CREATE USER", "CREATE ROLE"}},
	{"SECURITYADMIN", "ACCOUNTADMIN", []string{"MANAGE GRANTS"}},
	{"SYSADMIN", "ACCOUNTADMIN", []string{"CREATE DATABASE", "CREATE WAREHOUSE"}},
	{"ACCOUNTADMIN", "", []string{"CREATE INTEGRATION", "CREATE APPLICATION PACKAGE", "CREATE APPLICATION",
		"EXECUTE TASK", "EXECUTE MANAGED TASK", "CREATE NETWORK POLICY"}},
}

// New opens the engine over store, bootstrapping a new account on first use.
func New(ctx context.Context, store *catalog.Store, cfg Config) (*Engine, error) {
	if cfg.Account == "" {
		cfg.Account = "LOCAL"
	}
	if cfg.AdminRole == "" {
		cfg.AdminRole = "ACCOUNTADMIN"
	}
	if cfg.AdminUser == "" || cfg.AdminPassword == "" {
		return nil, fmt.Errorf("an admin user and password are required")
	}
	e := &Engine{store: store, cfg: cfg, tasks: taskRunner{running: map[int64]int{}}, started: time.Now().UTC()}
	err := store.Update(ctx, func(tx *catalog.Tx) error {
		done, err := tx.Meta("bootstrapped")
		if err != nil || done != "" {
			return err
		}
		for _, r := range systemRoles {
			if err := tx.Insert(&catalog.Object{Kind: "ROLE", Name: r.name, Owner: "ACCOUNTADMIN"}); err != nil {
				return err
			}
		}
		for _, r := range systemRoles {
			role, err := tx.Lookup("ROLE", 0, r.name)
			if err != nil {
				return err
			}
			if r.parent != "" {
				if err := tx.AddGrant(catalog.Grant{Privilege: "USAGE", ObjectID: role.ID, GranteeKind: "ROLE", Grantee: r.parent, GrantedBy: "ACCOUNTADMIN"}); err != nil {
					return err
				}
			}
			for _, p := range r.account {
				if err := tx.AddGrant(catalog.Grant{Privilege: p, ObjectID: catalog.AccountID, GranteeKind: "ROLE", Grantee: r.name, GrantedBy: "SYSTEM"}); err != nil {
					return err
				}
			}
		}
		if cfg.AdminRole != "ACCOUNTADMIN" {
			if err := tx.Insert(&catalog.Object{Kind: "ROLE", Name: cfg.AdminRole, Owner: "ACCOUNTADMIN"}); err != nil {
				return err
			}
			acct, _ := tx.Lookup("ROLE", 0, "ACCOUNTADMIN")
			if err := tx.AddGrant(catalog.Grant{Privilege: "USAGE", ObjectID: acct.ID, GranteeKind: "ROLE", Grantee: cfg.AdminRole, GrantedBy: "ACCOUNTADMIN"}); err != nil {
				return err
			}
		}
		// New accounts come with COMPUTE_WH, owned by SYSADMIN.
		if err := tx.Insert(&catalog.Object{Kind: "WAREHOUSE", Name: DefaultWarehouse, Owner: "SYSADMIN", Props: map[string]any{
			"warehouse_size": "XSMALL", "auto_suspend": int64(600), "auto_resume": true}}); err != nil {
			return err
		}
		admin := &catalog.Object{Kind: "USER", Name: strings.ToUpper(cfg.AdminUser), Owner: "ACCOUNTADMIN", Props: map[string]any{
			"password": cfg.AdminPassword, "login_name": strings.ToUpper(cfg.AdminUser), "default_role": cfg.AdminRole,
		}}
		if err := tx.Insert(admin); err != nil {
			return err
		}
		role, _ := tx.Lookup("ROLE", 0, cfg.AdminRole)
		if err := tx.AddGrant(catalog.Grant{Privilege: "USAGE", ObjectID: role.ID, GranteeKind: "USER", Grantee: admin.Name, GrantedBy: "ACCOUNTADMIN"}); err != nil {
			return err
		}
		return tx.SetMeta("bootstrapped", tx.Now.Format(time.RFC3339))
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// Organization returns the organization name.
func (e *Engine) Organization() string { return strings.ToUpper(e.cfg.Organization) }

// Account returns the account name.
func (e *Engine) Account() string { return strings.ToUpper(e.cfg.Account) }

// DefaultWarehouse is the warehouse a new account comes with.
const DefaultWarehouse = "COMPUTE_WH"

// Session is one logged-in connection's state.
type Session struct {
	ID        int64
	User      string
	Role      string
	Database  string
	Schema    string
	Warehouse string
	// Serverless marks a serverless task's run: Snowflake-managed compute
	// stands in for the warehouse.
	Serverless bool
	// usedWarehouse is set when the statement running needs compute on
	// Warehouse (requireWarehouse): the metering records its run time.
	usedWarehouse bool
	Params        map[string]string

	mu       sync.Mutex // one statement at a time per session
	queryIDs []string   // this session's statements, oldest first (LAST_QUERY_ID)
}

// maxSessionQueryIDs bounds what LAST_QUERY_ID can reach back to.
const maxSessionQueryIDs = 1000

func (s *Session) addQueryID(id string) {
	if len(s.queryIDs) == maxSessionQueryIDs {
		s.queryIDs = append(s.queryIDs[:0], s.queryIDs[1:]...)
	}
	s.queryIDs = append(s.queryIDs, id)
}

// queryID is LAST_QUERY_ID(n): n < 0 counts back from the latest
// statement (-1 the latest), n > 0 forward from the session's first; ""
// when there is no such statement.
func (s *Session) queryID(n int) string {
	i := n - 1
	if n < 0 {
		i = len(s.queryIDs) + n
	}
	if n == 0 || i < 0 || i >= len(s.queryIDs) {
		return ""
	}
	return s.queryIDs[i]
}

var sessionSeq atomic.Int64

// Login authenticates a user and opens a session with the requested
// defaults. Errors are Snowflake's login errors.
func (e *Engine) Login(ctx context.Context, user, password, database, schema, warehouse, role string) (*Session, error) {
	var sess *Session
	err := e.store.Update(ctx, func(tx *catalog.Tx) error {
		u, err := findUser(tx, user)
		if err != nil {
			return err
		}
		if u == nil || u.Bool("disabled") || subtle.ConstantTimeCompare([]byte(u.Str("password")), []byte(password)) != 1 || password == "" {
			return errLogin.With()
		}
		sess = &Session{ID: sessionSeq.Add(1), User: u.Name, Params: map[string]string{}}
		x := &execCtx{e: e, tx: tx, s: sess}
		sess.Role = u.Str("default_role")
		if role != "" {
			sess.Role = normalizeLoginName(role)
		}
		if sess.Role == "" {
			sess.Role = "PUBLIC"
		}
		granted, err := x.userHasRole(sess.Role)
		if err != nil {
			return err
		}
		if !granted {
			if role != "" {
				return errRoleNotGranted.With(sess.Role)
			}
			sess.Role = "PUBLIC"
		}
		// Defaults that do not resolve are left unset, as Snowflake does.
		if database != "" {
			db := normalizeLoginName(database)
			if o, _ := x.visibleDatabase(db); o != nil {
				sess.Database = db
				if schema != "" {
					sc := normalizeLoginName(schema)
					if so, _ := x.lookupSchema(o, sc); so != nil {
						sess.Schema = sc
					}
				} else if so, _ := x.lookupSchema(o, "PUBLIC"); so != nil {
					sess.Schema = "PUBLIC"
				}
			}
		}
		// The connect string's warehouse, else the user's default; one that
		// does not exist or that the role may not use leaves the session
		// without a warehouse, silently, as Snowflake does.
		wh := u.Str("default_warehouse")
		if warehouse != "" {
			wh = normalizeLoginName(warehouse)
		}
		if wh != "" {
			if o, _ := x.tx.Lookup("WAREHOUSE", 0, wh); o != nil {
				if ok, err := x.has("USAGE", o); err != nil {
					return err
				} else if ok {
					sess.Warehouse = o.Name
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return sess, nil
}

// normalizeLoginName applies identifier rules to names from the connect
// string: quoted keeps case, unquoted is upper-cased.
func normalizeLoginName(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return strings.ReplaceAll(s[1:len(s)-1], `""`, `"`)
	}
	return strings.ToUpper(s)
}

func findUser(tx *catalog.Tx, login string) (*catalog.Object, error) {
	users, err := tx.List("USER", 0)
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		if strings.EqualFold(u.Str("login_name"), login) || (u.Str("login_name") == "" && strings.EqualFold(u.Name, login)) {
			return u, nil
		}
	}
	return nil, nil
}

// NewQueryID returns a Snowflake-shaped query id.
func (e *Engine) NewQueryID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	n := e.queryNo.Add(1)
	h := hex.EncodeToString(b[:])
	return fmt.Sprintf("01%06x-0000-%s-0000-%s%04x", n&0xffffff, h[:4], h[4:12], n&0xffff)
}

type queryIDKey struct{}

// WithQueryID makes the single statement of the next Execute or
// ExecuteBatch on ctx carry id, the query id its request answers with, so
// that the id a client sees is the one in QUERY_HISTORY and LAST_QUERY_ID.
func WithQueryID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, queryIDKey{}, id)
}

// takeQueryID returns the id ctx carries (or a new one) and a context that
// no longer carries it, for the statements this one runs in turn.
func (e *Engine) takeQueryID(ctx context.Context, single bool) (string, context.Context) {
	if id, _ := ctx.Value(queryIDKey{}).(string); id != "" {
		ctx = context.WithValue(ctx, queryIDKey{}, "")
		if single {
			return id, ctx
		}
	}
	return e.NewQueryID(), ctx
}

// Execute runs the statements in sqlText for sess. expectCount is the
// MULTI_STATEMENT_COUNT the client sent (nil: default 1; 0: any).
func (e *Engine) Execute(ctx context.Context, sess *Session, sqlText string, bindings map[string]sqlparse.Binding, expectCount *int) ([]*Result, error) {
	sess.mu.Lock()
	defer sess.mu.Unlock()
	start := time.Now()
	parsed, err := sqlparse.Parse(sqlText, bindings)
	if err != nil {
		e.record(sess, e.NewQueryID(), sqlText, "UNKNOWN", start, err)
		return nil, sferr.AsError(err)
	}
	want := 1
	if expectCount != nil {
		want = *expectCount
	}
	if want != 0 && want != len(parsed) {
		err := errStatementCount.With(len(parsed), want)
		e.record(sess, e.NewQueryID(), sqlText, "MULTI_STATEMENT", start, err)
		return nil, err
	}
	results := make([]*Result, 0, len(parsed))
	single := len(parsed) == 1
	spill, ctx := takeSpill(ctx)
	for n, p := range parsed {
		start := time.Now()
		queryID, ctx := e.takeQueryID(ctx, single)
		if spill != nil {
			cfg := *spill
			cfg.Dir = filepath.Join(spill.Dir, strconv.Itoa(n))
			ctx = context.WithValue(ctx, activeSpillKey{}, &cfg)
		}
		sess.usedWarehouse = false
		res, err := e.executeOne(ctx, sess, p)
		e.record(sess, queryID, p.Text, queryType(p.Stmt), start, err)
		if sess.usedWarehouse {
			e.meter.ranOn(sess.Warehouse, start)
		}
		sess.addQueryID(queryID)
		if err != nil {
			for _, r := range results {
				r.Spill.Remove()
			}
			return nil, sferr.AsError(err)
		}
		res.QueryID = queryID
		results = append(results, res)
	}
	return results, nil
}

func (e *Engine) executeOne(ctx context.Context, sess *Session, p sqlparse.Parsed) (*Result, error) {
	// Installing or upgrading an application runs its setup script,
	// whose statements (and procedure calls) run as the application
	// outside this statement's transaction.
	switch st := p.Stmt.(type) {
	case *sqlparse.CreateApplicationStmt:
		return e.createApplication(ctx, sess, st, p.Text)
	case *sqlparse.AlterApplicationStmt:
		if st.Upgrade {
			return e.upgradeApplication(ctx, sess, st, p.Text)
		}
	case *sqlparse.CallStmt:
		// A call runs outside any catalog transaction: the procedure's
		// own statements come back through Execute.
		return e.call(ctx, sess, st, p.Text)
	}
	var res *Result
	var after []func()
	err := e.store.Update(ctx, func(tx *catalog.Tx) error {
		x := &execCtx{e: e, tx: tx, s: sess, text: p.Text}
		var err error
		res, err = x.exec(p.Stmt)
		after = x.afterCommit
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, f := range after {
		f()
	}
	return res, nil
}

// execCtx is one statement's execution: engine, catalog transaction, session.
type execCtx struct {
	e    *Engine
	tx   *catalog.Tx
	s    *Session
	text string

	// afterCommit runs once the statement's transaction has committed.
	afterCommit []func()
	roles       map[string]bool // effective roles, computed once per statement
	appRoles    map[string]bool // application roles held, computed once per statement
}

func (x *execCtx) exec(st sqlparse.Statement) (*Result, error) {
	switch st := st.(type) {
	case *sqlparse.UseStmt:
		return x.use(st)
	case *sqlparse.AlterSessionStmt:
		return x.alterSession(st)
	case *sqlparse.TransactionStmt:
		return statusResult(TypeTCL, "Statement executed successfully."), nil
	case *sqlparse.SelectStmt:
		return x.query(st)
	case *sqlparse.CreateTableStmt:
		return x.createTable(st)
	case *sqlparse.CreateViewStmt:
		return x.createView(st)
	case *sqlparse.InsertStmt:
		return x.insert(st)
	case *sqlparse.UpdateStmt:
		return x.update(st)
	case *sqlparse.DeleteStmt:
		return x.deleteRows(st)
	case *sqlparse.MergeStmt:
		return x.merge(st)
	case *sqlparse.CreateProcedureStmt:
		return x.createProcedure(st)
	case *sqlparse.AlterProcedureStmt:
		return x.alterProcedure(st)
	case *sqlparse.DropProcedureStmt:
		return x.dropProcedure(st)
	case *sqlparse.DescribeProcedureStmt:
		return x.describeProcedure(st)
	case *sqlparse.PutStmt:
		return x.put(st)
	case *sqlparse.AlterPackageStmt:
		return x.alterPackage(st)
	case *sqlparse.AlterApplicationStmt:
		return x.alterApplication(st)
	case *sqlparse.CreateVersionedSchemaStmt:
		return x.createVersionedSchema(st)
	case *sqlparse.CreateStreamlitStmt:
		return x.createStreamlit(st)
	case *sqlparse.ShowVersionsStmt:
		return x.showVersions(st)
	case *sqlparse.CreateTaskStmt:
		return x.createTask(st)
	case *sqlparse.AlterTaskStmt:
		return x.alterTask(st)
	case *sqlparse.ExecuteTaskStmt:
		return x.executeTask(st)
	case *sqlparse.CreateStmt:
		return x.create(st)
	case *sqlparse.AlterStmt:
		return x.alter(st)
	case *sqlparse.DropStmt:
		return x.drop(st)
	case *sqlparse.ShowStmt:
		return x.show(st)
	case *sqlparse.DescribeStmt:
		return x.describe(st)
	case *sqlparse.GrantStmt:
		return x.grant(st)
	case *sqlparse.GrantRoleStmt:
		return x.grantRole(st)
	case *sqlparse.ShowGrantsStmt:
		return x.showGrants(st)
	case *sqlparse.ShowParametersStmt:
		return x.showParameters(st)
	case *sqlparse.ShowReplicationDatabasesStmt:
		return x.showReplicationDatabases(st)
	}
	return nil, sferr.Unsupported("%T", st)
}

func (x *execCtx) ctx() context.Context { return x.tx.Context() }
