"""Command-line interface: a thin layer that parses arguments, calls the library and prints.

Domain errors become clean messages and exit codes (0 all good, 1 some records failed, 2 usage).
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from triangulate.extract.pipeline import Extractor
from triangulate.ingest import read_raw
from triangulate.output import extraction_record, render_table

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn conflicting news reports of armed-conflict incidents into a sourced, checkable ledger.",
)


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
        if field not in ("text", "title", "published", "outlet", "url", "id"):
            raise typer.BadParameter(f"unknown field {field!r}", param_hint="--columns")
        out[field] = column.strip()
    return out


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help="Files, folders (read recursively) or - for stdin."),
    format: Format = typer.Option(Format.table, "--format", "-f", help="table (terminal) or jsonl (one line per document)."),
    columns: Optional[str] = typer.Option(None, help="Map collection columns: text=COL,title=COL,published=COL,outlet=COL,url=COL,id=COL."),
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


@app.command()
def evaluate(
    corpus: Corpus = typer.Argument(..., help="Which labelled corpus the file is."),
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="The labelled file, e.g. ../shared/data/fa-kes/fa-kes-dev.csv."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    misses: int = typer.Option(0, help="Also print up to N misses per field, to read the errors."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1),
) -> None:
    """Accuracy per field against a labelled corpus."""
    from triangulate.evaluate.fakes import evaluate_fakes, render

    result = evaluate_fakes(path, n_process=jobs, keep_misses=misses)
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
    else:
        render(result, Console(), misses=misses)


def main() -> None:  # pragma: no cover
    app()
