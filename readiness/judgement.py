"""The judgement engine: from a bank and an assessment to likely judgements and their range.

For every judgement it answers a `likely` grade, a `low`–`high` range and the reasons,
each naming the items and the bank rule (with its basis: the framework's words,
Ofsted's published outcomes, or this app's method) that moved it. The numbers and the
rules are the bank's (`[rules]`); this module only knows how to apply them:

- Best fit over items: the worst grade where a serious failure is recorded or failures
  are widespread (`serious`, `failure`); the benchmark grade where it is widespread and
  no item is at the worst grade (`widespread`); the best grade where, in addition, no
  item is below the benchmark and enough exceed it (`exceeds`); otherwise the grade
  below the benchmark. One or a few worst grades that are not serious give that grade,
  with the worst grade the low end of the range.
- Enough scored (`coverage`): below a share of a judgement's applicable items, its likely
  grade is not given (a recorded serious failure still decides it); the range still is.
- The range (`range`): `low` takes grades off items not strongly evidenced, treats
  unassessed items as not yet at the benchmark and any worst grade as possibly serious;
  `high` treats unassessed items as at the benchmark.
- Graded judgements shape their key judgement (`graded`, `graded_ceiling`), one judgement
  bounds another (`limit`), and `overall` follows from the judgements it combines.

Grades are handled as positions on the bank's scale: 0 is the best, larger is worse.
Every rule only ever makes a grade worse given a worse input, which is what makes the
engine monotone (raising an item never lowers a judgement) and keeps low ≤ likely ≤ high.
"""

from collections.abc import Iterable, Sequence
from math import ceil
from typing import Any

import msgspec

from readiness.assessment import Assessment, Entry, Response
from readiness.banks import Bank, Judgement, LimitRule, Rule, Rules

NOT_ASSESSED = "not_assessed"


class ItemView(msgspec.Struct, frozen=True):
    """What the engine needs of one item's response, whatever the number of assessors."""

    id: str
    likely: int | None
    """The agreed grade, else the middle of the assessors' grades (the worse of two middles)."""
    best: int | None
    worst: int | None
    strength: str
    """none, partial or strong as rated: the weakest assessor's view counts (or the agreed one)."""
    split: bool
    """Assessors disagree and nothing is agreed yet."""
    excluded: bool = False
    """Marked not applicable to this authority: counts toward nothing."""
    serious: bool = False
    """The grade that counts is the worst grade, marked a serious failure."""
    flagged: bool = False
    """Someone marked a worst grade here a serious failure (it could stand: the low end)."""
    attached: bool = False
    """Evidence documents or case IDs are attached to the response."""
    evidenced: bool = False
    """Strongly evidenced as the bank counts it (see `Rules.evidenced`)."""

    @property
    def strong(self) -> bool:
        """Backed by evidence an inspector would accept."""
        return self.evidenced


def item_view(item_id: str, response: Response | None, bank: Bank) -> ItemView:
    """The engine's view of a response, remembered on the response for this bank.

    Responses are replaced, never changed in place, when an item is edited, so a view
    remembered on one stays true; after a grade key press only that item is seen afresh.
    """
    if response is None:
        return ItemView(item_id, None, None, None, "none", False)
    memo = response.__dict__.get("_view")
    if memo is not None and memo[0] is bank:
        view: ItemView = memo[1]
        return view
    view = _view(item_id, response, bank)
    response.__dict__["_view"] = (bank, view)
    return view


def _view(item_id: str, response: Response, bank: Bank) -> ItemView:
    if response.not_applicable:
        return ItemView(item_id, None, None, None, "none", False, excluded=True)
    index = bank.grade_index
    worst = len(index) - 1
    attached = bool(response.evidence or response.cases)
    needs_attached = bank.rules.evidenced is not None

    def evidenced(strength: str) -> bool:
        return strength == "strong" and (attached or not needs_attached)

    agreed = response.agreed
    if agreed is not None and agreed.grade in index:
        level = index[agreed.grade]
        strength = agreed.evidence_strength or weakest(response.assessors())
        serious = agreed.serious and level == worst
        return ItemView(item_id, level, level, level, strength, False, serious=serious,
                        flagged=serious, attached=attached, evidenced=evidenced(strength))
    graded = [e for e in response.assessors() if e.grade is not None and e.grade in index]
    if not graded:
        return ItemView(item_id, None, None, None, "none", False, attached=attached)
    strength = weakest(graded)
    levels = sorted(index[e.grade] for e in graded if e.grade is not None)
    middle = levels[len(levels) // 2]
    flagged = any(e.serious and index[e.grade] == worst for e in graded if e.grade is not None)
    return ItemView(item_id, middle, levels[0], levels[-1], strength, levels[0] != levels[-1],
                    serious=flagged and middle == worst, flagged=flagged, attached=attached,
                    evidenced=evidenced(strength))


def weakest(entries: Iterable[Entry]) -> str:
    """The weakest evidence strength graded entries state ("none" when none states one).

    An assessor who grades without saying how strong the evidence is leaves the others'
    view of the evidence as it was.
    """
    found = None
    for entry in entries:
        if entry.grade is None or entry.evidence_strength is None:
            continue
        value = entry.evidence_strength
        if value == "none":
            return "none"
        if value == "partial" or found is None:
            found = value
    return found or "none"


class Reason(msgspec.Struct, frozen=True):
    """One thing the engine says about a judgement, traceable to a rule and to items."""

    text: str
    rule: str = ""
    """The key of the bank rule that moved the judgement (`serious`, `limit[2]`), if any."""
    basis: str = ""
    """That rule's basis: framework, outcomes or method."""
    items: tuple[str, ...] = ()
    """The items behind it."""
    judgements: tuple[str, ...] = ()
    """The judgements behind it (rules between judgements)."""
    about: str = "likely"
    """What it explains: likely, low, high, coverage or split."""

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "rule": self.rule, "basis": self.basis,
                "items": list(self.items), "judgements": list(self.judgements),
                "about": self.about}


class JudgementResult(msgspec.Struct):
    id: str
    title: str
    kind: str
    likely: str
    low: str
    high: str
    items: int
    assessed: int
    evidenced: int
    needed: int = 0
    """More items to score before a likely grade is given (0 when enough are scored)."""
    because: list[Reason] = []

    @property
    def reasons(self) -> list[str]:
        return [r.text for r in self.because]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "kind": self.kind,
            "likely": self.likely, "low": self.low, "high": self.high,
            "items": self.items, "assessed": self.assessed, "evidenced": self.evidenced,
            "needed": self.needed, "reasons": self.reasons,
            "because": [r.as_dict() for r in self.because],
        }


class Readiness(msgspec.Struct):
    """The engine's answer: one result per judgement, in the bank's order."""

    bank: str
    authority: str
    judgements: list[JudgementResult]
    views: dict[str, ItemView] = {}
    """Every item's view as the engine counted it (views.py reads these, never recomputes)."""

    def __getitem__(self, judgement_id: str) -> JudgementResult:
        for result in self.judgements:
            if result.id == judgement_id:
                return result
        raise KeyError(judgement_id)

    def overall(self) -> JudgementResult | None:
        return next((j for j in self.judgements if j.kind == "overall"), None)

    def as_dict(self) -> dict[str, Any]:
        """The shape `readiness summary --json` prints; other tools rely on it."""
        return {"bank": self.bank, "authority": self.authority,
                "judgements": [j.as_dict() for j in self.judgements]}


class _Levels(msgspec.Struct):
    """A judgement while it is being worked out: positions on the scale, 0 best."""

    judgement: Judgement
    likely: int | None
    low: int
    high: int
    items: int
    assessed: int
    evidenced: int
    needed: int
    reasons: list[Reason]

    def order(self) -> None:
        """Keep high ≤ likely ≤ low (best to worst) after a rule made one of them worse."""
        if self.likely is not None:
            self.likely = max(self.likely, self.high)
            self.low = max(self.low, self.likely)
        else:
            self.low = max(self.low, self.high)


class _Scale:
    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self.index = bank.grade_index
        self.slugs = [g.slug for g in bank.scale]
        self.worst = len(self.slugs) - 1
        self.benchmark = self.index[bank.rules.benchmark.grade]

    def at(self, slug: str) -> int:
        return self.index[slug]

    def name(self, level: int) -> str:
        return self.bank.scale[level].label.lower()

    def slug(self, level: int | None) -> str:
        return NOT_ASSESSED if level is None else self.slugs[level]


def _reason(text: str, rule: str, rules: Rules, *, items: Iterable[str] = (),
            judgements: Iterable[str] = (), about: str = "likely") -> Reason:
    found: Rule | None = dict(rules.named()).get(rule) if rule else None
    return Reason(text, rule, found.basis if found else "", tuple(items), tuple(judgements),
                  about)


def judge(bank: Bank, assessment: Assessment) -> Readiness:
    """Work out every judgement of `bank` for `assessment`."""
    scale = _Scale(bank)
    responses = assessment.responses
    views = {item.id: item_view(item.id, responses.get(item.id), bank) for item in bank.items}
    levels: dict[str, _Levels] = {}
    for judgement in bank.judgements:
        items = [views[item.id] for item in bank.items_by_judgement.get(judgement.id, [])
                 if not views[item.id].excluded]
        levels[judgement.id] = _best_fit(judgement, items, bank.rules, scale)
    overall = next((lv for lv in levels.values() if lv.judgement.kind == "overall"), None)
    _apply_graded(bank, levels, scale)
    _apply_limits(bank, levels, scale, to_overall=False)
    if overall is not None:
        _apply_overall(bank, levels, overall, scale, views.values())
        _apply_limits(bank, levels, scale, to_overall=True)
        _settled(overall)
    return Readiness(
        bank=bank.id,
        authority=assessment.authority,
        judgements=[
            JudgementResult(
                id=lv.judgement.id, title=lv.judgement.title, kind=lv.judgement.kind,
                likely=scale.slug(lv.likely), low=scale.slug(lv.low), high=scale.slug(lv.high),
                items=lv.items, assessed=lv.assessed, evidenced=lv.evidenced,
                needed=lv.needed, because=lv.reasons,
            )
            for lv in (levels[j.id] for j in bank.judgements)
        ],
        views=views,
    )


# --- best fit over one judgement's items --------------------------------------------


def fit(levels: Sequence[int], rules: Rules, scale: _Scale, *, serious: bool = False) -> int:
    """The best-fit grade of a set of item grades (bank rules; see the module docstring)."""
    worst, benchmark = scale.worst, scale.benchmark
    if serious and rules.serious is not None:
        return worst
    total = len(levels)
    if not total:
        return benchmark
    at_worst = sum(1 for level in levels if level == worst)
    if _widespread_failure(rules, at_worst, total):
        return worst
    at_benchmark = sum(1 for level in levels if level <= benchmark)
    if at_worst == 0 and at_benchmark / total > rules.widespread.share:
        at_best = sum(1 for level in levels if level == 0)
        if benchmark > 0 and at_benchmark == total and at_best / total > rules.exceeds.share:
            return 0
        return benchmark
    return min(benchmark + 1, worst)


def needed(applicable: int, assessed: int, rules: Rules) -> int:
    """How many more items must be scored before a likely grade is given."""
    return max(0, ceil(rules.coverage.share * applicable) - assessed)


def _name(judgement: Judgement) -> str:
    """The judgement's short name as it reads inside a sentence."""
    text = judgement.short or judgement.title
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def _items(n: int, what: str = "") -> str:
    """'1 unassessed item', '3 unassessed items'."""
    words = f"{what} item" if what else "item"
    return f"{n} {words}" + ("" if n == 1 else "s")


def _share(k: int, n: int, what: str) -> str:
    """'2 of 5 assessed items are good or better' with the grammar right for one."""
    if n == 1:
        return f"the one assessed item is {'' if k else 'not '}{what}"
    return f"{k} of {n} assessed items {'is' if k == 1 else 'are'} {what}"


def _ids(views: Iterable[ItemView], limit: int = 4) -> str:
    ids = [v.id for v in views]
    if len(ids) <= limit:
        return ", ".join(ids)
    return f"{', '.join(ids[:limit])} and {len(ids) - limit} more"


def _cap(text: str) -> str:
    """First letter up, the rest as written (names and ids keep their capitals)."""
    return text[:1].upper() + text[1:]


def _verb(views: Sequence[object]) -> str:
    return "is" if len(views) == 1 else "are"


def _best_fit(judgement: Judgement, items: list[ItemView], rules: Rules,
              scale: _Scale) -> _Levels:
    assessed = [v for v in items if v.likely is not None]
    evidenced = sum(1 for v in assessed if v.strong)
    more = needed(len(items), len(assessed), rules)
    result = _Levels(judgement, None, scale.worst, 0, len(items), len(assessed), evidenced,
                     more, [])
    if not assessed:
        if items:
            result.reasons.append(_reason(
                f"None of its {_items(len(items))} is assessed yet." if len(items) > 1
                else "Its one item is not assessed yet.", "coverage", rules, about="coverage"))
        return result
    worst, drop = scale.worst, rules.range.weak_evidence_drop
    serious = [v for v in assessed if v.serious]
    unassessed = [v for v in items if v.likely is None]
    likely = fit([v.likely for v in assessed if v.likely is not None], rules, scale,
                 serious=bool(serious))
    low_levels = [min(worst, (v.worst if v.worst is not None else 0)
                      + (0 if v.strong else drop)) for v in assessed]
    low_levels += [scale.at(rules.range.unassessed_low)] * len(unassessed)
    possibly_serious = any(v.flagged or v.worst == worst for v in assessed)
    low = fit(low_levels, rules, scale, serious=possibly_serious)
    high_levels = [v.best if v.best is not None else 0 for v in assessed]
    high_levels += [scale.at(rules.range.unassessed_high)] * len(unassessed)
    high = fit(high_levels, rules, scale,
               serious=any(v.serious and v.best == worst for v in assessed))
    decided = bool(serious) and rules.serious is not None
    if more and not decided:
        result.likely = None
        result.reasons.append(_reason(
            f"Too few scored for a likely grade: {len(assessed)} of {_items(len(items))} "
            f"{_verb(assessed)} scored; {more} more needed.", "coverage", rules,
            about="coverage"))
    else:
        result.likely = likely
        result.reasons.extend(_fit_reasons(assessed, likely, rules, scale))
    result.low = max(low, likely) if result.likely is not None else max(low, high)
    result.high = min(high, likely) if result.likely is not None else high
    if result.likely is not None and result.low > likely:
        result.reasons.append(_low_reason(assessed, unassessed, result.low, rules, scale))
    if result.likely is not None and result.high < likely:
        result.reasons.append(_high_reason(assessed, unassessed, result.high, rules, scale))
    split = [v for v in assessed if v.split]
    if split:
        result.reasons.append(_reason(
            f"Assessors disagree on {_ids(split)} and nothing is agreed yet.", "", rules,
            items=(v.id for v in split), about="split"))
    return result


def _fit_reasons(assessed: list[ItemView], likely: int, rules: Rules,
                 scale: _Scale) -> list[Reason]:
    worst, benchmark = scale.worst, scale.benchmark
    total = len(assessed)
    bench_name = scale.name(benchmark)
    at_worst = [v for v in assessed if v.likely == worst]
    good = [v for v in assessed if v.likely is not None and v.likely <= benchmark]
    below = [v for v in assessed if v.likely is not None and v.likely > benchmark]
    serious = [v for v in assessed if v.serious]
    if likely == worst and serious and rules.serious is not None:
        return [_reason(f"{_ids(serious)} {_verb(serious)} graded {scale.name(worst)} and "
                        "marked a serious failure (children harmed or at risk of harm).",
                        "serious", rules, items=(v.id for v in serious))]
    if likely == worst and at_worst and _widespread_failure(rules, len(at_worst), total):
        return [_reason(f"{_cap(_share(len(at_worst), total, scale.name(worst)))} "
                        f"({_ids(at_worst)}): widespread failure.", "failure", rules,
                        items=(v.id for v in at_worst))]
    if likely == 0 and benchmark > 0:
        best = [v for v in assessed if v.likely == 0]
        return [_reason(f"{_cap(_share(len(best), total, scale.name(0)))} "
                        f"({_ids(best)}), and none is below {bench_name}.", "exceeds", rules,
                        items=(v.id for v in best))]
    if likely == benchmark:
        return [_reason(f"{_cap(_share(len(good), total, bench_name + ' or better'))}"
                        ", none is " + scale.name(worst) + ": widespread practice.",
                        "widespread", rules)]
    reasons = [_reason(f"{_cap(_share(len(good), total, bench_name + ' or better'))}; "
                       f"below {bench_name}: {_ids(below)}.", "widespread", rules,
                       items=(v.id for v in below))]
    if at_worst:
        reasons.append(_reason(
            f"{_ids(at_worst)} graded {scale.name(worst)} but not a serious or widespread "
            f"failure: {scale.name(likely)}, and {scale.name(worst)} is the low end.",
            "failure" if rules.failure is not None else "widespread", rules,
            items=(v.id for v in at_worst)))
    return reasons


def _widespread_failure(rules: Rules, at_worst: int, total: int) -> bool:
    """More than the failure rule's share of the assessed items at the worst grade, and at
    least its number of them (one item of a three-item judgement is not widespread)."""
    failure = rules.failure
    return failure is not None and at_worst >= failure.at_least \
        and at_worst / total > failure.share


def _low_reason(assessed: list[ItemView], unassessed: list[ItemView], low: int,
                rules: Rules, scale: _Scale) -> Reason:
    """Name what would take the judgement down to `low`: the items that fall furthest."""
    drop = rules.range.weak_evidence_drop
    causes: list[str] = []
    named: list[ItemView] = []
    if low == scale.worst:
        at_worst = [v for v in assessed if v.worst == scale.worst]
        falling = [v for v in assessed if v.worst is not None and v.worst != scale.worst
                   and not v.strong and v.worst + drop >= scale.worst]
        if at_worst:
            causes.append(f"the {scale.name(scale.worst)} grades for {_ids(at_worst)} prove "
                          "serious or widespread")
        if falling:
            causes.append(f"the evidence for {_ids(falling)} does not hold")
        named = at_worst + falling
    else:
        weak = [v for v in assessed if not v.strong]
        if weak:
            causes.append(f"the evidence for {_ids(weak)} does not hold")
        split = [v for v in assessed if v.split and v not in weak]
        if split:
            causes.append(f"the lower grades for {_ids(split)} stand")
        named = weak + split
    if unassessed and not causes:
        causes.append(f"the {_items(len(unassessed), 'unassessed')} {_verb(unassessed)} not "
                      f"yet {scale.name(scale.benchmark)}")
    return _reason(f"Could fall to {scale.name(low)} if "
                   f"{' or '.join(causes) or 'nothing changes'}.",
                   "range", rules, items=(v.id for v in named), about="low")


def _high_reason(assessed: list[ItemView], unassessed: list[ItemView], high: int,
                 rules: Rules, scale: _Scale) -> Reason:
    causes = []
    if unassessed:
        causes.append(f"the {_items(len(unassessed), 'unassessed')} {_verb(unassessed)} "
                      f"{scale.name(scale.at(rules.range.unassessed_high))}")
    split = [v for v in assessed if v.split]
    if split:
        causes.append(f"the higher grades for {_ids(split)} are agreed")
    return _reason(f"Could rise to {scale.name(high)} if "
                   f"{' and '.join(causes) or 'practice improves'}.",
                   "range", rules, items=(v.id for v in split), about="high")


# --- rules between judgements ------------------------------------------------------


def _apply_graded(bank: Bank, levels: dict[str, _Levels], scale: _Scale) -> None:
    """Graded judgements shape their key judgement (SIF paragraphs 25, 26 and 32)."""
    rules = bank.rules
    rule = rules.graded
    for key in levels.values():
        graded = [levels[j.id] for j in bank.judgements
                  if j.kind == "graded" and j.contributes_to == key.judgement.id]
        if not graded:
            continue
        before = (key.likely, key.low, key.high)
        if rule is not None:
            at, cap, low_to = scale.at(rule.at), scale.at(rule.cap_likely), scale.at(rule.low)
            for g in graded:
                name, gid = _name(g.judgement), (g.judgement.id,)
                if g.likely is not None and g.likely >= at and key.likely is not None \
                        and key.likely < cap:
                    key.likely = cap
                    key.reasons.append(_reason(
                        f"No better than {scale.name(cap)} because {name} is "
                        f"{scale.name(g.likely)}.", "graded", rules, judgements=gid))
                if g.high >= at:
                    key.high = max(key.high, cap)
                _could_fall(key, g, at, low_to, "graded", rules, scale)
        if rules.graded_ceiling is not None:
            assessed = [g for g in graded if g.likely is not None]
            if assessed and key.likely is not None:
                best = min(g.likely for g in assessed if g.likely is not None)
                if key.likely < best:
                    key.likely = best
                    described = ", ".join(f"{_name(g.judgement)} {scale.name(g.likely)}"
                                          for g in assessed if g.likely is not None)
                    key.reasons.append(_reason(
                        f"No better than the better of its graded judgements ({described}).",
                        "graded_ceiling", rules, judgements=(g.judgement.id for g in assessed)))
            key.low = max(key.low, min(g.low for g in graded))
            key.high = max(key.high, min(g.high for g in graded))
        if (key.likely, key.low, key.high) != before:
            key.order()


def _apply_limits(bank: Bank, levels: dict[str, _Levels], scale: _Scale, *,
                  to_overall: bool) -> None:
    """One judgement at a grade bounds another (SIF paragraphs 23 and 30).

    Limits on the overall judgement are applied after it is combined, the others before.
    """
    for n, rule in enumerate(bank.rules.limit):
        target = levels[rule.target]
        if (target.judgement.kind == "overall") != to_overall:
            continue
        for jid in rule.when:
            _limit(rule, f"limit[{n + 1}]", levels[jid], target, bank.rules, scale)


def _limit(rule: LimitRule, key: str, trigger: _Levels, target: _Levels, rules: Rules,
           scale: _Scale) -> None:
    at, to = scale.at(rule.at), scale.at(rule.to)
    name, gid = _name(trigger.judgement), (trigger.judgement.id,)
    if rule.bound == "likely":
        if trigger.likely is not None and trigger.likely >= at and (
                (target.likely is not None and target.likely < to)
                or (target.likely is None and to == scale.worst)):
            target.likely = to
            limited = scale.name(to) if to == scale.worst else f"no better than {scale.name(to)}"
            target.reasons.append(_reason(
                _cap(f"{limited} because {name} is {scale.name(trigger.likely)}."), key, rules,
                judgements=gid))
        if trigger.high >= at:
            target.high = max(target.high, to)
    _could_fall(target, trigger, at, to, key, rules, scale)
    target.order()


def _could_fall(target: _Levels, trigger: _Levels, at: int, to: int, key: str, rules: Rules,
                scale: _Scale) -> None:
    """When `trigger` could be at `at` or worse, `target` could fall to `to`: its low."""
    if trigger.low >= at and target.low < to:
        target.low = to
        target.reasons.append(_reason(
            f"Could fall to {scale.name(to)} because {_name(trigger.judgement)} could be "
            f"{scale.name(trigger.low)}.",
            key, rules, judgements=(trigger.judgement.id,), about="low"))


def _overall_could_fall(bank: Bank, overall: _Levels, combined: list[_Levels],
                        caps: list[_Levels], scale: _Scale) -> Reason:
    """Why overall could fall to its low, naming what would take it there: any one of the
    judgements a rule lets decide it alone (a limit on overall, or a judgement it is no
    better than), else all of those whose lows make the combined low."""
    rules, low = bank.rules, overall.low
    alone: list[_Levels] = []
    rule_key = "overall"  # a limit's own key where one decides it
    for n, limit in enumerate(rules.limit):
        if limit.target != overall.judgement.id or scale.at(limit.to) < low:
            continue
        for k in combined:
            if k.judgement.id in limit.when and k.low >= scale.at(limit.at) and k not in alone:
                alone.append(k)
                rule_key = f"limit[{n + 1}]"
    alone += [c for c in caps if c.low >= low and c not in alone]
    lowest = alone or [k for k in combined if k.low >= low]
    joined = (" or " if alone else " and ").join(_name(k.judgement) for k in lowest)
    return _reason(
        f"Could fall to {scale.name(low)} if {joined or 'its own items'} "
        f"{'is' if len(lowest) == 1 else 'are'} {scale.name(low)}.",
        rule_key, rules, judgements=(k.judgement.id for k in lowest), about="low")


def _settled(level: _Levels) -> None:
    """A limit that made the likely grade its low leaves no 'could fall' to say (nor a
    'could rise' once it reaches its high)."""
    if level.likely is None:
        return
    if level.low <= level.likely:
        level.reasons = [r for r in level.reasons if r.about != "low"]
    if level.high >= level.likely:
        level.reasons = [r for r in level.reasons if r.about != "high"]


def _apply_overall(bank: Bank, levels: dict[str, _Levels], overall: _Levels, scale: _Scale,
                   views: Iterable[ItemView]) -> None:
    """Overall effectiveness from the judgements it combines (the bank's `[rules.overall]`)."""
    rules = bank.rules
    rule = rules.overall
    if rule is None:
        return
    combined = [levels[j] for j in rule.of] or [
        lv for lv in levels.values() if lv.judgement.kind == "key"]
    if not combined:
        return
    own = (overall.likely, overall.low, overall.high) if rule.own_items else None
    own_reasons = list(overall.reasons) if rule.own_items else []
    all_views = [v for v in views if not v.excluded]
    assessed = [v for v in all_views if v.likely is not None]
    overall.items, overall.assessed = len(all_views), len(assessed)
    overall.evidenced = sum(1 for v in assessed if v.strong)
    overall.reasons = []
    caps = [levels[j] for j in rule.not_better_than]

    def combine(values: list[int]) -> tuple[int, bool]:
        """The combined grade, and whether the at-most-above-the-lowest cap changed it."""
        ordered = sorted(values)
        value = ordered[len(ordered) // 2] if rule.combine == "middle" else ordered[-1]
        if rule.max_above_lowest is not None and value < ordered[-1] - rule.max_above_lowest:
            return ordered[-1] - rule.max_above_lowest, True
        return value, False

    missing = [k for k in combined if k.likely is None]
    overall.needed = sum(k.needed for k in missing)
    judged = tuple(k.judgement.id for k in combined)
    if missing:
        overall.likely = None
        overall.reasons.append(_reason(
            "Needs a likely grade for every judgement it is worked out from; not yet: "
            + ", ".join(_name(k.judgement) + (f" ({k.needed} more to score)" if k.needed
                                              else "") for k in missing) + ".",
            "overall", rules, judgements=(k.judgement.id for k in missing), about="coverage"))
    else:
        likely, capped = combine([k.likely for k in combined if k.likely is not None])
        described = ", ".join(f"{_name(k.judgement)} {scale.name(k.likely)}"
                              for k in combined if k.likely is not None)
        word = "Middle" if rule.combine == "middle" else "Lowest"
        overall.reasons.append(_reason(f"{word} of the judgements it is worked out from "
                                       f"({described}).", "overall", rules, judgements=judged))
        if capped:
            overall.reasons.append(_reason(
                f"No more than {rule.max_above_lowest} grade(s) above the lowest of them.",
                "overall", rules, judgements=judged))
        for cap in caps:
            if cap.likely is not None and likely < cap.likely:
                likely = cap.likely
                overall.reasons.append(_reason(
                    f"No better than {_name(cap.judgement)} ({scale.name(cap.likely)}).",
                    "overall", rules, judgements=(cap.judgement.id,)))
        overall.likely = likely
    low, _ = combine([k.low for k in combined])
    high, _ = combine([k.high for k in combined])
    for cap in caps:
        low, high = max(low, cap.low), max(high, cap.high)
    overall.low, overall.high = low, high
    if own is not None:
        own_likely, own_low, own_high = own
        overall.low, overall.high = max(overall.low, own_low), max(overall.high, own_high)
        if own_likely is None and overall.likely is not None:
            overall.likely = None
            overall.reasons.append(_reason(
                "Its own items are too few scored for a likely grade.", "coverage", rules,
                about="coverage"))
        elif own_likely is not None and overall.likely is not None \
                and own_likely > overall.likely:
            overall.likely = own_likely
            overall.reasons.append(_reason(
                f"No better than its own items ({scale.name(own_likely)}).", "overall",
                rules))
        overall.reasons.extend(r for r in own_reasons if r.about != "coverage")
    overall.order()
    if overall.likely is not None and overall.low > overall.likely:
        overall.reasons.append(_overall_could_fall(bank, overall, combined, caps, scale))
    if overall.likely is not None and overall.high < overall.likely:
        overall.reasons.append(_reason(
            f"Could rise to {scale.name(overall.high)} if every judgement it is worked out from "
            "reaches the top of its range.", "overall", rules, judgements=judged,
            about="high"))
