package connector

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	mrand "math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// appauthDriver signs with the payload's connector.appauth: one JSON
// request per line in, one JSON answer per line out.
const appauthDriver = `
import base64, json, sys
from connector import appauth
for line in sys.stdin:
    req = json.loads(line)
    try:
        key = appauth.parse_private_key(req["pem"])
        if req["op"] == "sign":
            out = {"sig": base64.b64encode(appauth.sign_pkcs1_sha256(key, base64.b64decode(req["msg"]))).decode()}
        else:
            out = {"jwt": appauth.app_jwt(key, req["iss"], req["now"])}
    except appauth.KeyProblem as err:
        out = {"error": str(err)}
    print(json.dumps(out), flush=True)
`

type appauthPython struct {
	t   *testing.T
	in  *json.Encoder
	out *json.Decoder
}

func startAppauthPython(t *testing.T) *appauthPython {
	t.Helper()
	cmd := exec.Command("python3", "-c", appauthDriver)
	cmd.Dir = "app/python"
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("python3: %v", err)
	}
	t.Cleanup(func() { _ = in.Close(); _ = cmd.Wait() })
	return &appauthPython{t: t, in: json.NewEncoder(in), out: json.NewDecoder(out)}
}

func (p *appauthPython) call(req map[string]any) map[string]string {
	p.t.Helper()
	if err := p.in.Encode(req); err != nil {
		p.t.Fatal(err)
	}
	var out map[string]string
	if err := p.out.Decode(&out); err != nil {
		p.t.Fatal(err)
	}
	return out
}

func pkcs1PEM(key *rsa.PrivateKey) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
}

func pkcs8PEM(t *testing.T, key any) string {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

// The payload's RSASSA-PKCS1-v1_5/SHA-256 signatures are byte for byte
// Go's crypto/rsa signatures (the scheme is deterministic), for keys in
// both PEM forms and random messages; its JWTs verify with crypto/rsa and
// carry the claims GitHub requires.
func TestAppAuthSignsAsCryptoRSA(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := mrand.New(mrand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	py := startAppauthPython(t)
	for k := range 3 {
		bits := []int{2048, 2048, 3072}[k]
		key, err := rsa.GenerateKey(rand.Reader, bits)
		if err != nil {
			t.Fatal(err)
		}
		for _, form := range []string{pkcs1PEM(key), pkcs8PEM(t, key)} {
			for range 5 {
				msg := make([]byte, rng.IntN(300))
				for i := range msg {
					msg[i] = byte(rng.UintN(256))
				}
				sum := sha256.Sum256(msg)
				want, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, sum[:])
				if err != nil {
					t.Fatal(err)
				}
				got := py.call(map[string]any{"op": "sign", "pem": form, "msg": base64.StdEncoding.EncodeToString(msg)})
				if got["sig"] != base64.StdEncoding.EncodeToString(want) {
					t.Fatalf("seed %d: %d-bit key, %d-byte message: signature differs from crypto/rsa (%v)", seed, bits, len(msg), got)
				}
			}
			now := int64(1_790_000_000 + rng.IntN(10_000_000))
			token := py.call(map[string]any{"op": "jwt", "pem": form, "iss": "Iv23liABCDEF", "now": now})["jwt"]
			claims := verifyJWT(t, token, &key.PublicKey)
			if claims["iat"] != float64(now-60) || claims["exp"] != float64(now+540) || claims["iss"] != "Iv23liABCDEF" {
				t.Fatalf("seed %d: claims %v for now %d", seed, claims, now)
			}
		}
	}
}

func verifyJWT(t *testing.T, token string, pub *rsa.PublicKey) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("JWT %q has %d parts", token, len(parts))
	}
	var header, claims map[string]any
	for i, dst := range []*map[string]any{&header, &claims} {
		raw, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err != nil {
			t.Fatalf("JWT part %d: %v", i, err)
		}
		if err := json.Unmarshal(raw, dst); err != nil {
			t.Fatal(err)
		}
	}
	if header["alg"] != "RS256" || header["typ"] != "JWT" {
		t.Fatalf("header %v", header)
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig); err != nil {
		t.Fatalf("JWT signature does not verify: %v", err)
	}
	return claims
}

// Keys that cannot sign are refused with a reason, never a wrong signature
// and never the key in the message.
func TestAppAuthRefusesUnusableKeys(t *testing.T) {
	py := startAppauthPython(t)
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	corrupt := *key
	corrupt.Precomputed.Dp = new(big.Int).Add(key.Precomputed.Dp, big.NewInt(2))
	// MarshalPKCS1PrivateKey writes the precomputed values as they are, so
	// the DER carries the wrong CRT exponent.
	corruptDER := x509.MarshalPKCS1PrivateKey(&corrupt)
	cases := []struct{ name, pem, reason string }{
		{"not PEM", "ghp_not_a_key", "not PEM text"},
		{"EC key", pkcs8PEM(t, ec), "not an RSA key"},
		{"encrypted", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n", "encrypted"},
		{"bad base64", "-----BEGIN RSA PRIVATE KEY-----\n!!!!\n-----END RSA PRIVATE KEY-----\n", "not base64"},
		{"truncated", string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)[:300]})), "DER"},
		{"inconsistent", string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: corruptDER})), "inconsistent"},
		{"certificate", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", "unsupported PEM block"},
		{"public key only", string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PublicKey(&key.PublicKey)})), "not an RSAPrivateKey"},
	}
	secretPart := fmt.Sprint(key.D)[:20]
	for _, c := range cases {
		out := py.call(map[string]any{"op": "sign", "pem": c.pem, "msg": "aGk="})
		if !strings.Contains(out["error"], c.reason) || out["sig"] != "" {
			t.Errorf("%s: %v, want a refusal saying %q", c.name, out, c.reason)
		}
		if strings.Contains(out["error"], secretPart) || strings.Contains(out["error"], "MII") {
			t.Errorf("%s: the refusal quotes the key: %q", c.name, out["error"])
		}
	}
}
