"""What linking reads of a document's text, worked out once: the headline's words, the lead's term
counts, names, street-level places and LSH bands, and the copy signature of the opening.

Contract: `text_key(title, text) -> TextKey`, a function of the two strings alone (no ledger
statistics), so it is made when the document lands and stored beside it (`TextKey.to_json`);
linking reads it back instead of reading the text again. `VERSION` is a hash of everything the key
depends on (word patterns, stop words, LSH shapes, the word-frequency list): a stored key of another
version is made again, so a change to any of them cannot leave stale keys behind.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from triangulate.link import copies, features
from triangulate.model import Extraction
from triangulate.resources import actors, place_context

LEAD_CHARS = 1200  # the opening that linking compares: who, where, when
TEXT_CHARS = 1500  # what provenance reads of a document to find copies
_TITLE_WORD = re.compile(r"[A-Za-z]{4,}")


def _actors_version() -> str:
    """The actor registry's content (names holding an actor's alias are not names: `features.read_lead`)."""
    return hashlib.sha1(json.dumps(actors(), sort_keys=True).encode()).hexdigest()[:12]


def _version() -> str:
    from importlib.metadata import version

    parts = (
        LEAD_CHARS, TEXT_CHARS, _TITLE_WORD.pattern, features._WORD.pattern, features._NAME.pattern,
        features._POSSESSIVE.pattern, features._STREET.pattern, sorted(features._STOP),
        sorted(place_context()["institutions_after"]), sorted(place_context()["allowed_before"]),
        sorted(place_context()["generic_words"]), sorted(features._party_words()), sorted(features._DATE_WORDS),
        _actors_version(), features.NAME_RULES, features.LEAD_LSH_TERMS, features.LEAD_LSH_THRESHOLD,
        features.LEAD_LSH_PERMUTATIONS, copies.NUM_PERM, copies.COPY_THRESHOLD, copies._WORD.pattern,
        version("wordfreq"), version("datasketch"),
    )
    return hashlib.sha1(json.dumps(parts, default=str).encode()).hexdigest()[:12]


VERSION = _version()


@dataclass(slots=True)
class TextKey:
    words: frozenset[str]  # headline words (four letters or more, lower case)
    lead_terms: dict[str, int]  # the lead's words and their counts (stop words out), read-only
    names: frozenset[str]  # capitalised multi-word names of the lead
    streets: frozenset[str]  # street-level places of the lead
    bands: tuple[int, ...]  # LSH band keys of the lead's most distinctive words
    copy: tuple[int, ...]  # MinHash values of the opening's word shingles (copies.signature)

    def to_json(self) -> str:
        """The key as stored: the band keys and the copy signature as hex strings of little-endian 64-bit
        integers (JSON's decimal integers of that size took half the time of reading a key back)."""
        return json.dumps({"w": sorted(self.words), "t": dict(sorted(self.lead_terms.items())), "n": sorted(self.names),
                           "s": sorted(self.streets), "b": _hex(self.bands, _SIGNED), "c": _hex(self.copy, _UNSIGNED)},
                          separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> TextKey:
        """A stored key; keys stored as lists of integers (before the hex strings) read the same."""
        d = json.loads(text)
        return cls(frozenset(d["w"]), d["t"], frozenset(d["n"]), frozenset(d["s"]), _ints(d["b"], _SIGNED),
                   _ints(d["c"], _UNSIGNED))

    def report_fields(self) -> dict[str, Any]:
        """What a main report's `ReportKey` takes of its document's key (passed to its constructor, so no
        default containers are made to be thrown away)."""
        return {"words": self.words, "lead_terms": self.lead_terms, "names": self.names, "streets": self.streets,
                "bands": self.bands}

    def copy_jaccard(self, other: TextKey) -> float:
        """The estimated Jaccard similarity of the two openings' shingles (what MinHash.jaccard gives)."""
        return copy_jaccard(self.copy_array(), other.copy_array())

    def copy_array(self) -> np.ndarray[Any, np.dtype[np.uint64]]:
        """The copy signature as an array (what `stored_copy` reads back)."""
        return np.asarray(self.copy, dtype=_UNSIGNED)

    def copy_bands(self) -> list[int]:
        """The LSH band keys of the opening: documents sharing one are compared as possible copies."""
        return copies.bands_of_values(self.copy)


_SIGNED, _UNSIGNED = np.dtype("<i8"), np.dtype("<u8")  # band keys are signed, MinHash values are not


def _hex(values: tuple[int, ...], dtype: np.dtype[Any]) -> str:
    return np.asarray(values, dtype=dtype).tobytes().hex()


def stored_copy(stored: str) -> np.ndarray[Any, np.dtype[np.uint64]]:
    """A stored key's copy signature read alone, as the database's JSON functions give it (a hex string,
    or an older key's list as JSON text), as an array over its bytes: a kilobyte, where a tuple of its 128
    values as Python integers takes nearly six (a batch compares tens of thousands of older documents)."""
    return _array(json.loads(stored) if stored.startswith("[") else stored, _UNSIGNED)


def copy_jaccard(mine: np.ndarray[Any, np.dtype[np.uint64]], theirs: np.ndarray[Any, np.dtype[np.uint64]]) -> float:
    """The estimated Jaccard similarity of two openings' shingles from their copy signatures (the share of
    equal MinHash values, what MinHash.jaccard gives); 0 for an empty or different-sized signature."""
    if not len(mine) or len(mine) != len(theirs):
        return 0.0
    return float(np.count_nonzero(mine == theirs)) / len(mine)


def _array(stored: str | list[int], dtype: np.dtype[Any]) -> np.ndarray[Any, Any]:
    """Stored values as an array: a hex string of little-endian 64-bit integers read in place (over its
    bytes), an older key's list of integers converted."""
    if isinstance(stored, list):
        return np.asarray(stored, dtype=dtype)
    return np.frombuffer(bytes.fromhex(stored), dtype=dtype)


def _ints(stored: str | list[int], dtype: np.dtype[Any]) -> tuple[int, ...]:
    if isinstance(stored, list):
        return tuple(stored)
    return tuple(_array(stored, dtype).tolist())


def with_text_key(ex: Extraction) -> Extraction:
    """The extraction with its document's text key (made where the document was extracted: in the
    extraction workers, beside the far costlier reading of the text)."""
    if not ex.errors:
        ex.link_text = text_key(ex.document.title, ex.document.text).to_json()
    return ex


def text_key(title: str | None, text: str | None) -> TextKey:
    terms, names, streets = features.read_lead((text or "")[:LEAD_CHARS], title)
    signature = copies.signature((text or "")[:TEXT_CHARS])
    return TextKey(frozenset(w.lower() for w in _TITLE_WORD.findall(title or "")), terms, names, streets,
                   features.bands_of(terms), tuple(int(v) for v in signature.hashvalues))
