"""`readiness import`: the spreadsheets authorities already keep, read as they write them."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from readiness.settings import data_dir
from tests.helpers import run


@pytest.fixture
def ours(tmp_path: Path) -> Path:
    path = tmp_path / "ours.toml"
    assert run("new", path, "--bank", "mini", "--authority", "Northshire").exit_code == 0
    return path


def _sheet(ours: Path, text: str, name: str = "responses.csv") -> Path:
    path = ours.parent / name
    path.write_text(text, encoding="utf-8")
    return path


def _responses(ours: Path) -> dict[str, dict[str, object]]:
    return tomllib.loads(ours.read_text(encoding="utf-8")).get("responses", {})


@pytest.mark.parametrize("value", ["n/a", "N/A", "na", "NA", "not applicable",
                                   "Not Applicable"])
def test_import_accepts_every_not_applicable_spelling(ours: Path, value: str) -> None:
    sheet = _sheet(ours, f"item,grade,note\nH03,{value},No delegated functions\n")
    result = run("import", ours, sheet)
    assert result.exit_code == 0, result.stderr
    assert "1 not applicable" in result.stdout
    response = _responses(ours)["H03"]
    assert response["not_applicable"] is True
    assert response["note"] == "No delegated functions"


def test_a_not_applicable_row_keeps_who_said_so(ours: Path) -> None:
    sheet = _sheet(ours, "item,grade,note,assessor\nH03,n/a,No delegated functions,Ann\n")
    assert run("import", ours, sheet).exit_code == 0
    response = _responses(ours)["H03"]
    assert response["not_applicable"] is True and response["by"] == "Ann"


@pytest.mark.parametrize(
    ("header", "value", "field", "expected"),
    [
        ("notes", "Audit March", "note", "Audit March"),
        ("Rationale", "Audit March", "note", "Audit March"),
        ("comments", "Audit March", "note", "Audit March"),
        ("Comment", "Audit March", "note", "Audit March"),
        ("assessor", "A. Patel", "by", "A. Patel"),
        ("Name", "A. Patel", "by", "A. Patel"),
        ("strength", "strong", "evidence_strength", "strong"),
        ("Evidence strength", "partial", "evidence_strength", "partial"),
        ("case", "LL-448201", "cases", ["LL-448201"]),
        ("Cases", "LL-1; LL-2", "cases", ["LL-1", "LL-2"]),
    ],
)
def test_import_understands_the_column_names_people_use(
        ours: Path, header: str, value: str, field: str, expected: object) -> None:
    sheet = _sheet(ours, f"item,grade,{header}\nH01,good,{value}\n")
    result = run("import", ours, sheet)
    assert result.exit_code == 0, result.stderr
    assert _responses(ours)["H01"][field] == expected


def test_import_refuses_a_column_it_does_not_know_and_lists_the_ones_it_does(
        ours: Path) -> None:
    before = ours.read_bytes()
    sheet = _sheet(ours, "Item,Score,Notes,RAG\nH01,good,Audit,green\n")
    result = run("import", ours, sheet)
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert f"{sheet}:1:" in result.stderr
    assert "'Score', 'RAG'" in result.stderr
    assert "item, grade, evidence_strength, evidence, note, by, cases" in result.stderr
    assert "rationale" in result.stderr and "assessor" in result.stderr
    assert ours.read_bytes() == before


def test_import_refuses_two_columns_that_mean_the_same(ours: Path) -> None:
    before = ours.read_bytes()
    result = run("import", ours, _sheet(ours, "item,note,comments\nH01,a,b\n"))
    assert result.exit_code == 1 and "'note' and 'comments' both mean note" in result.stderr
    assert ours.read_bytes() == before


def test_import_refuses_data_under_a_column_with_no_name(ours: Path) -> None:
    before = ours.read_bytes()
    result = run("import", ours, _sheet(ours, "item,grade,\nH01,good,\nH02,good,keep me\n"))
    assert result.exit_code == 1
    assert "row 3, column 3 holds 'keep me'" in result.stderr
    assert ours.read_bytes() == before


def test_import_reports_every_bad_row_in_one_run_and_imports_nothing(ours: Path) -> None:
    before = ours.read_bytes()
    sheet = _sheet(ours, "item,grade,strength,evidence,cases,by\n"
                         "H01,good,strong,1.07,LL-1,Ann\n"       # good
                         "H99,good,,,,Ann\n"                      # row 3: item
                         "H02,brilliant,,,,Ann\n"                 # row 4: grade
                         "H03,good,maybe,,,Ann\n"                 # row 5: strength
                         "M01,good,,NOPE,,Ann\n"                  # row 6: evidence
                         "M02,good,,,Jane Smith,Ann\n"            # row 7: cases
                         "H01,good,,,,Ann\n")                     # row 8: again
    result = run("import", ours, sheet)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    for expected in ("row 3, column item", "row 4, column grade",
                     "row 5, column evidence_strength", "row 6, column evidence",
                     "row 7, column cases", "row 8, column item"):
        assert any(line.startswith(f"error: {sheet}: {expected}") for line in lines), expected
    assert len(lines) == 6
    assert ours.read_bytes() == before
    assert not (ours.parent / ".readiness" / "backups").exists() or not any(
        (ours.parent / ".readiness" / "backups").iterdir())


def test_many_bad_rows_list_the_first_twenty_problems_and_count_the_rest(
        ours: Path) -> None:
    before = ours.read_bytes()
    sheet = _sheet(ours, "item,grade\n" + "H99,good\n" * 30)
    result = run("import", ours, sheet)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 21
    assert lines[0].startswith(f"error: {sheet}: row 2, column item")
    assert lines[19].startswith(f"error: {sheet}: row 21, column item")
    assert lines[20] == (f"error: {sheet}: and 10 more problems on 10 more rows, not listed. "
                         "Fix the file and import it again.")
    assert ours.read_bytes() == before


def test_an_import_stops_checking_after_a_thousand_rows_with_problems(ours: Path) -> None:
    before = ours.read_bytes()
    sheet = _sheet(ours, "item,grade\n" + "H01,good\n" + "H99,good\n" * 5_000)
    result = run("import", ours, sheet)
    assert result.exit_code == 1
    last = result.stderr.splitlines()[-1]
    assert last == (f"error: {sheet}: and 980 more problems on 980 more rows, not listed. "
                    "The check stopped at row 1,003, after 1,000 rows with problems. Fix the "
                    "file and import it again.")
    assert ours.read_bytes() == before


def test_a_csv_cell_over_the_csv_module_limit_is_a_clear_error(ours: Path) -> None:
    before = ours.read_bytes()
    sheet = _sheet(ours, 'item,note\nH01,"' + "x" * 200_000 + '"\n')
    result = run("import", ours, sheet)
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert f"{sheet}:2: cannot read the CSV: a cell is longer than" in result.stderr
    assert not (data_dir() / "logs").exists()
    assert ours.read_bytes() == before


def test_excel_import_with_aliases_and_not_applicable(ours: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["Item", "Grade", "Rationale", "Assessor", None],
                ["H01", "Good", "Audit March", "Ann", None],
                ["H03", "N/A", "Nothing delegated", "Ann", None]):
        sheet.append(row)
    path = ours.parent / "responses.xlsx"
    book.save(path)
    result = run("import", ours, path)
    assert result.exit_code == 0, result.stderr
    responses = _responses(ours)
    assert (responses["H01"]["note"], responses["H01"]["by"]) == ("Audit March", "Ann")
    assert responses["H03"]["not_applicable"] is True
    summary = json.loads(run("summary", ours, "--json").stdout)
    assert next(j for j in summary["judgements"] if j["id"] == "help")["items"] == 2


def test_excel_unknown_column_is_named_with_its_letter(ours: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["item", "grade", "RAG"])
    sheet.append(["H01", "good", "green"])
    path = ours.parent / "responses.xlsx"
    book.save(path)
    result = run("import", ours, path)
    assert result.exit_code == 1 and "'RAG' (C)" in result.stderr


def test_import_takes_a_serious_column_and_refuses_it_off_the_worst_grade(
        tmp_path: Path) -> None:
    ours = tmp_path / "ours.toml"
    assert run("new", ours, "--bank", "mini", "--authority", "Northshire").exit_code == 0
    sheet = tmp_path / "in.csv"
    sheet.write_text("item,grade,serious\nH01,inadequate,yes\nH02,good,\nH03,inadequate,N\n",
                     encoding="utf-8")
    assert run("import", ours, sheet).exit_code == 0
    data = tomllib.loads(ours.read_text(encoding="utf-8"))
    assert data["responses"]["H01"]["serious"] is True
    assert "serious" not in data["responses"]["H03"]
    bad = tmp_path / "bad.csv"
    bad.write_text("item,grade,serious\nC01,good,yes\nC02,inadequate,perhaps\n",
                   encoding="utf-8")
    before = ours.read_bytes()
    result = run("import", ours, bad)
    assert result.exit_code == 1
    assert "row 2, column serious" in result.stderr and "only a grade of inadequate" in \
        result.stderr
    assert "row 3, column serious" in result.stderr and "'perhaps' is not yes or no" in \
        result.stderr
    assert ours.read_bytes() == before
