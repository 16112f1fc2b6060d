"""Reports of one incident in different languages join one incident: places, dates, tolls and
means are language-neutral once read (the lead words are not, and are not needed)."""

from __future__ import annotations

import json
from pathlib import Path

from triangulate.store.ledger import Ledger

# written for this test: one missile strike reported in four languages, one shelling in two
REPORTS = [
    {"id": "en1", "outlet": "Reuters", "published": "2024-03-13", "title": "Missile strike kills 12 in Kharkiv", "text": "KHARKIV, Ukraine (Reuters) - A Russian missile strike on the centre of Kharkiv killed at least 12 people and wounded 30 on Tuesday, the regional governor said. Rescue teams were still searching the rubble of a five-storey apartment building late on Tuesday."},
    {"id": "ru1", "outlet": "example-ru", "published": "2024-03-13", "language": "ru", "title": "Удар по Харькову: погибли 12 человек", "text": "В результате ракетного удара по центру Харькова во вторник погибли не менее 12 человек, еще 30 получили ранения, сообщил губернатор области. Спасатели продолжают разбирать завалы пятиэтажного жилого дома."},
    {"id": "uk1", "outlet": "example-ua", "published": "2024-03-12", "language": "uk", "title": "Ракетний удар по Харкову", "text": "Унаслідок ракетного удару по центру Харкова сьогодні загинули щонайменше 11 людей, ще 28 отримали поранення, повідомив голова обласної військової адміністрації. Рятувальники розбирають завали п'ятиповерхового будинку."},
    {"id": "fr1", "outlet": "example-fr", "published": "2024-03-13", "title": "Ukraine: 12 morts dans une frappe sur Kharkiv", "text": "Au moins 12 personnes ont été tuées et 30 blessées mardi dans une frappe de missile russe sur le centre de Kharkiv, dans l'est de l'Ukraine, selon le gouverneur de la région."},
    {"id": "ar2", "outlet": "example-ar", "published": "2024-03-13", "title": "مقتل 7 في قصف على إدلب", "text": "قتل سبعة مدنيين بينهم طفلان وأصيب 15 آخرون يوم الثلاثاء في قصف مدفعي على مدينة إدلب شمال غرب سوريا، بحسب الدفاع المدني."},
    {"id": "es2", "outlet": "example-es", "published": "2024-03-13", "title": "Siete civiles muertos en Idlib", "text": "Siete civiles, entre ellos dos niños, murieron el martes en un bombardeo de artillería contra la ciudad siria de Idlib, según la Defensa Civil. Otras 15 personas resultaron heridas."},
]


def test_reports_in_five_languages_form_two_incidents(tmp_path: Path) -> None:
    source = tmp_path / "reports.jsonl"
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in REPORTS), encoding="utf-8")
    ledger = Ledger(tmp_path / "ledger.db")
    ledger.ingest([source])
    languages = {r["source"].split("#")[1]: r["language"] for r in ledger.db.query("SELECT source, language FROM documents")}
    assert languages == {"en1": "en", "ru1": "ru", "uk1": "uk", "fr1": "fr", "ar2": "ar", "es2": "es"}
    members: dict[str, set[str]] = {}
    for r in ledger.db.query(
            "SELECT d.source, l.incident_id FROM reports r JOIN documents d ON d.id = r.document_id"
            " JOIN report_links l ON l.report_id = r.id WHERE r.main = 1"):
        members.setdefault(r["incident_id"], set()).add(r["source"].split("#")[1])
    assert sorted(map(sorted, members.values())) == [["ar2", "es2"], ["en1", "fr1", "ru1", "uk1"]]
    rows = {r["place_name"]: r for r in ledger.db.query("SELECT * FROM incidents")}
    assert (rows["Kharkiv"]["killed_low"], rows["Kharkiv"]["killed_best"]) == (11, 12)
    assert (rows["Idlib"]["killed_best"], rows["Idlib"]["wounded_best"]) == (7, 15)
