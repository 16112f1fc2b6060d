from __future__ import annotations

from triangulate.reconcile.figures import reconcile
from triangulate.reconcile.reliability import Vote, discover
from triangulate.reconcile.reliability import credibility as credibility_at


def claim(id_, value, qualifier, origin, low=None, high="same", published=None, ev=""):
    low = value if low is None else low
    high = value if high == "same" else high
    return {"id": id_, "value": value, "low": low, "high": high, "qualifier": qualifier, "origin": origin,
            "outlet": origin, "published": published, "ev_text": ev}


def test_exact_vs_lower_bound_above_it_is_a_contradiction():
    fig = reconcile([claim("a", 62, "exact", "rt"), claim("b", 90, "more_than", "fna", low=91, high=None),
                     claim("c", 70, "at_least", "21wire", high=None)])
    assert fig.contradiction and fig.conflicts == [("a", "b")]
    assert (fig.low, fig.high, fig.high_open, fig.best) == (62, 90, True, 70)


def test_a_later_toll_that_says_it_rose_is_an_update():
    fig = reconcile([claim("a", 10, "exact", "x", published="2016-01-01", ev="10 people were killed"),
                     claim("b", 20, "exact", "y", published="2016-01-02", ev="the death toll rose to 20")])
    assert not fig.contradiction and fig.updates == [("a", "b")]
    assert (fig.low, fig.best, fig.high) == (20, 20, 20)


def test_a_later_higher_toll_that_does_not_say_so_contradicts():
    fig = reconcile([claim("a", 10, "exact", "x", published="2016-01-01"),
                     claim("b", 20, "exact", "y", published="2016-01-02", ev="20 people were killed")])
    assert fig.contradiction


def test_agreement_and_compatible_bounds():
    fig = reconcile([claim("a", 100, "exact", "x"), claim("b", 100, "exact", "y"), claim("c", 90, "at_least", "z", high=None)])
    assert not fig.contradiction and (fig.low, fig.best, fig.high) == (90, 100, 100)


def test_up_to_is_compatible_with_anything_below():
    fig = reconcile([claim("a", 200, "up_to", "x", low=0), claim("b", 30, "exact", "y")])
    assert not fig.contradiction and (fig.low, fig.high) == (30, 200)  # figures written, not the interval's 0


def test_reconciled_figures_are_written_figures_in_order():
    """low <= best <= high, each a number a source wrote: "more than 100" is 100-100-100+, not 101-100-100+."""
    more = reconcile([claim("a", 100, "more_than", "x", low=101, high=None)])
    assert (more.low, more.best, more.high, more.high_open) == (100, 100, 100, True)
    about = reconcile([claim("a", 100, "about", "x", low=90, high=110)])
    assert (about.low, about.best, about.high) == (100, 100, 100)
    spread = reconcile([claim("a", 20, "range", "x", low=20, high=30), claim("b", 25, "exact", "y"),
                        claim("c", 40, "more_than", "z", low=41, high=None)])
    assert spread.low == 20 and spread.high == 40 and spread.low <= spread.best <= spread.high


def test_reliability_rewards_agreement_and_reports_uncertainty():
    incidents = []
    for k in range(12):
        incidents.append([Vote(f"a{k}", "a", "a", 10), Vote(f"b{k}", "b", "b", 10), Vote(f"d{k}", "d", "d", 40)])
    incidents.append([Vote("r", "rare", "rare", 10), Vote("a-x", "a", "a", 10)])
    weights, uncertainty = discover(incidents)
    credibility = credibility_at(incidents, weights)
    assert weights["a"] > 0.8 and weights["d"] < 0.2
    assert uncertainty["rare"] > uncertainty["a"]
    assert credibility["a0"] > 0.8 and credibility["d0"] < 0.3
