"""The board paper a director would table (issue 14): each defect found on main, read back.

Front sheet and recommendations, names not codes, honest confidence, trend by default with
the items that moved it, priorities linked to actions with RAG, print setup in Word and
Excel, Markdown and bidi safety, tidy CSV with a byte-order mark, versioned JSON with a
schema, case IDs honoured everywhere; then a slow test that prints HTML and Word to A4.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import tomllib
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import msgspec
import pytest

from readiness import demo, store, views
from readiness.assessment import Action
from readiness.banks import BankSet
from tests.helpers import run

BOARD = ["--board", "Corporate Parenting Board", "--meeting", "2027-01-20", "--lead",
         "Director of Children's Services", "--recommendation", "endorse"]
SHAREPOINT = ("https://northshire.sharepoint.com/sites/ChildrensServices/Shared%20Documents/"
              "Quality%20Assurance/Audits/2026/Return-home-interviews-take-up-report-final-v3"
              ".docx?web=1&id=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
RLO = "\u202e"


@pytest.fixture(scope="module")
def paper(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo's paper in every format, with a realistic SharePoint link in an action."""
    folder = tmp_path_factory.mktemp("paper")
    path = demo.ensure(BankSet(), folder / "demo.toml")
    editable = store.open_for_edit(path, BankSet())
    editable.add_action("ESN10", f"Publish the audit at {SHAREPOINT}", owner="QA Lead",
                        due="28/02/2027")
    store.save(editable)
    out = {"assessment": path}
    for fmt in ("html", "docx", "xlsx", "md", "csv", "json"):
        target = folder / f"paper.{fmt}"
        args = ["export", path, "-f", fmt, "-o", target] + (BOARD if fmt == "html" else [])
        result = run(*args, banks=None)
        assert result.exit_code == 0, result.stderr
        out[fmt] = target
    return out


class Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def html_of(path: Path) -> Text:
    reader = Text()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader


def docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    return " ".join([p.text for p in document.paragraphs]
                    + [c.text for t in document.tables for r in t.rows for c in r.cells])


# --- the front sheet ------------------------------------------------------------------------


def test_the_front_sheet_says_what_the_board_is_asked_to_do(paper: dict[str, Path]) -> None:
    text = html_of(paper["html"]).text
    front = text[:text.index("4. Where we stand")]
    for words in ("Report to Corporate Parenting Board · 20 January 2027", "1. Purpose",
                  "2. Recommendations", "The board is asked to:",
                  "endorse the self-assessment of children's services",
                  "Lead officer Director of Children's Services", "Protective marking OFFICIAL",
                  "Version Made", "Self-assessment by the authority: not an Ofsted judgement",
                  "3. The position in brief", "items scored"):
        assert words in front, words
    page = paper["html"].read_text()
    assert re.search(r"@bottom-right \{ content: \"Page \" counter\(page\) \" of \" "
                     r"counter\(pages\)", page)
    assert "@top-right" in page and "@top-left" in page


def test_the_board_is_remembered_in_the_file_and_reused(paper: dict[str, Path],
                                                        tmp_path: Path) -> None:
    board = tomllib.loads(paper["assessment"].read_text())["board"]
    assert board == {"name": "Corporate Parenting Board", "meeting": date(2027, 1, 20),
                     "lead": "Director of Children's Services", "recommendation": "endorse"}
    again = run("export", paper["assessment"], "-f", "md", "-o", "-", banks=None).stdout
    assert "Report to Corporate Parenting Board, 20 January 2027" in again
    assert "endorse the self\\-assessment" in again or "endorse the self-assessment" in again


def test_a_wrong_recommendation_or_marking_is_one_line(paper: dict[str, Path]) -> None:
    result = run("export", paper["assessment"], "--recommendation", "rubber-stamp", "-o", "-",
                 "-f", "md", banks=None)
    assert result.exit_code == 1 and "'rubber-stamp' is not a recommendation" in result.stderr
    result = run("export", paper["assessment"], "--marking", "secret", "-o", "-", "-f", "md",
                 banks=None)
    assert result.exit_code == 1 and "'secret' is not a protective marking" in result.stderr
    result = run("export", paper["assessment"], "--marking", "official sensitive", "-o", "-",
                 "-f", "md", banks=None)
    assert result.exit_code == 0 and "**OFFICIAL-SENSITIVE**" in result.stdout


def test_every_word_page_has_the_marking_label_and_page_numbers(paper: dict[str, Path]) -> None:
    import docx

    document = docx.Document(str(paper["docx"]))
    section = document.sections[0]
    assert "OFFICIAL" in section.header.paragraphs[0].text
    assert "not an Ofsted judgement" in section.header.paragraphs[0].text
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    heads = [t for t in document.tables if t.rows[0]._tr.trPr is not None
             and "tblHeader" in t.rows[0]._tr.trPr.xml]
    assert len(heads) >= len(document.tables) - 1  # every table but the label box
    properties = document.core_properties
    assert properties.author == "Director of Children's Services" or \
        properties.author == "Northshire County Council"
    assert properties.author != "python-docx"
    assert properties.created is not None and properties.created.year >= 2026
    assert "self-assessment" in properties.title


# --- the position in words, honest confidence ----------------------------------------------


def test_the_narrative_names_items_instead_of_codes(paper: dict[str, Path]) -> None:
    text = html_of(paper["html"]).text
    body = text[text.index("4. Where we stand"):text.index("Appendix A")]
    assert not re.search(r"\bESN\d\d\b", body)
    assert "‘Early help offered when needs arise’" in body or "Early help offered" in body


def test_the_headline_says_how_much_is_scored_and_strongly_evidenced(
        paper: dict[str, Path]) -> None:
    data = json.loads(paper["json"].read_text())
    assert re.search(r"\d+ of \d+ items scored, \d+ strongly evidenced", data["headline"])
    assert data["coverage"]["scored"] <= data["coverage"]["applicable"]


def test_a_judgement_with_too_few_scored_shows_no_grade(tmp_path: Path) -> None:
    path = tmp_path / "few.toml"
    assert run("new", path, "--bank", "sif-2015", "--authority", "Fewshire",
               banks=None).exit_code == 0
    assert run("score", path, "ESN01", "good", "--by", "A", banks=None).exit_code == 0
    out = tmp_path / "few.html"
    assert run("export", path, "-o", out, banks=None).exit_code == 0
    text = html_of(out).text
    assert "too few scored" in text
    for fmt in ("md", "json"):
        shown = run("export", path, "-f", fmt, "-o", "-", banks=None).stdout
        assert "too few scored" in shown


def test_the_range_is_explained_once_in_words(paper: dict[str, Path]) -> None:
    text = html_of(paper["html"]).text
    body = text[text.index("1. Purpose"):text.index("Appendix A")]
    assert body.count("The range shows what a judgement could be") == 1


def test_the_authoritys_own_rationale_is_in_every_narrative_format(
        paper: dict[str, Path]) -> None:
    rationale = "Audit of 60 cases (Sept): 88% seen alone where required."
    assert rationale in html_of(paper["html"]).text
    assert rationale in docx_text(paper["docx"])
    assert "Audit of 60 cases (Sept): 88% seen alone where required" in \
        paper["md"].read_text().replace("\\", "")


# --- the trend -----------------------------------------------------------------------------


def test_the_trend_is_on_by_default_with_arrows_and_the_items_that_moved(
        paper: dict[str, Path]) -> None:
    text = html_of(paper["html"]).text
    assert "6. What moved since Q2 board (September)" in text
    assert "▲ better" in text
    trend = text[text.index("6. What moved"):text.index("7. Strengths")]
    assert "Timely response to referrals, including out of hours" in trend  # ESN05 moved H&P
    data = json.loads(paper["json"].read_text())
    help_ = next(j for j in data["judgements"] if j["id"] == "help-and-protection")
    assert help_["trend"]["direction"] == "up" and "ESN05" in help_["trend"]["items"]


@pytest.mark.parametrize("since", ["q2 BOARD (september)", "2026-09-15", "20/10/2026"])
def test_since_matches_a_label_in_any_case_or_a_date(paper: dict[str, Path], since: str) -> None:
    data = json.loads(run("export", paper["assessment"], "-f", "json", "-o", "-", "--since",
                          since, banks=None).stdout)
    assert data["since"]["label"] == "Q2 board (September)"
    assert data["since"]["taken"] == "2026-09-15"


def test_a_date_before_every_snapshot_is_one_line(paper: dict[str, Path]) -> None:
    result = run("export", paper["assessment"], "-f", "json", "-o", "-", "--since",
                 "2020-01-01", banks=None)
    assert result.exit_code == 1 and "no snapshot was taken on or before" in result.stderr


# --- the action plan -----------------------------------------------------------------------


def test_rag_from_status_and_due_date() -> None:
    today = date(2026, 11, 26)

    def colour(status: str, due: date | None) -> str:
        return views.rag(Action(id="A1", item="ESN01", text="x", due=due,
                                status=status), today)  # type: ignore[arg-type]

    assert colour("open", date(2026, 11, 1)) == "red"
    assert colour("in_progress", date(2026, 12, 10)) == "amber"
    assert colour("open", None) == "amber"
    assert colour("open", date(2027, 3, 1)) == "green"
    assert colour("done", date(2026, 1, 1)) == "complete"
    assert colour("dropped", date(2026, 1, 1)) == "dropped"


def test_the_action_plan_puts_overdue_first_and_links_every_priority(
        paper: dict[str, Path]) -> None:
    data = json.loads(paper["json"].read_text())
    rags = [a["rag"] for a in data["actions"]]
    assert rags == sorted(rags, key=views.RAG.index)
    assert rags[0] == "red"
    text = html_of(paper["html"]).text
    priorities = text[text.index("8. Priorities"):text.index("9. Action plan")]
    assert "No action yet" in priorities
    assert re.search(r"A2, due 15 Dec 2026: (Red|Amber)", priorities)


def test_excel_due_dates_are_dates_and_sheets_print(paper: dict[str, Path]) -> None:
    import openpyxl

    book = openpyxl.load_workbook(paper["xlsx"])
    plan = book["Action plan"]
    header = [c.value for c in plan[1]]
    due = header.index("Due") + 1
    values = [plan.cell(row=n, column=due).value for n in range(2, plan.max_row + 1)]
    assert values and all(isinstance(v, date) for v in values if v is not None)
    assert plan.cell(row=2, column=due).number_format == "dd/mm/yyyy"
    for sheet in book.worksheets:
        if sheet.sheet_state == "hidden":  # the charts' numbers: never printed
            assert sheet.title == "Chart data"
            continue
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows
        assert "Page &P of &N" in sheet.oddFooter.right.text
    summary = book["Summary"]
    assert len(summary._charts) == 2 and not summary._images  # native charts, no pictures
    trend = book[next(n for n in book.sheetnames if n.startswith("Since"))]
    shown = " ".join(str(c.value) for r in trend.iter_rows() for c in r if c.value)
    assert "requires_improvement" not in shown and "requires improvement" in shown


def test_excel_text_has_no_visible_apostrophe_and_runs_no_formula(tmp_path: Path) -> None:
    import openpyxl

    path = demo.ensure(BankSet(), tmp_path / "demo.toml")
    editable = store.open_for_edit(path, BankSet())
    editable.add_action("ESN20", "- relaunch, then audit", owner="=1+1")
    editable.set_note("ESN19", '=HYPERLINK("http://x","y")', by="A")
    store.save(editable)
    out = tmp_path / "p.xlsx"
    assert run("export", path, "-o", out, banks=None).exit_code == 0
    book = openpyxl.load_workbook(out)
    cells = [c for s in book.worksheets for r in s.iter_rows() for c in r]
    assert not any(isinstance(c.value, str) and c.value.startswith("'") for c in cells)
    risky = [c for c in cells if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert risky and all(c.data_type == "s" and c.quotePrefix for c in risky)


def test_a_long_link_in_an_action_wraps_inside_its_column(paper: dict[str, Path]) -> None:
    page = paper["html"].read_text()
    assert "overflow-wrap: anywhere" in page and "table-layout: fixed" in page
    assert "<colgroup>" in page


# --- safe everywhere ----------------------------------------------------------------------


def test_markdown_makes_no_link_or_image_from_typed_text(tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    path = tmp_path / "t.toml"
    assert run("new", path, "--bank", "mini", "--authority",
               "[Council](http://evil.example) ![i](http://evil.example/x.png)").exit_code == 0
    assert run("score", path, "H01", "good", "--by", "A", "--note",
               "see https://evil.example and www.evil.example or mail a@evil.example").exit_code \
        == 0
    text = run("export", path, "-f", "md", "-o", "-").stdout
    html = MarkdownIt("gfm-like").render(text)
    assert "<a " not in html and "<img" not in html
    assert "[Council](http://evil.example)" in html_of_text(html)


def html_of_text(html: str) -> str:
    reader = Text()
    reader.feed(html)
    return reader.text


def test_bidi_overrides_are_removed_from_every_format(tmp_path: Path) -> None:
    path = tmp_path / "b.toml"
    assert run("new", path, "--bank", "mini", "--authority", f"North{RLO}shire").exit_code == 0
    assert run("score", path, "H01", "good", "--by", "A", "--note",
               f"evidence{RLO}fdp.exe").exit_code == 0
    for fmt in ("html", "md", "csv", "json"):
        out = tmp_path / f"b.{fmt}"
        assert run("export", path, "-f", fmt, "-o", out).exit_code == 0
        assert RLO not in out.read_text(encoding="utf-8"), fmt
    for fmt in ("docx", "xlsx"):
        out = tmp_path / f"b.{fmt}"
        assert run("export", path, "-f", fmt, "-o", out).exit_code == 0
        assert RLO.encode() not in _unzipped(out), fmt


def _unzipped(path: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return b"".join(archive.read(n) for n in archive.namelist())


@pytest.mark.parametrize("fmt", ["html", "md", "docx", "xlsx", "csv", "json"])
def test_case_ids_are_in_every_format_only_when_asked(paper: dict[str, Path], fmt: str,
                                                       tmp_path: Path) -> None:
    without = paper[fmt]
    with_cases = tmp_path / f"cases.{fmt}"
    assert run("export", paper["assessment"], "-f", fmt, "-o", with_cases,
               "--include-case-refs", banks=None).exit_code == 0

    def has(path: Path) -> bool:
        data = _unzipped(path) if fmt in ("docx", "xlsx") else path.read_bytes()
        return b"LL-448201" in data

    assert not has(without)
    assert has(with_cases)


# --- data formats -------------------------------------------------------------------------


def test_csv_is_tidy_utf8_with_a_bom_and_says_it_is_a_self_assessment(
        paper: dict[str, Path]) -> None:
    raw = paper["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert {r["self_assessment"] for r in rows} == \
        {"Self-assessment by the authority: not an Ofsted judgement"}
    adoption = {r["item"] for r in rows if r["judgement_id"] == "adoption"}
    assert len(adoption) == 15  # every adoption item, not only those listed first there
    assert all("," not in r["judgement_id"] for r in rows)
    assert len({(r["item"], r["judgement_id"]) for r in rows}) == len(rows)


def test_json_is_versioned_with_iso_dates_and_slugs_and_matches_its_schema(
        paper: dict[str, Path]) -> None:
    from readiness.reports.jsondoc import Document

    text = paper["json"].read_text()
    data = json.loads(text)
    assert data["schema_version"] == 1
    msgspec.json.decode(text.encode(), type=Document)  # the shape the schema describes
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", a["due"]) for a in data["actions"] if a["due"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", data["made"])
    slugs = {g["slug"] for g in data["bank"]["scale"]} | {"not_assessed", "not_applicable"}
    assert {j["likely"] for j in data["judgements"]} <= slugs
    assert {i["grade"] for i in data["items"]} <= slugs
    schema = json.loads(run("export", "--schema", banks=None).stdout)
    assert "schema_version" in schema["$defs"]["Document"]["required"]


def test_a_bank_without_an_overall_judgement_exports_in_every_format(tmp_path: Path) -> None:
    path = tmp_path / "nf.toml"
    assert run("new", path, "--bank", "national-framework-2023", "--authority", "Eastshire",
               banks=None).exit_code == 0
    _data, bank = store.read(path, BankSet())
    for item in bank.items[:40]:
        assert run("score", path, item.id, bank.scale[1].slug, "--by", "A",
                   banks=None).exit_code == 0
    for fmt in ("html", "docx", "xlsx", "md", "csv", "json"):
        out = tmp_path / f"nf.{fmt}"
        result = run("export", path, "-f", fmt, "-o", out, banks=None)
        assert result.exit_code == 0, (fmt, result.stderr)


# --- printed to A4 --------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SOFFICE = shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def _check_printed(pdf: Path) -> None:
    pages = _pages(pdf)
    body = next(n for n, p in enumerate(pages) if "Appendix A: every item" in p)
    assert body <= 4, f"the body runs to {body} pages"
    first = pages[0]
    assert "The board is asked to" in first and "items scored" in first
    for n, page in enumerate(pages, 1):
        assert "not an Ofsted judgement" in page, n
        assert f"Page {n} of {len(pages)}" in page, n
    size = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "595.3" in size or "595.2" in size or "(A4)" in size  # A4 wide: nothing wider


@pytest.mark.slow
@pytest.mark.skipif(not (CHROMIUM and PDFTOTEXT), reason="needs chromium and poppler-utils")
def test_the_html_paper_prints_on_a4_with_its_body_in_four_pages(
        paper: dict[str, Path], tmp_path: Path) -> None:
    pdf = tmp_path / "html.pdf"
    subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", paper["html"].as_uri()],
                   capture_output=True, timeout=120, check=False)
    assert pdf.exists()
    _check_printed(pdf)
    widths = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                            text=True).stdout
    right = max(float(x) for x in re.findall(r'xMax="([\d.]+)"', widths))
    assert right < 595.3 - 30, "something runs into the right margin"


@pytest.mark.slow
@pytest.mark.skipif(not (SOFFICE and PDFTOTEXT), reason="needs LibreOffice and poppler-utils")
def test_the_word_paper_prints_on_a4_with_its_body_in_four_pages(
        paper: dict[str, Path], tmp_path: Path) -> None:
    docx_file = tmp_path / "paper.docx"
    shutil.copy(paper["docx"], docx_file)
    subprocess.run([str(SOFFICE), f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx_file)],
                   capture_output=True, timeout=180, check=False)
    pdf = tmp_path / "paper.pdf"
    assert pdf.exists()
    _check_printed(pdf)


# --- nothing typed can make an export run or link anything ---------------------------------

DANGEROUS = ["[x](http://evil.example)", "![i](http://evil.example/i.png)", "<script>x</script>",
             "<img src=x onerror=alert(1)>", "https://evil.example/a?b=c", "www.evil.example",
             "evil.example", "a@evil.example", '=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(1)",
             "\t=1", "javascript:alert(1)", RLO, "\u2066", "\u202b", "\u200f", "</style>",
             "&lt;script&gt;", "[a]: http://evil.example", "<http://evil.example>", "|", "\\"]
typed = __import__("hypothesis.strategies", fromlist=["text"])
TEXT = typed.lists(typed.one_of(typed.sampled_from(DANGEROUS),
                                typed.text(typed.characters(exclude_categories=("Cs",)),
                                           max_size=12)),
                   min_size=1, max_size=4).map("".join)


@pytest.fixture(scope="module")
def mini() -> object:
    return BankSet(Path(__file__).parent / "fixtures").get("mini")


def test_no_typed_text_makes_any_export_live(mini: object, tmp_path_factory:
                                              pytest.TempPathFactory) -> None:
    from hypothesis import HealthCheck, Phase, given, settings

    from readiness.assessment import Assessment, EvidenceRef, Response
    from readiness.reports.export import export

    folder = tmp_path_factory.mktemp("live")

    @settings(max_examples=15, deadline=None, phases=[Phase.explicit, Phase.generate],
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(authority=TEXT, note=TEXT, action=TEXT, owner=TEXT, title=TEXT, by=TEXT)
    def check(authority: str, note: str, action: str, owner: str, title: str,
              by: str) -> None:
        data = Assessment(
            schema=1, bank="mini", authority=authority, title=title,
            responses={"H01": Response(grade="good", evidence_strength="strong", note=note,
                                       by=by, evidence=["E1"]),
                       "H02": Response(grade="requires_improvement", note=title, by=owner)},
            actions=[Action(id="A1", item="H02", text=action, owner=owner,
                            due=date(2020, 1, 1))],
            evidence={"E1": EvidenceRef(title=title, location=note)})
        for fmt in ("html", "md", "csv", "json", "docx", "xlsx"):
            out = export(mini, data, fmt, folder / f"x.{fmt}")  # type: ignore[arg-type]
            _assert_inert(fmt, out)

    check()


BIDI_CHARS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _assert_inert(fmt: str, out: Path) -> None:
    if fmt in ("docx", "xlsx"):
        raw = _unzipped(out).decode("utf-8", "replace")
        assert not BIDI_CHARS.search(raw)
        assert not re.search(r"<(w:)?hyperlink[ >]|relationships/hyperlink", raw)
        if fmt == "docx":
            codes = re.findall(r"<w:instrText[^>]*>([^<]*)<", raw)
            assert {c.strip() for c in codes} <= {"PAGE", "NUMPAGES"}
            assert "fldSimple" not in raw
        else:
            import openpyxl

            book = openpyxl.load_workbook(out)
            assert not any(c.data_type == "f" for s in book.worksheets for r in s.iter_rows()
                           for c in r)
        return
    text = out.read_text(encoding="utf-8")
    assert not BIDI_CHARS.search(text)
    if fmt == "html":
        reader = html_of(out)
        tags = {t for t, _ in reader.tags}
        assert not tags & {"script", "a", "img", "iframe", "object", "embed", "link"}
        assert not any(k.startswith("on") for _, attrs in reader.tags for k in attrs)
        assert text.count("</style>") == 1
    elif fmt == "md":
        from markdown_it import MarkdownIt

        rendered = MarkdownIt("gfm-like").render(text)
        assert "<a " not in rendered and "<img" not in rendered and "<script" not in rendered
    elif fmt == "csv":
        for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))):
            for value in row:
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_several_assessors_reasoning_reads_as_sentences() -> None:
    from readiness.assessment import Entry, Response
    from readiness.banks import BankSet
    from readiness.reports.pack import rationale

    bank = BankSet().get("sif-2015")
    response = Response(by="A. Patel", grade="good", note="Audit done in May.",
                        entries=[Entry(by="J. Okafor", grade="good", note="Seen alone")])
    said = rationale(bank, response)
    assert said == "A. Patel: Audit done in May. J. Okafor: Seen alone", said
    response = Response(by="A. Patel", grade="good", note="Audit done in May",
                        entries=[Entry(by="J. Okafor", grade="good", note="Seen alone")])
    assert rationale(bank, response) == "A. Patel: Audit done in May; J. Okafor: Seen alone"


def test_the_marks_of_what_moved_are_explained(paper: dict[str, Path]) -> None:
    """'+' (newly graded) and the arrows had no key in the paper."""
    from docx import Document

    key = "Items: ▲ better, ▼ worse, = no change, + newly graded, − no longer graded."
    assert key in paper["md"].read_text(encoding="utf-8")
    assert key in paper["html"].read_text(encoding="utf-8")
    assert any(p.text == key for p in Document(str(paper["docx"])).paragraphs)
