from __future__ import annotations

import pytest

import triangulate
from triangulate.extract.casualties import find_casualties
from triangulate.model import Span


def _claims(text):
    return [(c.kind, c.number.value, c.number.qualifier, c.victims) for c in find_casualties(text, Span(0, len(text)))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("leaving over 90 military personnel killed and a hundred wounded.",
         [("killed", 90, "more_than", "military"), ("wounded", 100, "exact", "military")]),
        ("a brutal air attack which killed at least 70 soldiers and wounded 100 others.",
         [("killed", 70, "at_least", "military"), ("wounded", 100, "exact", "military")]),
        ("as 62 Syrian government soldiers had been killed by the airstrikes, while a further 100 received injuries.",
         [("killed", 62, "exact", "military"), ("wounded", 100, "exact", "military")]),
        ("rebels attacked a checkpoint killing six civilians and five militiamen the Observatory said",
         [("killed", 6, "exact", "civilians"), ("killed", 5, "exact", "military")]),
        ("A suicide bomber killed 30 people injured 90 on Monday",
         [("killed", 30, "exact", "unspecified"), ("wounded", 90, "exact", "unspecified")]),
        ("3 Civilians Killed 38 Injured in Terrorist Rocket Attacks",
         [("killed", 3, "exact", "civilians"), ("wounded", 38, "exact", "civilians")]),
        ("shells killing a woman and injuring four other civilians",
         [("killed", 1, "exact", "civilians"), ("wounded", 4, "exact", "civilians")]),
        ("The death toll from a bomb blast on a bus convoy reached at least 112 people",
         [("killed", 112, "at_least", "unspecified")]),
        ("The fate of around 200 other soldiers remained unknown", [("missing", 200, "about", "military")]),
        ("Gunmen kidnapped 30 workers near the plant", [("abducted", 30, "exact", "civilians")]),
        ("The attack also injured dozens", [("wounded", 12, "vague", "unspecified")]),
        ("The IS lost at least 28 jihadist fighters he said", [("killed", 28, "at_least", "fighters")]),
        # numbers that are not casualties
        ("the ISIL launched attacks only 7 minutes after the airstrikes", []),
        ("Four strikes were performed by two F-16 jet fighters and two A-10 support aircraft", []),
        ("after the first 2 shots, but we quickly found out", []),
        ("Some of them were laughing.", []),
        ("He said the Kurds have taken at least 103 villages", []),
        # who the victims are, after "of": the group, not the figure inside it
        ("Five members of one family were killed in an airstrike on Idlib",
         [("killed", 5, "exact", "civilians")]),
        ("at least 15 members of the extended Al-Tahrawi family were killed",
         [("killed", 15, "at_least", "civilians")]),
        ("Ten members of the security forces were killed", [("killed", 10, "exact", "military")]),
        # an apposition between the victims and their verb
        ("Fifteen members of the al-Zatmeh and Ghoneim families, including 11 children and two women, were killed",
         [("killed", 15, "exact", "civilians")]),
        ("At least 38 members of the al-Astal family across three generations, including seven women and twenty "
         "children, were killed", [("killed", 38, "at_least", "civilians")]),
        # ... but not a clause that tells other casualties: the verb after it is not theirs
        ("opening fire on two police officers, killing one and severely wounding the other, has been arrested", []),
        # people hit where they were are civilians
        ("a gunman fired into a residence, wounding five partygoers", [("wounded", 5, "exact", "civilians")]),
        ("Israeli forces shot dead two protesters near the fence", [("killed", 2, "exact", "civilians")]),
        # "N of the M": the verb tells of N when an auxiliary stands before it; a bare participle only says which M
        ("Two of the three men were killed in the attack", [("killed", 2, "exact", "unspecified")]),
        ("One of the two soldiers was killed and the other wounded", [("killed", 1, "exact", "military")]),
        ("Five of the 12 people killed were children", [("killed", 12, "exact", "unspecified")]),
        # a count never holds another count: the later figure is the toll
        ("Police went to a mobile home where three people were killed", [("killed", 3, "exact", "unspecified")]),
        ("more than 30 Nusra Front militants including three commanders were killed",
         [("killed", 30, "more_than", "fighters")]),
        # people hit: fatal or not, the text does not say
        ("Four people were shot, one fatally", [("hit", 4, "exact", "unspecified"), ("killed", 1, "exact", "unspecified")]),
        ("12 people were shot and killed", [("killed", 12, "exact", "unspecified")]),
        ("Gunmen shot at the convoy, wounding two soldiers", [("wounded", 2, "exact", "military")]),
    ],
)
def test_casualty_shapes(text, expected):
    assert _claims(text) == expected


def test_children_counted_inside_a_toll():
    text = "At least 20 people including five children were killed in a car bomb blast"
    c = find_casualties(text, Span(0, len(text)))[0]
    assert (c.number.value, c.children) == (20, 5)


@pytest.mark.parametrize("text, expected", [
    ("Fifteen members of the al-Zatmeh and Ghoneim families, including 11 children and two women, were killed",
     (15, 11, 2)),
    ("At least 15 people, including at least one child and four women, one of whom was pregnant, were killed",
     (15, 1, 4)),  # the apposition runs to the comma the verb follows, not the first one
    ("at least 11 civilians – including at least one woman and seven children – were killed", (11, 7, 1)),
    ("17 civilians – including five women and four children – of the Abu Shuaib family were killed", (17, 4, 5)),
])
def test_children_and_women_inside_an_apposition_are_counted(text, expected):
    c = find_casualties(text, Span(0, len(text)))[0]
    assert (c.kind, c.number.value, c.children, c.women) == ("killed", *expected)


def test_children_after_among_them():
    text = "Thirteen civilians among them seven children were killed in aerial attacks"
    c = find_casualties(text, Span(0, len(text)))[0]
    assert (c.number.value, c.victims, c.children) == (13, "civilians", 7)


def test_subset_of_the_dead():
    text = "At least 20 people were killed. The Observatory said at least 14 of the dead were rebels."
    claims = find_casualties(text, Span(0, len(text)))
    assert [(c.number.value, c.subset, c.victims) for c in claims] == [(20, False, "unspecified"), (14, True, "fighters")]


def test_among_links_a_group_to_the_larger_toll():
    text = "six civilians including a child were among at least 22 people killed in the strike"
    claims = find_casualties(text, Span(0, len(text)))
    assert [c.number.value for c in claims][-1] == 22


@pytest.mark.parametrize("text, whole", [
    # "among them" followed by a figure names a subgroup of this toll: the toll is nobody's part
    ("Thirteen civilians among them seven children were killed in aerial attacks", False),
    ("Fifteen civilians among them 11 children were killed in a barrel bomb attack", False),
    # "were among those killed" makes this group part of a toll given next
    ("Nearly 70 children were among those killed in the raids on the town", True),
])
def test_among_them_names_a_subgroup_not_a_larger_toll(text, whole):
    c = find_casualties(text, Span(0, len(text)))[0]
    assert c.subset_of_next is whole


@pytest.mark.parametrize("lead", ["Fifteen civilians among them 11 children", "Fifteen civilians, among them 11 children,"])
def test_a_toll_with_among_them_stays_the_lead_after_a_headline(lead):
    import triangulate

    ex = triangulate.extract(
        f"{lead} were killed in a barrel bomb attack on Thursday. "
        "The group also reported eight civilians including two children were killed in rebel fire.",
        title="Barrel bomb attack kills 11 children", published="2016-08-25")
    from triangulate.extract.tolls import lead_toll

    fifteen = [c for c in ex.main.claims if c.value == 15]
    assert fifteen and all(c.part_of is None for c in fifteen)
    assert lead_toll(ex.main, "killed").total == 15


@pytest.mark.parametrize("text, expected", [
    # the figure before an active verb with its own object did the killing
    ("Two gunmen killed three people in the market on Friday.", [("killed", 3, "exact", "unspecified")]),
    ("Two suicide bombers driving trucks have killed at least 30 Kurdish militiamen in the town.",
     [("killed", 30, "at_least", "military")]),
    # a casualty word with no figure of its own after it takes the figure before it
    ("Girl killed two others injured in rocket attack on neighbourhood", [("wounded", 2, "exact", "unspecified")]),
    ("A suicide bomber killed 30 people injured 90 on Monday",
     [("killed", 30, "exact", "unspecified"), ("wounded", 90, "exact", "unspecified")]),
    ("6 citizens killed 22 injured in shelling", [("killed", 6, "exact", "civilians"), ("wounded", 22, "exact", "civilians")]),
    # ... but not through a finite verb, whose subject is another: the figure is the object of the verb before it
    ("The gunman who killed three people was arrested.", [("killed", 3, "exact", "unspecified")]),
    ("Militants who killed 12 soldiers were captured on Sunday.", [("killed", 12, "exact", "military")]),
])
def test_who_did_the_killing_and_whose_figure_it_is(text, expected):
    assert _claims(text) == expected


def test_the_minutes_of_a_clock_time_count_nobody():
    import triangulate

    ex = triangulate.extract("Thursday 28 January 2016 17:27 Nine Civilians Killed in Airstrikes on Rural Homs. "
                             "Activists said the air force intensified the bombing.", published="2016-01-28")
    assert sorted({c.value for c in ex.main.claims if c.kind == "killed"}) == [9]


@pytest.mark.parametrize("text, kind, value, evidence", [
    # groups listed before a figure are its victims too
    ("2 adults, 2 children killed in the shooting.", "killed", 4, "2 adults, 2 children killed"),
    ("East Harlem gunplay leaves 3 men, 1 woman wounded.", "wounded", 4, "3 men, 1 woman wounded"),
    ("Five more officers and four other civilians were injured.", "wounded", 9,
     "Five more officers and four other civilians were injured"),
    ("Six civilians, including two children, and five militiamen were killed.", "killed", 11,
     "Six civilians, including two children, and five militiamen were killed"),
    # a clause is no group, and a casualty word ends the list
    ("Three people were shot, one man killed.", "killed", 1, "one man killed"),
    ("One dead, six injured in shooting at the park.", "wounded", 6, "six injured"),
])
def test_groups_listed_before_a_figure_add_up(text, kind, value, evidence):
    ex = triangulate.extract("Title\n\n" + text)
    claims = [c for c in ex.main.claims if c.kind == kind]
    assert (claims[0].value, claims[0].evidence.text) == (value, evidence)


@pytest.mark.parametrize("text", [
    "The man, identified as John Smith, 27 has died of his injuries.",  # an age
    "Three adults were charged in connection with the Nov. 20 shooting death of a teen.",  # a day
    "A 17 year-old girl was wounded after a shooting on Sunday.",  # an age
])
def test_ages_and_days_are_no_counts(text):
    ex = triangulate.extract("Title\n\n" + text)
    assert all(c.value in (None, 1) for c in ex.main.claims), [(c.value, c.evidence.text) for c in ex.main.claims]


def test_a_plural_figure_with_its_verb_still_counts():
    ex = triangulate.extract("Title\n\nAt least 20 were killed on Monday and 3 have died since.")
    assert [c.value for c in ex.main.claims if c.kind == "killed"] == [20, 3]


def test_shots_fired_are_no_victims():
    ex = triangulate.extract("Title\n\nMen exited a vehicle just before more than a dozen shots were fired.The man fatally "
                             "shot has been identified as Dearn Marcano.")
    assert [c.value for c in ex.main.claims if c.kind == "killed"] == [1]


def test_a_parents_children_are_no_toll():
    ex = triangulate.extract("Family of Father of 4 Killed in Shooting Speaks Out\n\nThe family spoke out on Monday.")
    assert all(c.value != 4 for c in ex.main.claims)


def test_a_relational_noun_after_and_is_an_apposition():
    ex = triangulate.extract("Title\n\nPolice investigate the killing of a 14-year-old boy, and son of a police officer.")
    assert [c.value for c in ex.main.claims if c.kind == "killed"] == [1]
