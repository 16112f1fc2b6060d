from __future__ import annotations

import triangulate
from triangulate.reconcile.tolls import lead_toll


def _toll(text, published="2016-10-14"):
    return lead_toll(triangulate.extract(text, published=published).main)


def test_lead_sentence_gives_the_toll_not_later_mentions():
    toll = _toll("Blast kills 20\n\nAt least 20 people were killed in a car bomb blast on Thursday in Azaz. "
                 "Last month 132 civilians were killed in the city.")
    assert toll.total == 20


def test_groups_side_by_side_add_up():
    toll = _toll("Attack in Homs\n\nRebels attacked a checkpoint in Homs on Thursday killing six civilians and five militiamen.")
    assert (toll.total, toll.civilians, toll.military) == (11, 6, 5)


def test_subset_splits_its_parent_without_adding():
    toll = _toll("Car bomb kills 20\n\nAt least 20 people were killed in a car bomb blast in Azaz on Thursday, "
                 "local sources said. The monitor said at least 14 of the dead were rebels.")
    assert (toll.total, toll.fighters, toll.unspecified) == (20, 14, 6)


def test_headline_only():
    toll = _toll("Airstrike kills 9 in Idlib\n\nWarplanes struck a market in Idlib on Thursday.")
    assert toll.total == 9
