"""Workshop commands as a user runs them: agree, moderation, roster, merge, action remove;
and what views say about which grade counts, progress and moderation per judgement."""

from __future__ import annotations

import json
from pathlib import Path

import msgspec
import pytest

from readiness import store, views
from readiness.assessment import Agreed, Entry, Response
from readiness.banks import BankSet
from readiness.judgement import judge
from readiness.merge import same_facts
from tests.conftest import FIXTURES
from tests.helpers import run


@pytest.fixture
def ours(tmp_path: Path) -> Path:
    path = tmp_path / "ours.toml"
    assert run("new", path, "--bank", "mini", "--authority", "Northshire").exit_code == 0
    for args in (("H01", "good", "--by", "Ann"), ("H01", "inadequate", "--serious", "--by", "Bob"),
                 ("H02", "good", "--by", "Ann"), ("H02", "requires_improvement", "--by", "Bob"),
                 ("H03", "good", "--by", "Ann"), ("H03", "good", "--by", "Bob")):
        result = run("score", path, *args)
        assert result.exit_code == 0, result.stderr
    return path


def test_agree_records_the_grade_that_counts_and_says_why(ours: Path) -> None:
    result = run("agree", ours, "H02", "requires improvement", "--note", "Audit 14",
                 "--by", "B. Smith")
    assert result.exit_code == 0, result.stderr
    assert "H02: requires improvement counts (agreed by B. Smith" in result.stdout
    assert "1 of 2 disputed items agreed." in result.stdout
    data, _ = store.read(ours, BankSet(FIXTURES))
    agreed = data.responses["H02"].agreed
    assert agreed is not None and (agreed.grade, agreed.by, agreed.note) == \
        ("requires_improvement", "B. Smith", "Audit 14")
    assert len(agreed.id) == 8


def test_agreeing_again_changes_the_same_agreement(ours: Path) -> None:
    run("agree", ours, "H02", "good", "--by", "B. Smith")
    first = store.read(ours, BankSet(FIXTURES))[0].responses["H02"].agreed
    run("agree", ours, "H02", "requires improvement", "--by", "C. Jones")
    second = store.read(ours, BankSet(FIXTURES))[0].responses["H02"]
    assert second.agreed is not None and first is not None
    assert second.agreed.id == first.id and second.agreements == []


def test_agree_clear_takes_it_off_and_leaves_a_tombstone(ours: Path) -> None:
    run("agree", ours, "H02", "good", "--by", "B. Smith")
    result = run("agree", ours, "H02", "--clear", "--by", "B. Smith")
    assert result.exit_code == 0, result.stderr
    assert "worse of the two middle grades of 2 assessors, not yet agreed" in result.stdout
    response = store.read(ours, BankSet(FIXTURES))[0].responses["H02"]
    assert response.agreed is None and not response.to_agree
    [cleared] = response.agreements
    assert cleared.grade is None and cleared.cleared_at is not None


@pytest.mark.parametrize(("args", "message"), [
    (("H01", "good", "--serious", "--by", "B"), "only a grade of inadequate can be marked"),
    (("H01", "--by", "B"), "give the agreed GRADE, or --clear"),
    (("H01", "good", "--clear", "--by", "B"), "give the agreed GRADE, or --clear"),
    (("H01", "brilliant", "--by", "B"), "'brilliant' is not a grade"),
])
def test_agree_refuses_what_cannot_be_agreed(ours: Path, args: tuple[str, ...],
                                             message: str) -> None:
    before = ours.read_bytes()
    result = run("agree", ours, *args)
    assert result.exit_code == 1 and message in result.stderr
    assert ours.read_bytes() == before


def test_moderation_lists_serious_flags_and_wide_spreads_first(ours: Path) -> None:
    result = run("moderation", ours, "--json")
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    assert [i["id"] for i in found["items"]] == ["H01", "H02"]  # H03: both good
    first = found["items"][0]
    assert first["serious"] and first["spread"] == 2
    assert {(o["by"], o["grade"]) for o in first["opinions"]} == \
        {("Ann", "good"), ("Bob", "inadequate")}
    assert found["progress"] == "0 of 2 disputed items agreed"
    assert {p["name"]: p["graded"] for p in found["people"]} == {"Ann": 3, "Bob": 3}
    text = run("moderation", ours).stdout
    assert text.index("H01") < text.index("H02") and "TO AGREE" in text
    assert "Bob: inadequate (serious failure)" in text


def test_the_roster_is_kept_in_the_assessment(ours: Path) -> None:
    result = run("roster", ours, "--add", "A. Patel", "--add", "J. Okafor")
    assert result.exit_code == 0 and "Added A. Patel, J. Okafor" in result.stdout
    assert run("roster", ours, "--remove", "J. Okafor").exit_code == 0
    data, _ = store.read(ours, BankSet(FIXTURES))
    assert data.roster == ["A. Patel"] and "J. Okafor" in data.roster_removed
    listed = run("roster", ours).stdout
    assert "A. Patel" in listed and "0/9" in listed and "Ann" in listed


def test_merge_combines_laptops_and_the_order_does_not_matter(tmp_path: Path,
                                                               ours: Path) -> None:
    laptops = []
    for n, (item, by) in enumerate((("L01", "Cy"), ("M01", "Dee"))):
        copy = tmp_path / f"laptop-{n}.toml"
        copy.write_bytes(ours.read_bytes())
        assert run("score", copy, item, "good", "--by", by).exit_code == 0
        assert run("agree", copy, "H01", ["good", "inadequate"][n], "--by", by).exit_code == 0
        laptops.append(copy)
    one, other = tmp_path / "one.toml", tmp_path / "other.toml"
    result = run("merge", one, ours, *laptops)
    assert result.exit_code == 0, result.stderr
    assert "3 files, 4 assessors" in result.stdout and "To agree again" in result.stdout
    assert run("merge", other, laptops[1], ours, laptops[0]).exit_code == 0
    first, _ = store.read(one, BankSet(FIXTURES))
    second, _ = store.read(other, BankSet(FIXTURES))
    # Each merge stamps `updated` when it saves: the two may fall in different seconds.
    assert same_facts(first, msgspec.structs.replace(second, updated=first.updated))
    assert first.responses["L01"].by == "Cy" and first.responses["M01"].by == "Dee"
    assert first.responses["H01"].to_agree


def test_merge_into_one_of_its_files_updates_it_in_place(tmp_path: Path, ours: Path) -> None:
    copy = tmp_path / "laptop.toml"
    copy.write_bytes(ours.read_bytes())
    run("score", copy, "L01", "good", "--by", "Cy")
    assert run("merge", ours, ours, copy).exit_code == 0
    assert store.read(ours, BankSet(FIXTURES))[0].responses["L01"].by == "Cy"
    assert store.backups(ours)  # backed up like every save


def test_merge_refuses_other_banks_and_an_existing_file(tmp_path: Path, ours: Path) -> None:
    other = tmp_path / "other.toml"
    assert run("new", other, "--bank", "sif-2015", "--authority", "X").exit_code == 0
    result = run("merge", tmp_path / "out.toml", ours, other)
    assert result.exit_code == 1
    assert "only assessments of the same bank can be merged" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    taken = tmp_path / "taken.toml"
    taken.write_text("x")
    result = run("merge", taken, ours, ours)
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert taken.read_text() == "x"


def test_a_removed_action_stays_removed(ours: Path) -> None:
    run("action", "add", ours, "H01", "Relaunch")
    run("action", "add", ours, "H02", "Audit")
    result = run("action", "remove", ours, "A1")
    assert result.exit_code == 0 and "A1 removed from H01" in result.stdout
    data, _ = store.read(ours, BankSet(FIXTURES))
    assert [a.text for a in data.actions] == ["Audit"] and len(data.actions_removed) == 1
    assert run("action", "status", ours, "A1", "done").stdout.startswith("A1: done")


# --- views ---------------------------------------------------------------------------------


def _counting(response: Response) -> views.Counting:
    from readiness.assessment import Assessment

    bank = BankSet(FIXTURES).get("mini")
    assessment = Assessment(schema=2, bank="mini", authority="X", responses={"H01": response})
    return views.counting(bank, response, judge(bank, assessment).views["H01"])


def test_which_grade_counts_is_said_plainly() -> None:
    ann = Entry(by="Ann", grade="good")
    bob = Entry(by="Bob", grade="inadequate")
    cy = Entry(by="Cy", grade="requires_improvement")
    assert _counting(Response(entries=[ann])).why == "Ann's grade, the only assessor"
    assert _counting(Response(entries=[ann, bob, cy])).why == \
        "middle of 3 assessors' grades, not yet agreed"
    assert _counting(Response(entries=[ann, Entry(by="Bob", grade="good")])).kind == \
        "unanimous"
    agreed = _counting(Response(entries=[ann, bob],
                                agreed=Agreed(id="a", grade="good", by="B. Smith")))
    assert (agreed.grade, agreed.why) == ("good", "agreed by B. Smith")
    apart = _counting(Response(entries=[ann], agreements=[
        Agreed(id="a", grade="good", by="B. Smith"),
        Agreed(id="b", grade="inadequate", by="C. Jones")]))
    assert apart.kind == "to-agree" and "to agree again" in apart.why
    assert _counting(Response()).why == "not assessed yet"


def test_per_judgement_moderation_for_the_board_pack(ours: Path) -> None:
    run("agree", ours, "H02", "good", "--by", "B. Smith")
    data, bank = store.read(ours, BankSet(FIXTURES))
    found = {j.id: j for j in views.judgement_moderation(bank, data)}
    assert (found["help"].moderated, found["help"].disagree) == (1, ["H01"])
    assert found["help"].words == \
        "1 of 3 items agreed by moderation; assessors still disagree on 1 (H01)"
    run("score", ours, "H03", "n/a", "--by", "Ann")  # what does not apply is not counted
    data, bank = store.read(ours, BankSet(FIXTURES))
    found = {j.id: j for j in views.judgement_moderation(bank, data)}
    assert found["help"].items == 2 and found["help"].words.startswith("1 of 2 items")
