"""Credentials never reach a recorded error.

Three layers, each enough on its own for what it covers:

1. A credential is checked where it is read (checked_token, checked_key):
   a control character in it is refused with a message that quotes nothing,
   before it can reach an HTTP header whose refusal would quote it.
2. Exceptions whose text may carry what was sent (http.client's header
   check, urllib's errors) are recorded by type only (describe).
3. Every text that is recorded (APP_STATE.ERROR, the task's error, a
   procedure's exception) passes through scrub(): each credential this
   process has read, in every form an error message could print it (raw,
   repr-escaped, each of its lines), and anything shaped like a GitHub
   token, an Authorization value, a JWT or a PEM block, becomes [REDACTED].
"""

import re

REDACTED = "[REDACTED]"

# Credentials this process has read, longest first when scrubbing.
_KNOWN = set()

# GitHub's token formats (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_), the
# older installation tokens (v1.<40 hex>), Authorization values, JWTs and
# PEM blocks, whole or cut off.
_SHAPES = [
    re.compile(r"(?:gh[pousr]_|github_pat_)[A-Za-z0-9_]+"),
    re.compile(r"\bv1\.[0-9a-fA-F]{40}\b"),
    re.compile(r"(?i)\bbearer\s+[^\s'\"<>]+"),
    re.compile(r"(?i)\bauthorization[\"']?\s*[:=]\s*[\"']?[^\s'\"<>,]+(?:\s+[^\s'\"<>,]+)?"),
    re.compile(r"\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*)?"),
    re.compile(r"-----BEGIN[^-]*-----.*?(?:-----END[^-]*-----|\Z)", re.S),
]

# Parts of a credential shorter than this are not scrubbed on their own
# (they would blank out ordinary words); the shapes above still apply.
_MIN_PART = 6


def _control(ch):
    return ord(ch) < 0x20 or ord(ch) == 0x7F or 0x80 <= ord(ch) < 0xA0


def remember(secret):
    """Note a credential so that scrub() removes it wherever it shows up."""
    if not isinstance(secret, str) or not secret:
        return
    forms = {secret, secret.strip(), repr(secret)[1:-1], repr(secret.encode("utf-8", "replace"))[2:-1],
             secret.encode("unicode_escape").decode("ascii")}
    # Its runs of printable ASCII read the same in every escaped form
    # (repr, bytes repr, JSON), whatever separates them.
    forms.update(re.split(r"[^\x21-\x5b\x5d-\x7e]+", secret))
    _KNOWN.update(f for f in forms if len(f) >= _MIN_PART)


def checked_token(value, what):
    """A token as read from its secret: refused when empty or when it holds
    whitespace or a control character (GitHub tokens hold neither; a line
    break would make the HTTP header that carries it invalid). The message
    says what to fix and quotes nothing of the value."""
    remember(value)
    if not isinstance(value, str) or not value.strip():
        raise ValueError("the %s is empty; store the token with ghconnector_secret" % what)
    if any(_control(ch) or ch.isspace() for ch in value):
        raise ValueError("the %s holds a line break, a space or another control character; store the token alone, "
                         "without surrounding whitespace, with ghconnector_secret" % what)
    return value


def checked_key(value, what):
    """A PEM private key as read: line breaks and tabs are its layout, any
    other control character is refused without quoting the key."""
    if isinstance(value, str):
        # Its body, line by line; the armor lines (-----BEGIN … KEY-----)
        # are public words that error messages may name.
        for line in value.splitlines():
            if not line.strip().startswith("-----"):
                remember(line.strip())
    if isinstance(value, str) and any(_control(ch) and ch not in "\n\r\t" for ch in value):
        raise ValueError("the %s holds a control character other than line breaks; store the App's .pem file as "
                         "GitHub generated it with ghconnector_secret" % what)
    return value


def scrub(text):
    """text without any credential this process has read, nor anything
    shaped like one."""
    if text is None:
        return None
    text = str(text)
    # Shapes first: a PEM block is matched whole before its lines are.
    for shape in _SHAPES:
        text = shape.sub(REDACTED, text)
    for known in sorted(_KNOWN, key=len, reverse=True):
        if known in text:
            text = text.replace(known, REDACTED)
    return text


# Exceptions raised while a request is built or sent: their text can quote
# the request's headers (http.client's "Invalid header value b'Bearer …'")
# or what came back, so only their type is recorded.
_OPAQUE = ("http", "urllib", "ssl", "socket", "email")


def describe(err):
    """An exception as it may be recorded: its type, and its message unless
    it comes from the HTTP stack; scrubbed either way."""
    kind = type(err).__name__
    if (type(err).__module__ or "").split(".")[0] in _OPAQUE:
        return kind + " (its text is not recorded: it may quote the request)"
    return scrub("%s: %s" % (kind, err))
