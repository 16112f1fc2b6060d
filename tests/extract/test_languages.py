"""Reading reports in French, Spanish, Russian, Ukrainian and Arabic: every qualifier, number form and
trap, on sentences written for these tests (no news text copied)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from triangulate.extract.lexical import find_casualties
from triangulate.extract.lexical_fields import find_dates, find_statements
from triangulate.extract.lexicon import lexicon
from triangulate.extract.pipeline import extract_document
from triangulate.ingest.language import detect_language, is_read
from triangulate.ingest.readers import make_document
from triangulate.model import Span


def figures(code: str, sentence: str) -> list[tuple[str, int, str, str]]:
    found = find_casualties(lexicon(code), sentence, Span(0, len(sentence), "sentence"))
    for c in found:  # the evidence is a span of the sentence as written
        assert sentence[c.start:c.end].strip() and c.start <= c.number.start < c.number.end <= c.end
    return [(c.kind, c.number.value, c.number.qualifier, c.victims if not (c.children or c.women) else
             ("children" if c.children == c.number.value else "women" if c.women == c.number.value else c.victims))
            for c in found]


CASES = [
    # French
    ("fr", "Au moins 12 civils ont été tués mardi.", [("killed", 12, "at_least", "civilians")]),
    ("fr", "Plus de 40 soldats ont péri dans l'embuscade.", [("killed", 40, "more_than", "military")]),
    ("fr", "Environ trente personnes ont été blessées.", [("wounded", 30, "about", "unspecified")]),
    ("fr", "Près de 200 habitants ont été tués.", [("killed", 200, "nearly", "civilians")]),
    ("fr", "Jusqu'à 15 combattants auraient été tués.", [("killed", 15, "up_to", "fighters")]),
    ("fr", "Le bombardement a fait quatre-vingt-dix morts et 150 blessés.",
     [("killed", 90, "exact", "unspecified"), ("wounded", 150, "exact", "unspecified")]),
    ("fr", "Une soixantaine de personnes ont été tuées.", [("killed", 60, "vague", "unspecified")]),
    ("fr", "Des dizaines de civils ont été blessés.", [("wounded", 12, "vague", "civilians")]),
    ("fr", "La frappe a tué vingt-cinq soldats et blessé trois civils.",
     [("killed", 25, "exact", "military"), ("wounded", 3, "exact", "civilians")]),
    ("fr", "Un enfant a été tué.", [("killed", 1, "exact", "children")]),
    ("fr", "Une frappe a touché le marché, les secours ont mis 12 heures à arriver.", []),
    # Spanish
    ("es", "Al menos 12 civiles murieron el martes.", [("killed", 12, "at_least", "civilians")]),
    ("es", "Más de 40 soldados perdieron la vida.", [("killed", 40, "more_than", "military")]),
    ("es", "Unos treinta policías resultaron heridos.", [("wounded", 30, "about", "military")]),
    ("es", "Casi 200 personas fallecieron.", [("killed", 200, "nearly", "unspecified")]),
    ("es", "Una veintena de campesinos fueron asesinados.", [("killed", 20, "vague", "civilians")]),
    ("es", "Decenas de personas resultaron heridas.", [("wounded", 12, "vague", "unspecified")]),
    ("es", "El ataque dejó veinticinco muertos y ciento veinte heridos.",
     [("killed", 25, "exact", "unspecified"), ("wounded", 120, "exact", "unspecified")]),
    # Russian: case and gender forms
    ("ru", "Погибли не менее 12 мирных жителей.", [("killed", 12, "at_least", "civilians")]),
    ("ru", "Более сорока военнослужащих были убиты.", [("killed", 40, "more_than", "military")]),
    ("ru", "Около двадцати пяти человек получили ранения.", [("wounded", 25, "about", "unspecified")]),
    ("ru", "Двое детей погибли, трое ранены.",
     [("killed", 2, "exact", "children"), ("wounded", 3, "exact", "unspecified")]),
    ("ru", "Десятки человек пострадали.", [("wounded", 12, "vague", "unspecified")]),
    ("ru", "Погибли 5 человек, еще 30 получили ранения.",
     [("killed", 5, "exact", "unspecified"), ("wounded", 30, "exact", "unspecified")]),
    ("ru", "Ракета пролетела 300 километров и погибли двое.", [("killed", 2, "exact", "unspecified")]),
    # Ukrainian
    ("uk", "Загинули щонайменше 12 цивільних.", [("killed", 12, "at_least", "civilians")]),
    ("uk", "Понад сорок військових було вбито.", [("killed", 40, "more_than", "military")]),
    ("uk", "Близько двадцяти людей отримали поранення.", [("wounded", 20, "about", "unspecified")]),
    ("uk", "Загинули п'ятеро людей, серед них двоє дітей.", [("killed", 5, "exact", "unspecified")]),
    ("uk", "Десятки людей постраждали.", [("wounded", 12, "vague", "unspecified")]),
    # Arabic: diacritics, glued particles, Arabic-Indic digits, number words after the noun, duals
    ("ar", "قُتِلَ ما لا يقل عن ١٢ مدنياً.", [("killed", 12, "at_least", "civilians")]),
    ("ar", "أسفر القصف عن مقتل أكثر من 40 جنديا.", [("killed", 40, "more_than", "military")]),
    ("ar", "أصيب نحو ثلاثين شخصا.", [("wounded", 30, "about", "unspecified")]),
    ("ar", "قتل خمسة وعشرون مقاتلا.", [("killed", 25, "exact", "fighters")]),
    ("ar", "أسفرت الغارة عن مقتل طفلين.", [("killed", 2, "exact", "children")]),
    ("ar", "أصيب مدنيان اثنان.", [("wounded", 2, "exact", "civilians")]),
    ("ar", "لقي عشرات المدنيين حتفهم.", [("killed", 12, "vague", "civilians")]),
    ("ar", "قتل 7 أشخاص وأصيب 20 آخرون.",
     [("killed", 7, "exact", "unspecified"), ("wounded", 20, "exact", "unspecified")]),
]


@pytest.mark.parametrize(("code", "sentence", "expected"), CASES)
def test_figures(code: str, sentence: str, expected: list[tuple[str, int, str, str]]) -> None:
    assert figures(code, sentence) == expected


def test_children_counted_alone_are_civilians_with_their_count() -> None:
    found = find_casualties(lexicon("fr"), "Cinq enfants ont été tués.", Span(0, 26, "sentence"))
    assert [(c.number.value, c.victims, c.children) for c in found] == [(5, "civilians", 5)]


def test_a_dual_among_the_dead_is_part_of_the_toll() -> None:
    text = "قتل سبعة مدنيين بينهم طفلان وأصيب 15 آخرون."
    found = find_casualties(lexicon("ar"), text, Span(0, len(text), "sentence"))
    assert [(c.kind, c.number.value, c.children, c.subset) for c in found] == [
        ("killed", 7, 2, False), ("wounded", 15, None, False)]


@pytest.mark.parametrize(("code", "sentence", "children"), [
    ("fr", "Au moins 12 civils, dont cinq enfants, ont été tués.", 5),
    ("es", "Al menos 12 civiles, entre ellos cinco niños, murieron.", 5),
    ("ru", "Погибли 12 человек, в том числе пятеро детей.", 5),
    ("uk", "Загинули 12 людей, серед них п'ятеро дітей.", 5),
    ("ar", "قتل 12 شخصا بينهم خمسة أطفال.", 5),
])
def test_children_among_the_dead_are_part_of_the_toll(code: str, sentence: str, children: int) -> None:
    found = find_casualties(lexicon(code), sentence, Span(0, len(sentence), "sentence"))
    assert [(c.number.value, c.children) for c in found] == [(12, children)]


@pytest.mark.parametrize(("code", "sentence"), [
    ("fr", "Plus de 300 000 personnes ont été tuées depuis le début de la guerre."),
    ("es", "Más de 300.000 personas han muerto desde el inicio de la guerra."),
    ("ru", "С начала войны погибли более 10 000 мирных жителей."),
    ("uk", "Від початку повномасштабного вторгнення загинули понад 10 000 цивільних."),
    ("ar", "ارتفعت حصيلة القتلى منذ بداية الحرب إلى أكثر من 300 ألف شخص."),
])
def test_a_war_wide_total_is_context_not_the_incidents_toll(code: str, sentence: str) -> None:
    lead = {"fr": "Trois civils ont été tués lundi.", "es": "Tres civiles murieron el lunes.",
            "ru": "Трое мирных жителей погибли в понедельник.", "uk": "Троє цивільних загинули в понеділок.",
            "ar": "قتل ثلاثة مدنيين يوم الاثنين."}[code]
    doc = make_document(f"{lead}\n\n{sentence}", source="t", published=dt.date(2024, 3, 14), language=code)
    ex = extract_document(doc)
    claims = [c for r in ex.reports for c in r.claims]
    own = [(c.kind, c.value) for c in claims if c.context is None]
    context = [c for c in claims if c.context is not None]
    assert own == [("killed", 3)]
    assert len(context) == 1 and context[0].value >= 10_000
    assert doc.text[context[0].evidence.start:context[0].evidence.end] == context[0].evidence.text


def test_arabic_thousands_multiply_the_digits() -> None:
    assert figures("ar", "قتل أكثر من 300 ألف شخص.") == [("killed", 300_000, "more_than", "unspecified")]


@pytest.mark.parametrize(("code", "text", "expected"), [
    ("fr", "L'attaque a eu lieu mardi.", dt.date(2024, 3, 12)),
    ("fr", "Il a été tué le 17 septembre 2016.", dt.date(2016, 9, 17)),
    ("es", "El ataque ocurrió ayer.", dt.date(2024, 3, 13)),
    ("es", "Murió el 3 de marzo.", dt.date(2024, 3, 3)),
    ("ru", "Удар был нанесен во вторник.", dt.date(2024, 3, 12)),
    ("ru", "Это случилось 12 марта.", dt.date(2024, 3, 12)),
    ("uk", "Обстріл стався вчора.", dt.date(2024, 3, 13)),
    ("uk", "Удар завдали 2 березня.", dt.date(2024, 3, 2)),
    ("ar", "وقع الهجوم يوم الثلاثاء.", dt.date(2024, 3, 12)),
    ("ar", "قتل أمس.", dt.date(2024, 3, 13)),
    ("ar", "في 12 آذار الماضي.", dt.date(2024, 3, 12)),
    ("ar", "قتل 5 مدنيين في الـ12 من آذار.", dt.date(2024, 3, 12)),
    ("ar", "في ١٢ مارس ٢٠٢٤ قتل 5.", dt.date(2024, 3, 12)),
])
def test_dates_resolved_against_publication(code: str, text: str, expected: dt.date) -> None:
    found = find_dates(lexicon(code), text, 0, len(text), dt.date(2024, 3, 14))  # a Thursday
    assert [d.date for d in found] == [expected]


@pytest.mark.parametrize(("code", "text", "speaker"), [
    ("fr", "Douze civils ont été tués, selon des sources locales.", "des sources locales"),
    ("fr", "Le gouverneur de la région a déclaré que douze civils avaient été tués.", "Le gouverneur de la région"),
    ("es", "Doce civiles murieron, según el ministerio de salud.", "el ministerio de salud"),
    ("ru", "Погибли 12 человек, сообщил губернатор области.", "губернатор области"),
    ("uk", "Загинули 12 людей, за даними поліції.", "поліції"),
    ("ar", "قال المرصد السوري إن 12 مدنيا قتلوا.", "المرصد السوري"),
    ("ar", "قتل 12 مدنيا، وفقا لمصادر محلية.", "مصادر محلية"),
])
def test_who_said_it(code: str, text: str, speaker: str) -> None:
    assert [s.speaker for s in find_statements(lexicon(code), text, 0, len(text))] == [speaker]


@pytest.mark.parametrize(("code", "text"), [
    ("fr", "Douze civils auraient été tués."),
    ("es", "Doce civiles habrían muerto, según informes no confirmados."),
    ("ru", "Якобы погибли 12 человек."),
    ("uk", "Нібито загинули 12 людей."),
    ("ar", "يُزعم أن 12 مدنيا قتلوا."),
])
def test_hedged_claims_are_marked(code: str, text: str) -> None:
    doc = make_document(text, source="t", language=code)
    claims = [c for r in extract_document(doc).reports for c in r.claims]
    assert claims and all(c.attribution.hedged for c in claims)


@pytest.mark.parametrize(("code", "text", "place", "country"), [
    ("ru", "В Харькове погибли 12 человек.", "Kharkiv", "UA"),
    ("uk", "У Києві загинули 12 людей.", "Kyiv", "UA"),
    ("ar", "قتل 12 مدنيا في حلب شمال سوريا.", "Aleppo", "SY"),
    ("ar", "قتل 12 مدنيا بمدينة الرقة.", "Ar Raqqah", "SY"),
    ("fr", "Douze civils ont été tués à Alep, en Syrie.", "Aleppo", "SY"),
])
def test_places_in_each_script(code: str, text: str, place: str, country: str) -> None:
    doc = make_document(text, source="t", language=code)
    report = extract_document(doc).main
    assert report is not None and report.place is not None
    assert (report.place.name, report.place.country) == (place, country)
    assert doc.text[report.place.mention.start:report.place.mention.end] == report.place.mention.text


@pytest.mark.parametrize(("text", "code"), [
    ("Au moins douze civils ont été tués mardi dans une frappe aérienne près de la ville.", "fr"),
    ("Al menos doce civiles murieron el martes en un ataque aéreo cerca de la ciudad.", "es"),
    ("Не менее двенадцати мирных жителей погибли во вторник при авиаударе.", "ru"),
    ("Щонайменше дванадцять цивільних загинули у вівторок внаслідок авіаудару.", "uk"),
    ("قتل ما لا يقل عن اثني عشر مدنيا يوم الثلاثاء في غارة جوية قرب المدينة.", "ar"),
    ("At least twelve civilians were killed on Tuesday in an airstrike near the town.", "en"),
])
def test_language_detected(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_a_language_not_read_says_so() -> None:
    doc = make_document("Mindestens zwölf Zivilisten wurden am Dienstag bei einem Luftangriff getötet.", source="t")
    ex = extract_document(doc)
    assert doc.language == "de" and not is_read("de")
    assert ex.reports == [] and ex.notice is not None and "German" in ex.notice


def test_no_figure_says_so() -> None:
    doc = make_document("Le ministre a visité la ville mardi et a rencontré les habitants.", source="t")
    assert extract_document(doc).notice == "no casualty figures found"


def test_a_record_language_field_wins_over_detection() -> None:
    doc = make_document("Douze civils ont été tués.", source="t", language="fr-FR")
    assert doc.language == "fr"


@pytest.mark.parametrize(("code", "sentence", "expected"), [
    ("fr", "Le bilan provisoire s'élève désormais à 23.", [("killed", 23, "exact", "unspecified")]),
    ("fr", "L'explosion a fait un mort et trois blessés.",
     [("killed", 1, "exact", "unspecified"), ("wounded", 3, "exact", "unspecified")]),
    ("es", "El ataque cobró la vida de 12 personas.", [("killed", 12, "exact", "unspecified")]),
    ("es", "El saldo de la tragedia subió a 31.", [("killed", 31, "exact", "unspecified")]),
    ("ru", "Число погибших возросло до 14.", [("killed", 14, "exact", "unspecified")]),
    ("ru", "Число раненых достигло 40 человек.", [("wounded", 40, "exact", "unspecified")]),
    ("ru", "Взрыв унес жизни 9 человек.", [("killed", 9, "exact", "unspecified")]),
    ("uk", "Кількість загиблих зросла до 14.", [("killed", 14, "exact", "unspecified")]),
    ("uk", "Загинула одна людина.", [("killed", 1, "exact", "unspecified")]),
    ("ar", "ارتفع عدد القتلى إلى 14.", [("killed", 14, "exact", "unspecified")]),
    ("ar", "سقط 12 شهيدا و30 جريحا.", [("killed", 12, "exact", "unspecified"), ("wounded", 30, "exact", "unspecified")]),
])
def test_tolls_and_single_victims(code: str, sentence: str, expected: list[tuple[str, int, str, str]]) -> None:
    assert figures(code, sentence) == expected


@pytest.mark.parametrize(("code", "recalled"), [
    ("fr", "Une autre frappe avait tué 30 personnes dans la même ville le mois dernier."),
    ("es", "Otro ataque había matado a 30 personas en la misma ciudad el mes pasado."),
    ("ru", "В прошлом месяце другой удар по городу унес жизни 30 человек."),
    ("uk", "Минулого місяця інший удар по місту забрав життя 30 людей."),
    ("ar", "وكانت غارة أخرى قد أسفرت عن مقتل 30 شخصا في المدينة الشهر الماضي."),
])
def test_an_earlier_incident_recalled_is_context(code: str, recalled: str) -> None:
    lead = {"fr": "Trois civils ont été tués lundi.", "es": "Tres civiles murieron el lunes.",
            "ru": "Трое мирных жителей погибли в понедельник.", "uk": "Троє цивільних загинули в понеділок.",
            "ar": "قتل ثلاثة مدنيين يوم الاثنين."}[code]
    doc = make_document(f"{lead} {recalled}", source="t", published=dt.date(2024, 3, 14), language=code)
    claims = [c for r in extract_document(doc).reports for c in r.claims]
    assert [(c.kind, c.value) for c in claims if c.context is None] == [("killed", 3)]
    assert [c.value for c in claims if c.context is not None] == [30]


@pytest.mark.parametrize(("code", "sentence"), [
    ("fr", "Un garçon de 12 ans a été tué."),
    ("ru", "Погиб 12-летний мальчик."),
    ("uk", "Загинув 12-річний хлопчик."),
    ("es", "El 12 % de los heridos son niños."),
    ("ar", "قتل طفل يبلغ من العمر 12 عاما."),
])
def test_ages_and_shares_are_not_tolls(code: str, sentence: str) -> None:
    assert [v for _, v, _, _ in figures(code, sentence)] in ([], [1])


def test_tatweel_and_diacritics_keep_the_offsets() -> None:
    text = "قُتِـلَ ١٢ مدنيـاً في قصف."
    found = find_casualties(lexicon("ar"), text, Span(0, len(text), "sentence"))
    assert [(c.kind, c.number.value, c.victims) for c in found] == [("killed", 12, "civilians")]
    assert text[found[0].start:found[0].end] == "قُتِـلَ ١٢ مدنيـاً"
    assert text[found[0].number.start:found[0].number.end] == "١٢"


def test_language_in_the_jsonl_and_the_ledger(tmp_path) -> None:
    import json
    import subprocess
    import sys

    from triangulate.store import Ledger

    (tmp_path / "a.txt").write_text("Douze civils ont été tués mardi à Alep, en Syrie, selon une ONG.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Zwölf Zivilisten wurden am Dienstag in Aleppo getötet, teilte eine Organisation mit.\n",
                                    encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "triangulate", "extract", str(tmp_path), "--format", "jsonl"],
                         capture_output=True, text=True, check=True).stdout
    records = {Path(r["document"]["source"]).name: r for r in map(json.loads, out.splitlines())}
    assert records["a.txt"]["document"]["language"] == "fr" and records["a.txt"]["notice"] is None
    assert [c["value"] for c in records["a.txt"]["reports"][0]["claims"]] == [12]
    assert records["b.txt"]["document"]["language"] == "de" and records["b.txt"]["reports"] == []
    assert "German" in records["b.txt"]["notice"]
    with Ledger(str(tmp_path / "l.db")) as ledger:
        ledger.ingest([tmp_path])
        rows = {Path(r["source"]).name: (r["language"], r["notice"])
                for r in ledger.db.query("SELECT source, language, notice FROM documents")}
    assert rows["a.txt"] == ("fr", None) and rows["b.txt"][0] == "de" and "German" in rows["b.txt"][1]


@pytest.mark.parametrize(("code", "sentence", "expected"), [
    ("fr", "Cinq Palestiniens ont été tués lundi.", [("killed", 5, "exact", "unspecified")]),
    ("es", "Cinco palestinos murieron el lunes.", [("killed", 5, "exact", "unspecified")]),
    ("es", "Fueron asesinados tres líderes sociales.", [("killed", 3, "exact", "unspecified")]),
    ("ru", "Погибли пятеро палестинцев.", [("killed", 5, "exact", "unspecified")]),
    ("uk", "Загинули п'ятеро палестинців.", [("killed", 5, "exact", "unspecified")]),
    ("ar", "استشهد خمسة فلسطينيين يوم الاثنين.", [("killed", 5, "exact", "unspecified")]),
    ("ar", "قتل 12 فلسطينيا.", [("killed", 12, "exact", "unspecified")]),
])
def test_people_named_by_nationality(code: str, sentence: str, expected: list[tuple[str, int, str, str]]) -> None:
    assert figures(code, sentence) == expected


ARTICLES = {
    "fr": ("Mali : au moins 14 civils tués dans une attaque près de Mopti\n\n"
           "Au moins 14 civils, dont trois enfants, ont été tués mardi dans l'attaque d'un village près de Mopti, "
           "dans le centre du Mali, a indiqué un responsable local. Une vingtaine d'autres ont été blessés.\n\n"
           "Les violences ont fait des milliers de morts depuis 2012."),
    "es": ("Ataque armado deja 9 muertos en Colombia\n\n"
           "Al menos nueve personas murieron el sábado en un ataque armado en Cali, Colombia, según la policía. "
           "Otras cuatro resultaron heridas.\n\n"
           "Más de 200 líderes sociales han sido asesinados este año."),
    "ru": ("Обстрел Донецка: погибли 7 человек\n\n"
           "В результате обстрела Донецка в пятницу погибли семь мирных жителей, еще 12 получили ранения, "
           "сообщил глава города.\n\nС начала конфликта в регионе погибли более 14 000 человек."),
    "uk": ("Удар по Харкову: загинули 6 людей\n\n"
           "Унаслідок ракетного удару по Харкову у п'ятницю загинули шестеро людей, ще 15 отримали поранення, "
           "повідомив голова обласної адміністрації.\n\nВід початку вторгнення загинули понад 10 000 цивільних."),
    "ar": ("مقتل 8 مدنيين في قصف على إدلب\n\n"
           "قتل ثمانية مدنيين بينهم طفلان وأصيب 20 آخرون يوم الجمعة في قصف على مدينة إدلب شمال غرب سوريا، "
           "بحسب الدفاع المدني.\n\nوقتل أكثر من 300 ألف مدني منذ بداية الحرب."),
}
EXPECTED = {  # killed, wounded, place, country, date, context figure
    "fr": (14, 20, "Mopti", "ML", dt.date(2024, 3, 12), 1000),
    "es": (9, 4, "Cali", "CO", dt.date(2024, 3, 9), 200),
    "ru": (7, 12, "Donetsk", "UA", dt.date(2024, 3, 8), 14000),
    "uk": (6, 15, "Kharkiv", "UA", dt.date(2024, 3, 8), 10000),
    "ar": (8, 20, "Idlib", "SY", dt.date(2024, 3, 8), 300000),
}


@pytest.mark.parametrize("code", sorted(ARTICLES))
def test_a_whole_report_in_each_language(code: str) -> None:
    from triangulate.extract.tolls import lead_toll

    doc = make_document(ARTICLES[code], source=f"{code}.txt", published=dt.date(2024, 3, 14))
    ex = extract_document(doc)
    killed, wounded, place, country, date, context = EXPECTED[code]
    assert doc.language == code
    main = ex.main
    assert main is not None and main.place is not None
    assert lead_toll(main, "killed").total == killed and lead_toll(main, "wounded").total == wounded
    assert (main.place.name, main.place.country, main.date) == (place, country, date)
    assert [c.value for c in main.claims if c.context] == [context]
    for c in main.claims:  # every figure's evidence is the original text at its offsets
        assert doc.text[c.evidence.start:c.evidence.end] == c.evidence.text


@pytest.mark.parametrize(("code", "sentence", "expected"), [
    ("fr", "L'attaque a coûté la vie à 12 soldats.", [("killed", 12, "exact", "military")]),
    ("fr", "Au moins 40 jihadistes ont été neutralisés.", [("killed", 40, "at_least", "fighters")]),
    ("fr", "Sept personnes ont été tuées ou blessées.", []),
    ("es", "Doce personas murieron y otras 30 resultaron heridas.",
     [("killed", 12, "exact", "unspecified"), ("wounded", 30, "exact", "unspecified")]),
    ("es", "El ataque dejó 40 víctimas entre muertos y heridos.", []),
    ("ru", "Пострадали 25 человек убитыми и ранеными.", []),
    ("uk", "Внаслідок удару 25 людей стали загиблими та пораненими.", []),
    ("ar", "أسفر القصف عن مقتل وإصابة 12 شخصا.", []),
    ("ar", "سقط 15 بين قتيل وجريح.", []),
])
def test_combined_tolls_and_idioms(code: str, sentence: str, expected: list[tuple[str, int, str, str]]) -> None:
    assert figures(code, sentence) == expected


@pytest.mark.parametrize(("code", "phrase", "values"), [
    ("fr", "vingt et un", [21]), ("fr", "quatre-vingt-dix", [90]), ("fr", "soixante et onze", [71]),
    ("fr", "deux mille trois cent vingt et un", [2321]), ("fr", "deux cents", [200]), ("fr", "dix-sept", [17]),
    ("fr", "entre cinq et dix", [5, 10]),
    ("es", "treinta y cinco", [35]), ("es", "ciento veinte", [120]), ("es", "dos mil", [2000]),
    ("es", "entre cinco y diez", [5, 10]),
    ("ru", "двадцати пяти", [25]), ("ru", "ста двадцати", [120]), ("ru", "двух тысяч", [2000]),
    ("ru", "пятерых", [5]), ("ru", "от пяти до десяти", [5, 10]),
    ("uk", "двадцяти п'яти", [25]), ("uk", "п’ятьох", [5]), ("uk", "двохсот", [200]),
    ("ar", "خمسة وعشرون", [25]), ("ar", "ثلاثة عشر", [13]), ("ar", "مئتين", [200]), ("ar", "ثلاثة آلاف", [3000]),
    ("ar", "١٢٣", [123]), ("ar", "300 ألف", [300_000]), ("ru", "10 тыс.", [10_000]), ("uk", "12 тис.", [12_000]),
])
def test_number_words_and_their_grammar(code: str, phrase: str, values: list[int]) -> None:
    from triangulate.extract.lexical_numbers import find_numbers

    found = find_numbers(lexicon(code), phrase, 0, len(phrase))
    assert [n.value for n in found] == values
    assert all(phrase[n.start:n.end] == n.text for n in found)


@pytest.mark.parametrize(("code", "sentence", "expected"), [
    ("ru", "Пять человек погибли и 37 получили ранения.",
     [("killed", 5, "exact", "unspecified"), ("wounded", 37, "exact", "unspecified")]),
    ("fr", "Cinq soldats ont été tués et 12 ont été blessés.",
     [("killed", 5, "exact", "military"), ("wounded", 12, "exact", "unspecified")]),
    ("es", "Cinco personas, entre ellas un menor de edad, fueron asesinadas.", [("killed", 5, "exact", "unspecified")]),
])
def test_clauses_subsets_and_auxiliaries(code: str, sentence: str, expected: list[tuple[str, int, str, str]]) -> None:
    assert figures(code, sentence) == expected


def test_the_speaker_is_who_not_when() -> None:
    text = "Cinco personas murieron, informaron este domingo las autoridades locales."
    assert [s.speaker for s in find_statements(lexicon("es"), text, 0, len(text))] == ["las autoridades locales"]


WIRE_STYLE = [  # sentences written in the manner of wire copy, each with what a coder would take from it
    ('fr', "Selon l'Observatoire syrien des droits de l'homme, 18 combattants prorégime et 11 jihadistes ont péri dans les combats.",
     [('killed', 18, 'fighters'), ('killed', 11, 'fighters')]),
    ('fr', 'Le nombre de morts est passé à 27, dont 9 femmes, selon le ministère de la Santé.',
     [('killed', 27, 'unspecified')]),
    ('fr', "Deux policiers ont été blessés par balle lors d'une manifestation qui a rassemblé 3 000 personnes.",
     [('wounded', 2, 'military')]),
    ('fr', "L'armée a affirmé avoir « neutralisé » une cinquantaine de terroristes.",
     [('killed', 50, 'fighters')]),
    ('fr', "Onze personnes, parmi lesquelles quatre enfants, ont trouvé la mort dans l'effondrement d'un immeuble touché par un obus.",
     [('killed', 11, 'unspecified')]),
    ('es', 'El ataque con explosivos dejó al menos 14 militares muertos y 9 heridos en el departamento del Cauca.',
     [('killed', 14, 'military'), ('wounded', 9, 'unspecified')]),
    ('es', 'La cifra de fallecidos ascendió a 23, según el último balance oficial.',
     [('killed', 23, 'unspecified')]),
    ('es', 'Tres soldados murieron y otros siete resultaron heridos en una emboscada.',
     [('killed', 3, 'military'), ('wounded', 7, 'unspecified')]),
    ('es', 'Unas 200 personas se manifestaron tras el asesinato de dos periodistas.',
     [('killed', 2, 'unspecified')]),
    ('ru', 'В результате атаки беспилотника погиб один человек, еще трое пострадали.',
     [('killed', 1, 'unspecified'), ('wounded', 3, 'unspecified')]),
    ('ru', 'Жертвами обстрела стали 12 мирных жителей, ранены не менее 30 человек.',
     [('killed', 12, 'civilians'), ('wounded', 30, 'unspecified')]),
    ('ru', 'По уточненным данным, число погибших увеличилось до 21.',
     [('killed', 21, 'unspecified')]),
    ('ru', 'Около 150 человек были эвакуированы из зоны обстрела.',
     []),
    ('uk', 'Внаслідок атаки дронів загинула одна людина, ще четверо травмовані.',
     [('killed', 1, 'unspecified'), ('wounded', 4, 'unspecified')]),
    ('uk', 'Кількість загиблих унаслідок удару по Одесі зросла до 21 людини.',
     [('killed', 21, 'unspecified')]),
    ('uk', 'Понад 200 людей евакуювали з прифронтових сіл.',
     []),
    ('ar', 'ارتفعت حصيلة ضحايا الغارة الإسرائيلية إلى 18 قتيلا بينهم 5 أطفال.',
     [('killed', 18, 'unspecified')]),
    ('ar', 'أعلنت وزارة الصحة مقتل 7 فلسطينيين وإصابة العشرات برصاص الجيش الإسرائيلي.',
     [('killed', 7, 'unspecified'), ('wounded', 12, 'unspecified')]),
    ('ar', 'نزح أكثر من 200 شخص من القرية بعد القصف.',
     []),
    ('ar', 'قتل ثلاثة جنود وأصيب خمسة آخرون بجروح خطيرة في هجوم مسلح.',
     [('killed', 3, 'military'), ('wounded', 5, 'unspecified')]),
]


@pytest.mark.parametrize(("code", "sentence", "expected"), WIRE_STYLE)
def test_wire_style_sentences(code: str, sentence: str, expected: list[tuple[str, int, str]]) -> None:
    found = find_casualties(lexicon(code), sentence, Span(0, len(sentence), "sentence"))
    assert [(c.kind, c.number.value, c.victims) for c in found] == expected


@pytest.mark.parametrize(("code", "text", "perpetrator"), [
    ("fr", "Une trentaine de civils ont été tués dimanche dans une attaque attribuée à des jihadistes.", "unidentified_armed"),
    ("fr", "Une frappe de l'aviation russe a tué 40 jihadistes près d'Idleb.", "russia"),
    ("ru", "В результате обстрела со стороны ВСУ погибли пять человек.", "ukraine"),
    ("uk", "Російський удар по Запоріжжю: загинули троє людей.", "russia"),
    ("ar", "قتل خمسة مدنيين في غارة شنها الطيران الروسي على إدلب.", "russia"),
    ("es", "Cinco personas fueron asesinadas por hombres armados en Tumaco.", "unidentified_armed"),
])
def test_who_did_it(code: str, text: str, perpetrator: str) -> None:
    report = extract_document(make_document(text, source="t", language=code)).main
    assert report is not None and report.perpetrator is not None and report.perpetrator.id == perpetrator


def test_blanked_junk_does_not_make_a_short_english_text_foreign() -> None:
    text = "Baby shot by errant bullet in Richmond\n\n" + " " * 400 + "\n\nA baby was shot and killed by an errant bullet " \
        "in Richmond on Saturday night, police said."
    assert detect_language(text) == "en"


@pytest.mark.parametrize(("code", "text", "place", "precision"), [
    ("ar", "قتل خمسة مدنيين في غارة على كفرنبل في ريف إدلب شمال سوريا.", "Kafranbel", "city"),
    ("ar", "قتل خمسة مدنيين في قصف على محافظة إدلب، سوريا.", "Idlib", "admin1"),
    ("ru", "Пять человек погибли в Селидово Донецкой области Украины.", "Selydove", "city"),
    ("ru", "Пять человек погибли при обстреле Донецкой области, Украина.", "Donetsk", "admin1"),
    ("uk", "Троє людей загинули у Куп'янську на Харківщині, Україна.", "Kupyansk", "city"),
    ("uk", "Троє людей загинули внаслідок обстрілу на Харківщині.", "Kharkiv", "admin1"),
    ("ru", "На Харьковщине погибли два человека.", "Kharkiv", "admin1"),
])
def test_towns_and_divisions_in_other_scripts(code: str, text: str, place: str, precision: str) -> None:
    report = extract_document(make_document(text, source="t", language=code)).main
    assert report is not None and report.place is not None
    assert (report.place.name, report.place.precision) == (place, precision)


WIRE_STYLE_2 = [  # (code, sentence, figures as (kind, value, subset), the period or earlier-incident cue if any)
    ('fr', "Le bilan de l'attentat-suicide commis vendredi dans une mosquée de Kaboul s'élève désormais à 63 morts et 150 blessés.",
     [('killed', 63, False), ('wounded', 150, False)], None),
    ('fr', "Quatre casques bleus ont été tués et trois autres grièvement blessés dans l'explosion d'un engin explosif improvisé.",
     [('killed', 4, False), ('wounded', 3, False)], None),
    ('fr', "L'attaque a fait au moins sept victimes, dont deux femmes.",
     [], None),
    ('fr', "Trois des blessés sont dans un état critique, selon l'hôpital.",
     [('wounded', 3, True)], None),
    ('fr', 'Le village compte environ 2 000 habitants, dont une centaine ont fui.',
     [], None),
    ('fr', "Plus d'une centaine de personnes ont été tuées en une semaine dans la région.",
     [('killed', 100, False)], 'en une semaine'),
    ('es', 'Al menos 11 personas, entre ellas tres menores, murieron la madrugada de este domingo en un ataque armado contra un bar.',
     [('killed', 11, False)], None),
    ('es', 'La Fiscalía informó que los cuerpos de seis hombres fueron hallados en una fosa clandestina.',
     [('killed', 6, False)], None),
    ('es', 'El número de víctimas mortales se elevó a 19 tras el fallecimiento de dos heridos en el hospital.',
     [('killed', 19, False), ('killed', 2, False)], None),
    ('es', 'Dos de los heridos se encuentran en estado grave.',
     [], None),
    ('es', 'En el ataque también resultó herido un policía.',
     [('wounded', 1, False)], None),
    ('ru', 'В результате теракта погибли 15 человек, еще 43 пострадавших доставлены в больницы.',
     [('killed', 15, False), ('wounded', 43, False)], None),
    ('ru', 'Двое военнослужащих погибли, пятеро получили ранения различной степени тяжести.',
     [('killed', 2, False), ('wounded', 5, False)], None),
    ('ru', 'Среди погибших — трое детей и две женщины.',
     [('killed', 3, True), ('killed', 2, True)], None),
    ('ru', 'Пострадавших госпитализировали в областную больницу, двое из них в тяжелом состоянии.',
     [], None),
    ('ru', 'Всего с начала года в регионе от обстрелов погибли 120 мирных жителей.',
     [('killed', 120, False)], 'Всего с'),
    ('uk', "Внаслідок російської атаки загинули двоє людей, ще дев'ятеро дістали поранень.",
     [('killed', 2, False), ('wounded', 9, False)], None),
    ('uk', 'Серед поранених — 14-річна дівчина.',
     [], None),
    ('uk', 'Загалом від початку вторгнення в області загинули понад 1 200 цивільних.',
     [('killed', 1200, False)], 'Загалом'),
    ('uk', 'Рятувальники дістали з-під завалів тіла ще трьох загиблих.',
     [('killed', 3, False)], None),
    ('ar', 'استشهد 4 مواطنين بينهم طفل وأصيب 10 آخرون بجروح متفاوتة جراء غارة إسرائيلية على منزل في خان يونس.',
     [('killed', 4, False), ('wounded', 10, False)], None),
    ('ar', 'أفادت مصادر طبية بارتفاع عدد الشهداء إلى 27 منذ فجر اليوم.',
     [('killed', 27, False)], None),
    ('ar', 'قتل جنديان اثنان وأصيب ثلاثة آخرون في هجوم بطائرة مسيرة.',
     [('killed', 2, False), ('wounded', 3, False)], None),
    ('ar', 'وكان 5 أشخاص قد قتلوا الأسبوع الماضي في هجوم مماثل على القرية.',
     [('killed', 5, False)], 'الأسبوع الماضي'),
    ('ar', 'أسفرت الاشتباكات عن سقوط 8 قتلى من عناصر التنظيم.',
     [('killed', 8, False)], None),
]


@pytest.mark.parametrize(("code", "sentence", "expected", "cue"), WIRE_STYLE_2)
def test_wire_style_sentences_with_subsets_and_periods(code: str, sentence: str, expected: list[tuple[str, int, bool]],
                                                      cue: str | None) -> None:
    from triangulate.extract.lexical_fields import background_cue

    lex = lexicon(code)
    found = find_casualties(lex, sentence, Span(0, len(sentence), "sentence"))
    assert [(c.kind, c.number.value, c.subset) for c in found] == expected
    assert background_cue(lex, sentence, 0, len(sentence)) == cue


@pytest.mark.parametrize(("code", "text", "speaker", "kind"), [
    ("fr", "Douze civils ont été tués, selon des sources locales.", "des sources locales", "anonymous"),
    ("fr", "Selon le ministère de la Santé, douze personnes ont été tuées.", "le ministère de la Santé", "organisation"),
    ("fr", "Douze civils ont été tués, a indiqué l'AFP.", "l'AFP", "outlet"),
    ("ru", "Погибли 12 человек, сообщил губернатор области.", "губернатор области", "role"),
    ("ru", "Погибли 12 человек, сообщает ТАСС.", "ТАСС", "outlet"),
    ("ar", "قتل 12 مدنيا، بحسب المرصد السوري لحقوق الإنسان.", "المرصد السوري لحقوق الإنسان", "organisation"),
    ("ar", "قتل 12 مدنيا، وفقا لمصادر محلية.", "مصادر محلية", "anonymous"),
    ("ar", "قتل 12 مدنيا، بحسب وكالة سانا.", "وكالة سانا", "outlet"),
])
def test_what_kind_of_speaker(code: str, text: str, speaker: str, kind: str) -> None:
    assert [(s.speaker, s.speaker_type) for s in find_statements(lexicon(code), text, 0, len(text))] == [(speaker, kind)]


HEADLINES = [  # telegraphic headlines, and singular victims in languages without an indefinite article
    ('fr', 'Mali : 12 civils tués dans une attaque jihadiste', [('killed', 12)]),
    ('fr', 'Syrie: au moins 25 morts dans des frappes russes sur Idleb', [('killed', 25)]),
    ('fr', 'RDC : une cinquantaine de morts dans une attaque des ADF', [('killed', 50)]),
    ('es', 'Siria: mueren 12 civiles en un bombardeo ruso', [('killed', 12)]),
    ('es', 'Ataque en Cauca deja 5 policías muertos', [('killed', 5)]),
    ('es', 'México: asesinan a 7 personas en un bar de Guanajuato', [('killed', 7)]),
    ('ru', 'Харьков: 12 погибших, 30 раненых', [('killed', 12), ('wounded', 30)]),
    ('ru', 'Обстрел Донецка: двое погибших', [('killed', 2)]),
    ('ru', 'При атаке дронов на Белгород пострадали 8 человек', [('wounded', 8)]),
    ('uk', 'Удар по Харкову: 12 загиблих, 30 поранених', [('killed', 12), ('wounded', 30)]),
    ('uk', 'Обстріл Херсона: загинула жінка, троє поранених', [('killed', 1), ('wounded', 3)]),
    ('ar', 'مقتل 12 مدنيا بقصف على إدلب', [('killed', 12)]),
    ('ar', 'إصابة 5 جنود في هجوم بمسيرة', [('wounded', 5)]),
    ('ar', 'سوريا: 7 قتلى و15 جريحا في انفجار سيارة مفخخة', [('killed', 7), ('wounded', 15)]),
    ("ru", "В результате обстрела погиб военнослужащий, ранены двое мирных жителей.", [("killed", 1), ("wounded", 2)]),
    ("ar", "قتل طفل وأصيب ثلاثة آخرون في قصف.", [("killed", 1), ("wounded", 3)]),
    ("ar", "قتل الجندي المسلح.", []),
]


@pytest.mark.parametrize(("code", "sentence", "expected"), HEADLINES)
def test_headlines_and_singular_victims(code: str, sentence: str, expected: list[tuple[str, int]]) -> None:
    found = find_casualties(lexicon(code), sentence, Span(0, len(sentence), "sentence"))
    assert [(c.kind, c.number.value) for c in found] == expected


def test_one_child_among_them() -> None:
    text = "استشهد 4 مواطنين بينهم طفل وأصيب 10 آخرون بجروح."
    found = find_casualties(lexicon("ar"), text, Span(0, len(text), "sentence"))
    assert [(c.kind, c.number.value, c.children) for c in found] == [("killed", 4, 1), ("wounded", 10, None)]


@pytest.mark.parametrize(("code", "sentence", "figures_read", "cue"), [
    ("fr", "Douze ans de guerre ont fait 500 000 morts.", [500_000], "Douze ans de guerre"),
    ("es", "Entre 2019 y 2021 murieron 300 personas en la región.", [300], "Entre 2019 y 2021"),
    ("ru", "Ракета весом 500 кг убила 3 человек.", [3], None),
    ("ar", "قتل 5 مدنيين على بعد 5 كيلومترات من الحدود.", [5], None),
])
def test_periods_weights_and_distances(code: str, sentence: str, figures_read: list[int], cue: str | None) -> None:
    from triangulate.extract.lexical_fields import background_cue

    lex = lexicon(code)
    assert [c.number.value for c in find_casualties(lex, sentence, Span(0, len(sentence), "sentence"))] == figures_read
    assert background_cue(lex, sentence, 0, len(sentence)) == cue


@pytest.mark.parametrize(("code", "text", "speaker"), [
    ("fr", "« Ils ont ouvert le feu », a déclaré à l'AFP un porte-parole de la police, précisant que 12 personnes "
           "avaient été blessées.", "un porte-parole de la police"),
    ("ru", "Погибли 12 человек, заявил журналистам губернатор области.", "губернатор области"),
    ("ar", "قال لفرانس برس مسؤول محلي إن 12 شخصا قتلوا.", "مسؤول محلي"),
])
def test_who_was_told_is_not_who_told(code: str, text: str, speaker: str) -> None:
    assert [s.speaker for s in find_statements(lexicon(code), text, 0, len(text))] == [speaker]


FIELD_REPORTS = [  # written in the manner of reports from Yemen, Libya, Somalia, Mali, Ethiopia, Myanmar, Ukraine
    ('ar', 'قتل 7 مدنيين بينهم 3 أطفال في قصف مدفعي للحوثيين على حي سكني في تعز، حسب مصادر طبية.', [('killed', 7)]),
    ('ar', 'لقي 5 أشخاص مصرعهم وأصيب 12 آخرون في غارة جوية للتحالف على سوق شعبي في صعدة.', [('killed', 5), ('wounded', 12)]),
    ('ar', 'أعلنت جماعة الحوثي مقتل وإصابة 15 شخصا في الغارة.', []),
    ('ar', 'قتل 4 أشخاص وأصيب 9 في اشتباكات مسلحة بطرابلس.', [('killed', 4), ('wounded', 9)]),
    ('ar', 'مقتل 10 جنود صوماليين في هجوم لحركة الشباب.', [('killed', 10)]),
    ('ar', 'قتل عشرة أشخاص على الأقل في هجوم انتحاري استهدف مطعما في مقديشو.', [('killed', 10)]),
    ('fr', "Au moins 30 civils ont été tués dans l'attaque de deux villages du centre du Mali, ont indiqué des élus locaux.", [('killed', 30)]),
    ('fr', "Une frappe de drone de l'armée malienne a fait au moins 13 morts, dont des enfants, à Amasrakad.", [('killed', 13)]),
    ('fr', "Le bilan est de 8 soldats tués et 14 blessés, selon l'état-major.", [('killed', 8), ('wounded', 14)]),
    ('fr', 'Des dizaines de civils auraient été tués, selon des sources locales non confirmées.', [('killed', 12)]),
    ('es', 'Al menos 40 personas murieron en un ataque con drones del Ejército etíope contra un mercado en Amhara.', [('killed', 40)]),
    ('es', 'La junta militar birmana bombardeó una aldea y mató a 17 civiles, entre ellos nueve niños, según medios locales.', [('killed', 17)]),
    ('es', 'El ataque causó la muerte de 11 personas y dejó heridas a otras 20.', [('killed', 11), ('wounded', 20)]),
    ('ru', 'Во время атаки на Одессу погиб 1 человек, 8 пострадали.', [('killed', 1), ('wounded', 8)]),
    ('uk', 'Окупанти вбили 2 цивільних у Херсоні.', [('killed', 2)]),
    ('uk', 'Загинули четверо людей, серед них — дворічна дитина.', [('killed', 4)]),
    ('uk', 'Росіяни атакували Харків: є загиблі та поранені.', []),
]


@pytest.mark.parametrize(("code", "sentence", "expected"), FIELD_REPORTS)
def test_field_reports(code: str, sentence: str, expected: list[tuple[str, int]]) -> None:
    found = find_casualties(lexicon(code), sentence, Span(0, len(sentence), "sentence"))
    assert [(c.kind, c.number.value) for c in found] == expected


@pytest.mark.parametrize(("text", "place", "country"), [
    ("قتل 7 مدنيين بينهم 3 أطفال في قصف مدفعي على حي سكني في تعز، حسب مصادر طبية.", "Taiz", "YE"),
    ("لقي 5 أشخاص مصرعهم وأصيب 12 آخرون في غارة جوية للتحالف على سوق شعبي في صعدة شمال اليمن.", "Sa'dah", "YE"),
    ("قتل 4 أشخاص وأصيب 9 في اشتباكات مسلحة بطرابلس.", "Tripoli", "LY"),
    ("قتل عشرة أشخاص على الأقل في هجوم انتحاري استهدف مطعما في مقديشو.", "Mogadishu", "SO"),
])
def test_arabic_places_not_common_nouns(text: str, place: str, country: str) -> None:
    report = extract_document(make_document(text, source="t", language="ar")).main
    assert report is not None and report.place is not None
    assert (report.place.name, report.place.country) == (place, country)
