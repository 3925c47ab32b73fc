"""What a board paper says, worked out once and rendered into every format.

Built from the bank, the assessment and the engine's answer (data flows one way), in
plain words for people who will never open the app: a front sheet (purpose, what the
board is asked to do, lead officer, meeting, version, protective marking), the position
with item names rather than codes, how far it can be relied on (coverage, ranges,
moderation), what moved since the last board and which items moved it, strengths and
priorities with the authority's own rationale, the action plan with its RAG status, and
the item tables as an appendix. Every renderer (HTML, Word, Excel, Markdown, CSV, JSON)
takes a `Pack` and only decides how it looks.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from readiness import views
from readiness.assessment import Assessment, Board, Response
from readiness.assessment import today as current_day
from readiness.banks import Bank
from readiness.judgement import NOT_ASSESSED, Readiness
from readiness.snapshots import Comparison, compare, find, latest

SELF_ASSESSMENT = "Self-assessment by the authority: not an Ofsted judgement"
"""The label every page, sheet and file carries."""

KEY_STRENGTHS = 10
"""How many strengths the body of the paper shows with their evidence: it stays 2-4 pages."""

RECOMMENDATIONS = {
    "note": "note the authority's self-assessment of its children's services against the "
            "{framework} and how far it can be relied on",
    "endorse": "endorse the self-assessment of children's services against the {framework} "
               "and the priorities for improvement it sets out",
    "agree": "agree the priorities for improvement and the action plan that follow from the "
             "self-assessment against the {framework}",
}


def shorten(text: str, width: int = 150) -> str:
    """A descriptor cut at a word boundary, for tables a board member can read."""
    return textwrap.shorten(" ".join(text.split()), width=width, placeholder=" …")


def day_words(day: date | None) -> str:
    """20 January 2027 (no leading zero, on every system)."""
    return f"{day.day} {day:%B %Y}" if day else ""


@dataclass
class ItemLine:
    id: str
    short: str
    summary: str
    grade: str
    why: str = ""
    rationale: str = ""
    """The authority's own reasoning for the grade (the assessors' notes)."""
    judgements: str = ""
    """The judgements the item counts toward, by name."""
    under: str = ""
    """The judgement it is shown under in the paper's lists (the first it counts toward)."""
    actions: list[str] = field(default_factory=list)
    """Each linked action by its id and status ("A2, due 15 Dec 2026: Red: overdue by 11 days")."""
    tag: str = ""
    """Where the finding sits in the framework the pack is grouped by, as Ofsted tags its
    findings: "(Outcome: safe in and outside the home, National Framework)"."""

    @property
    def named(self) -> str:
        """The item's name with its tag, as a finding is written."""
        return f"{self.short} {self.tag}" if self.tag else self.short


@dataclass
class TrendLine:
    """A judgement then and now, and the items that moved it."""

    id: str
    name: str
    before: str
    now: str
    direction: str
    moved: str
    """"▲ better", "▼ worse", "= no change"."""
    items: list[str]
    """The items that moved, by name, each with its arrow and grades."""


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
    grade: str
    """For a Likely column: "good", or "too few scored (6 more to score)"."""
    range: str
    items: int
    assessed: int
    evidenced: int
    needed: int
    reasons: list[str]
    """The engine's reasons, with item names instead of codes."""
    words: str
    """The position in plain words: the likely grade, the range and the reasons."""
    strengths: list[ItemLine]
    priorities: list[ItemLine]
    positions: list[int | None]
    """likely, low, high as positions on the scale (0 is the best; None: not assessed)."""
    item_ids: list[str]
    slugs: tuple[str, str, str] = (NOT_ASSESSED, NOT_ASSESSED, NOT_ASSESSED)
    """likely, low, high as the bank's grade slugs (for JSON)."""
    trend: TrendLine | None = None
    agreed: int = 0
    """Items whose grade was agreed by moderation."""
    disagree: list[str] = field(default_factory=list)
    """Items where assessors still disagree and nothing is agreed."""


@dataclass
class ActionLine:
    id: str
    item: str
    item_short: str
    text: str
    owner: str
    due: str
    """As people read it: "15 Dec 2026" ("" when none)."""
    status: str
    overdue: bool
    rag: str = ""
    """red, amber, green, complete or dropped."""
    rag_words: str = ""
    due_date: date | None = None
    priority: bool = False
    """It acts on one of the priorities."""


@dataclass
class ResponseLine:
    """One item's response in full, for the appendix, the CSV and the spreadsheet."""

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
    judgement_ids: list[str] = field(default_factory=list)
    grade_slug: str = NOT_ASSESSED
    strongly_evidenced: bool = False
    action_ids: list[str] = field(default_factory=list)


@dataclass
class BoardLine:
    """The front sheet's facts: who the paper goes to, when, from whom, how marked."""

    name: str
    meeting: str
    """In words ("20 January 2027"), "" when not set."""
    meeting_date: date | None
    lead: str
    recommendation: str
    marking: str
    version: str


@dataclass
class Pack:
    authority: str
    title: str
    bank: str
    bank_id: str
    framework: str
    bank_status: str
    """"" for a framework in force; else "withdrawn: kept for rehearsal and history"."""
    scale: list[str]
    scale_slugs: list[str]
    made: str
    made_date: date
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
    shorts: dict[str, str]
    """Grade label to the bank's short form ("requires improvement" to "RI"), for narrow
    columns."""
    grade_key: str
    """The marks and short forms, once: "★ O outstanding; ✓ G good (the benchmark); …"."""
    coverage: str
    board: BoardLine
    purpose: str
    recommendations: list[str]
    confidence: list[str]
    range_note: str
    strengths: list[ItemLine]
    """Every strength once (an item can count toward several judgements)."""
    key_strengths: list[ItemLine]
    """The strengths the body shows with the authority's evidence (at most KEY_STRENGTHS)."""
    other_strengths: list[ItemLine]
    """The rest, which the body names."""
    priorities: list[ItemLine]
    """Serious failures and items below the benchmark, once each, with their actions."""
    weak: list[ItemLine]
    """At the benchmark or better but not strongly evidenced: priorities for evidence."""
    moderation: views.Moderation
    moderation_words: str
    moderation_by_judgement: list[str]
    audits: str
    """The case audits in one sentence ("" when there are none)."""
    moves_key: str
    """What the marks in the table of what moved mean."""
    """Per judgement, in one sentence: items agreed by moderation, items still disputed."""
    rag_key: str
    benchmark: str
    counts: tuple[int, int, int]
    """Applicable items, scored, strongly evidenced."""
    label: str = SELF_ASSESSMENT
    method: list[str] = field(default_factory=list)
    assessment_updated: datetime | None = None
    grouped_by: str = ""
    """The framework strengths and priorities are grouped by ("" for the bank's own
    judgements): "the National Framework's outcomes and enablers"."""
    framing: views.Framing | None = None

    @property
    def all_sections(self) -> list[Section]:
        """The overall judgement (where the bank has one) and then every other."""
        return ([self.overall] if self.overall is not None else []) + self.sections

    def likely_text(self, section: Section) -> str:
        """The likely grade's label, or why there is none yet ("too few scored …")."""
        return section.grade

    def heading(self) -> str:
        return f"{self.authority}: children's services self-assessment"

    def against(self) -> str:
        """The framework the assessment is against, and whether it is still in force."""
        return f"Against the {self.bank}" + (f" ({self.bank_status})" if self.bank_status
                                             else "")


def rationale(bank: Bank, response: Response | None) -> str:
    """What the assessors wrote for the grade; with several, each named."""
    if response is None:
        return ""
    agreed = response.agreed
    if agreed is not None and agreed.note:
        return agreed.note
    notes = [(e.by, e.note) for e in response.assessors() if e.note]
    if len(notes) == 1:
        return notes[0][1]
    if notes:
        said = ""
        for by, note in notes:  # "...in May. J. Okafor: ...", never "...in May.; J. Okafor"
            joint = "" if not said else " " if said.endswith((".", "!", "?")) else "; "
            said += f"{joint}{by or 'an assessor'}: {note.strip()}"
        return said
    return response.note


def build(bank: Bank, assessment: Assessment, readiness: Readiness, *,
          since: str | None = None, include_cases: bool = False,
          today: date | None = None, board: Board | None = None,
          framing: views.Framing | None = None) -> Pack:
    """Everything a board paper says.

    `since` names a snapshot (label or date) to compare with; by default the latest one.
    `board` gives the front sheet's facts, over those remembered in the assessment.
    `framing` groups strengths and priorities by a framework's outcomes and enablers and
    tags each with its place there (`views.framing`).
    """
    today = today or current_day()
    index = bank.grade_index
    found = views.statuses(bank, assessment, readiness, today)
    bench = views.benchmark_label(bank)

    actions = []
    action_ids: dict[str, list[str]] = {}
    priority_ids = {x.status.id for j in readiness.judgements
                    for x in views.priorities(bank, found, j.id)}
    for action in views.action_order(assessment.actions, today):
        acted_on = bank.item_map.get(action.item)
        colour = views.rag(action, today)
        label = assessment.action_label(action.id)  # A1, A2…: the id is never shown
        actions.append(ActionLine(
            label, action.item, views.short_name(acted_on) if acted_on else action.item,
            action.text, action.owner, f"{action.due:%d %b %Y}" if action.due else "",
            action.status.replace("_", " "), colour == "red", colour,
            views.rag_words(action, today), action.due, action.item in priority_ids))
        action_ids.setdefault(action.item, []).append(label)
    by_id = {a.id: a for a in actions}

    def action_words(item_id: str) -> list[str]:
        """Each action on the item by its id and status: the plan itself says the rest."""
        out = []
        for action_id in action_ids.get(item_id, []):
            a = by_id[action_id]
            out.append(f"{a.id}" + (f", due {a.due}" if a.due else "") + f": {a.rag_words}")
        return out

    def line(listed: views.Listed, under: str = "") -> ItemLine:
        status = listed.status
        item = bank.item_map[status.id]
        return ItemLine(item.id, status.short, shorten(item.text),
                        views.label(bank, status.grade), listed.why,
                        rationale(bank, assessment.responses.get(item.id)),
                        ", ".join(bank.judgement_name(j) for j in item.judgements),
                        under, action_words(item.id))

    trend = None
    snapshot = find(assessment, since) if since else latest(assessment)
    if snapshot is not None:
        trend = compare(bank, assessment, readiness, snapshot)
    moves = {m.id: m for m in trend.judgements} if trend else {}
    item_moves = {m.id: m for m in trend.items} if trend else {}

    def trend_line(judgement_id: str) -> TrendLine | None:
        move = moves.get(judgement_id)
        if move is None:
            return None
        if not bank.items_by_judgement.get(judgement_id):  # worked out from the others
            moved = [f"{views.ARROWS.get(m.direction, '')} {m.name}" for m in moves.values()
                     if m.id != judgement_id and m.direction != "same"]
        else:
            moved = [f"{views.ARROWS.get(m.direction, '')} "
                     f"{views.short_name(bank.item_map[m.id])}"
                     for m in (item_moves[i] for i in move.items)]
        return TrendLine(move.id, move.name, views.label(bank, _slug(move.before)),
                         views.label(bank, _slug(move.now)), move.direction,
                         views.moved_words(move.direction), moved)

    moderation_of = {m.id: m for m in views.judgement_moderation(bank, assessment)}
    sections = []
    for result in readiness.judgements:
        shown = views.judgement_view(bank, result)
        reasons = [views.in_words(bank, r) for r in result.reasons]
        words = f"{shown.name}: {shown.stands}" + (
            f", could be {shown.range}" if result.low != result.high else "") + ". " + \
            " ".join(reasons)
        sections.append(Section(
            result.id, shown.name, result.title, result.kind,
            views.label(bank, result.likely), views.label(bank, result.low),
            views.label(bank, result.high), shown.stands, shown.grade, shown.range,
            result.items, result.assessed, result.evidenced, result.needed, reasons,
            words.strip(),
            [line(x) for x in views.strengths(bank, found, result.id)],
            [line(x) for x in views.priorities(bank, found, result.id)],
            [index.get(result.likely), index[result.low], index[result.high]],
            [i.id for i in bank.items_by_judgement.get(result.id, [])],
            (result.likely, result.low, result.high), trend_line(result.id),
            moderation_of[result.id].moderated, list(moderation_of[result.id].disagree)))
    overall = next((s for s in sections if s.kind == "overall"), None)

    strengths: list[ItemLine] = []
    priorities: list[ItemLine] = []
    weak: list[ItemLine] = []
    seen: set[str] = set()
    for result in readiness.judgements:
        name = bank.judgement_name(result.id)
        for listed in views.strengths(bank, found, result.id):
            if listed.status.id not in seen:
                seen.add(listed.status.id)
                strengths.append(line(listed, name))
        for listed in views.priorities(bank, found, result.id):
            if listed.status.id in seen:
                continue
            seen.add(listed.status.id)
            (priorities if listed.status.serious or listed.status.below else weak).append(
                line(listed, name))
    if framing is not None:
        strengths, priorities, weak = (_framed(lines, framing)
                                       for lines in (strengths, priorities, weak))
    serious_first = sorted(priorities, key=lambda p: (
        framing.headings.index(p.under) if framing is not None else 0,
        not found[p.id].serious))
    # The body names every strength, with the authority's evidence for the first few
    # (above the benchmark first, then the best documented); Appendix A has them all.
    key = sorted(strengths, key=lambda i: (views.tone(bank, found[i.id].grade) != "best",
                                           -found[i.id].documents))[:KEY_STRENGTHS]
    key_ids = {i.id for i in key}  # (kept in the grouped order below)
    key_strengths = [i for i in strengths if i.id in key_ids]
    other_strengths = [i for i in strengths if i.id not in key_ids]

    unevidenced = [line(x) for x in views.gaps(bank, found)]
    missing = [(d.code, d.title) for d in bank.evidence if d.code not in assessment.evidence]
    uses = assessment.evidence_uses()
    register = [{"code": code, "title": ref.title, "location": ref.location,
                 "date": f"{ref.date:%d/%m/%Y}" if ref.date else "",
                 "date_iso": ref.date.isoformat() if ref.date else "",
                 "used_by": ", ".join(uses.get(code, []))}
                for code, ref in sorted(assessment.evidence.items())]

    responses = []
    for item in bank.items:
        response = assessment.responses.get(item.id)
        status = found[item.id]
        people, codes, cases = "", "", ""
        if response is not None:
            entries = response.assessors()
            people = "; ".join(f"{e.by or 'unnamed'}: "
                               f"{views.label(bank, e.grade) if e.grade else '-'}"
                               f"{' (serious)' if e.serious else ''}" for e in entries)
            if response.agreed is not None:
                people += ("; " if people else "") + \
                    f"agreed: {views.label(bank, response.agreed.grade)}"
            codes = ", ".join(response.evidence)
            cases = ", ".join(response.cases)
        responses.append(ResponseLine(
            item.id, ", ".join(bank.judgement_name(j) for j in item.judgements),
            status.short, item.text, views.label(bank, status.grade), status.strength,
            people, codes, rationale(bank, response), status.actions,
            cases if include_cases else "", list(item.judgements),
            status.grade or NOT_ASSESSED, status.evidenced, action_ids.get(item.id, [])))

    total, scored, evidenced = views.coverage(readiness)
    moderated = views.moderation(bank, assessment, readiness)
    chosen = (board or Board()).over(assessment.board)
    recommendation = chosen.recommendation or "note"
    board_name = chosen.name or "the board"
    if not board_name.lower().startswith("the "):
        board_name = f"the {board_name}"
    made = day_words(today)
    updated = assessment.updated
    version = f"Made {made}" + (f" from the assessment as saved on {day_words(updated.date())} "
                                f"at {updated:%H:%M}" if updated else "")
    red = [a for a in actions if a.rag == "red"]
    unlinked = [p for p in serious_first if not p.actions]
    asked = [RECOMMENDATIONS[recommendation].format(framework=bank.title)]
    if red:
        asked.append(f"note that {_count(len(red), 'action is', 'actions are')} overdue and "
                     "ask the lead officer to report on them at the next meeting")
    if unlinked:
        asked.append(f"ask for actions on the {_count(len(unlinked), 'priority', 'priorities')} "
                     "that have none yet")
    if moderated.to_agree:
        asked.append(f"note that assessors have still to agree the grade of "
                     f"{_count(len(moderated.to_agree), 'item', 'items')}")
    since_words = f", what has moved since {trend.label}" if trend else ""
    purpose = (f"To give {board_name} the authority's own assessment of its children's "
               f"services against the {bank.title}: where it likely stands, how far that can "
               f"be relied on{since_words}, and the plan to improve.")

    range_rule = bank.rules.range
    range_note = (range_rule.says if range_rule is not None else "") + \
        " The narrower a range, the more the likely grade can be relied on; it narrows as " \
        "more items are scored and strongly evidenced."
    short_of = [s for s in sections if s.likely == "not assessed" and s.needed]
    confidence = [
        f"{scored} of {total} applicable items are scored"
        + (f" ({scored / total:.0%})" if total else "")
        + f", and {evidenced} of them are strongly evidenced (rated strong, with a document "
        "or case attached).",
    ]
    if weak:
        confidence.append(f"{_count(len(weak), 'item', 'items')} graded {bench} or better "
                          f"{'is' if len(weak) == 1 else 'are'} not yet strongly evidenced; "
                          "they are listed in the appendix.")
    review = views.carried_to_review(bank, assessment, readiness)
    if review:
        sources = sorted({c.bank for i in review
                          for c in assessment.responses[i].carried if c.live})
        confidence.append(
            f"{views.review_words(len(review)).capitalize()}: grades proposed from the "
            f"authority's earlier assessment on another framework ({', '.join(sources)}) "
            "that nobody has confirmed yet; they count toward nothing here.")
    if short_of:
        confidence.append("Too few items are scored for a likely grade in: " + ", ".join(
            f"{s.name} ({s.needed} more to score)" for s in short_of) + ".")

    labels = [g.slug for g in bank.scale]
    return Pack(
        authority=assessment.authority,
        title=assessment.title or f"{assessment.authority}: readiness summary",
        bank=bank.title,
        bank_status=views.status_words(bank),
        bank_id=bank.id,
        framework=bank.framework,
        scale=[g.label for g in bank.scale],
        scale_slugs=labels,
        made=made,
        made_date=today,
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
        shorts={views.label(bank, g.slug): g.short or g.label for g in bank.scale},
        grade_key="Grades: " + "; ".join(
            f"{views.symbol(bank, g.slug)} "
            + (f"{g.short} " if g.short and g.short != g.label else "")
            + views.label(bank, g.slug)
            + (" (the benchmark)" if g.slug == bank.rules.benchmark.grade else "")
            for g in bank.scale) + ".",
        coverage=views.coverage_words(readiness),
        board=BoardLine(chosen.name, day_words(chosen.meeting), chosen.meeting, chosen.lead,
                        recommendation, chosen.marking or "OFFICIAL", version),
        purpose=purpose,
        recommendations=asked,
        confidence=confidence,
        range_note=range_note.strip(),
        strengths=strengths,
        key_strengths=key_strengths,
        other_strengths=other_strengths,
        priorities=serious_first,
        weak=weak,
        moderation=moderated,
        moderation_words=views.moderation_words(bank, moderated),
        moderation_by_judgement=[views.judgement_moderation_words(
            [jm for jm in moderation_of.values()
             if jm.items and bank.items_by_judgement.get(jm.id)])],
        audits=views.audits_words(bank, assessment),
        moves_key=views.MOVES_KEY,
        rag_key=views.RAG_KEY,
        benchmark=bench,
        counts=(total, scored, evidenced),
        method=views.method_note(bank),
        assessment_updated=updated,
        grouped_by=framing.words if framing else "",
        framing=framing,
    )


def _framed(lines: list[ItemLine], framing: views.Framing) -> list[ItemLine]:
    """The lines under the framework's headings, in its order, each with its tag."""
    out = [replace(line, under=framing.of[line.id][0], tag=framing.of[line.id][1])
           for line in lines]
    return sorted(out, key=lambda line: framing.headings.index(line.under))


def _slug(value: str) -> str | None:
    return None if value == NOT_ASSESSED else value


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


__all__ = ["NOT_ASSESSED", "SELF_ASSESSMENT", "Pack", "build"]
