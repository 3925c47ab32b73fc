"""Case samples by profile: every rule met on the demo lists, the same seed the same sample,
and lists too small for a rule give the shortfall and an incomplete sample (exit 3)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from readiness.banks import Bank, BankSet
from readiness.childlists import parse_date, parse_number, read_lists
from readiness.listdemo import write_demo
from readiness.sampling import UnknownProfile, children, draw, months_before
from tests.helpers import run

AS_OF = dt.date(2026, 11, 2)
PROFILES = ["tracked-25", "la-audit-18", "targeted-50", "lac-8-12"]


@pytest.fixture(scope="module")
def sif() -> Bank:
    return BankSet().get("sif-2015")


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory, sif: Bank) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "lists"
    write_demo(sif, folder, as_of=AS_OF)
    return folder


def row8(sif: Bank, demo_dir: Path, ident: str) -> dict[str, str]:
    lists = read_lists(sif, demo_dir)
    [row] = [r for r in lists.tables["list-08"].rows if r.cells["child_id"] == ident]
    return row.cells


@pytest.mark.parametrize("name", PROFILES)
def test_each_profile_is_met_on_the_demo_lists(sif: Bank, demo_dir: Path, name: str) -> None:
    lists = read_lists(sif, demo_dir)
    sample = draw(sif, lists, name, seed=11)
    assert sample.complete, [s.message() for s in sample.shortfalls]
    assert sample.as_of == AS_OF  # the lists' own date: the newest date in them
    profile = sif.sample_map[name]
    assert len(sample.picks) == profile.total
    assert len({p.child_id for p in sample.picks}) == len(sample.picks)
    counts = Counter((p.profile, p.rule) for p in sample.picks)
    todo = [profile]
    while todo:
        current = todo.pop()
        todo += [sif.sample_map[i] for i in current.includes]
        for rule in current.rules:
            inner = {r.id for r in current.rules if r.within == rule.id} | {rule.id}
            got = sum(n for (owner, rid), n in counts.items()
                      if owner == current.id and rid in inner)
            assert got >= rule.count, (current.id, rule.id, got)


def test_chosen_children_really_are_what_their_rule_says(sif: Bank, demo_dir: Path) -> None:
    """Read independently from the lists: not through the sampler's own matcher."""
    sample = draw(sif, read_lists(sif, demo_dir), "tracked-25", seed=5)
    lists = read_lists(sif, demo_dir)
    kids = children(sif, lists)
    for pick in sample.picks:
        if pick.rule == "pool":
            assert set(kids[pick.child_id].rows) & {f"list-{n:02d}" for n in range(3, 11)}
            continue
        cells = row8(sif, demo_dir, pick.child_id)
        if pick.rule != "returned-home":
            assert cells["ceased"] == "" or pick.rule == "looked-after", pick
        if pick.rule == "out-of-authority":
            assert cells["out_of_authority"] == "Y"
        elif pick.rule == "adoption-plan":
            assert cells["permanence_plan"] == "ADOPTION"
        elif pick.rule == "local-authority-foster-family":
            assert cells["placement_type"].startswith("U") and cells["placement_provider"] == "PR1"
        elif pick.rule == "returned-home":
            assert cells["reason_ceased"] in ("E4A", "E4B")
            ceased = parse_date(cells["ceased"])
            assert ceased is not None
            assert months_before(AS_OF, 6) <= ceased <= months_before(AS_OF, 3)
        elif pick.rule == "plan-to-return-home":
            assert cells["permanence_plan"] == "RETURN"
        elif pick.rule == "childrens-home-missing":
            assert cells["placement_type"] in ("K1", "K2")
            assert (parse_number(cells["missing_episodes"]) or 0) >= 1


def test_the_same_seed_gives_the_same_sample_and_another_seed_another(
    sif: Bank, demo_dir: Path
) -> None:
    lists = read_lists(sif, demo_dir)
    first = draw(sif, lists, "tracked-25", seed=7)
    again = draw(sif, read_lists(sif, demo_dir), "tracked-25", seed=7)
    other = draw(sif, lists, "tracked-25", seed=8)
    assert [(p.child_id, p.rule) for p in again.picks] == [(p.child_id, p.rule)
                                                          for p in first.picks]
    assert {p.child_id for p in other.picks} != {p.child_id for p in first.picks}


def test_the_cli_writes_the_same_file_for_the_same_seed(demo_dir: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    for out in (a, b):
        result = run("sample", demo_dir, "--profile", "la-audit-18", "--seed", "3", "-o", out,
                     banks=None)
        assert result.exit_code == 0, result.output
    assert a.read_bytes() == b.read_bytes()
    with a.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 18
    assert {r["status"] for r in rows} == {"complete"}
    assert Counter(r["satisfies"] for r in rows)["care leaver"] == 2
    assert "looked after, placed out of borough" in {r["satisfies"] for r in rows}


def test_lists_too_small_give_the_shortfall_and_an_incomplete_sample(
    sif: Bank, demo_dir: Path, tmp_path: Path
) -> None:
    small = tmp_path / "small"
    shutil.copytree(demo_dir, small)
    list8 = small / "list-08.csv"
    with list8.open(encoding="utf-8", newline="") as handle:
        data = list(csv.reader(handle))
    header = data[0]
    out = header.index("Placed outside the local authority area")
    ceased = header.index("Date ceased to be looked after")
    # Keep one child placed out of the authority who is still looked after.
    kept, seen = [header], 0
    for row in data[1:]:
        if row[out] == "Y" and not row[ceased]:
            seen += 1
            if seen > 1:
                continue
        kept.append(row)
    with list8.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(kept)

    sample = draw(sif, read_lists(sif, small), "la-audit-18", seed=1)
    assert not sample.complete
    [short] = sample.shortfalls
    assert (short.rule, short.wanted, short.found, short.short) == ("out-of-borough", 2, 1, 1)
    assert "out-of-borough" in short.message() and "1 short" in short.message()
    # What could be drawn still is: the ten looked after are made up with other children.
    assert len(sample.picks) == 18
    assert Counter(p.rule for p in sample.picks)["out-of-borough"] == 1

    output = tmp_path / "sample.csv"
    result = run("sample", small, "--profile", "la-audit-18", "--seed", "1", "-o", output,
                 banks=None)
    assert result.exit_code == 3, result.output
    assert "INCOMPLETE" in result.output and "1 short" in result.output
    # "18 of 18 children, INCOMPLETE" read as a contradiction: say what is incomplete
    assert "18 of 18 children drawn; INCOMPLETE: 1 of its rules could not be met" \
        in result.output
    with output.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["status"] for r in rows} == {"INCOMPLETE"}
    assert len([r for r in rows if r["child_id"]]) == 18
    [gap] = [r for r in rows if not r["child_id"]]
    assert gap["rule"] == "la-audit-18/out-of-borough" and gap["satisfies"].startswith(
        "SHORT BY 1")


def test_json_sample_says_which_rule_each_child_meets(demo_dir: Path, tmp_path: Path) -> None:
    output = tmp_path / "sample.json"
    result = run("sample", demo_dir, "--profile", "lac-8-12", "--seed", "2", "-o", output,
                 banks=None)
    assert result.exit_code == 0, result.output
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["complete"] and data["size"] == 20
    rules = Counter(c["rule"] for c in data["children"])
    assert rules["care-leavers-before"] == 3 and rules["care-leavers-start"] == 4
    assert all(c["source"].startswith("001_") for c in data["children"])


def test_an_unknown_profile_is_one_clear_line(sif: Bank, demo_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(UnknownProfile):
        draw(sif, read_lists(sif, demo_dir), "tracked-26", seed=1)
    result = run("sample", demo_dir, "--profile", "tracked-26", "--seed", "1", "-o",
                 tmp_path / "s.csv", banks=None)
    assert result.exit_code == 1
    assert "no sample profile called 'tracked-26'" in result.output
    assert "tracked-25" in result.output
    assert not (tmp_path / "s.csv").exists()


def test_months_before_keeps_to_the_month_end() -> None:
    assert months_before(dt.date(2026, 8, 31), 6) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 3, 15), 3) == dt.date(2025, 12, 15)
