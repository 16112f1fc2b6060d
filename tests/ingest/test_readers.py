"""Reading reports: every format, and a clear per-record error for every kind of bad input."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from triangulate.ingest import read
from triangulate.ingest.readers import MAX_DOCUMENT_BYTES
from triangulate.model import Document, RecordError

REPORT = "Car bomb kills 12 in Azaz\n\nAt least 12 people were killed on Thursday in a car bomb blast in Azaz, local sources said.\n"


def _split(records):
    docs = [r for r in records if isinstance(r, Document)]
    errors = [r for r in records if isinstance(r, RecordError)]
    return docs, errors


def test_bad_files_get_their_error_and_the_rest_is_read(tmp_path):
    (tmp_path / "good.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 bombing kills 3\n".encode("latin-1") + b"\xff\xfe more")
    with open(tmp_path / "huge.txt", "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # 50 MB
    docs, errors = _split(list(read([tmp_path])))
    assert [d.title for d in docs] == ["Car bomb kills 12 in Azaz"]
    by_file = {e.source.rsplit("/", 1)[-1]: e.message for e in errors}
    assert set(by_file) == {"empty.txt", "binary.txt", "latin.txt", "huge.txt"}
    assert by_file["empty.txt"].startswith("empty")
    assert by_file["binary.txt"].startswith("binary data")
    assert "not valid UTF-8" in by_file["latin.txt"] and "offset 3" in by_file["latin.txt"]
    assert "too large: 52.4 MB" in by_file["huge.txt"]


def test_csv_with_a_broken_row_keeps_the_other_rows(tmp_path):
    path = tmp_path / "reports.csv"
    path.write_text(
        "id,title,text,source,published\n"
        '1,Shelling kills 3,"Three civilians were killed by shelling in Homs on Monday.",sana,2016-05-02\n'
        '2,broken row with too many fields,"x",sana,2016-05-02,extra,extra\n'
        '3,No text here,"",sana,2016-05-02\n'
        '4,Airstrike kills 9,"Nine people were killed in an airstrike on Idlib.",reuters,2016-05-03\n',
        encoding="utf-8",
    )
    docs, errors = _split(list(read([path])))
    assert [d.title for d in docs] == ["Shelling kills 3", "Airstrike kills 9"]
    assert [d.outlet for d in docs] == ["sana", "reuters"]
    assert docs[0].published == dt.date(2016, 5, 2)
    assert docs[0].source.endswith("reports.csv#1")
    assert len(errors) == 2
    assert errors[0].source.endswith("reports.csv:3") and "expected 5 fields, found 7" in errors[0].message
    assert errors[1].source.endswith("reports.csv:4") and "no text" in errors[1].message


def test_fakes_csv_loads_as_it_is_with_windows_1252_bytes(tmp_path):
    from paths import FAKES

    docs, errors = _split(list(read([FAKES], columns={"published": ""})))
    assert len(docs) == 531 and errors == []
    bullet = [d for d in docs if "\u2022" in d.text]
    assert bullet, "byte 0x95 decodes to a bullet, not a replacement character"
    assert all("\ufffd" not in d.text for d in docs)


def test_jsonl_with_a_broken_line(tmp_path):
    path = tmp_path / "reports.jsonl"
    path.write_text(
        json.dumps({"title": "Blast kills 4", "text": "Four people were killed in a blast in Raqqa.", "url": "https://sana.sy/en/?p=1"}) + "\n"
        + '{"title": "broken", "text": \n'
        + json.dumps(["not", "an", "object"]) + "\n",
        encoding="utf-8",
    )
    docs, errors = _split(list(read([path])))
    assert [(d.title, d.outlet, d.url) for d in docs] == [("Blast kills 4", "sana", "https://sana.sy/en/?p=1")]
    assert [e.source.rsplit(":", 1)[-1] for e in errors] == ["2", "3"]
    assert "broken JSON line" in errors[0].message and "expected a JSON object" in errors[1].message


def test_html_page_main_text_via_trafilatura(tmp_path):
    html = """<!doctype html><html><head><title>Shelling kills 5 in Aleppo - Reuters</title>
    <meta property="og:site_name" content="Reuters"></head><body>
    <nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Shelling kills 5 in Aleppo</h1>
    <p>At least five civilians were killed on Tuesday when shells hit a market in Aleppo, the Syrian Observatory for Human Rights said.</p>
    <p>The monitor said the toll could rise as several people were seriously wounded in the attack on the crowded market.</p>
    </article><footer>Share on Facebook Twitter</footer></body></html>"""
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    docs, errors = _split(list(read([tmp_path / "page.html"])))
    assert errors == []
    assert "At least five civilians were killed" in docs[0].text
    assert "Home" not in docs[0].text
    assert docs[0].outlet == "reuters"


def test_stdin_is_read(monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(REPORT.encode())))
    docs, errors = _split(list(read(["-"])))
    assert docs[0].source == "<stdin>" and docs[0].title == "Car bomb kills 12 in Azaz"


def test_missing_path_is_an_error():
    docs, errors = _split(list(read(["/nonexistent/report.txt"])))
    assert docs == [] and errors[0].message == "no such file or folder"


def test_same_text_same_id():
    from triangulate.ingest import make_document

    a = make_document(REPORT, source="a")
    b = make_document(REPORT, source="b")
    assert a.id == b.id and len(a.id) == 16


def test_limit_constant_is_documented():
    assert MAX_DOCUMENT_BYTES == 5_000_000


@pytest.mark.parametrize("value, expected", [
    ("2016-09-27", dt.date(2016, 9, 27)),
    ("9/27/16", dt.date(2016, 9, 27)),
    ("Tue, 27 Sep 2016 10:02:22 GMT", dt.date(2016, 9, 27)),
    ("27/09/2016 10:02", dt.date(2016, 9, 27)),
    ("not a date", None),
])
def test_metadata_dates(value, expected):
    from triangulate.ingest.readers import _parse_date

    assert _parse_date(value) == expected


def test_a_record_without_text_names_the_fields_it_has(tmp_path):
    from triangulate.ingest import read
    from triangulate.model import RecordError

    path = tmp_path / "nested.jsonl"
    path.write_text('{"data": {"body": "Four people were killed."}, "meta": {"t": 1}}\n', encoding="utf-8")
    [error] = list(read([path]))
    assert isinstance(error, RecordError)
    assert "no text" in error.message and "fields are: data, meta" in error.message and "--columns" in error.message


def test_an_html_page_in_its_declared_legacy_charset(tmp_path):
    from triangulate.ingest import read

    arabic = ('<html><head><meta charset="windows-1256"><title>مقتل 12 مدنيا</title></head><body><article><p>'
              'قتل 12 مدنيا في غارة جوية على مدينة حلب يوم الثلاثاء، بحسب المرصد السوري لحقوق الإنسان. وأصيب 30 '
              'آخرون في القصف الذي استهدف سوقا شعبيا في المدينة.</p></article></body></html>')
    cyrillic = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><title>Погибли 12'
                '</title></head><body><article><p>Погибли 12 человек в результате обстрела города во вторник, сообщил '
                'губернатор области. Еще 30 человек получили ранения.</p></article></body></html>')
    (tmp_path / "ar.html").write_bytes(arabic.encode("cp1256"))
    (tmp_path / "ru.html").write_bytes(cyrillic.encode("cp1251"))
    docs = {d.source.rsplit("/", 1)[-1]: d for d in read([tmp_path])}
    assert "قتل 12 مدنيا في غارة جوية" in docs["ar.html"].text
    assert "Погибли 12 человек" in docs["ru.html"].text
