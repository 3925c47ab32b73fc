"""Carrying an assessment into another framework (`readiness carry FROM --to BANK -o NEW`).

Through the crosswalk between the two banks, each item's work goes to the items that
answer to it: its evidence references and case IDs are attached there, its rationale and
grade are kept as a `Carried` record that *proposes* a grade (by the crosswalk's grade
map, else by the grade's place on each scale) and counts toward nothing until someone
confirms or changes it. Actions and case audits go to the first item that answers to
theirs, marked with where they came from. Nothing is dropped: whatever has no item to go
to (an item the crosswalk leaves out or links only to a judgement, a snapshot, mock
inspection settings, a conflict still open) is kept in the new file's `[[unmapped]]`
records and listed in the command's output.

Pure: `carry` makes the new assessment from the old one; `carry_file` reads and writes.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import msgspec

from readiness.assessment import (
    Action,
    Assessment,
    Audit,
    Carried,
    EvidenceRef,
    Response,
    Unmapped,
    derived_id,
    now,
)
from readiness.banks import Bank, BankSet
from readiness.crosswalks import Map
from readiness.errors import AssessmentError, ReadinessError
from readiness.judgement import item_view


class Line(msgspec.Struct, frozen=True):
    """One thing carried, in words, for the command's output."""

    source: str
    """The item (or action, audit) it came from."""
    target: list[str]
    """Where it went (empty: unmapped)."""
    words: str


class CarryReport(msgspec.Struct, frozen=True):
    """What `carry` did, for the command to print."""

    source_bank: str
    target_bank: str
    grades_says: str
    carried: list[Line]
    unmapped: list[Unmapped]
    to_review: int
    """Items of the new bank with a carried grade to review."""
    evidence: int
    """Evidence register entries copied."""
    actions: int
    audits: int
    out: Path | None = None
    written: bool = False


Rebase = Callable[[str], str]
"""A relative evidence location in the old file's folder, as the new file should hold it."""


def carry(source: Assessment, source_bank: Bank, target: Bank, crosswalk: Map, *,
          by: str, at: datetime | None = None, rebase: Rebase = str
          ) -> tuple[Assessment, CarryReport]:
    """A new assessment of `target` holding what `source` held, and what was done."""
    if crosswalk.left.framework != source_bank.id or crosswalk.right.framework != target.id:
        raise ReadinessError(f"the crosswalk {crosswalk.crosswalk!r} does not read from "
                             f"{source_bank.id} to {target.id}")
    stamp = at or now()
    proposals = proposed_grades(source_bank, target, crosswalk)
    links = _links(source_bank, crosswalk)
    wholes = judgement_links(source_bank, crosswalk)
    lines: list[Line] = []
    unmapped: list[Unmapped] = []
    responses: dict[str, Response] = {}

    def lost(kind: str, item: str, text: str, what: str, key: str = "") -> None:
        judgement = wholes.get(item, "")
        unmapped.append(Unmapped(id=derived_id("carry", source_bank.id, kind, key or item, text),
                                 bank=source_bank.id, kind=kind,  # type: ignore[arg-type]
                                 item=item, judgement=judgement, text=text, at=stamp))
        lines.append(Line(what, [], "no counterpart" + (
            f" item (the crosswalk points to {judgement} as a whole)" if judgement else "")))

    for item in source_bank.items:
        response = source.responses.get(item.id)
        if response is None or not _holds_anything(response):
            continue
        view = item_view(item.id, response, source_bank)
        grade = source_bank.scale[view.likely].slug if view.likely is not None else ""
        rationale = _rationale(response)
        targets = links.get(item.id, ([], ""))[0]
        if not targets:
            lost("response", item.id, _response_words(source_bank, grade, response, rationale),
                 item.id)
            continue
        strength = view.strength if any(e.evidence_strength for e in response.assessors()) \
            or (response.agreed and response.agreed.evidence_strength) else ""
        for target_id in targets:
            carried = Carried(
                id=derived_id("carry", source_bank.id, item.id, target_id),
                bank=source_bank.id, item=item.id, grade=grade,
                proposed=proposals.get(grade, ""), relationship=links[item.id][1],
                note=rationale, not_applicable=response.not_applicable,
                evidence_strength=strength, evidence=list(response.evidence),
                cases=list(response.cases), by=by, at=stamp)
            responses[target_id] = _with_carried(responses.get(target_id), carried, stamp)
        lines.append(Line(item.id, targets, _carried_words(source_bank, target, grade,
                                                           proposals.get(grade, ""), response)))

    for orphan_id, response in source.orphaned.items():
        lost("response", orphan_id, _response_words(source_bank, "", response,
                                                    _rationale(response)), orphan_id)

    actions: list[Action] = []
    for action in source.actions:
        targets = links.get(action.item, ([], ""))[0]
        label = f"action {source.action_label(action.id)} ({action.item})"
        if targets:
            actions.append(msgspec.structs.replace(
                action, item=targets[0], carried_from=f"{source_bank.id} {action.item}",
                at=stamp))
            lines.append(Line(label, [targets[0]], f"“{_short(action.text)}”"))
        else:
            lost("action", action.item, _action_words(action), label, action.id)

    audits: list[Audit] = []
    for audit in source.live_audits():
        targets = links.get(audit.item, ([], ""))[0]
        label = f"audit {audit.id} (case {audit.case}, {audit.item})"
        proposed = proposals.get(audit.grade, "")
        if targets and proposed:
            audits.append(msgspec.structs.replace(
                audit, item=targets[0], grade=proposed,
                carried_from=f"{source_bank.id} {audit.item} "
                             f"({source_bank.grade_label(audit.grade).lower()})"))
            lines.append(Line(label, [targets[0]], f"{_grade(source_bank, audit.grade)} there, "
                                                   f"{_grade(target, proposed)} here"))
        else:
            lost("audit", audit.item, _audit_words(source_bank, audit), label, audit.id)

    for snapshot in source.snapshots:
        overall = ", ".join(f"{_judgement_name(source_bank, j)} {_grade(source_bank, s.likely)}"
                            for j, s in snapshot.judgements.items())
        lost("snapshot", "", f"{snapshot.label} ({snapshot.taken:%d %B %Y}): {overall}".rstrip(
            ": "), f"snapshot {snapshot.label}", snapshot.id)
    if source.mock is not None:
        mock = source.mock
        lost("setting", "", "mock inspection settings: " + ", ".join(
            f"{k} {v}" for k, v in msgspec.structs.asdict(mock).items() if v not in (None, "")),
            "mock inspection settings", "mock")
    for conflict in source.conflicts:
        if conflict.open:
            lost("conflict", conflict.fact[1] if len(conflict.fact) > 1 else "",
                 f"{conflict.kind} on {' '.join(conflict.fact)}: {conflict.values}",
                 f"conflict {conflict.id}", conflict.id)

    evidence = {code: _rebased(ref, rebase) for code, ref in source.evidence.items()}
    new = Assessment(
        schema=source.schema, bank=target.id, bank_version=target.version,
        bank_hash=target.digest, authority=source.authority,
        title=_title(source, source_bank, target), demo=source.demo, created=stamp,
        updated=stamp, roster=list(source.roster),
        roster_added={p: stamp for p in source.roster}, responses=responses,
        actions=actions, evidence=evidence, audits=audits, unmapped=unmapped,
        board=source.board)
    report = CarryReport(
        source_bank=source_bank.id, target_bank=target.id,
        grades_says=crosswalk.grades_says or _by_place_says(source_bank, target),
        carried=lines, unmapped=unmapped,
        to_review=sum(1 for r in responses.values() if any(c.proposed for c in r.carried)),
        evidence=len(evidence), actions=len(actions), audits=len(audits))
    return new, report


# --- grades -------------------------------------------------------------------------------


def proposed_grades(source: Bank, target: Bank, crosswalk: Map) -> dict[str, str]:
    """Each grade of `source` to the grade proposed on `target`.

    The crosswalk's `[grades]` map where it has one; else by place on each scale: the
    best grade to the best, the benchmark to the benchmark, the worst to the worst, and a
    grade between the benchmark and the worst to the first grade below the benchmark.
    """
    scale = {g.slug for g in target.scale}
    if crosswalk.grades and all(v in scale for v in crosswalk.grades.values()):
        return dict(crosswalk.grades)
    return {g.slug: _by_place(source, target, g.slug) for g in source.scale}


def _position(bank: Bank, slug: str) -> str:
    index = bank.grade_index[slug]
    benchmark = bank.grade_index[bank.rules.benchmark.grade]
    if index == benchmark:
        return "benchmark"
    if index == len(bank.scale) - 1:
        return "worst"
    return "best" if index < benchmark else "below"


def _by_place(source: Bank, target: Bank, slug: str) -> str:
    benchmark = target.grade_index[target.rules.benchmark.grade]
    place = _position(source, slug)
    if place == "best":
        return target.scale[0].slug
    if place == "benchmark":
        return target.scale[benchmark].slug
    if place == "worst":
        return target.scale[-1].slug
    return target.scale[min(benchmark + 1, len(target.scale) - 1)].slug


def _by_place_says(source: Bank, target: Bank) -> str:
    pairs = ", ".join(
        f"{_grade(source, g.slug)} as {_grade(target, _by_place(source, target, g.slug))}"
        for g in source.scale)
    return (f"The crosswalk gives no grade map, so a grade is proposed at its place on each "
            f"scale (the benchmark to the benchmark): {pairs}. A proposal to review, never "
            "a grade.")


def _grade(bank: Bank, slug: str) -> str:
    return bank.grade_label(slug).lower() if slug in bank.grade_index else slug or "not graded"


# --- the pieces ---------------------------------------------------------------------------


def _links(bank: Bank, crosswalk: Map) -> dict[str, tuple[list[str], str]]:
    """Each item of the source bank to the target items that answer to it (in the order
    the crosswalk gives them) and how they relate; judgement-level targets are left out
    here and found by `_judgement_of`."""
    target_items = crosswalk.right.items
    out: dict[str, tuple[list[str], str]] = {}
    for link in crosswalk.links:
        items = [t for t in link.to if t in target_items]
        for source_id in link.from_:
            if source_id not in bank.item_map or not items:
                continue
            found, relationship = out.get(source_id, ([], link.relationship))
            found += [t for t in items if t not in found]
            out[source_id] = (found, relationship if relationship == link.relationship
                              else "overlap")
    return out


def _holds_anything(response: Response) -> bool:
    return bool(response.assessed or response.not_applicable or response.evidence
                or response.cases or _rationale(response))


def _rationale(response: Response) -> str:
    """What the assessors wrote: the agreed note, then each assessor's (named if several)."""
    notes: list[tuple[str, str]] = []
    if response.agreed is not None and response.agreed.note.strip():
        notes.append(("agreed", response.agreed.note.strip()))
    for entry in response.assessors():
        if entry.note.strip() and entry.note.strip() not in (n for _, n in notes):
            notes.append((entry.by, entry.note.strip()))
    if response.note.strip() and response.note.strip() not in (n for _, n in notes):
        notes.append(("", response.note.strip()))
    if len(notes) == 1:
        return notes[0][1]
    return "\n".join(f"{who}: {text}" if who else text for who, text in notes)


def _with_carried(response: Response | None, carried: Carried, stamp: datetime) -> Response:
    """The target item's response with one more carried record and its attachments."""
    base = response or Response()
    evidence = list(dict.fromkeys([*base.evidence, *carried.evidence]))
    cases = list(dict.fromkeys([*base.cases, *carried.cases]))
    return msgspec.structs.replace(
        base, carried=[*base.carried, carried], evidence=evidence,
        evidence_added={**base.evidence_added, **{c: stamp for c in carried.evidence}},
        cases=cases, cases_added={**base.cases_added, **{c: stamp for c in carried.cases}})


def _carried_words(source: Bank, target: Bank, grade: str, proposed: str,
                   response: Response) -> str:
    parts = []
    if response.not_applicable:
        parts.append("not applicable there (to review)")
    elif grade:
        parts.append(f"{_grade(source, grade)} there, {_grade(target, proposed)} proposed")
    else:
        parts.append("not graded there")
    attached = len(response.evidence) + len(response.cases)
    if attached:
        parts.append(f"{attached} reference{'s' if attached != 1 else ''} attached")
    if _rationale(response):
        parts.append("rationale kept")
    return ", ".join(parts)


def _response_words(bank: Bank, grade: str, response: Response, rationale: str) -> str:
    head = "not applicable" if response.not_applicable else (
        _grade(bank, grade) if grade else "not graded")
    parts = [head]
    if response.evidence:
        parts.append("evidence " + ", ".join(response.evidence))
    if response.cases:
        parts.append("cases " + ", ".join(response.cases))
    text = "; ".join(parts)
    return f"{text}: {rationale}" if rationale else text


def _action_words(action: Action) -> str:
    extra = [action.status.replace("_", " ")]
    if action.owner:
        extra.append(f"owner {action.owner}")
    if action.due:
        extra.append(f"due {action.due:%d %B %Y}")
    return f"{action.text} ({', '.join(extra)})"


def _audit_words(bank: Bank, audit: Audit) -> str:
    text = f"case {audit.case}: {_grade(bank, audit.grade)}, audited by {audit.by} on " \
           f"{audit.at:%d %B %Y}"
    return f"{text}: {audit.note}" if audit.note else text


def _judgement_name(bank: Bank, judgement_id: str) -> str:
    found = bank.judgement_map.get(judgement_id)
    return (found.short or found.title).lower() if found else judgement_id


def _short(text: str, most: int = 60) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def _title(source: Assessment, source_bank: Bank, target: Bank) -> str:
    return (f"{source.authority}: self-assessment against {target.title}, carried from "
            f"the {source_bank.title}")


def _rebased(ref: EvidenceRef, rebase: Rebase) -> EvidenceRef:
    if ref.kind != "file" or not ref.location:
        return ref
    return msgspec.structs.replace(ref, location=rebase(ref.location), also=[
        msgspec.structs.replace(d, location=rebase(d.location)) if d.kind == "file" else d
        for d in ref.also])


# --- the files ----------------------------------------------------------------------------


def rebaser(source_folder: Path, new_folder: Path) -> Rebase:
    """Relative locations keep pointing at the same file from the new file's folder:
    relative still where the file is inside that folder (a relative location never
    climbs out of its assessment's folder), else the full path."""
    from readiness.edits import _climbs_out, _is_absolute, _relative

    same = _same(source_folder, new_folder)

    def rebase(location: str) -> str:
        if same or _is_absolute(location) or "://" in location:
            return location
        target = (source_folder / location).resolve()
        moved = _relative(target, new_folder.resolve())
        if _climbs_out(moved):
            return str(target)
        return moved.replace(os.sep, "/") if "/" in location or os.sep == "/" else moved

    return rebase


def _same(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve()
    except OSError:
        return False


def carry_file(source_path: Path, to: str, out: Path, banks: BankSet, *, by: str,
               force: bool = False) -> CarryReport:
    """Read `source_path`, carry it to bank `to` and write `out` (never over a file
    unless `force`; never over the source)."""
    from readiness import store
    from readiness.assessment import raise_problems
    from readiness.crosswalks import find_map
    from readiness.docpatch import render
    from readiness.edits import Editable

    if out.suffix.lower() != ".toml":
        raise AssessmentError("an assessment file name ends in .toml", file=out)
    if out.exists() and _same(out, source_path):
        raise AssessmentError("the new assessment cannot replace the one it is carried from",
                              file=out, hint="Give another name with -o.")
    if out.exists() and not force:
        raise AssessmentError("a file with this name already exists; nothing was written",
                              file=out, hint="Choose another name, or add --force to replace "
                                             "it (it is backed up first).")
    if not out.parent.is_dir():
        raise AssessmentError("the folder for this file does not exist", file=out.parent)
    text, source = store.parse_file(source_path)
    source_bank = banks.get(source.bank)
    raise_problems(source, source_bank, text, source_path)
    target = banks.get(to)
    if target.id == source_bank.id:
        raise ReadinessError(f"{source_path} is already an assessment of {target.id}",
                             hint="Carry it to another framework, e.g. --to "
                                  "national-framework-2023.")
    crosswalk = find_map(banks, source_bank.id, target.id)
    new, report = carry(source, source_bank, target, crosswalk, by=by,
                        rebase=rebaser(source_path.parent, out.parent))
    doc = render(new, heading=(
        f"readiness self-assessment, carried from {source_path.name} ({source_bank.id}) by "
        f"`readiness carry` on {new.created:%d %B %Y}.",
        "Carried grades are proposals: confirm or change each in the app (readiness open "
        f"{out.name}).", "Comments and your own notes are kept on every save."))
    raise_problems(new, target, doc.as_string(), out)
    editable = Editable(out, doc, new, target)
    editable.dirty = True
    written = store.save(editable, new=True)  # --force replaces (backed up), never merges
    return msgspec.structs.replace(report, out=out, written=bool(written))


def judgement_links(bank: Bank, crosswalk: Map) -> dict[str, str]:
    """Source items the crosswalk links to a judgement (an outcome, an enabler) there: where
    an unmapped record says the item's work belongs."""
    judgements = crosswalk.right.judgements
    out: dict[str, str] = {}
    for link in crosswalk.links:
        whole = [t for t in link.to if t in judgements]
        if not whole:
            continue
        for source_id in link.from_:
            if source_id in bank.item_map:
                out.setdefault(source_id, whole[0])
    return out
