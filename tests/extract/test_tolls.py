from __future__ import annotations

import triangulate
from triangulate.extract.tolls import lead_toll


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


def test_a_headline_counting_more_than_the_lead_gives_the_whole():
    # the lead sentence gives a part (four of the children), the headline the toll
    toll = _toll("Air raids kill 11 civilians in eastern town\n\nFour children were killed when warplanes struck "
                 "a residential block in the town on Sunday, a monitor said. Rescuers searched the rubble.")
    assert (toll.total, toll.civilians) == (11, 11)


def test_a_lead_counting_more_than_the_headline_stays():
    # the body's later, higher count is the toll (the headline was written first)
    toll = _toll("Shelling kills 5 in market\n\nAt least 7 people were killed when shells hit a market on Sunday.")
    assert toll.total == 7


def test_a_vague_headline_does_not_outweigh_the_lead():
    toll = _toll("Dozens killed in air raids\n\nAir raids on the town killed 18 people on Sunday, medics said.")
    assert toll.total == 18
