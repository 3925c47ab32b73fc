"""Plain words for people who will not open the app: the headline a board member reads.

Built from the engine's output and the items behind it, so the sentence on the
dashboard, in the board pack and in an email says the same thing.
"""

from __future__ import annotations

from readiness.assessment import Assessment
from readiness.banks import Bank
from readiness.judgement import NOT_ASSESSED, ItemView, JudgementResult, Readiness, item_view

SYMBOLS = {"best": "★", "benchmark": "✓", "below": "!", "worst": "✗"}
"""A mark for each grade that reads without colour (projectors, print, colour-blindness)."""


def position(bank: Bank, slug: str) -> str:
    """Where a grade sits: best (above the benchmark), benchmark, below, or worst."""
    index = bank.grade_index[slug]
    benchmark = bank.grade_index[bank.rules.benchmark]
    if index == len(bank.scale) - 1:
        return "worst"
    if index < benchmark:
        return "best"
    return "benchmark" if index == benchmark else "below"


def symbol(bank: Bank, slug: str | None) -> str:
    if slug is None or slug == NOT_ASSESSED:
        return "·"
    return SYMBOLS[position(bank, slug)]


def label(bank: Bank, slug: str) -> str:
    return "not assessed" if slug == NOT_ASSESSED else bank.grade_label(slug).lower()


def _list(ids: list[str], limit: int = 3) -> str:
    shown = ids[:limit]
    more = len(ids) - len(shown)
    if more:
        return f"{', '.join(shown)} and {more} more"
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


def _views(bank: Bank, assessment: Assessment, judgement_id: str) -> list[ItemView]:
    index = bank.grade_index
    views = [item_view(i.id, assessment.responses.get(i.id), index)
             for i in bank.items_by_judgement.get(judgement_id, [])]
    return [v for v in views if not v.excluded]


def overall_of(readiness: Readiness) -> JudgementResult | None:
    """The overall judgement, or None for a framework without one (the National Framework)."""
    return next((j for j in readiness.judgements if j.kind == "overall"), None)


def headline(bank: Bank, assessment: Assessment, readiness: Readiness) -> str:
    """One or two sentences on the likely overall judgement a lay reader understands."""
    overall = overall_of(readiness)
    if overall is None:
        done = sum(1 for r in assessment.responses.values() if r.assessed)
        return (f"This framework has no overall judgement; {done} of {len(bank.items)} items "
                "are assessed.")
    assessed = any(j.assessed for j in readiness.judgements if j.kind != "overall")
    if overall.likely == NOT_ASSESSED:
        total = len(bank.items)
        done = sum(1 for r in assessment.responses.values() if r.assessed)
        if not assessed:
            return f"Nothing is assessed yet ({done} of {total} items)."
        missing = [bank.judgement_name(j.id).lower() for j in readiness.judgements
                   if j.kind == "key" and j.likely == NOT_ASSESSED]
        return (f"Not enough is assessed yet for a likely overall judgement ({done} of {total} "
                f"items); still to assess: {', '.join(missing) or 'some items'}.")
    index = bank.grade_index
    text = f"Likely {label(bank, overall.likely)}"
    parts = []
    if index[overall.high] < index[overall.likely]:
        parts.append(_could_be(bank, assessment, readiness, overall))
    if index[overall.low] > index[overall.likely]:
        parts.append(_could_fall(bank, assessment, readiness, overall))
    return text + ("; " + "; ".join(parts) if parts else "") + "."


def _could_be(bank: Bank, assessment: Assessment, readiness: Readiness,
              overall: JudgementResult) -> str:
    index = bank.grade_index
    target = overall.high
    holding = [j for j in readiness.judgements if j.kind == "key"
               and (j.likely == NOT_ASSESSED or index[j.likely] > index[target])]
    benchmark = index[bank.rules.benchmark]
    reasons = []
    for judgement in holding:
        below = [v.id for v in _views(bank, assessment, judgement.id)
                 if v.likely is not None and v.likely > benchmark]
        name = bank.judgement_name(judgement.id).lower()
        if below:
            reasons.append(f"{name} reaches {label(bank, target)} ({_list(below)} "
                           f"{'is' if len(below) == 1 else 'are'} below "
                           f"{label(bank, bank.rules.benchmark)})")
        else:
            reasons.append(f"{name} reaches {label(bank, target)}")
    return f"could be {label(bank, target)}" + (f" if {' and '.join(reasons)}" if reasons else "")


def _could_fall(bank: Bank, assessment: Assessment, readiness: Readiness,
                overall: JudgementResult) -> str:
    index = bank.grade_index
    low = overall.low
    weak: list[str] = []
    for judgement in readiness.judgements:
        if judgement.kind != "key" or index[judgement.low] < index[low]:
            continue
        weak += [v.id for v in _views(bank, assessment, judgement.id)
                 if v.likely is not None and not v.strong
                 and v.likely > index[bank.rules.benchmark]]
    if weak:
        return f"could fall to {label(bank, low)} if the evidence for {_list(weak)} does not hold"
    return f"could fall to {label(bank, low)} as more items are assessed"
