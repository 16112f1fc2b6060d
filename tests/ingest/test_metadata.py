from __future__ import annotations

import datetime as dt

import pytest

from triangulate.ingest.metadata import find_credits, find_dateline, outlet_id


@pytest.mark.parametrize(
    "head, expected",
    [
        ("Title\nTue Sep 27, 2016 10:02:22\n\nBody", dt.date(2016, 9, 27)),
        ("Fri 07 Apr 2017 at 0914 Homs governor says", dt.date(2017, 4, 7)),
        ("85 Syria troops killed Monitor AFP Saturday 26 Jul 2014 At least", dt.date(2014, 7, 26)),
        ("Date of publication 14 October 2016 At least 20", dt.date(2016, 10, 14)),
        ("August 22 2013 1849 UTC+3 A total of", dt.date(2013, 8, 22)),
        ("06-06-2016 3 Civilians Killed", dt.date(2016, 6, 6)),
        ("08.04.2017(updated 1456 08.04.2017) Get short URL", dt.date(2017, 4, 8)),
        ("On Saturday Sept 17, 2016, some of the world", None),
    ],
)
def test_dateline(head, expected):
    found = find_dateline(head)
    assert (found[0] if found else None) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Body of text.\nContinue this article at RT\n", "rt"),
        ('he added".-REUTERS', "reuters"),
        ("the high coordination done between the US and the terrorists, FNA reported.", "fna"),
        ("Syria troops killed Monitor AFP Saturday 26 Jul 2014 At least", "afp"),
    ],
)
def test_credits(text, expected):
    assert [c[0] for c in find_credits(text)] == [expected]


@pytest.mark.parametrize(
    "name, expected",
    [("SANA", "sana"), ("https://www.rt.com/news/1", "rt"), ("english.almanar.com.lb", "manar"), ("Some Blog", "some_blog"), ("", None)],
)
def test_outlet_id(name, expected):
    assert outlet_id(name) == expected
