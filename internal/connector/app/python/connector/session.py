"""Statements through the Snowpark session, and the values of the rows
they return (Snowpark Rows, or dicts in tests)."""

import json


def rows(session, query, params=None):
    return session.sql(query, params=params or []).collect()


def value(row, name):
    try:
        return row[name]
    except (KeyError, TypeError, IndexError):
        return getattr(row, name)


def parse_json(value):
    """A VARIANT as Python: Snowpark gives JSON text, tests give objects."""
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        return value
    return json.loads(value)
