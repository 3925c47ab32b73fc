"""The judgement engine: each rule on a small hand-made assessment, then properties."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readiness.assessment import Agreed, Assessment, Entry, Response
from readiness.banks import Bank, BankSet, load_bank
from readiness.judgement import NOT_ASSESSED, judge
from tests.helpers import MINI

BANK = load_bank(MINI)
O, G, RI, I = "outstanding", "good", "requires_improvement", "inadequate"  # noqa: E741


def assess(**grades: str | tuple[str, str] | Response) -> Assessment:
    """assess(H01="good", H02=("good", "partial")) — strength defaults to strong."""
    responses = {}
    for item, value in grades.items():
        if isinstance(value, Response):
            responses[item] = value
        elif isinstance(value, tuple):
            responses[item] = Response(grade=value[0], evidence_strength=value[1])  # type: ignore[arg-type]
        else:
            responses[item] = Response(grade=value, evidence_strength="strong")
    return Assessment(schema=1, bank="mini", authority="Testshire", responses=responses,
                      created=datetime(2026, 1, 1))


def grades(assessment: Assessment, judgement: str, bank: Bank = BANK) -> tuple[str, str, str]:
    result = judge(bank, assessment)[judgement]
    return result.likely, result.low, result.high


# --- best fit (paragraph 19) -----------------------------------------------------------


def test_nothing_assessed_is_not_assessed_with_the_full_range() -> None:
    for judgement in ("overall", "help", "care", "adoption", "leavers", "leadership"):
        assert grades(assess(), judgement) == (NOT_ASSESSED, I, O)


def test_good_when_most_assessed_items_are_good_and_none_inadequate() -> None:
    assert grades(assess(H01=G, H02=G, H03=RI), "help")[0] == G


def test_half_is_not_most() -> None:
    assert grades(assess(H01=G, H02=RI), "help")[0] == RI


def test_widespread_inadequate_items_make_the_judgement_inadequate() -> None:
    result = judge(BANK, assess(H01=O, H02=O, H03=I))["help"]  # 1 of 3: more than a quarter
    assert result.likely == I
    assert result.because[0].rule == "failure" and result.because[0].items == ("H03",)
    assert "widespread failure" in result.reasons[0]


def test_outstanding_only_when_good_is_met_and_practice_exceeds_it() -> None:
    assert grades(assess(H01=O, H02=O, H03=G), "help")[0] == O
    assert grades(assess(H01=O, H02=G, H03=G), "help")[0] == G


def test_otherwise_requires_improvement_and_the_reason_names_the_items() -> None:
    result = judge(BANK, assess(H01=RI, H02=RI, H03=G))["help"]
    assert result.likely == RI
    assert "H01" in result.reasons[0] and "H02" in result.reasons[0]


def test_thresholds_are_read_from_the_bank() -> None:
    import msgspec

    stricter = msgspec.structs.replace(
        BANK, rules=msgspec.structs.replace(
            BANK.rules, widespread=msgspec.structs.replace(BANK.rules.widespread, share=0.7)))
    assessment = assess(H01=G, H02=G, H03=RI)
    assert grades(assessment, "help")[0] == G
    assert grades(assessment, "help", stricter)[0] == RI


# --- the range -------------------------------------------------------------------------


def test_weak_evidence_drops_a_grade_in_low_only() -> None:
    assert grades(assess(H01=G, H02=G, H03=G), "help") == (G, G, G)
    assert grades(assess(H01=(G, "partial"), H02=(G, "none"), H03=G), "help") == (G, RI, G)


def test_unassessed_items_are_not_yet_good_in_low_and_good_in_high() -> None:
    assert grades(assess(H01=O, H02=O), "help") == (O, G, O)
    assert grades(assess(H01=RI, H02=G), "help") == (RI, RI, G)


def test_adding_evidence_narrows_the_range() -> None:
    weak = grades(assess(H01=(G, "partial"), H02=(G, "partial"), H03=(G, "partial")), "help")
    strong = grades(assess(H01=G, H02=G, H03=G), "help")
    assert weak == (G, RI, G) and strong == (G, G, G)


# --- several assessors -----------------------------------------------------------------


def test_assessors_who_disagree_give_the_middle_and_a_range() -> None:
    split = Response(entries=[Entry(by="A", grade=G, evidence_strength="strong"),
                              Entry(by="B", grade=RI, evidence_strength="strong")])
    result = judge(BANK, assess(H01=split, H02=G, H03=G))["help"]
    assert result.likely == G  # 2 of 3 items good: the worse middle of H01 is RI
    assert any("disagree on H01" in r for r in result.reasons)
    one = judge(BANK, assess(H01=split, H02=G))["help"]
    assert (one.likely, one.high) == (RI, G)


def test_an_agreed_grade_settles_the_item() -> None:
    agreed = Response(entries=[Entry(by="A", grade=G), Entry(by="B", grade=I)],
                      agreed=Agreed(grade=G, evidence_strength="strong"))
    assert grades(assess(H01=agreed, H02=G, H03=G), "help") == (G, G, G)


# --- limiting (paragraphs 23-26 and 30) ---------------------------------------------------


def full(**overrides: str) -> Assessment:
    """Every item good with strong evidence, except the overrides."""
    values: dict[str, str] = {item.id: G for item in BANK.items}
    values.update(overrides)
    return assess(**values)


def test_all_good_is_good_overall() -> None:
    assert grades(full(), "overall") == (G, G, G)


def test_an_inadequate_key_judgement_makes_overall_inadequate() -> None:
    result = judge(BANK, full(H01=I))
    assert result["help"].likely == I
    assert result["overall"].likely == I
    [limit] = [r for r in result["overall"].because if r.rule == "limit[1]"]
    assert limit.basis == "framework" and limit.judgements == ("help",)


def test_help_or_care_inadequate_brings_leadership_low_to_inadequate() -> None:
    result = judge(BANK, full(H01=I))
    assert result["leadership"].likely == G and result["leadership"].low == I
    assert any("help and protection" in r for r in result["leadership"].reasons)


def test_an_inadequate_graded_judgement_caps_its_key_judgement_without_limiting() -> None:
    result = judge(BANK, full(A01=I))
    assert result["adoption"].likely == I
    assert result["care"].likely == RI and result["care"].low == I
    assert result["overall"].likely != I  # not automatically limiting (paragraph 25)


def test_a_key_judgement_is_never_better_than_the_better_of_its_graded_ones() -> None:
    result = judge(BANK, full(C01=O, C02=O, A01=RI, L01=RI))
    assert result["adoption"].likely == RI and result["leavers"].likely == RI
    assert result["care"].likely == RI


def test_overall_is_the_middle_key_judgement() -> None:
    result = judge(BANK, full(H01=O, H02=O, H03=O, C01=RI, C02=RI, A01=RI, M01=G, M02=G))
    assert [result[k].likely for k in ("help", "care", "leadership")] == [O, RI, G]
    assert result["overall"].likely == G


def test_overall_is_never_better_than_leadership() -> None:
    result = judge(BANK, full(H01=O, H02=O, H03=O, C01=O, C02=O, A01=O, L01=O, M01=RI))
    assert result["leadership"].likely == RI
    assert result["overall"].likely == RI


def test_overall_is_never_more_than_one_grade_above_the_lowest() -> None:
    import msgspec

    two = msgspec.structs.replace(BANK, rules=msgspec.structs.replace(
        BANK.rules, overall=msgspec.structs.replace(BANK.rules.overall, not_better_than=[])))
    result = judge(two, full(H01=O, H02=O, H03=O, C01=O, C02=O, A01=O, L01=O, M01=RI, M02=RI))
    assert result["help"].likely == O and result["leadership"].likely == RI
    assert result["overall"].likely == G


def test_overall_low_is_the_middle_key_low_and_high_is_capped_by_leadership() -> None:
    result = judge(BANK, full(M01=(G, "partial"), M02=(G, "partial")))
    assert result["leadership"].low == RI
    assert result["overall"].low == RI and result["overall"].high == G


def test_the_engine_works_on_a_2010_bank_with_its_own_scale() -> None:
    bank = BankSet().get("safeguarding-2010")
    items = bank.items_by_judgement["partnership-working"]
    responses = {i.id: Response(grade="adequate", evidence_strength="strong", evidence=["E"])
                 for i in items}
    result = judge(bank, Assessment(schema=1, bank=bank.id, authority="x",
                                    responses=responses))["partnership-working"]
    assert (result.likely, result.low, result.high) == ("adequate",) * 3


# --- properties (hypothesis) ---------------------------------------------------------------

SLUGS = [g.slug for g in BANK.scale]
STRENGTHS = ["none", "partial", "strong"]
ITEMS = [item.id for item in BANK.items]
FIELDS = ("likely", "low", "high")


@st.composite
def assessments(draw: st.DrawFn) -> dict[str, tuple[int, int] | None]:
    """item -> (grade index, strength index) or None (unassessed)."""
    return {item: draw(st.none() | st.tuples(st.integers(0, 3), st.integers(0, 2)))
            for item in ITEMS}


def build(state: dict[str, tuple[int, int] | None]) -> Assessment:
    return Assessment(schema=1, bank="mini", authority="x", responses={
        item: Response(grade=SLUGS[v[0]], evidence_strength=STRENGTHS[v[1]])  # type: ignore[arg-type]
        for item, v in state.items() if v is not None})


def levels(state: dict[str, tuple[int, int] | None]) -> dict[str, tuple[int | None, int, int]]:
    result = judge(BANK, build(state))
    index = {slug: n for n, slug in enumerate(SLUGS)}
    return {j.id: (index.get(j.likely), index[j.low], index[j.high]) for j in result.judgements}


@settings(max_examples=300, deadline=None)
@given(assessments())
def test_low_likely_high_are_always_in_order(state: dict[str, tuple[int, int] | None]) -> None:
    for likely, low, high in levels(state).values():
        assert high <= low
        if likely is not None:
            assert high <= likely <= low


@settings(max_examples=300, deadline=None)
@given(assessments(), st.sampled_from(ITEMS))
def test_raising_an_item_never_lowers_any_judgement(
        state: dict[str, tuple[int, int] | None], item: str) -> None:
    value = state[item]
    if value is None or value[0] == 0:
        return
    before = levels(state)
    after = levels({**state, item: (value[0] - 1, value[1])})
    for judgement, (likely, low, high) in before.items():
        new_likely, new_low, new_high = after[judgement]
        assert new_low <= low and new_high <= high, judgement
        if likely is None:  # raising an assessed item cannot make a judgement assessed
            assert new_likely is None
        if new_likely is None:  # only a certain limit (overall held at the worst) can lift
            assert likely in (None, len(SLUGS) - 1)
        if likely is not None and new_likely is not None:
            assert new_likely <= likely, judgement


@settings(max_examples=300, deadline=None)
@given(assessments(), st.sampled_from(ITEMS))
def test_adding_evidence_never_widens_a_range(
        state: dict[str, tuple[int, int] | None], item: str) -> None:
    value = state[item]
    if value is None or value[1] == 2:
        return
    before = levels(state)
    after = levels({**state, item: (value[0], value[1] + 1)})
    for judgement, (likely, low, high) in before.items():
        new_likely, new_low, new_high = after[judgement]
        assert new_likely == likely
        assert new_low - new_high <= low - high, judgement


@pytest.mark.parametrize("bank_id", ["sif-2015", "safeguarding-2010", "looked-after-2010"])
def test_every_shipped_bank_judges_a_full_assessment(bank_id: str) -> None:
    bank = BankSet().get(bank_id)
    responses = {i.id: Response(grade=bank.rules.benchmark.grade, evidence_strength="strong",
                                evidence=["E"]) for i in bank.items}
    result = judge(bank, Assessment(schema=1, bank=bank.id, authority="x", responses=responses))
    for j in result.judgements:
        if j.items or j.kind == "overall":
            assert j.likely == bank.rules.benchmark.grade, j.id


def test_an_item_marked_not_applicable_counts_toward_nothing() -> None:
    na = Response(not_applicable=True, note="No functions are delegated")
    result = judge(BANK, assess(H01=G, H02=G, H03=na))["help"]
    assert (result.likely, result.low, result.high) == (G, G, G)
    assert result.items == 2


def test_grade_marks_come_from_the_position_on_the_scale_not_the_words() -> None:
    from readiness.views import symbol

    sif, schedule = BankSet().get("sif-2015"), BankSet().get("safeguarding-2010")
    assert [symbol(sif, g.slug) for g in sif.scale] == ["★", "✓", "!", "✗"]
    assert [symbol(schedule, g.slug) for g in schedule.scale] == ["★", "✓", "!", "✗"]
    assert symbol(sif, NOT_ASSESSED) == "·"
