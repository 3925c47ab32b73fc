"""The judgement engine: from a bank and an assessment to likely judgements and their range.

For every judgement it answers a `likely` grade, a `low`–`high` range and the reasons,
naming the items that drove them. The numbers and the limiting rules are the bank's
(`[rules]`, each with its source paragraph); this module only knows how to apply them.
In the single inspection framework (000_77149800705d8843.txt):

- Best fit over items (paragraph 19): the benchmark grade ("good") where its
  characteristics are "widespread and common practice"; the best grade where practice
  exceeds it (the 'Outstanding' descriptors); the worst grade where there is a
  "widespread or serious failure" (paragraph 23 and the 'Inadequate' descriptors);
  otherwise the grade below the benchmark.
- The range: `low` takes a grade off items with no or partial evidence and treats
  unassessed items as not yet good; `high` treats unassessed items as good.
- Graded judgements (paragraphs 25, 26 and 32) and limiting judgements (paragraph 23)
  adjust their key judgement and leadership; `overall` follows from the key judgements
  (paragraphs 22, 23 and 30).

Grades are handled as positions on the bank's scale: 0 is the best, larger is worse.
Every rule only ever makes a grade worse given a worse input, which is what makes the
engine monotone (raising an item never lowers a judgement) and keeps low ≤ likely ≤ high.
"""

from collections.abc import Iterable, Sequence
from typing import Any

import msgspec

from readiness.assessment import Assessment, Entry, Response
from readiness.banks import Bank, Judgement, Rules

NOT_ASSESSED = "not_assessed"


class ItemView(msgspec.Struct, frozen=True):
    """What the engine needs of one item's response, whatever the number of assessors."""

    id: str
    likely: int | None
    """The agreed grade, else the middle of the assessors' grades (the worse of two middles)."""
    best: int | None
    worst: int | None
    strength: str
    """none, partial or strong: the weakest assessor's view counts (or the agreed one)."""
    split: bool
    """Assessors disagree and nothing is agreed yet."""
    excluded: bool = False
    """Marked not applicable to this authority: counts toward nothing."""

    @property
    def strong(self) -> bool:
        """Backed by evidence an inspector would accept."""
        return self.strength == "strong"


def item_view(item_id: str, response: Response | None, index: dict[str, int]) -> ItemView:
    """The engine's view of a response, remembered on the response for this scale.

    Responses are replaced, never changed in place, when an item is edited, so a view
    remembered on one stays true; after a grade key press only that item is seen afresh.
    """
    if response is None:
        return ItemView(item_id, None, None, None, "none", False)
    memo = response.__dict__.get("_view")
    if memo is not None and memo[0] is index:
        view: ItemView = memo[1]
        return view
    view = _view(item_id, response, index)
    response.__dict__["_view"] = (index, view)
    return view


def _view(item_id: str, response: Response, index: dict[str, int]) -> ItemView:
    if response.not_applicable:
        return ItemView(item_id, None, None, None, "none", False, excluded=True)
    agreed = response.agreed
    if agreed is not None and agreed.grade in index:
        level = index[agreed.grade]
        strength = agreed.evidence_strength or weakest(response.assessors())
        return ItemView(item_id, level, level, level, strength, False)
    graded = [e for e in response.assessors() if e.grade is not None and e.grade in index]
    if not graded:
        return ItemView(item_id, None, None, None, "none", False)
    strength = weakest(graded)
    if len(graded) == 1:
        level = index[graded[0].grade]  # type: ignore[index]
        return ItemView(item_id, level, level, level, strength, False)
    levels = sorted([index[e.grade] for e in graded])  # type: ignore[index]
    middle = levels[len(levels) // 2]
    return ItemView(item_id, middle, levels[0], levels[-1], strength, levels[0] != levels[-1])


def weakest(entries: Iterable[Entry]) -> str:
    """The weakest evidence strength among graded entries ("none" when none is given)."""
    found = None
    for entry in entries:
        if entry.grade is None:
            continue
        value = entry.evidence_strength or "none"
        if value == "none":
            return "none"
        if value == "partial" or found is None:
            found = value
    return found or "none"


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
    reasons: list[str] = []

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "kind": self.kind,
            "likely": self.likely, "low": self.low, "high": self.high,
            "items": self.items, "assessed": self.assessed, "evidenced": self.evidenced,
            "reasons": list(self.reasons),
        }


class Readiness(msgspec.Struct):
    """The engine's answer: one result per judgement, in the bank's order."""

    bank: str
    authority: str
    judgements: list[JudgementResult]

    def __getitem__(self, judgement_id: str) -> JudgementResult:
        for result in self.judgements:
            if result.id == judgement_id:
                return result
        raise KeyError(judgement_id)

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
    reasons: list[str]

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

    def at(self, slug: str) -> int:
        return self.index[slug]

    def name(self, level: int) -> str:
        return self.bank.scale[level].label.lower()

    def slug(self, level: int | None) -> str:
        return NOT_ASSESSED if level is None else self.slugs[level]


def judge(bank: Bank, assessment: Assessment) -> Readiness:
    """Work out every judgement of `bank` for `assessment`."""
    scale = _Scale(bank)
    responses = assessment.responses
    index = scale.index
    views = {item.id: item_view(item.id, responses.get(item.id), index) for item in bank.items}
    levels: dict[str, _Levels] = {}
    for judgement in bank.judgements:
        items = [views[item.id] for item in bank.items_by_judgement.get(judgement.id, [])
                 if not views[item.id].excluded]
        levels[judgement.id] = _best_fit(judgement, items, bank.rules, scale)
    _apply_graded(bank, levels, scale)
    _apply_limits(bank, levels, scale)
    _apply_overall(bank, levels, scale, views.values())
    return Readiness(
        bank=bank.id,
        authority=assessment.authority,
        judgements=[
            JudgementResult(
                id=lv.judgement.id, title=lv.judgement.title, kind=lv.judgement.kind,
                likely=scale.slug(lv.likely), low=scale.slug(lv.low), high=scale.slug(lv.high),
                items=lv.items, assessed=lv.assessed, evidenced=lv.evidenced,
                reasons=lv.reasons,
            )
            for lv in (levels[j.id] for j in bank.judgements)
        ],
    )


# --- best fit over one judgement's items --------------------------------------------


def fit(levels: Sequence[int], rules: Rules, scale: _Scale) -> int | None:
    """The best-fit grade of a set of item grades (bank rules; see the module docstring)."""
    if not levels:
        return None
    worst, benchmark = scale.worst, scale.at(rules.benchmark)
    total = len(levels)
    at_worst = sum(1 for level in levels if level == worst)
    if at_worst >= rules.inadequate_items:
        return worst
    at_benchmark = sum(1 for level in levels if level <= benchmark)
    if at_worst == 0 and at_benchmark / total > rules.widespread_share:
        at_best = sum(1 for level in levels if level == 0)
        return 0 if at_best / total > rules.outstanding_share else benchmark
    return min(benchmark + 1, worst)


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


def _best_fit(judgement: Judgement, items: list[ItemView], rules: Rules,
              scale: _Scale) -> _Levels:
    assessed = [v for v in items if v.likely is not None]
    evidenced = sum(1 for v in assessed if v.strong)
    result = _Levels(judgement, None, scale.worst, 0, len(items), len(assessed), evidenced, [])
    if not assessed:
        if items:
            result.reasons.append(f"None of its {_items(len(items))} is assessed yet."
                                  if len(items) > 1 else "Its one item is not assessed yet.")
        return result
    likely = fit([v.likely for v in assessed if v.likely is not None], rules, scale)
    assert likely is not None
    drop = rules.weak_evidence_drop
    low_levels = [min(scale.worst, (v.worst if v.worst is not None else 0) +
                      (0 if v.strong else drop)) for v in assessed]
    high_levels = [v.best if v.best is not None else 0 for v in assessed]
    unassessed = [v for v in items if v.likely is None]
    low_levels += [scale.at(rules.unassessed_low)] * len(unassessed)
    high_levels += [scale.at(rules.unassessed_high)] * len(unassessed)
    low = max(fit(low_levels, rules, scale) or 0, likely)
    high = min(fit(high_levels, rules, scale) or 0, likely)
    result.likely, result.low, result.high = likely, low, high
    result.reasons.extend(_fit_reasons(assessed, likely, rules, scale))
    if low > likely:
        result.reasons.append(_low_reason(assessed, unassessed, low, scale))
    if high < likely:
        result.reasons.append(_high_reason(assessed, unassessed, high, likely, scale))
    split = [v for v in assessed if v.split]
    if split:
        result.reasons.append(f"Assessors disagree on {_ids(split)} and nothing is agreed yet.")
    return result


def _fit_reasons(assessed: list[ItemView], likely: int, rules: Rules,
                 scale: _Scale) -> list[str]:
    worst, benchmark = scale.worst, scale.at(rules.benchmark)
    total = len(assessed)
    bench_name = scale.name(benchmark)
    at_worst = [v for v in assessed if v.likely == worst]
    good = [v for v in assessed if v.likely is not None and v.likely <= benchmark]
    if likely == worst:
        verb = "is" if len(at_worst) == 1 else "are"
        return [f"{_ids(at_worst)} {verb} graded {scale.name(worst)}: a widespread or serious "
                "failure."]
    if likely == 0:
        best = [v for v in assessed if v.likely == 0]
        return [f"{_share(len(best), total, scale.name(0)).capitalize()} ({_ids(best)}), "
                f"and none is below {bench_name}." if len(good) == total else
                f"{_share(len(best), total, scale.name(0)).capitalize()} ({_ids(best)})."]
    if likely == benchmark:
        return [f"{_share(len(good), total, bench_name + ' or better').capitalize()}: "
                "widespread practice."]
    below = [v for v in assessed if v.likely is not None and v.likely > benchmark]
    reasons = [f"{_share(len(good), total, bench_name + ' or better').capitalize()}; "
               f"below {bench_name}: {_ids(below)}."]
    if at_worst:
        reasons.append(f"{_ids(at_worst)} graded {scale.name(worst)} keeps it below "
                       f"{bench_name}.")
    return reasons


def _low_reason(assessed: list[ItemView], unassessed: list[ItemView], low: int,
                scale: _Scale) -> str:
    """Name what would take the judgement down to `low`: the items that fall furthest."""
    rules = scale.bank.rules
    drop = rules.weak_evidence_drop
    causes = []
    if low == scale.worst:
        falling = [v for v in assessed if v.worst is not None and
                   (v.worst == scale.worst or (not v.strong and v.worst + drop >= scale.worst))]
        at_worst = [v for v in falling if v.worst == scale.worst]
        weak = [v for v in falling if v.worst != scale.worst]
        if weak:
            causes.append(f"the evidence for {_ids(weak)} does not hold")
        if at_worst:
            causes.append(f"the lowest grades for {_ids(at_worst)} stand")
    else:
        weak = [v for v in assessed if not v.strong]
        if weak:
            causes.append(f"the evidence for {_ids(weak)} does not hold")
        split = [v for v in assessed if v.split]
        if split:
            causes.append(f"the lower grades for {_ids(split)} stand")
    if unassessed and low > scale.at(rules.benchmark) and not causes:
        causes.append(f"the {_items(len(unassessed), 'unassessed')} "
                      f"{'is' if len(unassessed) == 1 else 'are'} not yet "
                      f"{scale.name(scale.at(rules.benchmark))}")
    return f"Could be {scale.name(low)} if {' or '.join(causes) or 'nothing changes'}."


def _high_reason(assessed: list[ItemView], unassessed: list[ItemView], high: int,
                 likely: int, scale: _Scale) -> str:
    causes = []
    if unassessed:
        causes.append(f"the {_items(len(unassessed), 'unassessed')} "
                      f"{'is' if len(unassessed) == 1 else 'are'} "
                      f"{scale.name(scale.at(scale.bank.rules.unassessed_high))}")
    split = [v for v in assessed if v.split]
    if split:
        causes.append(f"the higher grades for {_ids(split)} are agreed")
    return f"Could be {scale.name(high)} if {' and '.join(causes) or 'practice improves'}."


# --- rules between judgements ------------------------------------------------------


def _apply_graded(bank: Bank, levels: dict[str, _Levels], scale: _Scale) -> None:
    """Paragraphs 25, 26 and 32: graded judgements shape their key judgement."""
    rule = bank.rules.graded
    if rule is None:
        return
    at, cap, low_to = scale.at(rule.at), scale.at(rule.cap_likely), scale.at(rule.low)
    for key in levels.values():
        graded = [levels[j.id] for j in bank.judgements
                  if j.kind == "graded" and j.contributes_to == key.judgement.id]
        if not graded:
            continue
        names = {id(g): _name(g.judgement) for g in graded}
        before = (key.likely, key.low, key.high)
        for g in graded:
            if g.likely is not None and g.likely >= at and key.likely is not None \
                    and key.likely < cap:
                key.likely = cap
                key.reasons.append(f"No better than {scale.name(cap)} because "
                                   f"{names[id(g)]} is {scale.name(g.likely)}.")
            if g.high >= at:
                key.high = max(key.high, cap)
            if g.low >= at and key.low < low_to:
                key.low = low_to
                key.reasons.append(f"Could be {scale.name(low_to)} because {names[id(g)]} "
                                   f"could be {scale.name(g.low)}.")
        if rule.not_better_than_best:
            assessed = [g for g in graded if g.likely is not None]
            if assessed and key.likely is not None:
                best = min(g.likely for g in assessed if g.likely is not None)
                if key.likely < best:
                    key.likely = best
                    key.reasons.append(
                        f"No better than the better of its graded judgements "
                        f"({', '.join(f'{names[id(g)]} {scale.name(g.likely)}' for g in assessed if g.likely is not None)}).")  # noqa: E501
            key.low = max(key.low, min(g.low for g in graded))
            key.high = max(key.high, min(g.high for g in graded))
        if (key.likely, key.low, key.high) != before:
            key.order()


def _apply_limits(bank: Bank, levels: dict[str, _Levels], scale: _Scale) -> None:
    """Paragraph 23 and the like: one judgement at a grade bounds another."""
    for rule in bank.rules.limit:
        at, to = scale.at(rule.at), scale.at(rule.to)
        target = levels[rule.target]
        for jid in rule.when:
            trigger = levels[jid]
            value = getattr(trigger, rule.bound)
            if value is None or value < at:
                continue
            current = getattr(target, rule.bound)
            if current is not None and current < to:
                setattr(target, rule.bound, to)
                verb = "is" if rule.bound == "likely" else "could be"
                target.reasons.append(
                    f"{'Could be' if rule.bound == 'low' else 'No better than'} "
                    f"{scale.name(to)} because {_name(trigger.judgement)} {verb} "
                    f"{scale.name(value)}.")
                target.order()


def _apply_overall(bank: Bank, levels: dict[str, _Levels], scale: _Scale,
                   views: Iterable[ItemView]) -> None:
    """Paragraphs 22, 23 and 30: overall effectiveness from the key judgements."""
    rule = bank.rules.overall
    overall = next((lv for lv in levels.values() if lv.judgement.kind == "overall"), None)
    if rule is None or overall is None:
        return
    keys = [lv for lv in levels.values() if lv.judgement.kind == "key"]
    if not keys:
        return
    all_views = [v for v in views if not v.excluded]
    assessed = [v for v in all_views if v.likely is not None]
    overall.items, overall.assessed = len(all_views), len(assessed)
    overall.evidenced = sum(1 for v in assessed if v.strong)
    overall.reasons = []
    limiting = scale.at(rule.limiting_grade)
    caps = [levels[j] for j in rule.not_better_than]

    def combine(values: list[int]) -> tuple[int, bool]:
        """The combined grade, and whether the one-above-the-lowest cap changed it."""
        ordered = sorted(values)
        value = ordered[len(ordered) // 2] if rule.combine == "middle" else ordered[-1]
        if rule.max_above_lowest is not None and value < ordered[-1] - rule.max_above_lowest:
            return ordered[-1] - rule.max_above_lowest, True
        return value, False

    limited = [k for k in keys if k.judgement.limiting and k.likely is not None
               and k.likely >= limiting]
    missing = [k for k in keys if k.likely is None]
    if limited:
        overall.likely = limiting
        overall.reasons.append(
            f"{scale.name(limiting).capitalize()} because "
            f"{' and '.join(_name(k.judgement) for k in limited)} "
            f"{'is' if len(limited) == 1 else 'are'} {scale.name(limiting)}: a key judgement "
            "at this grade limits overall effectiveness.")
    elif missing:
        overall.likely = None
        overall.reasons.append(
            "Needs a likely grade for every key judgement; not yet assessed: "
            f"{', '.join(_name(k.judgement) for k in missing)}.")
    else:
        likely, capped = combine([k.likely for k in keys if k.likely is not None])
        described = ", ".join(f"{_name(k.judgement)} {scale.name(k.likely)}"
                              for k in keys if k.likely is not None)
        word = "Middle" if rule.combine == "middle" else "Lowest"
        overall.reasons.append(f"{word} of the key judgements ({described}).")
        if capped:
            overall.reasons.append(f"No more than {rule.max_above_lowest} grade(s) above the "
                                   "lowest key judgement.")
        for cap in caps:
            if cap.likely is not None and likely < cap.likely:
                likely = cap.likely
                overall.reasons.append(f"No better than {_name(cap.judgement)} "
                                       f"({scale.name(cap.likely)}).")
        overall.likely = likely
    overall.low = max(k.low for k in keys)
    high, _ = combine([k.high for k in keys])
    for cap in caps:
        high = max(high, cap.high)
    if any(k.judgement.limiting and k.high >= limiting for k in keys):
        high = max(high, limiting)
    overall.high = high
    overall.order()
    if overall.likely is not None and overall.low > overall.likely:
        lowest = [k for k in keys if k.low == overall.low]
        overall.reasons.append(
            f"Could be {scale.name(overall.low)} if "
            f"{' or '.join(_name(k.judgement) for k in lowest)} "
            f"{'is' if len(lowest) == 1 else 'are'} {scale.name(overall.low)}.")
    if overall.likely is not None and overall.high < overall.likely:
        overall.reasons.append(f"Could be {scale.name(overall.high)} if every key judgement "
                               "reaches the top of its range.")
