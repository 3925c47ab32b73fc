"""Every screen, command and pack says the same thing, because they all read views.py.

For the demo (SIF 2015) and a safeguarding-2010 assessment: the dashboard's headline, the
judgement screens, `summary --json`, and the JSON and Markdown packs agree on every
judgement's likely grade and range, on which items are strengths and which are evidence
gaps. Then a bank with a five-grade scale exports in all six formats and renders in the app.
"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from readiness import demo, store, views
from readiness.banks import BankSet
from readiness.judgement import judge
from readiness.tui.app import make_app
from readiness.tui.screens.judgement import JudgementScreen
from readiness.tui.widgets import grades
from tests.helpers import run

FIVE = Path(__file__).resolve().parent / "fixtures" / "five"


def safeguarding(folder: Path) -> Path:
    """A safeguarding-2010 assessment: most items scored, some weak, one inadequate."""
    path = folder / "safeguarding.toml"
    bank = BankSet().get("safeguarding-2010")
    editable = store.create(path, bank, "Westshire")
    editable.add_evidence("AUD-1", title="Case audit", location="https://example.org/a")
    for n, item in enumerate(bank.items):
        if n % 7 == 6:
            continue
        grade = ["good", "adequate", "good", "outstanding", "inadequate"][n % 5]
        editable.score(item.id, grade, by="A", strength=["strong", "partial"][n % 2],
                       evidence=["AUD-1"] if n % 3 else [])
    store.save(editable)
    return path


@pytest.fixture(scope="module", params=["demo", "safeguarding-2010"])
def assessment(request: pytest.FixtureRequest,
               tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "demo":
        return demo.ensure(BankSet(), folder / "demo.toml")
    return safeguarding(folder)


def markdown_table(text: str, heading: str) -> list[list[str]]:
    """The rows of the first table after `heading` in a Markdown pack."""
    rest = text[text.index(heading):]
    rows = []
    for line in rest.splitlines()[2:]:
        if line.startswith("|---"):
            continue
        if not line.startswith("|"):
            if rows:
                break
            continue
        rows.append([c.strip() for c in line.strip("|").split(" | ")])
    return rows[1:]


def test_every_view_agrees(assessment: Path, tmp_path: Path) -> None:
    data, bank = store.read(assessment, BankSet())
    result = judge(bank, data)
    found = views.statuses(bank, data, result)

    summary = json.loads(run("summary", assessment, "--json", banks=None).stdout)
    said = {j["id"]: (j["likely"], j["low"], j["high"]) for j in summary["judgements"]}
    assert said == {j.id: (j.likely, j.low, j.high) for j in result.judgements}

    pack_json, pack_md = tmp_path / "p.json", tmp_path / "p.md"
    for fmt, out in (("json", pack_json), ("md", pack_md)):
        assert run("export", assessment, "-f", fmt, "-o", out, banks=None).exit_code == 0
    pack = json.loads(pack_json.read_text())
    sections = pack["judgements"]
    assert {s["id"]: (s["likely"], s["low"], s["high"]) for s in sections} == said
    headline = views.headline(bank, result)
    assert pack["headline"] == headline
    markdown = pack_md.read_text()
    assert headline in markdown.replace("\\", "")
    table = markdown_table(markdown, "## 3. The position in brief")
    shown = {j.name: (j.grade, j.range) for j in views.judgement_views(bank, result)}
    assert {row[0]: (row[1], row[2]) for row in table} == shown

    for section in sections:
        strengths = section["strengths"]
        assert strengths == [x.status.id for x in views.strengths(bank, found, section["id"])]
        gap_free = {x.status.id for x in views.gaps(bank, found)}
        assert not set(strengths) & gap_free, "a strength is never an evidence gap"
    assert pack["gaps"] == [x.status.id for x in views.gaps(bank, found)]
    gaps_md = [row[0] for row in markdown_table(markdown, "## Appendix B: evidence gaps")]
    assert gaps_md == pack["gaps"]

    app = make_app(path=assessment, assessor="Tester")

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            head = str(app.screen.query_one("#headline", Static).render())
            assert " ".join(headline.split()) in " ".join(head.split())
            for judgement in result.judgements:
                app.open_judgement(judgement.id)
                await pilot.pause()
                assert isinstance(app.screen, JudgementScreen)
                rendered = str(app.screen.query_one("#judgement-head", Static).render())
                assert str(grades.likely(bank, judgement)) in rendered
                assert str(grades.range_bar(bank, judgement.likely, judgement.low,
                                            judgement.high)) in rendered
                app.pop_screen()
                await pilot.pause()
            app.open_screen("evidence")
            await pilot.pause()
            bare = app.screen.query_one("#bare", DataTable)
            assert [str(k.value) for k in bare.rows] == pack["gaps"]

    asyncio.run(main())


@pytest.mark.parametrize("fmt", ["html", "docx", "xlsx", "md", "csv", "json"])
def test_a_five_grade_bank_exports_in_every_format(fmt: str, tmp_path: Path) -> None:
    path = tmp_path / "five.toml"
    assert run("new", path, "--bank", "five", "--authority", "Fiveshire", banks=FIVE).exit_code == 0
    for item, grade in (("H01", "excellent"), ("H02", "strong"), ("H03", "weak"),
                        ("C01", "failing"), ("C02", "sound"), ("M01", "strong")):
        assert run("score", path, item, grade, "--by", "A", banks=FIVE).exit_code == 0
    out = tmp_path / f"pack.{fmt}"
    result = run("export", path, "-f", fmt, "-o", out, banks=FIVE)
    assert result.exit_code == 0, result.stderr
    assert out.stat().st_size > 0
    if fmt == "html":
        text = out.read_text()
        for tone in ("g-best", "g-benchmark", "g-below", "g-worst"):
            assert tone in text
        assert not re.search(r'class="grade g-(excellent|strong|sound|weak|failing)', text)


def test_a_five_grade_bank_renders_in_the_app(tmp_path: Path) -> None:
    path = tmp_path / "five.toml"
    assert run("new", path, "--bank", "five", "--authority", "Fiveshire", banks=FIVE).exit_code == 0
    assert run("score", path, "H01", "failing", "--serious", "--by", "A",
               banks=FIVE).exit_code == 0
    app = make_app(BankSet(FIVE), path, assessor="A")

    async def main() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            table = app.screen.query_one("#judgements", DataTable)
            assert "Failing" in str(table.get_cell("help", "likely"))
            app.open_judgement("help")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            text = str(app.screen.query_one("#keys", Static).render())
            assert all(f"{n} " in text for n in range(1, 6))

    asyncio.run(main())


def test_the_headline_says_what_would_make_overall_fall_as_the_engine_does(
        assessment: Path) -> None:
    """The headline once said "if children looked after and leadership fall" where the
    engine's reason (rightly: either is enough, SIF paragraph 30) said "or". It now quotes
    the engine, and a name like "Performance management and QA" keeps its capitals."""
    banks = BankSet()
    data, bank = store.read(assessment, banks)
    readiness = judge(bank, data)
    overall = readiness.overall()
    assert overall is not None
    line = views.headline(bank, readiness)
    falls = [r.text for r in overall.because if r.about == "low"
             and r.text.startswith("Could fall to")]
    if falls:
        said = falls[0][:1].lower() + falls[0][1:].rstrip(".")
        assert said in line, (said, line)
    assert " qa" not in line and " qa " not in line
