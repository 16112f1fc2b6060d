"""People hit, and the wounded among them: "four people were shot, one fatally" is 1 killed and 3
wounded, each figure with the words it was read from, the derived one with the sum that made it."""

from typing import NamedTuple

import pytest

import triangulate
from triangulate.extract.tolls import lead_toll


class _Tolls(NamedTuple):
    killed: int
    wounded: int
    wounded_span: str | None
    wounded_sum: str | None  # the derivation a user reads beside the figure


def _tolls(body: str, title: str = "Shooting") -> _Tolls:
    ex = triangulate.extract(f"{title}\n\n{body}")
    report = ex.main
    killed, wounded = lead_toll(report, "killed"), lead_toll(report, "wounded")
    claim = report.claims[wounded.claims[0]] if wounded.claims else None
    if claim is not None:  # every span is the document's own words at its offsets
        assert ex.document.text[claim.evidence.start:claim.evidence.end] == claim.evidence.text
    return _Tolls(killed.total, wounded.total, claim.evidence.text if claim else None, claim.counted if claim else None)


@pytest.mark.parametrize("body, expected", [
    ("Four people were shot, one fatally, on Sunday in Chicago.",
     _Tolls(1, 3, "Four people were shot, one fatally", "derived: hit 4 - killed 1 (one fatally)")),
    ("Five people were shot, two of them fatally, outside a bar.",
     _Tolls(2, 3, "Five people were shot, two of them fatally", "derived: hit 5 - killed 2 (two of them fatally)")),
    ("Five people were shot outside a restaurant on Main Street.",
     _Tolls(0, 5, "Five people were shot", "derived: hit 5")),
    ("Two men were shot Saturday. One of them died at the hospital.",
     _Tolls(1, 1, "Two men were shot Saturday. One of them died", "derived: hit 2 - killed 1 (One of them died)")),
    ("Police say one of five people shot outside the bar early October 27 has died.",
     _Tolls(1, 4, "one of five people shot outside the bar early October 27 has died",
            "derived: hit 5 - killed 1 (one of five people shot outside the bar early October 27 has died)")),
    ("A 15-year-old boy was shot in the chest on Monday afternoon, police said.",
     _Tolls(0, 1, "A 15-year-old boy was shot", "derived: hit 1")),
    ("A man was killed on Friday. Police said four other people were shot.",
     _Tolls(1, 4, "four other people were shot", "derived: hit 4")),  # others: beside the dead, not among them
    ("Her 13-year-old son accidentally shot himself in the arm while home alone.",
     _Tolls(0, 1, "Her 13-year-old son accidentally shot himself", "derived: hit 1")),
    ("Police found a 15-year-old with a gunshot wound to the head.",
     _Tolls(0, 1, "a 15-year-old with a gunshot wound", "derived: hit 1")),
    ("The child was hit in the leg and is expected to recover.",
     _Tolls(0, 1, "The child was hit in the leg", "derived: hit 1")),
])
def test_the_wounded_among_people_hit(body, expected):
    assert _tolls(body) == expected


@pytest.mark.parametrize("body, expected", [
    # a death among people said to be wounded: the death is a figure of its own, the wounded figure stays as
    # written (no derivation where the report states one)
    ("Three soldiers were wounded and one died later.",
     _Tolls(1, 3, "Three soldiers were wounded", None)),
    ("Five people were injured, one of whom later died in hospital.", _Tolls(1, 5, "Five people were injured", None)),
    ("Two people were injured, one seriously.", _Tolls(0, 2, "Two people were injured", None)),
])
def test_a_death_among_the_wounded(body, expected):
    assert _tolls(body, title="Attack") == expected


@pytest.mark.parametrize("body, killed", [
    ("Three people were killed and a fourth was shot in the leg.", 3),  # among the dead or beside them? unsaid
    ("Two men who were shot on Friday have died.", 2),  # the people hit died
    ("12 people were shot and killed in the market.", 12),
    ("A man was shot and taken to the hospital where he died.", 1),
    ("Gunmen shot dead five soldiers at a checkpoint.", 5),
    ("Antrez Felder died at the hospital. Felder was wounded in the head.", 1),  # one person, named twice
])
def test_no_wounded_derived_where_the_words_do_not_give_them(body, killed):
    tolls = _tolls(body)
    assert (tolls.killed, tolls.wounded) == (killed, 0)


@pytest.mark.parametrize("body", [
    "Deputies found a deceased man with a gunshot wound in the yard.",  # the dead are found with wounds too
    "The victim suffered a fatal gunshot wound.",
    "Shots were fired at the convoy but no one was hit.",
])
def test_no_one_is_hit_where_the_words_say_no_one_lived_or_was_hit(body):
    assert _tolls(body)[:2] == (0, 0)


def test_the_headline_count_of_people_hit_is_the_whole_the_body_gives_a_part_of():
    tolls = _tolls("Police found a male with gunshot wounds near the theater on Saturday night.",
                   title="Four people shot near movie theater")
    assert (tolls.wounded, tolls.wounded_span) == (4, "Four people shot")


def test_a_stated_wounded_figure_wins_over_a_derived_one():
    assert _tolls("Five people were shot on Sunday; three were wounded and two died.")[:2] == (2, 3)


def test_a_shooter_is_not_counted_as_hit():
    ex = triangulate.extract("Shooting\n\nA man shot his wife at their home.")
    assert [c for c in ex.main.claims if c.kind in ("hit", "wounded")] == []


def test_another_groups_breakdown_is_no_toll_of_the_report():
    # a related headline in the body ("Two men shot, one fatally") counts other people
    body = ("Four men were wounded early Saturday when a gunman fired into a bodega. "
            "Two men shot, one fatally, inside Brooklyn deli. Homicides are down, officials said.")
    tolls = _tolls(body)
    assert (tolls.killed, tolls.wounded) == (0, 4)


@pytest.mark.parametrize("body, killed, wounded", [
    ("Police received a call to 911 reporting a person shot on Elm Street.", 0, 1),
    ("The death toll from a bomb blast on a bus convoy reached at least 112 people.", 112, 0),
    ("The death toll in the bomb attack on the evacuees rose to 112 on Sunday.", 112, 0),
])
def test_an_emergency_number_is_no_count_only_where_it_is_a_call(body, killed, wounded):
    assert _tolls(body)[:2] == (killed, wounded)


def test_a_derived_figure_is_made_of_figures_in_the_text():
    ex = triangulate.extract("Shooting\n\nFour people were shot, one fatally, on Sunday in Chicago.")
    by_kind = {c.kind: c for c in ex.main.claims}
    assert (by_kind["hit"].value, by_kind["killed"].value, by_kind["wounded"].value) == (4, 1, 3)
    assert by_kind["hit"].evidence.text == "Four people were shot"
    assert by_kind["killed"].evidence.text == "one fatally"
    assert by_kind["wounded"].number_text == ""  # 3 is not written: the sum says where it comes from
