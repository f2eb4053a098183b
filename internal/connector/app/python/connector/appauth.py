"""GitHub App authentication on the standard library: an RS256 JSON Web
Token signed with the App's private key (RSASSA-PKCS1-v1_5 over SHA-256,
RFC 8017 section 8.2), from a PEM key in PKCS#1 (BEGIN RSA PRIVATE KEY) or
PKCS#8 (BEGIN PRIVATE KEY) form.

Nothing here looks at the shape of a token GitHub returns: installation
tokens change format, and their length and prefix are GitHub's business."""

import base64
import hashlib
import json
import re

from . import redact
from . import streams as declared

# DER of AlgorithmIdentifier-wrapped SHA-256 (RFC 8017 section 9.2, note 1).
_SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")
# 1.2.840.113549.1.1.1, rsaEncryption.
_RSA_ENCRYPTION_OID = bytes.fromhex("2a864886f70d010101")

# GitHub refuses an exp more than 10 minutes after iat's "now"; iat is set 60
# s in the past against clock drift, and exp stays well under the limit.
JWT_BACKDATE_SECONDS = 60
JWT_LIFETIME_SECONDS = 540


class KeyProblem(ValueError):
    """The private key cannot be used; the message says why, never the key."""


class RSAKey:
    __slots__ = ("n", "e", "d", "p", "q", "dp", "dq", "qinv")

    def __init__(self, n, e, d, p, q, dp, dq, qinv):
        self.n, self.e, self.d, self.p, self.q, self.dp, self.dq, self.qinv = n, e, d, p, q, dp, dq, qinv

    def __repr__(self):
        return "RSAKey(%d bits)" % self.n.bit_length()

    @property
    def size(self):
        return (self.n.bit_length() + 7) // 8


def _der(data, pos):
    """One DER element at pos: (tag, content, next position)."""
    if pos + 2 > len(data):
        raise KeyProblem("truncated DER")
    tag, length = data[pos], data[pos + 1]
    pos += 2
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4 or pos + count > len(data):
            raise KeyProblem("bad DER length")
        length = int.from_bytes(data[pos:pos + count], "big")
        pos += count
    if pos + length > len(data):
        raise KeyProblem("truncated DER")
    return tag, data[pos:pos + length], pos + length


def _sequence(data):
    """The elements of a DER SEQUENCE's content."""
    items, pos = [], 0
    while pos < len(data):
        tag, content, pos = _der(data, pos)
        items.append((tag, content))
    return items


def _rsa_private_key(der):
    """RSAPrivateKey (PKCS#1, RFC 8017 appendix A.1.2)."""
    tag, content, end = _der(der, 0)
    if tag != 0x30 or end != len(der):
        raise KeyProblem("not an RSAPrivateKey")
    items = _sequence(content)
    if len(items) < 9 or any(t != 0x02 for t, _ in items[:9]):
        raise KeyProblem("not an RSAPrivateKey")
    ints = [int.from_bytes(c, "big") for _, c in items[:9]]
    if ints[0] != 0:
        raise KeyProblem("multi-prime RSA keys are not supported")
    return RSAKey(*ints[1:])


def parse_private_key(pem):
    """An RSA private key from PEM text, PKCS#1 or PKCS#8 (unencrypted)."""
    if isinstance(pem, bytes):
        pem = pem.decode("ascii", "replace")
    match = re.search(r"-----BEGIN ([A-Z ]+)-----(.*?)-----END \1-----", pem or "", re.S)
    if not match:
        # Named without the dashes: recorded errors are scrubbed of anything
        # shaped like a PEM block.
        raise KeyProblem("the private key is not PEM text (a BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY block)")
    label = match.group(1)
    try:
        der = base64.b64decode("".join(match.group(2).split()), validate=True)
    except ValueError:
        raise KeyProblem("the private key's PEM body is not base64") from None
    if label == "RSA PRIVATE KEY":
        return _rsa_private_key(der)
    if label == "PRIVATE KEY":
        # PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier, OCTET STRING privateKey, … }
        tag, content, end = _der(der, 0)
        items = _sequence(content) if tag == 0x30 and end == len(der) else []
        if len(items) < 3 or items[0][0] != 0x02 or items[1][0] != 0x30 or items[2][0] != 0x04:
            raise KeyProblem("not a PKCS#8 PrivateKeyInfo")
        algorithm = _sequence(items[1][1])
        if not algorithm or algorithm[0] != (0x06, _RSA_ENCRYPTION_OID):
            raise KeyProblem("the PKCS#8 key is not an RSA key (GitHub App keys are RSA)")
        return _rsa_private_key(items[2][1])
    if label == "ENCRYPTED PRIVATE KEY":
        raise KeyProblem("the private key is encrypted; store the key GitHub generated, unencrypted")
    raise KeyProblem("unsupported PEM block %r" % label)


def sign_pkcs1_sha256(key, message):
    """RSASSA-PKCS1-v1_5 signature of message with SHA-256 (RFC 8017 8.2.1)."""
    t = _SHA256_DIGEST_INFO + hashlib.sha256(message).digest()
    k = key.size
    if k < len(t) + 11:
        raise KeyProblem("the RSA key is too short")
    em = b"\x00\x01" + b"\xff" * (k - len(t) - 3) + b"\x00" + t
    m = int.from_bytes(em, "big")
    # CRT (RFC 8017 5.1.2, 2.b), checked against the public key so that a
    # corrupt key never yields a wrong signature.
    s1, s2 = pow(m, key.dp, key.p), pow(m, key.dq, key.q)
    h = (key.qinv * (s1 - s2)) % key.p
    s = s2 + key.q * h
    if pow(s, key.e, key.n) != m:
        raise KeyProblem("the RSA key is inconsistent (its parts do not match)")
    return s.to_bytes(k, "big")


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def app_jwt(key, issuer, now):
    """The JWT that authenticates as the App: iss is its client ID (or App
    ID), iat a minute in the past, exp nine minutes ahead."""
    iat = int(now) - JWT_BACKDATE_SECONDS
    claims = {"iat": iat, "exp": int(now) + JWT_LIFETIME_SECONDS, "iss": str(issuer)}
    header = _b64url(json.dumps({"alg": "RS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = _b64url(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = (header + "." + payload).encode("ascii")
    return header + "." + payload + "." + _b64url(sign_pkcs1_sha256(key, signing_input))


class AppAuthError(RuntimeError):
    """Minting an installation token failed; the message says what to fix."""


# A cached token is replaced this long before GitHub's expires_at, so that
# no request of a run goes out with a token about to lapse.
REFRESH_MARGIN_SECONDS = 300


def _parse_expiry(text):
    import calendar
    import time
    try:
        return calendar.timegm(time.strptime(text, "%Y-%m-%dT%H:%M:%SZ"))
    except (TypeError, ValueError):
        return None


# What a run's token is minted with: what the declared streams need
# (streams.json). pull_requests even for issues alone: without it GitHub
# filters pull requests out of /issues and /issues/comments for the token,
# so the issues view would silently lose every pull request and their
# conversation comments would look deleted ("Permissions required for
# GitHub Apps": endpoints that return both are filtered).
PERMISSIONS = {p: "read" for p in declared.permissions(declared.ORDER)}


class InstallationTokens:
    """Installation tokens for one repository, minted with the App's JWT
    (POST /app/installations/{id}/access_tokens, scoped to the repository
    with issues and pull_requests read), cached until shortly before they expire, and
    re-minted at most once per run when GitHub answers 401 mid-run."""

    def __init__(self, transport, clock, api_url, private_key_pem, issuer, installation_id, repository, timeout=30):
        self.transport, self.clock, self.api_url = transport, clock, api_url
        self._pem, self.key = private_key_pem, None
        self.issuer, self.installation_id, self.repository = issuer, int(installation_id), repository
        self.timeout = timeout
        self.mints = 0
        self._token, self._expires = None, None
        self._refreshed = False

    def __repr__(self):  # never the key or a token
        return "InstallationTokens(installation=%d, repository=%s, mints=%d)" % (self.installation_id, self.repository, self.mints)

    def token(self):
        if self._token is None or (self._expires is not None and self.clock.now() >= self._expires - REFRESH_MARGIN_SECONDS):
            self._mint()
        return self._token

    def refresh_after_401(self):
        """Re-mint once per run after a 401: the token may have expired
        mid-run. False when that was already tried (the 401 is real)."""
        if self._refreshed:
            return False
        self._refreshed = True
        self._token = None
        return True

    def _mint(self):
        from . import github
        if self.key is None:
            # Parsed here, inside the run, so that a bad key is recorded in
            # the run history like any other failure.
            try:
                # The key's secret may be read lazily (a callable), so that a
                # refused value fails the run with its reason recorded.
                self.key = parse_private_key(self._pem() if callable(self._pem) else self._pem)
            except KeyProblem as err:
                raise AppAuthError("the GitHub App private key secret cannot be used: %s; store the App's .pem "
                                   "file in it with ghconnector_secret" % err) from None
            self._pem = None
        url = self.api_url + "app/installations/%d/access_tokens" % self.installation_id
        headers = github.request_headers(app_jwt(self.key, self.issuer, self.clock.now()))
        headers["Content-Type"] = "application/json"
        request = {"permissions": dict(PERMISSIONS)}
        if self.repository:
            request["repositories"] = [self.repository.split("/", 1)[1]]
        body = json.dumps(request).encode()
        self.mints += 1
        response = self.transport("POST", url, headers, self.timeout, body=body)
        if response.status == 201:
            try:
                doc = json.loads(response.body.decode("utf-8"))
                token, expires = doc["token"], _parse_expiry(doc.get("expires_at"))
            except (ValueError, KeyError, TypeError, AttributeError):
                raise AppAuthError("GitHub answered the installation token request with an unreadable document") from None
            if not isinstance(token, str) or not token:
                raise AppAuthError("GitHub answered the installation token request without a token")
            try:
                token = redact.checked_token(token, "installation token GitHub returned")
            except ValueError as err:
                raise AppAuthError(str(err)) from None
            self._token, self._expires = token, expires
            return
        raise AppAuthError(self._explain(response))

    def _explain(self, response):
        message = ""
        try:
            message = str(json.loads(response.body.decode("utf-8")).get("message") or "")
        except (ValueError, AttributeError):
            pass
        status = response.status
        said = " (GitHub: %s)" % message if message else ""
        if status is None:
            return "GitHub App token request failed: connection failed (%s)" % (response.body or b"").decode("utf-8", "replace")[:200]
        if status == 401:
            return ("HTTP 401 minting an installation token%s: GitHub refused the App's JWT; check github_app.client_id and that "
                    "the private key secret holds this App's current key, and the clock" % said)
        if status == 404:
            return ("HTTP 404 minting an installation token%s: installation %d does not exist for this App; check "
                    "github_app.installation_id and that the App is installed" % (said, self.installation_id))
        if status == 422:
            names = " and ".join(p for p in sorted(PERMISSIONS))
            titles = " and ".join("%s (read)" % p.replace("_", " ").capitalize() for p in sorted(PERMISSIONS))
            return ("HTTP 422 minting an installation token%s: the installation cannot see %s or grant %s read; add the "
                    "repository to the App's installation and give the App the %s repository permissions (without "
                    "Pull requests GitHub hides every pull request from the issues endpoints)" % (said, self.repository, names, titles))
        if status == 403:
            return "HTTP 403 minting an installation token%s: the App or installation is suspended or blocked" % said
        return "HTTP %d minting an installation token%s" % (status, said)
