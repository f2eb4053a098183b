"""GitHub App installation tokens: minted once per run and cached, re-minted
before expiry and once after a mid-run 401, errors that say what to fix.
(Signatures are checked against Go's crypto/rsa in appauth_test.go.)"""

import json
import random
import unittest

from connector import appauth, ingest
from connector.github import Response
from tests.fakes import FakeClock, FakeGitHub, MemoryStore


def _probable_prime(rng, bits):
    while True:
        n = rng.getrandbits(bits) | (1 << (bits - 1)) | 1
        if all(n % p for p in (3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37)) and _miller_rabin(rng, n):
            return n


def _miller_rabin(rng, n, rounds=20):
    d, r = n - 1, 0
    while d % 2 == 0:
        d, r = d // 2, r + 1
    for _ in range(rounds):
        x = pow(rng.randrange(2, n - 2), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def test_key(seed=7):
    """A 1024-bit RSA key for the token logic (not for signature checks)."""
    rng = random.Random(seed)
    e = 65537
    while True:
        p, q = _probable_prime(rng, 512), _probable_prime(rng, 512)
        phi = (p - 1) * (q - 1)
        if p != q and phi % e:
            break
    d = pow(e, -1, phi)
    return appauth.RSAKey(p * q, e, d, p, q, d % (p - 1), d % (q - 1), pow(q, -1, p))


KEY = test_key()


class FakeAppGitHub:
    """POST access_tokens in front of a FakeGitHub; tokens it minted are the
    only ones the issues endpoint accepts, until expire() is called."""

    def __init__(self, github, clock, lifetime=3600):
        self.github, self.clock, self.lifetime = github, clock, lifetime
        self.valid = set()
        self.minted = []
        self.mint_status = 201
        self.mint_bodies = []

    def expire(self):
        self.valid.clear()

    def __call__(self, method, url, headers, timeout, body=None):
        if method == "POST":
            self.mint_bodies.append(json.loads(body))
            assert headers["Authorization"].startswith("Bearer ey")
            if self.mint_status != 201:
                return Response(self.mint_status, {}, json.dumps({"message": "nope"}).encode())
            token = "tok-%d-%s" % (len(self.minted), "x" * (len(self.minted) * 7))  # no fixed shape
            self.minted.append(token)
            self.valid.add(token)
            expires = self.clock.now() + self.lifetime
            import time
            return Response(201, {}, json.dumps({"token": token, "expires_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(expires))}).encode())
        auth = headers.get("Authorization", "")
        if auth[len("Bearer "):] not in self.valid:
            return Response(401, {}, b'{"message":"Bad credentials"}')
        return self.github(method, url, headers, timeout)


def _tokens(transport, clock):
    t = appauth.InstallationTokens(transport, clock, "https://api.github.com/", None, "Iv23liTEST", 42, "o/r")
    t.key = KEY
    return t


class InstallationTokenTest(unittest.TestCase):
    def setUp(self):
        self.clock = FakeClock()
        self.gh = FakeGitHub(count=250)
        self.api = FakeAppGitHub(self.gh, self.clock)

    def run_once(self, tokens, store=None):
        store = store or MemoryStore()
        settings = ingest.Settings({"per_page": 50})
        return ingest.run(store, self.api, self.clock, tokens, "https://api.github.com/", "o/r", {}, settings), store

    def test_one_mint_per_run_scoped_to_the_repository(self):
        tokens = _tokens(self.api, self.clock)
        result, store = self.run_once(tokens)
        self.assertEqual(result.state, "SUCCEEDED", result.error)
        self.assertEqual(len(store.rows), 250)
        self.assertEqual(tokens.mints, 1)
        self.assertEqual(self.api.mint_bodies, [{"repositories": ["r"], "permissions": {"issues": "read", "pull_requests": "read"}}])
        # The mint is a request of the run.
        self.assertEqual(result.requests, len(self.gh.requests) + 1)

    def test_token_expiring_mid_run_is_reminted_once(self):
        tokens = _tokens(self.api, self.clock)
        self.gh.before_request[3] = self.api.expire
        result, store = self.run_once(tokens)
        self.assertEqual(result.state, "SUCCEEDED", result.error)
        self.assertEqual(len(store.rows), 250)
        self.assertEqual(tokens.mints, 2)

    def test_a_second_401_is_an_error_not_a_loop(self):
        tokens = _tokens(self.api, self.clock)
        self.gh.before_request[2] = self.api.expire
        self.gh.before_request[3] = self.api.expire
        result, _ = self.run_once(tokens)
        self.assertEqual(result.state, "FAILED")
        self.assertIn("HTTP 401", result.error)
        self.assertEqual(tokens.mints, 2)

    def test_cached_token_is_replaced_before_it_expires(self):
        tokens = _tokens(self.api, self.clock)
        first = tokens.token()
        self.clock.t += 3600 - appauth.REFRESH_MARGIN_SECONDS - 1
        self.assertEqual(tokens.token(), first)
        self.clock.t += 2
        self.assertNotEqual(tokens.token(), first)
        self.assertEqual(tokens.mints, 2)

    def test_mint_failures_say_what_to_fix(self):
        cases = {401: "github_app.client_id", 404: "github_app.installation_id", 422: "add the repository", 403: "suspended", 500: "HTTP 500"}
        for status, hint in cases.items():
            with self.subTest(status=status):
                self.api.mint_status = status
                tokens = _tokens(self.api, self.clock)
                result, store = self.run_once(tokens)
                self.assertEqual(result.state, "FAILED")
                self.assertIn("AppAuthError", result.error)
                self.assertIn(hint, result.error)
                self.assertIn("nope", result.error)  # GitHub's own message is kept
                self.assertEqual(store.rows, {})

    def test_unusable_key_fails_the_run_with_the_reason(self):
        tokens = appauth.InstallationTokens(self.api, self.clock, "https://api.github.com/", "ghp_pasted_a_token", "Iv1", 42, "o/r")
        result, _ = self.run_once(tokens)
        self.assertEqual(result.state, "FAILED")
        self.assertIn("private key secret cannot be used", result.error)
        self.assertNotIn("ghp_pasted_a_token", result.error)
        self.assertEqual(self.api.minted, [])

    def test_repr_shows_no_secret(self):
        tokens = _tokens(self.api, self.clock)
        tokens.token()
        text = repr(tokens) + repr(KEY)
        self.assertNotIn(self.api.minted[0], text)
        self.assertNotIn(str(KEY.d)[:30], text)

    def test_jwt_claims(self):
        parts = appauth.app_jwt(KEY, 123456, 1_800_000_000).split(".")
        import base64
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
        self.assertEqual(claims, {"iat": 1_800_000_000 - 60, "exp": 1_800_000_000 + 540, "iss": "123456"})
        signature = int.from_bytes(base64.urlsafe_b64decode(parts[2] + "=" * (-len(parts[2]) % 4)), "big")
        self.assertEqual(len(base64.urlsafe_b64decode(parts[2] + "=" * (-len(parts[2]) % 4))), KEY.size)
        self.assertLess(signature, KEY.n)


if __name__ == "__main__":
    unittest.main()
