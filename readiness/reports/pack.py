"""What a board pack says, worked out once and rendered into every format.

Built from the bank, the assessment and the engine's answer (data flows one way), in
plain words for people who will never open the app. Every renderer (HTML, Word,
Excel, Markdown, CSV, JSON) takes a `Pack` and only decides how it looks.
"""

from __future__ import annotations

import textwrap
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from readiness.assessment import Assessment
from readiness.banks import Bank
from readiness.judgement import NOT_ASSESSED, Readiness, item_view
from readiness.narrative import headline, label, symbol
from readiness.snapshots import Comparison, compare, find

METHOD = [
    "This is a self-assessment by the authority, not an Ofsted judgement.",
    "Each characteristic of good practice in the framework (for the single inspection "
    "framework, the evaluation schedule numbers ESN 1 to 88) is graded by the people who "
    "know the service, who also say how strong the evidence for the grade is.",
    "The likely grade of each judgement follows the framework's 'best fit': good when good "
    "practice is widespread (more than half of the assessed characteristics good or "
    "better, none inadequate); outstanding when practice also exceeds good; inadequate "
    "when any characteristic is inadequate; otherwise requires improvement.",
    "The range shows what the judgement could be. The low end assumes that grades without "
    "strong evidence would fall one grade under inspection and that characteristics not "
    "yet assessed are not yet good; the high end assumes those not yet assessed are good.",
    "The framework's limiting rules are applied: an inadequate key judgement makes overall "
    "effectiveness inadequate; overall effectiveness follows the middle of the three key "
    "judgements, no better than leadership and no more than one grade above the lowest.",
]


def shorten(text: str, width: int = 150) -> str:
    """A descriptor cut at a word boundary, for tables a board member can read."""
    return textwrap.shorten(" ".join(text.split()), width=width, placeholder=" …")


@dataclass
class ItemLine:
    id: str
    short: str
    summary: str
    grade: str
    why: str = ""


@dataclass
class Section:
    id: str
    name: str
    title: str
    kind: str
    likely: str
    low: str
    high: str
    items: int
    assessed: int
    evidenced: int
    reasons: list[str]
    strengths: list[ItemLine]
    priorities: list[ItemLine]
    positions: list[int | None]
    """likely, low, high as positions on the scale (0 is the best; None: not assessed)."""
    item_ids: list[str]


@dataclass
class ActionLine:
    id: str
    item: str
    item_short: str
    text: str
    owner: str
    due: str
    status: str
    overdue: bool


@dataclass
class ResponseLine:
    """One item's response in full, for the CSV and the spreadsheet."""

    item: str
    judgements: str
    short: str
    descriptor: str
    grade: str
    evidence_strength: str
    assessors: str
    evidence: str
    note: str
    actions: int
    cases: str = ""


@dataclass
class Pack:
    authority: str
    title: str
    bank: str
    framework: str
    scale: list[str]
    made: str
    demo: bool
    headline: str
    overall: Section
    sections: list[Section]
    unevidenced: list[ItemLine]
    missing_documents: list[tuple[str, str]]
    register: list[dict[str, str]]
    actions: list[ActionLine]
    responses: list[ResponseLine]
    trend: Comparison | None
    include_cases: bool
    symbols: dict[str, str]
    """Grade label (as the pack writes it) to its mark: ★ ✓ ! ✗, · not assessed."""
    method: list[str] = field(default_factory=lambda: list(METHOD))

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if not self.include_cases:
            for row in data["responses"]:
                row.pop("cases", None)
        return data


def build(bank: Bank, assessment: Assessment, readiness: Readiness, *,
          since: str | None = None, include_cases: bool = False,
          today: date | None = None) -> Pack:
    """Everything a board pack says. `since` names a snapshot to compare with."""
    today = today or date.today()
    index = bank.grade_index
    benchmark = index[bank.rules.benchmark]
    views = {i.id: item_view(i.id, assessment.responses.get(i.id), index) for i in bank.items}

    def line(item_id: str, why: str = "") -> ItemLine:
        item = bank.item_map[item_id]
        view = views[item_id]
        grade = label(bank, bank.scale[view.likely].slug) if view.likely is not None \
            else "not assessed"
        return ItemLine(item.id, item.short or shorten(item.text, 60), shorten(item.text),
                        grade, why)

    sections = []
    for result in readiness.judgements:
        items = bank.items_by_judgement.get(result.id, [])
        strengths, priorities = [], []
        for item in items:
            view = views[item.id]
            if view.excluded or view.likely is None:
                continue
            if view.likely <= benchmark and view.strong:
                strengths.append(line(item.id))
            elif view.likely > benchmark:
                priorities.append(line(item.id, f"below {label(bank, bank.rules.benchmark)}"))
            else:
                priorities.append(line(item.id, f"{label(bank, bank.rules.benchmark)} but the "
                                                f"evidence is {view.strength}"))
        sections.append(Section(
            result.id, bank.judgement_name(result.id), result.title, result.kind,
            label(bank, result.likely), label(bank, result.low), label(bank, result.high),
            result.items, result.assessed, result.evidenced, list(result.reasons),
            strengths, priorities,
            [index.get(result.likely), index[result.low], index[result.high]],
            [i.id for i in items]))
    overall = next(s for s in sections if s.kind == "overall")

    unevidenced = []
    for item in bank.items:
        response = assessment.responses.get(item.id)
        if response is not None and (response.evidence or response.not_applicable):
            continue
        unevidenced.append(line(item.id, bank.judgement_name(item.judgements[0])))
    missing = [(d.code, d.title) for d in bank.evidence if d.code not in assessment.evidence]
    uses = assessment.evidence_uses()
    register = [{"code": code, "title": ref.title, "location": ref.location,
                 "date": f"{ref.date:%d/%m/%Y}" if ref.date else "",
                 "used_by": ", ".join(uses.get(code, []))}
                for code, ref in sorted(assessment.evidence.items())]

    actions = []
    for action in assessment.actions:
        acted_on = bank.item_map.get(action.item)
        overdue = bool(action.due and action.due < today
                       and action.status in ("open", "in_progress"))
        actions.append(ActionLine(
            action.id, action.item, acted_on.short if acted_on else action.item, action.text,
            action.owner, f"{action.due:%d/%m/%Y}" if action.due else "",
            action.status.replace("_", " "), overdue))

    responses = []
    for item in bank.items:
        response = assessment.responses.get(item.id)
        view = views[item.id]
        grade = "not applicable" if view.excluded else (
            label(bank, bank.scale[view.likely].slug) if view.likely is not None
            else "not assessed")
        people, notes, codes, cases = "", "", "", ""
        if response is not None:
            entries = response.assessors()
            people = "; ".join(f"{e.by or 'unnamed'}: {label(bank, e.grade) if e.grade else '-'}"
                               for e in entries)
            notes = " | ".join(e.note for e in entries if e.note) or response.note
            codes = ", ".join(response.evidence)
            cases = ", ".join(response.cases)
        responses.append(ResponseLine(
            item.id, ", ".join(bank.judgement_name(j) for j in item.judgements),
            item.short, item.text, grade,
            view.strength if view.likely is not None else "", people, codes, notes,
            len(assessment.actions_for(item.id)), cases if include_cases else ""))

    trend = None
    if since:
        trend = compare(bank, assessment, readiness, find(assessment, since))

    return Pack(
        authority=assessment.authority,
        title=assessment.title or f"{assessment.authority}: readiness summary",
        bank=bank.title,
        framework=bank.framework,
        scale=[g.label for g in bank.scale],
        made=f"{today:%d %B %Y}",
        demo=assessment.demo,
        headline=headline(bank, assessment, readiness),
        overall=overall,
        sections=[s for s in sections if s.kind != "overall"],
        unevidenced=unevidenced,
        missing_documents=missing,
        register=register,
        actions=actions,
        responses=responses,
        trend=trend,
        include_cases=include_cases,
        symbols={label(bank, g.slug): symbol(bank, g.slug) for g in bank.scale}
        | {"not assessed": "·", "not applicable": "–"},
    )


__all__ = ["NOT_ASSESSED", "Pack", "build"]
