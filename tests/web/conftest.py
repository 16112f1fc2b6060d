"""A real server (the `triangulate serve` command, a subprocess) over a ledger built from the seeds,
the FA-KES dev split and a corpus of hostile reports; a real headless Chromium driven by Playwright."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from paths import FAKES, FAKES_COLUMNS, ROOT, SEEDS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = ROOT / "artifacts" / "screenshots"

XSS = {
    "script.txt": "Blast kills 5 in Azaz <script>window.__xss = 'script'</script>\n\n"
                  "At least 5 people were killed on Monday in a car bomb blast in Azaz, Aleppo province, Syria, "
                  "<script>window.__xss = 'script2'</script> local sources said.\n",
    "onerror.txt": "Shelling kills 3 in Homs <img src=x onerror=\"window.__xss='img'\">\n\n"
                   "Three civilians were killed on Tuesday by shelling in Homs, Syria <img src=x onerror=\"window.__xss='img2'\">, "
                   "<svg onload=\"window.__xss='svg'\"></svg> the monitor said.\n",
    "javascript.txt": "Airstrike kills 9 in Idlib <a href=\"javascript:window.__xss='link'\">read</a>\n\n"
                      "Nine people were killed on Wednesday in an airstrike on Idlib, Syria. "
                      "<a href=\"javascript:window.__xss='link2'\">details</a> <style>body{display:none}</style> "
                      "<iframe src=\"javascript:window.__xss='frame'\"></iframe>\n",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "triangulate", *args], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def ledger_path(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("web")
    xss = folder / "xss"
    xss.mkdir()
    for name, text in XSS.items():
        (xss / name).write_text(text, encoding="utf-8")
    db = folder / "ledger.db"
    assert _run("ingest", str(FAKES), "--db", str(db), "--columns", FAKES_COLUMNS).returncode == 0
    assert _run("ingest", str(SEEDS), str(xss), "--db", str(db)).returncode == 0
    return db


@pytest.fixture(scope="session")
def server(ledger_path):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "triangulate", "serve", "--db", str(ledger_path), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/api/incidents?per_page=1", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        raise RuntimeError("the server did not start: " + (proc.stderr.read() if proc.stderr else ""))
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    pg = context.new_page()
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs  # type: ignore[attr-defined]
    yield pg
    context.close()
