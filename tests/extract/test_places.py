"""Gazetteer cases: transliterations, divisions, places merely mentioned, and false friends."""

from __future__ import annotations

import pytest

from triangulate.extract.places import coherent_country, countries_in, find_places, harmonise


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


def _all(text):
    return [(p.text, p.entry.country, p.entry.admin1) for p in harmonise(find_places(text, 0, len(text), countries_in(text)))]


def test_a_direction_is_not_a_division_of_some_country():
    # Iceland and Burkina Faso have divisions called "Northwest" and "Southwest"
    text = "Two people were killed in a shooting in Northwest Miami-Dade on Sunday, and one in Southwest Macon."
    assert all(country != "IS" and country != "BF" for _, country, _ in _all(text))
    assert "IS" not in countries_in(text) and "BF" not in countries_in(text)


def test_a_stray_alternate_name_is_not_read():
    # GeoNames lists "Liberty" among Lyubertsy's alternate names and "Lane" among Rochelle's
    places = _all("Deputies said the man lived on Liberty and was taken to Lane by a neighbour in Macon, Georgia.")
    assert ("Liberty", "RU", "47") not in places and all(text != "Lane" for text, _, _ in places)


def test_a_surname_seen_with_its_first_name_is_not_a_town():
    text = ("Deputies in Bibb County, Georgia, found Stephanie Patton wounded at her home. "
            "Patton said she did not know the shooter.")
    assert all(text != "Patton" for text, _, _ in _all(text))


def test_a_street_named_after_a_person_is_not_a_town():
    text = "Felder died inside a home at 308 Bobby Jones Lane in Macon, Georgia, not far from Bobby Jones Street."
    assert [t for t, _, _ in _all(text)] == ["Macon"]


def test_the_other_places_choose_between_namesake_counties():
    # Bibb County exists in Alabama and in Georgia; Macon is the county seat of the Georgian one
    text = "A teen was shot in Macon late on Monday. The Bibb County Sheriff's Office is investigating."
    assert ("Bibb County", "US", "GA") in _all(text)


def test_the_country_most_place_names_share_is_the_context():
    # no country or state named: Skokie, Evanston and Wilmette are all Illinois towns
    text = "A Skokie man was shot in Evanston on Tuesday and taken to a hospital in Wilmette."
    assert coherent_country(text) == "US"
    assert coherent_country("The Lord of the Rings was filmed there.") is None


def test_an_english_word_is_not_a_small_town_of_that_name():
    # Police (Poland), Street (England), Long An (Vietnam)
    places = _all("Police: Street gang members shot a man in Albion, Michigan. Long lines formed.")
    assert [(t, c, a) for t, c, a in places] == [("Albion", "US", "MI")]


def test_a_first_name_is_no_division_signal():
    # Brittany is a French region, Mary a Turkmen province
    text = "Brittany Smith, 19, was shot in St. Mary Parish, deputies said."
    context = countries_in(text)
    assert "FR" not in context and "TM" not in context


def test_abbreviated_saint_and_fort_are_read():
    assert ("Ft. Lauderdale", "US", "FL") in _all("A woman killed her daughter in Ft. Lauderdale on Monday.")
    assert ("St. Louis", "US", "MO") in _all("Five people were shot in St. Louis overnight.")


def test_a_name_before_said_is_a_person():
    # Powell, Ohio is a town of 13,000
    text = "Two men were shot on the South Side of Chicago. Powell said he heard six shots."
    assert all(t != "Powell" for t, _, _ in _all(text))
