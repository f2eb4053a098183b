"""What to do with a GitHub response: use it, retry after a wait, or stop.

A procedure must not hold a warehouse asleep for long, so any wait longer
than `max_wait` ends the run with its checkpoint; the next scheduled run
resumes from there.
"""

import math

from .github import header

OK = "ok"
NOT_MODIFIED = "not_modified"
RETRY = "retry"
STOP_RATE_LIMITED = "rate_limited"
REDIRECT = "redirect"
FAIL = "fail"


class Decision:
    __slots__ = ("action", "wait", "reason")

    def __init__(self, action, wait=0.0, reason=""):
        self.action = action
        self.wait = wait
        self.reason = reason

    def __repr__(self):
        return "Decision(%r, wait=%r, reason=%r)" % (self.action, self.wait, self.reason)

    def __eq__(self, other):
        return isinstance(other, Decision) and (self.action, self.wait, self.reason) == (other.action, other.wait, other.reason)


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def backoff(attempt, base=1.0, cap=30.0):
    """Exponential backoff for transient errors: 1, 2, 4, ... seconds, capped."""
    return min(cap, base * math.pow(2, max(0, attempt - 1)))


def decide(status, headers, attempt, now, max_attempts=5, max_wait=60.0, detail=None):
    """Classify one response. detail says why a connection failed.

    status None means the connection failed (reset, timeout). attempt is
    1-based. now is epoch seconds, for x-ratelimit-reset.
    """
    if status is not None and 200 <= status < 300:
        return Decision(OK)
    if status == 304:
        return Decision(NOT_MODIFIED)
    if status in (301, 302, 307, 308):
        # GitHub: follow redirects (a renamed repository); a 301 on one
        # issue means it was transferred. The caller decides.
        return Decision(REDIRECT, 0.0, "HTTP %d" % status)

    remaining = _number(header(headers, "x-ratelimit-remaining"))
    reset = _number(header(headers, "x-ratelimit-reset"))
    retry_after = _number(header(headers, "retry-after"))

    if status in (403, 429) and (retry_after is not None or remaining == 0 or status == 429):
        if retry_after is not None:
            wait = max(0.0, retry_after)
            reason = "HTTP %d: secondary rate limit (retry-after %ds)" % (status, int(wait))
        elif remaining == 0 and reset is not None:
            wait = max(0.0, reset - now)
            reason = "HTTP %d: primary rate limit exhausted until %d" % (status, int(reset))
        else:
            wait = max(60.0, backoff(attempt, base=60.0, cap=900.0))
            reason = "HTTP %d: rate limited without retry-after" % status
        if wait > max_wait or attempt >= max_attempts:
            return Decision(STOP_RATE_LIMITED, wait, reason)
        return Decision(RETRY, wait, reason)

    if status is None or status >= 500:
        reason = "HTTP %d" % status if status is not None else (
            "connection failed (%s)" % detail if detail else "connection failed")
        if attempt >= max_attempts:
            return Decision(FAIL, 0.0, reason + " after %d attempts" % attempt)
        wait = backoff(attempt)
        return Decision(RETRY, wait, reason)

    if status == 401:
        return Decision(FAIL, 0.0, "HTTP 401: the GitHub token is invalid or expired; rotate it with ghconnector_secret")
    if status == 404:
        return Decision(FAIL, 0.0, "HTTP 404: the repository does not exist or the token cannot read it")
    if status == 403:
        return Decision(FAIL, 0.0, "HTTP 403: the token lacks access to the repository's issues")
    if status == 422:
        return Decision(FAIL, 0.0, "HTTP 422: GitHub rejected the request (pagination too deep?)")
    return Decision(FAIL, 0.0, "HTTP %d" % status)
