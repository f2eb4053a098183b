package github

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"strings"
	"testing"

	ghemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/github"
)

func appEmulator(t *testing.T) (*ghemu.Server, string) {
	t.Helper()
	s, err := ghemu.Start(ghemu.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	for _, spec := range []ghemu.RepoSpec{{Owner: "acme", Name: "private", Private: true, Issues: 3}, {Owner: "acme", Name: "other", Private: true}} {
		if err := s.CreateRepo(spec); err != nil {
			t.Fatal(err)
		}
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err := s.CreateApp(ghemu.AppSpec{ID: 5, ClientID: "Iv23liX", PublicKeyPEM: string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateInstallation(ghemu.InstallationSpec{ID: 50, AppID: 5, Account: "acme", Repositories: []string{"acme/private"}}); err != nil {
		t.Fatal(err)
	}
	return s, string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
}

// The provider's GitHub client authenticates as the installation: it
// reads the installation's private repository, one mint serves many
// requests, and each refusal is explained.
func TestAppClientAgainstEmulator(t *testing.T) {
	s, keyPEM := appEmulator(t)
	client, err := NewAppClient(AppCredentials{AppID: "Iv23liX", InstallationID: 50, PrivateKeyPEM: keyPEM}, s.URL())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for range 3 {
		repo, _, err := client.Repositories.Get(ctx, "acme", "private")
		if err != nil || repo.GetFullName() != "acme/private" {
			t.Fatalf("get: %v %v", repo, err)
		}
	}
	if _, resp, err := client.Repositories.Get(ctx, "acme", "other"); err == nil || resp.StatusCode != 404 {
		t.Errorf("a repository outside the installation: %v", err)
	}
	mints := s.Stats().ByStatus["201"]
	if mints != 1 {
		t.Errorf("%d installation tokens minted for 4 requests, want 1", mints)
	}

	bad, err := NewAppClient(AppCredentials{AppID: "Iv23liX", InstallationID: 51, PrivateKeyPEM: keyPEM}, s.URL())
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := bad.Repositories.Get(ctx, "acme", "private"); err == nil || !strings.Contains(err.Error(), "installation 51 does not exist") {
		t.Errorf("wrong installation: %v", err)
	}
	wrongApp, _ := NewAppClient(AppCredentials{AppID: "Iv23liOTHER", InstallationID: 50, PrivateKeyPEM: keyPEM}, s.URL())
	if _, _, err := wrongApp.Repositories.Get(ctx, "acme", "private"); err == nil || !strings.Contains(err.Error(), "refused the App's JWT") {
		t.Errorf("wrong App: %v", err)
	}
}

func TestParseAppPrivateKeyRefusals(t *testing.T) {
	for _, text := range []string{"", "ghp_token", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
		"-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----"} {
		if _, err := ParseAppPrivateKey(text); err == nil {
			t.Errorf("%q accepted", text)
		} else if strings.Contains(err.Error(), "AAAA") {
			t.Errorf("error quotes the key: %v", err)
		}
	}
}
