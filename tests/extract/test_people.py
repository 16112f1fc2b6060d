"""Victims counted from prose: each count keeps its span and says how it was counted."""

import pytest

import triangulate
from triangulate.extract.people import find_counted
from triangulate.model import Span
from triangulate.reconcile.tolls import lead_toll


def _counts(text: str) -> list[tuple[int, str, str]]:
    return [(m.number.value, m.victims, text[m.start:m.end]) for m in find_counted(text, Span(0, len(text)))]


@pytest.mark.parametrize("text, value, span", [
    ("A man was shot and killed Saturday night.", 1, "A man was shot and killed"),
    ("A 13-year-old boy was killed in the shooting.", 1, "A 13-year-old boy was killed"),
    ("A child was killed in the shelling.", 1, "A child was killed"),
    ("The victim died at the hospital.", 1, "The victim died"),
    ("John Smith, 25, was shot and killed.", 1, "John Smith, 25, was shot and killed"),
    ("A mother and her three children were killed.", 4, "A mother and her three children were killed"),
    ("a couple was found shot to death", 2, "a couple was found shot to death"),
    ("He killed his wife and two daughters.", 3, "killed his wife and two daughters"),
    ("Teen killed in hunting accident.", 1, "Teen killed"),
])
def test_victims_counted_from_person_phrases(text, value, span):
    assert _counts(text)[0][0] == value
    assert _counts(text)[0][2] == span


def test_the_perpetrators_own_death_is_counted_apart():
    text = "He killed his wife and two daughters before turning the gun on himself."
    found = _counts(text)
    assert found[0][:2] == (3, "civilians")
    assert found[1] == (1, "perpetrator", "turning the gun on himself")


def test_a_report_keeps_victims_and_perpetrator_deaths_apart():
    ex = triangulate.extract("Title\n\nA father killed his wife and two daughters before turning the gun on himself.")
    toll = lead_toll(ex.main, "killed")
    assert (toll.total, toll.perpetrator) == (3, 1)
    claim = ex.main.claims[0]
    assert claim.counted == "wife 1 + daughters 2"
    assert ex.document.text[claim.evidence.start:claim.evidence.end] == claim.evidence.text


@pytest.mark.parametrize("text", [
    "He was killed by a man in a car.",   # the man is the killer, not a victim
    "Man arrested after shooting.",
    "A 15-year-old was arrested.",
])
def test_no_death_no_count(text):
    assert [c for c in _counts(text) if c[1] != "perpetrator" and "killed" in c[2]] == []


def test_an_age_is_not_a_count():
    ex = triangulate.extract("Title\n\nA 15-year-old was killed and two others wounded.")
    killed = [c for c in ex.main.claims if c.kind == "killed"]
    assert [c.value for c in killed] == [1]
