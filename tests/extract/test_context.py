"""Background figures ("About 15,000 people have been killed since the conflict began") are kept as
`context` claims: shown with the report, never its toll, never reconciled."""

from __future__ import annotations

import pytest

import triangulate
from triangulate.extract.tolls import lead_toll

STRIKE = "An airstrike killed 12 civilians in Idlib, Syria on Monday, a monitor said. "


@pytest.mark.parametrize("background, value, cue", [
    ("About 15,000 people have been killed since the conflict began, the group says.", 15000, "since the conflict"),
    ("More than 300,000 people have been killed in Syria's civil war.", 300000, "in syria's civil war"),
    ("So far this year 229 civilians have been killed in the province.", 229, "so far this year"),
    ("Government raids have killed thousands in the province, activists say.", 1000, "thousands"),
])
def test_a_background_toll_is_a_context_claim_not_the_toll(background, value, cue):
    ex = triangulate.extract("Airstrike kills 12 in Idlib\n\n" + STRIKE + background, published="2016-09-19")
    main = ex.main
    assert main is not None and lead_toll(main).total == 12
    context = [c for c in main.claims if c.context]
    assert [c.value for c in context] == [value]
    assert context[0].context.lower() == cue
    start, end = context[0].evidence.start, context[0].evidence.end
    assert context[0].number_text in ex.document.text[start:end]  # its evidence is the figure's own span
    assert all(c.context is None for c in main.claims if c.value == 12)


def test_context_claims_are_stored_and_shown_but_not_reconciled(tmp_path):
    from fastapi.testclient import TestClient

    from triangulate.store import Ledger
    from triangulate.web.app import create_app

    ex = triangulate.extract("Airstrike kills 12 in Idlib\n\n" + STRIKE + "About 15,000 people have been killed since "
                             "the conflict began, the group says.", published="2016-09-19")
    path = str(tmp_path / "ledger.db")
    with Ledger(path) as ledger:
        ledger.add([ex])
        ledger.relink()
        row = ledger.db.query("SELECT id, killed_low, killed_best, killed_high FROM incidents")[0]
        stored = ledger.db.query("SELECT value, context FROM claims WHERE context IS NOT NULL")
    assert (row["killed_low"], row["killed_best"], row["killed_high"]) == (12, 12, 12)
    assert stored == [{"value": 15000, "context": "since the conflict"}]
    page = TestClient(create_app(path), base_url="http://127.0.0.1:8765").get(f"/incidents/{row['id']}")
    assert page.status_code == 200 and "Background figures" in page.text and "15000" in page.text


@pytest.mark.parametrize("recalled, value", [
    ("Another attack on the same hospital in March killed 30 people.", 30),
    ("Medics said four nurses had been killed in yet another attack on a clinic in the town.", 4),
])
def test_another_attack_is_another_incident_not_this_toll(recalled, value):
    ex = triangulate.extract("Airstrike kills 12 in Idlib\n\n" + STRIKE + "\n\n" + recalled, published="2016-09-19")
    assert ex.main is not None and lead_toll(ex.main).total == 12
    assert value not in [c.value for c in ex.main.claims]
    assert [c.value for r in ex.reports if not r.main for c in r.claims] == [value]


def test_a_city_that_shares_its_name_with_a_division_abroad_is_the_city():
    # "Gaza" is a Palestinian city and a province of Mozambique: the name must not vote for the province
    ex = triangulate.extract("Strike kills aid workers\n\nThirteen aid workers were killed in a strike on a compound "
                             "in Gaza on Monday, the agency said.", published="2024-03-14")
    assert ex.main is not None and ex.main.place is not None
    assert (ex.main.place.name, ex.main.place.country) == ("Gaza", "PS")


def test_one_of_the_dead_named_later_is_part_of_the_toll():
    ex = triangulate.extract("Strike kills aid workers\n\nThirteen staff members were killed in the strike on the aid "
                             "compound on Monday. The agency mourned the death of a staff member, the first it has "
                             "lost in the war.", published="2024-03-14")
    claims = ex.main.claims
    assert [(c.value, c.part_of) for c in claims] == [(13, None), (1, 0)]
    assert lead_toll(ex.main).total == 13
