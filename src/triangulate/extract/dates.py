"""Date mentions resolved against the publication date.

Contract: `find_dates(text, start, end, published) -> list[DateMention]`. Explicit dates
("Sept 17, 2016", "17 September") are read from the regex groups; relative ones ("on Saturday",
"late Wednesday", "yesterday", "a day later on Sunday") are resolved by calendar arithmetic against
the publication date. Dates after the publication date are dropped (a report cannot witness them).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from triangulate.extract.numbers import number_words

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# the calendar's names, written once (attribution and linking read them from here)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
_WEEKDAY_NAMES = [d.lower() for d in WEEKDAYS]
_WEEKDAY_ALT = "|".join(WEEKDAYS)
_EXPLICIT = re.compile(
    rf"\b(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?)\b"
)
_WEEKDAY = re.compile(
    rf"\b(?:(?P<mod>late|early|last|on|overnight|since|this|from|by|until|next)\s+)?(?P<day>{_WEEKDAY_ALT})\b"
)
_RELATIVE = re.compile(
    r"\b(?P<rel>yesterday|today|tonight|this morning|this evening|this afternoon|last night|overnight"
    rf"|(?P<n>{number_words(2, 5)}|\d) days ago)\b",
    re.IGNORECASE,
)
_LATER = re.compile(
    r"\b(?P<n>a|one|two|three|\d) days? (?P<dir>later|earlier|before|after)"
    rf"(?:\s*,?\s*on\s+(?:{_WEEKDAY_ALT}))?",
    re.IGNORECASE,
)
_SMALL = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


@dataclass(frozen=True, slots=True)
class DateMention:
    date: dt.date
    start: int
    end: int
    basis: str  # explicit | relative
    since: bool = False  # the start of a period ("since Monday", "since 3 May"), not the day of an event


_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_PARTS = re.compile(r"(?P<a>\d{1,2}|[A-Za-z]+)\.?(?:st|nd|rd|th)?\s+(?:of\s+)?"
                    r"(?P<b>\d{1,2}|[A-Za-z]+)\.?(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{4}))?")


@lru_cache(maxsize=4096)
def _parse_explicit(phrase: str, published: dt.date | None) -> dt.date | None:
    """'Sept 17, 2016', '17 September', 'October 6' -> a date; the year defaults to the
    publication year (the caller steps back a year if that lands after publication)."""
    m = _PARTS.match(phrase)
    if m is None:
        return None
    a, b = m.group("a"), m.group("b")
    month_word, day = (a, b) if not a.isdigit() else (b, a)
    month = _MONTHS.get(month_word.lower()[:3])
    if month is None or not day.isdigit():
        return None
    year = int(m.group("y")) if m.group("y") else (published.year if published else None)
    if year is None:
        return None
    try:
        return dt.date(year, month, int(day))
    except ValueError:
        return None


def resolve_weekday(day: str, published: dt.date, *, modifier: str | None = None) -> dt.date:
    """The most recent `day` on or before the publication date ('last Friday' skips today)."""
    target = _WEEKDAY_NAMES.index(day.lower())
    delta = (published.weekday() - target) % 7
    if delta == 0 and modifier == "last":
        delta = 7
    return published - dt.timedelta(days=delta)


def _shift(date: dt.date, days: int) -> dt.date | None:
    try:
        return date + dt.timedelta(days=days)
    except OverflowError:
        return None


_SINCE = re.compile(r"\bsince\s+(?:the\s+)?$", re.IGNORECASE)


def _after_since(text: str, pos: int) -> bool:
    return bool(_SINCE.search(text, max(0, pos - 12), pos))


def find_dates(text: str, start: int, end: int, published: dt.date | None) -> list[DateMention]:
    if published is not None and not dt.date(2, 1, 1) <= published <= dt.date(9998, 12, 31):
        published = None  # a publication date at the calendar's edge cannot anchor "on Saturday"
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for m in _EXPLICIT.finditer(text, start, end):
        date = _parse_explicit(m.group(0), published)
        if date is None:
            continue
        if published is not None and date > published + dt.timedelta(days=1):
            if not re.search(r"\d{4}", m.group(0)):
                try:
                    date = date.replace(year=date.year - 1)
                except ValueError:
                    continue
            if date > published + dt.timedelta(days=1):
                continue
        found.append(DateMention(date, m.start(), m.end(), "explicit", since=_after_since(text, m.start())))
        taken.append((m.start(), m.end()))
    for m in _LATER.finditer(text, start, end):
        earlier = [d for d in found if d.end <= m.start()]
        if not earlier:
            continue
        n = m.group("n").lower()
        days = _SMALL.get(n) or int(n)
        sign = 1 if m.group("dir").lower() in ("later", "after") else -1
        shifted = _shift(earlier[-1].date, sign * days)
        if shifted is None:
            continue
        found.append(DateMention(shifted, m.start(), m.end(), "relative"))
        taken.append((m.start(), m.end()))
    if published is not None:
        for m in _WEEKDAY.finditer(text, start, end):
            if any(s <= m.start("day") < e or 0 <= s - m.end() <= 3 for s, e in taken):
                continue
            mod = (m.group("mod") or "").lower()
            if mod in ("next", "until", "by"):
                continue
            date = resolve_weekday(m.group("day"), published, modifier=mod or None)
            found.append(DateMention(date, m.start(), m.end(), "relative", since=mod == "since"))
        for m in _RELATIVE.finditer(text, start, end):
            rel = m.group("rel").lower()
            if m.group("n"):
                n = m.group("n").lower()
                days = _SMALL.get(n) or int(n)
            elif rel in ("yesterday", "last night"):
                days = 1
            else:
                days = 0
            found.append(DateMention(published - dt.timedelta(days=days), m.start(), m.end(), "relative"))
    found.sort(key=lambda d: d.start)
    return found
