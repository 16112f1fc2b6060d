"""Text keys: what linking reads of a document's text, made once, stored, and read back the same."""

from __future__ import annotations

import datetime as dt
import json

from triangulate.link import copies
from triangulate.link.features import ReportKey, lead_bands
from triangulate.link.text_keys import LEAD_CHARS, VERSION, TextKey, text_key
from triangulate.model import Document
from triangulate.store import Ledger
from triangulate.store.link_index import load_copy_signatures, load_text_keys

TITLE = "Gunman kills three at Maple Street diner in Riverton"
TEXT = ("RIVERTON - Three people were killed and two wounded when a gunman opened fire at the Blue Heron diner on "
        "Maple Street late Saturday, police chief Dana Whitfield said. The suspect, identified as Carl Ostrander, "
        "was arrested near the Riverton bus station. Witnesses said the gunman argued with staff before shooting. ")


def test_a_text_key_holds_what_the_report_key_made_from_the_text() -> None:
    key = text_key(TITLE, TEXT)
    probe = ReportKey("r", "d", None, None, None, None, None, None, None, None, None, None, lead=TEXT[:LEAD_CHARS])
    assert key.lead_terms == probe.lead_terms and key.lead_terms["gunman"] == 2
    assert "carl ostrander" in key.names and "dana whitfield" in key.names
    assert key.streets == frozenset({"maple street"})
    assert key.bands == lead_bands(probe) and key.bands
    assert {"gunman", "kills", "three", "maple", "street", "diner", "riverton"} == key.words


def test_the_copy_signature_kept_as_values_gives_the_minhash_figures() -> None:
    key, other = text_key(TITLE, TEXT), text_key("x", TEXT.replace("late Saturday", "on Saturday night"))
    sig, other_sig = copies.signature(TEXT), copies.signature(TEXT.replace("late Saturday", "on Saturday night"))
    assert key.copy_jaccard(other) == sig.jaccard(other_sig)
    assert 0.5 < key.copy_jaccard(other) < 1.0
    assert key.copy_bands() == copies.bands(sig)


def test_a_text_key_survives_its_json() -> None:
    key = text_key(TITLE, TEXT)
    assert TextKey.from_json(key.to_json()) == key
    assert text_key(None, None) == TextKey.from_json(text_key("", "").to_json())


def test_a_key_stores_its_bands_and_signature_as_hex_and_reads_the_older_lists_the_same() -> None:
    key = text_key(TITLE, TEXT)
    stored = json.loads(key.to_json())
    assert isinstance(stored["b"], str) and len(stored["b"]) == 16 * len(key.bands)
    assert isinstance(stored["c"], str) and len(stored["c"]) == 16 * len(key.copy) == 16 * copies.NUM_PERM
    older = dict(stored, b=list(key.bands), c=list(key.copy))  # how keys were stored before the hex strings
    assert TextKey.from_json(json.dumps(older)) == key
    negative = TextKey(frozenset(), key.lead_terms, frozenset(), frozenset(), (-(2**63), -1, 0, 2**63 - 1), (0, 2**32 + 5))
    assert TextKey.from_json(negative.to_json()) == negative


def test_the_ledger_stores_each_key_once_and_remakes_one_of_other_rules(tmp_path) -> None:  # type: ignore[no-untyped-def]
    ledger = Ledger(str(tmp_path / "l.db"))
    from triangulate.extract.pipeline import Extractor

    doc = Document(text=TEXT, title=TITLE, source="t", published=dt.date(2020, 5, 2))
    ledger.add([Extractor()(doc)])
    ledger.update()  # linking makes and stores the key
    stored = ledger.db.query("SELECT version, key FROM link_texts WHERE document_id = ?", (doc.id,))
    assert [r["version"] for r in stored] == [VERSION]
    assert TextKey.from_json(stored[0]["key"]) == text_key(TITLE, TEXT)
    # a key made by other rules (an older version) is made again and replaced
    ledger.db.execute("UPDATE link_texts SET version = 'old', key = ? WHERE document_id = ?",
                      (TextKey(frozenset(), text_key("", "").lead_terms, frozenset(), frozenset(), (), ()).to_json(), doc.id))
    assert load_text_keys(ledger.db, [doc.id])[doc.id] == text_key(TITLE, TEXT)
    assert ledger.db.scalar("SELECT version FROM link_texts WHERE document_id = ?", (doc.id,)) == VERSION
    ledger.close()


def test_a_copy_signature_is_read_alone_in_every_stored_form(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Provenance compares a new document with its older copy partners by their signatures alone, taken
    out of the stored JSON by the database: as hex, as an older key's list, and remade for other rules."""
    from triangulate.extract.pipeline import Extractor

    ledger = Ledger(str(tmp_path / "l.db"))
    docs = [Document(text=TEXT.replace("Saturday", day), title=TITLE, source="t", published=dt.date(2020, 5, 2))
            for day in ("Saturday", "Sunday", "Monday")]
    ledger.add([Extractor()(d) for d in docs])
    ledger.update()
    hexed, listed, other = (d.id for d in docs)
    key = TextKey.from_json(ledger.db.scalar("SELECT key FROM link_texts WHERE document_id = ?", (listed,)))
    ledger.db.execute("UPDATE link_texts SET key = ? WHERE document_id = ?",
                      (json.dumps(dict(json.loads(key.to_json()), c=list(key.copy))), listed))
    ledger.db.execute("UPDATE link_texts SET version = 'old', key = ? WHERE document_id = ?",
                      (text_key("", "").to_json(), other))
    signatures = load_copy_signatures(ledger.db, [hexed, listed, other, "no-such-document"])
    assert {d: tuple(v.tolist()) for d, v in signatures.items()} == {d.id: text_key(d.title, d.text).copy for d in docs}
    assert all(v.nbytes == 8 * copies.NUM_PERM for v in signatures.values())  # a kilobyte each, not 128 Python ints
    assert ledger.db.scalar("SELECT version FROM link_texts WHERE document_id = ?", (other,)) == VERSION
    ledger.close()


def test_names_are_read_outside_a_title_case_headline() -> None:
    title = "3 Civilians Killed 38 Injured in Terrorist Rocket Attacks in Deir Ezzor"
    text = f"{title}\n\n6 June 2016 {title}. Hazem Sabbagh, a local official, said the shells hit a school."
    names = text_key(title, text).names
    assert "hazem sabbagh" in names
    assert not any("terrorist" in n or "rocket" in n or "civilians" in n for n in names)
    # without the headline, its title-case words would pass for names
    assert "terrorist rocket attacks" in text_key(None, text).names


def test_names_of_countries_peoples_and_known_actors_are_no_victims_names() -> None:
    text = ("An Israeli jet struck near Quneitra. Syrian Army units and Daesh militants clashed, and Hayat Tahrir "
            "al-Sham fighters withdrew, Russia’s Defense Ministry said. Residents named the dead as Ahmad Khalil "
            "and Mariam Haddad.")
    names = text_key("Strike near Quneitra", text).names
    assert {"ahmad khalil", "mariam haddad"} <= names
    assert not names & {"an israeli", "syrian army", "daesh militants", "hayat tahrir", "russia’s defense ministry"}


def test_place_phrases_and_dateline_words_are_no_names() -> None:
    text = ("Fri Apr 7 2017 Shells hit New Aleppo and Eastern Homs. In Aleppo, Rural Damascus and the Golan "
            "Heights the monitor counted the dead, among them Samir Haddad and Rima West.")
    names = text_key("Shelling kills 5", text).names
    assert {"samir haddad", "rima west"} <= names
    assert not names & {"fri apr", "new aleppo", "eastern homs", "in aleppo", "rural damascus"}
