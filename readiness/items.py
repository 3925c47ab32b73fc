"""Finding an item the way people type it: `ESN08`, `esn 08`, `08` or `8`."""

from __future__ import annotations

import re

from readiness.banks import Bank, Item
from readiness.errors import ReadinessError

_SEPARATORS = re.compile(r"[\s_-]+")


def _folded(text: str) -> str:
    """An id as compared: no spaces, hyphens or underscores, upper case (`NF-S01` is NFS01)."""
    return _SEPARATORS.sub("", text).upper()


def resolve_item(bank: Bank, text: str) -> Item:
    exact = bank.item_map.get(text)
    if exact is not None:  # as the bank writes it (an import's every row, say): at once
        return exact
    wanted = _folded(text)
    for item in bank.items:
        if _folded(item.id) == wanted:
            return item
    if wanted.isdecimal():  # not isdigit: '¹' is a digit int() cannot read (found by fuzzing)
        number = int(wanted)
        matches = [i for i in bank.items if _number(i.id) == number]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            ids = ", ".join(i.id for i in matches)
            raise ReadinessError(f"item {text!r} is ambiguous in {bank.id}: it could be {ids}")
    else:
        prefix = re.match(r"([A-Z]+)0*(\d+)$", wanted)
        if prefix:
            letters, number = prefix.group(1), int(prefix.group(2))
            matches = [
                i for i in bank.items
                if _folded(i.id).startswith(letters) and _number(i.id) == number
            ]
            if len(matches) == 1:
                return matches[0]
    examples = ", ".join(i.id for i in bank.items[:3])
    raise ReadinessError(
        f"no item {text!r} in bank {bank.id}",
        hint=f"Items look like {examples}…; `readiness banks show {bank.id}` lists them all.",
    )


def _number(item_id: str) -> int | None:
    match = re.search(r"(\d+)$", item_id)
    return int(match.group(1)) if match else None
