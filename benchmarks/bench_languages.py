"""Extraction throughput on a mixed-language batch beside an English-only batch, in one run.

    python benchmarks/bench_languages.py [--reports 2000]

The English batch is the FA-KES dev reports (title + content), repeated. The mixed batch is the same
batch with every other report replaced by one of the same length in French, Spanish, Russian,
Ukrainian or Arabic, composed from the sentences below (written for this benchmark: tolls, places,
dates, speakers and plain narrative, shuffled). Both batches run in this process, one after the other,
after one warm-up document in each language (gazetteer, lexicons and the language detector loaded),
so the ratio compares extraction work only. Prints reports/s for each and the ratio.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FAKES = ROOT.parent / "shared" / "data" / "fa-kes" / "fa-kes-dev.csv"

SENTENCES = {
    "fr": ["Au moins 12 civils, dont cinq enfants, ont été tués mardi dans une frappe aérienne près de Gao, selon des "
           "sources locales.", "Une vingtaine d'autres personnes ont été blessées, a déclaré le maire de la commune.",
           "Les secours ont travaillé toute la nuit pour dégager les décombres du marché.",
           "Plus de 300 000 personnes ont été tuées depuis le début du conflit.",
           "Le gouvernement a annoncé l'ouverture d'une enquête et un deuil national de trois jours.",
           "Les habitants de la ville ont fui vers les villages voisins après l'attaque."],
    "es": ["Al menos 12 civiles, entre ellos cinco niños, murieron el martes en un ataque aéreo contra Alepo, según "
           "fuentes locales.", "El atentado dejó 23 muertos y 40 heridos, informó el gobernador de la provincia.",
           "Los equipos de rescate trabajaron durante toda la noche entre los escombros.",
           "Más de 300.000 personas han muerto desde el inicio de la guerra.",
           "El gobierno anunció una investigación y tres días de duelo nacional.",
           "Los vecinos del barrio huyeron hacia las aldeas cercanas tras el ataque."],
    "ru": ["В результате ракетного удара по Харькову во вторник погибли не менее 12 человек, еще 30 получили ранения, "
           "сообщил губернатор области.", "Двое мирных жителей погибли и пятеро ранены при обстреле села, по данным "
           "местных властей.", "Спасатели продолжают разбирать завалы жилого дома.",
           "С начала войны погибли более 10 000 мирных жителей.",
           "Власти объявили трехдневный траур и начали расследование.",
           "Жители района покинули свои дома после обстрела."],
    "uk": ["Унаслідок ракетного удару по Одесі у вівторок загинули щонайменше 12 людей, ще 30 отримали поранення, "
           "повідомив голова обласної адміністрації.", "Двоє цивільних загинули та п'ятеро поранені внаслідок "
           "обстрілу села, за даними місцевої влади.", "Рятувальники продовжують розбирати завали житлового будинку.",
           "Від початку повномасштабного вторгнення загинули понад 10 000 мирних жителів.",
           "Влада оголосила триденну жалобу та розпочала розслідування.",
           "Мешканці району залишили свої домівки після обстрілу."],
    "ar": ["قتل ما لا يقل عن 12 مدنيا وأصيب 30 آخرون في غارة جوية على مدينة حلب يوم الثلاثاء، بحسب المرصد السوري لحقوق "
           "الإنسان.", "أسفر القصف عن مقتل طفلين وإصابة خمسة أشخاص، وفقا لمصادر محلية.",
           "واصلت فرق الإنقاذ البحث تحت الأنقاض طوال الليل.",
           "ارتفعت حصيلة القتلى منذ بداية الحرب إلى أكثر من 300 ألف شخص.",
           "أعلنت الحكومة فتح تحقيق وحدادا وطنيا لمدة ثلاثة أيام.",
           "نزح سكان الحي إلى القرى المجاورة بعد الهجوم."],
}


def _english(n: int) -> list[dict[str, str]]:
    from triangulate.evaluate.fakes import load_rows

    rows = load_rows(FAKES)
    return [{"title": rows[i % len(rows)]["article_title"], "text": rows[i % len(rows)]["article_content"]}
            for i in range(n)]


def _foreign(code: str, length: int, rng: random.Random) -> dict[str, str]:
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < max(length, 200):
        batch = SENTENCES[code][:]
        rng.shuffle(batch)
        parts.extend(batch)
    text = " ".join(parts)[: max(length, 200)]
    return {"title": SENTENCES[code][0][:80], "text": text[: text.rfind(".") + 1] or text}


def _run(records: list[dict[str, str]]) -> tuple[float, int]:
    from triangulate.extract.pipeline import extract_document
    from triangulate.ingest.readers import make_document

    start = time.perf_counter()
    claims = 0
    for i, r in enumerate(records):
        ex = extract_document(make_document(r["text"], source=str(i), title=r["title"]))
        claims += sum(len(rep.claims) for rep in ex.reports)
    return time.perf_counter() - start, claims


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=2000)
    args = parser.parse_args()
    rng = random.Random(7)
    english = _english(args.reports)
    codes = sorted(SENTENCES)
    mixed = [r if i % 2 == 0 else _foreign(codes[(i // 2) % len(codes)], len(r["text"]), rng)
             for i, r in enumerate(english)]
    _run([_foreign(c, 400, rng) for c in codes] + english[:5])  # warm-up: gazetteer, lexicons, detector
    en_s, en_claims = _run(english)
    mx_s, mx_claims = _run(mixed)
    chars_en = sum(len(r["text"]) for r in english)
    chars_mx = sum(len(r["text"]) for r in mixed)
    out = {
        "reports": args.reports,
        "english": {"seconds": round(en_s, 2), "reports_per_s": round(args.reports / en_s, 1), "claims": en_claims,
                    "chars": chars_en},
        "mixed": {"seconds": round(mx_s, 2), "reports_per_s": round(args.reports / mx_s, 1), "claims": mx_claims,
                  "chars": chars_mx, "languages": ["en", *codes]},
        "mixed_to_english_ratio": round(en_s / mx_s, 3),
    }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
