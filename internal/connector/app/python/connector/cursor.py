"""Cursor arithmetic: GitHub timestamps have one-second resolution and
`since` is inclusive, so the next run starts a lookback before the newest
`updated_at` seen and relies on an idempotent MERGE for the overlap."""

from datetime import datetime, timedelta, timezone

DEFAULT_LOOKBACK_SECONDS = 300


def parse_timestamp(value):
    """Parse GitHub's `2024-01-02T03:04:05Z` (or an offset form) to aware UTC."""
    if value is None or value == "":
        return None
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def format_timestamp(moment):
    """Format an aware datetime the way GitHub expects in `since`."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def since_for(cursor, lookback_seconds=DEFAULT_LOOKBACK_SECONDS):
    """The `since` value for a run, or None for a first (full) run."""
    moment = parse_timestamp(cursor)
    if moment is None:
        return None
    return format_timestamp(moment - timedelta(seconds=max(0, int(lookback_seconds))))


def advance(cursor, updated_values):
    """The new cursor: the newest of the old one and the page's updated_at."""
    best = parse_timestamp(cursor)
    for value in updated_values:
        moment = parse_timestamp(value)
        if moment is not None and (best is None or moment > best):
            best = moment
    return format_timestamp(best) if best is not None else None


def format_epoch(seconds):
    """Epoch seconds as GitHub's timestamp format."""
    return format_timestamp(datetime.fromtimestamp(seconds, tz=timezone.utc))
