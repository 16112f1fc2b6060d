"""Read reports from files, folders, collections and stdin into `Document`s.

Contract: `read(paths) -> Iterator[Document | RecordError]`. A record that cannot be read becomes a
`RecordError` with a clear message; reading goes on with the next record.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from triangulate.ingest.junk import find_junk, find_related_headlines
from triangulate.ingest.metadata import (
    column,
    find_credits,
    find_dateline,
    outlet_from_text,
    outlet_id,
)
from triangulate.model import Document, RecordError, Span, content_id

MAX_DOCUMENT_BYTES = 5_000_000
MAX_FIELD_CHARS = 2_000  # a title, outlet or URL longer than this is cut
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
CSV_SUFFIXES = {".csv", ".tsv"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}

TEXT_COLUMNS = ("text", "content", "article_content", "body", "article", "article_text", "full_text", "maintext")
TITLE_COLUMNS = ("title", "article_title", "headline")
DATE_COLUMNS = ("published", "publication_date", "pub_date", "date_published", "publish_date", "date", "datetime")
LANGUAGE_COLUMNS = ("language", "lang", "language_code")
OUTLET_COLUMNS = ("outlet", "source", "publisher", "site", "sitename", "source_domain", "domain")
URL_COLUMNS = ("url", "link", "source_url")
ID_COLUMNS = ("id", "unit_id", "doc_id", "document_id")

Record = Document | RecordError


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Decode one undecodable byte as Windows-1252 (Latin-1 where 1252 leaves it undefined)."""
    assert isinstance(exc, UnicodeDecodeError)
    byte = exc.object[exc.start: exc.start + 1]
    try:
        return byte.decode("cp1252"), exc.start + 1
    except UnicodeDecodeError:
        return byte.decode("latin-1"), exc.start + 1


codecs.register_error("triangulate-cp1252", _cp1252_fallback)


class ReadError(ValueError):
    """A record that cannot be read; the message says why and what to do."""


@dataclass(slots=True)
class Pending:
    """A record read and validated but not yet analysed: the arguments of `make_document`.
    Batches pass these to worker processes, which build the `Document` themselves."""

    text: str
    source: str
    title: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    language: str | None = None

    @property
    def id(self) -> str:
        """The id the built document will have (a content hash), without analysing it."""
        return content_id(compose_text(self.text, self.title)[0])

    def build(self) -> Document:
        return make_document(self.text, source=self.source, title=self.title, published=self.published,
                             outlet=self.outlet, url=self.url, language=self.language)


RawRecord = Document | Pending | RecordError


EARLIEST_PUBLISHED = dt.date(1900, 1, 1)  # a publication date outside these is a metadata error
LATEST_PUBLISHED = dt.date(2100, 12, 31)


def _parse_date(value: Any) -> dt.date | None:
    """A publication date from metadata, or None when it cannot be read or cannot be true
    (0001-01-01, 9999-12-31: the text's relative dates would be resolved against nonsense)."""
    date = _read_date(value)
    if date is None or not EARLIEST_PUBLISHED <= date <= LATEST_PUBLISHED:
        return None
    return date


def _read_date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value if not isinstance(value, dt.datetime) else value.date()
    text = str(value).strip()
    for fmt in ("%m/%d/%y", "%m/%d/%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    found = find_dateline(text, window=len(text))
    if found:
        return found[0]
    # anything else a feed or export may hold ("27/09/2016 10:02", "Sep 27th 2016 at 10am"):
    # dateparser reads it; metadata dates are few, so its cost does not matter here
    import dateparser

    parsed = dateparser.parse(text, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first",
                                                                "DATE_ORDER": "DMY", "STRICT_PARSING": True})
    return parsed.date() if parsed else None


def decode(data: bytes, *, encoding: str = "auto", fallback: bool = False) -> str:
    """Decode bytes to text. Binary data and undecodable bytes raise `ReadError`."""
    if not data.strip():
        raise ReadError("empty: no text to read")
    if b"\x00" in data[:8192]:
        raise ReadError("binary data (NUL bytes): not a text report")
    if encoding != "auto":
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise ReadError(f"cannot decode as {encoding}: {exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if fallback:
            # exports from spreadsheets mix UTF-8 with stray Windows-1252 bytes (FA-KES does)
            return data.decode("utf-8", errors="triangulate-cp1252")
        raise ReadError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "re-encode the file or pass --encoding (cp1252 Western, cp1256 Arabic, cp1251 Cyrillic)"
        ) from None


def compose_text(text: str, title: str | None) -> tuple[str, str | None]:
    """The document text as stored: newlines normalised, the title in front unless it is there."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if title:
        title = " ".join(title.split())
        if not text.lstrip().startswith(title):
            text = f"{title}\n\n{text}"
    return text, title or None


def make_document(
    text: str,
    *,
    source: str,
    title: str | None = None,
    published: dt.date | None = None,
    outlet: str | None = None,
    url: str | None = None,
    language: str | None = None,
) -> Document:
    """Build a `Document`: title, junk spans, dateline, outlet and credits read off the text.

    When `title` is given and the text does not start with it, the document text becomes
    `title + "\\n\\n" + text` so that claims in the headline keep offsets like any other.
    """
    text, title = compose_text(text, title)
    title_span: Span | None = None
    if title:
        start = text.find(title)
        title_span = Span(start, start + len(title), "title")
    junk = find_junk(text)
    doc = Document(text=text, source=source, title=title, url=url, junk=junk, title_span=title_span,
                   language=language_code(language))
    clean = doc.clean_text()
    if title_span is not None:
        # the body often repeats the headline: that copy is the title too, not another headline
        title_copy = text.find(title, title_span.end, title_span.end + 400) if title else -1
        if title and title_copy >= 0:
            doc.title_copy = Span(title_copy, title_copy + len(title), "title_copy")
        skip = [title_span] + ([doc.title_copy] if doc.title_copy else [])
        extra = find_related_headlines(clean, skip=skip)
        if extra:
            doc.junk = sorted(doc.junk + extra, key=lambda sp: sp.start)
            clean = doc.clean_text()
    if not title:
        offset = 0
        for line in clean.split("\n"):
            if line.strip():
                if len(line.strip()) <= 300:
                    start = offset + len(line) - len(line.lstrip())
                    doc.title = line.strip()
                    doc.title_span = Span(start, start + len(doc.title), "title")
                break
            offset += len(line) + 1
    found = find_dateline(clean)
    if found:
        doc.dateline = Span(found[1], found[2], "dateline")
        if published is None:
            published = found[0]
    doc.published = published
    doc.outlet = outlet_id(outlet) or outlet_id(url) or outlet_from_text(text)
    for oid, start, end, kind in find_credits(text, clean):
        if oid == doc.outlet:
            continue
        doc.credits.append(Span(start, end, f"{kind}:{oid}"))
        if oid not in doc.credited:
            doc.credited.append(oid)
    return doc


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)


def _html_text(data: bytes) -> str:
    """A page's text: UTF-8 when it is, else the charset the page declares (windows-1256 Arabic and
    windows-1251 Cyrillic sites still exist), else UTF-8 with stray bytes read as Windows-1252."""
    try:
        return decode(data)
    except ReadError:
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
        return decode(data, fallback=True)


def _read_html(data: bytes, source: str) -> Document:
    import trafilatura

    html = _html_text(data)
    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if extracted is None:
        raise ReadError("HTML page with no main text found")
    get = extracted.get if isinstance(extracted, dict) else lambda k: getattr(extracted, k, None)
    body = get("text") or ""
    if not body.strip():
        raise ReadError("HTML page with no main text found")
    return make_document(
        body,
        source=source,
        title=get("title"),
        published=_parse_date(get("date")),
        outlet=get("sitename") or get("hostname"),
        url=get("url"),
        # a page's declared lang attribute is often the CMS default, not the article's: detected instead
    )


def record_document(row: dict[str, Any], *, source: str, columns: dict[str, str] | None = None) -> Document:
    """A `Document` from one collection row (CSV or JSON), with columns mapped by name."""
    return record_pending(row, source=source, columns=columns).build()


def record_pending(row: dict[str, Any], *, source: str, columns: dict[str, str] | None = None) -> Pending:
    """Validate one collection row and map its columns; raises `ReadError`."""
    columns = columns or {}

    def pick(field: str, defaults: tuple[str, ...]) -> Any:
        if field in columns:
            name = columns[field]
            return row.get(name) if name else None
        return column(row, defaults)

    text = pick("text", TEXT_COLUMNS)
    if not isinstance(text, str) or not text.strip():
        found = ", ".join(str(k) for k in list(row)[:12]) or "none"
        wanted = f"the column {columns['text']!r}" if columns.get("text") else f"a text column ({', '.join(TEXT_COLUMNS[:4])}...)"
        raise ReadError(f"no text: nothing in {wanted}; the record's fields are: {found}"
                        " (map one with --columns text=FIELD)")
    text = _valid_unicode(text)
    if len(text.encode("utf-8", "surrogatepass")) > MAX_DOCUMENT_BYTES:
        raise ReadError(f"text of {len(text):,} characters exceeds the {MAX_DOCUMENT_BYTES:,}-byte limit")
    rid = pick("id", ID_COLUMNS)
    title = pick("title", TITLE_COLUMNS)
    return Pending(
        text,
        source=_valid_unicode(f"{source}#{rid}" if rid not in (None, "") else source),
        title=_field(title),
        published=_parse_date(pick("published", DATE_COLUMNS)),
        outlet=_field(pick("outlet", OUTLET_COLUMNS)),
        url=_field(pick("url", URL_COLUMNS)),
        language=_field(pick("language", LANGUAGE_COLUMNS)),
    )


def language_code(value: str | None) -> str | None:
    """A record's own language field as an ISO 639-1 code ("fr", "fr-FR", "FR" -> "fr"); anything
    else is ignored and the language is detected from the text instead."""
    if not value:
        return None
    code = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    return code if re.fullmatch(r"[a-z]{2}", code) else None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _valid_unicode(text: str) -> str:
    """Lone surrogates (JSON's "\\ud800") cannot be stored or printed as UTF-8: U+FFFD instead."""
    return _SURROGATE.sub("\ufffd", text)


def _field(value: Any) -> str | None:
    """A metadata field as text: numbers become their digits ("outlet": 7), objects are refused."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ReadError(f"metadata field is a {type(value).__name__}, not text: {str(value)[:60]!r}")
    return _valid_unicode(str(value))[:MAX_FIELD_CHARS]


def _read_csv(data: bytes, source: str, *, columns: dict[str, str] | None, encoding: str) -> Iterator[RawRecord]:
    text = decode(data, encoding=encoding, fallback=True)
    dialect = "excel-tab" if source.endswith(".tsv") else "excel"
    reader = csv.reader(io.StringIO(text, newline=""), dialect=dialect)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        yield RecordError(source, f"CSV without a readable header: {exc}")
        return
    width = len(header)
    while True:
        line = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield RecordError(f"{source}:{line}", f"broken CSV row: {exc}")
            continue
        if not values:
            continue
        if len(values) != width:
            yield RecordError(
                f"{source}:{line}", f"broken CSV row: expected {width} fields, found {len(values)}"
            )
            continue
        try:
            yield record_pending(dict(zip(header, values)), source=source, columns=columns)
        except ReadError as exc:
            yield RecordError(f"{source}:{line}", str(exc))


def _read_jsonl(data: bytes, source: str, *, columns: dict[str, str] | None, encoding: str) -> Iterator[RawRecord]:
    text = decode(data, encoding=encoding, fallback=True)
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            items = json.loads(stripped)
        except (json.JSONDecodeError, RecursionError) as exc:
            yield RecordError(source, f"broken JSON: {exc}")
            return
        lines: Iterable[tuple[int, Any]] = enumerate(items, 1)
        parsed = True
    else:
        lines = enumerate(text.splitlines(), 1)
        parsed = False
    for number, item in lines:
        where = f"{source}:{number}"
        if not parsed:
            if not str(item).strip():
                continue
            try:
                item = json.loads(item)
            except (json.JSONDecodeError, RecursionError) as exc:
                yield RecordError(where, f"broken JSON line: {exc}")
                continue
        if not isinstance(item, dict):
            yield RecordError(where, f"expected a JSON object, found {type(item).__name__}")
            continue
        try:
            yield record_pending(item, source=source, columns=columns)
        except ReadError as exc:
            yield RecordError(where, str(exc))


def read_bytes(
    data: bytes,
    source: str,
    *,
    kind: str | None = None,
    columns: dict[str, str] | None = None,
    encoding: str = "auto",
) -> Iterator[RawRecord]:
    """Records from the bytes of one file (or stdin); `kind` is text|html|csv|jsonl or sniffed."""
    suffix = Path(source).suffix.lower()
    if kind is None:
        if suffix in HTML_SUFFIXES:
            kind = "html"
        elif suffix in CSV_SUFFIXES:
            kind = "csv"
        elif suffix in JSONL_SUFFIXES:
            kind = "jsonl"
        else:
            head = data[:512].lstrip().lower()
            if head.startswith((b"<!doctype html", b"<html")):
                kind = "html"
            elif head.startswith((b"{", b"[")):
                kind = "jsonl"
            else:
                kind = "text"
    try:
        if kind in ("text", "html") and len(data) > MAX_DOCUMENT_BYTES:
            raise ReadError(
                f"too large: {len(data) / 1e6:.1f} MB is above the {MAX_DOCUMENT_BYTES / 1e6:.0f} MB "
                "limit for one report"
            )
        if kind == "csv":
            yield from _read_csv(data, source, columns=columns, encoding=encoding)
        elif kind == "jsonl":
            yield from _read_jsonl(data, source, columns=columns, encoding=encoding)
        elif kind == "html":
            yield _read_html(data, source)
        else:
            yield Pending(decode(data, encoding=encoding), source=source)
    except ReadError as exc:
        yield RecordError(source, str(exc))


def _walk(path: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            p = Path(root) / name
            if p.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES | CSV_SUFFIXES | JSONL_SUFFIXES:
                yield p


def read(
    paths: Iterable[str | Path],
    *,
    columns: dict[str, str] | None = None,
    encoding: str = "auto",
) -> Iterator[Record]:
    """Every record of every path as a `Document` (or a `RecordError`): files, folders
    (recursively) and `-` for stdin."""
    for record in read_raw(paths, columns=columns, encoding=encoding):
        yield record.build() if isinstance(record, Pending) else record


def read_raw(
    paths: Iterable[str | Path],
    *,
    columns: dict[str, str] | None = None,
    encoding: str = "auto",
    max_collection_bytes: int = 2_000_000_000,
) -> Iterator[RawRecord]:
    """Like `read`, but leaves the analysis of each record (`Pending.build`) to the caller."""
    for raw in paths:
        if str(raw) == "-":
            yield from read_bytes(sys.stdin.buffer.read(), "<stdin>", columns=columns, encoding=encoding)
            continue
        if re.match(r"^[a-z][a-z0-9+.-]*://", str(raw), re.I):
            yield RecordError(str(raw), "a URL: pages are not fetched here; save the page and give the file, or "
                                        "follow a site's RSS/Atom feed with `triangulate watch FEED_URL --db ledger.db`")
            continue
        path = Path(raw)
        if path.is_dir():
            files: Iterable[Path] = _walk(path)
        elif path.exists():
            files = [path]
        else:
            yield RecordError(str(path), "no such file or folder")
            continue
        for file in files:
            source = str(file)
            try:
                size = file.stat().st_size
                is_collection = file.suffix.lower() in CSV_SUFFIXES | JSONL_SUFFIXES
                limit = max_collection_bytes if is_collection else MAX_DOCUMENT_BYTES
                if size > limit:
                    yield RecordError(
                        source,
                        f"too large: {size / 1e6:.1f} MB is above the {limit / 1e6:.0f} MB limit for "
                        f"{'a collection' if is_collection else 'one report'}",
                    )
                    continue
                data = file.read_bytes()
            except OSError as exc:
                yield RecordError(source, f"cannot read: {exc.strerror or exc}")
                continue
            yield from read_bytes(data, source, columns=columns, encoding=encoding)
