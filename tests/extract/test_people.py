"""Victims counted from prose: each count keeps its span and says how it was counted."""

from typing import NamedTuple

import pytest

import triangulate
from triangulate.extract.people import find_counted
from triangulate.extract.tolls import lead_toll
from triangulate.model import Span


def _counts(text: str) -> list[tuple[int, str, str]]:
    return [(m.number.value, m.victims, text[m.start:m.end]) for m in find_counted(text, Span(0, len(text)))]


class _Lead(NamedTuple):
    total: int
    perpetrator: int
    evidence: str | None  # the span of the claim the toll was read from


def _lead_killed(document: str) -> _Lead:
    """The killed toll of a document's main report, as a user reads it."""
    ex = triangulate.extract(document)
    toll = lead_toll(ex.main, "killed")
    return _Lead(toll.total, toll.perpetrator, ex.main.claims[toll.claims[0]].evidence.text if toll.claims else None)


@pytest.mark.parametrize("text, value, span", [
    ("A man was shot and killed Saturday night.", 1, "A man was shot and killed"),
    ("A 13-year-old boy was killed in the shooting.", 1, "A 13-year-old boy was killed"),
    ("A child was killed in the shelling.", 1, "A child was killed"),
    ("The victim died at the hospital.", 1, "The victim died"),
    ("John Smith, 25, was shot and killed.", 1, "John Smith, 25, was shot and killed"),
    ("A mother and her three children were killed.", 4, "A mother and her three children were killed"),
    ("a couple was found shot to death", 2, "a couple was found shot to death"),
    ("He killed his wife and two daughters.", 3, "killed his wife and two daughters"),
    ("Teen killed in hunting accident.", 1, "Teen killed"),
])
def test_victims_counted_from_person_phrases(text, value, span):
    assert _counts(text)[0][0] == value
    assert _counts(text)[0][2] == span


def test_the_perpetrators_own_death_is_counted_apart():
    text = "He killed his wife and two daughters before turning the gun on himself."
    found = _counts(text)
    assert found[0][:2] == (3, "civilians")
    assert found[1] == (1, "perpetrator", "turning the gun on himself")


def test_a_report_keeps_victims_and_perpetrator_deaths_apart():
    ex = triangulate.extract("Title\n\nA father killed his wife and two daughters before turning the gun on himself.")
    toll = lead_toll(ex.main, "killed")
    assert (toll.total, toll.perpetrator) == (3, 1)
    claim = ex.main.claims[0]
    assert claim.counted == "wife 1 + daughters 2"
    assert ex.document.text[claim.evidence.start:claim.evidence.end] == claim.evidence.text


def test_the_killer_in_a_passive_sentence_is_not_counted():
    # "he" died; the man is the killer, not a second victim
    assert [c[0] for c in _counts("He was killed by a man in a car.")] == [1]


@pytest.mark.parametrize("text, value, span", [
    ("Paramedics said he died at the scene.", 1, "he died"),
    ("James died shortly after.", 1, "James died"),
    ("Bobby McCullough was pronounced dead at 6:27 p.m.", 1, "Bobby McCullough was pronounced dead"),  # a capital inside
    ("DeShawn O'Neal died at the scene.", 1, "DeShawn O'Neal died"),
    ("Gunmen opened fire, wounding four men and killing another, police said.", 1, "killing another"),
    ("A gunman shot and killed him outside the store.", 1, "shot and killed him"),
    ("One of the wounded has died, police said.", 1, "One of the wounded has died"),
    ("She was pronounced dead at the hospital.", 1, "She was pronounced dead"),
    ("A spokesman said a 16-year-old boy was shot and died at the scene.", 1, "a 16-year-old boy was shot and died"),
])
def test_one_person_named_or_pointed_at(text, value, span):
    assert _counts(text)[0][0] == value
    assert _counts(text)[0][2] == span


@pytest.mark.parametrize("text", [
    "Among killed militants is IS military emissary Abu Turab.",  # no one person died here
    "Syrians died in the strike.",                                 # a people, not a person
    "Police were killed.",                                         # a plural verb
    "He killed his neighbour's dog.",
])
def test_a_bare_word_is_not_a_victim(text):
    assert [c for c in _counts(text) if c[2].split()[0] in ("Among", "Syrians", "Police", "He")] == []


@pytest.mark.parametrize("text", [
    "Man arrested after shooting.",
    "A 15-year-old was arrested.",
])
def test_no_death_no_count(text):
    assert [c for c in _counts(text) if c[1] != "perpetrator" and "killed" in c[2]] == []


def test_an_age_is_not_a_count():
    ex = triangulate.extract("Title\n\nA 15-year-old was killed and two others wounded.")
    killed = [c for c in ex.main.claims if c.kind == "killed"]
    assert [c.value for c in killed] == [1]


@pytest.mark.parametrize("text, value, span", [
    ("A father charged with the shooting death of his own daughter is headed to trial.", 1,
     "shooting death of his own daughter"),
    ("He is charged in the deaths of two men.", 2, "deaths of two men"),
    ("One person, a 19-year-old man, was pronounced dead at the scene.", 1,
     "One person, a 19-year-old man, was pronounced dead"),
])
def test_deaths_named_by_a_noun_or_with_an_appositive(text, value, span):
    assert _counts(text)[0][0] == value
    assert _counts(text)[0][2] == span


def test_and_then_himself_is_the_perpetrators_death():
    text = "Police say a father killed his 9-year-old daughter and then himself during a visit."
    assert [(v, kind) for v, kind, _ in _counts(text)] == [(1, "civilians"), (1, "perpetrator")]


@pytest.mark.parametrize("text, span", [
    # a wounding or a transfer, then the death, in one clause
    ("A 20-year-old man, Ali Hassan of Eastfield, was shot several times and died at a hospital.",
     "A 20-year-old man, Ali Hassan of Eastfield, was shot several times and died"),
    ("The child was taken to Northgate Hospital and later died.", "The child was taken to Northgate Hospital and later died"),
    ("A boy, 4, accidentally shot himself in the face and died on Sunday.",
     "A boy, 4, accidentally shot himself in the face and died"),
    # an adverb between the auxiliary and the death
    ("A 90-year-old man was accidentally shot to death by his stepson.", "A 90-year-old man was accidentally shot to death"),
    # a bracketed name
    ("The victim (Omar Said Jr.) died from his injuries at the hospital.", "The victim (Omar Said Jr.) died"),
    # a killing verb's object named by age and name
    ("Police said the gunfire killed 22-year-old Kareem Nasser outside the club.", "killed 22-year-old Kareem Nasser"),
    # a headline's "One killed"
    ("One killed, six injured in market shooting", "One killed"),
    # a past perfect, a relative clause after a comma, a name with its age at the sentence's end
    ("Police this morning said the girl had died.", "the girl had died"),
    ("The gun went off, striking Anderson, who died at the scene.", "Anderson, who died"),
    ("A man was arrested in connection with the murder of Brennon Clay, 15.", "murder of Brennon Clay, 15"),
    # one person named twice, by commas alone: an apposition, not a list of two
    ("The gunman killed his daughter, Akira Waters, 16, on Friday.", "killed his daughter"),
    ("Rose, a 6-year-old girl was fatally shot on Friday.", "a 6-year-old girl was fatally shot"),
    # the wounding in a relative clause, a "but" before the death
    ("The 16-year-old boy who was shot was pronounced dead at the scene.",
     "The 16-year-old boy who was shot was pronounced dead"),
    ("He was taken to an area hospital but died from his injuries.", "He was taken to an area hospital but died"),
    # an object, then "dead"
    ("The shooting left 27-year-old Brandon Lane dead.", "left 27-year-old Brandon Lane dead"),
    ("Fire crews pronounced the victim dead at the scene.", "pronounced the victim dead"),
    # a headline's bare noun after a capitalised word, which is no person's name
    ("Local teen shot to death in park; girl in custody", "Local teen shot to death"),
    # "is dead", "clinically dead", an age in months
    ("A teenager is dead after a shooting on Friday.", "A teenager is dead"),
    ("He was pronounced clinically dead at the hospital.", "He was pronounced clinically dead"),
    ("A man was charged in the shooting death of 13-month-old Bill Thao.", "shooting death of 13-month-old Bill Thao"),
    # the wounding, a comma, then the death; a wounding in a participle clause, then the death
    ("The 19-year-old was accidentally shot in the forehead, and was later pronounced dead.",
     "The 19-year-old was accidentally shot in the forehead, and was later pronounced dead"),
    ("A teen shot in the head Saturday has died.", "A teen shot in the head Saturday has died"),
    ("A soldier wounded in the shelling died on Tuesday.", "A soldier wounded in the shelling died"),
])
def test_one_death_read_through_the_clause_that_tells_it(text, span):
    assert [(v, s) for v, _, s in _counts(text)] == [(1, span)]


@pytest.mark.parametrize("text, value", [
    ("Hamid Abu Aoun (36 years old) was killed along with his three children in an airstrike on his home.", 4),
    ("A man was killed together with his wife and two sons.", 4),
    ("A man was killed with a knife.", 1),  # a weapon, not a person
])
def test_those_killed_with_the_subject_are_counted(text, value):
    assert [v for v, _, _ in _counts(text)] == [value]


@pytest.mark.parametrize("text, killed, wounded", [
    ("A soldier wounded in the shelling died on Tuesday.", 1, 0),  # one death, not a wounded soldier too
    ("A soldier who was wounded in the shelling has died.", 1, 0),
    ("A man shot in the chest Friday is in critical condition.", 0, 1),  # hit, alive: no death read past it
    ("A man shot his wife and killed himself.", 0, 0),  # no death of "a man" through a participle: his own hand
])
def test_a_wounding_in_a_participle_clause_then_the_death(text, killed, wounded):
    ex = triangulate.extract("Report\n\n" + text)
    assert (lead_toll(ex.main, "killed").total, lead_toll(ex.main, "wounded").total) == (killed, wounded)


def test_who_killed_is_not_who_died():
    ex = triangulate.extract("Shooting\n\nTwo police officers who shot and killed a homeowner returned to work Tuesday.")
    assert lead_killed_total(ex) == 1  # the homeowner, not the two officers
    ex = triangulate.extract("Shooting\n\nA 3-year-old who fatally shot herself in Lemoore was identified.")
    toll = lead_toll(ex.main, "killed")
    assert toll.total + toll.perpetrator == 1  # one death, whichever way it is counted


def lead_killed_total(ex) -> int:
    return lead_toll(ex.main, "killed").total


@pytest.mark.parametrize("text", [
    "No one was killed in the attack.",
    "A man was shot in the leg and taken to hospital, where he is in stable condition.",
    "A man was arrested after his wife was shot and died.",  # she died, not he
    "The man, who had been shot twice, is in stable condition.",
    "The man who was shot in the arm is expected to survive.",
    "The blast left the town dead quiet.",
    "The mayor is dead serious about it.",
])
def test_no_death_read_across_clauses(text):
    deaths = [m for m in find_counted(text, Span(0, len(text))) if m.kind == "killed"]
    assert [m.number.value for m in deaths if text[m.start:m.end].lower().startswith(("a man", "no one", "one"))] == []


@pytest.mark.parametrize("text, value", [
    ("Police investigate an early morning double homicide on the east side", 2),
    ("Teen sentenced to 172 years in prison for quadruple murders", 4),
    ("Police investigate an apparent double murder-suicide", 2),   # the victims; the shooter apart
    ("Police said it was a murder-suicide.", 1),
])
def test_victims_counted_by_a_noun(text, value):
    ex = triangulate.extract(text, published="2016-05-01")
    assert lead_toll(ex.main, "killed").total == value


def test_murder_alone_counts_nobody():
    ex = triangulate.extract("He was charged with murder on Friday.", published="2016-05-01")
    assert ex.main is None or lead_toll(ex.main, "killed").total == 0


@pytest.mark.parametrize("text, killed, perpetrator", [
    # the subject of an active killing verb is the agent, even when the prose counts its object
    ("Title\n\nA man killed his wife and two daughters before killing himself.", 3, 1),
    ("Title\n\nA man killed his wife before turning the gun on himself, police said.", 1, 1),
    # an own-hand act that caused the death just told is that death, not a second one
    ("Title\n\nA 14-year-old boy died after it appeared he accidentally shot himself in the head on Saturday.", 1, 0),
    ("Title\n\nPolice say a 3-year-old boy has died after he apparently shot himself in the head at a home.", 1, 0),
])
def test_agent_and_own_hand_are_not_extra_victims(text, killed, perpetrator):
    lead = _lead_killed(text)
    assert (lead.total, lead.perpetrator) == (killed, perpetrator)


@pytest.mark.parametrize("text", [
    "Police arrived at the scene of the shooting. \"It was scary,\" said a resident who lives nearby.",
    "Javon Pence, 13, and four other friends were visiting a teen who lives at 804 West Patterson Avenue.",
])
def test_the_verb_lives_counts_no_one(text):
    assert _lead_killed("Title\n\n" + text).evidence is None  # no claim the toll was read from


@pytest.mark.parametrize("text, value", [
    ("The blast claimed the lives of 12 people.", 12),
    ("The airstrike claimed 20 lives.", 20),
    ("Seven civilians lost their lives in the shelling.", 7),
])
def test_the_noun_lives_still_counts(text, value):
    assert _lead_killed("Title\n\n" + text).total == value


def test_the_lives_of_after_a_participle_still_counts():
    text = "Title\n\nAircraft committed a new massacre claiming the lives of more than ten persons in an airstrike."
    assert _lead_killed(text).total == 10


@pytest.mark.parametrize("text, killed, perpetrator, evidence", [
    # the toll holds the perpetrator: its victims and the perpetrator, as a report that tells them apart
    ("Police: 5 dead, including gunman, in Georgia shooting\n\nA man shot six people, killing four of them, "
     "before turning the gun on himself.", 4, 1, "killing four"),
    ("Theater\n\nThe updated count from the theater shooting: 3 dead, including the shooter.", 2, 1,
     "3 dead, including the shooter"),
    ("Title\n\nFour people, including the suspected gunman, were killed in the shooting on Sunday.", 3, 1,
     "Four people, including the suspected gunman, were killed"),
    # the suspect's relative is a victim, not the suspect
    ("Title\n\nTwo people, including the suspect's mother, were killed on Sunday.", 2, 0,
     "Two people, including the suspect's mother, were killed"),
])
def test_a_toll_including_the_perpetrator(text, killed, perpetrator, evidence):
    assert _lead_killed(text) == (killed, perpetrator, evidence)


def test_accident_words_just_after_a_self_shooting_make_it_an_accident():
    text = "A 3-year-old boy fatally shot himself in the head while playing with his father's gun early Thursday."
    assert not [c for c in _counts(text) if c[1] == "perpetrator"]
    assert [c[1] for c in _counts("The gunman shot himself in the head, police said.")] == ["perpetrator"]


def test_an_accidental_self_shooting_is_no_perpetrators_death():
    ex = triangulate.extract("Title\n\nA 10-year-old boy died Friday, hours after he had accidentally shot himself in the head.")
    assert (lead_toll(ex.main, "killed").total, lead_toll(ex.main, "killed").perpetrator) == (1, 0)


@pytest.mark.parametrize("text, killed, evidence", [
    # a short place phrase between the victims and their verb
    ("Two people inside the house were killed on Sunday.", 2, "Two people inside the house were killed"),
    ("Three civilians in the village of Kafr Nabl were killed in the airstrike.", 3,
     "Three civilians in the village of Kafr Nabl were killed"),
    ("A man in his 20s was shot and killed early Sunday.", 1, "A man in his 20s was shot and killed"),
    ("Both men inside the car were killed, and three others were injured.", 2, "Both men inside the car were killed"),
    # never across a sentence's end, and only right after the victims
    ("A gas barrel was dropped, killing four and leaving many more suffering from breathing problems. Tags Syria "
     "At least four people were killed.", 4, "killing four"),
    # killing verbs: a life claimed, a mortal wound
    ("An accident with a firearm claimed the life of 4-year-old Summer Miller on June 27.", 1,
     "claimed the life of 4-year-old Summer Miller"),
    ("The gunman fatally wounded a guard and fled.", 1, "fatally wounded a guard"),
])
def test_victims_with_a_place_phrase_and_more_killing_verbs(text, killed, evidence):
    lead = _lead_killed("Title\n\n" + text)
    assert (lead.total, lead.evidence) == (killed, evidence)


@pytest.mark.parametrize("text, evidence", [
    # an age written in words, with spaces, or in months stands for the person
    ("A three-year-old died early Monday morning hours after police say he found a gun.", "A three-year-old died"),
    ("Police confirm an 18-month old is dead after an apparent shooting on Friday.", "an 18-month old is dead"),
    ("A 2 year old was shot and killed.", "A 2 year old was shot and killed"),
])
def test_an_age_in_words_is_one_person(text, evidence):
    lead = _lead_killed("Title\n\n" + text)
    assert (lead.total, lead.evidence) == (1, evidence)


@pytest.mark.parametrize("text, evidence", [
    ("The gunman killed a guard and then fatally shot himself.", "fatally shot himself"),
    ("The suspect killed a deputy, the incident ending with the suspect dying from a self-inflicted gunshot wound.",
     "dying from a self-inflicted"),
])
def test_more_ways_of_saying_the_perpetrator_died_by_own_hand(text, evidence):
    ex = triangulate.extract("Title\n\n" + text)
    assert lead_toll(ex.main, "killed").perpetrator == 1
    assert any(c.victims == "perpetrator" and c.evidence.text == evidence for c in ex.main.claims)


@pytest.mark.parametrize("text, killed, perpetrator", [
    # a murder-suicide names its victim and the perpetrator's death
    ("Police say it was a murder-suicide. Officers found the girl dead.", 1, 1),
    # a toll in a murder-suicide holds the perpetrator, in the headline as in the body
    ("Four people were found dead in an apparent murder-suicide on Sunday.", 3, 1),
    ("Neighbors are shaken after a soldier and his 11-year-old daughter were found dead outside their home in an "
     "apparent murder-suicide.", 1, 1),
    ("Three people found dead in a McLean home were the result of a murder suicide, police said.", 2, 1),
    ("The three deaths were ruled a murder-suicide by the medical examiner.", 2, 1),
    # denied, it names no one's suicide
    ("Two boys and two adults were found slain. Police do not believe it was a murder-suicide.", 4, 0),
])
def test_murder_suicide_counts_the_perpetrator_once(text, killed, perpetrator):
    lead = _lead_killed("Title\n\n" + text)
    assert (lead.total, lead.perpetrator) == (killed, perpetrator)


def test_a_headline_toll_in_a_murder_suicide_holds_the_perpetrator_in_the_body_too():
    ex = triangulate.extract("4 people dead in apparent murder-suicide in Killeen\n\nFour people are dead and another "
                             "is fighting for her life after a shooting. The shooter died from a self-inflicted wound.")
    toll = lead_toll(ex.main, "killed")
    assert (toll.total, toll.perpetrator) == (3, 1)


@pytest.mark.parametrize("text, killed, perpetrator, evidence", [
    # a shared determiner: "his wife, son and daughter" are three
    ("Investigators say a man shot and killed his wife, son and daughter before killing himself.", 3, 1,
     "shot and killed his wife, son and daughter"),
    ("A man fatally shot a woman and girl then killed himself.", 2, 1, "fatally shot a woman and girl"),
    # one who shot himself is the perpetrator, not a victim
    ("The teen panicked when his gun struck a friend, then the 17-year-old fatally shot himself.", 0, 1,
     "fatally shot himself"),
])
def test_shared_determiners_and_reflexive_objects(text, killed, perpetrator, evidence):
    ex = triangulate.extract("Title\n\n" + text)
    toll = lead_toll(ex.main, "killed")
    assert (toll.total, toll.perpetrator) == (killed, perpetrator)
    assert evidence in [c.evidence.text for c in ex.main.claims]


@pytest.mark.parametrize("text, killed", [
    ("Two children, ages 3 and 5, and their mother have been found dead.", 3),
    ("John Smith, 25, and his brother, 30, were killed.", 2),
    ("His daughter, Akira Waters, 16, was killed.", 1),
])
def test_an_appositive_between_list_members(text, killed):
    assert _lead_killed("Title\n\n" + text).total == killed


@pytest.mark.parametrize("text, killed, evidence", [
    # a killing noun and its victim, in a sentence with no other casualty word
    ("Robinson and Sims have been indicted for the fatal shooting of 1-year-old Braylon Robinson.", 1,
     "fatal shooting of 1-year-old Braylon Robinson"),
    ("Police say the fatal shooting of a man by a 14-year-old boy appears accidental.", 1, "fatal shooting of a man"),
    # a fatal wound is a death
    ("A teen is in custody after a shooting at a school fatally wounded one student.", 1, "fatally wounded one student"),
    ("The gunman fatally wounded two officers.", 2, "fatally wounded two officers"),
    # a fatal or mortal injury is a death
    ("Maribel Barrera was fatally injured after shots were fired around 1 a.m.", 1, "Maribel Barrera was fatally injured"),
    ("A soldier was mortally wounded in the shelling on Monday.", 1, "A soldier was mortally wounded"),
    # a killing noun and a first name and surname ("McCall": a capital inside)
    ("Two warrants were served in connection with the fatal shooting of 17-year-old Daija McCall.", 1,
     "fatal shooting of 17-year-old Daija McCall"),
    ("Police made an arrest in the fatal shooting of Daija McCall in Homewood.", 1, "fatal shooting of Daija McCall"),
    ("The killing of Qassem Soleimani in Baghdad raised tensions.", 1, "killing of Qassem Soleimani"),
    # a list after a killing noun, and what follows it after a comma alone (an apposition, the next clause)
    ("He is charged in the murders of Walesha Williams and Paris Williams, police said.", 2,
     "murders of Walesha Williams and Paris Williams"),
    ("He is charged in the murders of 25-year-old Walesha Williams and her daughter, Paris Williams.", 2,
     "murders of 25-year-old Walesha Williams and her daughter"),
    ("The shooting claimed the lives of a boy and his mother, Sheriff Rusty Hierholzer said.", 2,
     "claimed the lives of a boy and his mother"),
    # the death said right after the phrase, before anything else is said of it
    ("A 13-year-old girl who was shot and killed early Thursday morning was identified by police.", 1,
     "A 13-year-old girl who was shot and killed"),
    ("The 16-year-old boy who was shot was pronounced dead.", 1, "The 16-year-old boy who was shot was pronounced dead"),
])
def test_killing_nouns_and_fatal_wounds(text, killed, evidence):
    lead = _lead_killed("Title\n\n" + text)
    assert (lead.total, lead.evidence) == (killed, evidence)


def test_fatal_shootings_counted_over_a_year_are_no_toll():
    ex = triangulate.extract("Title\n\nThe city has seen 12 fatal shootings this year.")
    assert lead_toll(ex.main, "killed").total == 0


@pytest.mark.parametrize("text, evidence", [
    ("A Houston rapper was killed at a gas station.", "A Houston rapper was killed"),
    ("An accidental shooting killed a turkey hunter in Rock County.", "killed a turkey hunter"),
    ("An aid worker was killed in the shelling.", "An aid worker was killed"),
])
def test_an_occupation_is_one_person(text, evidence):
    lead = _lead_killed("Title\n\n" + text)
    assert (lead.total, lead.evidence) == (1, evidence)


def test_a_roundups_toll_is_no_incidents_toll():
    ex = triangulate.extract(
        "4 Killed, 53 Wounded In Weekend Shootings Across Chicago\n\nFour men were killed and at least 53 other people "
        "were wounded in shootings across Chicago between Friday and Monday. The latest homicide happened Sunday. "
        "Quinton Dgoins, 25, was shot in the back and was pronounced dead.")
    assert lead_toll(ex.main, "killed").total == 1
    assert {c.value for c in ex.main.claims if c.context} == {4, 53}


@pytest.mark.parametrize("text", ["A gunman killed three people in a shooting at a bar on Sunday.",
                                  "Three people were killed in attacks on two villages on Sunday."])
def test_one_incidents_toll_is_no_roundup(text):
    assert _lead_killed("Title\n\n" + text).total == 3


@pytest.mark.parametrize("text, killed, evidence", [
    ("Image 1 of 16 A man died Thursday morning after being shot inside a home.", 1, "A man died"),
    ("The gunman fired, killing him and grazing the boy.", 1, "killing him"),
])
def test_no_count_runs_into_the_next_phrase(text, killed, evidence):
    lead = _lead_killed("Title\n\n" + text)
    assert (lead.total, lead.evidence) == (killed, evidence)


@pytest.mark.parametrize("text, killed", [
    ("The gunmen killed five adults and an unborn child at a cookout.", 5),
    ("Five adults and an unborn baby were killed.", 5),
    ("The shooting left five people and an unborn baby dead.", 5),
])
def test_an_unborn_child_is_in_no_toll(text, killed):
    assert _lead_killed("Title\n\n" + text).total == killed


def test_the_figure_after_a_dash_is_the_toll_not_the_one_before():
    ex = triangulate.extract("Title\n\nA man shot three police officers - one fatally - on Saturday.")
    assert 3 not in [c.value for c in ex.main.claims if c.kind == "killed"]


def test_a_subset_inside_a_forward_toll_keeps_the_toll():
    ex = triangulate.extract("Title\n\nMore than 30 Nusra Front militants including three commanders were killed.")
    assert lead_toll(ex.main, "killed").total == 30


@pytest.mark.parametrize("text, killed, evidence", [
    ("A man shot and killed his ex-girlfriend's two teenage daughters, then turned the gun on himself.", 2,
     "shot and killed his ex-girlfriend's two teenage daughters"),
    ("The gunman killed the victim's mother on Sunday.", 1, "killed the victim's mother"),
])
def test_a_possessor_is_a_determiner(text, killed, evidence):
    lead = _lead_killed("Title\n\n" + text)
    assert (lead.total, lead.evidence) == (killed, evidence)


@pytest.mark.parametrize("text", [
    "The death of Aleppo as a city was mourned.",  # one capitalised word: a place, not a person
    "The fatal shooting of Detroit girl was ruled an accident.",  # one capitalised word, then no determiner
])
def test_no_person_read_after_a_killing_noun(text):
    assert _lead_killed("Title\n\n" + text).total == 0
