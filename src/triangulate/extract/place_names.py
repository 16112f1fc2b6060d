"""Place names in the scripts and languages read besides English: the keys the gazetteer files them
under, and the countries' names in each language.

Contract: `local_script(name)` (Cyrillic or Arabic script), `local_keys(name)` (the folded forms a
name is looked up by: lower case, Arabic marks and tatweel dropped, Arabic letter variants and ё
folded, with and without the Arabic article), `localised_country_names()` (ISO code -> names:
pycountry's translations of the ISO 3166 names, plus the short forms each language file lists under
'countries', since the ISO names are formal: "Сирийская Арабская Республика", not "Сирия").
"""

from __future__ import annotations

import gettext
import re
from functools import cache, lru_cache

from triangulate.resources import language_data

_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه", "ё": "е", "’": "", "'": "", "ʼ": ""})
ARABIC_ARTICLE = "ال"


def local_script(name: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" or "\u0600" <= c <= "\u06ff" for c in name[:3])


@lru_cache(maxsize=200_000)
def fold_local(name: str) -> str:
    return " ".join(_MARKS.sub("", name.lower()).translate(_FOLD).replace("-", " ").split())


def local_keys(name: str) -> list[str]:
    key = fold_local(name)
    if not key:
        return []
    keys = [key]
    if key.startswith(ARABIC_ARTICLE) and len(key) > 4:
        keys.append(key[len(ARABIC_ARTICLE):])
    return keys


def _lexicon_codes() -> list[str]:
    from triangulate.ingest.language import read_languages

    return sorted(read_languages() - {"en"})


@cache
def localised_country_names() -> dict[str, list[str]]:
    import pycountry

    table: dict[str, list[str]] = {}
    for code in _lexicon_codes():
        try:
            tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[code])
        except OSError:
            tr = None
        for c in pycountry.countries:
            names = {c.name, getattr(c, "common_name", c.name)}
            for n in names:
                local = tr.gettext(n) if tr else n
                if local != n and "," not in local:  # "Syrienne, République arabe": an index form, not prose
                    table.setdefault(c.alpha_2, []).append(local)
        for iso, names in language_data(code).get("countries", {}).items():
            table.setdefault(iso, []).extend(names)
    return table
