"""The JSON export: a documented, versioned document other tools can rely on.

Its shape is these Structs (`readiness export --schema` prints them as JSON Schema):
`schema_version` changes only when a field changes meaning or goes; new fields may be
added within a version. Dates are ISO 8601 (`2027-01-20`), grades the bank's slugs
(`requires_improvement`), `not_assessed` or `not_applicable`; item and judgement ids as in
the bank. Case IDs appear only when asked for (`--include-case-refs`).
"""

from __future__ import annotations

from datetime import date

import msgspec

from readiness.reports.pack import Pack
from readiness.views import Moderation

SCHEMA_VERSION = 1


class _Doc(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    pass


class Grade(_Doc):
    slug: str
    label: str
    tone: str
    """best, benchmark, below or worst: where the grade sits on the scale."""


class Bank(_Doc):
    id: str
    title: str
    framework: str
    scale: list[Grade]


class BoardDoc(_Doc):
    name: str
    meeting: date | None
    lead: str
    recommendation: str
    """note, endorse or agree."""
    marking: str
    recommendations: list[str]
    purpose: str


class Coverage(_Doc):
    applicable: int
    scored: int
    strongly_evidenced: int
    words: str


class Trend(_Doc):
    before: str
    now: str
    direction: str
    """up (better), down (worse), same, new (newly graded), dropped."""
    items: list[str]
    """Ids of the items counting toward the judgement whose grade moved."""


class Listed(_Doc):
    item: str
    why: str = ""
    actions: list[str] = []


class JudgementDoc(_Doc):
    id: str
    name: str
    kind: str
    likely: str
    """A grade slug, or not_assessed when too few items are scored for a likely grade."""
    low: str
    high: str
    stands: str
    range: str
    items: int
    scored: int
    strongly_evidenced: int
    needed: int
    """How many more items to score before a likely grade is given."""
    reasons: list[str]
    strengths: list[str]
    priorities: list[Listed]
    agreed: int = 0
    """Items whose grade was agreed by moderation."""
    still_disagree: list[str] = []
    """Items where assessors disagree and nothing is agreed yet."""
    trend: Trend | None = None


class Assessor(_Doc):
    by: str
    grade: str


class ItemDoc(_Doc, omit_defaults=True):
    id: str
    short: str
    judgements: list[str]
    grade: str
    evidence_strength: str
    strongly_evidenced: bool
    rationale: str
    evidence: list[str]
    assessors: str
    actions: list[str]
    cases: list[str] | None = None
    framework_tag: str = ""
    """Where the item's findings sit in the framework the pack is grouped by
    (`export --by-framework`): "(Outcome: safe in and outside the home, National Framework)"."""


class ActionDoc(_Doc):
    id: str
    item: str
    text: str
    owner: str
    due: date | None
    status: str
    rag: str
    """red (overdue), amber (due within four weeks, or no date), green, complete, dropped."""
    overdue: bool
    priority: bool


class MovedItem(_Doc):
    id: str
    before: str
    now: str
    direction: str


class Since(_Doc):
    label: str
    taken: date | None
    items: list[MovedItem]


class Document(_Doc):
    """A board paper's content as data."""

    schema_version: int
    self_assessment: str
    """Always present: this is the authority's self-assessment, not an Ofsted judgement."""
    authority: str
    title: str
    made: date
    demo: bool
    bank: Bank
    board: BoardDoc
    headline: str
    coverage: Coverage
    judgements: list[JudgementDoc]
    items: list[ItemDoc]
    actions: list[ActionDoc]
    since: Since | None
    moderation: Moderation
    """As `readiness.views.Moderation` says it (the same record)."""
    gaps: list[str]
    """Items that apply and have no evidence attached."""
    missing_documents: list[str]
    evidence_register: list[dict[str, str]]
    method: list[str]


def document(pack: Pack) -> Document:
    by_label = dict(zip(pack.scale, pack.scale_slugs, strict=True))

    def slug(label: str) -> str:
        return by_label.get(label, label.replace(" ", "_"))

    judgements = []
    for s in pack.all_sections:
        trend = None
        if s.trend is not None and pack.trend is not None:
            move = next(m for m in pack.trend.judgements if m.id == s.id)
            trend = Trend(before=move.before, now=move.now, direction=move.direction,
                          items=list(move.items))
        judgements.append(JudgementDoc(
            id=s.id, name=s.name, kind=s.kind, likely=s.slugs[0], low=s.slugs[1],
            high=s.slugs[2], stands=s.stands, range=s.range, items=s.items,
            scored=s.assessed, strongly_evidenced=s.evidenced, needed=s.needed,
            reasons=s.reasons, strengths=[i.id for i in s.strengths],
            priorities=[Listed(item=i.id, why=i.why, actions=[a.split(" ", 1)[0]
                                                              for a in i.actions])
                        for i in s.priorities], agreed=s.agreed,
            still_disagree=s.disagree, trend=trend))
    items = [ItemDoc(id=r.item, short=r.short, judgements=r.judgement_ids, grade=r.grade_slug,
                     evidence_strength=r.evidence_strength or "",
                     strongly_evidenced=r.strongly_evidenced, rationale=r.note,
                     evidence=[c for c in r.evidence.split(", ") if c],
                     assessors=r.assessors, actions=r.action_ids,
                     cases=[c for c in r.cases.split(", ") if c] if pack.include_cases
                     else None,
                     framework_tag=pack.framing.of[r.item][1] if pack.framing else "")
             for r in pack.responses]
    actions = [ActionDoc(id=a.id, item=a.item, text=a.text, owner=a.owner, due=a.due_date,
                         status=a.status.replace(" ", "_"), rag=a.rag, overdue=a.overdue,
                         priority=a.priority) for a in pack.actions]
    since = None
    if pack.trend is not None:
        since = Since(label=pack.trend.label, taken=pack.trend.day,
                      items=[MovedItem(id=m.id, before=m.before, now=m.now,
                                       direction=m.direction) for m in pack.trend.items])
    m = pack.moderation
    total, scored, evidenced = pack.counts
    return Document(
        schema_version=SCHEMA_VERSION, self_assessment=pack.label, authority=pack.authority,
        title=pack.title, made=pack.made_date, demo=pack.demo,
        bank=Bank(id=pack.bank_id, title=pack.bank, framework=pack.framework,
                  scale=[Grade(slug=s, label=label, tone=t) for s, label, t in
                         zip(pack.scale_slugs, pack.scale, pack.scale_tones, strict=True)]),
        board=BoardDoc(name=pack.board.name, meeting=pack.board.meeting_date,
                       lead=pack.board.lead, recommendation=pack.board.recommendation,
                       marking=pack.board.marking, recommendations=pack.recommendations,
                       purpose=pack.purpose),
        headline=pack.headline,
        coverage=Coverage(applicable=total, scored=scored, strongly_evidenced=evidenced,
                          words=pack.coverage),
        judgements=judgements, items=items, actions=actions, since=since,
        moderation=m,
        gaps=[i.id for i in pack.unevidenced],
        missing_documents=[code for code, _ in pack.missing_documents],
        evidence_register=[{"code": r["code"], "title": r["title"], "location": r["location"],
                            "date": r["date_iso"], "used_by": r["used_by"]}
                           for r in pack.register],
        method=pack.method)


def render_json(pack: Pack) -> str:
    data = msgspec.json.encode(document(pack))
    return msgspec.json.format(data, indent=2).decode("utf-8") + "\n"


def schema() -> str:
    """The JSON Schema of the document, for `readiness export --schema`."""
    data = msgspec.json.schema(Document)
    return msgspec.json.format(msgspec.json.encode(data), indent=2).decode("utf-8") + "\n"
