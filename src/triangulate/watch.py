"""Live ingest: folders (new or changed files) and RSS/Atom feeds (new items), landed batch by batch.

Contract: `Watcher(ledger, sources).run_once() -> list[PassLog]`; `run(interval)` repeats it.
What was taken in is remembered in the ledger (`watched`: a file by path, size and mtime, a feed item
by URL; `feeds`: each feed's ETag and Last-Modified), and only after the batch it belongs to has
landed: a watcher killed midway takes the same items again on restart, and the ledger's content-hash
ids keep them from landing twice. A URL seen once is not fetched again; pages are fetched one at a
time with `delay` seconds between them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from triangulate.extract.pipeline import Extractor
from triangulate.ingest.feeds import fetch_article, fetch_feed
from triangulate.ingest.readers import Pending, read_raw
from triangulate.link.text_keys import with_text_key
from triangulate.model import Document, RecordError
from triangulate.store.db import utc_now
from triangulate.store.ledger import Ledger


@dataclass(slots=True)
class PassLog:
    source: str
    new: int = 0  # files or items not seen before
    added: int = 0  # documents that landed
    skipped: int = 0  # already in the ledger (same text)
    errors: list[str] = field(default_factory=list)
    note: str = ""

    def line(self) -> str:
        text = (f"{self.source}: {self.new} new, {self.added} added, {self.skipped} already in the ledger, "
                f"{len(self.errors)} error(s)")
        return text + (f" ({self.note})" if self.note else "")


def is_feed(source: str) -> bool:
    return source.startswith(("http://", "https://"))


class Watcher:
    def __init__(self, ledger: Ledger, sources: Iterable[str], *, columns: dict[str, str] | None = None,
                 delay: float = 1.0, max_items: int | None = None, jobs: int = 1,
                 log: Callable[[str], None] = lambda line: None) -> None:
        self.ledger, self.sources = ledger, list(sources)
        self.columns, self.delay, self.max_items, self.jobs, self.log = columns, delay, max_items, jobs, log

    # -- memory of what was taken in --------------------------------------------------------------
    def _seen(self, key: str) -> bool:
        return self.ledger.db.scalar("SELECT 1 FROM watched WHERE key = ?", (key,)) is not None

    def _remember(self, keys: list[tuple[str, str, str]]) -> None:
        with self.ledger.db.transaction():
            for key, kind, outcome in keys:
                self.ledger.db.execute(
                    "INSERT INTO watched (key, kind, seen_at, outcome) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (key, kind, utc_now(), outcome))

    # -- one pass ---------------------------------------------------------------------------------
    def run_once(self) -> list[PassLog]:
        logs = [self._feed(s) if is_feed(s) else self._folder(Path(s)) for s in self.sources]
        if any(log.added for log in logs):
            self.ledger.update()  # only the incidents the new reports touch
        for log in logs:
            self.log(log.line())
        return logs

    def run(self, interval: float, *, passes: int | None = None) -> None:
        done = 0
        while passes is None or done < passes:
            self.run_once()
            done += 1
            if passes is None or done < passes:
                time.sleep(interval)

    def _land(self, records: list[Document | Pending | RecordError], log: PassLog) -> None:
        extractions = Extractor().pipe(records, n_process=self.jobs, then=with_text_key)
        result = self.ledger.add(extractions)
        log.added += result.added
        log.skipped += result.skipped
        log.errors += [f"{e.source}: {e.message}" for e in result.errors]

    def _folder(self, folder: Path) -> PassLog:
        log = PassLog(str(folder))
        if not folder.exists():
            log.note = "no such folder"
            return log
        files = sorted(p for p in (folder.rglob("*") if folder.is_dir() else [folder]) if p.is_file()
                       and not p.name.startswith(".") and not p.name.endswith((".tmp", ".part")))
        fresh: list[tuple[Path, str]] = []
        for path in files:
            stat = path.stat()
            key = f"file:{path.resolve()}:{stat.st_size}:{int(stat.st_mtime)}"
            if not self._seen(key):
                fresh.append((path, key))
        if self.max_items is not None:
            fresh = fresh[: self.max_items]
        log.new = len(fresh)
        for path, key in fresh:
            records = [r for r in read_raw([path], columns=self.columns)]
            self._land(records, log)
            self._remember([(key, "file", "landed")])
        return log

    def _feed(self, url: str) -> PassLog:
        log = PassLog(url)
        state = self.ledger.db.query("SELECT etag, modified FROM feeds WHERE url = ?", (url,))
        etag, modified = (state[0]["etag"], state[0]["modified"]) if state else (None, None)
        page = fetch_feed(url, etag=etag, modified=modified)
        if page.error:
            log.errors.append(page.error)
            return log
        if page.status == 304:
            log.note = "not modified"
            return log
        items = [i for i in page.items if is_feed(i.link) and not self._seen(f"url:{i.link}")]
        if self.max_items is not None:
            items = items[: self.max_items]
        log.new = len(items)
        for n, item in enumerate(items):
            if n and self.delay:
                time.sleep(self.delay)
            record = fetch_article(item)
            self._land([record], log)
            if isinstance(record, RecordError) and record.message.startswith("page not fetched"):
                continue  # a network failure: the item is tried again next pass
            outcome = "error" if isinstance(record, RecordError) else "landed"
            self._remember([(f"url:{item.link}", "item", outcome)])
        if self.max_items is None or len(items) < self.max_items:
            # the whole feed was taken in: its validators may spare the next request
            with self.ledger.db.transaction():
                self.ledger.db.execute(
                    "INSERT INTO feeds (url, etag, modified, checked_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, modified = excluded.modified, "
                    "checked_at = excluded.checked_at", (url, page.etag, page.modified, utc_now()))
        return log
