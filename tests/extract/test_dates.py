from __future__ import annotations

import datetime as dt

import pytest

from triangulate.extract.dates import find_dates, resolve_weekday

PUB = dt.date(2016, 9, 27)  # a Tuesday


@pytest.mark.parametrize(
    "text, expected",
    [
        ("US warplanes hit troops on September 17, leaving", dt.date(2016, 9, 17)),
        ("On Saturday Sept 17, 2016, some of the world", dt.date(2016, 9, 17)),
        ("the strike on Saturday", dt.date(2016, 9, 24)),
        ("late Wednesday", dt.date(2016, 9, 21)),
        ("yesterday", dt.date(2016, 9, 26)),
        ("on Tuesday", dt.date(2016, 9, 27)),
        ("last Tuesday", dt.date(2016, 9, 20)),
        ("17 September", dt.date(2016, 9, 17)),
        ("an October 6 attack", dt.date(2015, 10, 6)),  # no year and after publication: the year before
    ],
)
def test_date_resolution(text, expected):
    assert find_dates(text, 0, len(text), PUB)[0].date == expected


def test_a_day_later_counts_from_the_date_before():
    text = "troops near Deir Ezzur on September 17. A day later on Sunday, a military source disclosed"
    dates = find_dates(text, 0, len(text), PUB)
    assert [d.date for d in dates] == [dt.date(2016, 9, 17), dt.date(2016, 9, 18)]


def test_weekday_without_publication_date_is_not_resolved():
    assert find_dates("on Saturday", 0, 11, None) == []


def test_resolve_weekday_same_day():
    assert resolve_weekday("tuesday", PUB) == PUB
