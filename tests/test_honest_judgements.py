"""The engine reads the framework as it is written (issue 10), on the real banks.

Scenarios on the single inspection framework and a 2010 schedule, then properties on
generated banks of 2 to 7 grades with several assessors, agreed grades, items that do
not apply and serious failures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st

from readiness.assessment import Agreed, Assessment, Entry, Response
from readiness.banks import Bank, BankSet
from readiness.judgement import NOT_ASSESSED, judge
from tests.conftest import normalise

SIF = BankSet().get("sif-2015")
O, G, RI, I = "outstanding", "good", "requires_improvement", "inadequate"  # noqa: E741
HP = [i.id for i in SIF.items_by_judgement["help-and-protection"]]


def scored(grades: dict[str, str], *, serious: tuple[str, ...] = (),
           bank: Bank = SIF) -> Assessment:
    """Each item at its grade, strongly evidenced with a document attached."""
    return Assessment(schema=1, bank=bank.id, authority="Testshire", responses={
        item: Response(grade=grade, evidence_strength="strong", evidence=["1.07"],
                       serious=item in serious)
        for item, grade in grades.items()})


def everything(grade: str, **overrides: str) -> dict[str, str]:
    values = {item.id: grade for item in SIF.items}
    values.update(overrides)
    return values


def test_help_and_protection_has_22_items() -> None:
    assert len(HP) == 22


def test_one_inadequate_item_that_is_not_serious_gives_requires_improvement() -> None:
    result = judge(SIF, scored(everything(G, ESN08=I)))
    hp = result["help-and-protection"]
    assert (hp.likely, hp.low, hp.high) == (RI, I, RI)
    fit = hp.because[0]
    assert fit.items == ("ESN08",) and "could be" not in fit.text.lower()
    assert any("ESN08" in r.items and r.about == "low" for r in hp.because)
    assert result["overall"].likely == G, "one item is not a limiting failure"


def test_the_childrens_council_or_needs_assessment_alone_never_make_overall_inadequate() -> None:
    for item in ("ESN48", "ESN68"):
        result = judge(SIF, scored(everything(G, **{item: I})))
        assert result["overall"].likely != I, item


def test_a_serious_failure_makes_the_judgement_and_overall_inadequate() -> None:
    result = judge(SIF, scored(everything(G, ESN08=I), serious=("ESN08",)))
    hp = result["help-and-protection"]
    assert hp.likely == I
    assert hp.because[0].rule == "serious" and hp.because[0].basis == "framework"
    assert hp.because[0].items == ("ESN08",)
    assert result["overall"].likely == I
    assert any(r.rule.startswith("limit") and r.basis == "framework"
               for r in result["overall"].because)


def test_widespread_failure_is_more_than_a_quarter_of_the_assessed_items() -> None:
    six = {item: I for item in HP[:6]}  # 6 of 22: 27%
    five = {item: I for item in HP[:5]}  # 5 of 22: 23%
    assert judge(SIF, scored(everything(G, **six)))["help-and-protection"].likely == I
    result = judge(SIF, scored(everything(G, **five)))["help-and-protection"]
    assert result.likely == RI and result.low == I


def test_outstanding_needs_good_met_in_addition() -> None:
    grades = {item: O for item in HP[:12]} | {item: RI for item in HP[12:]}
    result = judge(SIF, scored(grades))["help-and-protection"]
    assert result.likely == G, "10 items below good: good is met, outstanding is not"
    all_good = {item: O for item in HP[:12]} | {item: G for item in HP[12:]}
    assert judge(SIF, scored(all_good))["help-and-protection"].likely == O


def test_too_few_scored_gives_no_likely_grade_but_says_how_many_more() -> None:
    result = judge(SIF, scored({item: G for item in HP[:5]}))["help-and-protection"]
    assert result.likely == NOT_ASSESSED
    assert result.needed == 6
    assert (result.low, result.high) == (RI, G)
    assert result.because[0].about == "coverage" and "6 more" in result.reasons[0]


def test_a_serious_failure_decides_even_when_too_few_are_scored() -> None:
    result = judge(SIF, scored({"ESN08": I}, serious=("ESN08",)))
    assert result["help-and-protection"].likely == I
    assert result["overall"].likely == I


def test_overall_is_not_assessed_with_five_items_scored() -> None:
    result = judge(SIF, scored({item: G for item in HP[:5]}))
    assert result["overall"].likely == NOT_ASSESSED
    assert result["overall"].needed > 0


def test_a_strong_rating_without_anything_attached_is_not_strongly_evidenced() -> None:
    bare = Assessment(schema=1, bank=SIF.id, authority="x", responses={
        "ESN01": Response(grade=G, evidence_strength="strong")})
    view = judge(SIF, bare).views["ESN01"]
    assert view.strength == "strong" and not view.strong


def test_2010_overall_takes_the_other_judgements_into_account() -> None:
    bank = BankSet().get("safeguarding-2010")
    grades = {item.id: I for item in bank.items if "overall" not in item.judgements}
    grades |= {item.id: G for item in bank.items if "overall" in item.judgements}
    result = judge(bank, scored(grades, bank=bank))
    own = [r for r in result.judgements if r.id != "overall"]
    assert all(r.likely == I for r in own)
    assert result["overall"].likely == I
    assert result["overall"].because[0].rule == "overall"
    assert result["overall"].because[0].basis == "method"


def test_one_item_of_a_small_judgement_is_not_widespread_failure() -> None:
    """Ambition and prioritisation (safeguarding 2010) has three items: one inadequate and
    not serious was a third, 'widespread', and made it inadequate. Two are widespread."""
    bank = BankSet().get("safeguarding-2010")
    ids = [i.id for i in bank.items_by_judgement["ambition-and-prioritisation"]]
    assert len(ids) == 3
    grades = {item.id: G for item in bank.items} | {ids[0]: I}
    result = judge(bank, scored(grades, bank=bank))["ambition-and-prioritisation"]
    assert result.likely != I and result.low == I
    result = judge(bank, scored(grades | {ids[1]: I}, bank=bank))["ambition-and-prioritisation"]
    assert result.likely == I and result.because[0].rule == "failure"
    result = judge(bank, scored(grades, serious=(ids[0],), bank=bank))[
        "ambition-and-prioritisation"]
    assert result.likely == I and result.because[0].rule == "serious"


def test_2010_equality_and_diversity_counts_the_minority_group_items() -> None:
    for bank_id, ids in (("safeguarding-2010", {"SG16", "SG32"}), ("looked-after-2010",
                                                                   {"LA19"})):
        bank = BankSet().get(bank_id)
        counted = {i.id for i in bank.items_by_judgement["equality-and-diversity"]}
        assert ids <= counted, bank_id
        for item in bank.items:
            if "minority groups" in item.text:
                assert item.id in counted, item.id


def test_every_rule_of_every_shipped_bank_says_its_basis() -> None:
    for bank in BankSet().all():
        for key, rule in bank.rules.named():
            assert rule.basis in ("framework", "outcomes", "method"), (bank.id, key)
            assert rule.says, (bank.id, key)
            if rule.basis == "framework":
                assert rule.quote, (bank.id, key)
            if rule.basis == "outcomes":
                assert rule.evidence, (bank.id, key)


def test_the_sif_overall_combination_is_read_from_outcomes_not_the_framework() -> None:
    assert SIF.rules.overall is not None and SIF.rules.overall.basis == "outcomes"
    assert SIF.rules.graded_ceiling is not None and SIF.rules.graded_ceiling.basis == "outcomes"
    assert SIF.rules.serious is not None and SIF.rules.serious.basis == "framework"


# --- properties on generated banks --------------------------------------------------------


@st.composite
def banks(draw: st.DrawFn) -> Bank:
    """A bank of 2 to 7 grades with overall, key and graded judgements and limit rules."""
    size = draw(st.integers(2, 7))
    slugs = [f"g{n}" for n in range(size)]
    benchmark = draw(st.integers(0, size - 2))
    share = st.sampled_from([0.25, 1 / 3, 0.5, 0.6, 0.75])
    keys = ["k1", "k2", "k3"]
    judgements: list[dict[str, Any]] = [{"id": "overall", "title": "Overall", "kind": "overall"}]
    judgements += [{"id": k, "title": k, "kind": "key"} for k in keys]
    judgements.append({"id": "gr", "title": "graded", "kind": "graded", "contributes_to": "k2"})
    items = []
    for judgement in [*keys, "gr"]:
        for n in range(draw(st.integers(1, 5))):
            items.append({"id": f"{judgement}-{n}", "judgements": [judgement], "text": "t",
                          "question": "q", "source": "s"})
    method = {"basis": "method", "says": "s"}
    worst = slugs[-1]
    rules: dict[str, Any] = {
        "benchmark": {"grade": slugs[benchmark], **method},
        "widespread": {"share": draw(share), **method},
        "exceeds": {"share": draw(share), **method},
        "serious": method,
        "failure": {"share": draw(share), **method},
        "coverage": {"share": draw(st.sampled_from([0.0, 0.25, 0.5])), **method},
        "range": {"weak_evidence_drop": draw(st.integers(0, 2)),
                  "unassessed_low": slugs[min(benchmark + 1, size - 1)],
                  "unassessed_high": slugs[benchmark], **method},
        "evidenced": method,
        "overall": {"combine": draw(st.sampled_from(["middle", "lowest"])),
                    "not_better_than": draw(st.sampled_from([[], ["k3"]])),
                    "max_above_lowest": draw(st.sampled_from([None, 1])), **method},
        "graded": {"at": worst, "cap_likely": slugs[max(0, size - 2)], "low": worst, **method},
        "graded_ceiling": method,
        "limit": [{"when": ["k1", "k2"], "at": worst, "target": "overall", "bound": "likely",
                   "to": worst, **method},
                  {"when": ["k1"], "at": worst, "target": "k3", "bound": "low", "to": worst,
                   **method}],
    }
    return msgspec.convert({
        "id": "gen", "title": "Generated", "version": "1", "framework": "f", "source": [],
        "scale": [{"slug": s, "label": s.upper()} for s in slugs], "rules": rules,
        "judgement": judgements, "item": items}, Bank)


Entries = dict[str, list[tuple[int, int, bool]] | None]
"""item -> None (not applicable) or each assessor's (grade, strength, serious)."""


@st.composite
def situations(draw: st.DrawFn) -> tuple[Bank, Entries, dict[str, int]]:
    bank = draw(banks())
    size = len(bank.scale)
    entries: Entries = {}
    agreed: dict[str, int] = {}
    for item in bank.items:
        if draw(st.integers(0, 9)) == 0:
            entries[item.id] = None
            continue
        entries[item.id] = draw(st.lists(st.tuples(st.integers(0, size - 1), st.integers(0, 2),
                                                   st.booleans()), max_size=3))
        if draw(st.integers(0, 4)) == 0:
            agreed[item.id] = draw(st.integers(0, size - 1))
    return bank, entries, agreed


STRENGTH = ["none", "partial", "strong"]


def build(bank: Bank, entries: Entries, agreed: dict[str, int]) -> Assessment:
    worst = len(bank.scale) - 1
    responses = {}
    for item, found in entries.items():
        if found is None:
            responses[item] = Response(not_applicable=True)
            continue
        responses[item] = Response(
            entries=[Entry(by=f"a{n}", grade=bank.scale[g].slug,
                           evidence_strength=STRENGTH[s],  # type: ignore[arg-type]
                           serious=serious and g == worst)
                     for n, (g, s, serious) in enumerate(found)],
            agreed=Agreed(grade=bank.scale[agreed[item]].slug) if item in agreed else None,
            evidence=["E"])
    return Assessment(schema=1, bank=bank.id, authority="x", responses=responses)


def positions(bank: Bank, assessment: Assessment) -> dict[str, tuple[int | None, int, int]]:
    index = bank.grade_index
    return {j.id: (index.get(j.likely), index[j.low], index[j.high])
            for j in judge(bank, assessment).judgements}


@settings(max_examples=250, deadline=None)
@given(situations())
def test_low_likely_high_are_in_order_on_any_bank(
        situation: tuple[Bank, Entries, dict[str, int]]) -> None:
    bank, entries, agreed = situation
    for likely, low, high in positions(bank, build(bank, entries, agreed)).values():
        assert high <= low
        if likely is not None:
            assert high <= likely <= low


@settings(max_examples=250, deadline=None)
@given(situations(), st.data())
def test_raising_any_grade_never_lowers_any_judgement_on_any_bank(
        situation: tuple[Bank, Entries, dict[str, int]], data: st.DataObject) -> None:
    bank, entries, agreed = situation
    graded = [(item, n) for item, found in entries.items() if found
              for n, (g, _, _) in enumerate(found) if g > 0 and item not in agreed]
    if not graded:
        return
    item, n = data.draw(st.sampled_from(graded))
    found = entries[item]
    assert found is not None
    g, s, serious = found[n]
    raised = {**entries, item: [*found[:n], (g - 1, s, serious), *found[n + 1:]]}
    _assert_no_worse(positions(bank, build(bank, entries, agreed)),
                     positions(bank, build(bank, raised, agreed)), len(bank.scale) - 1)


@settings(max_examples=250, deadline=None)
@given(situations(), st.data())
def test_a_serious_flag_only_ever_lowers(
        situation: tuple[Bank, Entries, dict[str, int]], data: st.DataObject) -> None:
    bank, entries, agreed = situation
    worst = len(bank.scale) - 1
    flaggable = [(item, n) for item, found in entries.items() if found
                 for n, (g, _, serious) in enumerate(found) if g == worst and not serious]
    if not flaggable:
        return
    item, n = data.draw(st.sampled_from(flaggable))
    found = entries[item]
    assert found is not None
    g, s, _ = found[n]
    flagged = {**entries, item: [*found[:n], (g, s, True), *found[n + 1:]]}
    _assert_no_worse(positions(bank, build(bank, flagged, agreed)),
                     positions(bank, build(bank, entries, agreed)), worst)


def _assert_no_worse(before: dict[str, tuple[int | None, int, int]],
                     after: dict[str, tuple[int | None, int, int]], worst: int) -> None:
    """`after` is nowhere worse than `before` (a likely grade may only appear or improve)."""
    for judgement, (likely, low, high) in before.items():
        new_likely, new_low, new_high = after[judgement]
        assert new_low <= low and new_high <= high, judgement
        if new_likely is None:  # only a decision at the worst grade can be lifted
            assert likely in (None, worst), judgement
        elif likely is not None:
            assert new_likely <= likely, judgement


def test_every_quoted_rule_is_verbatim_from_its_source(seeds: Path) -> None:
    texts = {path.name: normalise(path.read_text(encoding="utf-8"))
             for path in seeds.glob("*.txt")}
    for bank in BankSet().all():
        for key, rule in bank.rules.named():
            if not rule.quote:
                continue
            files = [name for name in texts if name in rule.source] or list(bank.source)
            for line in rule.quote.strip().splitlines():
                wanted = normalise(line)
                assert any(wanted in texts[name] for name in files if name in texts), (
                    bank.id, key, wanted)
