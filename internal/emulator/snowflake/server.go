// Package snowflake is the local Snowflake emulator: the REST protocol
// gosnowflake speaks, over the SQL engine and the SQLite catalog.
package snowflake

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/catalog"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/engine"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
)

// Options configure an emulator instance.
type Options struct {
	Listen        string // host:port; default 127.0.0.1:0 (a free port)
	DataDir       string // empty: in memory
	Account       string // default LOCAL
	Organization  string // default LOCALORG: clients may log in to <organization>-<account>
	AdminUser     string // default ADMIN
	AdminPassword string // default admin
	AdminRole     string // default ACCOUNTADMIN
	// SessionTokenTTL makes session tokens expire so clients must renew
	// them with the master token; zero means they never expire.
	SessionTokenTTL time.Duration
	// ScheduleScale multiplies task schedules (tests run '10 MINUTES' tasks
	// in a fraction of a second); 0 means real time.
	ScheduleScale float64
	// SchedulerTick is how often due tasks are started; default 1s.
	SchedulerTick time.Duration
	// NoReleaseChannels emulates an account without release channels.
	NoReleaseChannels bool
	// Upstreams serve public HTTPS hosts from local emulators for the
	// procedures' egress: "api.github.com:443" → "http://127.0.0.1:8091/".
	// Network rules still decide which hosts a procedure may reach.
	Upstreams map[string]string
}

// Server is a running emulator.
type Server struct {
	opts     Options
	store    *catalog.Store
	engine   *engine.Engine
	listener net.Listener
	http     *http.Server

	procs *procRuntime
	// tempFiles holds stage files of an in-memory instance; removed on Close.
	tempFiles string
	// spillDir holds large results' chunk files; removed on Close.
	spillDir string

	stopScheduler func()
	schedulerDone chan struct{}
	inflight      sync.WaitGroup // running HTTP handlers
	releaseOnce   sync.Once
	releaseErr    error

	mu       sync.Mutex
	sessions map[string]*session // by session token
	masters  map[string]*session // by master token
	results  *resultCache
	chunks   *chunkStore
	uploads  uploadTargets
}

type session struct {
	*engine.Session
	token, master string
	expires       time.Time
}

// Start opens the catalog and serves until Close.
func Start(ctx context.Context, opts Options) (*Server, error) {
	if opts.Listen == "" {
		opts.Listen = "127.0.0.1:0"
	}
	if opts.Organization == "" {
		opts.Organization = "LOCALORG"
	}
	if opts.Account == "" {
		opts.Account = "LOCAL"
	}
	if opts.AdminUser == "" {
		opts.AdminUser = "ADMIN"
	}
	if opts.AdminPassword == "" {
		opts.AdminPassword = "admin"
	}
	store, err := catalog.Open(opts.DataDir)
	if err != nil {
		return nil, err
	}
	filesDir, tempFiles := filepath.Join(opts.DataDir, "files"), ""
	if opts.DataDir == "" {
		if filesDir, err = os.MkdirTemp("", "sfemu-files-"); err != nil {
			_ = store.Close()
			return nil, err
		}
		tempFiles = filesDir
	}
	eng, err := engine.New(ctx, store, engine.Config{FilesDir: filesDir, Account: opts.Account, Organization: opts.Organization, AdminUser: opts.AdminUser,
		AdminPassword: opts.AdminPassword, AdminRole: opts.AdminRole, ScheduleScale: opts.ScheduleScale, NoReleaseChannels: opts.NoReleaseChannels})
	if err != nil {
		_ = store.Close()
		return nil, err
	}
	ln, err := net.Listen("tcp", opts.Listen)
	if err != nil {
		_ = store.Close()
		return nil, err
	}
	spillDir, err := os.MkdirTemp("", "sfemu-results-")
	if err != nil {
		_ = ln.Close()
		_ = store.Close()
		return nil, err
	}
	s := &Server{opts: opts, store: store, engine: eng, listener: ln, tempFiles: tempFiles, spillDir: spillDir,
		sessions: map[string]*session{}, masters: map[string]*session{}, results: newResultCache(2000), chunks: newChunkStore()}
	procs, err := newProcRuntime(s)
	if err != nil {
		_ = ln.Close()
		_ = store.Close()
		return nil, err
	}
	s.procs = procs
	eng.SetProcedureRunner(procs)
	tick := opts.SchedulerTick
	if tick <= 0 {
		tick = time.Second
	}
	schedCtx, stopScheduler := context.WithCancel(context.Background())
	s.stopScheduler = stopScheduler
	s.schedulerDone = make(chan struct{})
	go func() {
		defer close(s.schedulerDone)
		eng.RunScheduler(schedCtx, tick)
	}()
	mux := http.NewServeMux()
	mux.HandleFunc("POST /session/v1/login-request", s.handleLogin)
	mux.HandleFunc("POST /queries/v1/query-request", s.handleQuery)
	mux.HandleFunc("GET /queries/{id}/result", s.handleResult)
	mux.HandleFunc("GET /monitoring/queries/{id}", s.handleMonitoring)
	mux.HandleFunc("POST /queries/v1/abort-request", s.handleOK)
	mux.HandleFunc("POST /session", s.handleSession)
	mux.HandleFunc("POST /session/heartbeat", s.handleHeartbeat)
	mux.HandleFunc("POST /session/token-request", s.handleRenew)
	mux.HandleFunc("POST /telemetry/send", s.handleOK)
	mux.HandleFunc("POST /internal/procedure/query", s.handleProcedureQuery)
	mux.HandleFunc("GET /chunks/{token}/{n}", s.handleChunk)
	mux.HandleFunc("PUT /stage-files/{token}", s.handleStageFile)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	s.http = &http.Server{Handler: s.tracked(mux), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.http.Serve(ln) }()
	return s, nil
}

// Close stops serving and closes the catalog.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := s.http.Shutdown(ctx)
	if errors.Is(err, http.ErrServerClosed) {
		err = nil // already killed
	}
	s.procs.killAll() // procedures still running after the grace period
	return errors.Join(err, s.release())
}

// Kill stops the emulator as a crash would: connections are cut and
// running procedures killed at once, so nothing in flight completes; what
// was committed stays in the data directory for the next Start.
func (s *Server) Kill() error {
	s.procs.killAll()
	err := s.http.Close()
	return errors.Join(err, s.release())
}

// release stops the scheduler, waits for handlers still running and
// closes the catalog, once (Kill then Close is fine).
func (s *Server) release() error {
	s.releaseOnce.Do(func() {
		s.stopScheduler()
		<-s.schedulerDone
		s.inflight.Wait()
		s.procs.close()
		if s.tempFiles != "" {
			_ = os.RemoveAll(s.tempFiles)
		}
		_ = os.RemoveAll(s.spillDir)
		s.releaseErr = s.store.Close()
	})
	return s.releaseErr
}

// tracked counts running handlers, so the catalog closes after the last.
func (s *Server) tracked(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.inflight.Add(1)
		defer s.inflight.Done()
		h.ServeHTTP(w, r)
	})
}

// Host and Port of the listener.
func (s *Server) Host() string { return s.tcpAddr().IP.String() }
func (s *Server) Port() int    { return s.tcpAddr().Port }

func (s *Server) tcpAddr() *net.TCPAddr {
	if a, ok := s.listener.Addr().(*net.TCPAddr); ok {
		return a
	}
	return &net.TCPAddr{}
}

// Account is the account name clients must log in to.
func (s *Server) Account() string { return s.engine.Account() }

// DSN is a gosnowflake DSN for the admin user.
func (s *Server) DSN() string {
	return fmt.Sprintf("%s:%s@%s:%d/?account=%s&protocol=http&warehouse=%s", s.opts.AdminUser, s.opts.AdminPassword, s.Host(), s.Port(), s.Account(),
		engine.DefaultWarehouse)
}

// ProviderEnv is the environment that points the provider at this emulator.
func (s *Server) ProviderEnv() map[string]string {
	return map[string]string{
		"SNOWFLAKE_ACCOUNT":  s.Account(),
		"SNOWFLAKE_USER":     s.opts.AdminUser,
		"SNOWFLAKE_PASSWORD": s.opts.AdminPassword,
		"SNOWFLAKE_HOST":     s.Host(),
		"SNOWFLAKE_PORT":     strconv.Itoa(s.Port()),
		"SNOWFLAKE_PROTOCOL": "http",
		// The warehouse every new account comes with.
		"SNOWFLAKE_WAREHOUSE": engine.DefaultWarehouse,
	}
}

func newToken() string {
	var b [24]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// envelope is Snowflake's reply wrapper; always sent with HTTP 200.
type envelope struct {
	Data    any     `json:"data"`
	Code    *string `json:"code"`
	Message *string `json:"message"`
	Success bool    `json:"success"`
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func writeOK(w http.ResponseWriter, data any) {
	writeJSON(w, envelope{Data: data, Success: true})
}

func writeError(w http.ResponseWriter, e *sferr.Error, queryID string) {
	code, msg := e.Code, e.Message
	writeJSON(w, envelope{Code: &code, Message: &msg, Success: false, Data: map[string]any{
		"sqlState": e.SQLState, "queryId": queryID, "errorCode": e.Code, "internalError": false,
	}})
}

func (s *Server) handleOK(w http.ResponseWriter, _ *http.Request) { writeOK(w, nil) }

type loginRequest struct {
	Data struct {
		AccountName   string `json:"ACCOUNT_NAME"`
		LoginName     string `json:"LOGIN_NAME"`
		Password      string `json:"PASSWORD"`
		Authenticator string `json:"AUTHENTICATOR"`
	} `json:"data"`
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	var req loginRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, errLogin(), "")
		return
	}
	d := req.Data
	if d.Authenticator != "" && !strings.EqualFold(d.Authenticator, "SNOWFLAKE") {
		writeError(w, errAuthenticator(d.Authenticator), "")
		return
	}
	// The account identifier: the account name, or <organization>-<account>
	// (https://docs.snowflake.com/en/user-guide/admin-account-identifier).
	if !strings.EqualFold(d.AccountName, s.Account()) && !strings.EqualFold(d.AccountName, s.opts.Organization+"-"+s.Account()) {
		writeError(w, errLogin(), "")
		return
	}
	q := r.URL.Query()
	es, err := s.engine.Login(r.Context(), d.LoginName, d.Password, q.Get("databaseName"), q.Get("schemaName"), q.Get("warehouse"), q.Get("roleName"))
	if err != nil {
		writeError(w, sferr.AsError(err), "")
		return
	}
	sess := &session{Session: es, token: newToken(), master: newToken()}
	if s.opts.SessionTokenTTL > 0 {
		sess.expires = time.Now().Add(s.opts.SessionTokenTTL)
	}
	s.mu.Lock()
	s.sessions[sess.token] = sess
	s.masters[sess.master] = sess
	s.mu.Unlock()
	writeOK(w, map[string]any{
		"token": sess.token, "masterToken": sess.master, "sessionId": es.ID,
		"validityInSeconds": 3600, "masterValidityInSeconds": 14400,
		"parameters":  sessionParameters(),
		"sessionInfo": map[string]any{"databaseName": es.Database, "schemaName": es.Schema, "warehouseName": es.Warehouse, "roleName": es.Role},
	})
}

// authenticate resolves the Authorization header to a live session.
func (s *Server) authenticate(r *http.Request) (*session, *sferr.Error) {
	h := r.Header.Get("Authorization")
	const prefix = `Snowflake Token="`
	if !strings.HasPrefix(h, prefix) || !strings.HasSuffix(h, `"`) {
		return nil, errSessionGone
	}
	token := h[len(prefix) : len(h)-1]
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[token]
	if !ok {
		return nil, errSessionGone
	}
	if !sess.expires.IsZero() && time.Now().After(sess.expires) {
		return nil, errTokenExpired
	}
	return sess, nil
}

func (s *Server) handleSession(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("delete") != "true" {
		http.NotFound(w, r)
		return
	}
	sess, e := s.authenticate(r)
	if e != nil && e != errTokenExpired {
		writeOK(w, nil)
		return
	}
	if sess != nil {
		s.mu.Lock()
		delete(s.sessions, sess.token)
		delete(s.masters, sess.master)
		s.mu.Unlock()
	}
	writeOK(w, nil)
}

func (s *Server) handleHeartbeat(w http.ResponseWriter, r *http.Request) {
	if _, e := s.authenticate(r); e != nil {
		writeError(w, e, "")
		return
	}
	writeOK(w, nil)
}

func (s *Server) handleRenew(w http.ResponseWriter, r *http.Request) {
	h := r.Header.Get("Authorization")
	master := strings.TrimSuffix(strings.TrimPrefix(h, `Snowflake Token="`), `"`)
	var body struct {
		OldSessionToken string `json:"oldSessionToken"`
		RequestType     string `json:"requestType"`
	}
	_ = json.NewDecoder(r.Body).Decode(&body)
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.masters[master]
	if !ok || sess.token != body.OldSessionToken || body.RequestType != "RENEW" {
		writeError(w, errMasterTokenExpired(), "")
		return
	}
	delete(s.sessions, sess.token)
	sess.token = newToken()
	if s.opts.SessionTokenTTL > 0 {
		sess.expires = time.Now().Add(s.opts.SessionTokenTTL)
	}
	s.sessions[sess.token] = sess
	writeOK(w, map[string]any{"sessionToken": sess.token, "masterToken": sess.master, "sessionId": sess.ID,
		"validityInSecondsST": 3600, "validityInSecondsMT": 14400})
}

// SessionCount reports live sessions (for tests).
func (s *Server) SessionCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// WaitForTasks blocks until running task runs finish.
func (s *Server) WaitForTasks() { s.engine.WaitForTasks() }
