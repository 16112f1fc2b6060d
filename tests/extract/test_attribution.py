from __future__ import annotations

import pytest

from triangulate.extract.attribution import find_statements


def _one(text, history=()):
    found = find_statements(text, 0, len(text), list(history))
    return found[0]


@pytest.mark.parametrize(
    "text, speaker, speaker_type, via",
    [
        ("The speaker of the People's Council of Syria, Hadiya Khalaf Abbas, was quoted by Sputnik as saying that",
         "Hadiya Khalaf Abbas", "person", ["Sputnik"]),
        ("Col. John J. Thomas, a spokesman for US Central Command, told reporters at the Pentagon that",
         "Col. John J. Thomas", "person", []),
        ("a military source disclosed that the ISIL launched attacks", "a military source", "anonymous", []),
        ("At least 20 people were killed, local activist Mohammad al-Halabi told The New Arab.",
         "Mohammad al-Halabi", "person", ["The New Arab (Al-Araby Al-Jadeed)"]),
        ("\"I believe the casualties are not big\" he told Reuters by telephone.", None, None, ["Reuters"]),
        ("At least 10 civilians were killed, SANA reported citing local residents.", "local residents", "anonymous", ["SANA"]),
        ("The Syrian Observatory for Human Rights said at least 14 of the dead were rebels",
         "The Syrian Observatory for Human Rights", "organisation", []),
        ("The Syrian Observatory for Human Rights put the death toll at 19 after the shelling",
         "The Syrian Observatory for Human Rights", "organisation", []),
        ("Last week the Pentagon stated that it had hit an ISIS headquarters", "the Pentagon", "organisation", []),
    ],
)
def test_speaker_and_via(text, speaker, speaker_type, via):
    s = _one(text)
    assert (s.speaker, s.speaker_type, s.via) == (speaker, speaker_type, via)


def test_confirms_a_report():
    s = _one("Russia’s Defense Ministry confirmed a report by the Syrian state news agency that an offensive began")
    assert s.speaker == "Russia’s Defense Ministry" and s.confirms == ["the Syrian state news agency"]


def test_surname_and_pronoun_resolve_to_the_named_speaker():
    first = _one("Col. John J. Thomas, a spokesman for US Central Command, told reporters that it stopped.")
    later = _one("“The attacks ceased,” according to Thomas.", [first])
    he = _one("He said the strikes were a mistake.", [first])
    assert later.speaker == "Col. John J. Thomas" and he.speaker == "Col. John J. Thomas"


def test_hedging():
    s = _one("ISIS reportedly executed 50 troops, the monitor said.")
    assert s.hedged and s.hedge == "reportedly"


def test_word_lists_live_in_the_data_file_with_what_they_are_for():
    import json
    from importlib import resources

    from triangulate.resources import words

    data = json.loads(resources.files("triangulate.data").joinpath("words.json").read_text(encoding="utf-8"))
    lists = {k: v for k, v in data.items() if isinstance(v, dict)}
    assert len(lists) >= 10
    for name, entry in lists.items():
        assert entry["about"] and entry["words"] == sorted(entry["words"]), name
        assert all(w == w.lower() for w in entry["words"]), name
        assert words(name) == frozenset(entry["words"])
    assert "spokesman" in words("speaker_nouns") and "rockets" in words("count_units")
