"""Report metadata read off the text and its container: outlet, credited outlets, dateline.

Contract: pure functions of (text, url, column values) returning ids, dates or spans.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any
from urllib.parse import urlparse

from triangulate.resources import alternation, outlets

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAYS = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|sday|nesday|urday|rsday)?\.?"
_DATELINE_PATTERNS = [
    re.compile(rf"\b{_WEEKDAYS},?\s+(\d{{1,2}})\s+({_MONTHS}),?\s+(\d{{4}})\b"),
    re.compile(rf"\b(?:{_WEEKDAYS},?\s+)?({_MONTHS})\s+(\d{{1,2}}),?\s+(\d{{4}})\b"),
    re.compile(rf"\b(\d{{1,2}})\s+({_MONTHS}),?\s+(\d{{4}})\b"),
    re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"),
    re.compile(r"\b(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4})\b"),
]
_IN_SENTENCE = re.compile(r"\b(?:on|since|until|till|by|from|before|after|in|of|during)\s+$", re.I)
_MONTH_NUM = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}


def _month(token: str) -> int:
    return _MONTH_NUM[token.lower().rstrip(".")[:3]]


def _to_date(pattern_index: int, groups: tuple[str, ...]) -> dt.date | None:
    try:
        if pattern_index == 0 or pattern_index == 2:
            return dt.date(int(groups[2]), _month(groups[1]), int(groups[0]))
        if pattern_index == 1:
            return dt.date(int(groups[2]), _month(groups[0]), int(groups[1]))
        if pattern_index == 3:
            return dt.date(int(groups[0]), int(groups[1]), int(groups[2]))
        # numeric d-m-y: day first (the convention of every non-US outlet in our registry)
        day, month = int(groups[0]), int(groups[1])
        if month > 12 >= day:
            day, month = month, day
        return dt.date(int(groups[2]), month, day)
    except (ValueError, KeyError):
        return None


def find_dateline(text: str, *, window: int = 400) -> tuple[dt.date, int, int] | None:
    """The publication date printed near the top of a report, with its offsets."""
    head = text[:window]
    best: tuple[dt.date, int, int] | None = None
    for i, pattern in enumerate(_DATELINE_PATTERNS):
        for m in pattern.finditer(head):
            date = _to_date(i, m.groups())
            if date is None or not (1990 <= date.year <= 2100):
                continue
            if _IN_SENTENCE.search(head[max(0, m.start() - 12): m.start()]):
                continue  # "On Saturday Sept 17, 2016, ..." dates an event, not the report
            if best is None or m.start() < best[1]:
                best = (date, m.start(), m.end())
            break
    return best


@cache
def _alias_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for outlet in outlets():
        for alias in [outlet["id"], outlet["name"], *outlet["aliases"]]:
            index[alias.lower()] = outlet["id"]
    return index


def outlet_id(name: str | None) -> str | None:
    """Normalise an outlet name, alias or domain to its registry id (unknown names are kept, lower-cased)."""
    if not name:
        return None
    key = name.strip().lower()
    if not key:
        return None
    if key in _alias_index():
        return _alias_index()[key]
    try:
        host = urlparse(key if "//" in key else "//" + key).hostname or key
    except ValueError:  # "ex[ample.com": no host to read, the name is kept as written
        host = key
    for outlet in outlets():
        for domain in outlet["domains"]:
            if host == domain or host.endswith("." + domain):
                return str(outlet["id"])
    return re.sub(r"\s+", "_", key)


_GENERIC_TLDS = frozenset("com net org info biz news tv io co me int edu gov mil".split())
_TLD_COUNTRY = {"uk": "GB"}  # ccTLDs that are not the ISO code


def outlet_country(oid: str | None, url: str | None = None) -> str | None:
    """The outlet's home country: the registry's, else the country-code top-level domain of its
    site or URL ("alwatan.sy" -> SY, "bbc.co.uk" -> GB); None for generic domains."""
    if not oid and not url:
        return None
    for outlet in outlets():
        if outlet["id"] == oid and outlet.get("country"):
            return str(outlet["country"])
    for name in (oid, url):
        if not name or "." not in name:
            continue
        try:
            host = urlparse(name if "//" in name else "//" + name).hostname or ""
        except ValueError:
            continue
        tld = host.rsplit(".", 1)[-1] if "." in host else ""
        if len(tld) == 2 and tld.isalpha() and tld not in _GENERIC_TLDS:
            return _TLD_COUNTRY.get(tld, tld.upper())
    return None


def outlet_name(oid: str | None) -> str | None:
    for outlet in outlets():
        if outlet["id"] == oid:
            return str(outlet["name"])
    return oid


@cache
def _signatures() -> list[tuple[str, re.Pattern[str]]]:
    return [
        (o["id"], re.compile(sig, re.MULTILINE))
        for o in outlets()
        for sig in o["signatures"]
    ]


def outlet_from_text(text: str) -> str | None:
    """The publisher recognised from signature lines or asset names left by the scraper."""
    for oid, pattern in _signatures():
        if pattern.search(text):
            return oid
    return None


@cache
def _credit_patterns() -> list[re.Pattern[str]]:
    names = alternation([re.escape(a) for o in outlets() for a in [o["name"], *o["aliases"]]])
    return [
        # "Continue this article at RT"
        re.compile(rf"continue (?:this article|reading)(?: at| on)\s+(?P<o>{names})\b", re.I),
        # "-REUTERS", "--AFP", "(Reuters) -" wire credits
        re.compile(rf"(?:^|[\s.\"])-{{1,2}}\s*(?P<o>{names})\s*$", re.M),
        re.compile(rf"\((?P<o>{names})\)\s*[-\u2013\u2014]"),
        # "..., FNA reported." in the closing sentence
        re.compile(rf"(?:,|\s)\s*(?P<o>{names}) (?:reported|said|reports)\s*\.?\s*$"),
        # byline before the dateline: "Monitor AFP Saturday 26 Jul 2014"
        re.compile(rf"\b(?P<o>{names})\s+{_WEEKDAYS}\s+\d{{1,2}}\s+{_MONTHS}\s+\d{{4}}"),
    ]


CREDIT_KINDS = ("continue", "wire", "wire", "closing", "byline")


def find_credits(text: str, clean: str | None = None) -> list[tuple[str, int, int, str]]:
    """Outlets the report as a whole relays: (outlet id, start, end) of the credit words.

    `clean` is the text with junk blanked; "Continue this article at X" is junk, so it is looked
    for in the original, every other credit in the clean text.
    """
    clean = text if clean is None else clean
    found: list[tuple[str, int, int, str]] = []
    body_end = len(clean.rstrip())
    tail_start = max(0, body_end - 400)
    for i, pattern in enumerate(_credit_patterns()):
        source = text if i == 0 else clean
        region_start = tail_start if i == 3 else 0
        if i == 3:
            region = source[tail_start:body_end]
        elif i == 4:
            region = source[:600]
        else:
            region = source
        for m in pattern.finditer(region):
            oid = outlet_id(m.group("o"))
            if oid:
                found.append((oid, region_start + m.start("o"), region_start + m.end("o"), CREDIT_KINDS[i]))
    found.sort(key=lambda t: t[1])
    return found


def column(row: dict[str, Any], names: tuple[str, ...]) -> Any:
    lowered = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
    for name in names:
        if name in lowered and lowered[name] not in (None, ""):
            return lowered[name]
    return None
