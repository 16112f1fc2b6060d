"""The CLI end to end, as a user runs it (a real subprocess for the exit status and streams)."""

from __future__ import annotations

import json
import subprocess
import sys

from paths import AL_ALAM, SEEDS, WIRE21


def run(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "triangulate", *map(str, args)],
        capture_output=True, text=True, input=stdin, timeout=300,
    )


def test_extract_seeds_jsonl_contract():
    proc = run("extract", SEEDS, "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(lines) == 2
    first = lines[0]
    assert set(first) >= {"document", "errors", "reports"}
    assert set(first["document"]) >= {"id", "source", "outlet", "credited", "title", "published"}
    report = first["reports"][0]
    assert set(report) >= {"main", "date", "place", "perpetrator", "target", "means", "claims"}
    assert set(report["place"]) >= {"name", "geonameid", "lat", "lon", "country", "admin1"}
    claim = report["claims"][0]
    assert set(claim) >= {"kind", "value", "low", "high", "qualifier", "victims", "children", "women", "attribution", "evidence"}
    assert set(claim["attribution"]) >= {"speaker", "via", "hedged"}
    assert set(claim["evidence"]) >= {"start", "end", "text"}
    assert first["document"]["published"] == "2016-09-27"
    assert report["date"] == "2016-09-17" and report["place"]["geonameid"] == 170794
    assert (claim["kind"], claim["value"], claim["qualifier"], claim["low"], claim["high"]) == ("killed", 90, "more_than", 91, None)


def test_extract_table_shows_the_claims():
    proc = run("extract", AL_ALAM, WIRE21)
    assert proc.returncode == 0, proc.stderr
    assert ">90" in proc.stdout and "≥70" in proc.stdout and "62" in proc.stdout
    assert "Deir ez-Zor" in proc.stdout


def test_bad_records_error_on_stderr_and_exit_1(tmp_path):
    (tmp_path / "good.txt").write_text(AL_ALAM.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    proc = run("extract", tmp_path, "--format", "jsonl")
    assert proc.returncode == 1
    assert "empty.txt: empty" in proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(lines) == 2
    assert [bool(line["errors"]) for line in lines] == [True, False]  # sorted: empty.txt first
    assert lines[1]["reports"][0]["claims"]


def test_stdin():
    proc = run("extract", "-", "--format", "jsonl", stdin="Blast kills 4\n\nFour people were killed in a blast in Raqqa, Syria on Monday.\n")
    assert proc.returncode == 0
    record = json.loads(proc.stdout)
    assert record["reports"][0]["claims"][0]["value"] == 4


def test_columns_option_validates():
    proc = run("extract", AL_ALAM, "--columns", "bogus")
    assert proc.returncode == 2 and "FIELD=COLUMN" in proc.stderr


def test_every_command_is_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    proc = run("--help")
    for command in ("extract", "evaluate", "ingest", "incidents", "show", "sources", "export", "languages"):
        assert command in proc.stdout
        assert f"triangulate {command}" in readme


def test_languages_lists_what_is_read_and_what_is_only_told_apart():
    proc = run("languages", "--json")
    assert proc.returncode == 0
    rows = {r["code"]: r for r in map(json.loads, proc.stdout.splitlines())}
    assert {c for c, r in rows.items() if r["read"]} == {"en", "fr", "es", "ru", "uk", "ar"}
    assert rows["de"]["read"] is False and rows["ar"]["data_file"] == "data/languages/ar.json"


def test_version():
    from triangulate import __version__

    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"triangulate {__version__}"


def test_a_url_is_a_clear_error_said_once(tmp_path):
    proc = run("extract", "https://example.org/news/1")
    assert proc.returncode == 1
    assert "https://example.org/news/1: a URL: pages are not fetched here" in proc.stderr  # slashes kept
    assert "triangulate watch" in proc.stderr
    assert (proc.stdout + proc.stderr).count("pages are not fetched") == 1  # once, not in the table too


def test_serve_on_a_busy_port_says_so_in_one_line(tmp_path):
    import socket

    db = tmp_path / "ledger.db"
    assert run("ingest", SEEDS, "--db", db).returncode == 0
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        proc = run("serve", "--db", db, "--port", port)
    assert proc.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in proc.stderr and "Traceback" not in proc.stderr
    assert "http://" not in proc.stdout
