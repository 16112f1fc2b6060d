"""Gazetteer cases: transliterations, divisions, places merely mentioned, and false friends."""

from __future__ import annotations

import pytest

from triangulate.extract.places import countries_in, find_places


def _first(text):
    found = find_places(text, 0, len(text), countries_in(text))
    return found[0].entry if found else None


@pytest.mark.parametrize("spelling", ["Deir Ezzur", "Deir el-Zour", "Deir ez-Zor", "Dayr az Zawr", "Deir al-Zour", "Deir Ezzor"])
def test_deir_ez_zor_spellings_resolve_to_one_city(spelling):
    entry = _first(f"Syrian troops near {spelling} were hit")
    assert (entry.geonameid, entry.admin1, entry.country) == (170794, "07", "SY")


@pytest.mark.parametrize(
    "text, name, precision",
    [
        ("fighting in Idlib province in Syria", "Idlib", "admin1"),
        ("a car bomb in Azaz in Aleppo province", "I‘zāz", "city"),
        ("shelling on Aleppo City", "Aleppo", "city"),
        ("Douma in Eastern Ghouta, Syria", "Dūmā", "city"),
        ("the Golan Heights in Syria", "Golan Heights (Syrian side)", "region"),
        ("in Tal Abyad city in the countryside of Raqqa province", "Tal Abyad", "city"),
    ],
)
def test_places(text, name, precision):
    entry = _first(text)
    assert (entry.name, entry.precision) == (name, precision)


@pytest.mark.parametrize(
    "text",
    [
        "Terrorist rocket attacks in the city",  # not Trieste
        "DAMASCUS (Sputnik) A suicide blast",  # a wire dateline, not the place
        "the FNA reported",  # an acronym
        "Ahrar al-Sham fighters",  # al-Sham is a group's name, not Damascus
    ],
)
def test_false_friends(text):
    assert _first(text) is None


def test_country_context_from_governorates():
    assert countries_in("Seven civilians were killed in Tal Abyad in Raqqa province")["SY"] == 1


@pytest.mark.parametrize("text", ["Published Jul 14 2016 in Syria", "Last updated Nov 3 in Syria", "Sun 14 Sep 2014, Syria"])
def test_dates_are_not_places(text):
    assert _first(text) is None or _first(text).precision == "country"
