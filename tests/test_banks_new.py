"""`readiness banks new ID`: a skeleton an authority fills in, valid as it stands."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from readiness.errors import ReadinessError
from readiness.skeleton import bank_skeleton
from tests.helpers import run

RULES = ("benchmark", "widespread", "exceeds", "serious", "failure", "coverage", "range",
         "evidenced")


def test_the_written_skeleton_passes_banks_validate(tmp_path: Path) -> None:
    out = tmp_path / "ilacs.toml"
    result = run("banks", "new", "ilacs", "-o", out, banks=None)
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.stdout
    checked = run("banks", "validate", out, banks=None)
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.strip() == f"{out}: ok (ilacs: 1 judgements, 1 items)"


def test_the_printed_skeleton_is_the_same_valid_bank(tmp_path: Path) -> None:
    result = run("banks", "new", "our-standards", "--title", "Our practice standards",
                 banks=None)
    assert result.exit_code == 0, result.output
    path = tmp_path / "ours.toml"
    path.write_text(result.stdout, encoding="utf-8")
    assert run("banks", "validate", path, banks=None).exit_code == 0
    data = tomllib.loads(result.stdout)
    assert (data["id"], data["title"], data["status"]) == (
        "our-standards", "Our practice standards", "current")


def test_the_skeleton_has_one_of_everything_a_bank_needs() -> None:
    data = tomllib.loads(bank_skeleton("ilacs"))
    assert len(data["scale"]) >= 2
    assert len(data["judgement"]) == 1 and len(data["item"]) == 1
    assert len(data["evidence"]) == 1
    assert data["item"][0]["evidence"] == [data["evidence"][0]["code"]]
    assert data["item"][0]["judgements"] == [data["judgement"][0]["id"]]
    assert all(data["rules"][name]["basis"] == "method" for name in RULES)


def test_every_rule_says_its_basis_and_what_it_does() -> None:
    data = tomllib.loads(bank_skeleton("ilacs"))
    for name in RULES:
        assert data["rules"][name]["basis"] in ("framework", "outcomes", "method"), name
        assert data["rules"][name]["says"], name
    assert "`{share}`" in bank_skeleton("ilacs"), "the skeleton explains {share}"


def test_a_new_bank_can_be_assessed_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "banks"
    folder.mkdir()
    assert run("banks", "new", "ilacs", "-o", folder / "ilacs.toml", banks=None).exit_code == 0
    listed = {r["id"]: r for r in json.loads(run("banks", "list", "--json", banks=folder).stdout)}
    assert listed["ilacs"]["shipped"] is False and listed["ilacs"]["status"] == "current"
    (tmp_path / "ours").mkdir()
    made = run("new", tmp_path / "ours" / "ours.toml", "--bank", "ilacs", "--authority", "Test",
               banks=folder)
    assert made.exit_code == 0, made.output
    summary = json.loads(run("summary", tmp_path / "ours" / "ours.toml", "--json",
                             banks=folder).stdout)
    assert [j["id"] for j in summary["judgements"]] == ["help-and-protection"]


def test_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "ilacs.toml"
    out.write_text("mine", encoding="utf-8")
    result = run("banks", "new", "ilacs", "-o", out, banks=None)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {out}: the file already exists; nothing was written")
    assert out.read_text(encoding="utf-8") == "mine"


def test_an_id_that_cannot_be_a_bank_id_is_refused() -> None:
    with pytest.raises(ReadinessError, match="cannot be a bank id"):
        bank_skeleton("ILACS 2023")
    result = run("banks", "new", "ILACS 2023", banks=None)
    assert result.exit_code == 1 and "cannot be a bank id" in result.stderr
