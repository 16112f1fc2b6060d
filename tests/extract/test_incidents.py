"""One document, several incidents: the lead incident keeps its own claims only."""

from __future__ import annotations

import datetime as dt

import triangulate


def test_war_wide_total_is_not_the_incidents_claim():
    ex = triangulate.extract(
        "Car bomb kills 20 in Azaz\n\nAt least 20 people were killed in a car bomb blast on Thursday in Azaz, "
        "Aleppo province, local sources said. More than 300000 people have been killed in Syria since the "
        "conflict began in 2011.",
        published="2016-10-14",
    )
    own = [c.value for r in ex.reports for c in r.claims if c.context is None]
    background = [c.value for r in ex.reports for c in r.claims if c.context]
    assert 300000 not in own and 20 in own and background == [300000]  # kept as context, not as a claim


def test_an_earlier_attack_is_its_own_incident():
    ex = triangulate.extract(
        "Car bomb kills 20 in Azaz\n\nAt least 20 people were killed in a car bomb blast on Thursday in Azaz. "
        "IS has regularly targeted rebel factions with bomb attacks including an October 6 attack at a border "
        "crossing in neighbouring Idlib province that killed 29 rebels.",
        published="2016-10-14",
    )
    main = ex.main
    assert [c.value for c in main.claims if not c.in_title] == [20]
    assert main.date == dt.date(2016, 10, 13)
    others = [r for r in ex.reports if not r.main]
    assert [c.value for c in others[0].claims] == [29]
    assert others[0].date == dt.date(2016, 10, 6)


def test_the_lead_claim_sentence_is_never_split_off_by_a_one_off_cue():
    # the only figure of the report shares its sentence with "weeks earlier": it is still the lead incident's
    ex = triangulate.extract(
        "Incident\n\nFour members of the Al-Sawaf family were killed by an airstrike on their home in Gaza City on "
        "December 1, 2023, a relative said, weeks earlier than the family had planned to leave. "
        "Neighbours said the house was destroyed.",
        published="2024-01-14",
    )
    assert [c.value for c in ex.main.claims] == [4]
    assert ex.main.date == dt.date(2023, 12, 1)
    assert len(ex.reports) == 1


def test_elsewhere_opens_a_section_that_later_sentences_join():
    ex = triangulate.extract(
        "Shelling kills 2 in Deir Ezzor\n\nTwo civilians were killed in rocket attacks on Deir Ezzor city. "
        "In the same context a woman was killed and 35 others were injured in Aleppo city. "
        "17 other civilians were injured in another neighborhood.",
        published="2016-06-06",
    )
    assert [c.value for c in ex.main.claims if not c.in_title] == [2]
    other = [r for r in ex.reports if not r.main][0]
    assert [c.value for c in other.claims] == [1, 35, 17]
    assert other.place.admin1 == "Aleppo"


def test_hedged_claim_is_marked():
    ex = triangulate.extract("ISIS executes troops\n\nISIS reportedly executed 50 Syrian army troops in Raqqa.", published="2014-07-26")
    claim = ex.main.claims[0]
    assert claim.attribution.hedged and claim.attribution.hedge == "reportedly"


def test_repeated_sentence_gives_one_claim():
    sentence = "Two civilians were killed in rocket attacks on Deir Ezzor city. "
    ex = triangulate.extract("Shelling in Deir Ezzor\n\n" + sentence + sentence, published="2016-06-06")
    assert [c.value for c in ex.main.claims] == [2]
