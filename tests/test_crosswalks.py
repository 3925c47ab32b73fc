"""Crosswalks between frameworks: the shipped ones, every validation error with its line,
and `readiness banks map` / `banks validate` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.banks import BankSet, load_bank, shipped_dir
from readiness.crosswalks import (
    build_map,
    files,
    is_crosswalk_file,
    load_crosswalk,
    lookup,
)
from readiness.errors import BankError, ErrorList, ReadinessError
from tests.helpers import MINI, line_of, mini_text, run, write_bank

FOLDER = shipped_dir() / "crosswalks"
SIF_NF = FOLDER / "sif-2015--national-framework-2023.toml"
SIF_ILACS = FOLDER / "sif-2015--ilacs.toml"
NO_COUNTERPART = ["ESN17", "ESN88", "ESN41", "ESN75"]

# A crosswalk from the test bank to a framework it declares itself.
SMALL = '''id = "mini--other"
title = "Mini to another framework"
from = "mini"
to = "other"
description = "For tests."

[[target]]
id = "safe"
title = "Children are safe"
source = "other, page 1"

[[target]]
id = "led"
title = "Leaders lead"

[[link]]
from = ["H01", "H02"]
to = ["safe"]
relationship = "overlap"
basis = "method"
note = "Seeing children and thresholds keep them safe."

[[link]]
from = ["leadership"]
to = ["led"]
relationship = "equal"
basis = "framework"
note = "The same judgement."
'''


def _banks() -> BankSet:
    return BankSet(MINI.parent)


def _error(tmp_path: Path, text: str) -> BankError:
    path = write_bank(tmp_path, text, name="walk.toml")
    with pytest.raises(ReadinessError) as caught:
        load_crosswalk(path, lookup(_banks()))
    error = caught.value
    if isinstance(error, ErrorList):
        error = error.errors[0]
    assert isinstance(error, BankError)
    assert error.file == path
    return error


# --- the shipped crosswalks -------------------------------------------------------------


def test_the_shipped_crosswalks_are_found_and_valid() -> None:
    assert files() == [SIF_ILACS, SIF_NF]
    for path in files():
        assert is_crosswalk_file(path)
        load_crosswalk(path, lookup(BankSet()))


def test_every_sif_item_is_mapped_except_those_the_framework_does_not_deal_with() -> None:
    banks = BankSet()
    crosswalk = load_crosswalk(SIF_NF, lookup(banks))
    found = build_map(crosswalk, "sif-2015", lookup(banks))
    assert found.unmatched_left == NO_COUNTERPART
    linked = {i for link in crosswalk.links for i in link.from_}
    assert len(linked) == 76 - len(NO_COUNTERPART)
    assert linked <= set(banks.get("sif-2015").item_map)
    for link in crosswalk.links:
        assert link.basis == "method" and len(link.note) > 40, link.from_


def test_sif_items_link_to_outcomes_only_where_no_expectation_fits() -> None:
    crosswalk = load_crosswalk(SIF_NF, lookup(BankSet()))
    judgement_links = {link.from_[0]: link.to for link in crosswalk.links
                       if not link.to[0].startswith("NF-")}
    assert judgement_links == {
        "ESN05": ["enabler-multi-agency"], "ESN32": ["outcome-stable-homes"],
        "ESN46": ["outcome-stable-homes"], "ESN58": ["outcome-stable-homes"],
        "ESN62": ["outcome-stable-homes"]}
    for link in crosswalk.links:
        if not link.to[0].startswith("NF-"):
            assert "no expectation" in link.note.lower() or "does not mention" in link.note


def test_the_ilacs_map_names_its_judgements_and_quotes_nothing() -> None:
    crosswalk = load_crosswalk(SIF_ILACS, lookup(BankSet()))
    assert crosswalk.to == "ilacs"
    assert [(t.id, t.title) for t in crosswalk.targets] == [
        ("overall", "Overall effectiveness"),
        ("help-and-protection", "Help and protection"),
        ("children-in-care", "Children in care (adoption folded in)"),
        ("care-leavers", "Care leavers"),
        ("impact-of-leaders", "The impact of leaders"),
    ]
    assert "not on this machine" in crosswalk.description
    links = {tuple(link.from_): link.to for link in crosswalk.links}
    assert links[("looked-after", "adoption")] == ["children-in-care"]
    assert {j for link in crosswalk.links for j in link.from_} == set(
        BankSet().get("sif-2015").judgement_map)


# --- validation errors, with their lines ----------------------------------------------------


def test_a_small_crosswalk_loads(tmp_path: Path) -> None:
    crosswalk = load_crosswalk(write_bank(tmp_path, SMALL, "walk.toml"), lookup(_banks()))
    assert [link.from_ for link in crosswalk.links] == [["H01", "H02"], ["leadership"]]


def test_an_id_missing_from_the_from_bank_is_reported_at_its_line(tmp_path: Path) -> None:
    text = SMALL.replace('from = ["H01", "H02"]', 'from = ["H01", "H99"]')
    error = _error(tmp_path, text)
    assert error.message == "link 1: 'H99' is not an item or judgement of mini"
    assert error.line == line_of(text, r'^from = \["H01", "H99"\]')


def test_an_id_missing_from_the_targets_is_reported_at_its_line(tmp_path: Path) -> None:
    text = SMALL.replace('to = ["led"]', 'to = ["lead"]')
    error = _error(tmp_path, text)
    assert error.message == "link 2: 'lead' is not a target of other"
    assert error.line == line_of(text, r'^to = \["lead"\]')


def test_a_relationship_not_in_the_list_is_reported_at_its_line(tmp_path: Path) -> None:
    text = SMALL.replace('relationship = "equal"', 'relationship = "same"')
    error = _error(tmp_path, text)
    assert error.message == (
        "link[2].relationship: 'same' is not one of equal, subset, superset, overlap")
    assert error.line == line_of(text, r'^relationship = "same"')


def test_a_basis_not_in_the_list_is_reported_at_its_line(tmp_path: Path) -> None:
    text = SMALL.replace('basis = "method"', 'basis = "hunch"')
    error = _error(tmp_path, text)
    assert error.message == "link[1].basis: 'hunch' is not one of framework, method"
    assert error.line == line_of(text, r'^basis = "hunch"')


def test_an_unknown_key_is_reported_at_its_line(tmp_path: Path) -> None:
    text = SMALL.replace('note = "The same judgement."', 'note = "x"\nweight = 2')
    error = _error(tmp_path, text)
    assert "unknown field `weight`" in error.message
    assert error.line == line_of(text, r"^weight =")


def test_an_empty_side_is_an_error(tmp_path: Path) -> None:
    text = SMALL.replace('to = ["safe"]', "to = []")
    error = _error(tmp_path, text)
    assert error.message == "link 1 has no ids on its `to` side"
    assert error.line == line_of(text, r"^to = \[\]")


def test_the_from_bank_must_exist(tmp_path: Path) -> None:
    text = SMALL.replace('from = "mini"', 'from = "maxi"')
    error = _error(tmp_path, text)
    assert "`from` names bank 'maxi', which is not a bank here" in error.message
    assert error.line == line_of(text, r'^from = "maxi"')


def test_a_framework_without_a_bank_must_declare_its_targets(tmp_path: Path) -> None:
    text = SMALL[:SMALL.index("[[target]]")] + SMALL[SMALL.index("[[link]]"):]
    error = _error(tmp_path, text)
    assert "`to` names 'other', which is not a bank here: declare" in error.message
    assert error.line == line_of(text, r'^to = "other"')


def test_declared_targets_stand_alone_even_if_a_bank_has_that_id(tmp_path: Path) -> None:
    text = SMALL.replace('to = "other"', 'to = "mini"')
    crosswalk = load_crosswalk(write_bank(tmp_path, text, "walk.toml"), lookup(_banks()))
    found = build_map(crosswalk, "mini", lookup(_banks()))
    assert found.right.targets == {"safe": "Children are safe", "led": "Leaders lead"}
    error = _error(tmp_path, text.replace('to = ["safe"]', 'to = ["H03"]'))
    assert error.message == "link 1: 'H03' is not a target of mini"


def test_your_own_crosswalk_for_the_same_frameworks_is_the_one_mapped(tmp_path: Path) -> None:
    folder = tmp_path / "ours"
    ilacs = mini_text().replace('id = "mini"', 'id = "ilacs"')
    write_bank(folder, ilacs, "ilacs.toml")
    write_bank(folder / "crosswalks", 'id = "ours"\ntitle = "Ours"\nfrom = "sif-2015"\n'
               'to = "ilacs"\n\n[[link]]\nfrom = ["ESN01"]\nto = ["H01"]\n'
               'relationship = "overlap"\nbasis = "method"\n', "sif-2015--ilacs.toml")
    data = json.loads(run("banks", "map", "sif-2015", "ilacs", "--json", banks=folder).stdout)
    assert data["crosswalk"] == "ours"
    assert data["links"][0]["to"] == ["H01"]


def test_a_duplicate_target_and_a_repeated_link(tmp_path: Path) -> None:
    text = SMALL.replace('id = "led"', 'id = "safe"')
    assert _error(tmp_path, text).message == "duplicate target id 'safe'"
    text = SMALL + '\n[[link]]\nfrom = ["H02", "H01"]\nto = ["safe"]\n' \
        'relationship = "subset"\nbasis = "method"\n'
    error = _error(tmp_path, text)
    assert error.message == "link 3 joins the same ids as an earlier link"
    assert error.line == line_of(text, r"^\[\[link\]\]", nth=2)


def test_crosswalks_and_banks_are_told_apart_by_their_keys(tmp_path: Path) -> None:
    assert is_crosswalk_file(write_bank(tmp_path, SMALL, "walk.toml"))
    assert not is_crosswalk_file(MINI)
    assert not is_crosswalk_file(write_bank(tmp_path, "not = [toml", "broken.toml"))


# --- reading a map either way ------------------------------------------------------------------


def test_a_map_read_from_the_other_side_swaps_subset_and_superset() -> None:
    banks = BankSet()
    crosswalk = load_crosswalk(SIF_NF, lookup(banks))
    forward = build_map(crosswalk, "sif-2015", lookup(banks))
    back = build_map(crosswalk, "national-framework-2023", lookup(banks))
    assert not forward.reversed and back.reversed
    esn07 = next(link for link in forward.links if link.from_ == ["ESN07"])
    assert esn07.relationship == "subset"
    assert next(link for link in back.links if link.to == ["ESN07"]).relationship == "superset"
    assert back.unmatched_right == forward.unmatched_left
    assert back.unmatched_left == forward.unmatched_right
    assert "NF-F06" in forward.unmatched_right  # the kinship policy has no SIF counterpart
    assert "NF-S20" not in forward.unmatched_right


# --- the command line ------------------------------------------------------------------------


def test_validate_accepts_banks_and_crosswalks_together() -> None:
    result = run("banks", "validate", *sorted(shipped_dir().glob("*.toml")), *files(),
                 banks=None)
    assert result.exit_code == 0, result.output
    assert "sif-2015--national-framework-2023.toml: ok (crosswalk sif-2015 → " \
        "national-framework-2023: 71 links)" in result.stdout


def test_validate_reports_a_crosswalk_error_as_file_line_message(tmp_path: Path) -> None:
    text = SMALL.replace('relationship = "overlap"', 'relationship = "overlaps"')
    path = write_bank(tmp_path, text, "walk.toml")
    result = run("banks", "validate", path)
    assert result.exit_code == 1
    line = line_of(text, r'^relationship = "overlaps"')
    assert f"error: {path}:{line}: link[1].relationship: 'overlaps' is not one of" in result.stderr


def test_validate_checks_a_crosswalk_against_a_bank_given_beside_it(tmp_path: Path) -> None:
    bank = write_bank(tmp_path / "new", mini_text().replace('id = "mini"', 'id = "fresh"'))
    walk = write_bank(tmp_path / "new", SMALL.replace('from = "mini"', 'from = "fresh"'),
                      "walk.toml")
    result = run("banks", "validate", walk, bank, banks=None)
    assert result.exit_code == 0, result.output
    assert "crosswalk fresh → other: 2 links" in result.stdout


def test_banks_map_prints_links_and_what_has_no_counterpart() -> None:
    result = run("banks", "map", "sif-2015", "national-framework-2023", banks=None)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "ESN01 → NF-T03, NF-T04, NF-S01, NF-S02, NF-S42  (overlap, basis: method)" in out
    assert "ESN43, ESN73 → NF-S16  (overlap, basis: method)" in out
    assert "In sif-2015, with no counterpart in national-framework-2023 (4):" in out
    tail = out[out.index("In sif-2015, with no counterpart"):]
    assert [line.split()[0] for line in tail.splitlines()[1:5]] == NO_COUNTERPART
    assert "In national-framework-2023, with no counterpart in sif-2015 (" in out
    assert "NF-F06" in out[out.index("In national-framework-2023, with no counterpart"):]


def test_banks_map_works_the_other_way_round() -> None:
    result = run("banks", "map", "national-framework-2023", "sif-2015", banks=None)
    assert result.exit_code == 0, result.output
    assert "read from the other side" in result.stdout
    assert "NF-S14, NF-S29, NF-W18 → ESN07  (superset, basis: method)" in result.stdout


def test_banks_map_json() -> None:
    result = run("banks", "map", "sif-2015", "national-framework-2023", "--json", banks=None)
    data = json.loads(result.stdout)
    assert set(data) == {"crosswalk", "title", "from", "to", "reversed", "links",
                         "no_counterpart", "grades"}
    assert data["grades"]["map"]["good"] == "established"
    assert (data["from"], data["to"], data["reversed"]) == (
        "sif-2015", "national-framework-2023", False)
    assert data["no_counterpart"]["sif-2015"] == NO_COUNTERPART
    assert data["links"][0] == {
        "from": ["ESN01"], "to": ["NF-T03", "NF-T04", "NF-S01", "NF-S02", "NF-S42"],
        "relationship": "overlap", "basis": "method",
        "note": data["links"][0]["note"]}


def test_banks_map_to_a_framework_without_a_bank() -> None:
    data = json.loads(run("banks", "map", "ilacs", "sif-2015", "--json", banks=None).stdout)
    assert data["from"] == "ilacs" and data["reversed"] is True
    assert data["no_counterpart"] == {"ilacs": [], "sif-2015": []}


def test_banks_map_finds_a_crosswalk_in_your_own_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ours"
    write_bank(folder, mini_text())
    write_bank(folder / "crosswalks", SMALL, "mini--other.toml")
    result = run("banks", "map", "mini", "other", banks=folder)
    assert result.exit_code == 0, result.output
    assert "H01, H02 → safe  (overlap, basis: method)" in result.stdout
    assert "In mini, with no counterpart in other (" in result.stdout


def test_banks_map_without_a_crosswalk_is_one_clear_line() -> None:
    result = run("banks", "map", "sif-2015", "safeguarding-2010", banks=None)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "error: no crosswalk between 'sif-2015' and 'safeguarding-2010'")
    assert "Traceback" not in result.output


def test_the_shipped_bank_loader_ignores_the_crosswalks_folder() -> None:
    assert {b.id for b in BankSet().all()} == {
        "sif-2015", "safeguarding-2010", "looked-after-2010", "national-framework-2023"}
    assert load_bank(SIF_NF.parents[1] / "sif-2015.toml").id == "sif-2015"
