"""The looked after children bank (2010) checked against its seed, word for word.

The expected items and descriptors are read from the seed here, independently of the bank:
a typo, a dropped or merged bullet, a bullet under the wrong judgement or a truncated
descriptor makes a test fail.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from readiness.banks import Bank, load_bank

try:
    from tests.conftest import normalise
except ImportError:  # tests is not importable as a package: same logic as tests/conftest.py

    def normalise(text: str) -> str:
        text = re.sub(r"<sup>\s*\d+\s*</sup>", "", text)
        text = text.replace("**", "").replace("*", "")
        return re.sub(r"\s+", " ", text).strip()


BANK = Path(__file__).resolve().parent.parent / "questionbanks" / "looked-after-2010.toml"
SEED = "004_20dd239f1c6485e9.txt"
CONTEXT_SEED = "001_34b3b6c34bb9045d.txt"

JUDGEMENT_IDS = [
    "overall",
    "capacity-to-improve",
    "ambition-and-prioritisation",
    "leadership-and-management",
    "performance-management-and-quality-assurance",
    "quality-of-provision",
    "being-healthy",
    "staying-safe",
    "enjoying-and-achieving",
    "making-a-positive-contribution",
    "achieving-economic-well-being",
    "equality-and-diversity",
]
GRADES = ["outstanding", "good", "adequate", "inadequate"]

# The schedule's own headings (paragraphs 12-23) and the judgement each one is.
SCHEDULE_HEADINGS = {
    "Overall effectiveness": "overall",
    "Capacity to improve": "capacity-to-improve",
    "Ambition and prioritisation": "ambition-and-prioritisation",
    "Leadership and management taking into account workforce development; partnerships and "
    "effective use of resources": "leadership-and-management",
    "Performance management and quality assurance": "performance-management-and-quality-assurance",
    "Quality of provision taking into account service responsiveness; quality of assessment and "
    "direct work with children and young people; quality of case planning, reviews and "
    "recording": "quality-of-provision",
    "Being healthy": "being-healthy",
    "Staying safe": "staying-safe",
    "Enjoying and achieving": "enjoying-and-achieving",
    "Making a positive contribution including user engagement": "making-a-positive-contribution",
    "Achieving economic well-being": "achieving-economic-well-being",
}

# The headings of the looked after children grade descriptors; None: a heading with no grades.
DESCRIPTOR_HEADINGS = {
    "Overall effectiveness": "overall",
    "Capacity to improve": "capacity-to-improve",
    "Ambition and prioritisation": "ambition-and-prioritisation",
    "Leadership and management": "leadership-and-management",
    "Performance management and quality assurance": "performance-management-and-quality-assurance",
    "Quality of provision taking into account service responsiveness; quality of assessment and "
    "direct work with children and families; quality of case planning, reviews and "
    "recording": "quality-of-provision",
    "Outcomes for looked after children": None,
    "Being healthy": "being-healthy",
    "Staying safe": "staying-safe",
    "Enjoying and achieving": "enjoying-and-achieving",
    "Making a positive contribution including user engagement": "making-a-positive-contribution",
    "Achieving economic well-being": "achieving-economic-well-being",
}

# Bullets per judgement as counted by hand in the seed (the five outcomes nested under the
# second bullet of paragraph 12 are five items).
EXPECTED_COUNTS = {
    "overall": 7,
    "capacity-to-improve": 4,
    "ambition-and-prioritisation": 3,
    "leadership-and-management": 7,
    "performance-management-and-quality-assurance": 4,
    "quality-of-provision": 10,
    "being-healthy": 7,
    "staying-safe": 5,
    "enjoying-and-achieving": 8,
    "making-a-positive-contribution": 8,
    "achieving-economic-well-being": 7,
    "equality-and-diversity": 0,
}

LIST_LEAD = re.compile(r"(extent to which|taking into account the):\s*$")
GRADE_MARK = re.compile(
    r"<b>\s*(Outstanding|Good|Adequate|Inadequate)\s*(?:</b>\s*<b>)?\s*Grade:\s*\d\s*</b>"
)


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(BANK)


def looked_after_part(seeds: Path) -> list[str]:
    """The seed's lines from the looked after children schedule to the end of the file."""
    lines = (seeds / SEED).read_text(encoding="utf-8").splitlines()
    marker = "## Evaluation schedule for the looked after children inspection"
    starts = [i for i, line in enumerate(lines) if line.strip() == marker]
    assert len(starts) == 1, "the seed no longer has one looked after children schedule"
    return lines[starts[0]:]


def heading_text(line: str) -> str | None:
    stripped = line.strip()
    if stripped.startswith("#"):
        return normalise(stripped.lstrip("#"))
    if stripped.startswith("**") and stripped.endswith("**") and len(stripped) > 4:
        return normalise(stripped)
    return None


def schedule_bullets(seeds: Path) -> list[tuple[str, int, str]]:
    """(judgement id, paragraph, bullet text) for every 'extent to which' bullet, in order.

    A bullet ending with a colon introduces nested bullets: each nested bullet is one
    bullet, prefixed by its parent so that it reads whole. Any other indentation is taken
    as a conversion artefact and the bullet stands on its own.
    """
    part = looked_after_part(seeds)
    end = next(i for i, line in enumerate(part) if line.strip() == "### Grade descriptors")
    found: list[tuple[str, int, str]] = []
    area: str | None = None
    paragraph = 0
    in_list = False
    parent: tuple[int, str] | None = None
    for line in part[:end]:
        heading = heading_text(line)
        if heading is not None:
            area = SCHEDULE_HEADINGS.get(heading)
            in_list = False
            continue
        numbered = re.match(r"^(\d+)\.\s+(.*)$", line)
        if numbered:
            paragraph = int(numbered.group(1))
            in_list = bool(LIST_LEAD.search(numbered.group(2)))
            parent = None
            if in_list:
                assert area is not None, f"paragraph {paragraph} is under no known heading"
            continue
        bullet = re.match(r"^(\s*)[-*]\s+(.*)$", line)
        if not (in_list and bullet):
            continue
        assert area is not None
        indent, text = len(bullet.group(1)), normalise(bullet.group(2))
        if parent is not None and indent > parent[0]:
            found.append((area, paragraph, f"{parent[1]} {text}"))
            continue
        parent = None
        if text.endswith(":"):
            parent = (indent, text)
            continue
        found.append((area, paragraph, text))
    return found


def strip_cell(html: str) -> str:
    """A table cell of the seed as plain text: tags, bullet marks and page rules removed."""
    html = re.sub(r"^\s*-{3}\t-{3}\s*$", " ", html, flags=re.M)
    html = re.sub(r"<[^>]+>", " ", html)
    return normalise(html.replace("■", " "))


def seed_descriptors(seeds: Path) -> tuple[dict[str, dict[str, str]], str]:
    """Judgement id to grade to descriptor text, and the whole descriptor section as text."""
    part = looked_after_part(seeds)
    start = next(i for i, line in enumerate(part) if line.strip() == "### Grade descriptors")
    section = part[start + 1:]
    blocks: list[tuple[str | None, list[str]]] = []
    for line in section:
        heading = heading_text(line)
        if heading is not None:
            assert heading in DESCRIPTOR_HEADINGS, f"unexpected descriptor heading {heading!r}"
            blocks.append((DESCRIPTOR_HEADINGS[heading], []))
        elif blocks:
            blocks[-1][1].append(line)
    out: dict[str, dict[str, str]] = {}
    for jid, lines in blocks:
        text = "\n".join(lines)
        marks = list(GRADE_MARK.finditer(text))
        if jid is None:
            assert not marks, "grades under a heading that names no judgement"
            continue
        grades: dict[str, str] = {}
        for n, mark in enumerate(marks):
            stop = marks[n + 1].start() if n + 1 < len(marks) else len(text)
            grades[mark.group(1).lower()] = strip_cell(text[mark.end():stop])
        out[jid] = grades
    return out, strip_cell("\n".join(section))


# --- the bank on its own --------------------------------------------------------------


def test_bank_loads_with_judgements_in_schedule_order(bank: Bank) -> None:
    assert bank.id == "looked-after-2010"
    assert bank.version == "2010.1"
    assert bank.source == [SEED, CONTEXT_SEED]
    assert [j.id for j in bank.judgements] == JUDGEMENT_IDS
    assert [(g.slug, g.label, g.short) for g in bank.scale] == [
        ("outstanding", "Outstanding", "O"),
        ("good", "Good", "G"),
        ("adequate", "Adequate", "A"),
        ("inadequate", "Inadequate", "I"),
    ]
    kinds = {j.id: j.kind for j in bank.judgements}
    assert kinds.pop("overall") == "overall"
    assert set(kinds.values()) == {"key"}
    assert not bank.limiting
    assert all(j.title and j.source.startswith(SEED) for j in bank.judgements)


def test_rules_are_best_fit_and_overall_takes_the_other_judgements_into_account(
        bank: Bank) -> None:
    rules = bank.rules
    assert rules.benchmark.grade == "good"
    assert (rules.widespread.share, rules.exceeds.share, rules.coverage.share) == (0.5, 0.5, 0.5)
    assert rules.failure is not None and rules.failure.share == 0.25
    assert rules.serious is not None and rules.serious.basis == "framework"
    assert (rules.range.unassessed_low, rules.range.unassessed_high) == ("adequate", "good")
    assert rules.range.weak_evidence_drop == 1
    assert rules.overall is not None and rules.overall.own_items
    assert rules.overall.basis == "method" and "evidence and judgements from across the " \
        "evaluation schedule" in rules.overall.quote
    assert rules.graded is None and rules.graded_ceiling is None
    assert rules.limit == [], "the seed says nowhere that one judgement limits another"


def test_items_are_numbered_and_answerable(bank: Bank) -> None:
    assert [i.id for i in bank.items] == [f"LA{n:02d}" for n in range(1, len(bank.items) + 1)]
    for item in bank.items:
        assert item.judgements[0] in JUDGEMENT_IDS, item.id
        assert item.judgements[1:] in ([], ["equality-and-diversity"]), item.id
        assert item.question.strip().endswith("?"), item.id
        assert 2 <= len(item.prompts) <= 3 and all(p.strip() for p in item.prompts), item.id
        assert 3 <= len(item.short.split()) <= 8, item.id
        assert re.fullmatch(rf"{re.escape(SEED)}, paragraph \d+", item.source), item.id
        assert item.evidence == [], item.id
    assert bank.evidence == []


def test_items_follow_the_schedule_order(bank: Bank) -> None:
    order = [JUDGEMENT_IDS.index(i.judgements[0]) for i in bank.items]
    assert order == sorted(order)
    counts = {jid: sum(1 for i in bank.items if i.judgements[0] == jid) for jid in JUDGEMENT_IDS}
    assert counts == EXPECTED_COUNTS
    assert len(bank.items) == sum(EXPECTED_COUNTS.values()) == 70


# --- the bank against the seed ------------------------------------------------------


def test_every_bullet_is_an_item_verbatim(bank: Bank, seeds: Path) -> None:
    expected = schedule_bullets(seeds)
    assert {jid: sum(1 for e in expected if e[0] == jid) for jid in JUDGEMENT_IDS} == (
        EXPECTED_COUNTS
    )
    got = [(i.judgements[0], normalise(i.text)) for i in bank.items]
    assert got == [(jid, text) for jid, _, text in expected]


def test_item_sources_name_the_paragraph(bank: Bank, seeds: Path) -> None:
    expected = schedule_bullets(seeds)
    assert [i.source for i in bank.items] == [f"{SEED}, paragraph {p}" for _, p, _ in expected]


def test_descriptors_are_verbatim(bank: Bank, seeds: Path) -> None:
    seed, section = seed_descriptors(seeds)
    assert set(seed) == set(JUDGEMENT_IDS) - {"equality-and-diversity"}
    for j in bank.judgements:
        for grade, text in j.descriptors.items():
            assert normalise(text) in section, f"{j.id} {grade}"
        if j.id in seed:
            assert list(j.descriptors) == GRADES, j.id
            assert list(seed[j.id]) == GRADES, j.id
            for grade in GRADES:
                assert normalise(j.descriptors[grade]) == seed[j.id][grade], f"{j.id} {grade}"
        else:
            assert j.descriptors == {}, j.id


def test_descriptors_keep_one_bullet_per_line(bank: Bank) -> None:
    for j in bank.judgements:
        for grade, text in j.descriptors.items():
            lines = text.split("\n")
            assert all(line == line.strip() and line for line in lines), f"{j.id} {grade}"
            assert not any(line.startswith(("■", "-", "*")) for line in lines), f"{j.id} {grade}"


def test_summaries_are_from_the_seed(bank: Bank, seeds: Path) -> None:
    schedule = normalise("\n".join(looked_after_part(seeds)))
    for j in bank.judgements:
        assert j.summary, j.id
        for line in j.summary.split("\n"):
            assert normalise(line) in schedule, j.id


# --- the 2013 framework's dated steps (001), as this bank's timeline ------------------------

LAC_TIMELINE = {
    # id: (after, working days, paragraph, basis)
    "set-up-meeting": ("notified", 4, 23, "method"),
    "fieldwork": ("notified", 10, 7, "method"),
    "eight-case-audits": ("fieldwork", 0, 30, "framework"),
    "feedback": ("fieldwork", 4, 40, "method"),
    "on-site-days": ("fieldwork", 0, 10, "framework"),
    "draft-report": ("feedback", 10, 35, "method"),
    "factual-accuracy": ("draft-report", 5, 36, "framework"),
    "final-report": ("feedback", 20, 37, "method"),
    "publication": ("feedback", 25, 38, "method"),
}


def paragraph(seed_text: str, number: int) -> str:
    """Paragraph `number` of the 2013 framework, from "N. " to "N+1. ", whitespace folded."""
    start = re.search(rf"(?m)^\s*{number}\. ", seed_text)
    end = re.search(rf"(?m)^\s*{number + 1}\. ", seed_text)
    assert start and end, number
    return normalise(seed_text[start.start(): end.start()])


def test_timeline_steps_are_the_2013_frameworks_verbatim(bank: Bank, seeds: Path) -> None:
    text = (seeds / CONTEXT_SEED).read_text(encoding="utf-8")
    steps = {t.id: t for t in bank.timeline}
    assert set(steps) == set(LAC_TIMELINE)
    for ident, (after, days, number, basis) in LAC_TIMELINE.items():
        step = steps[ident]
        assert (step.after, step.working_days, step.basis) == (after, days, basis), ident
        assert step.source.startswith(f"{CONTEXT_SEED}, paragraph {number}"), ident
        assert normalise(step.quote) in paragraph(text, number), ident
        assert step.basis != "method" or step.reading, ident
    # The figures are the paragraphs' own.
    assert "10 working days" in steps["fieldwork"].quote
    assert "four days after notification" in steps["set-up-meeting"].quote
    assert "up to five working days" in steps["on-site-days"].quote
    assert steps["on-site-days"].until == "feedback"
    assert "within 10 working days of the end of the inspection" in steps["draft-report"].quote
    assert "within five working days (15 working days" in steps["factual-accuracy"].quote
    assert "within 20 working days" in steps["final-report"].quote
    assert "within 25 days" in steps["publication"].quote


def test_the_timeline_dates_over_easter_worked_out_by_hand(bank: Bank) -> None:
    import datetime as dt

    from readiness.timeline import build

    built = build(bank, dt.date(2026, 3, 31))  # Tuesday; Good Friday 3 April, Easter Monday 6
    dates = {s.id: (s.start, s.end) for s in built.steps}
    day = dt.date
    assert dates == {
        # 4 working days: 1, 2, (3 and 6 April off), 7, 8 April.
        "set-up-meeting": (day(2026, 4, 8), None),
        # 10 working days: ... 9, 10, 13, 14, 15, 16 April.
        "fieldwork": (day(2026, 4, 16), None),
        "eight-case-audits": (day(2026, 4, 16), None),
        "on-site-days": (day(2026, 4, 16), day(2026, 4, 22)),
        "feedback": (day(2026, 4, 22), None),  # the fifth day on site: 16, 17, 20, 21, 22
        "draft-report": (day(2026, 5, 7), None),  # 10 working days; May Day (4 May) off
        "factual-accuracy": (day(2026, 5, 14), None),  # 15 working days after the end
        "final-report": (day(2026, 5, 21), None),
        "publication": (day(2026, 5, 29), None),  # Spring bank holiday (25 May) off
    }
    assert not built.steps[0].notes


def test_timeline_command_takes_this_framework() -> None:
    from tests.helpers import run

    result = run("timeline", "--notified", "2026-03-31", "--framework", "looked-after-2010",
                 banks=None)
    assert result.exit_code == 0, result.output
    assert "Set-up meeting" in result.stdout and "29 May" in result.stdout
    assert "Sources: 001 2013 looked after children framework." in result.stdout
    assert "SIF" not in result.stdout
