"""How people are sorted: by family name, which Vietnamese names give first and
Russian (and most other) names last."""

from __future__ import annotations

import unicodedata

FAMILY_NAME_FIRST = ("vietnam", "viet nam")
"""Countries (as the ``country`` field begins) whose names put the family name first."""


def family_first(name: str, country: str) -> str:
    """``name`` with the family name first: as written for Vietnamese names
    (Nguyễn Xuân Phúc), the last word moved to the front otherwise
    (Alexei Kosygin → Kosygin Alexei)."""
    words = name.split()
    if len(words) < 2 or country.strip().casefold().startswith(FAMILY_NAME_FIRST):
        return " ".join(words)
    return " ".join([words[-1], *words[:-1]])


def sort_key(text: str) -> str:
    """``text`` folded for sorting: case and diacritics ignored (Nguyễn sorts
    with Nguyen, Đặng with Dang)."""
    folded = unicodedata.normalize("NFKD", text.casefold().replace("đ", "d"))
    return "".join(char for char in folded if not unicodedata.combining(char))


def initial(sort_name: str) -> str:
    """The group a sort name is listed under: its first letter, without
    diacritics ('#' when it does not start with a letter)."""
    folded = sort_key(sort_name).lstrip()
    return folded[0].upper() if folded and folded[0].isalpha() else "#"
