"""Loaders for the versioned language and domain data under `triangulate/data/`.

One function per data file, cached: the files are read once per process.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any


def _load(name: str) -> dict[str, Any]:
    with resources.files("triangulate.data").joinpath(name).open("r", encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def alternation(phrases: list[str]) -> str:
    """A regex alternation, longest phrase first so that 'at least' wins over 'at'."""
    return "|".join(sorted(phrases, key=len, reverse=True))


@cache
def outlets() -> list[dict[str, Any]]:
    return list(_load("outlets.json")["outlets"])


@cache
def actors() -> list[dict[str, Any]]:
    return list(_load("actors.json")["actors"])


@cache
def means() -> list[dict[str, Any]]:
    return list(_load("means.json")["means"])


@cache
def victims() -> dict[str, list[str]]:
    data = _load("victims.json")
    return {k: v for k, v in data.items() if not k.startswith("_") and k != "version"}


@cache
def numbers() -> dict[str, Any]:
    return _load("vague_numbers.json")


@cache
def words(name: str) -> frozenset[str]:
    """One word list of data/words.json (what each is for is written beside it there)."""
    return frozenset(_load("words.json")[name]["words"])


@cache
def cues() -> dict[str, Any]:
    return _load("cues.json")


@cache
def junk_patterns() -> list[tuple[str, re.Pattern[str], tuple[str, ...]]]:
    """(kind, pattern, required substrings): a pattern is tried only when the lower-cased text holds
    one of its required substrings."""
    return [
        (p["kind"], re.compile(p["regex"], re.IGNORECASE | re.MULTILINE), tuple(p.get("requires", ())))
        for p in _load("junk.json")["patterns"]
    ]


@cache
def admin1() -> list[dict[str, Any]]:
    """First-level divisions of every country: the curated spellings of admin1.json, then GeoNames'
    names from admin1_world.json for every division admin1.json does not cover."""
    curated = list(_load("admin1.json")["admin1"])
    have = {(a["country"], a["code"]) for a in curated}
    world = [a for a in _load("admin1_world.json")["admin1"] if (a["country"], a["code"]) not in have]
    return curated + world


@cache
def admin1_abbreviations() -> dict[str, dict[str, Any]]:
    """{country: {"ap": {abbreviation: code}, "postal": [code, ...]}}."""
    return {k: v for k, v in _load("admin1_abbreviations.json").items() if not k.startswith("_") and k != "version"}


@cache
def places_extra() -> list[dict[str, Any]]:
    return list(_load("places_extra.json")["places"])


@cache
def countries() -> list[dict[str, Any]]:
    return list(_load("countries.json")["countries"])


@cache
def place_context() -> dict[str, frozenset[str]]:
    data = _load("place_context.json")
    return {k: frozenset(v) for k, v in data.items() if not k.startswith("_") and k != "version"}


@cache
def people() -> dict[str, Any]:
    return _load("people.json")


@cache
def language_registry() -> dict[str, Any]:
    return _load("languages.json")


@cache
def language_data(code: str) -> dict[str, Any]:
    """One language's file set (data/languages/<code>.json): cue words, numbers, dates, aliases."""
    return _load(f"languages/{code}.json")


@cache
def regions() -> dict[str, Any]:
    return _load("regions.json")
