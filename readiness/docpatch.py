"""Laying a merged assessment into a file someone already has, keeping what they wrote.

A merge answers facts; a person's file has comments, hand edits and an order of its
own. `apply` changes only what differs between the file's own facts and the merged ones,
field by field: an entry that did not change keeps its comments, a response that did not
change is not touched at all, a new assessor's entry is added after the others, a new
action after the last one. Afterwards the file holds exactly the merged facts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import msgspec
import tomlkit
from tomlkit.items import AoT, InlineTable, Table

from readiness.assessment import (
    Action,
    Agreed,
    Assessment,
    Audit,
    Carried,
    Conflict,
    Document,
    Entry,
    EvidenceRef,
    Response,
    Snapshot,
)

if TYPE_CHECKING:
    from readiness.splice import Pieces

ENTRY_FIELDS = ("by", "grade", "evidence_strength", "note", "at", "serious", "cleared_at")
HEADER_FIELDS = ("bank_version", "bank_hash", "authority", "title", "demo", "created",
                 "updated")
_BUILTIN = (datetime, date)


def render(assessment: Assessment, heading: Iterable[str] = ()) -> tomlkit.TOMLDocument:
    """A new document holding `assessment` (for a file that has no earlier version),
    under `heading`'s comment lines."""
    doc = tomlkit.document()
    for line in heading:
        doc.add(tomlkit.comment(f" {line}"))
    doc["schema"] = assessment.schema
    doc["bank"] = assessment.bank
    empty = Assessment(schema=assessment.schema, bank=assessment.bank, authority="")
    doc["authority"] = ""
    apply(doc, assessment, empty)
    return doc


def apply(doc: tomlkit.TOMLDocument, new: Assessment, old: Assessment) -> None:
    """Make `doc` (whose content is `old`) hold `new`, changing only what differs."""
    _before_responses(doc, new, old)
    _responses(doc, old, new)
    _after_responses(doc, new, old)


def apply_in_pieces(pieces: Pieces, new: Assessment, old: Assessment,
                    differ: set[str] | None = None) -> str | None:
    """`apply` on a text cut in pieces (`readiness.splice`): only the head and tail and
    the chunks of responses that changed are parsed, so a merge laid into a large
    workshop's file takes tenths of a second, not seconds. Answers the text (before
    blank lines are put in), or None when the change needs the whole document (a
    response moved to or from `[orphaned]` or gone, a shape the pieces do not handle).
    `differ`: the items whose responses hold different facts, where already known
    (`readiness.merge.items_that_differ`); else each response is compared."""
    from readiness.merge import same_response
    from readiness.splice import NotHandled

    if old.orphaned != new.orphaned or set(old.responses) - set(new.responses):
        return None

    def reads_as(model: Assessment) -> Callable[[str, dict[str, Any]], bool]:
        def check(item_id: str, raw: dict[str, Any]) -> bool:
            wanted = model.responses.get(item_id)
            try:
                return wanted is not None and \
                    same_response(item_id, msgspec.convert(raw, Response), wanted)
            except msgspec.ValidationError:
                return False
        return check

    try:
        root = pieces.root()  # everything but the responses, in the order `apply` goes
        _before_responses(root, new, old)
        for item_id, after in new.responses.items():
            before = old.responses.get(item_id)
            if before is None or (item_id in differ if differ is not None
                                  else not same_response(item_id, before, after)):
                table = pieces.table(item_id, True, reads_as(old), plain=False)
                assert isinstance(table, Table)  # made when missing, tomlkit's
                _response(table, before or Response(), after)
        _after_responses(root, new, old)
    except NotHandled:
        return None
    return pieces.text(reads_as(new))


def _before_responses(doc: tomlkit.TOMLDocument, new: Assessment, old: Assessment) -> None:
    for name in HEADER_FIELDS:
        if getattr(old, name) != getattr(new, name):
            value = getattr(new, name)
            _set(doc, name, value if name == "authority" else _plain(value))
    for name in ("mock", "board"):
        if getattr(old, name) != getattr(new, name):
            _settings(doc, name, getattr(new, name))
    _list_and_maps(doc, "roster", old.roster, new.roster, new.roster_added, new.roster_removed)


def _after_responses(doc: tomlkit.TOMLDocument, new: Assessment, old: Assessment) -> None:
    _records(doc, "actions", old.actions, new.actions, _values)
    _map(doc, "actions_removed", new.actions_removed)
    _register(doc, old, new)
    _map(doc, "evidence_removed", new.evidence_removed)
    _records(doc, "snapshots", old.snapshots, new.snapshots, _values, replace=True)
    _records(doc, "audits", old.audits, new.audits, _values)
    _records(doc, "unmapped", old.unmapped, new.unmapped, _values)
    _records(doc, "conflicts", old.conflicts, new.conflicts, _values, replace=True)


# --- values ------------------------------------------------------------------------------


def _values(value: msgspec.Struct) -> dict[str, Any]:
    found: dict[str, Any] = msgspec.to_builtins(value, builtin_types=_BUILTIN)
    return found


def _plain(value: Any) -> Any:
    """A field's value as the file holds it; None and False-by-default mean "absent"."""
    if value is None or value is False or value == "" or value == [] or value == {}:
        return None
    return value


def multiline(value: str) -> Any:
    """Text with line breaks as a multi-line TOML string where it reads back exactly.

    Text holding a carriage return (pasted from Windows) stays on one line, escaped: TOML
    reads any line break inside a multi-line string back as a bare line feed.
    """
    if "\n" in value and "\r" not in value:
        return tomlkit.string(value, multiline=True)
    return value


def _item(value: Any) -> Any:
    if isinstance(value, str):
        return multiline(value)
    if isinstance(value, dict):
        table = tomlkit.inline_table()
        for key, inner in value.items():
            table[key] = _item(inner)
        return table
    if isinstance(value, list):
        array = tomlkit.array()
        for inner in value:
            array.append(_item(inner))
        return array
    return value


def _unwrap(value: Any) -> Any:
    unwrap = getattr(value, "unwrap", None)
    return unwrap() if callable(unwrap) else value


def _set(table: Any, key: str, value: Any) -> None:
    """Set a key (keeping its line's comment), or drop it when the value is absent."""
    if value is None:
        if key in table:
            del table[key]
        return
    if key in table and _unwrap(table[key]) == value:
        return
    table[key] = _item(value)


def _sync(table: Any, values: dict[str, Any], names: Sequence[str]) -> None:
    """Make `names` in `table` hold `values` (absent when missing), touching only changes."""
    for name in names:
        _set(table, name, _plain(values.get(name)))


def _table(values: dict[str, Any]) -> Table:
    table = tomlkit.table()
    for key, value in values.items():
        if isinstance(value, dict) and key in ("judgements", "grades"):
            inner = tomlkit.table()
            for k, v in value.items():
                inner[k] = _table(v) if isinstance(v, dict) else _item(v)
            table[key] = inner
        else:
            table[key] = _item(value)
    return table


def _settings(doc: tomlkit.TOMLDocument, key: str, value: msgspec.Struct | None) -> None:
    """A settings table ([mock], [board]): changed key by key, or added, or dropped."""
    current = doc.get(key)
    if value is None:
        if current is not None:
            del doc[key]
    elif isinstance(current, Table):
        _sync(current, _values(value), type(value).__struct_fields__)
    else:
        doc[key] = _table(_values(value))


def _map(table: Any, key: str, values: dict[str, datetime]) -> None:
    _set(table, key, dict(values) if values else None)


def _list_and_maps(table: Any, key: str, old: list[str], new: list[str],
                   added: dict[str, datetime], removed: dict[str, datetime]) -> None:
    """A set kept as a list (in the file's own order, new ones after) and its two maps."""
    if old != new:
        keep = set(new)
        ordered = [v for v in old if v in keep] + [v for v in new if v not in set(old)]
        current = table.get(key)
        if ordered and isinstance(current, list):
            for value in [v for v in _unwrap(current) if v not in keep]:
                current.remove(value)
            for value in ordered:
                if value not in current:
                    current.append(value)
        else:
            _set(table, key, ordered or None)
    _map(table, f"{key}_added", added)
    _map(table, f"{key}_removed", removed)


# --- responses ---------------------------------------------------------------------------


def _responses(doc: tomlkit.TOMLDocument, old: Assessment, new: Assessment) -> None:
    from readiness.merge import same_response

    for item_id in list(dict.fromkeys([*old.responses, *old.orphaned, *new.responses,
                                       *new.orphaned])):
        was_place = "responses" if item_id in old.responses else \
            "orphaned" if item_id in old.orphaned else None
        place = "responses" if item_id in new.responses else \
            "orphaned" if item_id in new.orphaned else None
        before = getattr(old, was_place)[item_id] if was_place else None
        after = getattr(new, place)[item_id] if place else None
        if was_place == place and (before == after or (
                before is not None and after is not None
                and same_response(item_id, before, after))):
            continue  # the file holds these facts already, laid out its own way
        if was_place is not None and place != was_place:
            moved = doc[was_place][item_id]
            del doc[was_place][item_id]
            if not doc[was_place]:
                del doc[was_place]
            if place is not None:
                _super(doc, place)[item_id] = moved
        if place is None:
            if was_place is not None and item_id in doc.get(was_place, {}):
                del doc[was_place][item_id]
            continue
        table = _super(doc, place)
        if item_id not in table:
            table[item_id] = tomlkit.table()
            before = None
        response_table = table[item_id]
        assert isinstance(response_table, Table)
        _response(response_table, before or Response(), after or Response())


def _super(doc: tomlkit.TOMLDocument, key: str) -> Table:
    if key not in doc:
        doc[key] = tomlkit.table(is_super_table=True)
    found = doc[key]
    assert isinstance(found, Table)
    return found


def _response(table: Table, old: Response, new: Response) -> None:
    if old.own() != new.own() or old.entries != new.entries:
        _entries(table, old, new)
    _set(table, "not_applicable", _plain(new.not_applicable) if new.not_applicable
         or new.not_applicable_at is None else False)
    _set(table, "not_applicable_at", new.not_applicable_at)
    for key in ("evidence", "cases"):
        _list_and_maps(table, key, getattr(old, key), getattr(new, key),
                       getattr(new, f"{key}_added"), getattr(new, f"{key}_removed"))
    if (old.agreed, old.agreements) != (new.agreed, new.agreements):
        _agreements(table, new)
    if _by_id(old.carried) != _by_id(new.carried):  # a merge sorts them; the file need not
        _rewritten(table, "carried", new.carried)


def _rewritten(table: Table, key: str, records: Sequence[msgspec.Struct]) -> None:
    """`table[key]` written afresh as an array of tables of `records` (none: no key)."""
    if records:
        listed = tomlkit.aot()
        for record in records:
            listed.append(_table(_values(record)))
        table[key] = listed
    elif key in table:
        del table[key]


def _by_id(records: list[Carried]) -> list[Carried]:
    return sorted(records, key=lambda r: r.id)


def _entries(table: Table, old: Response, new: Response) -> None:
    """Each assessor's entry stays where the file keeps it; new ones go after the others."""
    wanted: dict[str, Entry] = {}
    for entry in ([new.own()] if new.own() is not None else []) + new.entries:
        assert entry is not None
        wanted.setdefault(entry.by, entry)
    placed: set[str] = set()
    own = old.own()
    if own is not None and own.by in wanted:
        _sync(table, _values(wanted[own.by]), ENTRY_FIELDS)
        placed.add(own.by)
    elif own is not None:
        _sync(table, {}, ENTRY_FIELDS)
    listed = table.get("entries")
    if isinstance(listed, AoT):
        for n in reversed(range(len(listed))):
            by = str(listed[n].get("by", ""))
            if by in wanted and by not in placed:
                _sync(listed[n], _values(wanted[by]), ENTRY_FIELDS)
                placed.add(by)
            else:
                del listed[n]
        if not len(listed):
            del table["entries"]
    rest = [e for by, e in wanted.items() if by not in placed]
    mine = new.own()
    top_free = own is None or own.by not in placed
    if rest and mine is not None and mine.by not in placed and top_free:
        # the response's own entry sits on its table, as the model has it
        _sync(table, _values(mine), ENTRY_FIELDS)
        rest = [e for e in rest if e.by != mine.by]
    if not rest:
        return
    if "entries" not in table:
        table["entries"] = tomlkit.aot()
    listed = table["entries"]
    assert isinstance(listed, AoT)
    for entry in rest:
        listed.append(_table(_values(entry)))


def _agreements(table: Table, new: Response) -> None:
    write_agreements(table, new.agreed, new.agreements)


def write_agreements(table: Table, agreed: Agreed | None, others: Sequence[Agreed]) -> None:
    """A response's agreements: `agreed`, the one that counts, kept where the file has it
    (inline or a table of its own), and every other record in `agreements`. Shared by a
    change made in the app or a command (`readiness.edits`) and a merge laid into a file,
    so both write the same bytes."""
    current = table.get("agreed")
    if agreed is None:
        _set(table, "agreed", None)
    elif isinstance(current, InlineTable):
        _set(table, "agreed", _values(agreed))
    else:
        if isinstance(current, Table):
            _sync(current, _values(agreed), Agreed.__struct_fields__)
        else:
            table["agreed"] = _table(_values(agreed))
    _rewritten(table, "agreements", others)


# --- lists of records by id ----------------------------------------------------------------


def _records(doc: tomlkit.TOMLDocument, key: str, old: Sequence[Any], new: Sequence[Any],
             values: Callable[[Any], dict[str, Any]], *, replace: bool = False) -> None:
    """An array of tables whose entries have ids: changed ones are changed in place."""
    if list(old) == list(new):
        return
    before = {r.id: r for r in old}
    after = {r.id: r for r in new}
    listed = doc.get(key)
    if not isinstance(listed, AoT):
        listed = None
    if listed is not None:
        seen: set[str] = set()
        for n in reversed(range(len(listed))):
            record_id = str(listed[n].get("id", ""))
            if record_id not in after or record_id in seen:
                del listed[n]
                continue
            seen.add(record_id)
            if before.get(record_id) != after[record_id]:
                if replace:
                    listed[n] = _table(values(after[record_id]))
                else:
                    fields = type(after[record_id]).__struct_fields__
                    _sync(listed[n], values(after[record_id]), fields)
    present = {str(t.get("id", "")) for t in listed} if listed is not None else set()
    fresh = [r for r in new if r.id not in present]
    if fresh:
        if listed is None:
            doc[key] = tomlkit.aot()
            listed = doc[key]
            assert isinstance(listed, AoT)
        for record in fresh:
            listed.append(_table(values(record)))
    if listed is not None and not len(listed):
        del doc[key]


def _register(doc: tomlkit.TOMLDocument, old: Assessment, new: Assessment) -> None:
    if old.evidence == new.evidence:
        return
    register = doc.get("evidence")
    for code in [c for c in old.evidence if c not in new.evidence]:
        if isinstance(register, Table) and code in register:
            del register[code]
    for code, ref in new.evidence.items():
        if old.evidence.get(code) == ref:
            continue
        register = _super(doc, "evidence")
        if code not in register:
            register[code] = _table(_values(ref))
            continue
        table = register[code]
        assert isinstance(table, Table)
        _sync(table, _values(ref), Document.__struct_fields__)
        if old.evidence[code].also != ref.also:
            if ref.also:
                listed = tomlkit.aot()
                for document in ref.also:
                    listed.append(_table(_values(document)))
                table["also"] = listed
            elif "also" in table:
                del table["also"]
    register = doc.get("evidence")
    if isinstance(register, Table) and not register:
        del doc["evidence"]


__all__ = ["Action", "Audit", "Conflict", "EvidenceRef", "Snapshot", "apply", "render"]
