"""Which language a document is written in, and whether triangulate reads it.

Contract: `detect_language(text) -> str | None` (ISO 639-1, None when the text is too short to
tell); `is_read(code)`; `language_name(code)`. Detection is lingua's (a well-kept detector that is
accurate on short text), restricted to the languages listed in data/languages.json so that it is
fast and small; a language is read when its data file set exists (data/languages/<code>.json).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

from triangulate.resources import language_registry

SAMPLE_SCAN_CHARS = 20_000  # how far into a text the sample's words are looked for
_SURROGATE = re.compile("[\ud800-\udfff]")
SAMPLE_CHARS = 500  # an article's opening says its language; lingua takes about 0.3 ms for this many characters


@cache
def _detector() -> Any:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    wanted = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
              for code in language_registry()["detected"]]
    return LanguageDetectorBuilder.from_languages(*wanted).with_low_accuracy_mode().build()


def detect_language(text: str) -> str | None:
    """The language of `text` as an ISO 639-1 code, or None when it has too few letters to tell."""
    # the opening's words, without the runs of blanks a stripped page leaves (the detector takes
    # valid UTF-8 only)
    sample = _SURROGATE.sub(" ", " ".join(text[:SAMPLE_SCAN_CHARS].split())[:SAMPLE_CHARS])
    if sum(ch.isalpha() for ch in sample) < int(language_registry()["min_letters"]):
        return None
    if _plainly_english(sample):
        return "en"
    found = _detector().detect_language_of(sample)
    return None if found is None else str(found.iso_code_639_1.name).lower()


_WORD = re.compile(r"[A-Za-z]+")


def _plainly_english(sample: str) -> bool:
    """Many of the opening words are English function words ("the", "of", "was", "said"): English,
    without the detector's cost (data/languages.json, english_shortcut)."""
    rule = language_registry()["english_shortcut"]
    words = [w.lower() for w in _WORD.findall(sample)][: int(rule["words_read"])]
    if len(words) < 20:
        return False
    function_words = _function_words()
    return sum(w in function_words for w in words) >= float(rule["share"]) * len(words)


@cache
def _function_words() -> frozenset[str]:
    return frozenset(language_registry()["english_shortcut"]["words"])


@cache
def read_languages() -> frozenset[str]:
    """English plus every language with a data file set under data/languages/."""
    folder = resources.files("triangulate.data").joinpath("languages")
    codes = {p.name.removesuffix(".json") for p in folder.iterdir() if p.name.endswith(".json")}
    return frozenset({"en", *codes})


def is_read(code: str | None) -> bool:
    return code is None or code in read_languages()


def language_name(code: str | None) -> str:
    if code is None:
        return "unknown"
    return str(language_registry()["detected"].get(code, code))
