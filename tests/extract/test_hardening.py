"""Inputs that once broke or stalled extraction."""

from __future__ import annotations

import json

import triangulate
from triangulate.extract.numbers import find_numbers
from triangulate.extract.pipeline import Extractor
from triangulate.extract.places import _cache_path, _valid_index
from triangulate.ingest.metadata import outlet_from_text, outlet_id
from triangulate.model import Document


def test_evidence_offsets_survive_characters_that_lower_case_longer():
    # "İ".lower() is two characters: offsets read in a lower-cased copy would shift
    text = "İ wounding one person. İİ Thirty İİ civilians were killed in Homs."
    ex = triangulate.extract(text)
    claims = [c for r in ex.reports for c in r.claims]
    assert [c.value for c in claims] == [1, 30]
    for c in claims:
        assert ex.document.text[c.evidence.start:c.evidence.end] == c.evidence.text
        assert c.evidence.end <= len(ex.document.text)


def test_a_document_over_the_time_budget_is_a_record_error():
    extractor = Extractor()
    extractor.budget = 0.0
    ex = extractor._safe(Document(text="Title\n\nFive civilians were killed in Homs on Monday.", source="slow.txt"))
    assert ex.reports == [] and "extraction stopped after 0 s" in ex.errors[0].message


def test_runs_of_numbers_are_read_up_to_a_bound():
    assert len(find_numbers("7 " * 10_000, limit=60)) == 60
    assert len(find_numbers("7 " * 100)) == 100


def test_signatures_do_not_reach_across_blank_lines():
    # "^\\s*" in a MULTILINE signature retried at every line start made runs of newlines quadratic
    assert outlet_from_text("\n" * 50 + "21st Century Wire says the strike was deliberate") == "21wire"
    assert outlet_from_text("Intro\n\n\n   21st Century Wire says") == "21wire"
    assert outlet_id("ex[ample.com") == "ex[ample.com"  # no "Invalid IPv6 URL"


def test_the_gazetteer_cache_is_data_not_code():
    assert _cache_path().suffix == ".json"
    homs = [["Homs", 1, 0.0, 0.0, "SY", "11", 1, "city"]]
    assert not _valid_index({"entries": "x", "exact": {}, "skeleton": {}, "local": {}})
    assert not _valid_index({"entries": homs, "exact": {"homs": [5]}, "skeleton": {}, "local": {}})  # past the entries
    assert not _valid_index({"entries": homs, "exact": {"homs": [0]}, "skeleton": {}, "local": {"حمص": [3]}})
    assert not _valid_index({"entries": homs, "exact": {"homs": [0]}, "skeleton": {}})  # an index of an older version
    assert _valid_index(json.loads(json.dumps({"entries": homs, "exact": {"homs": [0]}, "skeleton": {},
                                               "local": {"حمص": [0]}})))
