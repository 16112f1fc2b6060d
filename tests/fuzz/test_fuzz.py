"""Property tests over generated and mutated input (hypothesis), bounded so CI stays fast; the
million-input run is `python benchmarks/fuzz.py`.

Properties: no uncaught exception; every evidence slice equals its text; low <= value <= high where
given; no negative figure; every record of a file either becomes a document or an error, and
`ingest` lands or quarantines every one of them."""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import triangulate
from triangulate.ingest.readers import Pending, read_bytes
from triangulate.model import RecordError
from triangulate.store import Ledger

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))  # FUZZ_EXAMPLES=2000 for a longer local run
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                    derandomize=True)

WORDS = ["killed", "wounded", "at least", "more than", "dozens", "civilians", "soldiers", "Homs", "Aleppo",
         "Deir ez-Zor", "on Saturday", "said", "according to", "İ", "\u200b", "\ud800", "7", "10000000000000000000",
         "two", "a man", "was shot and killed", "(", ")", "\"", "...", "\n\n", "   ", "\t", "<script>", "&amp;",
         "Sept. 17", "2016", "-", ",", ".", "the", "Reuters", "SANA", "himself", "İstanbul"]

prose = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=60).map(" ".join)


def _check_extraction(text: str) -> None:
    ex = triangulate.extract(text)
    doc = ex.document
    for report in ex.reports:
        for claim in report.claims:
            ev = claim.evidence
            assert 0 <= ev.start <= ev.end <= len(doc.text)
            assert doc.text[ev.start:ev.end] == ev.text
            for figure in (claim.value, claim.low, claim.high):
                assert figure is None or figure >= 0
            if claim.low is not None and claim.high is not None:
                assert claim.low <= claim.high
            if claim.value is not None and claim.low is not None:
                assert claim.low <= claim.value or claim.qualifier in ("more_than", "vague", "up_to")


@SETTINGS
@given(prose)
def test_extract_any_prose(text):
    _check_extraction(text)


@SETTINGS
@given(st.text(max_size=400))
def test_extract_any_text(text):
    _check_extraction(text)


def _records(data: bytes, name: str) -> list:
    out = list(read_bytes(data, name))
    assert all(isinstance(r, (Pending, RecordError)) for r in out)
    for r in out:
        if isinstance(r, Pending):
            r.build()
    return out


@SETTINGS
@given(st.binary(max_size=600), st.sampled_from(["a.txt", "a.html", "a.csv", "a.jsonl", "a.json", "a.tsv", "noext"]))
def test_readers_take_any_bytes(data, name):
    _records(data, name)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
json_records = st.dictionaries(
    st.sampled_from(["text", "title", "published", "outlet", "url", "id", "source", "date", "content"]),
    json_values | prose, max_size=7)


@SETTINGS
@given(st.lists(json_records, max_size=5))
def test_jsonl_records_become_documents_or_errors(records):
    data = "\n".join(json.dumps(r) for r in records).encode("utf-8", "surrogatepass")
    out = _records(data, "a.jsonl")
    assert len(out) >= len([r for r in records if r]) or any(isinstance(r, RecordError) for r in out)


@SETTINGS
@given(st.lists(st.lists(st.one_of(prose, st.text(max_size=20)), min_size=1, max_size=4), min_size=1, max_size=5))
def test_csv_rows_become_documents_or_errors(rows):
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["text", "title", "published", "outlet"][:len(rows[0])])
    writer.writerows(rows)
    _records(buf.getvalue().encode("utf-8", "surrogatepass"), "a.csv")


@settings(max_examples=max(15, EXAMPLES // 4), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
          derandomize=True)
@given(st.lists(st.tuples(st.sampled_from(["txt", "jsonl", "csv", "html"]), prose | st.binary(max_size=200).map(
    lambda b: b.decode("latin-1"))), min_size=1, max_size=4))
def test_ingest_lands_or_quarantines_every_record(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("fuzz")
    for i, (kind, body) in enumerate(files):
        if kind == "jsonl":
            data = json.dumps({"text": body, "published": "2016-09-18"}).encode()
        elif kind == "csv":
            data = ('text,published\n"' + body.replace('"', '""') + '",2016-09-18\n').encode("utf-8", "surrogatepass")
        elif kind == "html":
            data = f"<html><body><article><p>{body}</p></article></body></html>".encode("utf-8", "surrogatepass")
        else:
            data = body.encode("utf-8", "surrogatepass")
        (folder / f"{i}.{kind}").write_bytes(data)
    with Ledger(":memory:") as ledger:
        result = ledger.ingest([folder])
        counts = ledger.counts()
        assert counts["documents"] == result.added
        assert result.added + result.skipped + len(result.errors) >= len(files)
        assert counts["errors"] >= len({e.source for e in result.errors}) or not result.errors
