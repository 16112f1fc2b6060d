"""The FA-KES ledger evaluator's own arithmetic: grouping pairs and the credibility intervals."""

from triangulate.evaluate.fakes_ledger import accuracy_of, bootstrap_interval, macro_f1, pairwise


def test_pairwise_counts_pairs_of_one_group():
    pred = {0: "a", 1: "a", 2: "a", 3: "b"}
    ref = {0: ("d1", "Aleppo"), 1: ("d1", "Aleppo"), 2: ("d2", "Aleppo"), 3: ("d2", "Aleppo")}
    g = pairwise(pred, ref)
    assert (g["true_pairs"], g["pairs_predicted"], g["pairs_reference"]) == (1, 3, 2)
    assert g["precision"] == 0.3333 and g["recall"] == 0.5


def test_bootstrap_interval_holds_the_figure_and_is_as_wide_as_the_sample_allows():
    y_true = [1, 0] * 200
    y_pred = [1, 1, 0, 0] * 100  # right on half the reports
    low, high = bootstrap_interval(y_true, y_pred, accuracy_of)
    assert low < accuracy_of(y_true, y_pred) == 0.5 < high
    assert 0.06 < high - low < 0.14  # ±1.96·sqrt(.25/400) ≈ ±0.049
    assert bootstrap_interval(y_true, y_pred, accuracy_of) == [low, high]  # same seed, same interval
    small_low, small_high = bootstrap_interval(y_true[:40], y_pred[:40], accuracy_of)
    assert small_high - small_low > 2 * (high - low)  # a tenth of the reports: about three times as wide
    assert bootstrap_interval([1, 0, 1], [1, 0, 1], accuracy_of) == [1.0, 1.0]
    assert bootstrap_interval([1, 0] * 50, [1, 0] * 50, macro_f1)[0] > 0.9
