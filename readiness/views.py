"""What the engine's result means to a person: the one place every screen, command and
pack reads it from.

The TUI, the command line and the board packs only display what this module returns,
so they cannot disagree: each item's status (below the benchmark, not strongly
evidenced, a serious failure, disputed, not applicable, overdue actions), the filters
and their labels (from the bank's scale), strengths, priorities and evidence gaps, each
judgement's words (likely grade or "too few scored", the range), the headline, and the
method note generated from the bank's rules. Grade marks and tones come from a grade's
position on the bank's scale, for any scale of 2 to 7 grades. Nothing here knows a
framework: every word about a grade comes from the bank.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

import msgspec

from readiness.assessment import Action, Assessment, Audit, Carried, Response
from readiness.assessment import today as current_day
from readiness.banks import BASIS_LABELS, Bank, Item, Judgement, Rule
from readiness.judgement import NOT_ASSESSED, ItemView, JudgementResult, Readiness
from readiness.merge import Change

if TYPE_CHECKING:
    from readiness.crosswalks import Map

NOT_APPLICABLE = "not_applicable"

# --- grades: words, marks and tones from the position on the scale ----------------------

TONES = ("best", "benchmark", "below", "worst")
"""Where a grade sits: above the benchmark, at it, below it, or the worst grade."""
SYMBOLS = {"best": "★", "benchmark": "✓", "below": "!", "worst": "✗", "none": "·",
           "excluded": "–"}
"""A mark for each tone that reads without colour (projectors, print, colour-blindness)."""


def tone(bank: Bank, slug: str | None) -> str:
    """best, benchmark, below or worst; `none` for not assessed, `excluded` for n/a."""
    if slug == NOT_APPLICABLE:
        return "excluded"
    if slug is None or slug not in bank.grade_index:
        return "none"
    index = bank.grade_index[slug]
    benchmark = bank.grade_index[bank.rules.benchmark.grade]
    if index == len(bank.scale) - 1:
        return "worst"
    if index < benchmark:
        return "best"
    return "benchmark" if index == benchmark else "below"


def symbol(bank: Bank, slug: str | None) -> str:
    return SYMBOLS[tone(bank, slug)]


def css_class(bank: Bank, slug: str | None) -> str:
    """A class name for HTML that depends on the position, never on the grade's words."""
    return f"g-{tone(bank, slug)}"


def label(bank: Bank, slug: str | None) -> str:
    """A grade in words inside a sentence: "good", "not assessed", "not applicable"."""
    if slug is None or slug == NOT_ASSESSED:
        return "not assessed"
    if slug == NOT_APPLICABLE:
        return "not applicable"
    return bank.grade_label(slug).lower()


def benchmark_label(bank: Bank) -> str:
    return label(bank, bank.rules.benchmark.grade)


def share_words(share: float) -> str:
    """0.5 -> "half", 0.25 -> "a quarter": a rule's number as people say it."""
    words = {0.5: "half", 0.25: "a quarter", 0.75: "three quarters", 1 / 3: "a third",
             2 / 3: "two thirds", 0.1: "a tenth", 0.2: "a fifth"}
    for value, word in words.items():
        if abs(share - value) < 1e-9:
            return word
    return f"{share:.0%}"


def status_words(bank: Bank) -> str:
    """Whether a framework is in force, in words ("" when it is current)."""
    if bank.status == "current":
        return ""
    replaced = f", replaced by {bank.replaced_by}" if bank.replaced_by else ""
    return f"{bank.status}{replaced}; kept for rehearsal and history"


def cite(bank: Bank, source: str) -> str:
    """A source as people know it: "SIF 2015, paragraph 31" for "000_….txt, paragraph 31"."""
    text = source
    for file_name, name in bank.documents.items():
        text = text.replace(file_name, name)
    return text


# --- items -------------------------------------------------------------------------------


class ItemStatus(msgspec.Struct, frozen=True):
    """One item as every view shows it."""

    id: str
    short: str
    judgement: str
    """The judgement it is listed under (its first)."""
    grade: str | None
    """The grade that counts (slug), NOT_APPLICABLE, or None when not assessed."""
    strength: str
    """As rated: none, partial or strong ("" when not assessed)."""
    evidenced: bool
    attached: bool
    below: bool
    serious: bool
    disputed: bool
    overdue: int
    """How many of its actions are overdue."""
    actions: int
    documents: int
    carried: bool = False
    """A grade carried from another framework waits for review (and counts toward nothing)."""

    @property
    def excluded(self) -> bool:
        return self.grade == NOT_APPLICABLE

    @property
    def assessed(self) -> bool:
        return self.grade is not None and self.grade != NOT_APPLICABLE


def short_name(item: Item) -> str:
    """The few words tables use for an item: its `short`, else its text cut at a word."""
    if item.short:
        return item.short
    text = " ".join(item.text.split())
    return text if len(text) <= 60 else text[:59].rsplit(" ", 1)[0] + "…"


def item_status(bank: Bank, assessment: Assessment, view: ItemView, today: date) -> ItemStatus:
    item = bank.item_map[view.id]
    response = assessment.responses.get(view.id)
    actions = assessment.actions_for(view.id)
    overdue = sum(1 for a in actions if a.due and a.due < today
                  and a.status in ("open", "in_progress"))
    if view.excluded:
        grade: str | None = NOT_APPLICABLE
    else:
        grade = bank.scale[view.likely].slug if view.likely is not None else None
    benchmark = bank.grade_index[bank.rules.benchmark.grade]
    return ItemStatus(
        id=item.id, short=short_name(item), judgement=item.judgements[0], grade=grade,
        strength=view.strength if view.likely is not None else "",
        evidenced=view.strong, attached=view.attached,
        below=view.likely is not None and view.likely > benchmark,
        serious=view.serious, disputed=view.split, overdue=overdue, actions=len(actions),
        documents=len(response.evidence) if response is not None else 0,
        carried=to_review(response, view))


def statuses(bank: Bank, assessment: Assessment, readiness: Readiness,
             today: date | None = None) -> dict[str, ItemStatus]:
    """Every item's status, from the views the engine counted (never worked out again)."""
    today = today or current_day()
    return {item.id: item_status(bank, assessment, readiness.views[item.id], today)
            for item in bank.items}


def flags(bank: Bank, status: ItemStatus) -> list[str]:
    """What is worth saying about an item, in words, most important first."""
    if status.excluded:
        return ["not applicable"]
    if not status.assessed:
        return ["carried: to review"] if status.carried else ["not assessed"]
    out = []
    if status.serious:
        out.append("serious failure")
    elif status.below:
        out.append(f"below {benchmark_label(bank)}")
    if status.disputed:
        out.append("assessors disagree")
    if not status.evidenced:
        out.append(evidence_words(status))
    if status.overdue:
        out.append("overdue action" if status.overdue == 1 else f"{status.overdue} overdue "
                   "actions")
    return out


def evidence_words(status: ItemStatus) -> str:
    """Why an assessed item does not count as strongly evidenced, in plain words."""
    if not status.attached:
        return "no evidence attached"
    if status.strength == "strong":
        return "evidence strong"
    return "evidence only partial" if status.strength == "partial" else \
        "evidence not yet shown to be strong"


class Filter(msgspec.Struct, frozen=True):
    id: str
    label: str


def filters(bank: Bank, *, carried: bool = False) -> list[Filter]:
    """The filters every item table offers, in the order `f` steps through them (with
    "carried: to review" in an assessment carried from another framework)."""
    return [
        Filter("all", "all items"),
        *([Filter("carried", "carried: to review")] if carried else []),
        Filter("unassessed", "not yet assessed"),
        Filter("unevidenced", "scored without strong evidence"),
        Filter("below", f"below {benchmark_label(bank)}"),
        Filter("serious", "serious failures"),
        Filter("disputed", "where assessors disagree"),
        Filter("overdue", "with overdue actions"),
    ]


def keep(status: ItemStatus, filter_id: str) -> bool:
    """Whether an item shows under a filter."""
    if filter_id == "all":
        return True
    if status.excluded:
        return False
    return {
        "carried": status.carried,
        "unassessed": not status.assessed,
        "unevidenced": status.assessed and not status.evidenced,
        "below": status.below,
        "serious": status.serious,
        "disputed": status.disputed,
        "overdue": status.overdue > 0,
    }.get(filter_id, False)


def items_of(bank: Bank, judgement_id: str) -> list[Item]:
    """The items shown under a judgement; for one worked out from others, every item."""
    return bank.items_by_judgement.get(judgement_id) or list(bank.items)


class Listed(msgspec.Struct, frozen=True):
    """An item in a list of strengths, priorities or gaps, with why it is there."""

    status: ItemStatus
    why: str = ""


def strengths(bank: Bank, found: dict[str, ItemStatus], judgement_id: str) -> list[Listed]:
    """At the benchmark or better and strongly evidenced."""
    return [Listed(s) for s in _own(bank, found, judgement_id)
            if s.assessed and not s.below and s.evidenced]


def priorities(bank: Bank, found: dict[str, ItemStatus], judgement_id: str) -> list[Listed]:
    """Serious failures first, then items below the benchmark, then good but not evidenced."""
    bench = benchmark_label(bank)
    serious, below, weak = [], [], []
    for s in _own(bank, found, judgement_id):
        if not s.assessed:
            continue
        grade = label(bank, s.grade)
        if s.serious:
            serious.append(Listed(s, "serious failure"))
        elif s.below:
            below.append(Listed(s, f"below {bench}"))
        elif not s.evidenced:
            weak.append(Listed(s, f"{grade}, but {evidence_words(s)}"))
    return serious + below + weak


def gaps(bank: Bank, found: dict[str, ItemStatus]) -> list[Listed]:
    """Items that apply and have no evidence attached, with the judgement they sit under."""
    return [Listed(s, bank.judgement_name(s.judgement)) for s in found.values()
            if not s.excluded and not s.attached]


def _own(bank: Bank, found: dict[str, ItemStatus], judgement_id: str) -> list[ItemStatus]:
    return [found[i.id] for i in bank.items_by_judgement.get(judgement_id, [])]


# --- case audits ---------------------------------------------------------------------------
# Audits are evidence people read: they never change the engine's grades.


class AuditTally(msgspec.Struct, frozen=True):
    """How the case audits of an item (or of a judgement's items) came out."""

    audits: int
    """Audits that stand (removed ones are not counted)."""
    at_benchmark: int
    """At the bank's benchmark grade or better ("good or better")."""
    cases: int
    """Different cases among them."""
    words: str
    """"case audits: 7 of 10 good or better", or "no case audits"."""


def benchmark_or_better(bank: Bank) -> str:
    """"good or better": the benchmark grade, with "or better" where a better grade exists."""
    words = benchmark_label(bank)
    return words if bank.grade_index[bank.rules.benchmark.grade] == 0 else f"{words} or better"


def audit_words(bank: Bank, at_benchmark: int, audits: int) -> str:
    if not audits:
        return "no case audits"
    return f"case audits: {at_benchmark} of {audits} {benchmark_or_better(bank)}"


def audit_tally(bank: Bank, audits: Iterable[Audit]) -> AuditTally:
    """Count audits against the benchmark; tombstones are left out here too."""
    standing = [a for a in audits if a.removed_at is None and a.grade in bank.grade_index]
    benchmark = bank.grade_index[bank.rules.benchmark.grade]
    good = sum(1 for a in standing if bank.grade_index.get(a.grade, benchmark + 1) <= benchmark)
    return AuditTally(len(standing), good, len({a.case for a in standing}),
                      audit_words(bank, good, len(standing)))


def item_audits(bank: Bank, assessment: Assessment) -> dict[str, AuditTally]:
    """Every item's tally (`audit list`)."""
    by_item: dict[str, list[Audit]] = {item.id: [] for item in bank.items}
    for audit in assessment.live_audits():
        if audit.item in by_item:
            by_item[audit.item].append(audit)
    return {item_id: audit_tally(bank, found) for item_id, found in by_item.items()}


def judgement_audits(bank: Bank, assessment: Assessment) -> dict[str, AuditTally]:
    """Every judgement's tally over the items it counts (all items for one worked out from
    others, like overall effectiveness); an audit of an item under two judgements counts in
    both."""
    standing = assessment.live_audits()
    out = {}
    for judgement in bank.judgements:
        ids = {item.id for item in items_of(bank, judgement.id)}
        out[judgement.id] = audit_tally(bank, (a for a in standing if a.item in ids))
    return out


def audits_words(bank: Bank, assessment: Assessment) -> str:
    """One sentence for a board on the case audits ("" when there are none): "Case audits:
    7 of 10 good or better, over 9 cases (help and protection 5 of 7; ...). Audits are
    evidence; they change no grade." """
    found = audit_tally(bank, assessment.live_audits())
    if not found.audits:
        return ""
    tallies = judgement_audits(bank, assessment)
    parts = [f"{in_sentence(bank.judgement_name(j.id))} {t.at_benchmark} of {t.audits}"
             for j in bank.judgements if bank.items_by_judgement.get(j.id)
             for t in [tallies[j.id]] if t.audits]
    cases = "1 case" if found.cases == 1 else f"{found.cases} cases"
    return (f"{found.words[:1].upper()}{found.words[1:]}, over {cases}"
            + (f" ({'; '.join(parts)})" if parts else "")
            + ". Audits are evidence: they change no grade.")


def case_audit_words(bank: Bank, assessment: Assessment, cases: Iterable[str]) -> list[str]:
    """Each sampled child's audits in a few letters, for the sample beside them (read in
    one pass): "not audited", or "2: G, RI" (each audit's grade, short, oldest first)."""
    by_case: dict[str, list[Audit]] = {}
    for audit in sorted(assessment.live_audits(), key=lambda a: a.at):
        by_case.setdefault(audit.case, []).append(audit)

    def words(found: list[Audit]) -> str:
        shorts = [(bank.grades[a.grade].short or bank.grades[a.grade].label)
                  if a.grade in bank.grades else a.grade for a in found]
        return f"{len(found)}: {', '.join(shorts)}" if found else "not audited"

    return [words(by_case.get(case, [])) for case in cases]


class AuditLine(msgspec.Struct, frozen=True):
    """One audit as a list, the register or a pack shows it."""

    id: str
    item: str
    short: str
    case: str
    """The case ID, or "" where case references are left out (every export by default)."""
    grade: str
    """In words, from the bank's scale."""
    tone: str
    note: str
    by: str
    date: str
    """DD/MM/YYYY."""


def audit_lines(bank: Bank, assessment: Assessment, *, include_cases: bool,
                item: str | None = None) -> list[AuditLine]:
    """The audits that stand (of one item, or all), oldest first, in words.

    Case IDs are shown only with `include_cases`: the same privacy rule as every export.
    """
    found = sorted(assessment.live_audits(item), key=lambda a: (a.at, a.item, a.case))
    return [AuditLine(
        id=a.id, item=a.item,
        short=short_name(bank.item_map[a.item]) if a.item in bank.item_map else a.item,
        case=a.case if include_cases else "", grade=label(bank, a.grade),
        tone=tone(bank, a.grade), note=a.note, by=a.by, date=f"{a.at:%d/%m/%Y}")
        for a in found]


# --- judgements --------------------------------------------------------------------------


class JudgementView(msgspec.Struct, frozen=True):
    """A judgement in words, as the dashboard, `summary` and every pack show it."""

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
    """For a table's Likely column: "good", or "too few scored (6 more to score)"."""
    range: str
    """"inadequate to good", or one grade where low and high agree."""
    items: int
    assessed: int
    evidenced: int
    needed: int
    reasons: list[str]


def likely_words(bank: Bank, result: JudgementResult) -> str:
    if result.likely != NOT_ASSESSED:
        return f"likely {label(bank, result.likely)}"
    if not result.assessed and result.kind != "overall":
        return "not yet scored"
    return f"too few scored ({more_to_score(result)})" if result.needed else "too few scored"


def more_to_score(result: JudgementResult) -> str:
    return f"{result.needed} more to score"


def range_words(bank: Bank, result: JudgementResult) -> str:
    if result.low == result.high:
        return label(bank, result.low)
    return f"{label(bank, result.low)} to {label(bank, result.high)}"


def judgement_view(bank: Bank, result: JudgementResult) -> JudgementView:
    return JudgementView(
        id=result.id, name=bank.judgement_name(result.id), title=result.title,
        kind=result.kind, likely=result.likely, low=result.low, high=result.high,
        stands=likely_words(bank, result),
        grade=label(bank, result.likely) if result.likely != NOT_ASSESSED
        else likely_words(bank, result),
        range=range_words(bank, result),
        items=result.items, assessed=result.assessed, evidenced=result.evidenced,
        needed=result.needed, reasons=result.reasons)


def judgement_views(bank: Bank, readiness: Readiness) -> list[JudgementView]:
    return [judgement_view(bank, r) for r in readiness.judgements]


# --- the headline --------------------------------------------------------------------------


def coverage(readiness: Readiness) -> tuple[int, int, int]:
    """Applicable items, how many are scored, how many strongly evidenced."""
    applicable = [v for v in readiness.views.values() if not v.excluded]
    scored = [v for v in applicable if v.likely is not None]
    return len(applicable), len(scored), sum(1 for v in scored if v.strong)


def coverage_words(readiness: Readiness) -> str:
    total, scored, evidenced = coverage(readiness)
    return f"{scored} of {total} items scored, {evidenced} strongly evidenced"


def in_sentence(name: str) -> str:
    """A name as it reads inside a sentence: 'Help and protection' -> 'help and
    protection'; 'Performance management and QA' keeps its QA; 'LADO' stays."""
    return name if name[1:2].isupper() else name[:1].lower() + name[1:]


def _names(bank: Bank, ids: Iterable[str]) -> str:
    return _names_list([in_sentence(bank.judgement_name(j)) for j in ids])


def headline(bank: Bank, readiness: Readiness) -> str:
    """One or two sentences on where the authority likely stands, with its coverage."""
    total, scored, _ = coverage(readiness)
    covered = coverage_words(readiness)
    overall = readiness.overall()
    if not scored:
        return f"Nothing is scored yet (0 of {total} items)."
    if overall is None:
        placed = [r for r in readiness.judgements if r.likely != NOT_ASSESSED]
        return (f"{len(placed)} of {len(readiness.judgements)} judgements have a likely grade; "
                f"{covered}.")
    if overall.likely == NOT_ASSESSED:
        waiting = [r for r in readiness.judgements if r.id in _combined(bank, readiness)
                   and r.likely == NOT_ASSESSED]
        still = ", ".join(f"{in_sentence(bank.judgement_name(r.id))}"
                          + (f" ({r.needed} more)" if r.needed else "") for r in waiting)
        return (f"Too few scored for a likely overall judgement: {covered}. "
                f"Still to score: {still or 'more items'}.")
    index = bank.grade_index
    text = f"Likely {label(bank, overall.likely)}"
    parts = []
    if index[overall.high] < index[overall.likely]:
        reach = [r.id for r in readiness.judgements if r.id in _combined(bank, readiness)
                 and index[r.high] <= index[overall.high]
                 and r.likely != NOT_ASSESSED and index[r.likely] > index[overall.high]]
        parts.append(f"could be {label(bank, overall.high)}"
                     + (f" if {_names(bank, reach)} reach{'es' if len(reach) == 1 else ''} "
                        f"{label(bank, overall.high)}" if reach else ""))
    if index[overall.low] > index[overall.likely]:
        # The engine's own reason, so the headline names what it names ("or" where any
        # one would do, "and" where all must fall).
        said = next((r.text for r in overall.because if r.about == "low"
                     and r.text.startswith("Could fall to")), "")
        parts.append(said[:1].lower() + said[1:].rstrip(".") if said else
                     f"could fall to {label(bank, overall.low)}")
    return text + ("; " + "; ".join(parts) if parts else "") + f". {covered[:1].upper()}" \
        f"{covered[1:]}."


def _combined(bank: Bank, readiness: Readiness) -> set[str]:
    """The judgements the overall judgement is worked out from."""
    rule = bank.rules.overall
    if rule is not None and rule.of:
        return set(rule.of)
    return {r.id for r in readiness.judgements if r.kind == "key"}


# --- the rules and the method note ---------------------------------------------------------


class RuleView(msgspec.Struct, frozen=True):
    key: str
    basis: str
    basis_label: str
    says: str
    source: str
    """As people know it ("SIF 2015, paragraph 19")."""
    source_file: str
    """As the bank gives it (file names), for JSON."""
    quote: str
    evidence: str


def says(rule: Rule) -> str:
    share = getattr(rule, "share", None)
    at_least = getattr(rule, "at_least", None)
    return rule.says.replace("{share}", share_words(share) if share is not None else "") \
        .replace("{at_least}", str(at_least) if at_least is not None else "")


def rules(bank: Bank) -> list[RuleView]:
    return [RuleView(key, rule.basis, BASIS_LABELS[rule.basis], says(rule),
                     cite(bank, rule.source), rule.source, rule.quote, rule.evidence)
            for key, rule in bank.rules.named()]


def method_note(bank: Bank) -> list[str]:
    """How the judgements are worked out, made from this bank's rules, each with its basis."""
    lines = [
        "This is a self-assessment by the authority, not an Ofsted judgement.",
        f"Each item of the {bank.title} is graded by the people who know the service, who "
        "also say how strong the evidence for the grade is and attach the documents and "
        "cases that back it.",
    ]
    for rule in rules(bank):
        if rule.basis == "framework":
            tag = f"the framework ({rule.source})" if rule.source else "the framework"
        elif rule.basis == "outcomes":
            tag = f"read from {rule.source}" if rule.source else "read from Ofsted's outcomes"
        else:
            tag = f"this app's reading of {rule.source}" if rule.source else \
                "this app's method"
        lines.append(f"{rule.says} Basis: {tag}.")
    return lines


# --- carried from another framework (readiness carry) ----------------------------------------


def to_review(response: Response | None, view: ItemView) -> bool:
    """A grade carried from another framework waits here: nobody has graded the item since
    (confirming the proposal or giving another grade) and it is not marked n/a."""
    return (response is not None and view.likely is None and not view.excluded
            and any(c.live for c in response.carried))


def carried_proposal(bank: Bank, response: Response) -> str | None:
    """The grade confirming would give: the proposal of a carried grade waiting here (the
    lower, if those carried from several items differ: the cautious reading)."""
    proposed = [c.proposed for c in response.carried
                if c.live and c.proposed in bank.grade_index]
    return max(proposed, key=bank.grade_index.__getitem__) if proposed else None


def carried_words(bank: Bank, response: Response, *, proposal: bool = True) -> str:
    """"carried from ESN08 (good): review" (and, with `proposal`, what confirming gives)."""
    live = [c for c in response.carried if c.live]
    if not live:
        return ""
    sources = ", ".join(f"{c.item} ({_there(c)})" for c in live)
    proposed = carried_proposal(bank, response) if proposal else None
    return f"carried from {sources}: review" + (
        f" (proposed: {label(bank, proposed)})" if proposed else "")


def _there(carried: Carried) -> str:
    """What the item held where it came from (its bank's grade slug, said as words)."""
    if carried.not_applicable:
        return "not applicable"
    return carried.grade.replace("_", " ") if carried.grade else "not graded"


def carried_to_review(bank: Bank, assessment: Assessment, readiness: Readiness) -> list[str]:
    """The items whose carried grade waits for review, in bank order."""
    return [item.id for item in bank.items
            if to_review(assessment.responses.get(item.id), readiness.views[item.id])]


def has_carried(assessment: Assessment) -> bool:
    """Whether the assessment was carried from another framework (item tables then offer
    the "carried: to review" filter)."""
    return any(r.carried for r in assessment.responses.values())


def review_words(count: int) -> str:
    """"34 carried items to review" ("" when none)."""
    if not count:
        return ""
    return f"{count} carried item{'s' if count != 1 else ''} to review"


# --- findings framed by a framework's outcomes (a board pack by the National Framework) -------


class Framing(msgspec.Struct, frozen=True):
    """Where each item's findings sit in a framework (its own bank's or, through a crosswalk,
    another's), for a pack grouped by that framework's outcomes and enablers."""

    framework: str
    """The framework's name in tags ("National Framework")."""
    words: str
    """"the National Framework’s outcomes and enablers"."""
    headings: list[str]
    """The groups in the framework's order (then "Not in the …" for items it leaves out)."""
    of: dict[str, tuple[str, str]]
    """Item id to its heading and its tag ("(Outcome: safe in and outside the home,
    National Framework)")."""


def _heading(judgement: Judgement) -> str:
    title = judgement.title[:1].upper() + judgement.title[1:]
    return f"{judgement.label}: {title}" if judgement.label else title


def framework_tag(bank: Bank, judgement_id: str) -> str:
    """"(Outcome: safe in and outside the home, National Framework)", as Ofsted's reports
    tag a finding with the outcome or enabler it belongs to."""
    judgement = bank.judgement_map[judgement_id]
    kind = judgement.label.split()[0] if judgement.label else "Judgement"
    name = judgement.short or judgement.title
    return f"({kind}: {in_sentence(name)}, {bank.short or bank.title})"


def framing(bank: Bank, by: Bank, links: Map | None = None) -> Framing:
    """Each item of `bank` placed under `by`'s judgements: its own where `by` is `bank`,
    else through the crosswalk `links` (read from `bank`): the judgement of the first item
    (or the judgement itself) that answers to the item or, failing that, to its judgement."""
    from readiness.crosswalks import counterparts

    of: dict[str, tuple[str, str]] = {}
    left_out = f"Not in the {by.short or by.title}"
    for item in bank.items:
        target = item.judgements[0] if by.id == bank.id else ""
        if links is not None and by.id != bank.id:
            found = counterparts([links], item.id, item.judgements)
            first = found[0].ids[0] if found else ""
            target = by.item_map[first].judgements[0] if first in by.item_map else (
                first if first in by.judgement_map else "")
        of[item.id] = (_heading(by.judgement_map[target]), framework_tag(by, target)) \
            if target else (left_out, "")
    headings = [_heading(j) for j in by.judgements]
    if any(heading == left_out for heading, _ in of.values()):
        headings.append(left_out)
    kinds = list(dict.fromkeys(j.label.split()[0].lower() + "s" for j in by.judgements
                               if j.label))
    name = by.short or by.title
    words = f"the {name}’s {' and '.join(kinds) if kinds else 'judgements'}"
    return Framing(name, words, headings, of)


# --- workshops: which grade counts, moderation, progress -------------------------------------


class Counting(msgspec.Struct, frozen=True):
    """Which grade counts for an item, and why, in words."""

    grade: str | None
    """The grade that counts (slug), NOT_APPLICABLE, or None when not assessed."""
    why: str
    """"agreed by B. Smith", "middle of 3 assessors, not yet agreed"…"""
    kind: str
    """agreed, to-agree, only, unanimous, middle, none or excluded."""


def _names_list(names: list[str]) -> str:
    """"A", "A and B", "A, B and C" ("" for none)."""
    return "".join(names) if len(names) <= 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def counting(bank: Bank, response: Response | None, view: ItemView) -> Counting:
    """Which grade counts for an item and why: what the engine counted, said plainly."""
    if view.excluded:
        return Counting(NOT_APPLICABLE, "not applicable here: left out of every judgement",
                        "excluded")
    grade = bank.scale[view.likely].slug if view.likely is not None else None
    if response is not None and to_review(response, view):
        return Counting(None, f"{carried_words(bank, response)}: counts toward nothing until "
                        "someone confirms or changes it", "carried")
    if response is None or grade is None:
        return Counting(None, "not assessed yet", "none")
    agreed = response.agreed
    if agreed is not None and agreed.grade == grade:
        when = f" on {agreed.at:%d %b %Y}" if agreed.at else ""
        return Counting(grade, f"agreed by {agreed.by}{when}" if agreed.by else
                        f"agreed{when}", "agreed")
    graded = [e for e in response.assessors() if e.grade in bank.grade_index]
    count = len(graded)
    if response.to_agree:
        apart = [f"{label(bank, a.grade)} by {a.by or 'someone'}"
                 for a in response.live_agreements()]
        return Counting(grade, f"agreed differently apart ({_names_list(apart)}): to agree "
                        f"again; until then the {_middle(count)} counts", "to-agree")
    if count == 1:
        who = graded[0].by
        return Counting(grade, f"{who}'s grade, the only assessor" if who else
                        "the only grade given", "only")
    if not view.split:
        return Counting(grade, f"all {count} assessors agree, nothing agreed formally yet",
                        "unanimous")
    return Counting(grade, f"{_middle(count)}, not yet agreed", "middle")


def _middle(count: int) -> str:
    if count % 2:
        return f"middle of {count} assessors' grades"
    return f"worse of the two middle grades of {count} assessors"


class Opinion(msgspec.Struct, frozen=True):
    """One assessor's view of an item, as moderation shows it side by side."""

    by: str
    grade: str | None
    strength: str
    note: str
    serious: bool
    agreed_apart: bool = False
    """An agreed grade made elsewhere that differs from another: counts as an opinion."""


class Dispute(msgspec.Struct, frozen=True):
    """An item whose assessors disagree, with every opinion side by side."""

    id: str
    short: str
    judgement: str
    opinions: list[Opinion]
    spread: int
    """How many grades apart the best and worst opinions are."""
    serious: bool
    """Someone marked a serious failure here."""
    agreed: str | None
    """The agreed grade (slug) once the room has agreed."""
    agreed_by: str
    to_agree: bool
    counting: Counting

    @property
    def settled(self) -> bool:
        return self.agreed is not None


class Disputes(msgspec.Struct, frozen=True):
    """What a room has to moderate (`readiness moderation`, the moderation screen)."""

    items: list[Dispute]
    """Disputed items: not yet agreed first, then serious flags, then the widest spread."""
    disputed: int
    agreed: int

    @property
    def progress(self) -> str:
        return f"{self.agreed} of {self.disputed} disputed items agreed"


def disputed(bank: Bank, response: Response | None) -> bool:
    """Assessors gave different grades (or one marked a serious failure and another not),
    or grades were agreed apart that differ."""
    if response is None or response.not_applicable:
        return False
    if response.to_agree:
        return True
    given = {(e.grade, e.serious) for e in response.assessor_entries()
             if e.grade in bank.grade_index}
    return len(given) > 1


def disputes(bank: Bank, assessment: Assessment, readiness: Readiness) -> Disputes:
    """The items a room has to moderate, most in need first, with every opinion."""
    found = []
    for order, item in enumerate(bank.items):
        response = assessment.responses.get(item.id)
        if response is None or not disputed(bank, response):
            continue
        opinions = [Opinion(e.by, e.grade, e.evidence_strength or "", e.note, e.serious)
                    for e in response.assessor_entries() if e.grade is not None]
        if response.to_agree:
            opinions += [Opinion(a.by, a.grade, a.evidence_strength or "", a.note, a.serious,
                                 agreed_apart=True) for a in response.live_agreements()]
        levels = [bank.grade_index[o.grade] for o in opinions if o.grade in bank.grade_index]
        agreed = response.agreed
        found.append((order, Dispute(
            id=item.id, short=short_name(item), judgement=item.judgements[0],
            opinions=opinions, spread=max(levels) - min(levels) if levels else 0,
            serious=any(o.serious for o in opinions),
            agreed=agreed.grade if agreed is not None else None,
            agreed_by=agreed.by if agreed is not None else "", to_agree=response.to_agree,
            counting=counting(bank, response, readiness.views[item.id]))))
    found.sort(key=lambda pair: (pair[1].settled, not pair[1].serious, -pair[1].spread,
                                 pair[0]))
    items = [m for _, m in found]
    return Disputes(items, len(items), sum(1 for m in items if m.settled))


class Progress(msgspec.Struct, frozen=True):
    """How far one person has got: "A. Patel 41/76"."""

    name: str
    graded: int
    applicable: int
    on_roster: bool

    @property
    def words(self) -> str:
        return f"{self.name} {self.graded}/{self.applicable}"


def progress(bank: Bank, assessment: Assessment) -> list[Progress]:
    """Each person's graded items out of those that apply (the roster first, then others)."""
    applicable = [i.id for i in bank.items
                  if not (assessment.responses.get(i.id) or Response()).not_applicable]
    counts: dict[str, int] = dict.fromkeys(assessment.people(), 0)
    for item_id in applicable:
        response = assessment.responses.get(item_id)
        for entry in response.assessor_entries() if response is not None else []:
            if entry.by and entry.grade is not None:
                counts[entry.by] = counts.get(entry.by, 0) + 1
    roster = set(assessment.roster)
    return [Progress(name, count, len(applicable), name in roster)
            for name, count in counts.items()]


class JudgementModeration(msgspec.Struct, frozen=True):
    """Per judgement: how far it was moderated and where assessors still disagree."""

    id: str
    name: str
    items: int
    """Items that apply (those marked n/a are left out, as from every count)."""
    moderated: int
    """Items with an agreed grade."""
    disagree: list[str]
    """Items where assessors disagree and nothing is agreed yet (or it is to agree again)."""

    @property
    def words(self) -> str:
        still = (f"; assessors still disagree on {len(self.disagree)} "
                 f"({', '.join(self.disagree)})") if self.disagree else \
            "; no disagreement left"
        return f"{self.moderated} of {self.items} items agreed by moderation{still}"


def judgement_moderation(bank: Bank, assessment: Assessment) -> list[JudgementModeration]:
    """For the board pack: per judgement, items moderated and items still disputed."""
    out = []
    for judgement in bank.judgements:
        items = items_of(bank, judgement.id)
        responses = [assessment.responses.get(i.id) for i in items]
        moderated = sum(1 for r in responses if r is not None and r.agreed is not None
                        and not r.not_applicable)
        disagree = [i.id for i, r in zip(items, responses, strict=True)
                    if r is not None and r.agreed is None and disputed(bank, r)]
        applicable = sum(1 for r in responses if r is None or not r.not_applicable)
        out.append(JudgementModeration(judgement.id, bank.judgement_name(judgement.id),
                                       applicable, moderated, disagree))
    return out


def judgement_moderation_words(found: list[JudgementModeration]) -> str:
    """One sentence for a board: per judgement, agreed by moderation and still disputed."""
    parts = [f"{m.name} {m.moderated} of {m.items} agreed"
             + (f", {len(m.disagree)} still disputed" if m.disagree else "") for m in found]
    return "By judgement: " + "; ".join(parts) + "." if parts else ""


# --- merging: what came in, what is kept aside ------------------------------------------------


def _few(ids: list[str], limit: int = 4) -> str:
    unique = list(dict.fromkeys(ids))
    if len(unique) <= limit:
        return ", ".join(unique)
    return f"{', '.join(unique[:limit])} and {len(unique) - limit} more"


def incoming_words(assessment: Assessment, changes: list[Change]) -> str:
    """What a merge brought in from someone else, in one line for a status bar ("" if
    nothing): "Merged in: B. Smith on ESN05, ESN09; agreed ESN12; 2 actions"."""
    people: dict[str, list[str]] = {}
    agreed: list[str] = []
    evidence: list[str] = []
    other: dict[str, int] = {}
    for change in changes:
        kind = change.fact[0]
        if kind == "entry":
            people.setdefault(change.fact[2] or "someone", []).append(change.fact[1])
        elif kind == "agreed":
            agreed.append(change.fact[1])
        elif kind in ("evidence", "case", "na"):
            evidence.append(change.fact[1])
        elif kind != "header":
            other[kind] = other.get(kind, 0) + 1
    parts = [f"{who} on {_few(items)}" for who, items in people.items()]
    if agreed:
        parts.append(f"agreed grades on {_few(agreed)}")
    if evidence:
        parts.append(f"evidence, cases or n/a on {_few(evidence)}")
    names = {"action": ("action", "actions"), "doc": ("register entry", "register entries"),
             "audit": ("case audit", "case audits"), "snapshot": ("snapshot", "snapshots"),
             "roster": ("roster name", "roster names")}
    for kind, count in other.items():
        one, many = names.get(kind, (kind, kind))
        parts.append(f"{count} {one if count == 1 else many}")
    if not parts:
        return ""
    return "Merged in changes saved by someone else: " + "; ".join(parts) + "."


class ConflictView(msgspec.Struct, frozen=True):
    """A version a merge kept aside, beside the one that counts, for someone to choose."""

    id: str
    about: str
    kept: str
    other: str
    kind: str
    open: bool


def _fact_words(fact: list[str], assessment: Assessment) -> str:
    kind = fact[0] if fact else ""
    if kind == "entry" and len(fact) == 3:
        return f"{fact[1]}: {fact[2] or 'an unnamed assessor'}'s entry"
    if kind == "agreed" and len(fact) == 3:
        return f"{fact[1]}: the agreed grade"
    if kind == "action" and len(fact) == 2:
        return f"action {assessment.action_label(fact[1])}"
    if kind == "doc" and len(fact) == 3:
        return f"evidence {fact[1]} in the register"
    if kind == "header":
        return "the file's title and authority"
    return " ".join(fact)


def _value_words(bank: Bank, values: dict[str, object]) -> str:
    parts = []
    for key, value in values.items():
        if key in ("by", "at", "id", "created"):
            continue
        if key == "grade" and isinstance(value, str):
            parts.append(label(bank, value))
        elif key == "serious" and value:
            parts.append("serious failure")
        elif key == "cleared_at":
            parts.append("grade cleared")
        elif key == "removed":
            parts.append("removed")
        else:
            parts.append(f"{key.replace('_', ' ')}: {value}")
    return ", ".join(parts) or "(nothing)"


def conflicts(bank: Bank, assessment: Assessment) -> list[ConflictView]:
    """Versions kept aside by merges, open ones first: what counts beside what waits."""
    out = []
    for conflict in sorted(assessment.conflicts, key=lambda c: (not c.open, c.id)):
        when = f" (changed {conflict.at:%d %b %Y %H:%M:%S})" if conflict.at else ""
        kept = _value_words(bank, conflict.kept) if conflict.kept else "the version in the file"
        out.append(ConflictView(conflict.id, _fact_words(conflict.fact, assessment), kept,
                                _value_words(bank, conflict.values) + when, conflict.kind,
                                conflict.open))
    return out


def register_doubles(assessment: Assessment) -> list[str]:
    """Evidence codes under which two documents were registered apart (merged in)."""
    return [code for code, ref in assessment.evidence.items() if ref.also]

# --- items named, not coded --------------------------------------------------------------


_ID_PATTERNS: dict[tuple[str, int], re.Pattern[str]] = {}
_NAMES = re.compile(r"‘[^’]*’(?:, ‘[^’]*’)*(?: and (?:‘[^’]*’|(\d+) more))?")


def in_words(bank: Bank, text: str, most: int = 2) -> str:
    """A sentence with every item code ("ESN03") replaced by the item's name, for readers who
    never open the bank: "the evidence for ‘Early help offered when needs arise’ …".

    A list of more than `most` names keeps the first `most` and counts the rest ("‘A’,
    ‘B’ and 9 more"), so a paragraph stays a paragraph.
    """
    if not bank.items or not text:
        return text
    key = (bank.id, len(bank.items))
    pattern = _ID_PATTERNS.get(key)
    if pattern is None:
        ids = sorted((i.id for i in bank.items), key=len, reverse=True)
        pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(i) for i in ids)
                             + r")(?![\w-])")
        _ID_PATTERNS[key] = pattern
    named = pattern.sub(lambda m: f"‘{short_name(bank.item_map[m.group(1)])}’", text)

    def fold(match: re.Match[str]) -> str:
        names = re.findall(r"‘[^’]*’", match.group(0))
        total = len(names) + (int(match.group(1)) if match.group(1) else 0)
        if total <= most or len(names) <= most:
            return match.group(0)
        return f"{', '.join(names[:most])} and {total - most} more"

    return _NAMES.sub(fold, named)


# --- actions: red, amber, green ------------------------------------------------------------

RAG = ("red", "amber", "green", "complete", "dropped")
"""Red first: the order an action plan is read in."""
DUE_SOON_DAYS = 28
RAG_KEY = ("Red: overdue. Amber: due within four weeks, or no due date. Green: due later. "
           "Complete: done. Dropped: no longer pursued.")
"""How the status of an action is worked out, said once where the plan is shown."""


def rag(action: Action, today: date) -> str:
    """red, amber, green, complete or dropped, from the action's status and due date."""
    if action.status == "done":
        return "complete"
    if action.status == "dropped":
        return "dropped"
    if action.due is None:
        return "amber"
    if action.due < today:
        return "red"
    return "amber" if (action.due - today).days <= DUE_SOON_DAYS else "green"


def rag_words(action: Action, today: date) -> str:
    """Why an action has its colour, in words: "Red: overdue by 26 days"."""
    colour = rag(action, today)
    if colour == "red" and action.due is not None:
        days = (today - action.due).days
        return f"Red: overdue by {days} day{'s' if days != 1 else ''}"
    if colour == "amber":
        return "Amber: no due date" if action.due is None else "Amber: due within four weeks"
    return {"green": "Green: on track", "complete": "Complete", "dropped": "Dropped"}.get(
        colour, colour)


def action_order(actions: Iterable[Action], today: date) -> list[Action]:
    """Overdue first, then due soon, on track, done, dropped; the earliest due first within."""
    return sorted(actions, key=lambda a: (RAG.index(rag(a, today)), a.due or date.max))


# --- moderation ---------------------------------------------------------------------------


class Moderation(msgspec.Struct, frozen=True):
    """How far the scores are moderated: who scored what, what is agreed, what is not yet."""

    scored: int
    """Applicable items with a grade."""
    several: int
    """Scored by two or more assessors (or settled by an agreed grade)."""
    single: int
    """Scored by one assessor only, not yet moderated."""
    agreed: int
    """With an agreed grade."""
    to_agree: list[str]
    """Item ids where assessors disagree and nothing is agreed yet."""
    assessors: int
    """How many different people scored."""


def moderation(bank: Bank, assessment: Assessment, readiness: Readiness) -> Moderation:
    """How far the scores are moderated, counted the way the moderation screen and
    `readiness moderation` count disputes (`disputes`)."""
    several = single = agreed = 0
    people: set[str] = set()
    for item in bank.items:
        view = readiness.views[item.id]
        response = assessment.responses.get(item.id)
        if view.excluded or view.likely is None or response is None:
            continue
        graders = [e for e in response.assessors() if e.grade is not None]
        people |= {e.by for e in graders if e.by}
        if response.agreed is not None:
            agreed += 1
        if response.agreed is not None or len(graders) > 1:
            several += 1
        else:
            single += 1
    to_agree = [d.id for d in disputes(bank, assessment, readiness).items if not d.settled]
    return Moderation(scored=several + single, several=several, single=single, agreed=agreed,
                      to_agree=to_agree, assessors=len(people))


def moderation_words(bank: Bank, found: Moderation) -> str:
    """The moderation status in one or two sentences a board can read."""
    if not found.scored:
        return "Nothing is scored yet, so nothing is moderated."
    people = f"{found.assessors} {'person' if found.assessors == 1 else 'people'}"
    text = (f"{found.scored} items were scored by {people}: {found.several} by more than one "
            f"assessor or settled by an agreed grade ({found.agreed} agreed), {found.single} by "
            "one assessor only and not yet moderated.")
    if found.to_agree:
        names = ", ".join(f"‘{short_name(bank.item_map[i])}’" for i in found.to_agree)
        text += f" Assessors disagree on {len(found.to_agree)} still to agree: {names}."
    else:
        text += " No item is waiting for assessors to agree."
    return text


# --- what moved since a snapshot ---------------------------------------------------------

ARROWS = {"up": "▲", "down": "▼", "same": "=", "new": "+", "dropped": "−"}
"""A mark for each direction that reads without colour."""
MOVES = {"up": "better", "down": "worse", "same": "no change", "new": "newly graded",
         "dropped": "no longer graded"}


MOVES_KEY = "Items: " + ", ".join(f"{ARROWS[d]} {MOVES[d]}" for d in ARROWS) + "."
"""The key under a table of what moved: "Items: ▲ better, ▼ worse, = no change, ..."."""


def moved_words(direction: str) -> str:
    """"▲ better", "▼ worse", "= no change"."""
    return f"{ARROWS.get(direction, '')} {MOVES.get(direction, direction)}".strip()
