"""Limits before parsing: every file kind refuses what would crash, exhaust memory or hang
its parser, in one line naming the file, the line and the limit, and fast.

The "killers" are the files the issue measured on main: arrays or inline tables nested
about 500 deep (RecursionError), integers over 4,300 digits (ValueError), 200 KB of
dotted keys with 100,000 parts (24 GB of memory), a 100,000-part table header (71 s), a
CSV cell over 128 KiB.
"""

from __future__ import annotations

import contextlib
import random
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness import limits
from readiness.errors import AssessmentError, ReadinessError
from readiness.settings import data_dir
from tests.helpers import MINI, mini_text, run

SHIPPED_CROSSWALK = Path(__file__).resolve().parent.parent / "questionbanks" / "crosswalks" \
    / "sif-2015--ilacs.toml"


def check(text: str) -> None:
    limits.check_toml(text, Path("x.toml"), limits.ASSESSMENT, AssessmentError)


def refused(text: str) -> ReadinessError:
    with pytest.raises(ReadinessError) as caught:
        check(text)
    return caught.value


# --- the killers, through the commands that read each kind of file --------------------

KILLERS: dict[str, tuple[str, int, str]] = {
    # name: (text appended on its own line, the line it starts on counted from it, limit)
    "arrays nested 500 deep": ("x = " + "[" * 500 + "]" * 500, 0, "nested more than 32"),
    # A closing bracket inside each string must not hide the depth from the check.
    "arrays nested 500 deep, a ] in every string": ("x = " + '["]", ' * 500 + "1" + "]" * 500,
                                                     0, "nested more than 32"),
    "inline tables nested 500 deep": ("x = " + "{a = " * 500 + "1" + "}" * 500, 0,
                                      "nested more than 32"),
    "an integer of 5,000 digits": ("x = " + "7" * 5000, 0, "more than 100 digits"),
    "an integer of 5,000 digits with underscores": ("x = 1" + "_1" * 5000, 0,
                                                    "more than 100 digits"),
    "200 KB of dotted keys, 100,000 parts": (".".join(["k"] * 100_000) + " = 1", 0,
                                             "more than 32 parts"),
    "a 100,000-part table header": ("[" + ".".join(["k"] * 100_000) + "]", 0,
                                    "more than 32 parts"),
    "a 100,000-part quoted key": (".".join(['"k"'] * 100_000) + " = 1", 0,
                                  "more than 32 parts"),
    "a line of 2 MiB": ('x = "' + "a" * (2 * 1024 * 1024) + '"', 0, "a line longer than"),
}


def _assessment(tmp_path: Path) -> Path:
    path = tmp_path / "ours.toml"
    assert run("new", path, "--bank", "mini", "--authority", "Northshire").exit_code == 0
    assert run("score", path, "H01", "good", "--by", "Ann").exit_code == 0
    return path


def _one_clean_line(result: object, path: Path, line: int | None, limit: str) -> None:
    stderr = result.stderr  # type: ignore[attr-defined]
    assert result.exit_code == 1, stderr  # type: ignore[attr-defined]
    assert "Traceback" not in stderr and "did not expect" not in stderr
    first = stderr.splitlines()[0]
    where = f"{path}:{line}" if line else f"{path}"
    assert first.startswith(f"error: {where}: "), first
    assert limit in first, first
    assert not (data_dir() / "logs").exists()


@pytest.mark.parametrize("killer", list(KILLERS))
@pytest.mark.parametrize("command", ["summary", "score", "export", "evidence list"])
def test_an_assessment_with_a_killer_is_one_line_fast(tmp_path: Path, killer: str,
                                                      command: str) -> None:
    path = _assessment(tmp_path)
    text, offset, limit = KILLERS[killer]
    before = path.read_text(encoding="utf-8")
    path.write_text(before + text + "\n", encoding="utf-8")
    damaged = path.read_bytes()
    line = before.count("\n") + 1 + offset
    args = {"summary": ("summary", path), "score": ("score", path, "H02", "good"),
            "export": ("export", path, "-f", "md", "-o", "-"),
            "evidence list": ("evidence", "list", path)}[command]
    started = time.perf_counter()
    result = run(*args)
    assert time.perf_counter() - started < 5
    _one_clean_line(result, path, line, limit)
    assert path.read_bytes() == damaged


@pytest.mark.parametrize("killer", list(KILLERS))
def test_a_bank_with_a_killer_is_one_line_fast(tmp_path: Path, killer: str) -> None:
    text, offset, limit = KILLERS[killer]
    path = tmp_path / "bank.toml"
    path.write_text(mini_text() + text + "\n", encoding="utf-8")
    line = mini_text().count("\n") + 1 + offset
    started = time.perf_counter()
    result = run("banks", "validate", path)
    assert time.perf_counter() - started < 5
    _one_clean_line(result, path, line, limit)
    # In a banks folder, a broken bank of one's own is left out with one warning (issue 15).
    result = run("--banks-dir", tmp_path, "banks", "list", banks=None)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    warning = result.stderr.splitlines()
    assert len(warning) == 1 and warning[0].startswith(
        f"warning: left out the bank {path}:{line}: "), warning
    assert limit in warning[0], warning


@pytest.mark.parametrize("killer", list(KILLERS))
def test_a_crosswalk_with_a_killer_is_one_line_fast(tmp_path: Path, killer: str) -> None:
    text, offset, limit = KILLERS[killer]
    original = SHIPPED_CROSSWALK.read_text(encoding="utf-8")
    path = tmp_path / "crosswalk.toml"
    path.write_text(original + text + "\n", encoding="utf-8")
    line = original.count("\n") + 1 + offset
    started = time.perf_counter()
    result = run("banks", "validate", path, banks=None)
    assert time.perf_counter() - started < 5
    _one_clean_line(result, path, line, limit)


@pytest.mark.parametrize("killer", list(KILLERS))
def test_a_lists_mapping_with_a_killer_is_one_line_fast(tmp_path: Path, killer: str) -> None:
    text, offset, limit = KILLERS[killer]
    mapping = run("lists", "mapping", banks=None).stdout
    path = tmp_path / "mapping.toml"
    path.write_text(mapping + text + "\n", encoding="utf-8")
    line = mapping.count("\n") + 1 + offset
    lists = tmp_path / "lists"
    assert run("lists", "demo", lists, banks=None).exit_code == 0
    started = time.perf_counter()
    result = run("lists", "check", lists, "--mapping", path, banks=None)
    assert time.perf_counter() - started < 5
    if len(text) > limits.MAPPING.max_bytes:  # a mapping file may not be this big at all
        line, limit = None, "more than the 1.0 MiB a mapping file may be"
    _one_clean_line(result, path, line, limit)


def test_a_list_with_a_cell_over_128_kib_is_one_line(tmp_path: Path) -> None:
    lists = tmp_path / "lists"
    assert run("lists", "demo", lists, banks=None).exit_code == 0
    target = lists / "list-01.csv"
    rows = target.read_text(encoding="utf-8").splitlines()
    rows[2] = '"' + "x" * 200_000 + '"' + rows[2][rows[2].index(","):]
    target.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run("lists", "check", lists, banks=None)
    _one_clean_line(result, target, 3, "longer than 131,072 characters")


def test_an_import_with_a_cell_over_128_kib_is_one_line(tmp_path: Path) -> None:
    path = _assessment(tmp_path)
    before = path.read_bytes()
    sheet = tmp_path / "in.csv"
    sheet.write_text("item,grade,note\nH01,good,ok\nH02,good,\"" + "x" * 200_000 + "\"\n",
                     encoding="utf-8")
    result = run("import", path, sheet)
    _one_clean_line(result, sheet, 3, "longer than 131,072 characters")
    assert path.read_bytes() == before


def _workbook(path: Path, cells: dict[str, object]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"], sheet["B1"] = "item", "grade"
    sheet["A2"], sheet["B2"] = "H01", "good"
    for where, value in cells.items():
        sheet[where] = value
    book.save(path)
    return path


def test_an_excel_import_with_a_value_in_column_xfd_is_one_line(tmp_path: Path) -> None:
    path = _assessment(tmp_path)
    sheet = _workbook(tmp_path / "in.xlsx", {"XFD2": "stray"})
    started = time.perf_counter()
    result = run("import", path, sheet)
    assert time.perf_counter() - started < 5
    _one_clean_line(result, sheet, None, "a value in cell XFD2, beyond the limits")


def test_an_excel_import_formatted_to_the_last_row_and_column_reads_fast(
        tmp_path: Path) -> None:
    """Formatting (not data) out to XFD1048576 makes openpyxl pad every row and yield a
    million rows; the limits read 200 columns and stop at the last row with data."""
    import zipfile

    path = _assessment(tmp_path)
    sheet = _workbook(tmp_path / "plain.xlsx", {})
    stretched = tmp_path / "in.xlsx"
    with zipfile.ZipFile(sheet) as source, zipfile.ZipFile(stretched, "w") as target:
        for part in source.infolist():
            data = source.read(part)
            if part.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:B2"/>',
                                    b'<dimension ref="A1:XFD1048576"/>')
                assert b"XFD1048576" in data
            target.writestr(part, data)
    started = time.perf_counter()
    result = run("import", path, stretched)
    assert time.perf_counter() - started < 10
    assert result.exit_code == 0, result.stderr


def test_an_excel_import_that_unpacks_to_gigabytes_is_refused_before_reading(
        tmp_path: Path) -> None:
    import zipfile

    path = _assessment(tmp_path)
    bomb = tmp_path / "in.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * (600 * 1024 * 1024))
    assert bomb.stat().st_size < 2 * 1024 * 1024
    result = run("import", path, bomb)
    _one_clean_line(result, bomb, None, "unpacks to 600.0 MiB, more than the 64.0 MiB")


# --- each limit at its edge -----------------------------------------------------------


def _nested(depth: int, kind: str) -> str:
    if kind == "arrays":
        return "x = " + "[" * depth + "]" * depth
    if kind == "inline tables":
        return "x = " + "{a = " * depth + "1" + " }" * depth
    return "x = " + "[{a = " * (depth // 2) + "1" + "}]" * (depth // 2)


@pytest.mark.parametrize("kind", ["arrays", "inline tables", "both"])
def test_nesting_up_to_the_limit_is_read_and_one_more_is_refused(kind: str) -> None:
    inside = _nested(limits.MAX_NESTING, kind)
    check(inside)
    tomllib.loads(inside)
    error = refused("a = 1\n" + _nested(limits.MAX_NESTING + 2, kind))
    assert error.line == 2 and f"nested more than {limits.MAX_NESTING} deep" in error.message


def test_numbers_up_to_the_limit_are_read_and_one_digit_more_is_refused() -> None:
    check("x = " + "9" * limits.MAX_DIGITS)
    error = refused("a = 1\n\nx = " + "9" * (limits.MAX_DIGITS + 1))
    assert error.line == 3 and f"more than {limits.MAX_DIGITS} digits" in error.message


@pytest.mark.parametrize("form", ["{} = 1", "[{}]", "[[{}]]", "x = {{ {} = 1 }}"])
@pytest.mark.parametrize("part", ["k", '"k k"', "'k'", "k "])
def test_dotted_keys_up_to_the_limit_are_read_and_one_part_more_is_refused(
        form: str, part: str) -> None:
    inside = form.format(".".join([part] * limits.MAX_KEY_PARTS))
    check(inside)
    tomllib.loads(inside)
    error = refused("a = 1\n" + form.format(".".join([part] * (limits.MAX_KEY_PARTS + 1))))
    assert error.line == 2 and f"more than {limits.MAX_KEY_PARTS} parts" in error.message


def test_lines_up_to_the_limit_are_read_and_one_character_more_is_refused() -> None:
    head = 'x = "'
    check(head + "a" * (limits.MAX_LINE_CHARS - len(head) - 1) + '"')
    error = refused('a = 1\nx = "' + "a" * limits.MAX_LINE_CHARS + '"')
    assert error.line == 2 and "a line longer than" in error.message


def test_tables_up_to_the_limit_are_read_and_more_are_refused() -> None:
    per_line = "[a{}]\n"
    lines = limits.MAX_TABLES // 2  # `[` and `]`? only `[` counts: two lines a table
    check("".join(per_line.format(n) for n in range(lines)))
    error = refused("".join(f"[a{n}.b]\n" for n in range(limits.MAX_TABLES)))
    assert f"more than {limits.MAX_TABLES:,} tables" in error.message


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    with path.open("wb") as handle:
        handle.truncate(limits.ASSESSMENT.max_bytes + 1)
    result = run("summary", path)
    _one_clean_line(result, path, None, "more than the 16.0 MiB an assessment may be")


@pytest.mark.parametrize("text", [
    'note = "' + "[" * 1000 + '"',
    "note = '" + "{" * 1000 + "'",
    'note = """\n' + "[[[[\n" * 300 + '"""',
    "note = '''\n" + "a.b." * 300 + "\n'''",
    'note = "' + "9" * 5000 + '"',
    "# " + "[" * 1000 + " " + "k." * 1000,
    'note = "a \\" [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ \\\\"',
    'note = """a "" [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ """',
    'note = """ends with quotes: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[""""',
    'x = "# not a comment" # ' + "]" * 100 + "[" * 100,
])
def test_what_is_inside_strings_and_comments_does_not_count(text: str) -> None:
    tomllib.loads(text)
    check(text)


def test_the_check_of_a_5_mb_assessment_is_fast() -> None:
    text = big_assessment(items=1000, assessors=20)
    assert len(text) > 5_000_000
    best = min(_timed(lambda: check(text)) for _ in range(3))
    print(f"limits.check_toml on {len(text) / 1e6:.1f} MB: {best * 1000:.0f} ms")
    assert best < 0.5  # about 35 ms on the build machine; generous for a shared one


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def big_assessment(items: int, assessors: int) -> str:
    """The largest real shape: every item scored by every assessor, with a note each."""
    rnd = random.Random(1)
    words = ["audit", "cases", "showed", "timely", "visits", "plans", "managers", "signed",
             "the", "child's", "voice", "(see QA-7)", "#3", "97%"]
    out = ["schema = 1", 'bank = "big"', 'authority = "Northshire County Council"', ""]
    for i in range(items):
        out += [f"[responses.I{i:04d}]", f'evidence = ["1.07", "QA-{i}"]',
                f'cases = ["LL-{i:06d}"]']
        for a in range(assessors):
            note = " ".join(rnd.choice(words) for _ in range(25))
            out += ["", f"[[responses.I{i:04d}.entries]]", f'by = "Assessor {a}"',
                    'grade = "good"', 'evidence_strength = "partial"', f'note = "{note}."',
                    "at = 2026-11-26T13:39:29Z"]
        out.append("")
    return "\n".join(out) + "\n"


# --- properties -----------------------------------------------------------------------

SNIPPETS = st.sampled_from(["[", "]", "{", "}", ".", "=", '"', "'", '"""', "'''", "#",
                            "\n", " ", "k", "1", "a = ", "[[t]]\n", "[t.u]\n", "\\", ","])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(SNIPPETS, st.text(max_size=5)), max_size=80),
       st.integers(min_value=0, max_value=3))
def test_whatever_passes_the_check_the_toml_reader_handles_cleanly(
        pieces: list[str], repeat: int) -> None:
    """A text that passes never makes tomllib raise anything but its own decode error;
    nothing but the app's own error comes out of the check."""
    text = "".join(pieces) * (1 + repeat * 200)
    try:
        check(text)
    except ReadinessError:
        return
    with contextlib.suppress(tomllib.TOMLDecodeError):
        tomllib.loads(text)


@settings(max_examples=100, deadline=None)
@given(st.recursive(
    st.one_of(st.integers(-10**18, 10**18), st.text(max_size=20), st.booleans(),
              st.floats(allow_nan=False)),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(min_size=1, max_size=8), inner,
                                            max_size=4)),
    max_leaves=30))
def test_any_toml_within_the_limits_passes(value: object) -> None:
    """Real files (here: whatever tomlkit writes from shallow data) are never refused."""
    import tomlkit

    text = tomlkit.dumps({"root": value, "x": {"y": [value]}})
    check(text)


def test_the_shipped_banks_and_crosswalks_pass() -> None:
    root = Path(__file__).resolve().parent.parent / "questionbanks"
    for path in [*root.glob("*.toml"), *root.glob("crosswalks/*.toml"), MINI]:
        limits.check_toml(path.read_text(encoding="utf-8"), path, limits.BANK, ReadinessError)


# --- a save never writes what could not be read back -----------------------------------


def test_a_note_too_long_for_one_line_is_not_saved(tmp_path: Path) -> None:
    path = _assessment(tmp_path)
    before = path.read_bytes()
    result = run("score", path, "H01", "good", "--note", "x" * (limits.MAX_LINE_CHARS + 10))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {path}: not saved: the file would break a limit")
    assert path.read_bytes() == before
    assert run("summary", path).exit_code == 0
