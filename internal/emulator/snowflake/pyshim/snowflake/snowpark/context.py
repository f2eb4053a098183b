_active = None


def get_active_session():
    if _active is None:
        raise RuntimeError("no active session")
    return _active
