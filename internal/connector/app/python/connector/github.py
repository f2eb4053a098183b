"""A minimal GitHub REST client on the standard library."""

import http.client
import ipaddress
import re
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request

USER_AGENT = "ghconnector-snowflake-native-app"
API_VERSION = "2022-11-28"


class Response:
    __slots__ = ("status", "headers", "body")

    def __init__(self, status, headers, body):
        self.status = status  # None: the connection failed
        self.headers = headers
        self.body = body


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects come back to the caller: a 301 on a single issue is how
    GitHub says it was transferred, which following it would hide."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def ca_bundle():
    """The CA bundle TLS verification uses: certifi's when it can be
    imported, else OpenSSL's default paths (None).

    Snowflake's examples of external access call APIs with `requests`, which
    verifies against certifi's bundle; certifi is in every Python procedure
    that lists snowflake-snowpark-python (through snowflake-connector-python),
    so the connector verifies against the same bundle without another
    package, and falls back to the runtime's defaults elsewhere."""
    try:
        import certifi
    except ImportError:
        return None
    return certifi.where()


def tls_context():
    return ssl.create_default_context(cafile=ca_bundle())


# Egress: in Snowflake the external access integration admits the hosts of
# its network rules at the network level, transparently: no proxy variables
# are set and any HTTP client works. The local emulator enforces the same
# rules through a proxy it names in HTTPS_PROXY/HTTP_PROXY, which urllib's
# default ProxyHandler honours; nothing here depends on either.
#
# The opener is assembled by hand, not by build_opener(), so that it holds
# the HTTP and HTTPS handlers only: build_opener() adds file:, data: and
# ftp: handlers, and a URL from a response must never read a local file.
def _opener():
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), urllib.request.HTTPHandler(),
                    urllib.request.HTTPSHandler(context=tls_context()), urllib.request.HTTPDefaultErrorHandler(),
                    _NoRedirect(), urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener


_OPENER = _opener()
SCHEMES = ("https", "http")


def urllib_transport(method, url, headers, timeout, body=None):
    """Send one request; connection failures become status None, and
    redirects are returned, not followed. TLS is verified (tls_context)."""
    if urllib.parse.urlsplit(url).scheme not in SCHEMES:
        return Response(None, {}, b"not an http(s) URL: not requested")
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with _OPENER.open(request, timeout=timeout) as resp:
            return Response(resp.status, dict(resp.headers.items()), resp.read())
    except urllib.error.HTTPError as err:
        body = err.read() if err.fp is not None else b""
        return Response(err.code, dict(err.headers.items()) if err.headers else {}, body)
    except (urllib.error.URLError, socket.timeout, ConnectionError, http.client.HTTPException, OSError) as err:
        return Response(None, {}, str(err).encode())
    except ValueError:
        # http.client refuses a header holding a line break, quoting the
        # header (the token) in its message: say so without it.
        return Response(None, {}, b"the request could not be sent: a header value holds a control character")


_API_PATH = re.compile(r"[A-Za-z0-9._~/-]*")


def is_loopback(host):
    """Whether host names this machine (plain http is allowed only there)."""
    if (host or "").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def normalize_api_url(api_url):
    """https://api.github.com/ or a GitHub Enterprise /api/v3/ base, with a
    trailing slash; the same rules as the provider's NormalizeAPIURL: https,
    or plain http to a loopback host only; no credentials, query or
    fragment; a path of letters, digits and . _ ~ - /."""
    url = "https://api.github.com/" if api_url is None or not str(api_url).strip() else str(api_url)
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise ValueError("api_url %r must be an https URL, such as https://api.github.com/ or https://github.example.com/api/v3/"
                         % api_url)
    try:
        parts.port  # a port that is not a number raises
    except ValueError:
        raise ValueError("api_url %r is not a URL: its port is not a number" % api_url) from None
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise ValueError("api_url %r uses plain http to a non-loopback host; use https:// so the token is never sent in clear "
                         "text" % api_url)
    if parts.username is not None or parts.password is not None or parts.query or parts.fragment or "?" in url or "#" in url:
        raise ValueError("api_url %r must not contain credentials, a query or a fragment" % api_url)
    if not _API_PATH.fullmatch(parts.path):
        raise ValueError("api_url %r: the path may only hold letters, digits and . _ ~ - / (for example /api/v3/)" % api_url)
    path = parts.path.rstrip("/")
    if parts.hostname.lower() != "api.github.com" and not path.endswith("/api/v3"):
        path += "/api/v3"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path + "/", "", ""))


def within_api(api_url, url):
    """Whether url (absolute) is on the configured API: same scheme, host
    and port, under its base path. Only such URLs get the token."""
    base = urllib.parse.urlsplit(normalize_api_url(api_url))
    target = urllib.parse.urlsplit(url)
    return (target.scheme, target.netloc.lower()) == (base.scheme, base.netloc.lower()) and target.path.startswith(base.path) \
        and target.username is None


_BY_ID = re.compile(r"repositories/([0-9]+)(?:/|$)")


def repository_id_of(api_url, url):
    """The repository id of a /repositories/{id}/… URL under the API (where
    GitHub's rename and transfer redirects point), else None."""
    base = normalize_api_url(api_url)
    if not url or not url.startswith(base):
        return None
    match = _BY_ID.match(url[len(base):])
    return int(match.group(1)) if match else None


def repository_url(api_url, owner, repo):
    return normalize_api_url(api_url) + "repos/%s/%s" % (urllib.parse.quote(owner, safe=""), urllib.parse.quote(repo, safe=""))


def _repo_path(api_url, owner, repo):
    return normalize_api_url(api_url) + "repos/%s/%s/" % (urllib.parse.quote(owner, safe=""), urllib.parse.quote(repo, safe=""))


def listing_url(api_url, owner, repo, path, params=None, since=None, per_page=100, page=None, sort="updated"):
    """A repository listing (path under /repos/{o}/{r}/, with a stream's
    fixed params), oldest first by `sort`. page is only ever set inside
    one updated_at second (keyset paging) or for a creation-order
    reconciliation listing; it is omitted for page 1 so that the first URL
    of a quiet run is stable and its ETag matches."""
    query = list((params or {}).items()) + [("sort", sort), ("direction", "asc"), ("per_page", str(per_page))]
    if since:
        query.append(("since", since))
    if page and page > 1:
        query.append(("page", str(page)))
    return _repo_path(api_url, owner, repo) + path + "?" + urllib.parse.urlencode(query)


def item_url(api_url, owner, repo, template, **values):
    """One item under /repos/{o}/{r}/: template such as issues/{number},
    with integer values only."""
    return _repo_path(api_url, owner, repo) + template.format(**{k: int(v) for k, v in values.items()})


def issues_url(api_url, owner, repo, since=None, per_page=100, page=None, sort="updated"):
    """The issue listing (every state, pull requests included)."""
    return listing_url(api_url, owner, repo, "issues", {"state": "all"}, since, per_page, page, sort)


def issue_url(api_url, owner, repo, number):
    return item_url(api_url, owner, repo, "issues/{number}", number=number)


def comments_url(api_url, owner, repo, since=None, per_page=100, page=None, sort="updated"):
    """The repository-wide comment listing (every issue's and pull
    request's conversation): one listing per repository, never one per
    issue."""
    return listing_url(api_url, owner, repo, "issues/comments", None, since, per_page, page, sort)


def comment_url(api_url, owner, repo, comment_id):
    return item_url(api_url, owner, repo, "issues/comments/{id}", id=comment_id)


urljoin = urllib.parse.urljoin


def same_origin(url, other):
    """Whether a redirect stays on the API host (the token may follow it)."""
    a, b = urllib.parse.urlsplit(url), urllib.parse.urlsplit(urllib.parse.urljoin(url, other))
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


def header(headers, name):
    """A response header by its lower-case name, whatever its case."""
    for key, value in (headers or {}).items():
        if key.lower() == name:
            return value
    return None


def request_headers(token, etag=None):
    headers = {
        "Accept": "application/vnd.github+json",
        "X-GitHub-Api-Version": API_VERSION,
        "User-Agent": USER_AGENT,
    }
    if token:
        headers["Authorization"] = "Bearer " + token
    if etag:
        headers["If-None-Match"] = etag
    return headers
