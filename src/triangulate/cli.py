"""Command-line interface: a thin layer that parses arguments, calls the library and prints.

Domain errors become clean messages and exit codes (0 all good, 1 some records failed, 2 usage).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console

from triangulate.extract.pipeline import Extractor
from triangulate.ingest import read_raw
from triangulate.model import QUALIFIER_SYMBOL
from triangulate.output import extraction_record, render_table

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn conflicting news reports of armed-conflict incidents into a sourced, checkable ledger.",
)


def _version(value: bool) -> None:
    if value:
        from triangulate import __version__

        sys.stdout.write(f"triangulate {__version__}\n")
        raise typer.Exit()


@app.callback()
def _options(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")) -> None:
    """Turn conflicting news reports of armed-conflict incidents into a sourced, checkable ledger."""


class Format(str, Enum):
    table = "table"
    jsonl = "jsonl"


def parse_columns(spec: str | None) -> dict[str, str] | None:
    """'text=article_content,title=article_title' -> {'text': 'article_content', ...}; an empty
    value ('date=') ignores that field."""
    if not spec:
        return None
    out: dict[str, str] = {}
    for part in spec.split(","):
        if "=" not in part:
            raise typer.BadParameter(f"expected FIELD=COLUMN, got {part!r}", param_hint="--columns")
        field, column = part.split("=", 1)
        field = field.strip()
        if field not in ("text", "title", "published", "outlet", "url", "id", "language"):
            raise typer.BadParameter(f"unknown field {field!r}", param_hint="--columns")
        out[field] = column.strip()
    return out


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help="Files, folders (read recursively) or - for stdin."),
    format: Format = typer.Option(Format.table, "--format", "-f", help="table (terminal) or jsonl (one line per document)."),
    columns: str | None = typer.Option(
        None, help="Map collection columns: text=COL,title=COL,published=COL,outlet=COL,url=COL,id=COL,language=COL."),
    encoding: str = typer.Option("auto", help="Text encoding; auto = UTF-8, with Windows-1252 fallback for CSV/JSONL."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes."),
) -> None:
    """Extract incidents and sourced claims from news reports."""
    records = read_raw(paths, columns=parse_columns(columns), encoding=encoding)
    out = Console(highlight=False, soft_wrap=False)
    failed = 0
    for ex in Extractor().pipe(records, n_process=jobs):
        for e in ex.errors:
            failed += 1
            sys.stderr.write(f"error: {e.source}: {e.message}\n")
        if format is Format.jsonl:
            sys.stdout.write(json.dumps(extraction_record(ex), ensure_ascii=False) + "\n")
        else:
            render_table(ex, out)
    if failed:
        sys.stderr.write(f"{failed} record(s) failed; the others were extracted.\n")
        raise typer.Exit(1)


class Corpus(str, Enum):
    fakes = "fa-kes"
    fakes_ledger = "fa-kes-ledger"
    gva = "gva"
    airwars = "airwars"


@app.command()
def evaluate(
    corpus: Corpus = typer.Argument(..., help="Which labelled corpus the file is."),
    path: Path = typer.Argument(
        ..., exists=True,
        help="The labelled file or folder, e.g. ../shared/data/fa-kes/fa-kes-dev.csv or ../shared/data/gva/."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    misses: int = typer.Option(0, help="Also print up to N misses per field, to read the errors."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes for extraction."),
) -> None:
    """Accuracy per field against a labelled corpus (fa-kes), incident grouping and credibility
    through the ledger (fa-kes-ledger), linking, counting and places on US shooting reports (gva:
    a folder holding gva-dev-articles.jsonl and gva-dev-incidents.jsonl), or tolls, dates, places and
    perpetrators read from Airwars' civilian-harm assessments (airwars: airwars_incidence.csv)."""
    from triangulate.evaluate.fakes import evaluate_fakes, render

    if corpus is Corpus.gva:
        from triangulate.evaluate.gva import evaluate_gva
        from triangulate.evaluate.gva import render as render_gva

        if not path.is_dir():
            raise typer.BadParameter("gva takes the folder that holds gva-dev-articles.jsonl", param_hint="PATH")
        out = evaluate_gva(path, n_process=jobs, keep_misses=misses)
        sys.stdout.write(json.dumps(out, indent=2) + "\n" if as_json else render_gva(out))
        return
    if path.is_dir():
        raise typer.BadParameter(f"{corpus.value} takes a file, not a folder", param_hint="PATH")

    if corpus is Corpus.airwars:
        from triangulate.evaluate.airwars import evaluate_airwars
        from triangulate.evaluate.airwars import render as render_airwars

        out = evaluate_airwars(path, n_process=jobs)
        sys.stdout.write(json.dumps(out, indent=2) + "\n" if as_json else render_airwars(out))
        return

    if corpus is Corpus.fakes_ledger:
        from triangulate.evaluate.fakes_ledger import evaluate_fakes_ledger

        out = evaluate_fakes_ledger(path, n_process=jobs)
        if as_json:
            sys.stdout.write(json.dumps(out, indent=2) + "\n")
        else:
            g, c = out["grouping"], out["credibility"]
            sys.stdout.write(
                f"FA-KES through the ledger: {out['documents']} reports\n"
                f"grouping vs crowd (date, governorate) pairs: precision {g['precision']:.3f} recall {g['recall']:.3f} "
                f"F1 {g['f1']:.3f} ({g['true_pairs']} of {g['pairs_predicted']} predicted pairs right, "
                f"{g['pairs_reference']} reference pairs)\n"
                f"incident sizes (reports: incidents): {out['incident_sizes']}\n"
                f"credibility label (score >= {c['threshold']}): accuracy {c['accuracy']:.3f} "
                f"(95 % {c['accuracy_95ci'][0]:.3f}-{c['accuracy_95ci'][1]:.3f}), macro F1 {c['macro_f1']:.3f} "
                f"(95 % {c['macro_f1_95ci'][0]:.3f}-{c['macro_f1_95ci'][1]:.3f}) "
                f"({c['predicted_credible']} predicted credible, {c['labelled_credible']} labelled); on the "
                f"{c['with_independent_others']} reports with independent others: accuracy "
                f"{c['accuracy_with_independent_others']:.3f}, macro F1 {c['macro_f1_with_independent_others']:.3f}\n")
        return

    result = evaluate_fakes(path, n_process=jobs, keep_misses=misses)
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
    else:
        render(result, Console(), misses=misses)


DB_OPTION = typer.Option("ledger.db", "--db", help="Ledger: a SQLite file, or postgresql://user@host/db.")


def _ledger(db: str, *, create: bool = False):  # type: ignore[no-untyped-def]
    """The ledger for a command: only `ingest` creates one; the others refuse a missing, foreign or
    damaged file with one line."""
    from triangulate.store import Ledger, LedgerError

    try:
        return Ledger(db) if create else Ledger.open(db)
    except LedgerError as exc:
        sys.stderr.write(f"error: {exc}\n")
        raise typer.Exit(2) from None
    except Exception as exc:  # a clean message, not a traceback
        sys.stderr.write(f"error: cannot open ledger {db}: {exc}\n")
        raise typer.Exit(2) from None


REFRESH_OPTION = typer.Option(
    1.5, "--refresh-growth", min=1.0,
    help="Recount the linking statistics and source reliabilities (a full relink) once the ledger has grown "
         "this many times since they were last counted; inf: only `relink` recounts.")


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files, folders or - for stdin, as for extract."),
    db: str = DB_OPTION,
    columns: str | None = typer.Option(None, help="Map collection columns, as for extract."),
    encoding: str = typer.Option("auto", help="Text encoding, as for extract."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes."),
    scheduler: str | None = typer.Option(
        None, help="Extract on a Dask cluster: its scheduler address (tcp://host:8786), or local:N for N "
                   "local worker processes (pip install 'triangulate[dask]')."),
    refresh_growth: float = REFRESH_OPTION,
) -> None:
    """Extract reports into the ledger, then link them into incidents and reconcile the claims."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    ledger = _ledger(db, create=True)
    ledger.refresh_growth = refresh_growth
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task("documents", total=None)
        result = ledger.ingest(paths, jobs=jobs, columns=parse_columns(columns), encoding=encoding,
                               progress=lambda n: bar.advance(task, n), relink=False, scheduler=scheduler)
        bar.update(task, description="linking")
        from triangulate.store.derive import rules_changed

        if ledger.db.scalar("SELECT 1 FROM link_reports LIMIT 1") and rules_changed(ledger.db):
            bar.console.print("note: this ledger was linked by other linking rules (pair model, windows): relinking"
                              " every report once")
            bar.update(task, description="relinking")
        ledger.update()
        bar.update(task, description="done")
    for e in result.errors:
        sys.stderr.write(f"error: {e.source}: {e.message}\n")
    counts = ledger.counts()
    sys.stdout.write(
        f"{result.added} document(s) added, {result.skipped} already in the ledger, {len(result.errors)} error(s); "
        f"ledger: {counts['documents']} documents, {counts['reports']} reports, {counts['claims']} claims, "
        f"{counts['incidents']} incidents\n")
    ledger.close()
    if result.errors:
        raise typer.Exit(1)


def _figure(low: object, best: object, high: object, open_: bool, contradiction: bool) -> str:
    if low is None:
        return ""
    text = f"{low}–{best}–{high}{'+' if open_ else ''}"
    return text + (" ⚠" if contradiction else "")


@app.command()
def incidents(
    db: str = DB_OPTION,
    contested: bool = typer.Option(False, "--contested", help="Only incidents with contradictions or competing perpetrators."),
    limit: int = typer.Option(100, help="At most this many rows (0 = all)."),
    as_json: bool = typer.Option(False, "--json", help="JSON lines instead of a table."),
) -> None:
    """List incidents: date, place, means, actors, killed low–best–high, grade, sources."""
    from rich.table import Table
    from rich.text import Text

    from triangulate.store.incident_pages import IncidentFilter

    with _ledger(db) as ledger:
        rows = ledger.incidents(contested=contested, limit=limit or None)
        total = ledger.count_incidents(IncidentFilter(contested=bool(contested)))
    if as_json:
        import dataclasses

        for inc in rows:
            sys.stdout.write(json.dumps(dataclasses.asdict(inc), ensure_ascii=False) + "\n")
        return
    shown = f"showing {len(rows)} of {total}, --limit 0 for all" if len(rows) < total else f"{total}"
    table = Table(title=f"incidents{' with contradictions' if contested else ''}: {shown}")
    table.add_column("id", no_wrap=True)  # an id is copied into `show`: never folded
    for col in ("date", "place", "means", "by", "against", "killed low–best–high", "wounded", "grade", "lines"):
        table.add_column(col, overflow="fold")
    for inc in rows:
        table.add_row(*(Text(str(x)) for x in (
            inc.id, inc.date or "?", inc.place_name or "?", inc.means or "?", inc.perpetrator or "?", inc.target or "?",
            _figure(inc.killed_low, inc.killed_best, inc.killed_high, inc.killed_high_open, inc.killed_contradiction),
            _figure(inc.wounded_low, inc.wounded_best, inc.wounded_high, False, inc.wounded_contradiction),
            inc.grade, inc.n_independent)))
    Console().print(table)


@app.command()
def show(
    incident_id: str = typer.Argument(..., help="An incident id from `triangulate incidents`, or a unique start of one."),
    db: str = DB_OPTION,
    as_json: bool = typer.Option(False, "--json", help="The incident, its reports, claims and provenance as one JSON object."),
) -> None:
    """One incident: reconciled figures with their rule, and every claim side by side, per source."""
    from rich.table import Table
    from rich.text import Text

    with _ledger(db) as ledger:
        matches = ledger.resolve_incident_id(incident_id)
        if len(matches) > 1:
            sys.stderr.write(f"error: {incident_id!r} is the start of several ids: {', '.join(matches)}...\n")
            raise typer.Exit(2)
        incident_id = matches[0] if matches else incident_id  # a unique prefix is enough
        detail = ledger.incident(incident_id)
    if detail is None:
        sys.stderr.write(f"error: no incident {incident_id!r} in {db}\n")
        raise typer.Exit(2)
    inc = detail["incident"]
    if as_json:
        import dataclasses

        sys.stdout.write(json.dumps({**detail, "incident": dataclasses.asdict(inc)}, ensure_ascii=False, default=str) + "\n")
        return
    console = Console()
    console.print(Text.assemble((f"{inc.id}  ", "bold"), f"{inc.date} · {inc.place_name} ({inc.admin1}, {inc.country}) · "
                                f"{inc.means} · by {inc.perpetrator} · against {inc.target} · grade {inc.grade}"))
    for kind in ("killed", "wounded"):
        fig = inc.summary.get(kind, {})
        console.print(Text(f"{kind}: low {fig.get('low')} · best {fig.get('best')} · high {fig.get('high')}"
                           f"{' (open)' if fig.get('high_open') else ''}"
                           f"{' · CONTRADICTION' if fig.get('contradiction') else ''}\n  rule: {fig.get('rule')}"))
    console.print(Text("grade: " + "; ".join(inc.summary.get("grade_reasons", []))))
    outlets = {r["id"]: (r["outlet"], r["published"]) for r in detail["reports"]}
    table = Table(title="claims, side by side")
    for col in ("outlet", "published", "kind", "figure", "victims", "said by", "via", "relayed from", "hedged", "evidence"):
        table.add_column(col, overflow="fold")
    for c in detail["claims"]:
        outlet, published = outlets[c["report_id"]]
        q = QUALIFIER_SYMBOL.get(c["qualifier"], "")
        table.add_row(*(Text(str(x or "")) for x in (
            outlet, published, c["kind"], f"{q}{c['value']}" + (f" ({c['counted']})" if c.get("counted") else ""),
            c["victims"], c["speaker"],
            " → ".join(json.loads(c["via"] or "[]")), c["relayed_from"], "yes" if c["hedged"] else "", c["ev_text"])))
    console.print(table)
    for e in detail["provenance"]:
        console.print(Text(f"provenance: {e['src']} —{e['kind']}→ {e['dst']} {e['detail'] or ''}"))
    for rid, link in inc.summary.get("links", {}).items():
        outlet, published = outlets.get(rid, ("?", "?"))
        console.print(Text(f"why {rid} ({outlet}, {published}) joined: linked to {link['with']} with p = "
                           f"{link['probability']:.2f}: " + "; ".join(link["because"])))
    if inc.summary.get("links"):
        console.print(Text("A wrong merge is undone with a correction: incident_split or report_move on the report id."))


@app.command()
def sources(db: str = DB_OPTION, as_json: bool = typer.Option(False, "--json", help="JSON lines, one per outlet.")) -> None:
    """Outlets with their reliability (agreement with independent consensus) and track record."""
    from rich.table import Table
    from rich.text import Text

    with _ledger(db) as ledger:
        rows = ledger.sources()
    if as_json:
        for r in rows:
            sys.stdout.write(json.dumps(r) + "\n")
        return
    table = Table(title="sources")
    for col in ("outlet", "reliability", "± uncertainty", "documents", "compared", "agreed"):
        table.add_column(col)
    for r in rows:
        table.add_row(*(Text(str(x)) for x in (r["outlet"], f"{r['reliability']:.2f}", f"{r['uncertainty']:.2f}",
                                                r["n_documents"], r["n_scored"], r["n_agree"])))
    Console().print(table)


@app.command()
def languages(as_json: bool = typer.Option(False, "--json", help="JSON lines, one per language.")) -> None:
    """The languages told apart, and which are read (a data file per language; README: adding one)."""
    from rich.table import Table
    from rich.text import Text

    from triangulate.ingest.language import read_languages
    from triangulate.resources import language_data, language_registry

    rows = []
    for code, name in sorted(language_registry()["detected"].items()):
        read = code in read_languages()
        data = language_data(code) if read and code != "en" else None
        rows.append({"code": code, "name": name, "read": read,
                     "data_file": f"data/languages/{code}.json" if data else ("data/*.json" if read else None),
                     "version": data.get("version") if data else None})
    if as_json:
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
        return
    table = Table(title="languages")
    for col in ("code", "language", "read", "data"):
        table.add_column(col)
    for r in rows:
        table.add_row(*(Text(str(x)) for x in (r["code"], r["name"], "yes" if r["read"] else "detected only",
                                                r["data_file"] or "")))
    Console().print(table)


class ExportFormat(str, Enum):
    acled = "acled"
    ucdp = "ucdp"
    jsonl = "jsonl"
    parquet = "parquet"
    geojson = "geojson"


@app.command()
def export(
    db: str = DB_OPTION,
    format: ExportFormat = typer.Option(..., "--format", "-f", help="acled | ucdp | jsonl | parquet | geojson"),
    output: Path = typer.Option(..., "--output", "-o", help="File to write."),
) -> None:
    """Write the incidents as ACLED-style CSV, UCDP GED-style CSV, JSONL, Parquet or GeoJSON."""
    from triangulate.export import export as run_export

    with _ledger(db) as ledger:
        n = run_export(ledger, format.value, output)
    sys.stdout.write(f"{n} incident(s) written to {output}\n")


@app.command()
def serve(
    db: str = DB_OPTION,
    host: str = typer.Option("127.0.0.1", help="Address to bind. Anything but loopback needs --token."),
    port: int = typer.Option(8765, min=1, max=65535),
    token: str | None = typer.Option(None, envvar="TRIANGULATE_TOKEN",
                                        help="Require this token (?token=, cookie or Authorization: Bearer)."),
    workers: int = typer.Option(1, min=1, max=32, help="Server processes (one per core)."),
    allowed_host: list[str] | None = typer.Option(
        None, "--allowed-host", help="A Host name the server answers to besides the loopback names and --host "
                                     "(repeat it; DNS rebinding protection)."),
) -> None:
    """Serve the review web app over a ledger (read-only when the file cannot be written)."""
    import uvicorn

    from triangulate.web.app import MIN_TOKEN_CHARS, create_app, is_loopback, served_names
    from triangulate.web.server import SERVER_LIMITS

    if not is_loopback(host) and not token:
        sys.stderr.write(f"error: refusing to serve on {host} without a token: pass --token or set TRIANGULATE_TOKEN\n")
        raise typer.Exit(2)
    if token is not None and len(token) < MIN_TOKEN_CHARS:
        sys.stderr.write(f"error: a token must have at least {MIN_TOKEN_CHARS} characters\n")
        raise typer.Exit(2)
    hosts = served_names(host, allowed_host or ())
    ledger = _ledger(db)
    if ledger.read_only:
        sys.stderr.write(f"note: {db} cannot be written by this process: served read-only, corrections disabled\n")
    ledger.close()
    import socket

    try:  # a port another server holds is one line, not the URL and then a traceback
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds: TIME_WAIT is no obstacle
            probe.bind((host, port))
    except OSError as exc:
        sys.stderr.write(f"error: cannot listen on {host}:{port}: {exc.strerror or exc} (another server? try --port)\n")
        raise typer.Exit(2) from None
    sys.stdout.write(f"http://{'127.0.0.1' if host == '0.0.0.0' else host}:{port}\n")
    sys.stdout.flush()
    if workers == 1:
        uvicorn.run(create_app(db, token=token, hosts=hosts), host=host, port=port, log_level="warning",
                    **SERVER_LIMITS)
        return
    import os

    os.environ["TRIANGULATE_DB"] = db
    os.environ["TRIANGULATE_HOSTS"] = "*" if hosts is None else ",".join(sorted(hosts))
    if token:
        os.environ["TRIANGULATE_TOKEN"] = token
    uvicorn.run("triangulate.web.app:app_from_env", factory=True, workers=workers, host=host, port=port,
                log_level="warning", **SERVER_LIMITS)



@app.command()
def watch(
    sources: list[str] = typer.Argument(..., help="Folders (new or changed files) and RSS/Atom feed URLs (new items)."),
    db: str = DB_OPTION,
    interval: float = typer.Option(300.0, min=1.0, help="Seconds between passes."),
    once: bool = typer.Option(False, "--once", help="One pass, then exit (for cron or a test)."),
    delay: float = typer.Option(1.0, min=0.0, help="Seconds between two page fetches (politeness)."),
    max_items: int | None = typer.Option(None, min=1, help="Take at most this many new files or items per source per pass."),
    columns: str | None = typer.Option(None, help="Map collection columns, as for ingest."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes."),
    refresh_growth: float = REFRESH_OPTION,
) -> None:
    """Keep a ledger up to date: land new files and feed items batch by batch, and log each pass.
    What was taken in is remembered in the ledger, so a restart neither loses nor repeats anything."""
    from triangulate.watch import Watcher

    ledger = _ledger(db, create=True)
    ledger.refresh_growth = refresh_growth
    watcher = Watcher(ledger, sources, columns=parse_columns(columns), delay=delay, max_items=max_items, jobs=jobs,
                      log=_log_line)
    try:
        watcher.run(interval, passes=1 if once else None)
    except KeyboardInterrupt:
        pass
    finally:
        ledger.close()


def _log_line(line: str) -> None:
    sys.stdout.write(f"{dt.datetime.now():%Y-%m-%d %H:%M:%S} {line}\n")
    sys.stdout.flush()


@app.command()
def relink(
    db: str = DB_OPTION,
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Score the candidate pairs on this many local worker "
                             "processes, a partition of place blocks at a time."),
    scheduler: str | None = typer.Option(
        None, help="Score the candidate pairs on a Dask cluster: its scheduler address (tcp://host:8786, workers "
                   "must reach the ledger: PostgreSQL, or a file they share), or local:N."),
) -> None:
    """Rebuild every derived table (provenance, incidents, figures, reliability) from the stored reports
    and corrections, with the linking statistics and source reliability counted anew (`ingest` links
    only what is new). The new tables are written beside the old a chunk at a time and swapped in at
    the end: readers see the old ledger until then, and a relink stopped midway leaves it as it was.
    With --jobs or --scheduler the pairs are scored on the workers; the result is the same."""
    ledger = _ledger(db)
    if ledger.read_only:
        sys.stderr.write(f"error: {db} cannot be written by this process\n")
        raise typer.Exit(2)
    try:
        ledger.relink(jobs=jobs, scheduler=scheduler)
    except ValueError as exc:
        sys.stderr.write(f"error: {exc}\n")
        raise typer.Exit(2) from None
    counts = ledger.counts()
    ledger.close()
    sys.stdout.write(f"relinked: {counts['documents']} documents, {counts['reports']} reports, "
                     f"{counts['incidents']} incidents\n")


@app.command()
def errors(db: str = DB_OPTION, as_json: bool = typer.Option(False, "--json", help="One JSON object per line.")) -> None:
    """Records that could not be read, extracted or stored (quarantined: the rest of their batch landed)."""
    from rich.table import Table
    from rich.text import Text

    ledger = _ledger(db)
    rows = ledger.errors()
    ledger.close()
    if as_json:
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{len(rows)} quarantined record(s)")
    for col in ("when", "record", "error"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(Text(r["at"] or ""), Text(r["source"] or ""), Text(r["message"] or ""))
    Console().print(table)


def main() -> None:  # pragma: no cover
    """The console entry point: a damaged ledger file gives one line, never a traceback."""
    import sqlite3

    try:
        app()
    except sqlite3.DatabaseError as exc:
        sys.stderr.write(f"error: the ledger database failed ({exc}); if the file is damaged, "
                         "check it with sqlite3 FILE 'PRAGMA integrity_check'\n")
        raise SystemExit(2) from None
