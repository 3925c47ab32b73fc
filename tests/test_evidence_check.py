"""`readiness evidence check`: the evidence pack against the bank's catalogue.

Each kind of problem is made on purpose in a small assessment (on the test bank with the
SIF's naming and age rules added) and must be found: a catalogue document not in the
register, a registered file that is missing, a misnamed file, a document stale by its
register date and one stale by its file's modification time, an item with no evidence at
all, and a URL that is reported as not checked (never fetched). Then the bank's rules
themselves: their checks, and the SIF's naming rule verbatim from Annex A.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from readiness.assessment import Assessment, EvidenceRef, Response
from readiness.banks import Bank, load_bank
from readiness.errors import BankError, ErrorList, ReadinessError
from readiness.evidencecheck import (
    check,
    classify,
    code_of,
    months_between,
    starts_with_code,
)
from tests.conftest import normalise
from tests.helpers import line_of, mini_text, run, write_bank

TODAY = dt.date(2026, 11, 26)

RULES = """
[evidence_rules.naming]
quote = "they should include the number in the document name as a prefix."
source = "mini Annex A"
basis = "framework"

[evidence_rules.age]
months = 12
quote = "most recent evidence"
source = "mini Annex A"
basis = "method"
reading = "Twelve months read as no longer the most recent."
"""


def ruled_text() -> str:
    return mini_text().replace('id = "mini"', 'id = "ruled"', 1) + RULES


@pytest.fixture
def banks(tmp_path: Path) -> Path:
    folder = tmp_path / "banks"
    write_bank(folder, ruled_text(), "ruled.toml")
    return folder


@pytest.fixture
def bank(banks: Path) -> Bank:
    return load_bank(banks / "ruled.toml", cache=False)


def _touch(path: Path, day: dt.date | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x", encoding="utf-8")
    if day is not None:
        stamp = dt.datetime(day.year, day.month, day.day, 12).timestamp()
        os.utime(path, (stamp, stamp))
    return path


def _assessment(register: dict[str, EvidenceRef],
                responses: dict[str, Response] | None = None) -> Assessment:
    return Assessment(schema=1, bank="ruled", authority="Testshire", evidence=register,
                      responses=responses or {})


# --- each kind of problem ----------------------------------------------------------------


def test_a_catalogue_document_not_in_the_register_is_named(bank: Bank, tmp_path: Path) -> None:
    _touch(tmp_path / "1.07 Thresholds.pdf")
    found = check(bank, _assessment({"1.07": EvidenceRef(
        title="Thresholds", location="1.07 Thresholds.pdf", kind="file",
        date=dt.date(2026, 10, 1))}), tmp_path, TODAY)
    assert [d.code for d in found.unregistered] == ["1.01"]
    assert found.documents[0].problems == ["not in the register"]
    assert found.documents[1].problems == []


def test_a_registered_file_that_is_not_there_is_missing(bank: Bank, tmp_path: Path) -> None:
    found = check(bank, _assessment({"1.07": EvidenceRef(
        title="Thresholds", location="docs/1.07 Thresholds.pdf", kind="file",
        date=dt.date(2026, 10, 1))}), tmp_path, TODAY)
    doc = found.documents[1]
    assert (doc.code, doc.where, doc.found) == ("1.07", "path", "missing")
    assert found.missing == [doc] and "file missing" in doc.problems
    _touch(tmp_path / "docs" / "1.07 Thresholds.pdf")
    assert check(bank, _assessment({"1.07": EvidenceRef(
        title="Thresholds", location="docs/1.07 Thresholds.pdf", kind="file",
        date=dt.date(2026, 10, 1))}), tmp_path, TODAY).missing == []


def test_an_absolute_path_is_checked_too(bank: Bank, tmp_path: Path) -> None:
    there = _touch(tmp_path / "elsewhere" / "1.01 Structure.pdf")
    found = check(bank, _assessment({
        "1.01": EvidenceRef(title="Structure", location=str(there), kind="file"),
        "1.07": EvidenceRef(title="Thresholds", location=str(tmp_path / "gone" / "1.07.pdf"),
                            kind="file"),
    }), tmp_path / "assessment", TODAY)
    assert [d.found for d in found.documents] == ["found", "missing"]


def test_a_file_not_named_with_its_code_first_is_misnamed(bank: Bank, tmp_path: Path) -> None:
    _touch(tmp_path / "thresholds.pdf")
    _touch(tmp_path / "1.01 Structure.pdf")
    found = check(bank, _assessment({
        "1.07": EvidenceRef(title="Thresholds", location="thresholds.pdf", kind="file"),
        "1.01": EvidenceRef(title="Structure chart", location="1.01 Structure.pdf",
                            kind="file"),
    }), tmp_path, TODAY)
    structure, thresholds = found.documents
    assert (structure.named, thresholds.named) == ("yes", "no")
    assert thresholds.file_name == "thresholds.pdf"
    assert "name does not begin with 1.07" in thresholds.problems
    assert found.naming_rule.startswith("they should include the number")


def test_a_file_named_with_another_code_says_which(bank: Bank, tmp_path: Path) -> None:
    _touch(tmp_path / "1.01 Thresholds.pdf")
    found = check(bank, _assessment({"1.07": EvidenceRef(
        title="Thresholds", location="1.01 Thresholds.pdf", kind="file")}), tmp_path, TODAY)
    doc = found.documents[1]
    assert (doc.named, doc.named_as) == ("no", "1.01")
    assert "named with 1.01, not 1.07" in doc.problems


def test_a_document_stale_by_its_register_date(bank: Bank, tmp_path: Path) -> None:
    _touch(tmp_path / "1.07 Thresholds.pdf", dt.date(2026, 11, 1))  # the file is recent
    found = check(bank, _assessment({"1.07": EvidenceRef(
        title="Thresholds", location="1.07 Thresholds.pdf", kind="file",
        date=dt.date(2025, 10, 1))}), tmp_path, TODAY)
    doc = found.documents[1]
    assert (doc.stale, doc.dated_from, doc.date, doc.months_old) == (
        True, "register", dt.date(2025, 10, 1), 13)
    assert "13 months old (register date)" in doc.problems


def test_a_document_stale_by_its_files_modification_time(bank: Bank, tmp_path: Path) -> None:
    _touch(tmp_path / "1.07 Thresholds.pdf", dt.date(2024, 6, 30))
    found = check(bank, _assessment({"1.07": EvidenceRef(
        title="Thresholds", location="1.07 Thresholds.pdf", kind="file")}), tmp_path, TODAY)
    doc = found.documents[1]
    assert (doc.stale, doc.dated_from, doc.date) == (True, "file modified",
                                                     dt.date(2024, 6, 30))
    assert "(file modified date)" in doc.problems[-1]


def test_twelve_months_to_the_day_is_not_yet_stale(bank: Bank, tmp_path: Path) -> None:
    _touch(tmp_path / "1.07.pdf")
    register = {"1.07": EvidenceRef(title="T", location="1.07.pdf", kind="file",
                                    date=dt.date(2025, 11, 26))}
    assert not check(bank, _assessment(register), tmp_path, TODAY).documents[1].stale
    register["1.07"] = EvidenceRef(title="T", location="1.07.pdf", kind="file",
                                   date=dt.date(2025, 11, 25))
    assert check(bank, _assessment(register), tmp_path, TODAY).documents[1].stale


def test_items_with_no_evidence_at_all(bank: Bank, tmp_path: Path) -> None:
    from readiness.assessment import Audit

    data = _assessment({}, {
        "H01": Response(grade="good", evidence=["1.07"]),
        "H02": Response(grade="good", cases=["LL-1"]),
        "H03": Response(grade="good", note="no evidence yet"),
        "C01": Response(not_applicable=True),
    })
    data.evidence["1.07"] = EvidenceRef(title="Thresholds")
    data.audits.append(Audit(id="0a1b2c3d", case="LL-2", item="C02", grade="good",
                             at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC)))
    data.audits.append(Audit(id="0a1b2c3e", case="LL-3", item="A01", grade="good",
                             at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
                             removed_at=dt.datetime(2026, 11, 2, tzinfo=dt.UTC)))
    found = check(bank, data, tmp_path, TODAY)
    # H01 has a document, H02 a case, C02 an audit, C01 does not apply; a removed audit
    # is no evidence.
    assert found.bare_items == ["H03", "A01", "L01", "M01", "M02"]


def test_urls_network_paths_and_references_are_not_checked(bank: Bank, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    import urllib.request

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the evidence check must never fetch a URL")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    found = check(bank, _assessment({
        "1.01": EvidenceRef(title="Structure", kind="url",
                            location="https://council.sharepoint.com/qa/1.01%20Structure.pdf"),
        "1.07": EvidenceRef(title="Thresholds", kind="file",
                            location="\\\\council-fs01\\qa\\thresholds.pdf"),
        "QA-7": EvidenceRef(title="Audit", kind="reference", location="DMS:44120"),
    }), tmp_path, TODAY)
    url, network, reference = found.documents
    assert (url.where, url.found, url.why_not_checked) == ("url", "not checked", "URL")
    assert url.named == "not checked" and url.problems == []
    assert (network.where, network.found) == ("network", "not checked")
    assert network.named == "no"  # a network path's name can be read without opening it
    assert (reference.where, reference.found, reference.in_catalogue) == (
        "reference", "not checked", False)
    assert [d.code for d in found.not_checked] == ["1.01", "1.07", "QA-7"]
    assert found.undated == found.documents  # nothing to read a date from


def test_files_in_the_folder_that_the_register_lacks(bank: Bank, tmp_path: Path) -> None:
    _touch(tmp_path / "pack" / "1.07 Thresholds.pdf")
    _touch(tmp_path / "pack" / "old" / "1.07 Thresholds 2024.pdf")
    _touch(tmp_path / "pack" / "1.01 Structure.docx")
    _touch(tmp_path / "pack" / "notes.txt")
    _touch(tmp_path / "pack" / ".readiness" / "1.01 backup.toml")
    found = check(bank, _assessment({"1.07": EvidenceRef(
        title="Thresholds", location="pack/1.07 Thresholds.pdf", kind="file")}),
        tmp_path, TODAY, scan=tmp_path / "pack")
    assert [(f.code, f.path, f.registered_as) for f in found.loose] == [
        ("1.01", "1.01 Structure.docx", ""),
        ("1.07", "old/1.07 Thresholds 2024.pdf", "pack/1.07 Thresholds.pdf"),
    ]
    with pytest.raises(ReadinessError, match="no such folder"):
        check(bank, _assessment({}), tmp_path, TODAY, scan=tmp_path / "nowhere")


def test_a_bank_without_rules_checks_neither_names_nor_age(tmp_path: Path) -> None:
    plain = load_bank(write_bank(tmp_path, mini_text()), cache=False)
    _touch(tmp_path / "thresholds.pdf", dt.date(2020, 1, 1))
    found = check(plain, _assessment({"1.07": EvidenceRef(
        title="T", location="thresholds.pdf", kind="file")}), tmp_path, TODAY)
    doc = found.documents[1]
    assert (doc.named, doc.stale, found.age_months, found.naming_rule) == ("", False, None, "")


# --- the small rules -----------------------------------------------------------------------


@pytest.mark.parametrize(("name", "code", "expected"), [
    ("1.07 Thresholds.pdf", "1.07", True),
    ("1.07_thresholds.pdf", "1.07", True),
    ("1.07.pdf", "1.07", True),
    ("1.07Thresholds.pdf", "1.07", True),
    ("1.071 Thresholds.pdf", "1.07", False),
    ("11.07 Thresholds.pdf", "1.07", False),
    ("Thresholds 1.07.pdf", "1.07", False),
    ("qa-7 audit.pdf", "QA-7", True),
    ("QA-7b audit.pdf", "QA-7", True),
    ("QA-A audit.pdf", "QA-A", True),
    ("QA-AB audit.pdf", "QA-A", False),
])
def test_a_code_as_prefix(name: str, code: str, expected: bool) -> None:
    assert starts_with_code(name, code) is expected


def test_the_longest_code_a_name_begins_with_wins() -> None:
    assert code_of("1.10 Peer review.pdf", ["1.1", "1.10", "1.01"]) == "1.10"
    assert code_of("Peer review.pdf", ["1.10"]) == ""


@pytest.mark.parametrize(("location", "kind", "expected"), [
    ("docs/1.07.pdf", "file", "path"),
    ("1.07.pdf", None, "path"),
    ("/srv/qa/1.07.pdf", "file", "path"),
    ("file:///srv/qa/1.07.pdf", "file", "path"),
    ("file://server/share/1.07.pdf", "file", "network"),
    ("\\\\server\\share\\1.07.pdf", "file", "network"),
    ("https://council.sharepoint.com/x.pdf", "url", "url"),
    ("DMS:44120", "reference", "reference"),
    ("SharePoint: Inspection/Annex A/1.01", "file", "reference"),
    ("", None, "none"),
])
def test_what_a_location_is(location: str, kind: str | None, expected: str) -> None:
    assert classify(location, kind) == expected


def test_a_windows_drive_path_is_not_looked_for_on_another_system() -> None:
    expected = "path" if os.name == "nt" else "other-system"
    assert classify("C:\\QA\\1.07.pdf", "file") == expected


def test_months_between() -> None:
    assert months_between(dt.date(2025, 11, 26), TODAY) == 12
    assert months_between(dt.date(2025, 11, 27), TODAY) == 11
    assert months_between(dt.date(2027, 1, 1), TODAY) == 0


# --- the command ---------------------------------------------------------------------------


NOW = TODAY  # the day the command checks on (READINESS_TODAY), whatever the clock says
MODIFIED = NOW - dt.timedelta(days=1000)
"""The thresholds file's modification time: stale (the command checks on today's date)."""
DATED = NOW - dt.timedelta(days=400)
"""QA-7's date in the register: stale."""


def _scored(tmp_path: Path, banks: Path) -> Path:
    file = tmp_path / "ours" / "ours.toml"
    file.parent.mkdir()
    assert run("new", file, "--authority", "Testshire", "--bank", "ruled",
               banks=banks).exit_code == 0
    _touch(file.parent / "docs" / "thresholds.pdf", MODIFIED)
    for args in (["1.07", "-l", str(file.parent / "docs" / "thresholds.pdf"), "-i", "H01"],
                 ["1.01", "-l", "https://council.sharepoint.com/qa/structure.pdf",
                  "-d", (NOW - dt.timedelta(days=30)).isoformat()],
                 ["QA-7", "-t", "Audit of strategy meetings", "-l",
                  str(file.parent / "gone.pdf"), "-d", DATED.isoformat()]):
        result = run("evidence", "add", file, *args, banks=banks)
        assert result.exit_code == 0, result.output
    _touch(file.parent / "pack" / "1.01 Structure.pdf")
    return file


def test_the_command_prints_a_table_and_what_to_do(tmp_path: Path, banks: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    file = _scored(tmp_path, banks)
    result = run("evidence", "check", file, "--dir", file.parent / "pack", banks=banks)
    assert result.exit_code == 0, result.output
    out = result.output
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "CODE" in out and "MISSING" in out and "NO" in out and "(URL)" in out
    assert "Registered files missing (1): QA-7 (gone.pdf)" in out
    assert "Not named with their code first (1): 1.07 (thresholds.pdf)" in out
    said = " ".join(out.split())
    assert (f"Older than 12 months (2): 1.07 ({months_between(MODIFIED, NOW)} months, file "
            f"modified date), QA-7 ({months_between(DATED, NOW)} months, register date)"
            ) in said
    assert "Not checked (1): URLs: 1.01" in out
    assert "Items with no evidence at all" in out and "H02" in out
    assert "1.01 Structure.pdf (1.01 is registered as https://council.sharepoint.com" in said


def test_the_command_gives_json(tmp_path: Path, banks: Path) -> None:
    file = _scored(tmp_path, banks)
    result = run("evidence", "check", file, "--json", banks=banks)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["summary"]["files_missing"] == ["QA-7"]
    assert data["summary"]["misnamed"] == ["1.07"]
    assert data["summary"]["not_checked"] == ["1.01"]
    assert set(data["summary"]["stale"]) == {"1.07", "QA-7"}
    by_code = {d["code"]: d for d in data["documents"]}
    assert by_code["1.07"]["dated_from"] == "file modified"
    assert by_code["QA-7"]["dated_from"] == "register"
    assert by_code["1.01"]["file"] == "not checked" and by_code["1.01"]["where"] == "url"
    assert "H02" in data["items_without_evidence"]
    assert data["files_not_in_register"] == []


def test_a_missing_folder_is_one_line(tmp_path: Path, banks: Path) -> None:
    file = _scored(tmp_path, banks)
    result = run("evidence", "check", file, "--dir", tmp_path / "nowhere", banks=banks)
    assert result.exit_code == 1 and "no such folder" in result.output
    assert "Traceback" not in result.output


# --- the bank's rules ----------------------------------------------------------------------


def _errors(tmp_path: Path, text: str) -> list[BankError]:
    path = write_bank(tmp_path, text)
    with pytest.raises(ReadinessError) as caught:
        load_bank(path, cache=False)
    error = caught.value
    return [e for e in (error.errors if isinstance(error, ErrorList) else [error])
            if isinstance(e, BankError)]


def test_an_age_of_no_months_is_refused_at_its_line(tmp_path: Path) -> None:
    text = ruled_text().replace("months = 12", "months = 0")
    [error] = _errors(tmp_path, text)
    assert "evidence_rules.age.months is a number of months, at least 1" in error.message
    assert error.line == line_of(text, r"^months = 0")


def test_a_method_rule_needs_its_reading(tmp_path: Path) -> None:
    text = ruled_text().replace('reading = "Twelve months read as no longer the most recent."\n',
                                "")
    [error] = _errors(tmp_path, text)
    assert "basis \"method\" needs a `reading`" in error.message
    assert error.line == line_of(text, r'^basis = "method"', -1)


def test_rules_without_a_catalogue_are_refused(tmp_path: Path) -> None:
    text = ruled_text()
    for block in ('[[evidence]]\ncode = "1.01"\ntitle = "Organisational structure"\n',
                  '[[evidence]]\ncode = "1.07"\ntitle = "Thresholds"\n'):
        text = text.replace(block, "")
    text = text.replace('evidence = ["1.07"]\n', "").replace('evidence = ["1.01"]\n', "")
    [error] = _errors(tmp_path, text)
    assert "which is empty" in error.message
    assert error.line == line_of(text, r"^\[evidence_rules\.naming\]")


def test_an_unknown_key_in_the_rules_is_refused(tmp_path: Path) -> None:
    text = ruled_text().replace("months = 12", "months = 12\nweeks = 3")
    [error] = _errors(tmp_path, text)
    assert "weeks" in error.message


def test_the_sif_naming_rule_is_annex_as_words(seeds: Path) -> None:
    from readiness.banks import BankSet

    sif = BankSet().get("sif-2015")
    assert sif.evidence_rules is not None
    naming, age = sif.evidence_rules.naming, sif.evidence_rules.age
    assert naming is not None and age is not None
    seed = normalise((seeds / "000_77149800705d8843.txt").read_text(encoding="utf-8"))
    assert normalise(naming.quote) in seed and "as a prefix" in naming.quote
    assert normalise(age.quote) in seed
    assert (naming.basis, age.basis, age.months) == ("framework", "method", 12)
    assert "12 months" in age.reading
