"""`triangulate watch`: a feed and its pages served on 127.0.0.1, a folder that fills up; a restart
midway loses and duplicates nothing, a URL is fetched once, an unchanged feed is not downloaded again."""

from __future__ import annotations

import datetime as dt
import http.server
import subprocess
import sys
import threading
from collections import Counter
from email.utils import format_datetime

import pytest

from triangulate.store import Ledger
from triangulate.watch import Watcher

PLACES = ["Homs", "Aleppo", "Idlib", "Hama", "Daraa", "Raqqa", "Douma", "Tartus", "Latakia", "Palmyra"]
N_ITEMS = 500  # issue 9: a feed of 500 items lands in full across a restart


def _page(i: int) -> str:
    place = PLACES[i % len(PLACES)]
    return (f"<html><head><title>Shelling kills {i + 2} in {place}</title></head><body><article>"
            f"<h1>Shelling kills {i + 2} in {place}</h1>"
            f"<p>At least {i + 2} civilians were killed and {i + 5} wounded on Monday when shells hit a market in "
            f"{place}, Syria, report number {i}, a local monitor said. Rescue teams searched the rubble for hours, "
            f"and residents said the market had been hit twice before this year.</p></article></body></html>")


def _feed(port: int) -> str:
    items = "".join(
        f"<item><title>Shelling kills {i + 2} in {PLACES[i % len(PLACES)]}</title>"
        f"<link>http://127.0.0.1:{port}/article/{i}</link>"
        f"<pubDate>{format_datetime(dt.datetime(2016, 9, 19, 12, tzinfo=dt.UTC))}</pubDate></item>"
        for i in range(N_ITEMS))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>{items}</channel></rss>'


@pytest.fixture
def site():
    hits: Counter[str] = Counter()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the stdlib's name
            hits[self.path] += 1
            if self.path == "/feed.xml":
                if self.headers.get("If-None-Match") == '"v1"':
                    self.send_response(304)
                    self.end_headers()
                    return
                body, kind = _feed(self.server.server_port).encode(), "application/rss+xml"
            elif self.path.startswith("/article/"):
                body, kind = _page(int(self.path.rsplit("/", 1)[1])).encode(), "text/html; charset=utf-8"
            else:
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("ETag", '"v1"')
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()


def test_a_feed_lands_in_full_across_a_restart_without_duplicates(site, tmp_path):
    base, hits = site
    feed = base + "/feed.xml"
    db = str(tmp_path / "ledger.db")
    with Ledger(db) as ledger:  # the first run stops after 237 items, as a killed watcher would
        first = Watcher(ledger, [feed], delay=0, max_items=237).run_once()
        assert (first[0].new, first[0].added) == (237, 237)
    with Ledger(db) as ledger:  # the restart takes the rest
        second = Watcher(ledger, [feed], delay=0).run_once()
        assert second[0].new == N_ITEMS - 237 and second[0].added == N_ITEMS - 237
        third = Watcher(ledger, [feed], delay=0).run_once()
        assert third[0].note == "not modified" and third[0].new == 0
        counts = ledger.counts()
        urls = [r["url"] for r in ledger.db.query("SELECT url FROM documents")]
        published = {r["published"] for r in ledger.db.query("SELECT published FROM documents")}
    assert counts["documents"] == N_ITEMS and len(set(urls)) == N_ITEMS
    assert all(hits[f"/article/{i}"] == 1 for i in range(N_ITEMS))  # each page fetched once
    assert published == {"2016-09-19"} or published == {dt.date(2016, 9, 19)}  # the feed's date


def test_watch_command_takes_new_files_once(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db = str(tmp_path / "ledger.db")
    (inbox / "a.txt").write_text("Airstrike kills 9 in Idlib\n\nNine people were killed on Wednesday in an "
                                 "airstrike on Idlib, Syria, rescuers said.", encoding="utf-8")

    def watch() -> str:
        out = subprocess.run([sys.executable, "-m", "triangulate", "watch", str(inbox), "--db", db, "--once"],
                             capture_output=True, text=True, timeout=300)
        assert out.returncode == 0, out.stderr
        return out.stdout

    assert "1 new, 1 added" in watch()
    assert "0 new, 0 added" in watch()  # nothing new: nothing read again
    (inbox / "b.txt").write_text("Shelling kills 3 in Homs\n\nThree civilians were killed on Tuesday by shelling "
                                 "in Homs, Syria, the monitor said.", encoding="utf-8")
    assert "1 new, 1 added" in watch()
    with Ledger.open(db) as ledger:
        assert ledger.counts()["documents"] == 2 and ledger.counts()["incidents"] == 2
