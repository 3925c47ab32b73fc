"""Case audits: a case audited against an item, the grade of practice found.

Added, listed and removed from the command line (a removed audit stays in the file as a
tombstone and is hidden), imported from a spreadsheet (every bad row named, nothing
imported when any is bad), refused where a case is a name, checked in a hand-edited file,
counted against the bank's benchmark for the item screen, the register and the pack,
and never changing the engine's grades.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from pathlib import Path

import pytest

from readiness import views
from readiness.assessment import Assessment, Audit, Response
from readiness.banks import Bank, load_bank
from readiness.judgement import judge
from tests.helpers import MINI, line_of, mini_text, run, write_bank

AUDIT_KEYS = ["id", "case", "item", "grade", "note", "by", "at"]


@pytest.fixture
def ours(tmp_path: Path) -> Path:
    path = tmp_path / "ours.toml"
    assert run("new", path, "--bank", "mini", "--authority", "Northshire").exit_code == 0
    return path


@pytest.fixture
def mini() -> Bank:
    return load_bank(MINI, cache=False)


def _file_audits(path: Path) -> list[dict[str, object]]:
    return tomllib.loads(path.read_text(encoding="utf-8")).get("audits", [])  # type: ignore[no-any-return]


def _listed(path: Path, *args: str) -> dict[str, object]:
    result = run("audit", "list", path, "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _backups(path: Path) -> list[Path]:
    folder = path.parent / ".readiness" / "backups"
    return sorted(folder.iterdir()) if folder.is_dir() else []


# --- add, list, remove ---------------------------------------------------------------------


def test_an_audit_is_added_with_exactly_the_agreed_shape(ours: Path) -> None:
    result = run("audit", "add", ours, "LL-448201", "h01", "G", "--note", "Seen alone",
                 "--by", "A. Patel", "--date", "03/11/2026")
    assert result.exit_code == 0, result.output
    [audit] = _file_audits(ours)
    assert list(audit) == AUDIT_KEYS
    assert re.fullmatch(r"[0-9a-f]{8}", str(audit["id"]))
    assert (audit["case"], audit["item"], audit["grade"], audit["note"], audit["by"]) == (
        "LL-448201", "H01", "good", "Seen alone", "A. Patel")
    assert audit["at"] == dt.datetime(2026, 11, 3, tzinfo=dt.UTC)
    assert f"Audit {audit['id']}: LL-448201 on H01, good" in result.stdout
    assert "H01 case audits: 1 of 1 good or better" in result.stdout


def test_without_a_date_the_audit_is_now_and_without_a_note_it_is_empty(ours: Path) -> None:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    assert run("audit", "add", ours, "LL-1", "H01", "2", "--by", "A. Patel").exit_code == 0
    [audit] = _file_audits(ours)
    assert audit["note"] == "" and isinstance(audit["at"], dt.datetime)
    assert audit["at"] >= before


def test_ids_are_random_and_never_reused(ours: Path) -> None:
    for n in range(5):
        assert run("audit", "add", ours, f"LL-{n}", "H01", "good").exit_code == 0
    ids = [str(a["id"]) for a in _file_audits(ours)]
    assert len(set(ids)) == 5
    assert run("audit", "remove", ours, ids[0]).exit_code == 0
    assert run("audit", "add", ours, "LL-9", "H01", "good").exit_code == 0
    assert len({str(a["id"]) for a in _file_audits(ours)}) == 6


def test_list_shows_audits_and_each_items_tally(ours: Path) -> None:
    for case, item, grade in (("LL-1", "H01", "good"), ("LL-2", "H01", "inadequate"),
                              ("LL-3", "M01", "outstanding")):
        assert run("audit", "add", ours, case, item, grade, "--by", "J. Okafor").exit_code == 0
    result = run("audit", "list", ours)
    assert result.exit_code == 0
    assert "LL-2" in result.stdout and "inadequate" in result.stdout
    assert "H01: case audits: 1 of 2 good or better (2 cases)" in result.stdout
    listed = _listed(ours, "--item", "m01")
    assert [a["case"] for a in listed["audits"]] == ["LL-3"]  # type: ignore[index]
    assert listed["items"] == {"M01": {"audits": 1, "at_benchmark": 1, "cases": 1,
                                       "words": "case audits: 1 of 1 good or better"}}


def test_remove_leaves_a_tombstone_and_hides_the_audit(ours: Path) -> None:
    assert run("audit", "add", ours, "LL-1", "H01", "good").exit_code == 0
    assert run("audit", "add", ours, "LL-2", "H01", "good").exit_code == 0
    first, second = (str(a["id"]) for a in _file_audits(ours))
    result = run("audit", "remove", ours, first.upper())
    assert result.exit_code == 0, result.output
    assert f"Audit {first} (LL-1 on H01) removed" in result.stdout
    kept = {str(a["id"]): a for a in _file_audits(ours)}
    assert set(kept) == {first, second}
    assert isinstance(kept[first]["removed_at"], dt.datetime)
    assert "removed_at" not in kept[second]
    assert [a["id"] for a in _listed(ours)["audits"]] == [second]  # type: ignore[index]
    assert "LL-1" not in run("audit", "list", ours).stdout


def test_removing_a_removed_audit_changes_nothing(ours: Path) -> None:
    assert run("audit", "add", ours, "LL-1", "H01", "good").exit_code == 0
    ident = str(_file_audits(ours)[0]["id"])
    assert run("audit", "remove", ours, ident).exit_code == 0
    before, backups = ours.read_bytes(), _backups(ours)
    result = run("audit", "remove", ours, ident)
    assert result.exit_code == 0 and "already removed" in result.stdout
    assert "was not written" in result.stdout
    assert ours.read_bytes() == before and _backups(ours) == backups


def test_removing_an_unknown_audit_is_one_line(ours: Path) -> None:
    result = run("audit", "remove", ours, "A1")
    assert result.exit_code == 1
    assert "no audit 'A1'" in result.output and "8 characters" in result.output


# --- refused input ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["Jane Smith", "jane smith (LL-1)", " "])
def test_a_childs_name_as_case_is_refused(ours: Path, case: str) -> None:
    before = ours.read_bytes()
    result = run("audit", "add", ours, case, "H01", "good")
    assert result.exit_code == 1
    assert "is not a case ID" in result.output and "Never a child's name" in result.output
    assert ours.read_bytes() == before


@pytest.mark.parametrize(("args", "message"), [
    (["LL-1", "H99", "good"], "no item 'H99'"),
    (["LL-1", "H01", "great"], "'great' is not a grade"),
    (["LL-1", "H01", "n/a"], "n/a is not a grade for it"),
    (["LL-1", "H01", "good", "--date", "31/02/2026"], "is not a date"),
    (["LL-1", "H01", "good", "--date", "2999-01-01"], "is in the future"),
])
def test_bad_audits_are_refused_and_nothing_is_written(ours: Path, args: list[str],
                                                       message: str) -> None:
    before = ours.read_bytes()
    result = run("audit", "add", ours, *args)
    assert result.exit_code == 1 and message in result.output, result.output
    assert "Traceback" not in result.output and ours.read_bytes() == before


def test_the_same_audit_twice_is_refused_with_the_way_to_redo_it(ours: Path) -> None:
    args = ["LL-1", "H01", "good", "--by", "A. Patel", "--date", "2026-11-03"]
    assert run("audit", "add", ours, *args).exit_code == 0
    ident = _file_audits(ours)[0]["id"]
    result = run("audit", "add", ours, *args)
    assert result.exit_code == 1
    assert f"already recorded (audit {ident})" in result.output
    assert f"readiness audit remove FILE {ident}" in result.output
    # Another auditor, or another day, is another audit.
    assert run("audit", "add", ours, *args[:3], "--by", "J. Okafor").exit_code == 0


# --- import ----------------------------------------------------------------------------------


def _sheet(folder: Path, text: str, name: str = "audits.csv") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_records_every_row(ours: Path) -> None:
    sheet = _sheet(ours.parent, "Case ID,Item,Grade,Findings,Auditor,Audit date\n"
                                "LL-1,H01,good,Seen alone,A. Patel,2026-11-03\n"
                                "LL-2,h 02,RI,,,03/11/2026\n"
                                ",,,,,\n"
                                "LL-3,M01,1,,J. Okafor,\n")
    result = run("audit", "import", ours, sheet, "--by", "Q. Lead")
    assert result.exit_code == 0, result.output
    assert "Imported 3 audits (3 cases, 3 items)" in result.stdout
    audits = _file_audits(ours)
    assert [(a["case"], a["item"], a["grade"], a["by"], a["note"]) for a in audits] == [
        ("LL-1", "H01", "good", "A. Patel", "Seen alone"),
        ("LL-2", "H02", "requires_improvement", "Q. Lead", ""),
        ("LL-3", "M01", "outstanding", "J. Okafor", ""),
    ]
    assert audits[1]["at"] == dt.datetime(2026, 11, 3, tzinfo=dt.UTC)
    assert all(list(a) == AUDIT_KEYS for a in audits)
    assert len({a["id"] for a in audits}) == 3


def test_import_with_bad_rows_names_each_and_imports_nothing(ours: Path) -> None:
    assert run("audit", "add", ours, "LL-7", "H01", "good", "--by", "A. Patel", "--date",
               "2026-11-01").exit_code == 0
    before, backups = ours.read_bytes(), _backups(ours)
    sheet = _sheet(ours.parent, "case,item,grade,note,by,date\n"
                                "LL-1,H01,good,fine,A. Patel,2026-11-03\n"
                                "Jane Smith,H01,good,,,\n"
                                "LL-2,H99,good,,,\n"
                                "LL-3,H01,great,,,\n"
                                "LL-4,H01,good,,,31/02/2026\n"
                                ",H01,good,,,\n"
                                "LL-1,H01,inadequate,again,A. Patel,03/11/2026\n"
                                "LL-7,H01,good,,A. Patel,2026-11-01\n"
                                "LL-5,H02,n/a,,,\n")
    result = run("audit", "import", ours, sheet)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    expected = [
        "row 3, column case: 'Jane Smith' is not a case ID",
        "row 4, column item: no item 'H99'",
        "row 5, column grade: 'great' is not a grade",
        "row 6, column date: audit date '31/02/2026' is not a date",
        "row 7, column case: no case",
        "row 8, column case: LL-1 on H01 by A. Patel on 03/11/2026 is already on row 2",
        "row 9, column case: LL-7 on H01 by A. Patel on 01/11/2026 is already recorded",
        "row 10, column grade: an audit grades the practice found in the case, so n/a",
    ]
    assert len(lines) == len(expected)
    for line, wanted in zip(lines, expected, strict=True):
        assert line.startswith(f"error: {sheet}: {wanted}"), line
    assert ours.read_bytes() == before and _backups(ours) == backups


def test_a_file_of_bad_audit_rows_is_refused_quickly_with_a_readable_message(
        ours: Path) -> None:
    """A spreadsheet pasted twice over itself: every row a header. The first twenty
    problems are listed and the check stops after a thousand rows, not at the end."""
    before = ours.read_bytes()
    sheet = _sheet(ours.parent, "case,item,grade,date\n" + "case,item,grade,date\n" * 3_000)
    result = run("audit", "import", ours, sheet)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 21
    assert lines[-1] == (f"error: {sheet}: and 2,980 more problems on 993 more rows, not "
                         "listed. The check stopped at row 1,002, after 1,000 rows with "
                         "problems. Fix the file and import it again.")
    assert ours.read_bytes() == before


def test_import_refuses_unknown_columns_and_a_missing_grade_column(ours: Path) -> None:
    sheet = _sheet(ours.parent, "case,item,colour\nLL-1,H01,blue\n")
    result = run("audit", "import", ours, sheet)
    assert result.exit_code == 1
    assert "does not know the column 'colour'" in result.output
    assert "there is no `grade` column" in result.output
    assert "The columns it knows: case, item, grade, note, by, date" in result.output


def test_import_reads_excel_with_the_same_machinery(ours: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["case", "item", "grade", "date"])
    sheet.append(["LL-1", "H01", "good", dt.datetime(2026, 11, 3)])
    sheet.append(["Jane Smith", "H01", "good", None])
    path = ours.parent / "audits.xlsx"
    book.save(path)
    result = run("audit", "import", ours, path)
    assert result.exit_code == 1
    assert "row 3, column case (A): 'Jane Smith' is not a case ID" in result.output


# --- the file ----------------------------------------------------------------------------------


def test_an_audit_on_an_item_the_bank_does_not_have_is_named_never_refused(
        ours: Path) -> None:
    block = ('\n[[audits]]\nid = "0a1b2c3d"\ncase = "LL-1"\nitem = "H99"\ngrade = "good"\n'
             'note = ""\nby = "A. Patel"\nat = 2026-11-03T00:00:00Z\n')
    _with_audits(ours, block)
    result = run("audit", "list", ours)
    assert result.exit_code == 0, result.output
    assert "1 case audit refers to H99, which the mini bank does not have" in result.stderr


def _with_audits(ours: Path, block: str) -> str:
    text = ours.read_text(encoding="utf-8") + block
    ours.write_text(text, encoding="utf-8")
    return text


@pytest.mark.parametrize(("field", "value", "message"), [
    ("case", '"Jane Smith"', "case reference 'Jane Smith' is not an ID"),
    ("grade", '"great"', "grade 'great' is not in the scale"),
    ("id", '"A1"', "an audit's id is 8 hex characters"),
])
def test_a_hand_edited_audit_is_checked_at_its_line(ours: Path, field: str, value: str,
                                                    message: str) -> None:
    fields = {"id": '"0a1b2c3d"', "case": '"LL-1"', "item": '"H01"', "grade": '"good"'}
    fields[field] = value
    block = "\n[[audits]]\n" + "".join(f"{k} = {v}\n" for k, v in fields.items()) + \
        'note = ""\nby = "A. Patel"\nat = 2026-11-03T00:00:00Z\n'
    text = _with_audits(ours, block)
    result = run("audit", "list", ours)
    assert result.exit_code == 1
    assert message in result.output
    assert f"{ours}:{line_of(text, rf'^{field} = ')}" in result.output


def test_an_audit_id_used_twice_is_reported(ours: Path) -> None:
    one = ('\n[[audits]]\nid = "0a1b2c3d"\ncase = "LL-1"\nitem = "H01"\ngrade = "good"\n'
           'note = ""\nby = ""\nat = 2026-11-03T00:00:00Z\n')
    _with_audits(ours, one + one.replace("LL-1", "LL-2"))
    result = run("audit", "list", ours)
    assert result.exit_code == 1 and "the id is used twice" in result.output


def test_an_unknown_field_in_an_audit_is_refused(ours: Path) -> None:
    _with_audits(ours, '\n[[audits]]\nid = "0a1b2c3d"\ncase = "LL-1"\nitem = "H01"\n'
                       'grade = "good"\nchild = "Jane"\nat = 2026-11-03T00:00:00Z\n')
    result = run("audit", "list", ours)
    assert result.exit_code == 1 and "child" in result.output


# --- what audits mean: views ---------------------------------------------------------------


def _audit(n: int, item: str, grade: str, removed: bool = False) -> Audit:
    at = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    return Audit(id=f"{n:08x}", case=f"LL-{n}", item=item, grade=grade, at=at,
                 removed_at=at if removed else None)


def _ten(grades: list[str]) -> Assessment:
    audits = [_audit(n, "H01", g) for n, g in enumerate(grades)]
    audits += [_audit(90, "H01", "inadequate", removed=True), _audit(91, "M01", "good")]
    return Assessment(schema=1, bank="mini", authority="Northshire", audits=audits)


SEVEN_OF_TEN = ["outstanding", "good", "good", "good", "outstanding", "good", "good",
                "requires_improvement", "inadequate", "requires_improvement"]


def test_seven_of_ten_good_or_better(mini: Bank) -> None:
    data = _ten(SEVEN_OF_TEN)
    items = views.item_audits(mini, data)
    assert items["H01"].words == "case audits: 7 of 10 good or better"
    assert (items["H01"].audits, items["H01"].at_benchmark, items["H01"].cases) == (10, 7, 10)
    assert items["H02"].words == "no case audits"
    judgements = views.judgement_audits(mini, data)
    assert judgements["help"].words == "case audits: 7 of 10 good or better"
    assert judgements["leadership"].words == "case audits: 1 of 1 good or better"
    assert judgements["overall"].words == "case audits: 8 of 11 good or better"


def test_good_is_the_banks_benchmark_not_a_word_in_the_code(tmp_path: Path) -> None:
    text = mini_text().replace('[rules.benchmark]\ngrade = "good"',
                               '[rules.benchmark]\ngrade = "requires_improvement"')
    bank = load_bank(write_bank(tmp_path, text), cache=False)
    words = views.item_audits(bank, _ten(SEVEN_OF_TEN))["H01"].words
    assert words == "case audits: 9 of 10 requires improvement or better"
    best = load_bank(write_bank(tmp_path, mini_text().replace(
        '[rules.benchmark]\ngrade = "good"', '[rules.benchmark]\ngrade = "outstanding"')),
        cache=False)
    assert views.item_audits(best, _ten(SEVEN_OF_TEN))["H01"].words == \
        "case audits: 2 of 10 outstanding"


def test_audit_lines_leave_case_ids_out_unless_asked(mini: Bank) -> None:
    data = _ten(SEVEN_OF_TEN[:2])
    hidden = views.audit_lines(mini, data, include_cases=False)
    shown = views.audit_lines(mini, data, include_cases=True, item="H01")
    assert [a.case for a in hidden] == ["", "", ""]
    assert [a.case for a in shown] == ["LL-0", "LL-1"]
    assert [(a.grade, a.tone) for a in shown] == [("outstanding", "best"),
                                                  ("good", "benchmark")]


def test_audits_do_not_change_the_engines_grades(mini: Bank) -> None:
    responses = {"H01": Response(grade="good", evidence_strength="strong"),
                 "H02": Response(grade="requires_improvement")}
    plain = Assessment(schema=1, bank="mini", authority="N", responses=dict(responses))
    audited = Assessment(schema=1, bank="mini", authority="N", responses=dict(responses),
                         audits=[_audit(n, "H02", "inadequate") for n in range(10)]
                         + [_audit(20 + n, "H03", "outstanding") for n in range(10)])
    assert judge(mini, plain).as_dict() == judge(mini, audited).as_dict()


# --- shown where people read evidence ------------------------------------------------------


def test_audits_are_on_the_item_screen_and_in_every_pack(tmp_path: Path) -> None:
    """Audits are evidence people read: the item screen lists them with their tally, and
    the board pack (HTML, Markdown, Word, JSON) says how they came out, without case IDs
    unless asked for (issue 13)."""
    import asyncio

    from textual.widgets import Static

    from readiness import demo
    from readiness.banks import BankSet
    from readiness.tui.app import make_app
    from readiness.tui.screens.item import ItemScreen

    path = demo.ensure(BankSet(), tmp_path / "demo.toml")
    for case, grade in (("LL-448201", "good"), ("LL-448202", "requires improvement")):
        result = run("audit", "add", path, case, "ESN01", grade, "--note", "Seen alone",
                     "--date", "2026-11-03", "--by", "Q. Lead", banks=None)
        assert result.exit_code == 0, result.output
    app = make_app(path=path, assessor="Pat")

    async def main() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.open_item("ESN01")
            await pilot.pause()
            assert isinstance(app.screen, ItemScreen)
            shown = str(app.screen.query_one("#item-response", Static).render())
            assert "Case audits: 1 of 2 good or better:" in shown
            assert "LL-448202" in shown and "requires improvement" in shown

    asyncio.run(main())
    said = "Case audits: 1 of 2 good or better, over 2 cases (help and protection 1 of 2)."
    for fmt in ("md", "html", "json"):
        out = tmp_path / f"pack.{fmt}"
        assert run("export", path, "--format", fmt, "-o", out, banks=None).exit_code == 0
        text = out.read_text(encoding="utf-8")
        assert said in text, fmt
        assert "LL-448202" not in text, fmt
    assert json.loads((tmp_path / "pack.json").read_text())["case_audits"].startswith(said)
    docx = tmp_path / "pack.docx"
    assert run("export", path, "--format", "docx", "-o", docx, banks=None).exit_code == 0
    from docx import Document

    assert any(said in p.text for p in Document(str(docx)).paragraphs)


def test_the_register_lists_say_how_the_audits_came_out(ours: Path) -> None:
    assert run("audit", "add", ours, "LL-1", "H01", "good", "--by", "Ann").exit_code == 0
    result = run("evidence", "list", ours)
    assert result.exit_code == 0
    said = "Case audits: 1 of 1 good or better, over 1 case (help and protection 1 of 1)."
    assert said in result.stdout


def test_an_audit_is_recorded_in_the_app_and_checked_like_the_command_line(
        tmp_path: Path) -> None:
    """`A` on an item opens the case audit form: a name for a case is refused in the form
    (nothing recorded), an ID is recorded and saved, by the app's assessor."""
    import asyncio

    from textual.widgets import Input, Label

    from readiness import demo, store
    from readiness.banks import BankSet
    from readiness.tui.app import make_app
    from readiness.tui.screens.audit import AuditScreen

    path = demo.ensure(BankSet(), tmp_path / "demo.toml")
    app = make_app(path=path, assessor="Q. Lead")

    async def main() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.open_item("ESN01")
            await pilot.pause()
            await pilot.press("A")
            await pilot.pause()
            assert isinstance(app.screen, AuditScreen)
            app.screen.query_one("#case", Input).value = "Jo Bloggs"
            app.screen.query_one("#note", Input).value = "Seen alone"
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, AuditScreen)
            error = str(app.screen.query_one("#form-error", Label).render())
            assert "is not a case ID" in error
            app.screen.query_one("#case", Input).value = "LL-448201"
            await pilot.press("enter")
            await pilot.pause()
            assert not isinstance(app.screen, AuditScreen)
            await app.workers.wait_for_complete()
            await pilot.pause(0.3)

    asyncio.run(main())
    data, _ = store.read(path, BankSet())
    [audit] = data.live_audits()
    assert (audit.case, audit.item, audit.grade, audit.note, audit.by) == \
        ("LL-448201", "ESN01", "good", "Seen alone", "Q. Lead")
