"""What tells two reports of one incident from reports of two: the pair features the linking model
weighs, each named and explained.

Contract: `ReportKey` is what linking knows of a report; `Corpus(keys)` holds the document
frequencies of lead words and names across the reports being linked; `pair_features(a, b, corpus)`
gives the named features of a pair (see `FEATURES`). Pure functions, no database.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from triangulate.extract.actors import find_actors
from triangulate.extract.dates import MONTHS, WEEKDAYS
from triangulate.link.bands import band_keys
from triangulate.resources import countries, place_context

# (name, what it says) in the order of the model's coefficients
FEATURES: list[tuple[str, str]] = [
    ("bias", "constant"),
    ("same_day", "incident (or publication) dates equal"),
    ("days_log", "log(1 + days) between the closest incident/publication dates"),
    ("incident_days_log", "log(1 + days) between the dates the texts give for the incident (0 if either has none)"),
    ("both_dated", "both texts date the incident themselves"),
    ("same_place", "same gazetteer place"),
    ("near_km", "places within 25 km"),
    ("far_km", "both placed precisely (a gazetteer place), more than 100 km apart"),
    ("same_admin1", "same first-level division"),
    ("other_admin1", "both placed, in different first-level divisions"),
    ("same_street", "the same street-level place (address, block, intersection)"),
    ("same_means", "same means"),
    ("other_means", "different, incompatible means"),
    ("same_perpetrator", "same perpetrator"),
    ("other_perpetrator", "different perpetrators"),
    ("toll_agrees", "killed tolls within 40 % of each other"),
    ("toll_differs", "killed tolls far apart"),
    ("lead_cosine", "TF-IDF cosine of the opening words"),
    ("lead_cosine_apart",
     "the same cosine when the reports are more than the place window apart (a wire template retold weeks later)"),
    ("apart_unnamed",
     "more than the place window apart with no rare name in common (a template retold, not a follow-up)"),
    ("title_overlap", "share of headline words in common"),
    ("shared_names", "rare names both texts give (victims, suspects, streets), log(1 + n)"),
    ("same_outlet", "one outlet wrote both"),
]
FAR_KM = 100.0  # two precisely placed reports this far apart are rarely one incident
WINDOW_DAYS = 4  # the place block's date window (both dates are compared; see `days_apart`)
NAME_WINDOW_DAYS = 400  # reports sharing a rare name may be months apart (arrest, funeral, charges, trial)
# A shared lead band (similar distinctive words, no name in common) proposes a pair only this close: on the dev
# corpora, pairs further apart that share no rare name were one incident for 1 of 5 GVA pairs the model linked
# and none of 35 FA-KES pairs (a wire template retold weeks later: "terrorists fired rocket shells on Aleppo").
BAND_WINDOW_DAYS = WINDOW_DAYS
OUTLET_IDF_MIN_REPORTS = 20  # an outlet's own word frequencies are used once it has this many reports
RARE_NAME_MAX_DF = 8  # a name in more reports than this says little about which incident
LEAD_LSH_TERMS = 24  # a lead's most distinctive words (rarest in English, wordfreq) that go into its MinHash
LEAD_LSH_THRESHOLD = 0.2  # Jaccard similarity of those words at which LSH proposes a pair
LEAD_LSH_PERMUTATIONS = 64
RARE_BAND_MAX_DF = 8  # an LSH band shared by more reports than this is a template, not one incident (as names)
NEAR_KM = 25.0
_COMPATIBLE = {
    frozenset({"airstrike", "missile"}), frozenset({"airstrike", "barrel_bomb"}), frozenset({"shelling", "missile"}),
    frozenset({"airstrike", "shelling"}), frozenset({"car_bomb", "suicide_attack"}), frozenset({"car_bomb", "explosion"}),
    frozenset({"suicide_attack", "explosion"}), frozenset({"ied", "explosion"}), frozenset({"chemical", "airstrike"}),
    frozenset({"chemical", "shelling"}), frozenset({"shooting", "armed_clash"}), frozenset({"execution", "shooting"}),
}
NAME_RULES = 3  # the version of `read_lead`'s rules for names (stored text keys of another are made again)
_DATE_WORDS = frozenset(w for name in (*WEEKDAYS, *MONTHS) for w in (name.lower(), name.lower()[:3])) | {"sept"}
_WORD = re.compile(r"[A-Za-z][a-z'’]{2,}")
_NAME = re.compile(r"(?<![\w'’])[A-Z][a-z'’]+(?:\s+(?:[A-Z]\.\s+)?[A-Z][a-z'’]+)+")
_POSSESSIVE = re.compile(r"['’]s?$")
_STREET = re.compile(
    r"\b(?:\d{1,5}\s+(?:block\s+of\s+)?)?(?:[NSEW]\.?\s+)?(?:[A-Z0-9][\w'’]*\s+){1,3}"
    r"(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Boulevard|Blvd\.|Drive|Dr\.|Lane|Ln\.|Way|Court|Ct\.|Highway|Hwy\.|"
    r"Parkway|Pkwy\.|Place|Pl\.|Terrace|Circle|Pike)")
_STOP = frozenset(
    "the and for that with from this have has had was were are been said says told police officers "
    "officer according after before when while where which their there they them his her him she who "
    "about into over also would could will may not but one two three four five shot shooting killed "
    "dead died death wounded injured people man woman year years old".split()
    + [name.lower() for name in (*WEEKDAYS, *MONTHS) if name != "May"])  # "may" is a verb, already here


@dataclass(slots=True)
class ReportKey:
    """What linking knows of one report."""

    id: str
    document_id: str
    date: dt.date | None
    country: str | None
    admin1: str | None
    geonameid: int | None
    lat: float | None
    lon: float | None
    means: str | None
    perpetrator: str | None
    target: str | None
    toll: int | None
    words: frozenset[str] = field(default_factory=frozenset)  # headline words
    published: dt.date | None = None
    lead: str = ""  # the opening of the text
    outlet: str | None = None
    dated: bool = False  # the text itself dates the incident
    lead_terms: dict[str, int] = field(default_factory=dict)  # read-only: keys may share one (text keys)
    names: frozenset[str] = field(default_factory=frozenset)
    streets: frozenset[str] = field(default_factory=frozenset)
    bands: tuple[int, ...] | None = None  # LSH band keys of the lead, made on first use (`lead_bands`)

    def __post_init__(self) -> None:
        if self.lead and not self.lead_terms:
            self.lead_terms, self.names, self.streets = read_lead(self.lead)


def read_lead(lead: str, title: str | None = None) -> tuple[Counter[str], frozenset[str], frozenset[str]]:
    """A lead's words and their counts (stop words out), its names and its street-level places.

    Names are read outside the headline (`title`, wherever the text repeats it): a headline in title
    case capitalises every word ("Terrorist Rocket Attacks in Aleppo"), so its capitals mark no name.
    A place phrase (`_place_phrase`) or a dateline's days and months ("Fri Apr") is no name either. A
    name that holds a country or its people ("Syrian Army", "an Israeli") or overlaps a known actor's
    alias (actors.json: "Daesh militants", "Hayat Tahrir al-Sham") names a party to many incidents, not
    a victim or a suspect of one."""
    terms = Counter(w.lower() for w in _WORD.findall(lead) if w.lower() not in _STOP)
    generic = place_context()["institutions_after"]
    text = lead
    if title and len(title.strip()) >= 12:
        text = lead.replace(title.strip(), " ")
    actors = [(a.start, a.end) for a in find_actors(text, 0, len(text))]
    names = frozenset(
        n for n, start, end in ((_POSSESSIVE.sub("", " ".join(m.group(0).split()).lower()), m.start(), m.end())
                                for m in _NAME.finditer(text))
        if not any(w in generic or w in _STOP for w in n.split()) and not _names_party(n) and not _place_phrase(n)
        and not all(w in _DATE_WORDS for w in n.split()) and not any(s < end and start < e for s, e in actors))
    streets = frozenset(" ".join(m.group(0).split()).lower() for m in _STREET.finditer(lead))
    return terms, names, streets


def _place_phrase(name: str) -> bool:
    """A phrase about a place, not a name: it opens with a direction or a place's modifier ("Eastern
    Homs", "New Aleppo", "Rural Damascus", "Central Command") or a word that leads into a place ("In
    Aleppo"), or ends with such a word ("Aleppo In", a title-case headline's). place_context.json."""
    words = name.split()
    context = place_context()
    before = context["allowed_before"]
    return words[0] in before or words[0] in context["generic_words"] or (
        words[-1] in before and words[-1] not in context["generic_words"])


@lru_cache(maxsize=1)
def _party_words() -> frozenset[str]:
    """Country names and demonyms (countries.json), lower case: "syria", "syrian", "west bank"."""
    return frozenset(n.lower() for c in countries() for n in (*c["names"], *c["demonyms"]))


def _names_party(name: str) -> bool:
    """Whether the name holds a country's name or its people's ("Syrian Army", "West Bank Palestinians")."""
    padded = f" {name} "
    return any(_POSSESSIVE.sub("", w) in _party_words() for w in name.split()) or any(
        f" {p} " in padded for p in _party_words() if " " in p)


@lru_cache(maxsize=200_000)
def _rarity(word: str) -> float:
    """How rare a word is in English (8 minus its Zipf frequency: unknown words and names score 8)."""
    from wordfreq import zipf_frequency

    return 8.0 - zipf_frequency(word, "en")


@lru_cache(maxsize=200_000)
def _is_place(name: str) -> bool:
    """A name the gazetteer knows as a town ("Pine Hills", "East Oakland"): two reports from one
    place share it whichever incident they tell, so it is no victim's or suspect's name."""
    from triangulate.extract.places import _cities_named, fold

    return bool(_cities_named(fold(name)))


def lead_words(terms: dict[str, int]) -> list[str]:
    """A lead's most distinctive words: frequent in the lead, rare in English. Weighed by English, not
    by the ledger's own counts, so a report's LSH bands depend on its text alone and the ledger can
    count how many reports share each band."""
    return sorted(terms, key=lambda t: (-terms[t] * _rarity(t), t))[:LEAD_LSH_TERMS]


def bands_of(terms: dict[str, int]) -> tuple[int, ...]:
    """The LSH band keys of a lead's term counts (none for a lead too short to compare): two reports
    that share a rare one are a candidate pair. 63-bit integers, so the ledger can index them."""
    words = lead_words(terms)
    if len(words) < LEAD_LSH_TERMS // 3:
        return ()
    return tuple(sorted(set(band_keys([t.encode("utf-8") for t in words], b"lead", LEAD_LSH_THRESHOLD,
                                      LEAD_LSH_PERMUTATIONS))))


def lead_bands(r: ReportKey) -> tuple[int, ...]:
    """The report's lead's band keys (`bands_of`), made on first use."""
    if r.bands is None:
        r.bands = bands_of(r.lead_terms)
    return r.bands


class Corpus:
    """Document frequencies of lead terms and names over the reports being linked, overall and per
    outlet: two reports of one outlet are compared with that outlet's own frequencies, so the words of
    its house template ("terrorist organizations fired rocket shells on residential neighborhoods")
    weigh least between its reports, while they still tell its reports from another outlet's. (Smoothed
    as the global idf: unsmoothed, template words weigh nothing and FA-KES grouping F1 rose to 0.378,
    but GVA's held-out pairwise F1 fell 0.777 -> 0.775 and its whole-ledger recall 0.725 -> 0.701.)"""

    def __init__(self, keys: list[ReportKey]) -> None:
        self.n = max(1, len(keys))
        self.df: Counter[str] = Counter()
        self.name_df: Counter[str] = Counter()
        self.outlet_n: Counter[str] = Counter()
        self.outlet_df: dict[str, Counter[str]] = {}
        self.band_df: Counter[int] = Counter()
        for k in keys:
            self.df.update(k.lead_terms.keys())
            self.name_df.update(k.names | k.streets)
            self.band_df.update(lead_bands(k))
            if k.outlet:
                self.outlet_n[k.outlet] += 1
                self.outlet_df.setdefault(k.outlet, Counter()).update(k.lead_terms.keys())
        self._norms: dict[tuple[str, str | None], float] = {}  # (report id, outlet or None) -> its lead's norm
        self._idf: dict[str | None, dict[str, float]] = {}  # outlet (None: overall) -> term -> idf

    def idf(self, term: str, outlet: str | None = None) -> float:
        known = self._idf.setdefault(outlet, {})
        value = known.get(term)
        if value is None:
            if outlet is not None:
                value = math.log((1 + self.outlet_n[outlet]) / (1 + self.outlet_df[outlet].get(term, 0))) + 1.0
            else:
                value = math.log((1 + self.n) / (1 + self.df.get(term, 0))) + 1.0
            known[term] = value
        return value

    def norm(self, k: ReportKey, outlet: str | None = None) -> float:
        """The norm of the report's lead as TF-IDF weights (cached per report; `cosine` needs no more of
        the vector than this and the weights of the words two leads share)."""
        key = (k.id, outlet)
        value = self._norms.get(key)
        if value is None:
            known = self._idf.setdefault(outlet, {})  # the weights already worked out, read as `cosine` reads them
            weights = []
            for t, c in k.lead_terms.items():
                idf = known.get(t)
                weights.append(c * (self.idf(t, outlet) if idf is None else idf))
            value = math.sqrt(sum(w * w for w in weights)) or 1.0
            self._norms[key] = value
        return value

    def own_outlet(self, outlet: str | None) -> bool:
        """Whether an outlet has reports enough for word frequencies of its own."""
        return bool(outlet) and self.outlet_n[outlet] >= OUTLET_IDF_MIN_REPORTS  # type: ignore[index]

    def cosine(self, a: ReportKey, b: ReportKey) -> float:
        """TF-IDF cosine of the two leads (with their outlet's own frequencies when one outlet wrote both):
        the dot product over the words they share, over the two norms."""
        if not a.lead_terms or not b.lead_terms:
            return 0.0
        outlet = a.outlet if a.outlet == b.outlet and self.own_outlet(a.outlet) else None
        na, nb = self.norm(a, outlet), self.norm(b, outlet)
        ta, tb = a.lead_terms, b.lead_terms
        if len(ta) > len(tb):
            ta, tb = tb, ta
        known = self._idf.setdefault(outlet, {})
        dot = 0.0
        for t, c in ta.items():
            other = tb.get(t)
            if other:
                idf = known.get(t)
                if idf is None:
                    idf = self.idf(t, outlet)
                dot += (c * idf) * (other * idf)
        return dot / (na * nb)

    def rare(self, name: str) -> bool:
        return self.name_df.get(name, 0) <= RARE_NAME_MAX_DF

    def rare_band(self, band: int) -> bool:
        return self.band_df.get(band, 0) <= RARE_BAND_MAX_DF


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(min(1.0, h)))


def km(a: ReportKey, b: ReportKey) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


class Placed(Protocol):
    geonameid: int | None
    lat: float | None
    lon: float | None


def within_reach(a: Placed, b: Placed) -> bool:
    """Whether two reports of one place block may be one incident by their places alone: not when both
    are placed at a gazetteer place and those are more than FAR_KM apart (the pair model's `far_km`).
    Such a pair is still a candidate when a rare name or a lead band says so; the block pass leaves it
    out, so a crowded region's blocks do not compare every town with every other. On the dev corpora
    the cut changes no link (GVA pairwise and B-cubed, FA-KES grouping: identical; at 50 km GVA
    loses 5 true pairs of 1,433)."""
    if not (a.geonameid and b.geonameid) or a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return True
    return haversine_km(a.lat, a.lon, b.lat, b.lon) <= FAR_KM


def days_apart(a: ReportKey, b: ReportKey) -> int | None:
    """The closest of the incident and publication dates of the two (a report published a day later
    may date the incident by its publication day)."""
    pairs = [abs((x - y).days) for x in (a.date, a.published) for y in (b.date, b.published) if x and y]
    return min(pairs) if pairs else None


def key_within_reach(apart: int | None, by_name: bool) -> bool:
    """Whether two reports that share a rare name (`by_name`) or a lead band, `apart` days apart (None: one
    is undated), are close enough in time to be a candidate pair."""
    if by_name:
        return apart is None or apart <= NAME_WINDOW_DAYS
    return apart is not None and apart <= BAND_WINDOW_DAYS


def pair_features(a: ReportKey, b: ReportKey, corpus: Corpus) -> dict[str, float]:
    days = days_apart(a, b)
    f: dict[str, float] = {name: 0.0 for name, _ in FEATURES}
    f["bias"] = 1.0
    if days is not None:
        f["same_day"] = float(days == 0)
        f["days_log"] = math.log1p(days)
    if a.dated and b.dated and a.date and b.date:
        f["both_dated"] = 1.0
        f["incident_days_log"] = math.log1p(abs((a.date - b.date).days))
    if a.geonameid and a.geonameid == b.geonameid:
        f["same_place"] = 1.0
    d = km(a, b)
    if d is not None and d <= NEAR_KM:
        f["near_km"] = 1.0
    if d is not None and d > FAR_KM and a.geonameid and b.geonameid:
        f["far_km"] = 1.0
    if a.admin1 and b.admin1:
        f["same_admin1" if (a.country, a.admin1) == (b.country, b.admin1) else "other_admin1"] = 1.0
    if a.streets & b.streets:
        f["same_street"] = 1.0
    if a.means and b.means:
        if a.means == b.means:
            f["same_means"] = 1.0
        elif frozenset({a.means, b.means}) not in _COMPATIBLE:
            f["other_means"] = 1.0
    if a.perpetrator and b.perpetrator:
        f["same_perpetrator" if a.perpetrator == b.perpetrator else "other_perpetrator"] = 1.0
    if a.toll and b.toll:
        ratio = min(a.toll, b.toll) / max(a.toll, b.toll)
        f["toll_agrees" if ratio >= 0.6 else "toll_differs"] = 1.0
    f["lead_cosine"] = corpus.cosine(a, b)
    f["lead_cosine_apart"] = f["lead_cosine"] if days is not None and days > WINDOW_DAYS else 0.0
    if a.words and b.words:
        f["title_overlap"] = len(a.words & b.words) / max(1, min(len(a.words), len(b.words)))
    shared = [n for n in a.names & b.names if corpus.rare(n) and not _is_place(n)]
    shared += [n for n in a.streets & b.streets if corpus.rare(n)]
    f["shared_names"] = math.log1p(len(shared))
    f["apart_unnamed"] = float(days is not None and days > WINDOW_DAYS and not shared)
    if a.outlet and a.outlet == b.outlet:
        f["same_outlet"] = 1.0
    return f
