"""Bank format additions: no overall judgement, a bank's status, labels, sections, audience
and declared tags, each with its error message and line."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from readiness.assessment import Assessment, Response
from readiness.banks import BankSet, load_bank
from readiness.errors import BankError, ErrorList, ReadinessError
from readiness.items import resolve_item
from readiness.judgement import judge
from readiness.views import headline
from tests.helpers import line_of, mini_text, run, write_bank

OVERALL = '''[[judgement]]
id = "overall"
title = "Overall effectiveness"
kind = "overall"
'''


def _error(tmp_path: Path, text: str) -> BankError:
    path = write_bank(tmp_path, text)
    with pytest.raises(ReadinessError) as caught:
        load_bank(path, cache=False)
    error = caught.value
    if isinstance(error, ErrorList):
        error = error.errors[0]
    assert isinstance(error, BankError)
    assert error.file == path
    return error


def _without_overall() -> str:
    """The mini bank with its overall judgement and the rules about it taken out."""
    text = mini_text()
    assert OVERALL in text
    text = text.replace(OVERALL, "")
    start = text.index("[rules.overall]")
    end = text.index("[rules.graded]")
    text = text[:start] + text[end:]
    first = text.index("[[rules.limit]]")
    second = text.index("[[rules.limit]]", first + 1)
    return text[:first] + text[second:]


# --- no overall judgement ---------------------------------------------------------------


def test_a_bank_without_an_overall_judgement_loads(tmp_path: Path) -> None:
    bank = load_bank(write_bank(tmp_path, _without_overall()), cache=False)
    assert "overall" not in bank.judgement_map
    assert all(j.kind != "overall" for j in bank.judgements)


def test_the_engine_and_the_headline_work_on_a_bank_without_overall(tmp_path: Path) -> None:
    bank = load_bank(write_bank(tmp_path, _without_overall()), cache=False)
    assessment = Assessment(
        schema=1, bank=bank.id, authority="Testshire", created=datetime.datetime(2026, 1, 1),
        responses={"H01": Response(grade="good", evidence_strength="strong"),
                   "H02": Response(grade="good", evidence_strength="strong")})
    readiness = judge(bank, assessment)
    assert [j.id for j in readiness.judgements] == [j.id for j in bank.judgements]
    assert readiness["help"].likely == "good"
    assert headline(bank, readiness) == (
        "1 of 5 judgements have a likely grade; 2 of 9 items scored, 2 strongly evidenced.")


def test_two_overall_judgements_are_an_error_at_the_second(tmp_path: Path) -> None:
    text = mini_text().replace('id = "leadership"\ntitle = "Leadership"\nkind = "key"',
                               'id = "leadership"\ntitle = "Leadership"\nkind = "overall"')
    error = _error(tmp_path, text)
    assert error.message == 'a bank has at most one judgement of kind "overall"'
    assert error.line == line_of(text, r'^kind = "overall"', nth=1)


# --- status ------------------------------------------------------------------------------


def test_status_is_current_unless_the_bank_says_otherwise(tmp_path: Path) -> None:
    bank = load_bank(write_bank(tmp_path, mini_text()), cache=False)
    assert (bank.status, bank.status_date, bank.replaced_by, bank.status_note) == (
        "current", None, "", "")


def test_status_date_replaced_by_and_note_are_read(tmp_path: Path) -> None:
    text = mini_text().replace(
        'version = "1"',
        'version = "1"\nstatus = "superseded"\nstatus_date = 2024-01-31\n'
        'replaced_by = "Mini 2"\nstatus_note = "Kept for history."')
    bank = load_bank(write_bank(tmp_path, text), cache=False)
    assert bank.status == "superseded"
    assert bank.status_date == datetime.date(2024, 1, 31)
    assert (bank.replaced_by, bank.status_note) == ("Mini 2", "Kept for history.")


def test_a_status_not_in_the_list_is_reported_at_its_line(tmp_path: Path) -> None:
    text = mini_text().replace('version = "1"', 'version = "1"\nstatus = "retired"')
    error = _error(tmp_path, text)
    assert "status" in error.message and "'retired'" in error.message
    assert error.line == line_of(text, r"^status =")


def test_a_status_date_that_is_not_a_date_is_reported_at_its_line(tmp_path: Path) -> None:
    text = mini_text().replace('version = "1"', 'version = "1"\nstatus_date = "last year"')
    error = _error(tmp_path, text)
    assert "status_date" in error.message
    assert error.line == line_of(text, r"^status_date =")


def test_the_withdrawn_frameworks_say_so_and_why_they_are_kept() -> None:
    banks = BankSet()
    for bank_id in ("sif-2015", "safeguarding-2010", "looked-after-2010"):
        bank = banks.get(bank_id)
        assert bank.status == "withdrawn", bank_id
        assert "rehearsal and history" in bank.status_note, bank_id
        assert bank.replaced_by, bank_id
        assert bank.status_date is None, bank_id  # no source on this machine dates it
    assert "ILACS" in banks.get("sif-2015").replaced_by
    assert "withdrawn because it is no longer current" in banks.get("sif-2015").status_note


def test_banks_list_shows_the_status() -> None:
    result = run("banks", "list", banks=None)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "STATUS" in lines[0]
    assert any(line.startswith("sif-2015") and " withdrawn " in line for line in lines)


def test_banks_list_json_carries_the_status() -> None:
    rows = {r["id"]: r for r in json.loads(run("banks", "list", "--json").stdout)}
    sif = rows["sif-2015"]
    assert sif["status"] == "withdrawn" and sif["status_date"] is None
    assert "ILACS" in sif["replaced_by"] and "rehearsal" in sif["status_note"]
    assert rows["mini"]["status"] == "current" and rows["mini"]["replaced_by"] is None


def test_banks_show_prints_the_status_and_why() -> None:
    result = run("banks", "show", "sif-2015", banks=None)
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "Status: withdrawn; replaced by ILACS" in text
    assert "rehearsal and history" in text
    data = json.loads(run("banks", "show", "sif-2015", "--json", banks=None).stdout)
    assert data["status"] == "withdrawn"


# --- labels, sections, audience -----------------------------------------------------------


def test_label_section_and_audience_are_read(tmp_path: Path) -> None:
    text = mini_text().replace('title = "Help and protection"',
                               'title = "Help and protection"\nlabel = "Outcome 1"')
    text = text.replace('short = "Children are seen"',
                        'short = "Children are seen"\nsection = "Harm"\n'
                        'audience = ["practitioners", "all"]')
    bank = load_bank(write_bank(tmp_path, text), cache=False)
    assert bank.judgement_map["help"].label == "Outcome 1"
    item = bank.item_map["H01"]
    assert (item.section, item.audience) == ("Harm", ["practitioners", "all"])
    assert bank.item_map["H02"].section == "" and bank.item_map["H02"].audience == []


def _labelled(tmp_path: Path) -> Path:
    """The test bank with a label, a section, an audience and a hyphenated item id."""
    text = mini_text().replace('id = "mini"', 'id = "mini-labelled"')
    text = text.replace('title = "Help and protection"',
                        'title = "Help and protection"\nlabel = "Outcome 1"')
    text = text.replace('id = "H01"', 'id = "NF-H01"').replace('"H01", "M01"', '"NF-H01", "M01"')
    text = text.replace('short = "Children are seen"',
                        'short = "Children are seen"\nsection = "Harm outside the home"\n'
                        'audience = ["practice-supervisors"]')
    folder = tmp_path / "banks"
    write_bank(folder, text)
    return folder


def test_banks_show_puts_the_label_before_the_title(tmp_path: Path) -> None:
    result = run("banks", "show", "mini-labelled", banks=_labelled(tmp_path))
    assert result.exit_code == 0, result.output
    assert "Outcome 1: Help and protection" in result.stdout


def test_banks_show_item_prints_section_and_audience(tmp_path: Path) -> None:
    result = run("banks", "show", "mini-labelled", "NF-H01", banks=_labelled(tmp_path))
    assert result.exit_code == 0, result.output
    assert "Section: Harm outside the home" in result.stdout
    assert "For: practice-supervisors" in result.stdout
    assert "Counts toward: Outcome 1: Help and protection" in result.stdout


def test_hyphenated_item_ids_are_found_however_they_are_typed(tmp_path: Path) -> None:
    bank = BankSet(_labelled(tmp_path)).get("mini-labelled")
    for typed in ("NF-H01", "nf-h01", "nf h01", "NFH01", "nfh1"):
        assert resolve_item(bank, typed).id == "NF-H01", typed


# --- declared tags ---------------------------------------------------------------------------

TAGS = '''
[[tag]]
id = "voice"
title = "Voice of the child"
text = "Children are heard."
source = "mini para 0"

[[tag]]
id = "partners"
title = "Partnership"
'''


def _with_tags(text: str) -> str:
    text = text.replace('[[evidence]]\ncode = "1.01"', TAGS + '\n[[evidence]]\ncode = "1.01"', 1)
    return text.replace('evidence = ["1.07"]\nsource = "mini para 1"',
                        'evidence = ["1.07"]\ntags = ["voice"]\nsource = "mini para 1"')


def test_declared_tags_are_read(tmp_path: Path) -> None:
    bank = load_bank(write_bank(tmp_path, _with_tags(mini_text())), cache=False)
    assert [t.id for t in bank.tags] == ["voice", "partners"]
    assert bank.tag_map["voice"].text == "Children are heard."
    assert bank.item_map["H01"].tags == ["voice"]


def test_an_item_tag_not_declared_is_an_error_at_its_line(tmp_path: Path) -> None:
    text = _with_tags(mini_text()).replace('tags = ["voice"]', 'tags = ["voice", "voise"]')
    error = _error(tmp_path, text)
    assert error.message == ("item 'H01' has tag 'voise', which is not declared in the bank's "
                             "[[tag]] list (voice, partners)")
    assert error.line == line_of(text, r'^tags = \["voice", "voise"\]')


def test_tags_are_free_when_a_bank_declares_none(tmp_path: Path) -> None:
    text = mini_text().replace('evidence = ["1.07"]\nsource = "mini para 1"',
                               'evidence = ["1.07"]\ntags = ["anything"]\nsource = "mini para 1"')
    bank = load_bank(write_bank(tmp_path, text), cache=False)
    assert bank.item_map["H01"].tags == ["anything"]


def test_a_duplicate_tag_is_an_error_at_the_second(tmp_path: Path) -> None:
    text = _with_tags(mini_text()).replace('id = "partners"', 'id = "voice"')
    error = _error(tmp_path, text)
    assert error.message == "duplicate tag id 'voice'"
    assert error.line == line_of(text, r'^id = "voice"', nth=1)
