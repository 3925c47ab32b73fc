"""Crosswalks: which items and judgements of one framework answer to which of another's.

A crosswalk is data (`questionbanks/crosswalks/*.toml`), many-to-many: each `[[link]]`
joins a list of ids on the `from` side to a list on the `to` side, says how they relate
and on what basis, and why in a note. The `to` side is a bank, or, where no bank exists
(the ILACS text is not shipped), a framework the file declares itself with `[[target]]`.
Like banks, a crosswalk is read with `tomllib`, its shape is one set of msgspec Structs,
and every problem is a `FILE:LINE: message`.

A relationship reads from left to right: `subset` says the `from` side asks for part of
what the `to` side asks, `superset` that it asks for more, `overlap` that each asks for
something the other does not, `equal` that they ask the same. Read the other way round,
subset and superset swap.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal

import msgspec

from readiness.banks import Bank, BankSet, decode_toml, shipped_dir
from readiness.errors import BankError, ErrorList, ReadinessError

Relationship = Literal["equal", "subset", "superset", "overlap"]
Basis = Literal["framework", "method"]
CHOICES: dict[str, tuple[str, ...]] = {
    "relationship": ("equal", "subset", "superset", "overlap"),
    "basis": ("framework", "method"),
}
REVERSED: dict[str, Relationship] = {
    "equal": "equal", "subset": "superset", "superset": "subset", "overlap": "overlap"}
FOLDER = "crosswalks"


class _Shape(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, frozen=True):
    """Base of every crosswalk table: unknown keys are errors, not silently ignored."""


class Target(_Shape, frozen=True, kw_only=True):
    """One judgement or item of a framework that has no bank (ILACS), named, not quoted."""

    id: str
    title: str
    source: str = ""


class Link(_Shape, frozen=True, kw_only=True):
    """These ids on the `from` side answer to those on the `to` side, in this way."""

    from_: list[str] = msgspec.field(name="from")
    to: list[str]
    relationship: Relationship
    basis: Basis
    """`framework`: a document says they correspond; `method`: this app's reading."""
    note: str = ""
    """Why: what the two texts share and where they differ."""


class Grades(_Shape, frozen=True, kw_only=True):
    """How a grade on the `from` bank is proposed on the `to` bank when an assessment is
    carried across (`readiness carry`): a proposal for people to review, never a grade."""

    map: dict[str, str]
    """A grade slug of the `from` bank's scale to one of the `to` bank's."""
    basis: Basis
    says: str
    """The reading in words, for the carry's output and the carried items."""


class Crosswalk(_Shape, frozen=True, kw_only=True):
    """A whole crosswalk file."""

    id: str
    title: str
    from_: str = msgspec.field(name="from")
    """The id of the bank the links start from."""
    to: str
    """A bank id, or the name of the framework declared below with [[target]] (declared
    targets are used even if a bank of that id is added later: the file stands alone)."""
    source: list[str] = []
    description: str = ""
    targets: list[Target] = msgspec.field(name="target", default_factory=list)
    links: list[Link] = msgspec.field(name="link", default_factory=list)
    grades: Grades | None = None


def is_crosswalk(raw: dict[str, Any]) -> bool:
    """A TOML document is a crosswalk, not a bank, when it has links, targets or from/to."""
    return "link" in raw or "target" in raw or "grades" in raw or ("from" in raw and "to" in raw)


# --- reading and checking ----------------------------------------------------------------


def parse(path: Path, text: str) -> Crosswalk:
    """The file's shape, with FILE:LINE for anything msgspec rejects."""
    from readiness import limits

    return decode_toml(path, text, Crosswalk, limits.CROSSWALK, _readable)


def _readable(message: str, where: tuple[str | int, ...]) -> str:
    """`link[3].relationship: 'same' is not one of equal, subset, superset, overlap`."""
    label = ".".join(p if isinstance(p, str) else f"[{p + 1}]" for p in where)
    label = label.replace(".[", "[")
    field = where[-1] if where and isinstance(where[-1], str) else ""
    value = re.match(r"Invalid enum value (.+)$", message)
    if value and field in CHOICES:
        message = f"{value.group(1)} is not one of {', '.join(CHOICES[field])}"
    return f"{label}: {message}" if label else message


class Side(msgspec.Struct, frozen=True):
    """What one side of a crosswalk offers to link to: ids and their names, in order."""

    framework: str
    items: dict[str, str]
    judgements: dict[str, str]
    targets: dict[str, str]
    members: dict[str, list[str]] = {}
    """Judgement id to the items that count toward it."""

    @property
    def ids(self) -> dict[str, str]:
        return {**self.items, **self.judgements, **self.targets}

    @classmethod
    def of_bank(cls, bank: Bank) -> Side:
        return cls(
            bank.id,
            {i.id: i.short or i.text for i in bank.items},
            {j.id: (f"{j.label}: " if j.label else "") + (j.short or j.title)
             for j in bank.judgements},
            {},
            {jid: [i.id for i in items] for jid, items in bank.items_by_judgement.items()},
        )

    @classmethod
    def of_targets(cls, framework: str, targets: Iterable[Target]) -> Side:
        return cls(framework, {}, {}, {t.id: t.title for t in targets})


BankLookup = Callable[[str], "Bank | None"]


def check(crosswalk: Crosswalk, path: Path, text: str, banks: BankLookup) -> list[BankError]:
    """Every id on both sides exists; no target list for a bank; no link twice."""
    from readiness.tomlpos import TomlPositions

    pos = TomlPositions(text)
    errors: list[BankError] = []

    def err(message: str, *where: str | int) -> None:
        errors.append(BankError(message, file=path, line=pos.line_of(where)))

    source = banks(crosswalk.from_)
    if source is None:
        err(f"`from` names bank {crosswalk.from_!r}, which is not a bank here "
            "(see `readiness banks list`)", "from")
    target = None if crosswalk.targets else banks(crosswalk.to)
    if target is None and not crosswalk.targets:
        err(f"`to` names {crosswalk.to!r}, which is not a bank here: declare its "
            "judgements or items with [[target]] (id, title, source)", "to")
    seen: set[str] = set()
    for n, t in enumerate(crosswalk.targets):
        if t.id in seen:
            err(f"duplicate target id {t.id!r}", "target", n, "id")
        seen.add(t.id)

    sides = {
        "from": Side.of_bank(source) if source else None,
        "to": Side.of_bank(target) if target else Side.of_targets(crosswalk.to,
                                                                    crosswalk.targets),
    }
    if crosswalk.grades is not None:
        _check_grades(crosswalk.grades, source, target, err)
    links: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
    for n, link in enumerate(crosswalk.links):
        for key, ids in (("from", link.from_), ("to", link.to)):
            side = sides[key]
            if not ids:
                err(f"link {n + 1} has no ids on its `{key}` side", "link", n, key)
            if side is None:
                continue
            known = side.ids
            what = "target" if side.targets else "item or judgement"
            for ident in ids:
                if ident not in known:
                    err(f"link {n + 1}: {ident!r} is not {'a' if what == 'target' else 'an'} "
                        f"{what} of {side.framework}", "link", n, key)
        pair = (tuple(sorted(link.from_)), tuple(sorted(link.to)))
        if pair in links:
            err(f"link {n + 1} joins the same ids as an earlier link", "link", n)
        links.add(pair)
    return errors


def _check_grades(grades: Grades, source: Bank | None, target: Bank | None,
                  err: Callable[..., None]) -> None:
    """Every grade named is on its bank's scale, and every grade of `from` is mapped."""
    for bank, slugs, side in ((source, list(grades.map), "from"),
                              (target, list(grades.map.values()), "to")):
        if bank is None:
            continue
        scale = [g.slug for g in bank.scale]
        for slug in slugs:
            if slug not in scale:
                err(f"grades.map: {slug!r} is not a grade of {bank.id} ({', '.join(scale)})",
                    "grades", "map")
        if side == "from":
            missing = [g for g in scale if g not in grades.map]
            if missing:
                err(f"grades.map: no proposal for {', '.join(missing)} of {bank.id}",
                    "grades", "map")


def load_crosswalk(path: Path, banks: BankLookup) -> Crosswalk:
    """Read and check one crosswalk file; every problem found is raised together."""
    from readiness import limits

    try:
        text = limits.read_text(path, limits.CROSSWALK, BankError)
    except FileNotFoundError:
        raise BankError("no such crosswalk file", file=path) from None
    crosswalk = parse(path, text)
    errors = check(crosswalk, path, text, banks)
    if errors:
        raise ErrorList(list(errors)) if len(errors) > 1 else errors[0]
    return crosswalk


def lookup(banks: BankSet, extra: Iterable[Bank] = ()) -> BankLookup:
    """A bank by id: those given first (being validated now), then the user's and shipped."""
    given = {b.id: b for b in extra}

    def find(bank_id: str) -> Bank | None:
        if bank_id in given:
            return given[bank_id]
        # A broken bank in the user's folder is its own error, raised here, not "not a bank".
        return next((b for b in banks.all() if b.id == bank_id), None)

    return find


def is_crosswalk_file(path: Path) -> bool:
    """Tell a crosswalk from a bank by its top-level keys (unreadable files are 'banks',
    so that loading them as a bank reports the problem)."""
    import tomllib

    from readiness import limits
    from readiness.errors import ReadinessError

    try:
        text = limits.read_text(path, limits.CROSSWALK, BankError)
        limits.check_toml(text, path, limits.CROSSWALK, BankError)
        return is_crosswalk(tomllib.loads(text))
    except (OSError, ReadinessError, tomllib.TOMLDecodeError):
        return False


def files(banks_dir: Path | str | None = None) -> list[Path]:
    """The crosswalks that come with the app, then any in the user's banks folder."""
    found = sorted((shipped_dir() / FOLDER).glob("*.toml"))
    # (shipped first; find_map reads them the other way round, so yours win)
    extra = banks_dir if banks_dir is not None else os.environ.get("READINESS_BANKS")
    if extra:
        found += sorted((Path(extra) / FOLDER).glob("*.toml"))
    return found


# --- a map between two frameworks ----------------------------------------------------------


class MapLink(msgspec.Struct, frozen=True):
    from_: list[str]
    to: list[str]
    relationship: Relationship
    basis: Basis
    note: str


class Map(msgspec.Struct, frozen=True):
    """A crosswalk read in the direction asked for, with what has no counterpart."""

    crosswalk: str
    title: str
    description: str
    left: Side
    right: Side
    reversed: bool
    links: list[MapLink]
    unmatched_left: list[str]
    unmatched_right: list[str]
    grades: dict[str, str] = {}
    """A grade on the left to the one proposed on the right (empty: none given, or the
    crosswalk's map cannot be read backwards because two grades go to one)."""
    grades_says: str = ""

    def name(self, ident: str, *, right: bool = False) -> str:
        """What an id on one side is called (the same id may be on both sides)."""
        return (self.right if right else self.left).ids.get(ident, ident)

    def as_dict(self) -> dict[str, Any]:
        """The shape `readiness banks map --json` prints."""
        return {
            "crosswalk": self.crosswalk,
            "title": self.title,
            "from": self.left.framework,
            "to": self.right.framework,
            "reversed": self.reversed,
            "links": [{"from": link.from_, "to": link.to, "relationship": link.relationship,
                       "basis": link.basis, "note": link.note} for link in self.links],
            "no_counterpart": {
                self.left.framework: self.unmatched_left,
                self.right.framework: self.unmatched_right,
            },
            "grades": {"map": self.grades, "says": self.grades_says},
        }


def _unmatched(side: Side, used: set[str]) -> list[str]:
    """What a side offers, at the levels the crosswalk links it, that no link reaches.

    A judgement is reached when it is linked or any of its items is.
    """
    out: list[str] = []
    for level in (side.items, side.judgements, side.targets):
        if used & level.keys():
            out += [ident for ident in level if ident not in used
                    and not used & set(side.members.get(ident, ()))]
    return out


def build_map(crosswalk: Crosswalk, left: str, banks: BankLookup) -> Map:
    """The crosswalk read from `left` (either of its two sides) to the other."""
    source = banks(crosswalk.from_)
    target = None if crosswalk.targets else banks(crosswalk.to)
    if source is None:
        raise BankError(f"crosswalk {crosswalk.id!r} starts from bank {crosswalk.from_!r}, "
                        "which is not a bank here")
    from_side = Side.of_bank(source)
    to_side = Side.of_bank(target) if target else Side.of_targets(crosswalk.to,
                                                                   crosswalk.targets)
    flip = left != crosswalk.from_
    links = [
        MapLink(link.to, link.from_, REVERSED[link.relationship], link.basis, link.note)
        if flip else MapLink(link.from_, link.to, link.relationship, link.basis, link.note)
        for link in crosswalk.links
    ]
    a, b = (to_side, from_side) if flip else (from_side, to_side)
    used_a = {i for link in links for i in link.from_}
    used_b = {i for link in links for i in link.to}
    grades, says = _grades_read(crosswalk.grades, flip)
    return Map(crosswalk.id, crosswalk.title, crosswalk.description, a, b, flip, links,
               _unmatched(a, used_a), _unmatched(b, used_b), grades, says)


def _grades_read(grades: Grades | None, flip: bool) -> tuple[dict[str, str], str]:
    """The crosswalk's grade map in the direction asked for (backwards only if one-to-one)."""
    if grades is None:
        return {}, ""
    if not flip:
        return dict(grades.map), grades.says
    backwards = {to: from_ for from_, to in grades.map.items()}
    return (backwards, grades.says) if len(backwards) == len(grades.map) else ({}, "")


def find_map(banks: BankSet, one: str, other: str) -> Map:
    """The map between two frameworks, whichever way round its crosswalk was written.

    Your own crosswalks come first: one for the same two frameworks as a shipped one (say
    to your own ILACS bank) is the one used.
    """
    find = lookup(banks)
    known: list[str] = []
    for path in reversed(files(banks.extra_dir)):
        crosswalk = load_crosswalk(path, find)
        known.append(f"{crosswalk.from_} ↔ {crosswalk.to}")
        if {crosswalk.from_, crosswalk.to} == {one, other} and one != other:
            return build_map(crosswalk, one, find)
    raise ReadinessError(
        f"no crosswalk between {one!r} and {other!r}",
        hint=("Crosswalks: " + "; ".join(known) + "." if known else
              "No crosswalks are installed.")
        + f" Add one as {FOLDER}/*.toml in your banks folder.",
    )


class Counterpart(msgspec.Struct, frozen=True):
    """What answers to an item (or its judgement) in another framework, and how."""

    framework: str
    """The other framework's bank id (or its declared name)."""
    ids: list[str]
    names: list[str]
    relationship: Relationship
    note: str
    via: str = ""
    """Empty when the item itself is linked; else the judgement whose link this is."""


def maps_from(banks: BankSet, bank_id: str) -> list[Map]:
    """Every crosswalk that has `bank_id` on one side, read from that side.

    A crosswalk that cannot be read is left out here (`readiness banks validate` names its
    problem): an item's counterparts are a help, never a reason to refuse to open a file.
    """
    find = lookup(banks)
    found: list[Map] = []
    seen: set[frozenset[str]] = set()
    for path in reversed(files(banks.extra_dir)):
        try:
            crosswalk = load_crosswalk(path, find)
            if bank_id not in (crosswalk.from_, crosswalk.to):
                continue
            pair = frozenset((crosswalk.from_, crosswalk.to))
            if pair in seen:  # your own crosswalk for a pair replaces the shipped one
                continue
            seen.add(pair)
            found.append(build_map(crosswalk, bank_id, find))
        except ReadinessError:
            continue
    return found


def counterparts(maps: Iterable[Map], item_id: str, judgements: Iterable[str] = ()
                 ) -> list[Counterpart]:
    """What answers to `item_id` in each mapped framework; failing that, to its judgements."""
    out: list[Counterpart] = []
    for found in maps:
        direct = [link for link in found.links if item_id in link.from_]
        via = "" if direct else next((j for j in judgements
                                      if any(j in link.from_ for link in found.links)), "")
        for link in direct or [link for link in found.links if via and via in link.from_]:
            out.append(Counterpart(found.right.framework, list(link.to),
                                   [found.name(i, right=True) for i in link.to],
                                   link.relationship, link.note, via))
    return out
