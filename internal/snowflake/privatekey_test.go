package snowflake

import (
	"os"
	"strings"
	"testing"
)

func readFixture(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// The fixtures were generated with openssl from one RSA key, so every
// accepted form must decode to the same modulus.
func TestParsePrivateKeyForms(t *testing.T) {
	ref, err := ParsePrivateKey(readFixture(t, "key_pkcs8.pem"), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ file, pass string }{
		{"key_pkcs1.pem", ""},
		{"key_pkcs8_aes256.pem", "correct-horse"},
		{"key_pkcs8_aes128_sha1.pem", "correct-horse"},
	} {
		key, err := ParsePrivateKey(readFixture(t, c.file), c.pass)
		if err != nil {
			t.Errorf("%s: %v", c.file, err)
			continue
		}
		if key.N.Cmp(ref.N) != 0 {
			t.Errorf("%s decoded to a different key", c.file)
		}
	}
}

func TestParsePrivateKeyErrors(t *testing.T) {
	enc := readFixture(t, "key_pkcs8_aes256.pem")
	cases := []struct{ pem, pass, want string }{
		{"not a key", "", "private_key is not PEM"},
		{enc, "", "set private_key_passphrase (or SNOWFLAKE_PRIVATE_KEY_PASSPHRASE)"},
		{enc, "wrong", "private_key_passphrase is wrong"},
		{"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", "", `PEM type "CERTIFICATE"`},
		{"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", "", "not a valid PKCS#8 key"},
	}
	for _, c := range cases {
		_, err := ParsePrivateKey(c.pem, c.pass)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("want error containing %q, got %v", c.want, err)
		}
		if err != nil && strings.Contains(err.Error(), "correct-horse") {
			t.Errorf("error leaks the passphrase: %v", err)
		}
	}
}
