from __future__ import annotations

import pytest

from triangulate.extract.actors import find_actors, role


@pytest.mark.parametrize(
    "alias, actor_id",
    [
        ("ISIS", "isis"), ("ISIL", "isis"), ("Daesh", "isis"), ("Islamic State", "isis"), ("IS", "isis"),
        ("US-led coalition", "us_coalition"), ("the coalition", "us_coalition"), ("CJTF-OIR", "us_coalition"),
        ("Syrian army", "syria_gov"), ("government troops", "syria_gov"), ("regime forces", "syria_gov"), ("SAA", "syria_gov"),
        ("Jabhat Fateh al-Sham", "nusra"), ("SDF", "kurdish_forces"), ("YPG", "kurdish_forces"),
        ("Russian warplanes", "russia"), ("a Russian airstrike", "russia"), ("a coalition air strike", "us_coalition"),
        ("an Israeli strike", "israel"), ("a regime warplane", "syria_gov"), ("Free Syrian Army", "opposition"), ("terrorist groups", "unidentified_armed"),
        # a possessive scraped without its apostrophe is the same alias
        ("Russia's Aerospace Forces", "russia"), ("Russias Aerospace Forces", "russia"), ("Syrias army", "syria_gov"),
    ],
)
def test_aliases_resolve_to_one_id(alias, actor_id):
    text = f"Reports said {alias} were involved."
    found = find_actors(text, 0, len(text))
    assert [a.id for a in found] == [actor_id]


def test_is_is_case_sensitive():
    text = "the situation is dire"
    assert find_actors(text, 0, len(text)) == []


def test_area_adjective_is_not_an_actor():
    text = "shells hit rebel-held areas"
    assert find_actors(text, 0, len(text)) == []


@pytest.mark.parametrize(
    "text, alias, expected",
    [
        ("airstrikes by the US-led coalition on the Syrian army troops near Deir Ezzur", "US-led coalition", "perpetrator"),
        ("airstrikes by the US-led coalition on the Syrian army troops near Deir Ezzur", "Syrian army", "target"),
        ("ISIS militants launched an assault on the town", "ISIS", "perpetrator"),
        ("Jihadist rebels blamed Russian warplanes for the attack", "Russian warplanes", "perpetrator"),
        ("40 Terrorists Killed in Latest Syrian Army Offensive in Aleppo", "Syrian Army", "perpetrator"),
        ("40 Terrorists Killed in Latest Syrian Army Offensive in Aleppo", "Terrorists", "target"),
        ("Syrian Army Units Kill over 70 Terrorists in Hama Province", "Syrian Army", "perpetrator"),
        # an active verb with an object: who killed, not who died
        ("Strikes carried out by Syrian or Russian warplanes killed more than 20 people in the city",
         "Russian warplanes", "perpetrator"),
        ("Russian jets killed the family of five in their home", "Russian jets", "perpetrator"),
        # passive, or no object: who died
        ("40 ISIS militants killed in Russian strikes near the town", "ISIS", "target"),
        ("40 ISIS militants killed in Russian strikes near the town", "Russian strikes", "perpetrator"),
        ("Syrian army troops were killed in the ambush", "Syrian army", "target"),
    ],
)
def test_roles(text, alias, expected):
    mention = next(a for a in find_actors(text, 0, len(text)) if a.text == alias)
    assert role(text, mention, 0, len(text)) == expected

