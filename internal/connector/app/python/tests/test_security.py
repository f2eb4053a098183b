"""Hostile values against the connector's security rules: credentials
never in a recorded error, the token never sent off the API, listings
bounded, names matched whole, statements bounded by bytes.

The randomized tests print the failing seed; SECURITY_SEED=n replays one.
"""

import http.server
import json
import os
import random
import string
import threading
import unittest

from connector import github, ingest, redact, reconcile, sql
from connector.github import Response
from tests.fakes import FakeClock, FakeGitHub, FakeSession, MemoryStore

API = "https://api.github.com/"
CONTROL = ["\n", "\r", "\r\n", "\x00", "\t", "\x7f", "\x85", "\x0b", "\x1b", " ", "\u2028"]


def seeds(count):
    one = os.environ.get("SECURITY_SEED")
    return [int(one)] if one else range(count)


def hostile_token(rnd):
    """A token shaped like one of GitHub's, with control characters or
    spaces inside or around it."""
    prefix = rnd.choice(["ghp_", "gho_", "ghs_", "ghu_", "github_pat_11A", "v1.", "", "Bearer "])
    body = "".join(rnd.choice(string.ascii_letters + string.digits + "_") for _ in range(rnd.randint(12, 60)))
    chars = list(prefix + body)
    for _ in range(rnd.randint(1, 3)):
        chars.insert(rnd.randint(0, len(chars)), rnd.choice(CONTROL))
    return "".join(chars)


def fragments(secret):
    """The parts of a secret a leak would show: each run between control
    characters or spaces of 8 characters or more, and its escaped form."""
    parts = [p for p in "".join(c if c.isprintable() and not c.isspace() else "\x00" for c in secret).split("\x00") if len(p) >= 8]
    return parts + [repr(secret)[1:-1]]


def leaked(secret, text):
    return [f for f in fragments(secret) if f in (text or "")]


class _Empty(http.server.BaseHTTPRequestHandler):
    """A GitHub that answers every listing with an empty page."""

    def do_GET(self):
        body = b"[]"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class HostileTokenTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Empty)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        cls.api = "http://127.0.0.1:%d/" % cls.server.server_address[1]

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()

    def test_a_token_with_a_line_break_fails_the_run_without_quoting_it(self):
        """Through the real urllib transport, which would otherwise raise
        http.client's ValueError quoting the header."""
        for seed in seeds(150):
            rnd = random.Random(seed)
            token = hostile_token(rnd)
            store = MemoryStore()
            result = ingest.run(store, github.urllib_transport, FakeClock(), token, self.api, "o/r", {}, ingest.Settings())
            recorded = json.dumps(store.runs)
            with self.subTest(seed=seed):
                self.assertEqual(result.state, "FAILED", "seed %d" % seed)
                self.assertIn("line break, a space or another control character", result.error, "seed %d" % seed)
                self.assertEqual(leaked(token, result.error + recorded), [], "seed %d: the token leaked" % seed)

    def test_the_transport_never_quotes_a_header_it_cannot_send(self):
        for seed in seeds(100):
            rnd = random.Random(seed)
            token = hostile_token(rnd)
            response = github.urllib_transport("GET", self.api + "repos/o/r/issues", github.request_headers(token), 5)
            text = (response.body or b"").decode("utf-8", "replace")
            with self.subTest(seed=seed):
                if response.status is not None:  # only a space inside: a valid, if wrong, header
                    continue
                self.assertEqual(leaked(token, text), [], "seed %d: %r" % (seed, text))

    def test_scrub_removes_every_form_of_a_credential(self):
        """The last layer: whatever message an exception builds around a
        credential this process read, or one shaped like GitHub's."""
        for seed in seeds(300):
            rnd = random.Random(seed)
            token = hostile_token(rnd)
            redact.remember(token)
            shaped = rnd.choice(["ghp_", "ghs_", "github_pat_"]) + "".join(rnd.choice(string.ascii_letters) for _ in range(36))
            forms = [token, repr(token), repr(token.encode("utf-8", "replace")), "Bearer " + token, "b'Bearer %s'" % token,
                     "Authorization: Bearer " + shaped, shaped, "Authorization=token " + shaped]
            message = "ValueError: Invalid header value %s while %s" % (rnd.choice(forms), rnd.choice(forms))
            clean = redact.scrub(message)
            with self.subTest(seed=seed):
                self.assertEqual(leaked(token, clean), [], "seed %d: %r" % (seed, clean))
                self.assertNotIn(shaped, clean, "seed %d: %r" % (seed, clean))

    def test_scrub_leaves_ordinary_messages_alone(self):
        for message in ["HTTP 401: the GitHub token is invalid or expired; rotate it with ghconnector_secret",
                        "stopped after 5 pages; the next run continues from the checkpoint",
                        "HTTP 404: the repository does not exist or the token cannot read it"]:
            self.assertEqual(redact.scrub(message), message)

    def test_keys_and_pem_blocks(self):
        pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA" + "x" * 40 + "\n-----END RSA PRIVATE KEY-----\n"
        self.assertEqual(redact.checked_key(pem, "key"), pem)
        with self.assertRaises(ValueError) as ctx:
            redact.checked_key(pem.replace("\n", "\x00", 1), "GitHub App private key secret")
        self.assertNotIn("MIIE", str(ctx.exception))
        self.assertNotIn("MIIE", redact.scrub("cannot parse " + pem[:60]))
        self.assertNotIn("MIIEowIBAAKCAQEA", redact.scrub("a line of it: MIIEowIBAAKCAQEA" + "x" * 40))
        from connector import appauth
        with self.assertRaises(appauth.KeyProblem) as ctx:
            appauth.parse_private_key("not a key")
        self.assertEqual(redact.scrub(str(ctx.exception)), str(ctx.exception), "the key error reads the same once scrubbed")

    def test_exceptions_of_the_http_stack_are_recorded_by_type_only(self):
        import http.client
        self.assertEqual(redact.describe(http.client.InvalidURL("nonnumeric port: 'ghp_x'")),
                         "InvalidURL (its text is not recorded: it may quote the request)")
        self.assertEqual(redact.describe(KeyError("x")), "KeyError: 'x'")


class HostileLinkTests(unittest.TestCase):
    """Reconciliation's creation-order listing follows Link next; a hostile
    or broken GitHub (or a man in the middle of an enterprise proxy) must
    not send the token elsewhere, read a local file or loop."""

    HOSTILE = ["https://evil.example/repos/o/r/issues?page=2", "http://api.github.com/repos/o/r/issues?page=2",
               "//evil.example/repos/o/r/issues", "https://user:pw@api.github.com/repos/o/r/issues?page=2",
               "https://api.github.com.evil.example/repos/o/r/issues", "https://api.github.com:8443/repos/o/r/issues",
               "file:///etc/passwd", "data:text/plain,[]", "ftp://api.github.com/x", "javascript:alert(1)",
               "https://evil.example@api.github.com.evil.example/"]

    def _listing(self, link_for, max_pages=5):
        """Run reconciliation against a GitHub whose listing pages carry
        the Link link_for(n) gives; returns (result, requests)."""
        sent = []

        def transport(method, url, headers, timeout, body=None):
            sent.append(url)
            page = len(sent)
            if page > 100:
                raise AssertionError("the listing did not stop: %d requests" % page)
            items = [{"number": page, "id": page}]
            link = link_for(page, url)
            return Response(200, {"Link": '<%s>; rel="next"' % link} if link else {}, json.dumps(items).encode())

        store = MemoryStore()
        settings = ingest.Settings({"max_pages_per_run": max_pages})
        result = ingest.RunResult("o/r")
        fetcher = ingest.Fetcher(transport, FakeClock(), settings, "ghp_token", result, API)
        reconcile.run(store, fetcher, API, "o", "r", result, FakeClock())
        return result, sent

    def test_a_link_off_the_api_is_never_followed(self):
        for link in self.HOSTILE:
            result, sent = self._listing(lambda n, url, link=link: link)
            with self.subTest(link=link):
                self.assertEqual(len(sent), 1, sent)
                self.assertEqual(result.state, "FAILED")
                self.assertIn("reconciliation stopped", result.error)

    def test_a_link_back_to_a_page_already_read_stops(self):
        result, sent = self._listing(lambda n, url: url, max_pages=5)
        self.assertEqual(len(sent), 1)
        self.assertIn("led back to a page already read", result.error)
        result, sent = self._listing(lambda n, url: API + "repos/o/r/issues?page=%d" % (1 + n % 2), max_pages=50)
        self.assertLessEqual(len(sent), 3)
        self.assertIn("led back to a page already read", result.error)

    def test_every_listing_is_bounded_by_max_pages(self):
        result, sent = self._listing(lambda n, url: API + "repos/o/r/issues?page=%d" % (n + 1), max_pages=5)
        self.assertEqual(len(sent), 5)
        self.assertEqual(result.state, "FAILED")
        self.assertIn("max_pages_per_run (5)", result.error)

    def test_a_relative_link_is_resolved_against_the_page(self):
        result, sent = self._listing(lambda n, url: "issues?page=%d" % (n + 1) if n < 3 else None)
        self.assertEqual(result.reconcile.complete, True, result.error)
        self.assertEqual(sent[1], API + "repos/o/r/issues?page=2")

    def test_random_links_only_ever_reach_the_api(self):
        for seed in seeds(200):
            rnd = random.Random(seed)
            links = [rnd.choice(self.HOSTILE + [API + "repos/o/r/issues?page=%d" % rnd.randint(2, 9), "issues?page=%d" %
                                                rnd.randint(2, 9), "/repos/o/r/issues?page=3", None]) for _ in range(12)]
            result, sent = self._listing(lambda n, url: links[min(n, len(links) - 1)], max_pages=rnd.randint(1, 8))
            with self.subTest(seed=seed):
                for url in sent:
                    self.assertTrue(github.within_api(API, url), "seed %d: requested %s" % (seed, url))
                self.assertLessEqual(len(sent), 8, "seed %d" % seed)

    def test_the_opener_has_no_file_data_or_ftp_handler(self):
        handlers = {type(h).__name__ for h in github._OPENER.handlers}
        for name in ("FileHandler", "DataHandler", "FTPHandler", "UnknownHandler"):
            self.assertNotIn(name, handlers)
        self.assertIsNone(github.urllib_transport("GET", "file:///etc/hostname", {}, 1).status)
        self.assertEqual(github.urllib_transport("GET", "file:///etc/hostname", {}, 1).body, b"not an http(s) URL: not requested")

    def test_a_redirect_off_the_api_is_not_followed(self):
        sent = []

        def transport(method, url, headers, timeout, body=None):
            sent.append(url)
            return Response(301, {"Location": "https://evil.example/repos/o/r/issues"}, b"")

        result = ingest.RunResult("o/r")
        fetcher = ingest.Fetcher(transport, FakeClock(), ingest.Settings(), "ghp_token", result, API)
        _, items = fetcher.listing(API + "repos/o/r/issues")
        self.assertIsNone(items)
        self.assertEqual(sent, [API + "repos/o/r/issues"])
        self.assertIn("not followed off the API host", result.error)
        with self.assertRaises(ValueError):
            fetcher.get("https://evil.example/repos/o/r/issues")


class NameTests(unittest.TestCase):
    def test_a_trailing_newline_never_passes(self):
        for bad in ["octo/repo\n", "octo\n/repo", "octo/repo\r", "octo/repo ", "octo/re\npo"]:
            with self.assertRaises(ValueError, msg=repr(bad)):
                sql.parse_resource_id(bad)
        with self.assertRaises(ValueError):
            sql.checked_fqn('"A"."B"."C"\n', 3, "secret")
        with self.assertRaises(ValueError):
            sql.checked_fqn('"EAI"\n', 1, "external_access_integration")
        self.assertEqual(sql.parse_resource_id("octo/repo"), ("octo", "repo"))

    def test_api_url_rules_are_the_providers(self):
        for bad in ["http://github.example.com", "https://u:p@github.com", "https://api.github.com/?x=1",
                    "https://api.github.com/#f", "https://x/a'b", "ftp://x", "https://"]:
            with self.assertRaises(ValueError, msg=bad):
                github.normalize_api_url(bad)
        self.assertEqual(github.normalize_api_url("http://localhost:8081"), "http://localhost:8081/api/v3/")
        self.assertEqual(github.normalize_api_url("http://[::1]:9000"), "http://[::1]:9000/api/v3/")


class MergeBatchTests(unittest.TestCase):
    def test_batches_hold_every_item_once_and_stay_under_the_bound(self):
        alphabet = "ab\u00e9\u4e2d\U0001F600\"\\\n"
        for seed in seeds(200):
            rnd = random.Random(seed)
            bound = rnd.randint(200, 5000)
            items = [{"id": i, "body": "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40)))} for i in range(rnd.randint(0, 60))]
            batches = sql.merge_batches(items, bound)
            with self.subTest(seed=seed):
                self.assertTrue(all(len(b.encode("utf-8")) <= bound for b in batches), "seed %d" % seed)
                self.assertEqual([i for b in batches for i in json.loads(b)], items, "seed %d" % seed)
                self.assertEqual(len(batches) > 0, len(items) > 0)

    def test_an_emoji_costs_four_bytes_not_twelve(self):
        self.assertEqual(len(sql.merge_batches([{"b": "\U0001F600"}])[0].encode("utf-8")), len('[{"b":""}]') + 4)

    def test_an_item_beyond_the_bound_is_refused_by_id(self):
        with self.assertRaises(ValueError) as ctx:
            sql.merge_batches([{"id": 7, "body": "x" * 100}], 50)
        self.assertIn("id 7", str(ctx.exception))

    def test_a_page_of_huge_issues_becomes_several_merges(self):
        from connector.store import SnowparkStore
        session = FakeSession([("MERGE INTO", [{"number of rows inserted": 1, "number of rows updated": 0}])])
        store = SnowparkStore(session, "o/r", '"D"."GITHUB"."O__R_ISSUES_RAW"')
        page = [{"id": i, "updated_at": "2024-01-01T00:00:00Z", "body": "\U0001F600" * 60000} for i in range(100)]
        merged = store.merge_page(page)
        merges = [params for query, params in session.calls if query.startswith("MERGE INTO")]
        self.assertGreater(len(merges), 1)
        self.assertEqual(merged, len(merges))
        self.assertTrue(all(len(p[0].encode("utf-8")) <= sql.MAX_BIND_BYTES for p in merges))
        self.assertEqual(sorted(i["id"] for p in merges for i in json.loads(p[0])), list(range(100)))


if __name__ == "__main__":
    unittest.main()
