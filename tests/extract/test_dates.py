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


def test_since_marks_the_start_of_a_period_not_an_event():
    published = dt.date(2015, 7, 8)  # a Wednesday
    text = "Clashes since Monday have killed 30 fighters, and rebels attacked the base on Tuesday."
    found = {text[d.start:d.end]: d for d in find_dates(text, 0, len(text), published)}
    assert found["since Monday"].since and found["since Monday"].date == dt.date(2015, 7, 6)
    assert not found["on Tuesday"].since


def test_an_event_day_outranks_the_start_of_a_period():
    import triangulate

    ex = triangulate.extract("Regime troops thwart rebel attack\n\nFighting since Monday has killed 30 fighters in "
                             "Aleppo. Rebels attacked an army post in the city on Tuesday, killing four soldiers.",
                             published="2015-07-08")
    assert ex.main.date == dt.date(2015, 7, 7)
    alone = triangulate.extract("Fighting since Monday has killed 30 fighters in Aleppo.", published="2015-07-08")
    assert alone.main.date == dt.date(2015, 7, 6)  # nothing better: the period's start
