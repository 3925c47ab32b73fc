"""Question banks: a framework turned into data, and the one place its shape is defined.

A bank is read-only for the app, so it is read with the standard library's `tomllib`
(fast) and checked with msgspec Structs (`forbid_unknown_fields`), which also give the
JSON Schema bank authors use for completion in their editor. Every problem is reported
as `FILE:LINE: message`; a bank author should never see a traceback.

Rules and numbers that come from the framework (thresholds, which judgement limits
which) are fields of the bank with the source paragraph beside them, so that a new
framework is a new TOML file, not new code.
"""

import contextlib
import datetime
import functools
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

import msgspec

from readiness.errors import BankError, ErrorList, ReadinessError

if TYPE_CHECKING:
    from readiness import limits

# tomllib, hashlib and the position scanner load only when a bank is parsed or checked:
# a cached bank needs none of them, and `readiness banks list` is measured (make bench).

BANKS_ENV = "READINESS_BANKS"

JudgementKind = Literal["overall", "key", "graded"]
Field = Literal["likely", "low", "high"]
BankStatus = Literal["current", "superseded", "withdrawn"]
Basis = Literal["framework", "outcomes", "method"]
"""Why a rule is in the bank: the paragraph says so (quote it), Ofsted's published outcomes
show it, or it is this app's reading of the source (say how it was read)."""
Weekday = Literal["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAYS: tuple[str, ...] = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ColumnKind = Literal["id", "date", "code", "number", "text", "yes-no"]


class _Shape(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, frozen=True):
    """Base of every bank table: unknown keys are errors, not silently ignored."""


class Grade(_Shape, frozen=True, kw_only=True):
    """One step of the grade scale, best first in the bank's `[[scale]]` list."""

    slug: str
    label: str
    short: str = ""
    """A letter or two that tells grades apart without colour (projectors, colour-blind readers)."""


class Judgement(_Shape, frozen=True, kw_only=True):
    id: str
    title: str
    short: str = ""
    """A name for tables and sentences ("Help and protection"); the title where empty."""
    label: str = ""
    """The framework's own label for it in this version ("Outcome 1"), never used as its id:
    numbering changes between versions, ids must not."""
    kind: JudgementKind
    contributes_to: str | None = None
    """For a graded judgement: the key judgement it feeds."""
    summary: str = ""
    descriptors: dict[str, str] = {}
    """Grade slug to the framework's descriptor text for that grade, verbatim."""
    source: str = ""


class Item(_Shape, frozen=True, kw_only=True):
    """One characteristic of good practice (an ESN), phrased so a team can answer it."""

    id: str
    judgements: list[str]
    """Every judgement the item counts toward; the first is where it is listed."""
    text: str
    """The framework's descriptor, verbatim."""
    short: str = ""
    """A few words for tables; the app shortens `text` where this is empty."""
    section: str = ""
    """The framework's sub-heading the item sits under, verbatim ("" where none)."""
    audience: list[str] = []
    """Whom the framework addresses it to, as the framework lays it out (its roles)."""
    question: str
    prompts: list[str] = []
    evidence: list[str] = []
    tags: list[str] = []
    source: str


class Tag(_Shape, frozen=True, kw_only=True):
    """A theme items can carry (the National Framework's principles), declared once.

    When a bank declares its tags, every item's tags must be among them, so a misspelt
    tag is an error rather than a theme of its own.
    """

    id: str
    title: str
    text: str = ""
    """The framework's wording, verbatim, where the tag is one of its own ideas."""
    source: str = ""


class EvidenceDoc(_Shape, frozen=True, kw_only=True):
    """A document the framework asks for (Annex A's `1.07`), used as a document-name prefix."""

    code: str
    title: str
    group: str = ""
    detail: str = ""
    """The sentence that introduces `contents` ("This report should include for each child:")."""
    contents: list[str] = []
    """What the document must contain, one verbatim bullet a line (Annex A 2.03, 2.06, 2.07)."""
    source: str = ""


class NamingRule(_Shape, frozen=True, kw_only=True):
    """How a document given to inspectors is named: its catalogue code first, as a prefix
    ("1.07 Threshold criteria.pdf"). `readiness evidence check` reads file names against it."""

    quote: str
    """The framework's words, verbatim."""
    source: str
    basis: Basis = "framework"
    reading: str = ""


class AgeRule(_Shape, frozen=True, kw_only=True):
    """How old a document may be before the check flags it as perhaps no longer the most
    recent evidence."""

    months: int
    quote: str
    source: str
    basis: Basis
    reading: str = ""


class EvidenceRules(_Shape, frozen=True, kw_only=True):
    """What the framework asks of the documents in its catalogue, for the evidence check.

    A bank without a rule gets no check of that kind: nothing here is assumed.
    """

    naming: NamingRule | None = None
    age: AgeRule | None = None


class Deadline(_Shape, frozen=True, kw_only=True):
    week: int
    day: Weekday
    part: Literal["am", "pm", "end"] = "end"

    def text(self) -> str:
        if self.part == "end":
            return f"Week {self.week} (end of {self.day})"
        return f"Week {self.week} ({self.day} {self.part})"


class Column(_Shape, frozen=True, kw_only=True):
    """One column of a child-level list: what the app calls it, and the heading it expects.

    `key` is the stable name sample rules, mapping files and the demo generator use;
    `heading` is the default heading in the authority's file (a mapping file can rename it).
    A column of kind "id" holds a child's unique ID: the children a sample is drawn from are
    the IDs in such columns, and the same child has the same ID in every list.
    """

    key: str
    heading: str
    kind: ColumnKind = "text"
    codes: str = ""
    """For `kind = "code"`: the id of the `[[code_list]]` its values come from."""
    required: bool = True
    """The column must be in the file (a missing one is a problem)."""
    blank: bool = False
    """Its cells may be empty (an end date that has not happened yet)."""
    source: str = ""
    basis: Basis = "method"


class ChildList(_Shape, frozen=True, kw_only=True):
    """A child-level list the authority must send, and when (Annex A)."""

    id: str
    number: int
    area: str
    title: str
    stage1: Deadline
    stage2: Deadline | None = None
    source: str = ""
    columns: list[Column] = []
    """The columns the app reads, in their default order: the default mapping."""

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)


class Code(_Shape, frozen=True, kw_only=True):
    code: str
    label: str


class CodeList(_Shape, frozen=True, kw_only=True):
    """Codes a column's values come from (a DfE common basic data set list, or the app's own)."""

    id: str
    title: str
    codes: list[Code]
    source: str
    basis: Basis = "framework"
    reading: str = ""

    def code_set(self) -> frozenset[str]:
        return frozenset(c.code.upper() for c in self.codes)


ListCheck = Literal["excel", "codes", "same-id", "one-row", "siblings", "all-lists", "none"]


class ListRule(_Shape, frozen=True, kw_only=True):
    """A format rule Annex A gives for the child-level lists, and the check that applies it."""

    id: str
    text: str
    """The framework's words, verbatim."""
    options: list[str] = []
    """Verbatim bullets that follow `text` (list 8's two ways of giving brothers and sisters)."""
    check: ListCheck = "none"
    """What `readiness lists check` does with it; "none" where there is nothing to check."""
    lists: list[str] = []
    """The child lists it applies to; every list where empty."""
    column: str = ""
    """The column the check reads (the child's ID for "same-id" and "one-row")."""
    agree: list[str] = []
    """For "same-id": columns that must hold the same value wherever an ID appears."""
    source: str
    basis: Basis = "framework"
    reading: str = ""


class AnnexPart(_Shape, frozen=True, kw_only=True):
    heading: str
    items: list[str]


class AnnexSection(_Shape, frozen=True, kw_only=True):
    """A section of the framework's annex kept as text (planned meetings, the area's context)."""

    id: str
    title: str
    text: str
    """Its paragraphs, verbatim, one a line."""
    items: list[str] = []
    parts: list[AnnexPart] = msgspec.field(name="part", default_factory=list)
    note: str = ""
    source: str


class Condition(_Shape, frozen=True, kw_only=True):
    """What a sampled child must be: in one of `lists` (or none, when `absent`), and its row there
    passing the column test, if there is one. Every condition of a rule must hold."""

    lists: list[str]
    absent: bool = False
    column: str = ""
    any_of: list[str] = []
    """The cell holds one of these codes."""
    blank: bool | None = None
    """The cell is empty (true) or filled (false)."""
    at_least: int | None = None
    """The cell is a number at least this."""
    months_ago: list[int] = []
    """The cell is a date between these many months before the lists' date, e.g. [3, 6]."""


class SampleRule(_Shape, frozen=True, kw_only=True):
    """So many children of one kind, within a profile (or within another rule of it)."""

    id: str
    label: str
    count: int
    up_to: int | None = None
    within: str = ""
    """Another rule of the same profile these children also count toward."""
    when: list[Condition] = []
    quote: str
    source: str
    basis: Basis
    reading: str = ""


class SampleProfile(_Shape, frozen=True, kw_only=True):
    """A case sample as a source describes it: its size and the children it must include."""

    id: str
    title: str
    total: int
    """At least this many children in all; rules fill first, then `pool` tops up."""
    includes: list[str] = []
    """Other profiles drawn first, as part of this one."""
    pool: list[Condition] = []
    """Which children top the sample up to `total` once every rule is met."""
    rules: list[SampleRule] = msgspec.field(name="rule", default_factory=list)
    quote: str
    source: str
    basis: Basis
    reading: str = ""


class TimelineStep(_Shape, frozen=True, kw_only=True):
    """A dated step of an inspection, relative to the notification.

    Either `week` and `day` (week 1 is the week of the notification) or `after` (another
    step's id, or "notified") and `working_days`. `to_day` or `until` make it a span.
    """

    id: str
    what: str
    by: Literal["authority", "inspectors", "ofsted"]
    week: int | None = None
    day: Weekday | None = None
    to_day: Weekday | None = None
    part: Literal["", "am", "pm", "end"] = ""
    after: str | None = None
    working_days: int | None = None
    until: str | None = None
    time: str = ""
    """A time of day the source gives ("09:30" for "by 9.30am")."""
    expect_day: Weekday | None = None
    """The weekday the source says it falls on (notification "on a Tuesday")."""
    quote: str
    source: str
    basis: Basis
    reading: str = ""
    differs: str = ""
    """Where the sources disagree, and what the other one says."""


class Meeting(_Shape, frozen=True, kw_only=True):
    """Someone inspectors meet, interview or observe: a checklist for the authority."""

    id: str
    who: str
    how: Literal["interview", "meet", "observe", "contact", "update"]
    weeks: list[int] = []
    quote: str
    source: str
    basis: Basis = "framework"
    reading: str = ""


class Enquiry(_Shape, frozen=True, kw_only=True):
    """A line of enquiry inspectors are likely to follow, and the items that answer it."""

    id: str
    question: str
    original: str = ""
    """The wording of the source document, where it was written for one authority."""
    items: list[str]
    source: str = ""


BASIS_LABELS: dict[str, str] = {
    "framework": "the framework",
    "outcomes": "Ofsted's published outcomes",
    "method": "this app's method",
}


class Rule(_Shape, frozen=True, kw_only=True):
    """What every rule carries besides its numbers: where it comes from and what it says."""

    basis: Basis
    source: str = ""
    """File name and paragraph (or the outcomes it was read from)."""
    quote: str = ""
    """The framework's words the rule rests on, verbatim."""
    says: str = ""
    """The rule in one plain sentence for the method note; `{share}` is replaced by the
    rule's share in words ("half", "a quarter"), so the number lives in one place."""
    evidence: str = ""
    """For `outcomes`: the published figures the pattern was read from."""


class BenchmarkRule(Rule, frozen=True, kw_only=True):
    grade: str
    """The grade the items describe (the SIF's characteristics describe "good")."""


class ShareRule(Rule, frozen=True, kw_only=True):
    share: float
    """More than this share of the assessed (or applicable) items."""


class FailureRule(ShareRule, frozen=True, kw_only=True):
    at_least: int = 1
    """And at least this many items: one item of a small judgement is not widespread."""


class RangeRule(Rule, frozen=True, kw_only=True):
    """How the low and high ends of a range are worked out."""

    weak_evidence_drop: int = 1
    """`low` takes this many grades off items not strongly evidenced."""
    unassessed_low: str
    unassessed_high: str


class OverallRule(Rule, frozen=True, kw_only=True):
    """How the overall judgement follows from other judgements."""

    combine: Literal["middle", "lowest"] = "middle"
    of: list[str] = []
    """The judgements combined (default: every key judgement)."""
    not_better_than: list[str] = []
    max_above_lowest: int | None = None
    own_items: bool = False
    """Overall also has items of its own, and is no better than their best fit."""


class GradedRule(Rule, frozen=True, kw_only=True):
    """What a graded judgement (adoption, care leavers) does to its key judgement."""

    at: str
    """The grade of the graded judgement that triggers the rule."""
    cap_likely: str
    """The key judgement's `likely` is no better than this."""
    low: str
    """The key judgement's `low` is no better than this."""


class LimitRule(Rule, frozen=True, kw_only=True):
    """When any `when` judgement is at `at` or worse, `target` is no better than `to`.

    `bound = "likely"`: a rule that holds (applied to likely, low and high alike);
    `bound = "low"`: a possibility (applied to the low end only: "could be").
    """

    when: list[str]
    at: str
    target: str
    bound: Literal["likely", "low"]
    to: str


class Rules(_Shape, frozen=True, kw_only=True):
    """The engine's rules: best fit over items, the range, and rules between judgements."""

    benchmark: BenchmarkRule
    widespread: ShareRule
    """The benchmark grade is met when more than this share of assessed items reach it,
    none is at the worst grade."""
    exceeds: ShareRule
    """The best grade: the benchmark met with no assessed item below it, and more than this
    share at the best grade."""
    serious: Rule | None = None
    """An item at the worst grade marked a serious failure makes its judgement the worst."""
    failure: FailureRule | None = None
    """More than this share of assessed items at the worst grade (and at least `at_least`
    of them): widespread failure."""
    coverage: ShareRule
    """A likely grade needs at least this share of a judgement's applicable items scored."""
    range: RangeRule
    evidenced: Rule | None = None
    """Strong evidence counts only with a document or case attached (what the method note
    says of it)."""
    overall: OverallRule | None = None
    graded: GradedRule | None = None
    graded_ceiling: Rule | None = None
    """A key judgement is no better than the better of its graded judgements."""
    limit: list[LimitRule] = []

    def named(self) -> list[tuple[str, Rule]]:
        """Every rule with its key in the bank, in the order the method note gives them."""
        found: list[tuple[str, Rule]] = []
        for key in ("benchmark", "widespread", "exceeds", "serious", "failure", "coverage",
                    "range", "evidenced", "overall", "graded", "graded_ceiling"):
            rule = getattr(self, key)
            if rule is not None:
                found.append((key, rule))
        found += [(f"limit[{n + 1}]", rule) for n, rule in enumerate(self.limit)]
        return found


class Bank(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, dict=True):
    """A whole bank file. The TOML uses singular table names: `[[judgement]]`, `[[item]]`."""

    id: str
    title: str
    short: str = ""
    """The name findings are tagged with ("National Framework"); the title where empty."""
    version: str
    framework: str
    source: list[str]
    description: str = ""
    documents: dict[str, str] = {}
    """Source file name to the name people know it by ("SIF 2015"), for citations shown to
    people; the file name stays in JSON."""
    status: BankStatus = "current"
    """Whether the framework is in force: a withdrawn one is kept for rehearsal and history."""
    status_date: datetime.date | None = None
    """Since when it has had this status, where a source says so."""
    replaced_by: str = ""
    """What replaced it, where a source says so."""
    status_note: str = ""
    scale: list[Grade]
    rules: Rules
    judgements: list[Judgement] = msgspec.field(name="judgement")
    items: list[Item] = msgspec.field(name="item")
    evidence: list[EvidenceDoc] = []
    evidence_rules: EvidenceRules | None = None
    """How catalogue documents are named and how old they may be (`readiness evidence check`)."""
    child_lists: list[ChildList] = msgspec.field(name="child_list", default_factory=list)
    enquiries: list[Enquiry] = msgspec.field(name="enquiry", default_factory=list)
    tags: list[Tag] = msgspec.field(name="tag", default_factory=list)
    code_lists: list[CodeList] = msgspec.field(name="code_list", default_factory=list)
    list_rules: list[ListRule] = msgspec.field(name="list_rule", default_factory=list)
    annex_sections: list[AnnexSection] = msgspec.field(
        name="annex_section", default_factory=list)
    samples: list[SampleProfile] = msgspec.field(name="sample", default_factory=list)
    timeline: list[TimelineStep] = msgspec.field(name="timeline", default_factory=list)
    meetings: list[Meeting] = msgspec.field(name="meeting", default_factory=list)

    # Lookups, built once per bank on first use.
    @functools.cached_property
    def grade_index(self) -> dict[str, int]:
        """Grade slug to its position: 0 is the best grade."""
        return {g.slug: i for i, g in enumerate(self.scale)}

    @functools.cached_property
    def grades(self) -> dict[str, Grade]:
        return {g.slug: g for g in self.scale}

    @functools.cached_property
    def item_map(self) -> dict[str, Item]:
        return {i.id: i for i in self.items}

    @functools.cached_property
    def judgement_map(self) -> dict[str, Judgement]:
        return {j.id: j for j in self.judgements}

    @functools.cached_property
    def evidence_map(self) -> dict[str, EvidenceDoc]:
        return {e.code: e for e in self.evidence}

    @functools.cached_property
    def tag_map(self) -> dict[str, Tag]:
        return {t.id: t for t in self.tags}

    @functools.cached_property
    def child_list_map(self) -> dict[str, ChildList]:
        return {c.id: c for c in self.child_lists}

    @functools.cached_property
    def code_list_map(self) -> dict[str, CodeList]:
        return {c.id: c for c in self.code_lists}

    @functools.cached_property
    def sample_map(self) -> dict[str, SampleProfile]:
        return {s.id: s for s in self.samples}

    @functools.cached_property
    def items_by_judgement(self) -> dict[str, list[Item]]:
        out: dict[str, list[Item]] = {j.id: [] for j in self.judgements}
        for item in self.items:
            for jid in item.judgements:
                out.setdefault(jid, []).append(item)
        return out

    @functools.cached_property
    def digest(self) -> str:
        """A hash of the content (not the layout): comments and spacing do not change it."""
        import hashlib

        return "sha256:" + hashlib.sha256(msgspec.json.encode(self)).hexdigest()[:16]

    @functools.cached_property
    def overall(self) -> Judgement | None:
        """The judgement of kind `overall`, where the bank has one."""
        return next((j for j in self.judgements if j.kind == "overall"), None)

    @functools.cached_property
    def limiting(self) -> frozenset[str]:
        """Judgements a limit rule lets hold the overall judgement down (SIF paragraph 30)."""
        overall = self.overall
        return frozenset(jid for rule in self.rules.limit
                         if overall is not None and rule.target == overall.id
                         and rule.bound == "likely" for jid in rule.when)

    def judgement_name(self, judgement_id: str) -> str:
        judgement = self.judgement_map[judgement_id]
        return judgement.short or judgement.title

    def grade_label(self, slug: str) -> str:
        grade = self.grades.get(slug)
        return grade.label if grade else slug.replace("_", " ")


# --- loading and validating -------------------------------------------------


_T = TypeVar("_T")


def _decode(path: Path, text: str) -> Bank:
    from readiness import limits

    return decode_toml(path, text, Bank, limits.BANK)


def decode_toml(path: Path, text: str, shape: type[_T], limit: "limits.Kind",
                   readable: Callable[[str, tuple[str | int, ...]], str] | None = None) -> _T:
    """A bank-like file (a bank, a crosswalk) read into `shape`: checked against the
    limits first, and FILE:LINE for anything tomllib or msgspec rejects."""
    import tomllib

    from readiness import limits
    from readiness.tomlpos import toml_error, validation_error

    limits.check_toml(text, path, limit, BankError)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message, line = toml_error(str(exc), text)
        raise BankError(f"not valid TOML: {message}", file=path, line=line) from None
    try:
        return msgspec.convert(raw, shape)
    except msgspec.ValidationError as exc:
        where, line, detail = validation_error(str(exc), text)
        raise BankError((readable or _readable)(detail, where), file=path, line=line) from None


def _readable(message: str, where: tuple[str | int, ...]) -> str:
    """`item[3].id: Expected str` (counting tables from 1, as people do)."""
    if not where:
        return message
    label = ".".join(p if isinstance(p, str) else f"[{p + 1}]" for p in where)
    return f"{label.replace('.[', '[')}: {message}"


def check(bank: Bank, path: Path, text: str) -> list[BankError]:
    """Cross-references msgspec cannot see: ids, scale slugs, judgement and evidence links."""
    from readiness.tomlpos import TomlPositions

    pos = TomlPositions(text)
    errors: list[BankError] = []

    def err(message: str, *where: str | int) -> None:
        errors.append(BankError(message, file=path, line=pos.line_of(where)))

    if not bank.scale:
        err("the grade scale is empty: list the grades best first in [[scale]]", "scale")
    slugs = bank.grade_index

    def duplicates(kind: str, ids: Iterable[str], table: str) -> None:
        seen: set[str] = set()
        for i, ident in enumerate(ids):
            if ident in seen:
                err(f"duplicate {kind} id {ident!r}", table, i, "id")
            seen.add(ident)

    duplicates("grade", (g.slug for g in bank.scale), "scale")
    duplicates("judgement", (j.id for j in bank.judgements), "judgement")
    duplicates("item", (i.id for i in bank.items), "item")
    duplicates("evidence", (e.code for e in bank.evidence), "evidence")
    duplicates("child list", (c.id for c in bank.child_lists), "child_list")
    duplicates("line of enquiry", (q.id for q in bank.enquiries), "enquiry")
    duplicates("tag", (t.id for t in bank.tags), "tag")

    judgements = bank.judgement_map
    for i, j in enumerate(bank.judgements):
        if j.kind == "graded":
            if not j.contributes_to:
                err(f"graded judgement {j.id!r} must say which judgement it contributes_to",
                    "judgement", i)
            elif j.contributes_to not in judgements:
                err(f"judgement {j.id!r} contributes to {j.contributes_to!r}, "
                    "which is not a judgement in this bank", "judgement", i, "contributes_to")
        elif j.contributes_to:
            err(f"only a graded judgement can contribute to another ({j.id!r} is {j.kind})",
                "judgement", i, "contributes_to")
        for slug in j.descriptors:
            if slug not in slugs:
                err(f"descriptor for {slug!r}, which is not a grade of the scale "
                    f"({', '.join(slugs)})", "judgement", i, "descriptors", slug)
    overall = [i for i, j in enumerate(bank.judgements) if j.kind == "overall"]
    if len(overall) > 1:
        err("a bank has at most one judgement of kind \"overall\"", "judgement", overall[1],
            "kind")

    codes = bank.evidence_map
    items = bank.item_map
    tags = {t.id: t for t in bank.tags}
    for i, item in enumerate(bank.items):
        if not item.judgements:
            err(f"item {item.id!r} counts toward no judgement", "item", i, "judgements")
        for jid in item.judgements:
            if jid not in judgements:
                err(f"item {item.id!r} points at judgement {jid!r}, which is not in this bank",
                    "item", i, "judgements")
        for code in item.evidence:
            if code not in codes:
                err(f"item {item.id!r} suggests evidence {code!r}, which is not in the "
                    "bank's [[evidence]] list", "item", i, "evidence")
        if tags:
            for tag in item.tags:
                if tag not in tags:
                    err(f"item {item.id!r} has tag {tag!r}, which is not declared in the "
                        f"bank's [[tag]] list ({', '.join(tags)})", "item", i, "tags")
    for i, q in enumerate(bank.enquiries):
        for ident in q.items:
            if ident not in items:
                err(f"line of enquiry {q.id!r} links item {ident!r}, which is not in this bank",
                    "enquiry", i, "items")

    _check_rules(bank, err)
    from readiness.bankcheck import check_mock

    check_mock(bank, err)
    return errors


def _check_rules(bank: Bank, err: Callable[..., None]) -> None:
    slugs = bank.grade_index
    judgements = bank.judgement_map
    rules = bank.rules

    def grade(value: str, *where: str | int) -> None:
        if slugs and value not in slugs:
            err(f"{value!r} is not a grade of the scale ({', '.join(slugs)})", "rules", *where)

    def known(ids: Iterable[str], *where: str | int) -> None:
        for jid in ids:
            if jid not in judgements:
                err(f"rules.{where[0]} names judgement {jid!r}, which is not in this bank",
                    "rules", *where)

    grade(rules.benchmark.grade, "benchmark", "grade")
    if slugs and slugs.get(rules.benchmark.grade) == len(slugs) - 1:
        err("the benchmark cannot be the worst grade of the scale: nothing would be below it",
            "rules", "benchmark", "grade")
    grade(rules.range.unassessed_low, "range", "unassessed_low")
    grade(rules.range.unassessed_high, "range", "unassessed_high")
    for name in ("widespread", "exceeds", "failure", "coverage"):
        share_rule = getattr(rules, name)
        if share_rule is not None and not 0 <= share_rule.share < 1:
            err(f"rules.{name}.share is a share between 0 and 1 (more than this share counts)",
                "rules", name, "share")
    if rules.failure is not None and rules.failure.at_least < 1:
        err("rules.failure.at_least is a number of items, 1 or more", "rules", "failure",
            "at_least")
    for key, rule in rules.named():
        where = ("rules", *_rule_path(key))
        if rule.basis == "framework" and not rule.quote:
            err(f"rules.{key} has basis \"framework\": quote the framework's words in `quote`",
                *where)
        if rule.basis == "outcomes" and not rule.evidence:
            err(f"rules.{key} has basis \"outcomes\": give the published figures in "
                "`evidence`", *where)
        if not rule.says:
            err(f"rules.{key} needs `says`: the rule in one plain sentence for the method note",
                *where)
    if rules.overall:
        known(rules.overall.of, "overall", "of")
        known(rules.overall.not_better_than, "overall", "not_better_than")
    if rules.graded:
        for name in ("at", "cap_likely", "low"):
            grade(getattr(rules.graded, name), "graded", name)
    for n, limit in enumerate(rules.limit):
        known((*limit.when, limit.target), "limit", n)
        grade(limit.at, "limit", n, "at")
        grade(limit.to, "limit", n, "to")


def _rule_path(key: str) -> tuple[str | int, ...]:
    """`limit[2]` -> ("limit", 1): where a rule sits, for its line number."""
    if key.startswith("limit["):
        return ("limit", int(key[6:-1]) - 1)
    return (key,)


def load_bank(path: Path, *, cache: bool = True) -> Bank:
    """Read and check one bank file; every problem found is raised together.

    A bank that passed its checks is kept, keyed by its exact bytes, in the user's cache
    folder, so the next command reads it back in a millisecond instead of parsing TOML
    again (`readiness banks validate` always checks afresh).
    """
    from readiness import limits

    try:
        data = limits.read_bytes(path, limits.BANK, BankError)
        text = data.decode("utf-8")
    except FileNotFoundError:
        raise BankError("no such bank file", file=path) from None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BankError("the bank is not UTF-8 text", file=path, line=line) from None
    cached = _cache_file(data) if cache else None
    if cached is not None:
        try:
            return msgspec.msgpack.decode(cached.read_bytes(), type=Bank)
        except (OSError, msgspec.DecodeError):
            pass
    bank = _decode(path, text)
    errors = check(bank, path, text)
    if errors:
        raise ErrorList(list(errors)) if len(errors) > 1 else errors[0]
    if cached is not None:
        # An integer msgpack cannot hold (beyond 64 bits) only costs the cache.
        with contextlib.suppress(OverflowError, msgspec.EncodeError):
            _write_cache(cached, msgspec.msgpack.encode(bank))
    return bank


def _cache_file(data: bytes) -> Path | None:
    """Where a checked copy of these exact bytes is kept (none if there is no home)."""
    base = os.environ.get("XDG_CACHE_HOME") or (
        os.path.join(os.path.expanduser("~"), ".cache") if os.path.expanduser("~") != "~"
        else "")
    if not base:
        return None
    shape = Path(__file__).stat().st_mtime_ns  # a changed format never reads old copies
    key = f"{zlib.crc32(data):08x}-{zlib.adler32(data):08x}-{len(data)}-{shape}"
    return Path(base) / "readiness" / "banks" / f"{key}.msgpack"


def _write_cache(path: Path, payload: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(f".{os.getpid()}.tmp")
        temp.write_bytes(payload)
        os.replace(temp, path)
    except OSError:
        pass  # a cache that cannot be written only costs speed


def schema() -> dict[str, object]:
    """The JSON Schema of a bank file, for editors (Even Better TOML, Taplo)."""
    out: dict[str, object] = msgspec.json.schema(Bank)
    out["$id"] = "https://readiness.local/schema/bank.json"
    out["title"] = "readiness question bank"
    return out


# --- where banks are found ----------------------------------------------------


def shipped_dir() -> Path:
    """The banks that come with the app: inside the wheel, or at the checkout's top."""
    here = Path(__file__).resolve().parent
    packaged = here / "questionbanks"
    return packaged if packaged.is_dir() else here.parent / "questionbanks"


def _id_of(path: Path) -> str:
    """A bank file's id as far as it can be read (its `id = "..."` line), else its name."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")[:65536]
    except OSError:
        return path.stem
    found = re.search(r'^id\s*=\s*"([^"\n]+)"', text, flags=re.MULTILINE)
    return found.group(1) if found else path.stem


class BankEntry(msgspec.Struct, frozen=True):
    path: Path
    shipped: bool


class BankSet:
    """The banks a user can use: the shipped ones plus any in their own folder.

    A bank in your folder that cannot be read (or whose id another file uses) is left out
    and reported once, as a warning (`warnings`, and `warn` as it is found): the other
    banks keep working. Asking for that bank by its id raises its problem, so an id is
    never silently answered by another file.
    """

    def __init__(self, extra_dir: Path | str | None = None, *,
                 warn: Callable[[str], None] | None = None) -> None:
        if extra_dir is None:
            extra_dir = os.environ.get(BANKS_ENV) or None
        self.extra_dir = Path(extra_dir) if extra_dir else None
        self._by_id: dict[str, tuple[Bank, BankEntry]] | None = None
        self._broken: dict[str, ReadinessError] = {}
        """A broken bank's id (as far as it can be read; else its file's stem) to its
        problem."""
        self.warnings: list[str] = []
        self._warn = warn

    def files(self) -> Iterator[BankEntry]:
        for path in sorted(shipped_dir().glob("*.toml")):
            yield BankEntry(path, True)
        if self.extra_dir is not None:
            if not self.extra_dir.is_dir():
                raise BankError(
                    "the banks folder does not exist",
                    file=self.extra_dir,
                    hint=f"Give an existing folder with --banks-dir or {BANKS_ENV}.",
                )
            for path in sorted(self.extra_dir.glob("*.toml")):
                yield BankEntry(path, False)

    def _index(self) -> dict[str, tuple[Bank, BankEntry]]:
        if self._by_id is None:
            found: dict[str, tuple[Bank, BankEntry]] = {}
            for entry in self.files():
                try:
                    bank = load_bank(entry.path)
                except ReadinessError as problem:
                    if entry.shipped:
                        raise
                    self._left_out(_id_of(entry.path), problem)
                    continue
                if bank.id in found:
                    other = found[bank.id][1].path
                    from readiness.tomlpos import TomlPositions

                    try:
                        line: int | None = TomlPositions(
                            entry.path.read_text(encoding="utf-8")).line_of(("id",))
                    except (OSError, UnicodeDecodeError):  # gone since it was read
                        line = None
                    self._left_out(bank.id, BankError(
                        f"bank id {bank.id!r} is used by two files: {other} and {entry.path}",
                        file=entry.path,
                        line=line,
                        hint="Give your own bank a different id.",
                    ))
                    continue
                found[bank.id] = (bank, entry)
            for bank_id in self._broken:
                found.pop(bank_id, None)  # a duplicated id is no one's: never a silent choice
            self._by_id = found
        return self._by_id

    def _left_out(self, bank_id: str, problem: ReadinessError) -> None:
        self._broken[bank_id] = problem
        first = str(problem).splitlines()[0]
        words = f"left out the bank {first} (the other banks work; `readiness banks " \
            f"validate` lists every problem)"
        self.warnings.append(words)
        if self._warn is not None:
            self._warn(words)

    def all(self) -> list[Bank]:
        return [bank for bank, _ in self._index().values()]

    def entry(self, bank_id: str) -> BankEntry:
        self.get(bank_id)
        return self._index()[bank_id][1]

    def known(self, bank_id: str) -> Bank | None:
        """The bank with this id, or None (no error: for names shown beside other things)."""
        found = self._index().get(bank_id)
        return found[0] if found is not None else None

    def get(self, bank_id: str) -> Bank:
        index = self._index()
        if bank_id in index:
            return index[bank_id][0]
        if bank_id in self._broken:
            raise self._broken[bank_id]
        raise BankError(
            f"no bank called {bank_id!r}",
            hint=f"Known banks: {', '.join(sorted(index)) or 'none'} (see `readiness banks list`).",
        )
