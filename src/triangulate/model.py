"""The data model: a `Document` owns the text; everything extracted is an offset view into it.

Every extracted value carries an `Evidence` (document id, start, end) so it traces back to its words.
Dataclasses are plain and JSON-serialisable through `to_dict`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import typing
from dataclasses import dataclass, field
from typing import Any, Literal

ClaimKind = Literal["killed", "wounded", "missing", "abducted", "hit"]  # hit: shot or struck, dead or alive
Qualifier = Literal[
    "exact", "at_least", "more_than", "about", "nearly", "up_to", "range", "vague"
]
VictimType = Literal["civilians", "military", "fighters", "mixed", "unspecified", "perpetrator"]
# the one vocabulary of qualifiers: a new one is added here (and to the extractor's cues)
QUALIFIERS: tuple[str, ...] = typing.get_args(Qualifier)
QUALIFIER_SYMBOL = {"exact": "", "at_least": "≥", "more_than": ">", "about": "~", "nearly": "≈<", "up_to": "≤",
                    "range": "", "vague": "≈"}
QUALIFIER_WORDS = {"exact": "", "at_least": "at least ", "more_than": "more than ", "about": "about ",
                   "nearly": "nearly ", "up_to": "up to ", "range": "", "vague": "about "}
VICTIM_TYPES: tuple[str, ...] = typing.get_args(VictimType)


def content_id(text: str) -> str:
    """Content-hash id: the same text always gets the same id (idempotent ingest)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Span:
    """A (start, end) character range of the original document text."""

    start: int
    end: int
    kind: str = ""


@dataclass(slots=True)
class Document:
    """One report as read: the original text, untouched, plus metadata and junk spans."""

    text: str
    source: str
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None
    credited: list[str] = field(default_factory=list)
    junk: list[Span] = field(default_factory=list)
    title_span: Span | None = None
    title_copy: Span | None = None  # the headline repeated at the top of the body
    dateline: Span | None = None
    credits: list[Span] = field(default_factory=list)  # kind = "<continue|wire|closing|byline>:<outlet id>"
    id: str = ""
    language: str | None = None  # ISO 639-1, given by the record or detected when extracted

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.text)

    def clean_text(self) -> str:
        """The text with junk spans blanked out: same length, so offsets stay valid."""
        if not self.junk:
            return self.text
        chars = list(self.text)
        for span in self.junk:
            for i in range(span.start, span.end):
                if chars[i] not in "\n":
                    chars[i] = " "
        return "".join(chars)


@dataclass(frozen=True, slots=True)
class Evidence:
    document: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Attribution:
    """Who is said to have said a claim, and through whom it reached the outlet."""

    speaker: str | None = None
    speaker_type: str | None = None  # person | role | organisation | outlet | anonymous
    role: str | None = None  # "a spokesman for US Central Command"
    via: list[str] = field(default_factory=list)
    confirms: list[str] = field(default_factory=list)
    hedged: bool = False
    hedge: str | None = None
    evidence: Evidence | None = None

    @property
    def unattributed(self) -> bool:
        return self.speaker is None


@dataclass(slots=True)
class Claim:
    kind: ClaimKind
    value: int | None
    low: int | None
    high: int | None
    qualifier: Qualifier
    victims: VictimType
    evidence: Evidence
    attribution: Attribution
    number_text: str = ""
    victim_text: str | None = None
    vague_term: str | None = None
    children: int | None = None
    women: int | None = None
    part_of: int | None = None  # index of the claim (in the same report) this one is a subset of
    relayed_from: str | None = None
    in_title: bool = False
    counted: str | None = None  # a figure counted from person phrases, not read as digits: "wife 1 + daughters 2"
    # background, not this incident's toll: the words that say so ("since the conflict began", "so far this
    # year"); shown with the report, never reconciled, linked on or counted in its toll
    context: str | None = None


@dataclass(slots=True)
class Place:
    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    precision: str  # city | admin1 | country
    mention: Evidence | None = None


@dataclass(slots=True)
class ActorRef:
    id: str
    name: str
    category: str
    mention: Evidence | None = None


@dataclass(slots=True)
class Report:
    """One document's account of one incident."""

    main: bool
    date: dt.date | None = None
    date_basis: str | None = None  # explicit | relative | None
    date_evidence: Evidence | None = None
    place: Place | None = None
    perpetrator: ActorRef | None = None
    target: ActorRef | None = None
    means: str | None = None
    means_evidence: Evidence | None = None
    claims: list[Claim] = field(default_factory=list)
    statements: list[Attribution] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class RecordError:
    source: str
    message: str
    kind: str = "error"


@dataclass(slots=True)
class Extraction:
    """What `extract` returns for one document."""

    document: Document
    reports: list[Report] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)
    notice: str | None = None  # why nothing was found: "not read: Arabic", "no casualty figures found"
    link_text: str | None = None  # what linking reads of the text (link/text_keys.py), as JSON, when made beside it

    @property
    def main(self) -> Report | None:
        return next((r for r in self.reports if r.main), None)


@dataclass(slots=True)
class Incident:
    """One row of the ledger's incidents table, by column name: the DDL (store/schema.py) has exactly
    these columns (a test reads the table and checks), the rebuild writes `to_row()`, readers get
    `from_row()`."""

    id: str
    date: str | None = None
    date_end: str | None = None
    place_name: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    admin1: str | None = None
    place_precision: str | None = None
    means: str | None = None
    perpetrator: str | None = None
    target: str | None = None
    title: str | None = None
    killed_low: int | None = None
    killed_best: int | None = None
    killed_high: int | None = None
    killed_high_open: bool = False
    killed_contradiction: bool = False
    wounded_low: int | None = None
    wounded_best: int | None = None
    wounded_high: int | None = None
    wounded_high_open: bool = False
    wounded_contradiction: bool = False
    grade: str | None = None
    contested: bool = False
    n_reports: int = 0
    n_documents: int = 0
    n_independent: int = 0
    n_outlets: int = 0
    summary: dict[str, Any] = field(default_factory=dict)
    search: str | None = None  # title, place and division, lower-cased: what the list's search reads
    attention: bool = False  # a contradiction or competing perpetrators: the list's "contested only"

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Incident:
        data: dict[str, Any] = {name: row.get(name) for name in INCIDENT_COLUMNS if name in row}
        for name in INCIDENT_FLAGS:
            data[name] = bool(data.get(name))
        summary = data.get("summary")
        data["summary"] = json.loads(summary) if isinstance(summary, str) and summary else (summary or {})
        return cls(**data)

    def to_row(self) -> dict[str, Any]:
        row = {name: getattr(self, name) for name in INCIDENT_COLUMNS}
        for name in INCIDENT_FLAGS:
            row[name] = int(row[name])
        row["summary"] = json.dumps(self.summary, ensure_ascii=False)
        return row


INCIDENT_COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Incident))
INCIDENT_FLAGS = ("killed_high_open", "killed_contradiction", "wounded_high_open", "wounded_contradiction", "contested",
                  "attention")


def to_dict(obj: Any) -> Any:
    """JSON-ready view of any model object (dates as ISO strings)."""
    if isinstance(obj, Document):
        return {
            "id": obj.id,
            "source": obj.source,
            "outlet": obj.outlet,
            "credited": list(obj.credited),
            "title": obj.title,
            "published": obj.published.isoformat() if obj.published else None,
            "url": obj.url,
            "junk": [to_dict(s) for s in obj.junk],
        }
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    if isinstance(obj, (list, tuple)):
        return [to_dict(x) for x in obj]
    if isinstance(obj, dict):
        return {k: to_dict(v) for k, v in obj.items()}
    return obj
