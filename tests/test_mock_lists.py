"""The authority's Annex A lists: the fictional set, reading (CSV, Excel, mapped headings)
and `lists check` finding each kind of problem by file, row and column."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from readiness.banks import Bank, BankSet
from readiness.childlists import ListsError, MappingError, load_mapping, read_lists
from readiness.listcheck import Problem, check_lists
from readiness.listdemo import generate, write_demo
from tests.helpers import run

AS_OF = dt.date(2026, 11, 2)


@pytest.fixture(scope="module")
def sif() -> Bank:
    return BankSet().get("sif-2015")


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory, sif: Bank) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "lists"
    write_demo(sif, folder, as_of=AS_OF)
    return folder


@pytest.fixture
def copy(tmp_path: Path, demo_dir: Path) -> Path:
    target = tmp_path / "lists"
    shutil.copytree(demo_dir, target)
    return target


def rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, data: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(data)


def set_cell(path: Path, row: int, heading: str, value: str) -> None:
    """Change one cell: `row` counted as a spreadsheet does (the heading row is 1)."""
    data = rows(path)
    data[row - 1][data[0].index(heading)] = value
    write_rows(path, data)


# --- the fictional lists ---------------------------------------------------------------


def test_demo_writes_eleven_clearly_fictional_lists(demo_dir: Path, sif: Bank) -> None:
    names = sorted(p.name for p in demo_dir.glob("list-*.csv"))
    assert names == [f"list-{n:02d}.csv" for n in range(1, 12)]
    assert "fictional" in (demo_dir / "README.txt").read_text(encoding="utf-8")
    for child_list in sif.child_lists:
        data = rows(demo_dir / f"{child_list.id}.csv")
        assert data[0] == [c.heading for c in child_list.columns]
        assert len(data) > 10, child_list.id
    for row in rows(demo_dir / "list-08.csv")[1:]:
        assert row[0].startswith("DEMO-") and len(row[0]) == len("DEMO-000123")


def test_demo_is_the_same_every_time_and_changes_with_the_seed(sif: Bank) -> None:
    first = generate(sif, seed=1, as_of=AS_OF)
    assert generate(sif, seed=1, as_of=AS_OF) == first
    assert generate(sif, seed=2, as_of=AS_OF) != first


def test_demo_has_realistic_spread(sif: Bank) -> None:
    lists = generate(sif, seed=1, as_of=AS_OF)
    looked_after = lists["list-08"]
    current = [r for r in looked_after if not r["ceased"]]
    ceased = [r for r in looked_after if r["ceased"]]
    assert 150 <= len(current) <= 250 and 20 <= len(ceased) <= 60
    assert len({r["legal_status"] for r in current}) >= 5
    assert {r["out_of_authority"] for r in current} == {"Y", "N"}
    assert {"ADOPTION", "RETURN"} <= {r["permanence_plan"] for r in current}
    assert any(r["reason_ceased"] in ("E4A", "E4B") for r in ceased)
    assert any(int(r["missing_episodes"]) > 0 for r in current if r["placement_type"] == "K2")
    assert len(lists["list-09"]) >= 100
    assert all(r["adopter_id"].startswith("DEMO-A-") for r in lists["list-11"])


def test_demo_lists_pass_the_check_with_only_advice(demo_dir: Path, sif: Bank) -> None:
    result = check_lists(sif, read_lists(sif, demo_dir))
    assert result.errors == []
    assert [p.kind for p in result.advice] == ["not-excel"]


def test_demo_never_overwrites_lists(demo_dir: Path, sif: Bank) -> None:
    before = (demo_dir / "list-01.csv").read_bytes()
    result = run("lists", "demo", demo_dir, banks=None)
    assert result.exit_code == 1
    assert "already has lists" in result.output
    assert (demo_dir / "list-01.csv").read_bytes() == before


# --- lists check: each kind of problem, by file, row and column ---------------------------


def by_kind(problems: list[Problem], kind: str) -> list[Problem]:
    return [p for p in problems if p.kind == kind]


def test_check_finds_each_kind_of_problem_in_a_broken_copy(copy: Path, sif: Bank) -> None:
    list3, list8 = copy / "list-03.csv", copy / "list-08.csv"
    data3 = rows(list3)
    data3.append(list(data3[5]))                       # a child twice in list 3
    write_rows(list3, data3)
    duplicated_row = len(data3)
    set_cell(list8, 4, "Legal status", "XX")          # a code not in the CBDS list
    set_cell(list8, 5, "Date started to be looked after", "31/02/2026")  # no such date
    moved_id = rows(list8)[6][0]
    set_cell(list8, 6, "Child unique ID", moved_id.lower())  # an ID written differently
    data8 = rows(list8)
    dob = data8[0].index("Date of birth")
    data8[7][dob] = "01/01/2001"                      # the same ID, another child's birthday
    write_rows(list8, data8)
    other_id = data8[7][0]
    list5 = copy / "list-05.csv"
    data5 = rows(list5)
    column = data5[0].index("Section 47 enquiry start date")
    write_rows(list5, [r[:column] + r[column + 1:] for r in data5])  # a missing column
    (copy / "list-11.csv").unlink()                   # a missing list

    result = check_lists(sif, read_lists(sif, copy))
    problems = result.problems

    [dup] = by_kind(problems, "duplicate-id")
    assert (dup.file, dup.row, dup.column) == ("list-03.csv", duplicated_row, "Child unique ID (A)")
    assert dup.rule == "one-row-per-child" and "also on row 6" in dup.message

    [code] = by_kind(problems, "bad-code")
    assert (code.file, code.row, code.column) == ("list-08.csv", 4, "Legal status (H)")
    assert "'XX'" in code.message and "C1" in code.message and code.rule == "cbds-codes"

    [date] = by_kind(problems, "bad-date")
    assert (date.file, date.row) == ("list-08.csv", 5)
    assert date.column == "Date started to be looked after (G)"
    assert "'31/02/2026' is not a date" in date.message

    spelled = by_kind(problems, "id-written-differently")
    assert spelled and spelled[0].rule == "same-child-id"
    assert moved_id.lower() in spelled[0].message and moved_id in spelled[0].message

    differ = [p for p in by_kind(problems, "id-details-differ") if other_id in p.message]
    assert differ and differ[0].column is not None and differ[0].column.startswith(
        "Date of birth")

    [missing_column] = by_kind(problems, "missing-column")
    assert (missing_column.file, missing_column.row) == ("list-05.csv", 1)
    assert missing_column.column == "Section 47 enquiry start date"

    [missing_list] = by_kind(problems, "missing-list")
    assert missing_list.list_id == "list-11" and "list-11.csv" in missing_list.message

    assert "row 4, column Legal status (H)" in code.where()


def test_check_cli_names_file_row_column_and_exits_1(copy: Path) -> None:
    set_cell(copy / "list-07.csv", 3, "Initial category of abuse", "ZZZ")
    result = run("lists", "check", copy, banks=None)
    assert result.exit_code == 1, result.output
    assert "list-07.csv, row 3, column Initial category of abuse" in result.output
    assert "'ZZZ' is not a code" in result.output


def test_check_json_lists_every_problem(copy: Path) -> None:
    set_cell(copy / "list-06.csv", 2, "Child in need start date", "soon")
    result = run("lists", "check", copy, "--json", banks=None)
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["errors"] == 1
    [problem] = [p for p in data["problems"] if p["severity"] == "error"]
    assert problem["file"] == "list-06.csv" and problem["row"] == 2
    assert problem["kind"] == "bad-date"


def test_clean_lists_exit_0(demo_dir: Path) -> None:
    result = run("lists", "check", demo_dir, banks=None)
    assert result.exit_code == 0, result.output
    assert "0 problems, 1 piece of advice" in result.output


def test_a_folder_without_lists_is_one_clear_line(tmp_path: Path) -> None:
    result = run("lists", "check", tmp_path, banks=None)
    assert result.exit_code == 1
    assert "no Annex A lists found here" in result.output
    assert "Traceback" not in result.output


def test_siblings_may_come_on_a_separate_sheet(copy: Path, sif: Bank) -> None:
    list8 = copy / "list-08.csv"
    data = rows(list8)
    column = data[0].index("Number of brothers and sisters")
    write_rows(list8, [r[:column] + r[column + 1:] for r in data])
    advice = by_kind(check_lists(sif, read_lists(sif, copy)).problems, "siblings")
    assert advice and advice[0].severity == "advice" and advice[0].rule == "brothers-and-sisters"
    write_rows(copy / "list-08-siblings.csv",
               [["Child unique ID", "Number of brothers and sisters"],
                [data[1][0], "2"], ["DEMO-999999", "1"]])
    problems = by_kind(check_lists(sif, read_lists(sif, copy)).problems, "siblings")
    assert [(p.file, p.row) for p in problems] == [("list-08-siblings.csv", 3)]
    assert "DEMO-999999 is not in list 8" in problems[0].message


# --- mapping files and Excel ------------------------------------------------------------


def test_a_mapping_file_renames_headings_and_translates_codes(copy: Path, sif: Bank) -> None:
    list8 = copy / "list-08.csv"
    data = rows(list8)
    data[0][data[0].index("Legal status")] = "LS (CLA)"
    for heading in ("Child unique ID",):
        data[0][data[0].index(heading)] = "Our ID"
    data[1][data[0].index("LS (CLA)")] = "Full Care Order (ours)"
    write_rows(list8, data)
    for n in range(1, 12):  # the ID heading is changed in every list
        path = copy / f"list-{n:02d}.csv"
        other = rows(path)
        if "Child unique ID" in other[0]:
            other[0][other[0].index("Child unique ID")] = "Our ID"
            write_rows(path, other)
    mapping = copy.parent / "mapping.toml"
    mapping.write_text(
        '[headings]\nchild_id = "Our ID"\n\n[headings.list-08]\nlegal_status = "LS (CLA)"\n\n'
        '[values.legal_status]\n"Full care order (ours)" = "C2"\n', encoding="utf-8")
    unmapped = check_lists(sif, read_lists(sif, copy))
    assert by_kind(unmapped.problems, "missing-column")
    mapped = check_lists(sif, read_lists(sif, copy, load_mapping(sif, mapping)))
    assert mapped.errors == [], [p.message for p in mapped.errors]
    result = run("lists", "check", copy, "--mapping", mapping, banks=None)
    assert result.exit_code == 0, result.output


def test_a_bad_mapping_file_is_named_at_its_line(tmp_path: Path, sif: Bank) -> None:
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[headings]\nchild_id = "ID"\nlegal_stat = "LS"\n', encoding="utf-8")
    with pytest.raises(MappingError) as caught:
        load_mapping(sif, mapping)
    assert caught.value.line == 3 and "legal_stat" in caught.value.message


def test_the_default_mapping_is_a_mapping_file(tmp_path: Path, sif: Bank) -> None:
    result = run("lists", "mapping", banks=None)
    assert result.exit_code == 0
    path = tmp_path / "mapping.toml"
    path.write_text(result.output, encoding="utf-8")
    mapping = load_mapping(sif, path)
    list8 = sif.child_list_map["list-08"]
    column = list8.column("legal_status")
    assert column is not None and mapping.heading(list8, column) == "Legal status"


def test_one_workbook_with_a_sheet_per_list_reads_like_the_csv_files(
    demo_dir: Path, tmp_path: Path, sif: Bank
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.remove(book.active)
    for n in range(1, 12):
        sheet = book.create_sheet(f"List {n}")
        for row in rows(demo_dir / f"list-{n:02d}.csv"):
            sheet.append(row)
    sheet = book["List 8"]
    sheet["H3"] = "not a code"
    path = tmp_path / "Annex A.xlsx"
    book.save(path)
    lists = read_lists(sif, path)
    assert lists.excel and not lists.missing
    assert len(lists.tables["list-08"].rows) == len(rows(demo_dir / "list-08.csv")) - 1
    result = check_lists(sif, lists)
    [problem] = result.errors
    assert problem.file == "Annex A.xlsx [List 8]" and problem.row == 3
    assert problem.column == "Legal status (H)"
    assert not by_kind(result.problems, "not-excel")


def test_a_missing_folder_is_a_clear_error(tmp_path: Path, sif: Bank) -> None:
    with pytest.raises(ListsError, match="no such folder"):
        read_lists(sif, tmp_path / "nowhere")
