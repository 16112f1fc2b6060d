"""Truth discovery (reconcile/reliability.py) on hand-made incidents: agreement with the other lines'
consensus raises an outlet's reliability, copies are one line, a lone report is scored by its
outlet's record, and the weighted median sits at half the weight."""

from __future__ import annotations

import pytest

from triangulate.reconcile.reliability import (
    UNKNOWN_RELIABILITY,
    Vote,
    agrees,
    counts,
    credibility_of,
    discover,
    scored,
    weighted_median,
)
from triangulate.reconcile.reliability import credibility as credibility_at


def _incidents() -> list[list[Vote]]:
    """Outlets a and b agree on every incident; c is always far off."""
    out = []
    for i in range(6):
        out.append([Vote(f"a{i}", "a", "outlet:a", 10 + i), Vote(f"b{i}", "b", "outlet:b", 10 + i),
                    Vote(f"c{i}", "c", "outlet:c", 50 + 7 * i)])
    return out


def test_agreeing_outlets_gain_and_the_odd_one_loses():
    weights, uncertainty = discover(_incidents())
    credibility = credibility_at(_incidents(), weights)
    assert weights["a"] > 0.7 and weights["b"] > 0.7
    assert weights["c"] < 0.3
    assert uncertainty["a"] < 0.2  # six incidents scored: narrower than the prior's 0.22
    assert credibility["a0"] > credibility["c0"]


def test_an_outlet_never_compared_stays_at_the_prior():
    weights, uncertainty = discover([[Vote("x", "lonely", "outlet:lonely", 4)]])
    credibility = credibility_at([[Vote("x", "lonely", "outlet:lonely", 4)]], weights)
    assert weights["lonely"] == pytest.approx(UNKNOWN_RELIABILITY)
    assert uncertainty["lonely"] == pytest.approx(0.2236, abs=1e-3)  # Beta(2, 2)
    assert credibility["x"] == pytest.approx(UNKNOWN_RELIABILITY)  # alone: its outlet's record speaks


def test_incidents_not_scored_need_only_their_outlets():
    """A ledger keeps only the votes of incidents told by two lines or more (a million reports' votes do
    not fit in bounded memory): with the outlets of the others, discovery gives the same figures."""
    lonely = [[Vote(f"x{i}", "lonely", "outlet:lonely", 4)] for i in range(3)]
    copies = [[Vote("y", "a", "outlet:a", 9), Vote("z", "c", "outlet:a", 40)]]  # c copies a: one line
    everything = _incidents() + lonely + copies
    assert [scored(v) for v in lonely + copies] == [False] * 4
    kept = [v for v in everything if scored(v)]
    assert len(kept) == len(_incidents())
    assert discover(kept, {v.outlet for vs in everything for v in vs}) == discover(everything)
    weights, uncertainty = discover(kept, {"lonely"})
    assert uncertainty["lonely"] == pytest.approx(0.2236, abs=1e-3)  # the prior's, not the fallback's 0.25
    assert "lonely" not in discover(kept)[1]


def test_copies_are_one_line_and_do_not_outvote_an_independent_report():
    # two outlets carry one wire's words (one line); one independent outlet disagrees
    votes = [Vote("w1", "wire1", "outlet:wire", 30), Vote("w2", "wire2", "outlet:wire", 30),
             Vote("i", "indep", "outlet:indep", 12)]
    track = counts([votes], {"wire1": 0.5, "wire2": 0.5, "indep": 0.5})
    # each side is compared with the other line only: one comparison each, no agreement
    assert track["wire1"] == (0, 1) and track["indep"] == (0, 1)
    cred = credibility_of(votes, {"wire1": 0.5, "wire2": 0.5, "indep": 0.5})
    assert cred["w1"] == cred["w2"] == cred["i"] == pytest.approx(0.15)


def test_agreement_tolerates_a_tenth_and_no_toll_agrees_with_no_toll():
    assert agrees(100, 109) and not agrees(100, 115)
    assert agrees(1, 2)  # small tolls: within one
    assert agrees(None, None) and agrees(None, 0) and not agrees(None, 5)


def test_weighted_median():
    assert weighted_median([]) is None
    assert weighted_median([(62, 0.5), (70, 0.5), (90, 0.5)]) == 70
    assert weighted_median([(62, 0.9), (70, 0.05), (90, 0.05)]) == 62
