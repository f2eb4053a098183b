"""The emulator's stand-in for Snowflake's _snowflake module."""

_secrets = {}


def _configure(secrets):
    _secrets.clear()
    _secrets.update(secrets)


def get_generic_secret_string(alias):
    if alias not in _secrets:
        raise ValueError(
            "Failed to retrieve secret with alias %r: it is not in the procedure's SECRETS, or the procedure's owner "
            "cannot read it through an allowed external access integration" % alias)
    return _secrets[alias]
