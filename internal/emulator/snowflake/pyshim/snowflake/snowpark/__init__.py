"""A small Snowpark-compatible surface for procedures run by the emulator:
Session.sql(query, params).collect() returning Row objects."""

import json
import urllib.error
import urllib.request

__all__ = ["Session", "Row"]


class SnowparkSQLException(Exception):
    def __init__(self, message, sql_error_code=None):
        super().__init__(message)
        self.message = message
        self.sql_error_code = sql_error_code


class Row(tuple):
    """A result row: index by position or column name, or use attributes."""

    def __new__(cls, names, values):
        row = super().__new__(cls, values)
        row._names = list(names)
        return row

    def __getitem__(self, key):
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._names.index(key))
            except ValueError as err:
                raise KeyError(key) from err
        return tuple.__getitem__(self, key)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError as err:
            raise AttributeError(name) from err

    def as_dict(self):
        return dict(zip(self._names, self))

    asDict = as_dict

    def __repr__(self):
        return "Row(%s)" % ", ".join("%s=%r" % kv for kv in zip(self._names, self))


_direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class _Result:
    def __init__(self, session, query, params):
        self._session = session
        self._query = query
        self._params = params

    def collect(self):
        return self._session._run(self._query, self._params)


class Session:
    @classmethod
    def _for_procedure(cls, callback, token):
        s = cls()
        s._callback = callback
        s._token = token
        return s

    def sql(self, query, params=None):
        return _Result(self, query, list(params or []))

    def _run(self, query, params):
        body = json.dumps({"token": self._token, "sql": query, "params": params}, default=str).encode()
        request = urllib.request.Request(self._callback, data=body, headers={"Content-Type": "application/json"})
        with _direct.open(request, timeout=600) as resp:
            reply = json.loads(resp.read().decode())
        if not reply.get("ok"):
            raise SnowparkSQLException(reply.get("message", "SQL error"), reply.get("code"))
        names = reply.get("columns", [])
        return [Row(names, values) for values in reply.get("rows", [])]
