"""The streams, as streams.json declares them once: names, tables and
views, view columns, dependencies, how each is fetched and reconciled.
Everything else (SQL, procedures, ingestion, the provider, the docs)
derives from these declarations."""

import json
import pkgutil

# How a stream is read (ingest.py implements each rule):
#   keyset: a listing with since, sorted by updated_at ascending, paged by
#     keyset (ingest.py's proof);
#   changed_pull_requests: one GET per pull request whose issue changed,
#     as the issues stream stored them (ingest.py's proof);
#   reviews_of_changed_pull_requests: the reviews of those pull requests.
FETCH_RULES = ("keyset", "changed_pull_requests", "reviews_of_changed_pull_requests")

# How deletions are found (reconcile.py implements each rule):
#   issues: the creation-order listing, then a GET per missing issue;
#   comments: the creation-order listing of ids, then a GET per missing
#     comment and its parent's fate;
#   parent: the parent's markers, no request (pull requests are neither
#     deleted nor transferred on GitHub; they follow their issue);
#   reread: everything read again (reviews cannot be deleted, but their
#     dismissals and body edits do not move the pull request).
RECONCILE_RULES = ("issues", "comments", "parent", "reread")


class Column:
    __slots__ = ("name", "sql", "doc")

    def __init__(self, decl):
        self.name, self.sql, self.doc = decl["name"], decl["sql"], decl["doc"]


class Stream:
    """One declared stream."""

    def __init__(self, decl):
        self.name = decl["name"]
        self.suffix = decl["suffix"]
        self.summary = decl["summary"]
        self.depends_on = tuple(decl["depends_on"])
        # The GitHub App permissions (read) it needs. Issues and comments
        # need pull_requests too: without it GitHub filters pull requests
        # out of the endpoints that return both.
        self.permissions = tuple(decl["permissions"])
        self.fetch = dict(decl["fetch"])
        self.updated = decl["updated"]
        self.reconcile = decl["reconcile"]
        self.parent = dict(decl["parent"]) if decl.get("parent") else None
        self.cost = decl["cost"]
        self.columns = tuple(Column(c) for c in decl["columns"])
        self.noun = self.name.replace("_", " ")

    def names(self, base):
        """The stream's sink table, view and view of everything (unquoted)
        for a repository's base name."""
        prefix = base + "_" + self.suffix
        return {"table": prefix + "_RAW", "view": prefix, "view_all": prefix + "_ALL"}

    def __repr__(self):
        return "Stream(%s)" % self.name


def _load():
    doc = json.loads(pkgutil.get_data(__name__.rpartition(".")[0], "streams.json").decode("utf-8"))
    streams = [Stream(d) for d in doc["streams"]]
    seen = set()
    for s in streams:
        if s.fetch["rule"] not in FETCH_RULES or s.reconcile not in RECONCILE_RULES:
            raise ValueError("stream %s: unknown fetch or reconcile rule" % s.name)
        missing = [d for d in s.depends_on if d not in seen]
        if missing:
            raise ValueError("stream %s depends on %s, declared after it" % (s.name, ", ".join(missing)))
        if s.parent and s.parent["stream"] not in s.depends_on:
            raise ValueError("stream %s: its parent %s must be among its dependencies" % (s.name, s.parent["stream"]))
        seen.add(s.name)
    return {s.name: s for s in streams}


STREAMS = _load()  # in run order
ORDER = tuple(STREAMS)
ISSUES = STREAMS["issues"]
DEFAULT = ("issues",)


def get(name):
    return STREAMS[name]


def resolve(value):
    """The `streams` option: a list of declared stream names, each with the
    streams it depends on; returned in run order. None: issues only."""
    if value is None:
        return list(DEFAULT)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("streams must be a list of stream names: %s" % ", ".join(ORDER))
    unknown = sorted(set(value) - set(ORDER))
    if unknown:
        raise ValueError("unknown streams: %s (known: %s)" % (", ".join(unknown), ", ".join(ORDER)))
    for name in value:
        missing = [d for d in STREAMS[name].depends_on if d not in value]
        if missing:
            raise ValueError("stream %s needs %s: add %s to streams" % (name, " and ".join(missing), " and ".join(missing)))
    return [s for s in ORDER if s in value]


def permissions(names):
    """The GitHub App permissions the streams need, each read-only."""
    return sorted({p for n in names for p in STREAMS[n].permissions})
