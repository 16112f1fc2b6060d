"""The two seed reports of the Deir ez-Zor airstrike (17 Sep 2016): what a user checks first."""

from __future__ import annotations

import datetime as dt

import pytest
from paths import AL_ALAM, WIRE21


@pytest.fixture(scope="module")
def al_alam(seed_extractions):
    return seed_extractions[AL_ALAM.name]


@pytest.fixture(scope="module")
def wire21(seed_extractions):
    return seed_extractions[WIRE21.name]


def _claims(ex, kind):
    return [c for r in ex.reports for c in r.claims if c.kind == kind]


def test_al_alam_document_metadata(al_alam):
    doc = al_alam.document
    assert doc.published == dt.date(2016, 9, 27)
    assert doc.outlet == "alalam"
    assert doc.credited == ["fna"]
    assert doc.title.startswith("Audio of ISIS, US Military Radio Communication")


def test_al_alam_killed_more_than_90_and_a_hundred_wounded(al_alam):
    killed = _claims(al_alam, "killed")
    wounded = _claims(al_alam, "wounded")
    assert [(c.value, c.qualifier, c.low, c.high) for c in killed] == [(90, "more_than", 91, None)]
    assert killed[0].victims == "military"
    assert killed[0].evidence.text == "over 90 military personnel killed"
    assert [(c.value, c.qualifier, c.number_text) for c in wounded] == [(100, "exact", "a hundred")]
    # the evidence offsets point into the original text
    text = al_alam.document.text
    for c in killed + wounded:
        assert text[c.evidence.start:c.evidence.end] == c.evidence.text


def test_al_alam_incident_facts(al_alam):
    main = al_alam.main
    assert main.date == dt.date(2016, 9, 17)
    assert main.place.geonameid == 170794
    assert main.place.admin1 == "Deir ez-Zor"
    assert main.place.country == "SY"
    assert main.perpetrator.id == "us_coalition"
    assert main.target.id == "syria_gov"
    assert main.means == "airstrike"


def test_al_alam_attribution_chain(al_alam):
    statements = al_alam.main.statements
    abbas = [s for s in statements if s.speaker == "Hadiya Khalaf Abbas"]
    assert abbas and abbas[0].via[0] == "Sputnik" and abbas[0].speaker_type == "person"
    ministry = [s for s in statements if s.speaker and "Defense Ministry" in s.speaker]
    assert ministry and "Syrian state news agency" in ministry[0].confirms[0]
    assert any(s.speaker == "a military source" for s in statements)
    # the toll is the outlet's own sentence, relayed from FNA
    for c in _claims(al_alam, "killed"):
        assert c.attribution.speaker is None
        assert c.attribution.via == ["Fars News Agency"]
        assert c.relayed_from == "fna"


def test_al_alam_no_claim_from_the_php_dump(al_alam):
    doc = al_alam.document
    dump = [s for s in doc.junk if s.kind == "code_dump"]
    assert len(dump) == 1 and doc.text[dump[0].start:].startswith('string(1692) "[{')
    for r in al_alam.reports:
        for c in r.claims:
            assert not (dump[0].start <= c.evidence.start < dump[0].end)
    values = {c.value for r in al_alam.reports for c in r.claims}
    assert values == {90, 100}  # not 30, 60, 25 or 11 from the related-video titles


def test_wire21_claims(wire21):
    killed = _claims(wire21, "killed")
    wounded = _claims(wire21, "wounded")
    assert [(c.value, c.qualifier) for c in killed] == [(70, "at_least"), (62, "exact")]
    assert [c.value for c in wounded] == [100, 100]
    assert all(c.victims == "military" for c in killed + wounded)


def test_wire21_date_and_relay(wire21):
    doc = wire21.document
    assert doc.outlet == "21wire"
    assert doc.published is None  # no dateline: "On Saturday Sept 17, 2016" dates the strike
    assert doc.credited == ["rt"]
    main = wire21.main
    assert main.date == dt.date(2016, 9, 17)
    assert main.date_evidence.text == "Sept 17, 2016"
    assert main.place.geonameid == 170794
    sixty_two = next(c for c in _claims(wire21, "killed") if c.value == 62)
    assert sixty_two.relayed_from == "rt" and sixty_two.attribution.via == ["RT"]
    seventy = next(c for c in _claims(wire21, "killed") if c.value == 70)
    assert seventy.relayed_from is None  # 21st Century Wire's own words


def test_wire21_speakers(wire21):
    speakers = {s.speaker for s in wire21.main.statements}
    assert "Col. John J. Thomas" in speakers
    assert "Major-General Igor Konashenkov" in speakers
    thomas = [s for s in wire21.main.statements if s.speaker == "Col. John J. Thomas"]
    assert len(thomas) >= 2  # "according to Thomas" resolves to the full name


def test_wire21_no_claim_from_menus_or_promotions(wire21):
    doc = wire21.document
    kinds = {s.kind for s in doc.junk}
    assert {"share_menu", "promotion", "continue_reading", "image_credit"} <= kinds
    junk = [(s.start, s.end) for s in doc.junk]
    for r in wire21.reports:
        for c in r.claims:
            assert not any(a <= c.evidence.start < b for a, b in junk)
    assert 203 not in {c.value for r in wire21.reports for c in r.claims}
