from __future__ import annotations

import pytest

from triangulate.extract.numbers import find_numbers


@pytest.mark.parametrize(
    "text, value, low, high, qualifier",
    [
        ("62 soldiers", 62, 62, 62, "exact"),
        ("sixty-two soldiers", 62, 62, 62, "exact"),
        ("a hundred wounded", 100, 100, 100, "exact"),
        ("at least 70 soldiers", 70, 70, None, "at_least"),
        ("over 90 military personnel", 90, 91, None, "more_than"),
        ("more than 1,500 people", 1500, 1501, None, "more_than"),
        ("about 50 people", 50, 45, 55, "about"),
        ("nearly 40 people", 40, 36, 40, "nearly"),
        ("up to 200 people", 200, 0, 200, "up_to"),
        ("between 30 and 60 people", 30, 30, 60, "range"),
        ("30-60 people", 30, 30, 60, "range"),
        ("dozens of civilians", 12, 12, None, "vague"),
        ("hundreds of people", 100, 100, None, "vague"),
        ("scores of civilians", 12, 12, None, "vague"),
        ("20 or more people", 20, 20, None, "at_least"),
    ],
)
def test_number_and_interval(text, value, low, high, qualifier):
    n = find_numbers(text)[0]
    assert (n.value, n.low, n.high, n.qualifier) == (value, low, high, qualifier)


def test_year_of_a_date_is_not_a_number():
    assert [n.value for n in find_numbers("Sunday 24 Aug 2014 Syrian troops killed 32 rebels")] == [24, 32]


def test_vague_term_is_recorded():
    n = find_numbers("dozens of people")[0]
    assert n.vague_term == "dozens" and n.text == "dozens"


def test_number_words_are_written_once_and_read_back_as_their_values():
    """Every pattern that reads a count in words takes its reach from `number_words` (one list of words)."""
    from triangulate.extract.numbers import ONES, TENS, number_words, words_to_int

    assert [words_to_int(w) for w in ONES] == list(range(1, 20))
    assert [words_to_int(w) for w in TENS] == list(range(20, 100, 10))
    assert number_words(2, 5) == "two|three|four|five"
    assert number_words(1, 19, tens_to=50).split("|")[-4:] == ["twenty", "thirty", "forty", "fifty"]
    assert "twenty" not in number_words(1, 19)
