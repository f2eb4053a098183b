package snowflake

import (
	"bufio"
	"bytes"
	"context"
	"embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/engine"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// Python procedures run for real: a python3 child per call, with a small
// Snowpark-compatible layer whose SQL comes back to this server as the
// procedure's owner, and outbound HTTP forced through an egress proxy that
// admits only the hosts of the procedure's network rules.

//go:embed pyshim/runner.py pyshim/_snowflake.py pyshim/snowflake/__init__.py pyshim/snowflake/snowpark/__init__.py pyshim/snowflake/snowpark/context.py
var pyshim embed.FS

type procRuntime struct {
	srv     *Server
	dir     string // the materialised shim
	proxy   *http.Server
	proxyLn net.Listener
	// upstreams stand in for public hosts (Options.Upstreams); nil: none.
	upstreams *upstreams

	mu    sync.Mutex
	calls map[string]*procCall // by token

	// killed ends every running procedure at once (Server.Kill).
	killed  context.Context
	killAll context.CancelFunc
}

type procCall struct {
	session *engine.Session
	egress  []string
}

func newProcRuntime(srv *Server) (*procRuntime, error) {
	dir, err := os.MkdirTemp("", "sfemu-python-")
	if err != nil {
		return nil, err
	}
	err = fs.WalkDir(pyshim, "pyshim", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := pyshim.ReadFile(p)
		if err != nil {
			return err
		}
		target := filepath.Join(dir, strings.TrimPrefix(p, "pyshim/"))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	up, err := newUpstreams(srv.opts.Upstreams)
	if err == nil && up != nil {
		err = up.writeTrust(dir)
	}
	if err != nil {
		_ = ln.Close()
		_ = os.RemoveAll(dir)
		return nil, err
	}
	rt := &procRuntime{srv: srv, dir: dir, proxyLn: ln, calls: map[string]*procCall{}, upstreams: up}
	rt.killed, rt.killAll = context.WithCancel(context.Background())
	rt.proxy = &http.Server{Handler: http.HandlerFunc(rt.serveProxy), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = rt.proxy.Serve(ln) }()
	return rt, nil
}

func (rt *procRuntime) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = rt.proxy.Shutdown(ctx)
	_ = os.RemoveAll(rt.dir)
}

// Run implements engine.ProcedureRunner.
func (rt *procRuntime) Run(ctx context.Context, call *engine.ProcedureCall) (json.RawMessage, error) {
	python, err := exec.LookPath("python3")
	if err != nil {
		return nil, pythonError("python3 is not installed on the emulator host; Python procedures need Python 3.11 or newer on PATH")
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(rt.killed, cancel)()
	token := newToken()
	rt.mu.Lock()
	rt.calls[token] = &procCall{session: call.Session, egress: call.Egress}
	rt.mu.Unlock()
	defer func() {
		rt.mu.Lock()
		delete(rt.calls, token)
		rt.mu.Unlock()
	}()

	paths := []string{}
	for _, imp := range call.Imports {
		if strings.HasSuffix(imp, ".py") {
			paths = append(paths, filepath.Dir(imp))
		} else {
			paths = append(paths, imp)
		}
	}
	args := call.Args
	if args == nil {
		args = []json.RawMessage{}
	}
	spec, err := json.Marshal(map[string]any{
		"paths": paths, "secrets": call.Secrets, "handler": call.Handler, "body": call.Body, "args": args,
		"callback": fmt.Sprintf("http://%s:%d/internal/procedure/query", rt.srv.Host(), rt.srv.Port()), "token": token,
	})
	if err != nil {
		return nil, err
	}
	proxyURL := fmt.Sprintf("http://%s:x@%s", token, rt.proxyLn.Addr().String())
	cmd := exec.CommandContext(ctx, python, filepath.Join(rt.dir, "runner.py"))
	cmd.Env = append(cleanEnv(), "PYTHONPATH="+rt.dir, "PYTHONDONTWRITEBYTECODE=1", "PYTHONUNBUFFERED=1",
		"HTTP_PROXY="+proxyURL, "HTTPS_PROXY="+proxyURL, "http_proxy="+proxyURL, "https_proxy="+proxyURL, "NO_PROXY=", "no_proxy=")
	cmd.Stdin = bytes.NewReader(spec)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	var reply struct {
		OK        bool            `json:"ok"`
		Result    json.RawMessage `json:"result"`
		Error     string          `json:"error"`
		Traceback string          `json:"traceback"`
	}
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &reply); err != nil {
		detail := strings.TrimSpace(stderr.String())
		if runErr != nil && detail == "" {
			detail = runErr.Error()
		}
		return nil, pythonError("%s\n in procedure %s", detail, call.Procedure)
	}
	if !reply.OK {
		// Snowflake's message is the traceback, then the procedure and handler.
		detail := strings.TrimSpace(reply.Traceback)
		if detail == "" {
			detail = reply.Error
		}
		return nil, pythonError("%s\n in function %s with handler %s", detail, call.Procedure, call.Handler)
	}
	return reply.Result, nil
}

func cleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		key := strings.ToUpper(strings.SplitN(kv, "=", 2)[0])
		if strings.HasSuffix(key, "_PROXY") || strings.HasPrefix(key, "PYTHON") {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// handleProcedureQuery runs one statement of a running procedure.
func (s *Server) handleProcedureQuery(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Token  string `json:"token"`
		SQL    string `json:"sql"`
		Params []any  `json:"params"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeJSON(w, shimBadRequest)
		return
	}
	rt := s.procs
	rt.mu.Lock()
	call, ok := rt.calls[req.Token]
	rt.mu.Unlock()
	if !ok {
		writeJSON(w, shimNoCall)
		return
	}
	bindings := map[string]sqlparse.Binding{}
	for i, p := range req.Params {
		key := strconv.Itoa(i + 1)
		switch v := p.(type) {
		case nil:
			bindings[key] = sqlparse.Binding{Type: "TEXT"}
		case bool:
			val := strconv.FormatBool(v)
			bindings[key] = sqlparse.Binding{Type: "BOOLEAN", Value: &val}
		case float64:
			val := strconv.FormatFloat(v, 'f', -1, 64)
			typ := "REAL"
			if v == float64(int64(v)) {
				typ, val = "FIXED", strconv.FormatInt(int64(v), 10)
			}
			bindings[key] = sqlparse.Binding{Type: typ, Value: &val}
		case string:
			val := v
			bindings[key] = sqlparse.Binding{Type: "TEXT", Value: &val}
		default:
			data, _ := json.Marshal(v)
			val := string(data)
			bindings[key] = sqlparse.Binding{Type: "TEXT", Value: &val}
		}
	}
	results, err := s.engine.Execute(r.Context(), call.session, req.SQL, bindings, nil)
	if err != nil {
		e := sferr.AsError(err)
		writeJSON(w, map[string]any{"ok": false, "code": e.Code, "message": e.Message})
		return
	}
	res := results[len(results)-1]
	cols := make([]string, len(res.Columns))
	for i, c := range res.Columns {
		cols[i] = c.Name
	}
	rows := make([][]any, 0, len(res.Rows))
	for _, row := range res.Rows {
		vals := make([]any, len(row))
		for i, cell := range row {
			vals[i] = pythonValue(cell, res.Columns[i])
		}
		rows = append(rows, vals)
	}
	writeJSON(w, map[string]any{"ok": true, "columns": cols, "rows": rows})
}

// pythonValue converts a wire cell to what Snowpark returns for its type.
func pythonValue(cell *string, c engine.Column) any {
	if cell == nil {
		return nil
	}
	v := *cell
	switch c.Type {
	case "fixed":
		if c.Scale == 0 {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				return n
			}
		}
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			return f
		}
	case "real":
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			return f
		}
	case "boolean":
		return v == "1" || strings.EqualFold(v, "true")
	case "timestamp_ntz", "timestamp_ltz":
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			sec := int64(f)
			return time.Unix(sec, int64((f-float64(sec))*1e9)).UTC().Format("2006-01-02 15:04:05.000000")
		}
	}
	return v
}

// egressAllowed reports whether host:port matches one of the entries.
func egressAllowed(entries []string, host string, port int) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, e := range entries {
		eh, ep := strings.ToLower(e), 443
		if i := strings.LastIndexByte(eh, ':'); i >= 0 {
			n, err := strconv.Atoi(eh[i+1:])
			if err != nil {
				continue
			}
			eh, ep = eh[:i], n
		}
		if ep != 0 && ep != port {
			continue
		}
		if eh == host || eh == "0.0.0.0" && (port == 80 || port == 443) {
			return true
		}
		if strings.HasPrefix(eh, "*.") {
			suffix := eh[1:]
			if strings.HasSuffix(host, suffix) && !strings.Contains(strings.TrimSuffix(host, suffix), ".") && len(host) > len(suffix) {
				return true
			}
		}
	}
	return false
}

func (rt *procRuntime) serveProxy(w http.ResponseWriter, r *http.Request) {
	token := ""
	if auth := r.Header.Get("Proxy-Authorization"); strings.HasPrefix(auth, "Basic ") {
		if raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(auth, "Basic ")); err == nil {
			token = strings.SplitN(string(raw), ":", 2)[0]
		}
	}
	rt.mu.Lock()
	call, ok := rt.calls[token]
	rt.mu.Unlock()
	if !ok {
		w.Header().Set("Proxy-Authenticate", `Basic realm="egress"`)
		http.Error(w, "egress proxy: unknown procedure call", http.StatusProxyAuthRequired)
		return
	}
	host, portText, err := net.SplitHostPort(r.Host)
	if err != nil {
		host, portText = r.Host, "80"
		if r.Method == http.MethodConnect {
			portText = "443"
		}
	}
	port, _ := strconv.Atoi(portText)
	if !egressAllowed(call.egress, host, port) {
		// Snowflake refuses the connection; the handler sees a network error.
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return
			}
		}
		http.Error(w, "egress to "+r.Host+" is not allowed by the procedure's network rules", http.StatusForbidden)
		return
	}
	if r.Method == http.MethodConnect {
		if target, ok := rt.upstreamFor(r.Host); ok {
			rt.upstreams.serve(w, r, target)
			return
		}
		rt.tunnel(w, r)
		return
	}
	out := r.Clone(r.Context())
	out.RequestURI = ""
	out.Header.Del("Proxy-Authorization")
	out.Header.Del("Proxy-Connection")
	resp, err := (&http.Transport{Proxy: nil}).RoundTrip(out)
	if err != nil {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return
			}
		}
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer func() { _ = resp.Body.Close() }()
	for k, vs := range resp.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = io.Copy(w, resp.Body)
}

func (rt *procRuntime) upstreamFor(hostport string) (*url.URL, bool) {
	if rt.upstreams == nil {
		return nil, false
	}
	target, ok := rt.upstreams.byHost[hostport]
	return target, ok
}

func (rt *procRuntime) tunnel(w http.ResponseWriter, r *http.Request) {
	upstream, err := net.DialTimeout("tcp", r.Host, 10*time.Second)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		_ = upstream.Close()
		http.Error(w, "hijacking unsupported", http.StatusInternalServerError)
		return
	}
	client, buf, err := hj.Hijack()
	if err != nil {
		_ = upstream.Close()
		return
	}
	_, _ = client.Write([]byte("HTTP/1.1 200 Connection Established\r\n\r\n"))
	go func() {
		_, _ = io.Copy(upstream, bufio.NewReader(buf))
		_ = upstream.Close()
	}()
	_, _ = io.Copy(client, upstream)
	_ = client.Close()
}
