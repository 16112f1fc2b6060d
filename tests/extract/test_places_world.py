"""Places outside the conflict zones: every country's divisions, 'City, State', AP abbreviations,
datelines, names that are not places, and the report's own country against foreign namesakes."""

import pytest

from triangulate.extract.places import countries_in, find_places, region_after


def _places(text: str) -> list[tuple[str, str | None, str | None]]:
    ctx = countries_in(text)
    return [(p.entry.name, p.entry.country, p.entry.admin1) for p in find_places(text, 0, len(text), ctx)]


@pytest.mark.parametrize("text, expected", [
    ("A man was killed in Medford, New York on Friday.", ("Medford", "US", "NY")),
    ("Police in Hartford, Connecticut said two people died.", ("Hartford", "US", "CT")),
    ("PUYALLUP, Wash. — A man was shot on Friday.", ("Puyallup", "US", "WA")),
    ("Two were hurt in Toledo, OH on Sunday.", ("Toledo", "US", "OH")),
    ("Shelling hit Homs, Syria, killing five.", ("Homs", "SY", "11")),
])
def test_a_place_followed_by_its_region_is_read_inside_it(text, expected):
    assert _places(text)[0] == expected


def test_an_unknown_town_in_a_known_state_gives_the_state():
    assert _places("Five civilians were killed in Beaverdam, Virginia.")[0] == ("Virginia", "US", "VA")


def test_region_after_reads_abbreviations_and_full_names():
    text = "Tacoma, Wash. and Springfield, Illinois"
    assert region_after(text, text.index(",")) [0] == {("US", "WA")}
    assert ("US", "IL") in region_after(text, text.rindex(","))[0]


def test_a_named_division_picks_the_namesake_inside_it():
    text = "A man was killed in Springfield on Friday, Illinois State Police said."
    assert ("Springfield", "US", "IL") in _places(text)


@pytest.mark.parametrize("text", [
    "Ashton Carter said the strike was lawful.",
    "Man arrested after a shooting; the man was 32.",
])
def test_names_and_common_words_are_not_places(text):
    assert _places(text) == []


def test_a_syrian_report_naming_washington_once_does_not_read_us_towns():
    text = ("Syrian army units advanced in Idlib, Syria. Washington condemned the Assad government. "
            "Syrian sources said the Syrian army shelled the town.")
    ctx = countries_in(text)
    found = find_places(text, 0, len(text), ctx)
    assert [p.entry.name for p in found if p.entry.country == "SY"] == ["Idlib"]
    assert not [p for p in found if p.entry.country == "US" and p.entry.precision == "city"]


def test_a_dateline_in_capitals_is_a_place():
    assert _places("CROSSVILLE, Tenn. (WATE) – A boy has died.")[0] == ("Crossville", "US", "TN")


def test_a_county_tells_the_state():
    text = "Deputies of the Harris County Sheriff's Office, Texas, said a boy died."
    assert ("Harris County", "US", "TX") in _places(text)


@pytest.mark.parametrize("text", [
    "A Toledo woman was sentenced on Friday.",          # Belize's Toledo district; Ohio's city of 265,000
    "The attack in Portland left one man dead.",         # a Jamaican parish; two US cities
    "He was shot in Santa Ana on Friday night.",         # a Salvadoran department; a Californian city
])
def test_a_division_named_like_a_bigger_city_abroad_says_nothing_of_the_country(text):
    assert countries_in(text) == {}


def test_a_division_whose_biggest_namesake_is_its_own_city_still_tells_the_country():
    counts = countries_in("Shelling hit Homs and Idlib on Friday.")
    assert counts["SY"] == 2


def test_a_country_reached_through_another_of_its_names_yields_to_a_city_of_the_name():
    text = "A man was shot and killed in Columbia on Friday night, police said."
    places = find_places(text, 0, len(text), {})
    assert [(p.entry.country, p.entry.precision) for p in places] == [("US", "city")]  # not Colombia
    text = "Fighting in Colombia killed 20 people on Friday."  # its own name still reads the country
    assert [(p.entry.country, p.entry.precision) for p in find_places(text, 0, len(text), countries_in(text))] == [
        ("CO", "country")]


@pytest.mark.parametrize("text, name, admin1", [
    ("A boy was killed in a shooting late Sunday morning in Kansas City.", "Kansas City", "MO"),  # not Kansas
    ("Two men were killed in Jersey City on Friday.", "Jersey City", "NJ"),
    ("Two people were shot in Virginia Beach.", "Virginia Beach", "VA"),  # nor Virginia
    ("Airstrikes hit Gaza City on Friday.", "Gaza", "GZ"),  # a designator that is not part of the name
])
def test_a_city_named_after_its_division_or_with_a_designator_is_read_whole(text, name, admin1):
    places = find_places(text, 0, len(text), countries_in(text))
    assert [(p.entry.name, p.entry.admin1) for p in places] == [(name, admin1)]


@pytest.mark.parametrize("text", [
    "Four were shot, police Lt. Robert McManus said.",  # not Papua New Guinea's Manus
    "Follow the reporter on Twitter: @CarlaRiveraLat",   # not Uruguay's Rivera
])
def test_a_division_name_inside_a_word_is_no_country_cue(text):
    assert countries_in(text) == {}


@pytest.mark.parametrize("text", [
    "Shootings in Jamaica Plain left two people hurt on Friday.",  # a Boston neighbourhood
    "Police said Israel Jr. was charged with murder.",               # a person
])
def test_a_country_name_that_begins_a_longer_name_is_not_the_country(text):
    assert [p.entry.precision for p in find_places(text, 0, len(text), countries_in(text))] == []


def test_a_country_named_alone_is_still_the_country():
    text = "Fighting in Colombia killed 20 people on Friday."
    assert [p.entry.country for p in find_places(text, 0, len(text), countries_in(text))] == ["CO"]
