package github

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	gh "github.com/google/go-github/v57/github"
)

// AppCredentials authenticate as a GitHub App installation: the App's
// client ID (or numeric App ID), the installation, and the App's private
// key in PEM (PKCS#1 or PKCS#8).
type AppCredentials struct {
	AppID          string
	InstallationID int64
	PrivateKeyPEM  string
}

// String never shows the key.
func (c AppCredentials) String() string {
	return fmt.Sprintf("GitHub App %s, installation %d", c.AppID, c.InstallationID)
}

// Fingerprint identifies the credentials (key included) without revealing them.
func (c *AppCredentials) Fingerprint() string {
	if c == nil {
		return ""
	}
	sum := sha256.Sum256([]byte(c.AppID + "\x00" + fmt.Sprint(c.InstallationID) + "\x00" + c.PrivateKeyPEM))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// ParseAppPrivateKey reads a GitHub App private key; the error says what is
// wrong with it and never quotes it.
func ParseAppPrivateKey(text string) (*rsa.PrivateKey, error) {
	block, _ := pem.Decode([]byte(strings.TrimSpace(text)))
	if block == nil {
		return nil, errors.New("not PEM text: expected the .pem file GitHub generated (-----BEGIN RSA PRIVATE KEY-----)")
	}
	switch block.Type {
	case "RSA PRIVATE KEY":
		key, err := x509.ParsePKCS1PrivateKey(block.Bytes)
		if err != nil {
			return nil, errors.New("the RSA PRIVATE KEY block is not a valid PKCS#1 key")
		}
		return key, nil
	case "PRIVATE KEY":
		key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return nil, errors.New("the PRIVATE KEY block is not a valid PKCS#8 key")
		}
		rsaKey, ok := key.(*rsa.PrivateKey)
		if !ok {
			return nil, errors.New("the key is not an RSA key (GitHub App keys are RSA)")
		}
		return rsaKey, nil
	case "ENCRYPTED PRIVATE KEY":
		return nil, errors.New("the key is encrypted: use the unencrypted .pem file GitHub generated")
	}
	return nil, fmt.Errorf("a %s block is not a private key", block.Type)
}

// AppJWT is the RS256 JWT that authenticates as the App: iat a minute in
// the past against clock drift, exp nine minutes ahead (GitHub refuses
// more than ten).
func AppJWT(key *rsa.PrivateKey, issuer string, now time.Time) (string, error) {
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	input := enc(map[string]string{"alg": "RS256", "typ": "JWT"}) + "." +
		enc(map[string]any{"iat": now.Unix() - 60, "exp": now.Unix() + 540, "iss": issuer})
	sum := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, sum[:])
	if err != nil {
		return "", err
	}
	return input + "." + base64.RawURLEncoding.EncodeToString(sig), nil
}

// appTokens mints installation tokens, caching one until it expires
// within five minutes.
type appTokens struct {
	creds   AppCredentials
	key     *rsa.PrivateKey
	apiURL  string
	base    http.RoundTripper
	mu      sync.Mutex
	token   string
	expires time.Time
}

func (t *appTokens) installationToken(ctx context.Context) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.token != "" && time.Until(t.expires) > 5*time.Minute {
		return t.token, nil
	}
	jwt, err := AppJWT(t.key, t.creds.AppID, time.Now())
	if err != nil {
		return "", err
	}
	endpoint := fmt.Sprintf("%sapp/installations/%d/access_tokens", t.apiURL, t.creds.InstallationID)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader([]byte(`{"permissions":{"issues":"read","metadata":"read"}}`)))
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "Bearer "+jwt)
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("Content-Type", "application/json")
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return "", fmt.Errorf("minting a GitHub App installation token: %w", err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var doc struct {
		Token     string    `json:"token"`
		ExpiresAt time.Time `json:"expires_at"`
		Message   string    `json:"message"`
	}
	_ = json.Unmarshal(body, &doc)
	if resp.StatusCode != http.StatusCreated || doc.Token == "" {
		return "", &AppAuthError{Status: resp.StatusCode, Message: doc.Message, InstallationID: t.creds.InstallationID}
	}
	t.token, t.expires = doc.Token, doc.ExpiresAt
	return t.token, nil
}

// AppAuthError is a refused installation token request, explained.
type AppAuthError struct {
	Status         int
	Message        string
	InstallationID int64
}

func (e *AppAuthError) Error() string {
	said := ""
	if e.Message != "" {
		said = " (GitHub: " + e.Message + ")"
	}
	switch e.Status {
	case http.StatusUnauthorized:
		return fmt.Sprintf("GitHub refused the App's JWT%s: check the App ID (or client ID) and that the private key is this App's current key", said)
	case http.StatusNotFound:
		return fmt.Sprintf("installation %d does not exist for this App%s: check the installation ID and that the App is installed", e.InstallationID, said)
	case http.StatusForbidden:
		return fmt.Sprintf("the App or installation %d is suspended%s", e.InstallationID, said)
	}
	return fmt.Sprintf("minting a GitHub App installation token failed with HTTP %d%s", e.Status, said)
}

// NewAppClient returns a go-github client that authenticates as the App's
// installation.
func NewAppClient(creds AppCredentials, apiURL string) (*gh.Client, error) {
	key, err := ParseAppPrivateKey(creds.PrivateKeyPEM)
	if err != nil {
		return nil, err
	}
	normalized, err := NormalizeAPIURL(apiURL)
	if err != nil {
		return nil, err
	}
	tokens := &appTokens{creds: creds, key: key, apiURL: normalized, base: http.DefaultTransport}
	return newClient(http.DefaultTransport, tokens.installationToken, normalized)
}
