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

from readiness import views
from readiness.assessment import Assessment
from readiness.banks import Bank
from readiness.judgement import NOT_ASSESSED, Readiness
from readiness.snapshots import Comparison, compare, find


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
    stands: str
    """"likely good", or "too few scored (6 more to score)"."""
    range: str
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
    overall: Section | None
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
    tones: dict[str, str]
    """Grade label to its tone (best, benchmark, below, worst, none): colours and classes."""
    scale_tones: list[str]
    """The tone of each grade of the scale, best first."""
    coverage: str
    method: list[str] = field(default_factory=list)

    @property
    def all_sections(self) -> list[Section]:
        """The overall judgement (where the bank has one) and then every other."""
        return ([self.overall] if self.overall is not None else []) + self.sections

    def likely_text(self, section: Section) -> str:
        """The likely grade's label, or why there is none yet ("too few scored …")."""
        return section.likely if section.likely != "not assessed" else section.stands

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
    found = views.statuses(bank, assessment, readiness, today)

    def line(listed: views.Listed) -> ItemLine:
        status = listed.status
        item = bank.item_map[status.id]
        return ItemLine(item.id, status.short, shorten(item.text),
                        views.label(bank, status.grade), listed.why)

    sections = []
    for result in readiness.judgements:
        shown = views.judgement_view(bank, result)
        sections.append(Section(
            result.id, shown.name, result.title, result.kind,
            views.label(bank, result.likely), views.label(bank, result.low),
            views.label(bank, result.high), shown.stands, shown.range,
            result.items, result.assessed, result.evidenced, list(result.reasons),
            [line(x) for x in views.strengths(bank, found, result.id)],
            [line(x) for x in views.priorities(bank, found, result.id)],
            [index.get(result.likely), index[result.low], index[result.high]],
            [i.id for i in bank.items_by_judgement.get(result.id, [])]))
    overall = next((s for s in sections if s.kind == "overall"), None)

    unevidenced = [line(x) for x in views.gaps(bank, found)]
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
            assessment.action_label(action.id), action.item,
            views.short_name(acted_on) if acted_on else action.item,
            action.text, action.owner, f"{action.due:%d/%m/%Y}" if action.due else "",
            action.status.replace("_", " "), overdue))

    responses = []
    for item in bank.items:
        response = assessment.responses.get(item.id)
        status = found[item.id]
        people, notes, codes, cases = "", "", "", ""
        if response is not None:
            entries = response.assessors()
            people = "; ".join(f"{e.by or 'unnamed'}: "
                               f"{views.label(bank, e.grade) if e.grade else '-'}"
                               f"{' (serious)' if e.serious else ''}" for e in entries)
            notes = " | ".join(e.note for e in entries if e.note) or response.note
            codes = ", ".join(response.evidence)
            cases = ", ".join(response.cases)
        responses.append(ResponseLine(
            item.id, ", ".join(bank.judgement_name(j) for j in item.judgements),
            status.short, item.text, views.label(bank, status.grade), status.strength,
            people, codes, notes, status.actions, cases if include_cases else ""))

    trend = None
    if since:
        trend = compare(bank, assessment, readiness, find(assessment, since))

    labels = [g.slug for g in bank.scale]
    return Pack(
        authority=assessment.authority,
        title=assessment.title or f"{assessment.authority}: readiness summary",
        bank=bank.title,
        framework=bank.framework,
        scale=[g.label for g in bank.scale],
        made=f"{today:%d %B %Y}",
        demo=assessment.demo,
        headline=views.headline(bank, readiness),
        overall=overall,
        sections=[s for s in sections if s.kind != "overall"],
        unevidenced=unevidenced,
        missing_documents=missing,
        register=register,
        actions=actions,
        responses=responses,
        trend=trend,
        include_cases=include_cases,
        symbols={views.label(bank, g): views.symbol(bank, g) for g in labels}
        | {"not assessed": "·", "not applicable": "–"},
        tones={views.label(bank, g): views.tone(bank, g) for g in labels}
        | {"not assessed": "none", "not applicable": "excluded"},
        scale_tones=[views.tone(bank, g) for g in labels],
        coverage=views.coverage_words(readiness),
        method=views.method_note(bank),
    )


__all__ = ["NOT_ASSESSED", "Pack", "build"]
