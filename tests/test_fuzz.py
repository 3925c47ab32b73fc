"""Damaged files of every kind, valid then mutated, through every command that reads them.

hypothesis drives the same mutations as `make fuzz` (fuzz/mutations.py; a few dozen
examples per kind here, so `make test` stays quick; `make fuzz` runs 10,000 of each).
Each command must end with exit 0, 1 or 2 (3 for `sample`), never 70 and never a
traceback, within 10 s; it never changes a file it was given to read or a file whose
change it refused; and a change it accepted reads back (fuzz/harness.py says how).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz import harness, mutations

EXAMPLES = {"assessment": 40, "bank": 40, "crosswalk": 40, "mapping": 20, "list": 15,
            "import-csv": 40, "import-xlsx": 40}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> harness.Corpus:
    home = tmp_path_factory.mktemp("fuzz-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("READINESS_BANKS", raising=False)
        for name, value in harness.environment_values(home).items():
            patch.setenv(name, value)
        return harness.Corpus(home / "corpus").build()


@pytest.fixture
def assessor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READINESS_ASSESSOR", "Fuzz")
    monkeypatch.setenv("COLUMNS", "100")


def _check(kind: str, mutant: bytes, name: str, corpus: harness.Corpus, folder: Path,
           pick: int) -> harness.Try:
    outcome = harness.run_try(kind, mutant, name, corpus, folder, pick, limit=10.0)
    problems = [f"readiness {' '.join(o.args)}: {o.problem}" for o in outcome.outcomes
                if o.problem]
    assert not problems, "\n".join(problems)
    return outcome


@pytest.mark.parametrize("kind", harness.KINDS)
def test_every_command_accepts_the_valid_file(kind: str, corpus: harness.Corpus,
                                              tmp_path: Path, assessor: None) -> None:
    """The baseline: each unharmed file passes every command that reads its kind."""
    for pick in range(13):
        valid, name = corpus.seed(kind, random.Random(pick))
        outcome = _check(kind, valid, name, corpus, tmp_path / "try", pick)
        assert all(o.code == 0 for o in outcome.outcomes), [
            (o.args, o.stderr) for o in outcome.outcomes]


@pytest.mark.parametrize("kind", harness.KINDS)
def test_a_damaged_file_is_a_clean_error_or_accepted_never_a_crash(
        kind: str, corpus: harness.Corpus, tmp_path_factory: pytest.TempPathFactory,
        assessor: None) -> None:
    folder = tmp_path_factory.mktemp(f"fuzz-{kind}")

    @settings(max_examples=EXAMPLES[kind], deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(rnd=st.randoms(use_true_random=False), pick=st.integers(0, 1000))
    def one(rnd: random.Random, pick: int) -> None:
        valid, name = corpus.seed(kind, rnd)
        _check(kind, mutations.FOR_KIND[kind](valid, rnd), name, corpus, folder / "try", pick)

    one()


def test_a_damaged_colleagues_save_is_a_clean_error_or_taken_in_whole(
        corpus: harness.Corpus, tmp_path_factory: pytest.TempPathFactory,
        assessor: None) -> None:
    """What the app does when a colleague's save lands (`store.read_incoming`, in a
    thread, then `take_incoming`): a damaged file is one ReadinessError and nothing open
    changes; a file that reads is taken in whole, and what is open is what it holds."""
    from readiness import store
    from readiness.banks import BankSet
    from readiness.errors import ReadinessError

    folder = tmp_path_factory.mktemp("fuzz-incoming")
    valid = corpus.seeds["assessment"]

    @settings(max_examples=40, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(rnd=st.randoms(use_true_random=False))
    def one(rnd: random.Random) -> None:
        path = folder / "ours.toml"
        path.write_bytes(valid)
        mine = store.open_for_edit(path, BankSet())
        before = mine.data
        path.write_bytes(mutations.FOR_KIND["assessment"](valid, rnd))
        assert mine.base is not None
        try:
            incoming = store.read_incoming(path, mine.base, mine.fingerprint)
        except ReadinessError:
            return
        if incoming is None:
            return  # the damage changed nothing
        if store.take_incoming(mine, incoming) is None:
            assert mine.data is before
            return
        _, on_disk = store.parse_file(path)
        assert mine.data == on_disk

    one()


# --- what `make fuzz` found, kept as regressions ----------------------------------------


def test_a_workbook_whose_zip_needs_a_later_zip_version_is_a_clean_error(
        tmp_path: Path) -> None:
    """The suite's hypothesis fuzzing (import-xlsx): a workbook whose zip directory says
    it needs zip version 6.4 made Python's zip reader raise NotImplementedError (exit
    70); it is one line saying the workbook cannot be read."""
    from tests.helpers import run

    data = bytearray(harness._xlsx(harness.IMPORT_ROWS))
    at = data.find(b"PK\x01\x02")  # the first entry of the zip's directory
    assert at >= 0
    data[at + 6: at + 8] = (64).to_bytes(2, "little")  # version needed to extract: 6.4
    sheet = tmp_path / "in.xlsx"
    sheet.write_bytes(bytes(data))
    ours = tmp_path / "ours.toml"
    assert run("demo", "--no-app", "--file", ours, banks=None).exit_code == 0
    result = run("import", ours, sheet, banks=None)
    assert result.exit_code == 1, result.stderr
    assert "not a readable Excel workbook" in result.stderr
    assert "did not expect" not in result.stderr


def test_a_bank_with_an_integer_beyond_64_bits_is_not_a_crash(tmp_path: Path) -> None:
    """msgpack cannot hold it, so the bank cache is skipped (it was an OverflowError)."""
    from tests.helpers import mini_text, run

    banks = tmp_path / "banks"
    banks.mkdir()
    text = mini_text().replace("max_above_lowest = 1", "max_above_lowest = " + "9" * 30)
    assert text != mini_text()
    (banks / "mini.toml").write_text(text, encoding="utf-8")
    for args in (("banks", "list"), ("banks", "show", "mini"),
                 ("new", tmp_path / "ours.toml", "--bank", "mini", "--authority", "N")):
        result = run(*args, banks=banks)
        assert result.exit_code in (0, 1), result.stderr
        assert "did not expect" not in result.stderr


def test_a_list_deadline_on_a_day_that_is_not_a_weekday_is_a_bank_error(
        tmp_path: Path) -> None:
    """`make fuzz` (bank 7118): `timeline` crashed on `day = "small"` in a list's deadline
    (ValueError from the weekday look-up); the bank is now refused in one line."""
    from tests.helpers import run

    banks = tmp_path / "banks"
    banks.mkdir()
    text = harness.MOCK.read_text(encoding="utf-8")
    damaged = text.replace('stage2 = { week = 2, day = "Tuesday", part = "end" }',
                           'stage2 = { week = 2, day = "small", part = "end" }')
    assert damaged != text
    (banks / "mock.toml").write_text(damaged, encoding="utf-8")
    result = run("timeline", "--notified", "2026-03-31", "--framework", "mock",
                 "--ics", tmp_path / "p.ics", banks=banks)
    assert result.exit_code in (1, 2), result.stderr
    assert "did not expect" not in result.stderr
    assert "small" in result.stderr or "day" in result.stderr


def test_a_word_of_100000_letters_in_a_snapshot_exports_fast(tmp_path: Path) -> None:
    """The Markdown escaping tried every letter of a long word as the start of a URL
    scheme: a snapshot field of 100,000 letters took 100 s to export."""
    import time

    from tests.helpers import run

    path = tmp_path / "ours.toml"
    assert run("demo", "--no-app", "--file", path, banks=None).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert 'likely = "' in text
    path.write_text(text.replace('likely = "', 'likely = "' + "x" * 100_000, 1),
                    encoding="utf-8")
    started = time.perf_counter()
    result = run("export", path, "-f", "md", "-o", "-", banks=None)
    assert time.perf_counter() - started < 5
    assert result.exit_code in (0, 1), result.stderr


def test_a_workbook_openpyxl_warns_about_is_still_one_line(tmp_path: Path) -> None:
    """openpyxl printed a UserWarning before the error ("invalid dependency
    definitions"); the user gets one line."""
    import io
    import zipfile

    from tests.helpers import run

    ours = tmp_path / "ours.toml"
    assert run("new", ours, "--bank", "mini", "--authority", "N").exit_code == 0
    source = zipfile.ZipFile(io.BytesIO(harness._xlsx(harness.IMPORT_ROWS)))
    book = tmp_path / "in.xlsx"
    with zipfile.ZipFile(book, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/_rels/workbook.xml.rels":
                data = data.replace(b'Target="/xl/worksheets/sheet1.xml" ', b"")
            target.writestr(name, data)
    result = run("import", ours, book)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {book}: not a readable Excel workbook")
    assert len(result.stderr.splitlines()) == 1, result.stderr


@pytest.mark.parametrize("item", ["¹", "٣", "H¹"])
def test_an_item_written_in_odd_digits_is_a_clean_error(tmp_path: Path, item: str) -> None:
    """'¹' passes str.isdigit but int() cannot read it: an import with it crashed. ('٣',
    an Arabic-Indic 3, is a decimal digit: item 3.)"""
    from tests.helpers import run

    ours = tmp_path / "ours.toml"
    assert run("new", ours, "--bank", "mini", "--authority", "N").exit_code == 0
    sheet = tmp_path / "in.csv"
    sheet.write_text(f"item,grade\n{item},good\n", encoding="utf-8")
    for result in (run("import", ours, sheet), run("score", ours, item, "good")):
        assert result.exit_code == (0 if item == "٣" else 1), result.stderr
        assert result.exit_code == 0 or result.stderr.startswith("error: "), result.stderr


def test_a_backup_named_with_odd_digits_is_not_a_crash(tmp_path: Path) -> None:
    from tests.helpers import run

    ours = tmp_path / "ours.toml"
    assert run("new", ours, "--bank", "mini", "--authority", "N").exit_code == 0
    assert run("score", ours, "H01", "good").exit_code == 0
    stray = tmp_path / ".readiness" / "backups" / "ours.¹.toml"
    stray.write_text("x", encoding="utf-8")
    for args in (("restore", ours, "--list"), ("score", ours, "H02", "good")):
        result = run(*args)
        assert result.exit_code == 0, result.stderr
