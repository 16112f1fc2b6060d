"""RSS/Atom feeds and the article pages they link to, fetched politely.

Contract: `fetch_feed(url, etag=, modified=) -> FeedPage` (conditional request: a 304 gives no
items); `fetch_article(item) -> Document | RecordError` (the page's main text by trafilatura, the
feed's date and link where the page lacks them). Nothing here knows the ledger: what was seen is
the caller's to remember.
"""

from __future__ import annotations

import datetime as dt
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from triangulate.ingest.readers import MAX_DOCUMENT_BYTES, Pending, read_bytes
from triangulate.model import Document, RecordError

USER_AGENT = "triangulate/0.1 (+https://github.com/; incident ledger; polite fetcher)"
TIMEOUT_SECONDS = 20


@dataclass(frozen=True, slots=True)
class FeedItem:
    link: str
    title: str | None
    published: dt.date | None
    summary: str | None


@dataclass(slots=True)
class FeedPage:
    url: str
    status: int  # 200, or 304 when nothing changed since the ETag / Last-Modified given
    items: list[FeedItem] = field(default_factory=list)
    etag: str | None = None
    modified: str | None = None
    error: str | None = None


def _date(entry: Any) -> dt.date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    try:
        return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None
    except (TypeError, ValueError):
        return None


def fetch_feed(url: str, *, etag: str | None = None, modified: str | None = None) -> FeedPage:
    """One conditional GET of a feed (feedparser does the HTTP and the parsing)."""
    import feedparser

    parsed = feedparser.parse(url, etag=etag, modified=modified, agent=USER_AGENT)
    status = int(parsed.get("status", 200 if parsed.get("entries") else 0) or 0)
    if parsed.get("bozo") and not parsed.get("entries") and status != 304:
        return FeedPage(url, status, error=f"feed not readable: {parsed.get('bozo_exception')}")
    items = [FeedItem(str(e.get("link")), e.get("title"), _date(e), e.get("summary"))
             for e in parsed.get("entries", []) if e.get("link")]
    return FeedPage(url, status, items, parsed.get("etag"), parsed.get("modified"))


def fetch_article(item: FeedItem) -> Document | RecordError:
    """The linked page as a pending record; a page that cannot be fetched or read is the item's error."""
    request = urllib.request.Request(item.link, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - http(s) only, checked by the caller
            data = response.read(MAX_DOCUMENT_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return RecordError(item.link, f"page not fetched: {exc}")
    records = list(read_bytes(data, item.link, kind="html"))
    record = records[0] if records else RecordError(item.link, "empty page")
    if isinstance(record, RecordError):
        return RecordError(item.link, record.message)
    document = record.build() if isinstance(record, Pending) else record
    # the feed knows the date and the address when the page does not say them
    document.published = document.published or item.published
    document.url = document.url or item.link
    document.source = item.link
    return document
