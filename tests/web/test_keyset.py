"""Keyset pagination of the incident list, against the real server over the FA-KES ledger: walking
`next` visits every incident once in the sort order, walking `previous` back gives the same pages,
and a cursor that is not one is a clear 400."""

from __future__ import annotations

import json
import sqlite3
import urllib.error
import urllib.parse
import urllib.request

import pytest


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.load(r)


@pytest.mark.parametrize("sort, column", [("date", "date"), ("toll", "killed_best"), ("sources", "n_independent")])
def test_walking_the_pages_forward_and_back_visits_every_incident_once_in_order(server, ledger_path, sort, column):
    with sqlite3.connect(ledger_path) as conn:
        expected = [r[0] for r in conn.execute(
            f"SELECT id FROM incidents ORDER BY {column} IS NULL, {column} DESC, id DESC")]
    assert len(expected) > 200
    pages, cursor = [], None
    while True:
        data = _get(f"{server}/api/incidents?sort={sort}&per_page=37" + (f"&after={urllib.parse.quote(cursor)}" if cursor else ""))
        pages.append([i["id"] for i in data["incidents"]])
        assert data["total"] == len(expected)
        cursor = data["next"]
        if cursor is None:
            break
    assert [i for page in pages for i in page] == expected
    assert all(len(p) == 37 for p in pages[:-1])
    # and back from the last page
    back = [pages[-1]]
    first_of_last = pages[-1][0]
    row = _get(f"{server}/api/incidents/{first_of_last}")["incident"]
    value = row[column]
    cursor = f"{'' if value is None else value}~{first_of_last}"
    while cursor:
        data = _get(f"{server}/api/incidents?sort={sort}&per_page=37&before={urllib.parse.quote(cursor)}")
        back.insert(0, [i["id"] for i in data["incidents"]])
        cursor = data["previous"]
    assert back == pages


@pytest.mark.parametrize("query", ["after=2016-01-01", "after=x~inc-zzzzzzzzzzzz", "sort=toll&after=many~inc-0123456789ab",
                                   "after=2016-01-01~inc-0123456789ab&before=2016-01-01~inc-0123456789ab"])
def test_a_cursor_that_is_not_one_is_a_400(server, query):
    with pytest.raises(urllib.error.HTTPError) as err:
        _get(f"{server}/api/incidents?{query}")
    assert err.value.code == 400
