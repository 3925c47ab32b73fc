"""Board packs: every format read back with an independent reader, nothing unsafe, no case IDs."""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from readiness import demo, store
from readiness.banks import BankSet
from tests.helpers import run

SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x","y")'
JUDGEMENTS = ["Overall effectiveness", "Help and protection", "Children looked after",
              "Adoption", "Care leavers", "Leadership"]


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("packs")
    path = demo.ensure(BankSet(), folder / "demo.toml")
    assert run("snapshot", path, "--label", "Q2 board", banks=None).exit_code == 0
    editable = store.open_for_edit(path, BankSet())
    editable.score("ESN19", "good", by="Board tester", strength="strong", note=SCRIPT)
    editable.score("ESN70", "good", by="J. Okafor (QA Lead)", strength="strong", note=FORMULA)
    editable.add_action("ESN20", FORMULA, owner=SCRIPT, due="01/02/2027")
    store.save(editable)
    out = {}
    for fmt in ("html", "docx", "xlsx", "md", "csv", "json"):
        target = folder / f"pack.{fmt}"
        result = run("export", path, "--format", fmt, "--since", "Q2 board", "-o", target,
                     banks=None)
        assert result.exit_code == 0, result.stderr
        out[fmt] = target
    with_cases = folder / "cases.json"
    assert run("export", path, "-f", "json", "--include-case-refs", "-o", with_cases,
               banks=None).exit_code == 0
    out["json-cases"] = with_cases
    out["assessment"] = path
    return out


def expected(packs: dict[str, Path]) -> dict[str, object]:
    data = json.loads(packs["json"].read_text())
    return {"headline": data["headline"], "actions": [a["text"] for a in data["actions"]],
            "action_ids": [a["id"] for a in data["actions"]]}


class Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_has_everything_and_runs_nothing(packs: dict[str, Path]) -> None:
    reader = Reader()
    reader.feed(packs["html"].read_text())
    text = " ".join(" ".join(reader.text).split())
    want = expected(packs)
    assert str(want["headline"]) in text
    for name in JUDGEMENTS:
        assert name in text
    for action in want["actions"]:  # type: ignore[attr-defined]
        assert action in text
    assert "What moved since Q2 board" in text
    assert SCRIPT in text  # shown as text ...
    assert "script" not in reader.tags  # ... never run
    assert reader.tags.count("svg") == 2 and "aria-label" in dict(reader.attrs)
    links = [v for k, v in reader.attrs if k in ("src", "href") and v]
    assert not any(v.startswith(("http", "//")) for v in links)  # self-contained
    assert "@page { size: A4" in packs["html"].read_text()


def test_word_document_has_everything(packs: dict[str, Path]) -> None:
    import docx

    document = docx.Document(str(packs["docx"]))
    paragraphs = " ".join(p.text for p in document.paragraphs)
    cells = " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    want = expected(packs)
    assert str(want["headline"]) in paragraphs
    for name in JUDGEMENTS:
        assert name in cells
    for action in want["actions"]:  # type: ignore[attr-defined]
        assert action in cells
    assert "What moved since Q2 board" in paragraphs
    assert len(document.inline_shapes) == 0  # the range is a shaded table, not a picture
    assert "◆" in cells


def test_excel_workbook_has_every_response_and_runs_no_formula(packs: dict[str, Path]) -> None:
    import openpyxl

    book = openpyxl.load_workbook(packs["xlsx"])
    names = book.sheetnames
    assert names[0] == "Summary" and "Action plan" in names and "Evidence register" in names
    assert "Since Q2 board" in names
    for name in JUDGEMENTS[1:]:
        assert name in names
    items = set()
    for name in JUDGEMENTS[1:]:
        sheet = book[name]
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
        items |= {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert len(items) == 76
    actions = book["Action plan"]
    ids = [row[0] for row in actions.iter_rows(min_row=2, values_only=True)]
    assert ids == expected(packs)["action_ids"]
    found = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("=HYPERLINK")]
    assert found and all(c.data_type == "s" for c in found)
    assert book["Summary"]["A3"].value == expected(packs)["headline"]
    assert "Care leavers" in [c.value for c in book["Summary"]["A"]]


def test_markdown_tables_are_well_formed_and_escaped(packs: dict[str, Path]) -> None:
    text = packs["md"].read_text()
    assert str(expected(packs)["headline"]) in text.replace("\\", "")
    table: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            table.append(line)
        elif table:
            widths = {len(re.findall(r"(?<!\\)\|", row)) for row in table}
            assert len(widths) == 1, table[:3]
            assert set(table[1].replace("|", "")) == {"-"}
            table = []
    assert "&lt;script&gt;" in text and SCRIPT not in text
    assert "## 6. What moved since Q2 board" in text


def test_csv_has_every_item_and_inert_formulas(packs: dict[str, Path]) -> None:
    with packs["csv"].open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len({r["item"] for r in rows}) == 76 and "cases" not in rows[0]
    notes = {r["item"]: r["rationale"] for r in rows}
    assert notes["ESN70"].startswith("'=HYPERLINK")
    assert SCRIPT in notes["ESN19"]


def test_json_summary(packs: dict[str, Path]) -> None:
    data = json.loads(packs["json"].read_text())
    assert [j["name"] for j in data["judgements"]] == JUDGEMENTS
    assert data["since"]["label"] == "Q2 board"
    moved = {m["id"]: m["direction"] for m in data["since"]["items"]}
    assert moved["ESN19"] == "new"
    assert any(a["overdue"] for a in data["actions"])


def test_case_ids_only_with_the_flag(packs: dict[str, Path]) -> None:
    for fmt in ("html", "md", "csv", "json"):
        assert "LL-448201" not in packs[fmt].read_text(), fmt
    import docx
    import openpyxl

    document = docx.Document(str(packs["docx"]))
    assert "LL-448201" not in " ".join(c.text for t in document.tables for r in t.rows
                                       for c in r.cells)
    book = openpyxl.load_workbook(packs["xlsx"])
    assert not any("LL-448201" in str(c.value) for s in book.worksheets for r in s.iter_rows()
                   for c in r)
    assert "LL-448201" in packs["json-cases"].read_text()


def test_export_errors_are_clear(packs: dict[str, Path], tmp_path: Path) -> None:
    path = packs["assessment"]
    result = run("export", path, "-f", "pdf", banks=None)
    assert result.exit_code == 1 and "'pdf' is not an export format" in result.stderr
    result = run("export", path, "--since", "Q9", banks=None)
    assert result.exit_code == 1 and "no snapshot called 'Q9'" in result.stderr
    result = run("export", path, "-o", tmp_path / "missing" / "x.html", banks=None)
    assert result.exit_code == 1 and "does not exist" in result.stderr


def test_snapshot_list_and_duplicate_label(packs: dict[str, Path]) -> None:
    path = packs["assessment"]
    listed = run("snapshot", path, "--list", banks=None)
    assert "Q2 board" in listed.stdout
    again = run("snapshot", path, "--label", "Q2 board", banks=None)
    assert again.exit_code == 1 and "already a snapshot" in again.stderr
