"""The NYSIIS phonetic code exactly as Docs/storage-format.md ("NYSIIS") describes it, and the
parts of a `LAST, FIRST MIDDLE` name the records projection's name index is built from."""

from __future__ import annotations

import unicodedata

MAXIMUM_LENGTH = 6
VOWELS = frozenset("AEIOU")
FIRST_LETTER_TRANSLATIONS = (("MAC", "MCC"), ("KN", "NN"), ("K", "C"), ("PH", "FF"), ("PF", "FF"), ("SCH", "SSS"))
LAST_LETTER_TRANSLATIONS = (("EE", "Y"), ("IE", "Y"), ("DT", "D"), ("RT", "D"), ("RD", "D"), ("NT", "D"), ("ND", "D"))


def _grapheme_clusters(text: str):
    """Approximates extended grapheme clusters: a character and the combining marks (and joiners)
    after it. Enough to tell a lone ASCII letter from one carrying an accent."""
    cluster = ""
    for character in text:
        joins = unicodedata.category(character).startswith("M") or character in "\u200d\ufe0e\ufe0f"
        if cluster and not joins:
            yield cluster
            cluster = ""
        cluster += character
    if cluster:
        yield cluster


def _letters(name: str) -> str:
    if name.isascii():
        return "".join(c.upper() for c in name if "A" <= c <= "Z" or "a" <= c <= "z")
    return "".join(c for c in _grapheme_clusters(name.upper()) if len(c) == 1 and "A" <= c <= "Z")


def code(name: str) -> str:
    letters = _letters(name)
    if not letters:
        return ""
    for spelling, replacement in FIRST_LETTER_TRANSLATIONS:
        if letters.startswith(spelling):
            letters = replacement + letters[len(spelling):]
            break
    for spelling, replacement in LAST_LETTER_TRANSLATIONS:
        if letters.endswith(spelling):
            letters = letters[: len(letters) - len(spelling)] + replacement
            break
    return _weak_ending_removed(_scanned(list(letters)))[:MAXIMUM_LENGTH]


def _scanned(letters: list[str]) -> str:
    key = [letters[0]]
    position = 1
    while position < len(letters):
        replacement, count = _body_translation(letters, position)
        for offset in range(count):
            letter = replacement[0] if offset == 0 else replacement[1]
            letters[position + offset] = letter
            if key[-1] != letter:
                key.append(letter)
        position += count
    return "".join(key)


def _body_translation(letters: list[str], position: int) -> tuple[tuple[str, str], int]:
    current = letters[position]
    previous = letters[position - 1]
    following = letters[position + 1] if position + 1 < len(letters) else None
    if current in VOWELS:
        return (("A", "F"), 2) if current == "E" and following == "V" else (("A", "A"), 1)
    if current == "Q":
        return ("G", "G"), 1
    if current == "Z":
        return ("S", "S"), 1
    if current == "M":
        return ("N", "N"), 1
    if current == "K":
        return (("N", "N"), 1) if following == "N" else (("C", "C"), 1)
    if current == "S" and following == "C" and position + 2 < len(letters) and letters[position + 2] == "H":
        return ("S", "S"), 3
    if current == "P" and following == "H":
        return ("F", "F"), 2
    if current == "H" and (previous not in VOWELS or following is None or following not in VOWELS):
        return (previous, previous), 1
    if current == "W" and previous in VOWELS:
        return ("A", "A"), 1
    return (current, current), 1


def _weak_ending_removed(key: str) -> str:
    if len(key) > 1 and key.endswith("S"):
        key = key[:-1]
    if len(key) > 2 and key.endswith("AY"):
        key = key[:-2] + "Y"
    if len(key) > 1 and key.endswith("A"):
        key = key[:-1]
    return key


def last_name(name: str) -> str:
    """Before the first comma (all of it without one), without leading or trailing spaces."""
    return name.split(",", 1)[0].strip(" ")


def first_name(name: str) -> str:
    """After the first comma: past any spaces, up to the next space; empty without a comma."""
    if "," not in name:
        return ""
    return name.split(",", 1)[1].lstrip(" ").split(" ", 1)[0]
