"""Fuzzing: generated and mutated inputs through `extract` and every reader, then pathological
shapes up to 5 MB to show that time grows linearly.

    python benchmarks/fuzz.py --inputs 1000000 [--jobs 2] [--seed 1] [--max-mb 5]

Prints the crashes (an uncaught exception, or a broken property: an evidence slice that differs from
its text, a negative figure, low > high; goal 0; each is saved under artifacts/fuzz/ to replay), the
slowest input per kilobyte, and a time-vs-size table for runs of spaces, tabs, newlines, dots,
digits, quotes, brackets and capitalised words. The inputs are mutations (byte flips, insertions,
deletions, repeats, splices, case changes, odd Unicode) of the seed reports and of casualty
sentences, read as text, HTML, CSV, JSONL and JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
OUT = ROOT / "artifacts" / "fuzz"
KINDS = ("a.txt", "a.html", "a.csv", "a.jsonl", "a.json")
SENTENCES = [
    "At least 62 Syrian soldiers were killed and 100 wounded in the airstrike near Deir ez-Zor, a source said.",
    "A man was shot and killed on Vine Street in Toledo, Ohio, on Friday, police said.",
    "Dozens of civilians, including 12 children, died when shells hit Aleppo on Saturday.",
    "Gunmen killed his wife and two daughters before turning the gun on himself.",
    "The toll rose to between 70 and 90, the Observatory reported; Reuters could not verify it.",
]
ODD = ["\u0130", "\ud800", "\u200b", "\ufeff", "\x00", "\u202e", "ß", "ﬁ", "🙂", "\r\n", "\t", "\\", "\"", "<", "&#0;"]


def _corpus() -> list[str]:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(SEEDS.glob("*.txt"))[:4]] if SEEDS.exists() else []
    return texts + SENTENCES


def mutate(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(8)
        i = rng.randrange(len(text) + 1)
        if op == 0 and text:
            text = text[:i] + text[i + 1:]
        elif op == 1:
            text = text[:i] + rng.choice(ODD) + text[i:]
        elif op == 2:
            j = min(len(text), i + rng.randint(1, 40))
            text = text[:i] + text[i:j] * rng.randint(2, 50) + text[j:]
        elif op == 3:
            text = text[:i] + rng.choice(SENTENCES) + text[i:]
        elif op == 4:
            text = text[:i] + str(rng.choice([0, 1, 7, 62, 10**7, 10**7 + 1, 2**53 + 1, 2**63, 10**400])) + text[i:]
        elif op == 5:
            text = text.upper() if rng.random() < 0.5 else text.lower()
        elif op == 6:
            text = text[:i] + chr(rng.randrange(0x20, 0x3000)) + text[i:]
        else:
            text = text[: rng.randrange(len(text) + 1)]
    return text


def wrap(rng: random.Random, text: str, kind: str) -> bytes:
    if kind == "a.html":
        data = f"<html><head><title>{text[:40]}</title></head><body><article><p>{text}</p></article></body></html>"
    elif kind == "a.csv":
        data = 'text,title,published\n"' + text.replace('"', '""') + '",t,2016-09-18\n'
    elif kind in ("a.jsonl", "a.json"):
        record = {"text": text, "published": rng.choice(["2016-09-18", "0001-01-01", "9999-12-31", "x", 7]),
                  "outlet": rng.choice(["sana", "ex[ample.com", 7, None, "a/b"])}
        data = json.dumps(record) if kind == "a.jsonl" else json.dumps([record])
    else:
        data = text
    raw = data.encode("utf-8", "surrogatepass")
    if rng.random() < 0.1 and raw:
        k = rng.randrange(len(raw))
        raw = raw[:k] + bytes([rng.randrange(256)]) + raw[k + 1:]
    return raw


def check(data: bytes, kind: str) -> str | None:
    """None if all is well, else what broke."""
    from triangulate.extract.pipeline import Extractor
    from triangulate.ingest.readers import read_bytes

    extractor = Extractor()
    try:
        for record in read_bytes(data, kind):
            ex = extractor._safe(record)
            for report in ex.reports:
                for claim in report.claims:
                    ev = claim.evidence
                    if ex.document.text[ev.start:ev.end] != ev.text:
                        return f"evidence slice differs: {ev.start}:{ev.end} {ev.text!r}"
                    if any(v is not None and v < 0 for v in (claim.value, claim.low, claim.high)):
                        return f"negative figure: {claim.value} {claim.low} {claim.high}"
                    if claim.low is not None and claim.high is not None and claim.low > claim.high:
                        return f"low > high: {claim.low} > {claim.high}"
    except Exception:  # noqa: BLE001 - the point is to find these
        return traceback.format_exc(limit=3)
    return None


def run_chunk(args: tuple[int, int, int]) -> tuple[int, list[tuple[str, str, bytes]], tuple[float, int, str]]:
    seed, start, count = args
    from triangulate.extract.places import _index

    _index()
    for kind in KINDS:  # imports and caches (trafilatura, dateparser) outside the per-kB timing
        check(wrap(random.Random(0), SENTENCES[0], kind), kind)
    rng = random.Random(seed * 1_000_003 + start)
    corpus = _corpus()
    crashes: list[tuple[str, str, bytes]] = []
    slowest = (0.0, 0, "")
    for _ in range(count):
        kind = rng.choice(KINDS)
        text = mutate(rng, rng.choice(corpus))
        data = wrap(rng, text, kind)
        t0 = time.perf_counter()
        problem = check(data, kind)
        took = time.perf_counter() - t0
        per_kb = took / max(1, len(data)) * 1000
        if per_kb > slowest[0]:
            slowest = (per_kb, len(data), kind)
        if problem:
            crashes.append((kind, problem, data))
    return count, crashes, slowest


def shapes(max_mb: float) -> None:
    import triangulate

    head = "Title\n\nFive civilians were killed in Homs on Monday, a source said."
    triangulate.extract(head)  # the gazetteer loads outside the timing
    fillers = {"spaces": " ", "tabs": "\t", "newlines": "\n", "dots": ".", "digits": "7 ", "quotes": '"',
               "brackets": "(", "capitals": "Aa ", "prose": "the man was shot and wounded in Homs on Monday. "}
    sizes = [s for s in (10_000, 100_000, 1_000_000, 5_000_000) if s <= max_mb * 1_000_000]
    print("\ntime (s) by size of a report made of one shape after a casualty sentence")
    print(f"{'shape':<10}" + "".join(f"{s / 1e6:>9.2f} MB" for s in sizes) + "   last/first per byte")
    for name, filler in fillers.items():
        row = []
        for size in sizes:
            text = head + filler * (size // len(filler)) + " Two people were wounded."
            t0 = time.perf_counter()
            triangulate.extract(text)
            row.append(time.perf_counter() - t0)
        ratio = (row[-1] / sizes[-1]) / (row[0] / sizes[0]) if row[0] else float("nan")
        print(f"{name:<10}" + "".join(f"{t:>12.2f}" for t in row) + f"   {ratio:8.2f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--inputs", type=int, default=1_000_000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max-mb", type=float, default=5.0)
    args = ap.parse_args()
    chunk = 2_000
    tasks = [(args.seed, start, min(chunk, args.inputs - start)) for start in range(0, args.inputs, chunk)]
    t0 = time.perf_counter()
    done, crashes, slowest = 0, [], (0.0, 0, "")
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for count, found, slow in pool.map(run_chunk, tasks):
            done += count
            crashes += found
            slowest = max(slowest, slow)
            if done % 50_000 < chunk:
                print(f"{done:,} inputs, {len(crashes)} crash(es), {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    elapsed = time.perf_counter() - t0
    print(f"{done:,} inputs in {elapsed:.0f} s ({done / elapsed:.0f}/s, {args.jobs} processes): {len(crashes)} crash(es)")
    print(f"slowest per kilobyte: {slowest[0] * 1000:.1f} ms/kB ({slowest[1]:,} bytes, {slowest[2]})")
    if crashes:
        OUT.mkdir(parents=True, exist_ok=True)
        for n, (kind, problem, data) in enumerate(crashes[:50]):
            (OUT / f"crash-{n}{Path(kind).suffix}").write_bytes(data)
            print(f"crash {n} ({kind}): {problem.strip().splitlines()[-1][:200]}")
        print(f"inputs saved under {OUT}")
    shapes(args.max_mb)


if __name__ == "__main__":
    main()
