"""The bank format: loading, every validation error with its line, and where banks come from."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import msgspec
import pytest

from readiness.banks import Bank, BankSet, load_bank, schema, shipped_dir
from readiness.errors import BankError, ErrorList, ReadinessError
from tests.conftest import ROOT
from tests.helpers import MINI, line_of, mini_text, write_bank

SHIPPED = sorted(shipped_dir().glob("*.toml"))


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_every_shipped_bank_loads_and_round_trips(path: Path) -> None:
    bank = load_bank(path)
    again = msgspec.json.decode(msgspec.json.encode(bank), type=Bank)
    assert again == bank
    assert bank.items and bank.judgements and bank.scale


def test_the_three_framework_banks_are_shipped() -> None:
    assert {p.stem for p in SHIPPED} >= {"sif-2015", "safeguarding-2010", "looked-after-2010"}


def test_the_test_bank_loads() -> None:
    bank = load_bank(MINI)
    assert bank.scale[0].slug == "outstanding"
    assert [i.id for i in bank.items_by_judgement["adoption"]] == ["C01", "A01"]


def _error(tmp_path: Path, text: str) -> BankError:
    path = write_bank(tmp_path, text)
    with pytest.raises(ReadinessError) as caught:
        load_bank(path)
    error = caught.value
    if isinstance(error, ErrorList):
        error = error.errors[0]
    assert isinstance(error, BankError)
    assert error.file == path
    return error


def test_unknown_key_is_reported_at_its_line(tmp_path: Path) -> None:
    text = mini_text().replace('short = "Children are seen"', 'short = "x"\ncolour = "red"')
    error = _error(tmp_path, text)
    assert "unknown field `colour`" in error.message
    assert error.line == line_of(text, r"^colour =")


def test_unknown_top_level_key_is_reported_at_its_line(tmp_path: Path) -> None:
    text = mini_text().replace('version = "1"', 'version = "1"\nauthor = "me"')
    error = _error(tmp_path, text)
    assert "author" in error.message and error.line == line_of(text, r"^author =")


def test_wrong_type_is_reported_at_its_line(tmp_path: Path) -> None:
    text = mini_text().replace('id = "H02"', "id = 2")
    error = _error(tmp_path, text)
    assert "Expected `str`" in error.message and "item[2].id" in error.message
    assert error.line == line_of(text, r"^id = 2$")


def test_duplicate_item_id_is_reported_at_the_second(tmp_path: Path) -> None:
    text = mini_text().replace('id = "H02"', 'id = "H01"')
    error = _error(tmp_path, text)
    assert "duplicate item id 'H01'" in error.message
    assert error.line == line_of(text, r'^id = "H01"', nth=1)


def test_duplicate_judgement_id(tmp_path: Path) -> None:
    text = mini_text().replace('id = "leavers"', 'id = "adoption"')
    error = _error(tmp_path, text)
    assert "duplicate judgement id 'adoption'" in error.message
    assert error.line == line_of(text, r'^id = "adoption"', nth=1)


def test_item_pointing_at_a_missing_judgement(tmp_path: Path) -> None:
    text = mini_text().replace('["care", "adoption"]', '["care", "adopt"]')
    error = _error(tmp_path, text)
    assert "points at judgement 'adopt'" in error.message
    assert error.line == line_of(text, r'"adopt"\]')


def test_item_pointing_at_a_missing_evidence_code(tmp_path: Path) -> None:
    text = mini_text().replace('evidence = ["1.01"]', 'evidence = ["9.99"]')
    error = _error(tmp_path, text)
    assert "suggests evidence '9.99'" in error.message
    assert error.line == line_of(text, r'"9\.99"')


def test_graded_judgement_contributing_to_a_missing_one(tmp_path: Path) -> None:
    text = mini_text().replace('contributes_to = "care"', 'contributes_to = "cared"', 1)
    error = _error(tmp_path, text)
    assert "contributes to 'cared'" in error.message
    assert error.line == line_of(text, r'contributes_to = "cared"')


def test_graded_judgement_without_a_key_judgement(tmp_path: Path) -> None:
    text = mini_text().replace('contributes_to = "care"\n', "", 1)
    error = _error(tmp_path, text)
    assert "must say which judgement it contributes_to" in error.message


def test_empty_scale(tmp_path: Path) -> None:
    text = mini_text()
    start, end = text.index("[[scale]]"), text.index("[rules.benchmark]")
    text = text[:start] + "scale = []\n\n" + text[end:]
    error = _error(tmp_path, text)
    assert "grade scale is empty" in str(error)
    assert error.line == line_of(text, r"^scale = \[\]")


def test_descriptor_for_a_grade_not_in_the_scale(tmp_path: Path) -> None:
    text = mini_text().replace("descriptors.outstanding", "descriptors.superb")
    error = _error(tmp_path, text)
    assert "'superb', which is not a grade" in error.message
    assert error.line == line_of(text, r"^descriptors\.superb")


def test_rules_naming_a_missing_grade(tmp_path: Path) -> None:
    text = mini_text().replace('unassessed_low = "requires_improvement"', 'unassessed_low = "ri"')
    error = _error(tmp_path, text)
    assert "'ri' is not a grade" in error.message
    assert error.line == line_of(text, r'^unassessed_low = "ri"')


def test_several_problems_are_reported_together(tmp_path: Path) -> None:
    text = mini_text().replace('evidence = ["1.01"]', 'evidence = ["9.99"]').replace(
        'id = "H02"', 'id = "H01"')
    path = write_bank(tmp_path, text)
    with pytest.raises(ErrorList) as caught:
        load_bank(path)
    assert len(caught.value.errors) == 2
    assert all(str(e).startswith(f"{path}:") for e in caught.value.errors)


def test_broken_toml_is_reported_with_its_line(tmp_path: Path) -> None:
    text = mini_text().replace('title = "Mini framework"', 'title = "Mini framework')
    error = _error(tmp_path, text)
    assert error.message.startswith("not valid TOML") and error.line == 3


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BankError, match="no such bank file"):
        load_bank(tmp_path / "nope.toml")


def test_user_banks_load_beside_the_shipped_ones(tmp_path: Path) -> None:
    write_bank(tmp_path, mini_text())
    ids = {b.id for b in BankSet(tmp_path).all()}
    assert "mini" in ids and "sif-2015" in ids


def test_user_banks_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_bank(tmp_path, mini_text())
    monkeypatch.setenv("READINESS_BANKS", str(tmp_path))
    assert BankSet().get("mini").id == "mini"


def test_a_clash_of_ids_names_both_files(tmp_path: Path) -> None:
    """Neither file answers for the id (never a silent choice); the other banks work."""
    write_bank(tmp_path, mini_text(), "one.toml")
    write_bank(tmp_path, mini_text(), "two.toml")
    banks = BankSet(tmp_path)
    assert "mini" not in {b.id for b in banks.all()} and banks.get("sif-2015")
    assert any("used by two files" in w for w in banks.warnings)
    with pytest.raises(BankError) as caught:
        banks.get("mini")
    assert "used by two files" in caught.value.message
    assert "one.toml" in caught.value.message and "two.toml" in caught.value.message


def test_a_missing_banks_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BankError, match="does not exist"):
        BankSet(tmp_path / "nowhere").all()


def test_unknown_bank_lists_the_known_ones() -> None:
    with pytest.raises(BankError) as caught:
        BankSet().get("sif-2099")
    assert "sif-2015" in (caught.value.hint or "")


def test_schema_describes_the_bank_format() -> None:
    out = schema()
    text = msgspec.json.encode(out).decode()
    for key in ("judgement", "item", "scale", "rules", "evidence", "enquiry"):
        assert f'"{key}"' in text
    assert out["title"] == "readiness question bank"


def test_the_digest_ignores_comments_and_spacing(tmp_path: Path) -> None:
    spaced = write_bank(tmp_path, "# a comment\n\n" + mini_text())
    assert load_bank(spaced).digest == load_bank(MINI).digest


@pytest.mark.slow
def test_the_wheel_carries_the_banks(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "-w", str(tmp_path), str(root)],
        check=True, capture_output=True,
    )
    wheel = next(tmp_path.glob("readiness-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for bank in ("sif-2015", "safeguarding-2010", "looked-after-2010"):
        assert f"readiness/questionbanks/{bank}.toml" in names


@pytest.mark.parametrize(("bank_id", "items"), [
    ("safeguarding-2010", {"SG15", "SG16", "SG23", "SG32", "SG33", "SG47", "SG61"}),
    ("looked-after-2010", {"LA18", "LA19", "LA25", "LA29", "LA38", "LA52", "LA60", "LA68"}),
])
def test_equality_and_diversity_is_judged_from_the_items_about_diversity(
        bank_id: str, items: set[str]) -> None:
    bank = BankSet().get(bank_id)
    assert {i.id for i in bank.items_by_judgement["equality-and-diversity"]} == items
    about = re.compile(r"divers|minority|culture|disabilit", re.IGNORECASE)
    for item in bank.items:
        assert (item.id in items) == bool(about.search(item.text)), item.id
    text = (ROOT / "questionbanks" / f"{bank_id}.toml").read_text(encoding="utf-8")
    assert ", ".join(sorted(items)) + "." in text, "the bank's comment lists the same items"
    assert "001_34b3b6c34bb9045d.txt, paragraph 17" not in text
