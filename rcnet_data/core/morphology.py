"""Russian words in their dictionary form (pymorphy3, OpenCorpora's dictionary), so that a
name is found in any case: «Пензенской областной библиотеки» and «Пензенская областная
библиотека» give the same lemmas. English words are only lower-cased (a possessive "'s"
dropped): English does not inflect names."""

from __future__ import annotations

import re
from functools import cache, lru_cache

WORD = re.compile(r"[A-Za-zА-Яа-яЁё]+(?:[-'’][A-Za-zА-Яа-яЁё]+)*|\d+")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
# Abbreviations a host's name is written with («им. М. Ю. Лермонтова»): read as the word.
ABBREVIATIONS = {"им": "имя", "г": "город", "св": "святой"}


@cache
def analyzer():
    """Loaded once, on the first word that needs it (about a second)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    lowered = word.lower().replace("ё", "е")
    if not CYRILLIC.search(lowered):
        return re.sub(r"['’]s$", "", lowered)
    if lowered in ABBREVIATIONS:
        return ABBREVIATIONS[lowered]
    parsed = analyzer().parse(lowered)
    return parsed[0].normal_form.replace("ё", "е") if parsed else lowered


def words(text: str) -> list[str]:
    return WORD.findall(str(text or ""))


def lemmas(text: str) -> list[str]:
    return [lemma(word) for word in words(text)]
