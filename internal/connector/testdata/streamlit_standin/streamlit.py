"""A recording stand-in for the streamlit module, for running the connector's
page in tests without a Streamlit server. Each call is appended to
_recorded; only the API the page may use exists, with streamlit's own
signatures, so a call that real streamlit would reject fails here too."""

import datetime
import decimal
import json as _json

_recorded = []


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime, decimal.Decimal)):
        return str(value)
    return value


def _record(call, **fields):
    entry = {"call": call}
    entry.update({k: _plain(v) for k, v in fields.items()})
    _json.dumps(entry)  # what the page shows must be renderable
    _recorded.append(entry)


def title(body, anchor=None, *, help=None):
    _record("title", body=str(body))


def header(body, anchor=None, *, help=None, divider=False):
    _record("header", body=str(body))


def info(body, *, icon=None):
    _record("info", body=str(body))


def json(body, *, expanded=True):
    if isinstance(body, str):
        body = _json.loads(body)
    _record("json", body=body)


def _rows(data):
    if data is None:
        return []
    if isinstance(data, dict):
        return [data]
    rows = list(data)
    for row in rows:
        if not isinstance(row, dict):
            raise TypeError("the stand-in takes rows as dicts, got %r" % type(row).__name__)
    return rows


def dataframe(data=None, width=None, height=None, *, use_container_width=False, hide_index=None, column_order=None,
              column_config=None):
    _record("dataframe", rows=_rows(data))


def line_chart(data=None, *, x=None, y=None, color=None, width=None, height=None, use_container_width=True):
    rows = _rows(data)
    ys = [y] if isinstance(y, str) else list(y or [])
    for column in [x, color] + ys:
        if column is not None and rows and column not in rows[0]:
            raise KeyError("line_chart: no column %r in the data" % column)
    _record("line_chart", rows=rows, x=x, y=ys, color=color)


def selectbox(label, options, index=0, format_func=str, key=None, help=None, **kwargs):
    options = list(options)
    _record("selectbox", label=str(label), options=options)
    return options[index] if options and index is not None else None


def __getattr__(name):
    raise AttributeError("streamlit stand-in: st.%s is not part of the API the page may use" % name)
