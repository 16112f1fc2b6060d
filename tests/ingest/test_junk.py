from __future__ import annotations

import pytest

from triangulate.ingest.junk import find_junk, find_related_headlines


@pytest.mark.parametrize(
    "text, kind",
    [
        ('Intro.\nstring(12) "[{"id":"1"}]"Facebook', "code_dump"),
        ("Body.\nFacebook Twitter YouTube SoundCloud RSS\nMore body.", "share_menu"),
        ("Body.\nGet Your Copy of New Dawn Magazine #203 - Mar-Apr Issue\n", "promotion"),
        ("Body.\nContinue this article at RT\n", "continue_reading"),
        ("Body.\nREAD MORE SYRIA NEWS AT: 21st Century Wire Syria Files\n", "continue_reading"),
        # a link to another story: a colon after the cue, or what the list holds
        ("Body.\nRELATED: Man who died at West Side motel New Year's Day was 38\nMore body.", "continue_reading"),
        ("Body.\nMORE: Man dies after shooting, car crash in Antioch\nMore body.", "continue_reading"),
        ("Body.\nRelated Coverage One person killed in Taunton shooting\nMore body.", "continue_reading"),
        ("US airstrike in Syria (Image Source: Daily Record)\n", "image_credit"),
        ('Text [{"id":"1865204","sort":"3631696","title":"ISIS Beheads 25"}] more', "code_dump"),
    ],
)
def test_junk_kinds(text, kind):
    spans = find_junk(text)
    assert kind in {s.kind for s in spans}


def test_php_dump_length_counts_utf8_bytes():
    body = '[{"t":"Iraq’s"}]'  # the curly apostrophe is 3 bytes
    text = f'string({len(body.encode())}) "{body}"AFTER'
    span = find_junk(text)[0]
    assert text[span.end:] == "AFTER"


@pytest.mark.parametrize("text", [
    "At least 20 people were killed in a car bomb blast in Azaz, local sources said on Twitter.",
    "Body.\nRelated to the shooting, police arrested two men.\nMore than 20 people were killed.\nMoreover: two died.",
])
def test_prose_is_not_junk(text):
    assert find_junk(text) == []


def test_inline_related_headline_but_not_the_title():
    text = ("Death Toll in Blast Rises to 70\n\nThe death toll rose. Death Toll in Blast Targeting "
            "Evacuees From Besieged Towns in Aleppo Rises to 70 the monitor said.")
    spans = find_related_headlines(text, skip=[])
    got = [text[s.start:s.end] for s in spans]
    assert any(g.startswith("Death Toll in Blast Targeting Evacuees") for g in got)
