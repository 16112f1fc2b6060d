"""Provenance edges (link/copies.py): a near-duplicate is a copy of the earlier document, a document
that credits an outlet relays it (its own document of that day when the ledger has one)."""

from __future__ import annotations

from triangulate.link.copies import copy_edges, relay_edges

WIRE = ("At least 12 people were killed on Thursday when a car bomb exploded near a market in Azaz, in the north "
        "of Aleppo province, local sources and a monitoring group said. Rescue workers pulled bodies from the rubble "
        "for hours after the blast, which also wounded dozens of people, some of them children.")


def test_a_near_duplicate_is_a_copy_of_the_earlier_document():
    docs = [{"id": "b", "published": "2016-09-20", "text": WIRE + " Turkish hospitals took in the wounded."},
            {"id": "a", "published": "2016-09-19", "text": WIRE},
            {"id": "c", "published": "2016-09-19", "text": "Three civilians were killed on Tuesday by shelling in "
             "Homs, a monitor said, the latest in a week of attacks on the city's eastern districts."}]
    edges = copy_edges(docs)
    assert [(e.src, e.dst, e.kind) for e in edges] == [("b", "a", "copy")]
    assert edges[0].detail.startswith("jaccard ")


def test_same_day_copies_point_to_the_smaller_id_whatever_the_order():
    docs = [{"id": "z", "published": "2016-09-19", "text": WIRE}, {"id": "m", "published": "2016-09-19", "text": WIRE}]
    assert [(e.src, e.dst) for e in copy_edges(docs)] == [("z", "m")]
    assert [(e.src, e.dst) for e in copy_edges(docs[::-1])] == [("z", "m")]


def test_a_credit_relays_the_outlet_or_its_document_of_that_day():
    docs = [{"id": "d1", "outlet": "alalam", "published": "2016-09-19", "credited": ["sana"]},
            {"id": "d2", "outlet": "sana", "published": "2016-09-19", "credited": []},
            {"id": "d3", "outlet": "rt", "published": "2016-09-20", "credited": ["sana"]},
            {"id": "d4", "outlet": "fna", "published": "2016-09-20", "credited": []}]
    edges = {(e.src, e.dst, e.detail) for e in relay_edges(docs, {"d4": {"rt"}})}
    assert edges == {("d1", "d2", "sana"), ("d3", "outlet:sana", "sana"), ("d4", "d3", "rt")}
