"""The state adapter: one stream's sink table and state in Snowflake,
as ingest.Store describes them."""

import datetime

from . import ingest
from . import sql
from . import streams as declared
from .session import rows as _rows, value as _value


class SnowparkStore(ingest.Store):
    """One stream's sink table and state. parent_table is the table of
    the stream's parent (the issues table for comments), whose markers its
    reconciliation follows; issues_table is the repository's issues table,
    which names the pull requests that changed."""

    def __init__(self, session, resource_id, table, stream="issues", parent_table=None, issues_table=None):
        self.session = session
        self.resource_id = resource_id
        self.table = table
        self.stream = stream
        self.parent_table = parent_table or table
        self.issues_table = issues_table or table
        self._where = sql.state_params(resource_id, stream)

    def merge_page(self, items):
        """One MERGE per batch of the page that fits a statement (usually one)."""
        total = 0
        for batch in sql.merge_batches(items):
            rows = _rows(self.session, sql.merge_page(self.table, declared.get(self.stream).updated), [batch])
            for name in ("number of rows inserted", "number of rows updated"):
                try:
                    total += int(_value(rows[0], name) or 0) if rows else 0
                except (AttributeError, KeyError, TypeError, ValueError):
                    pass
        return total

    def checkpoint(self, cursor_value, etag, etag_url):
        _rows(self.session, sql.upsert_resource_state(), [cursor_value, etag, etag_url] + self._where)

    def start_run(self, result):
        _rows(self.session, sql.mark_interrupted_runs(), [sql.INTERRUPTED_REASON, result.resource_id, self.stream])
        _rows(self.session, sql.insert_app_state(), [result.run_id, result.resource_id, self.stream, _iso(result.started),
                                                     result.mode, result.cursor])

    def record_run(self, result):
        d = result.as_dict()
        rec = d["reconcile"] or {}
        _rows(self.session, sql.finish_app_state(), [
            _iso(result.finished), d["state"], d["pages"], d["requests"], d["rows"], d["duration_ms"], d["cursor"], d["error"],
            rec.get("requests"), rec.get("deleted"), rec.get("transferred"), rec.get("unverified"), d["run_id"]])

    def full_refresh_done(self):
        _rows(self.session, sql.clear_full_refresh(), list(self._where))

    def active_issues(self):
        return {int(_value(r, "NUMBER")): int(_value(r, "ID")) for r in _rows(self.session, sql.select_active_issues(self.table))}

    def active_children(self):
        return {int(_value(r, "ID")): int(_value(r, "PARENT_NUMBER"))
                for r in _rows(self.session, sql.select_active_children(self.table, self.stream))}

    def changed_pull_requests(self, after, upto, inclusive):
        binds = [v for v in (after, upto) if v is not None]
        return [(int(_value(r, "NUMBER")), _value(r, "UPDATED_AT"))
                for r in _rows(self.session, sql.select_changed_pull_requests(self.issues_table, after, upto, inclusive), binds)]

    def removed_parents(self):
        return {int(_value(r, "NUMBER")): (_value(r, "REMOVAL"), _value(r, "TRANSFERRED_TO"))
                for r in _rows(self.session, sql.select_removed_parents(self.parent_table))}

    def unverified(self):
        return {int(_value(r, "ID")) for r in _rows(self.session, sql.select_unverified(self.table))}

    def mark_removed(self, item_id, removal, transferred_to):
        _rows(self.session, sql.mark_removed(self.table), [removal, transferred_to, item_id, removal])

    def restore(self, item_id):
        _rows(self.session, sql.restore(self.table), [item_id])

    def reconciled(self, moment):
        _rows(self.session, sql.set_reconciled(), [moment] + self._where)


def _iso(epoch):
    return datetime.datetime.fromtimestamp(epoch or 0, tz=datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
