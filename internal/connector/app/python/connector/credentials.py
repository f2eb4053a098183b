"""Credentials: the bound personal access token, or a GitHub App's
installation tokens minted with its bound private key."""

from . import appauth
from . import github
from . import redact

SECRET_ALIAS = "github_token"
APP_KEY_ALIAS = "github_app_key"


def secret(alias=SECRET_ALIAS):
    """A bound secret's value, checked where it is read: a token with a
    line break or any control character, or a key with a control character
    other than its line breaks, is refused with a message quoting nothing."""
    import _snowflake  # provided by the Snowflake Python runtime
    what = "GitHub App private key" if alias == APP_KEY_ALIAS else "GitHub token"
    try:
        value = _snowflake.get_generic_secret_string(alias)
    except Exception as e:  # the runtime raises its own error types
        # After an upgrade the procedure is new and unbound until
        # RESTORE_BINDINGS runs (terraform apply does it right away).
        raise RuntimeError("the %s secret is not bound to INGEST_DATA (%s); run terraform apply, "
                           "or CALL PUBLIC.RESTORE_BINDINGS() as the application's owner" % (what, redact.describe(e))) from None
    if alias == APP_KEY_ALIAS:
        return redact.checked_key(value, what + " secret")
    return redact.checked_token(value, what + " secret")


class SecretToken:
    """The bound personal access token, read (and checked) at the run's
    first request, so that a refused token fails the run with its reason
    recorded like any other failure."""

    mints = 0

    def __init__(self):
        self._value = None

    def __repr__(self):  # never the token
        return "SecretToken()"

    def token(self):
        if self._value is None:
            self._value = secret()
        return self._value


def of_config(config, resource_id, transport, clock, token):
    """The run's token source: the bound personal access token, or an App
    installation token source for the repository."""
    if token is not None:
        return token
    app = config.get("github_app")
    if not app:
        return SecretToken()
    return appauth.InstallationTokens(transport, clock, github.normalize_api_url(config.get("github_api_url")),
                                      lambda: secret(APP_KEY_ALIAS), app["client_id"], app["installation_id"], resource_id)
