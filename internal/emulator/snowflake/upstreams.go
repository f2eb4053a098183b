package snowflake

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// upstreams let a public HTTPS host (api.github.com:443) be served by a
// local emulator, so configurations written for the real service (network
// rules, default API URLs) run unchanged against the local stack. The
// egress proxy still admits the host by the procedure's network rules as
// Snowflake would; only then does it terminate TLS with a certificate of
// this instance's own CA, which the procedures' Python trusts in addition
// to its usual bundle.
type upstreams struct {
	byHost map[string]*url.URL // host:port as CONNECT names it
	ca     *x509.Certificate
	caKey  *ecdsa.PrivateKey
	caPEM  []byte

	mu    sync.Mutex
	certs map[string]*tls.Certificate
}

func newUpstreams(m map[string]string) (*upstreams, error) {
	if len(m) == 0 {
		return nil, nil
	}
	u := &upstreams{byHost: map[string]*url.URL{}, certs: map[string]*tls.Certificate{}}
	for host, target := range m {
		if _, _, err := net.SplitHostPort(host); err != nil {
			return nil, fmt.Errorf("upstream %q: want host:port: %w", host, err)
		}
		parsed, err := url.Parse(target)
		if err != nil || parsed.Scheme != "http" || parsed.Host == "" {
			return nil, fmt.Errorf("upstream %q: want an http:// URL, got %q", host, target)
		}
		u.byHost[host] = parsed
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Snowflake emulator upstream CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(30 * 24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	u.ca, _ = x509.ParseCertificate(der)
	u.caKey, u.caPEM = key, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	return u, nil
}

// certFor issues (once) the host's certificate.
func (u *upstreams) certFor(host string) (*tls.Certificate, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if c, ok := u.certs[host]; ok {
		return c, nil
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(int64(len(u.certs) + 2)), Subject: pkix.Name{CommonName: host},
		DNSNames: []string{host}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(30 * 24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, u.ca, &key.PublicKey, u.caKey)
	if err != nil {
		return nil, err
	}
	c := &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
	u.certs[host] = c
	return c, nil
}

// writeTrust makes the procedures' Python trust the CA: a certifi stand-in
// (the connector verifies against certifi's bundle, as Snowflake's
// `requests` examples do) whose bundle is the system's plus the CA.
func (u *upstreams) writeTrust(dir string) error {
	bundle := append([]byte{}, u.caPEM...)
	for _, system := range []string{"/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem"} {
		if data, err := os.ReadFile(system); err == nil {
			bundle = append(bundle, data...)
			break
		}
	}
	path := filepath.Join(dir, "certifi", "cacert.pem")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(path, bundle, 0o644); err != nil {
		return err
	}
	module := fmt.Sprintf("def where():\n    return %q\n\n\ndef contents():\n    with open(where()) as f:\n        return f.read()\n", path)
	return os.WriteFile(filepath.Join(dir, "certifi", "__init__.py"), []byte(module), 0o644)
}

// serve answers a CONNECT to a host it stands in for: TLS as that host,
// then each request forwarded to the local emulator with its Host kept
// and X-Forwarded-Proto https, so links it writes name the public host.
func (u *upstreams) serve(w http.ResponseWriter, r *http.Request, target *url.URL) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		http.Error(w, "hijacking unsupported", http.StatusInternalServerError)
		return
	}
	host, _, _ := net.SplitHostPort(r.Host)
	cert, err := u.certFor(host)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	raw, _, err := hj.Hijack()
	if err != nil {
		return
	}
	defer func() { _ = raw.Close() }()
	if _, err := raw.Write([]byte("HTTP/1.1 200 Connection Established\r\n\r\n")); err != nil {
		return
	}
	conn := tls.Server(raw, &tls.Config{Certificates: []tls.Certificate{*cert}, MinVersion: tls.VersionTLS12})
	reader := bufio.NewReader(conn)
	transport := &http.Transport{Proxy: nil}
	defer transport.CloseIdleConnections()
	for {
		req, err := http.ReadRequest(reader)
		if err != nil {
			return
		}
		req.URL.Scheme, req.URL.Host = target.Scheme, target.Host
		req.RequestURI = ""
		req.Header.Set("X-Forwarded-Proto", "https")
		resp, err := transport.RoundTrip(req)
		if err != nil {
			_, _ = conn.Write([]byte("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
			return
		}
		err = resp.Write(conn)
		_ = resp.Body.Close()
		if err != nil || req.Close || resp.Close {
			return
		}
	}
}
