"""A board pack grouped by the National Framework's outcomes and enablers, each finding
tagged as Ofsted's reports tag them: "(Outcome: safe in and outside the home, National
Framework)"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness import demo, store, views
from readiness.banks import BankSet
from readiness.crosswalks import find_map
from tests.helpers import run

NF = "national-framework-2023"


@pytest.fixture
def ours(tmp_path: Path) -> Path:
    return demo.ensure(BankSet(), tmp_path / "demo.toml")


def test_a_sif_item_is_placed_under_the_outcome_its_counterparts_belong_to() -> None:
    banks = BankSet()
    sif, nf = banks.get("sif-2015"), banks.get(NF)
    framed = views.framing(sif, nf, find_map(banks, "sif-2015", NF))
    # ESN08 (child protection enquiries) answers to NF-S11…: outcome 3, safe.
    heading, tag = framed.of["ESN08"]
    assert heading == ("Outcome 3: Children and young people are safe in and outside of "
                       "their homes")
    assert tag == "(Outcome: safe in and outside the home, National Framework)"
    # ESN05 is linked to the multi-agency enabler as a whole.
    assert framed.of["ESN05"][1] == "(Enabler: multi-agency working, National Framework)"
    # Private fostering has no counterpart: its own group, at the end, untagged.
    assert framed.of["ESN17"] == ("Not in the National Framework", "")
    assert framed.headings[-1] == "Not in the National Framework"
    assert framed.words == "the National Framework’s enablers and outcomes"


def test_an_nf_assessment_is_tagged_by_its_own_outcomes() -> None:
    nf = BankSet().get(NF)
    framed = views.framing(nf, nf)
    assert framed.of["NF-S11"][1] == "(Outcome: safe in and outside the home, " \
                                     "National Framework)"
    assert "Not in the National Framework" not in framed.headings


def test_export_groups_by_the_framework_and_remembers_it(ours: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack.md"
    result = run("export", ours, "--by-framework", NF, "-o", out, banks=None)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "grouped by the National Framework’s enablers and outcomes" in text
    assert "(Outcome: safe in and outside the home, National Framework)" in text
    data, _ = store.read(ours, BankSet())
    assert data.board is not None and data.board.by_framework == NF
    # Remembered: the next export is grouped the same way without asking …
    again = run("export", ours, "-f", "json", "-o", "-", banks=None)
    items = {i["id"]: i for i in json.loads(again.stdout)["items"]}
    assert items["ESN08"]["framework_tag"].startswith("(Outcome: safe")
    # … until the board asks for the bank's own judgements again.
    plain = run("export", ours, "--by-framework", "own", "-f", "md", "-o", "-", banks=None)
    assert "National Framework)" not in plain.stdout


def test_a_framework_that_cannot_be_used_is_refused_and_not_remembered(
        ours: Path, tmp_path: Path) -> None:
    before = ours.read_bytes()
    for name, words in (("nope", "no bank called 'nope'"),
                        ("looked-after-2010", "no crosswalk between")):
        result = run("export", ours, "--by-framework", name, "-o", tmp_path / "p.md",
                     banks=None)
        assert result.exit_code == 1
        assert words in result.output
        assert not (tmp_path / "p.md").exists()
    assert ours.read_bytes() == before
