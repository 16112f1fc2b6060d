"""Linking: pair features, candidates, the pair model and average-link clustering."""

import datetime as dt
import json
from pathlib import Path

import pytest

from triangulate.link.features import Corpus, ReportKey, pair_features
from triangulate.link.incidents import _average_link, candidate_pairs, group, model, probability

GVA = Path(__file__).resolve().parents[3] / "shared" / "data" / "gva"


def _key(rid: str, day: int, lead: str, *, admin1: str = "Ohio", doc: str | None = None, toll: int | None = 1,
         outlet: str = "a.com") -> ReportKey:
    date = dt.date(2016, 5, 1) + dt.timedelta(days=day)
    return ReportKey(rid, doc or rid, date, "US", admin1, None, None, None, "shooting", None, None, toll,
                     frozenset(), date, lead=lead, outlet=outlet, dated=True)


LEAD_A = "Jamal Weaver, 19, was shot and killed on Vine Street in Toledo on Friday, police said."
LEAD_B = "Police identified the man killed on Vine Street as Jamal Weaver, 19, of Toledo."
LEAD_C = "A woman was wounded in a drive-by shooting on Maple Avenue in Columbus on Friday night."


def test_shared_rare_names_and_streets_are_features():
    a, b, c = _key("a", 0, LEAD_A), _key("b", 1, LEAD_B, outlet="b.com"), _key("c", 0, LEAD_C)
    corpus = Corpus([a, b, c])
    f_ab, f_ac = pair_features(a, b, corpus), pair_features(a, c, corpus)
    assert f_ab["shared_names"] > 0 and f_ab["same_street"] == 1.0
    assert f_ac["shared_names"] == 0 and f_ab["lead_cosine"] > f_ac["lead_cosine"]
    assert probability(f_ab) > 0.5 > probability(f_ac)


def test_a_rare_name_makes_a_candidate_weeks_later_and_elsewhere():
    a = _key("a", 0, LEAD_A)
    later = _key("b", 60, "Jamal Weaver's killer was sentenced on Tuesday in a Lucas County court.",
                 admin1=None, outlet="b.com")  # type: ignore[arg-type]
    keys = [a, later] + [_key(f"x{i}", 100 + 10 * i, f"Unrelated story number {i} about a dog show.") for i in range(5)]
    assert (0, 1) in candidate_pairs(keys, Corpus(keys))


def test_a_block_pair_far_apart_is_a_candidate_only_when_a_name_says_so():
    import dataclasses

    def at(k: ReportKey, geonameid: int | None, lat: float, lon: float) -> ReportKey:
        return dataclasses.replace(k, geonameid=geonameid, lat=lat, lon=lon)

    toledo = at(_key("a", 0, "A man was wounded in a shooting downtown on Friday night."), 5174035, 41.66, -83.56)
    sylvania = at(_key("b", 1, "Two people were hurt when gunfire broke out at a party.", outlet="b.com"),
                  5173930, 41.72, -83.71)  # 14 km away
    cincinnati = at(_key("c", 1, "A teenager was injured by a stray bullet near a school.", outlet="c.com"),
                    4508722, 39.10, -84.51)  # 296 km away
    ohio = _key("d", 2, "Police are looking for a gunman after a shooting on a highway.", outlet="d.com")  # no town
    keys = [toledo, sylvania, cincinnati, ohio]
    pairs = candidate_pairs(keys, Corpus(keys))
    assert (0, 1) in pairs and (1, 2) not in pairs and (0, 2) not in pairs  # one division, three days, far apart
    assert {(0, 3), (1, 3), (2, 3)} <= pairs  # a report placed only in the division may be any of its towns
    named = [toledo, at(_key("e", 1, LEAD_B, outlet="e.com"), 4508722, 39.10, -84.51),
             at(_key("f", 0, LEAD_A), 5174035, 41.66, -83.56)]
    assert (1, 2) in candidate_pairs(named, Corpus(named))  # far apart, but the same victim's name


def test_one_strong_link_does_not_chain_two_incidents():
    # a-b and c-d are sure pairs; b-c one weak bridge: single link would join all four
    keys = [_key(x, 0, "") for x in "abcd"]
    prob = {(0, 1): 0.95, (2, 3): 0.95, (1, 2): 0.6}
    groups = sorted(sorted(g) for g in _average_link(keys, prob, 0.5))
    assert groups == [[0, 1], [2, 3]]


def test_a_pair_never_compared_weighs_less_than_a_low_score():
    # a story told for months: the first report and the trial report share no key (never compared)
    keys = [_key(x, 0, "") for x in "abc"]
    groups = sorted(sorted(g) for g in _average_link(keys, {(0, 1): 0.8, (1, 2): 0.8}, 0.45))
    assert groups == [[0, 1, 2]]
    # compared and scored low, the same pair keeps the third report out
    groups = sorted(sorted(g) for g in _average_link(keys, {(0, 1): 0.8, (1, 2): 0.8, (0, 2): 0.05}, 0.45))
    assert groups == [[0, 1], [2]]


def test_an_undated_report_does_not_bridge_incidents_years_apart():
    # a 2015 strike, an undated scraped page like both, a 2017 strike: the two dated reports were never
    # compared (no candidate rule reaches two years), so the undated page joins one of them, not both
    keys = [_key("a", 0, ""), _key("b", 0, ""), _key("c", 700, "")]
    keys[1].date = keys[1].published = None
    prob = {(0, 1): 0.99, (1, 2): 0.98}
    assert sorted(sorted(g) for g in _average_link(keys, prob, 0.55)) == [[0, 1], [2]]
    # within reach of each other (thirty days), the same pairs make one incident, as before
    keys[2] = _key("c", 30, "")
    assert sorted(sorted(g) for g in _average_link(keys, prob, 0.55)) == [[0, 1, 2]]


def test_two_reports_of_one_document_never_share_an_incident():
    keys = [_key("a", 0, LEAD_A, doc="d"), _key("b", 0, LEAD_A, doc="d")]
    grouping = group(keys)
    assert grouping["a"] != grouping["b"]


def test_every_link_is_explained():
    a, b = _key("a", 0, LEAD_A), _key("b", 1, LEAD_B, outlet="b.com")
    grouping = group([a, b, _key("c", 0, LEAD_C)])
    assert grouping["a"] == grouping["b"] != grouping["c"]
    link = grouping.links["b"]
    assert link.other == "a" and 0.5 < link.probability <= 1
    assert any("rare names" in why or "opening words" in why for why in link.because)


def test_similar_leads_are_candidates_across_blocks_in_the_window_not_weeks_apart_without_a_name():
    lead = ("Gunmen opened fire on a family gathering in Dayton, killing a grandmother and wounding her "
            "two grandsons at the reunion, police said on Sunday.")
    retold = ("Dayton police said gunmen opened fire on a family gathering, killing a grandmother and wounding "
              "her two grandsons at the reunion.")
    others = [_key(f"x{i}", 200 + 9 * i, f"Council story {i}: the budget vote on parks and roads was delayed.")
              for i in range(6)]
    first = _key("a", 0, lead)
    # two days later, read in another division: no block in common, the lead band proposes the pair
    elsewhere = _key("b", 2, retold, admin1="Indiana", outlet="b.com")
    keys = [first, elsewhere, *others]
    assert (0, 1) in candidate_pairs(keys, Corpus(keys))
    # thirty days later with no name in common: a template retold, no candidate (BAND_WINDOW_DAYS)
    weeks = _key("b", 30, retold, admin1="Indiana", outlet="b.com")
    keys = [first, weeks, *others]
    assert (0, 1) not in candidate_pairs(keys, Corpus(keys))
    # ... but a rare name or street in common makes one months later (an arrest, a trial)
    named = [_key("a", 0, lead.replace("in Dayton", "on Elm Street in Dayton")),
             _key("b", 30, retold.replace("gathering,", "gathering on Elm Street,"), admin1="Indiana", outlet="b.com")]
    keys = [*named, *others]
    assert (0, 1) in candidate_pairs(keys, Corpus(keys))
    # no date and no shared name or street: lead words alone make no candidate
    undated = [ReportKey(r.id, r.document_id, None, "US", r.admin1, None, None, None, None, None, None, None,
                         frozenset(), None, lead=r.lead) for r in (first, elsewhere)]
    keys = [*undated, *others]
    assert (0, 1) not in candidate_pairs(keys, Corpus(keys))


@pytest.mark.skipif(not GVA.exists(), reason="shared/data/gva not present")
def test_gva_dev_through_the_ledger(tmp_path):
    import sqlite3

    from triangulate.evaluate.gva import evaluate_gva

    db = tmp_path / "gva.db"
    out = evaluate_gva(GVA, db=str(db), n_process=2)
    with sqlite3.connect(db) as conn:  # every reconciled triple ordered, in the GVA ledger too
        rows = conn.execute("SELECT killed_low, killed_best, killed_high, wounded_low, wounded_best, wounded_high"
                            " FROM incidents").fetchall()
        # reasons are kept for the pairs that can be a report's strongest link (at or above the threshold):
        # every report of an incident of several has such a link to another member, with its reasons
        threshold = model()["threshold"]
        kept = conn.execute("SELECT p >= ?, because IS NOT NULL, COUNT(*) FROM link_pairs GROUP BY 1, 2",
                            (threshold,)).fetchall()
        strongest = conn.execute(
            "SELECT l.report_id, MAX(p.p), MIN(p.because IS NOT NULL) FROM report_links l"
            " JOIN report_links o ON o.incident_id = l.incident_id AND o.report_id != l.report_id"
            " JOIN link_pairs p ON (p.a = l.report_id AND p.b = o.report_id) OR (p.b = l.report_id AND p.a = o.report_id)"
            " WHERE p.p >= ? GROUP BY l.report_id", (threshold,)).fetchall()
        in_shared = conn.execute("SELECT COUNT(*) FROM report_links l JOIN incidents i ON i.id = l.incident_id"
                                 " WHERE i.n_reports > 1").fetchone()[0]
    assert {(strong, has) for strong, has, _ in kept} == {(0, 0), (1, 1)}
    assert in_shared > 500 and len(strongest) == in_shared and all(has for _, _, has in strongest)
    assert len(rows) > 1000
    for figures in rows:
        for low, best, high in (figures[:3], figures[3:]):
            assert low is None or low <= best <= high
    link, base = out["linking"], out["baselines"]
    assert link["bcubed"]["f1"] >= 0.92 > base["every_article_alone"]["bcubed"]["f1"]
    assert link["pairwise"]["precision"] >= 0.90 and link["pairwise"]["f1"] >= 0.78
    assert out["per_article"]["killed_exact"] >= 0.77
    assert out["per_incident"]["admin1_match"] >= 0.86


def _row(rid: str, doc: str, admin1: str, name: str, *, country: str = "US", precision: str = "city") -> dict:
    record = {"place": {"name": name, "evidence": {"start": 0, "end": len(name), "text": name}}}
    return {"id": rid, "document_id": doc, "main": 1, "country": country, "admin1": admin1, "geonameid": 1,
            "lat": 0.0, "lon": 0.0, "place_name": name, "place_precision": precision, "record": json.dumps(record)}


def test_an_outlets_home_region_settles_an_ambiguous_name():
    from triangulate.link.outlet_regions import reread_places

    docs = {f"d{i}": {"outlet": "macon-tv.example", "text": ""} for i in range(10)}
    docs["n0"] = {"outlet": "national.example", "text": ""}
    rows = [_row(f"r{i}", f"d{i}", "Georgia", "Macon") for i in range(8)]
    rows.append(_row("r8", "d8", "New York", "Rome"))  # the station's Rome is Rome, Georgia
    rows.append(_row("r9", "d9", "Ohio", "Columbus"))  # Georgia has a Columbus too, but the text names Ohio
    rows.append(_row("n", "n0", "New York", "Rome"))  # an outlet with no home region changes nothing
    docs["d9"]["text"] = "Columbus, Ohio"
    rows[9]["record"] = json.dumps({"place": {"evidence": {"start": 0, "end": 8, "text": "Columbus"}}})
    reread_places(rows, docs)
    assert (rows[8]["admin1"], rows[8]["place_name"]) == ("Georgia", "Rome")
    assert rows[9]["admin1"] == "Ohio"
    assert rows[10]["admin1"] == "New York"


def test_a_name_known_only_far_away_is_read_in_the_outlets_home_region():
    from triangulate.link.outlet_regions import reread_places

    docs = {f"d{i}": {"outlet": "chicago-tv.example", "text": ""} for i in range(6)}
    rows = [_row(f"r{i}", f"d{i}", "Illinois", "Chicago") for i in range(3)]
    rows.append(_row("r3", "d3", "Texas", "Austin"))  # Chicago's Austin neighbourhood, no namesake in Illinois
    rows.append(_row("r4", "d4", "California", "Lawndale"))
    rows.append(_row("r5", "d5", "Texas", "Austin", precision="admin1"))  # a division the text named stands
    reread_places(rows, docs)  # 3 of 6 placed reports in Illinois: half, its home region
    assert [(r["admin1"], r["place_precision"], r["geonameid"]) for r in rows[3:5]] == [
        ("Illinois", "admin1", None), ("Illinois", "admin1", None)]
    assert rows[3]["place_name"] == "Austin (Illinois)" and rows[3]["lat"] != 0.0  # the division's point
    assert rows[5]["admin1"] == "Texas"


def test_a_division_abroad_named_like_a_local_area_is_read_in_the_home_region():
    from triangulate.link.outlet_regions import reread_places

    docs = {f"d{i}": {"outlet": "kc-tv.example", "text": ""} for i in range(4)}
    rows = [_row(f"r{i}", f"d{i}", "Missouri", "Kansas City") for i in range(3)]
    rows.append(_row("r3", "d3", "Northland", "Northland", country="NZ", precision="admin1"))
    reread_places(rows, docs)  # Kansas City's Northland, not New Zealand's region
    assert (rows[3]["country"], rows[3]["admin1"], rows[3]["place_precision"]) == ("US", "Missouri", "admin1")


def test_a_city_named_like_its_own_division_is_no_neighbourhood_of_the_home():
    from triangulate.link.outlet_regions import reread_places

    docs = {f"d{i}": {"outlet": "national-sy.example", "text": ""} for i in range(5)}
    rows = [_row(f"r{i}", f"d{i}", "Aleppo", "Aleppo", country="SY") for i in range(3)]
    rows.append(_row("r3", "d3", "Deir ez-Zor", "Deir Ezzor", country="SY"))
    rows.append(_row("r4", "d4", "Al-Hasakah", "Hasaka", country="SY"))
    reread_places(rows, docs)
    assert [r["admin1"] for r in rows[3:]] == ["Deir ez-Zor", "Al-Hasakah"]


def test_an_outlets_house_template_weighs_less_between_its_own_reports():
    template = "terrorist organizations fired rocket shells on residential neighborhoods in {city} killing {n} citizens"
    cities = ["Aleppo", "Homs", "Hama", "Latakia", "Tartus", "Douma", "Daraa", "Idlib", "Raqqa", "Palmyra"] * 3
    own = [_key(f"s{i}", 0, template.format(city=c, n=i + 2), outlet="sana") for i, c in enumerate(cities)]
    other = [_key(f"o{i}", 0, f"Unrelated report {i} about a football match in Paris", outlet="afp") for i in range(10)]
    corpus = Corpus(own + other)
    plain = Corpus([*[_key(k.id, 0, k.lead, outlet=f"x{i}") for i, k in enumerate(own)], *other])
    a, b = own[0], own[1]
    same_outlet = corpus.cosine(a, b)
    as_strangers = plain.cosine(_key("s0", 0, a.lead, outlet="x0"), _key("s1", 0, b.lead, outlet="x1"))
    assert same_outlet < as_strangers


def test_a_town_both_reports_name_is_no_shared_name():
    from triangulate.link.features import Corpus, pair_features

    a = _key("a", 0, "Police said Quinton Dgoins was shot in Pine Hills on Sunday night near a park.")
    b = _key("b", 0, "A teenager was shot in Pine Hills on Monday, police said, near a store.", outlet="b.com")
    c = _key("c", 0, "Quinton Dgoins was shot and killed near a park, his family said on Monday.", outlet="c.com")
    corpus = Corpus([a, b, c])
    assert "pine hills" in a.names & b.names
    assert pair_features(a, b, corpus)["shared_names"] == 0.0
    assert pair_features(a, c, corpus)["shared_names"] > 0.0
