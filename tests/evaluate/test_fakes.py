"""The FA-KES scorer: floors that catch a regression, and the rules behind the figures."""

from __future__ import annotations

import datetime as dt

import pytest
from paths import FAKES

from triangulate.evaluate.fakes import COLUMNS, evaluate_fakes, gold, load_rows
from triangulate.ingest.readers import record_pending


@pytest.fixture(scope="module")
def result():
    return evaluate_fakes(FAKES, keep_misses=3)


def test_accuracy_floors(result):
    acc = result["accuracy"]
    assert result["documents"] == 531
    # floors a little under what we measure (see README): a drop below them is a regression
    assert acc["killed"] >= 0.73
    assert acc["noncivilians"] >= 0.82
    assert acc["governorate"] >= 0.85
    assert acc["actor"] >= 0.69
    assert acc["cause"] >= 0.79
    assert acc["date"] >= 0.64


def test_result_lists_misses_and_confusions(result):
    assert set(result["misses"]) >= {"killed", "governorate", "actor", "cause", "date"}
    assert result["top_confusions"]["actor"]


def test_crowd_date_is_a_label_not_an_input():
    rows = load_rows(FAKES)
    row = next(r for r in rows if r["article_content"].startswith("Fri 07 Apr 2017"))
    pending = record_pending(row, source="x", columns=COLUMNS)
    assert pending.published is None  # the `date` column is not read as the publication date
    assert pending.build().published == dt.date(2017, 4, 7)  # the dateline in the text is
    assert gold(row)["date"] == dt.date(2017, 4, 7)
