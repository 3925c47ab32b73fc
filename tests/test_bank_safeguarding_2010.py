"""The 2010 safeguarding bank, checked against the Ofsted document it was transcribed from.

The seed (004_20dd239f1c6485e9.txt) is read here on its own terms: the bullets under each
numbered paragraph of the safeguarding evaluation schedule, and the grade descriptor table
for each area, are extracted from it independently of the bank, and the bank must match them
word for word (after `normalise`). A typo, a dropped bullet or a bullet under the wrong
judgement fails a test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from readiness.banks import Bank, load_bank
from tests.conftest import ROOT, normalise

BANK = ROOT / "questionbanks" / "safeguarding-2010.toml"
SEED = "004_20dd239f1c6485e9.txt"

JUDGEMENT_IDS = [
    "overall",
    "capacity-to-improve",
    "ambition-and-prioritisation",
    "leadership-and-management",
    "performance-management-and-quality-assurance",
    "partnership-working",
    "health-contribution",
    "quality-of-provision",
    "safeguarding-outcomes",
    "equality-and-diversity",
]

# The schedule's numbered paragraphs and the judgement their bullets belong to. Paragraph 2
# (capacity to improve) and 11 (equality and diversity) are prose without bullets.
PARAGRAPH_JUDGEMENT = {
    1: "overall",
    2: "capacity-to-improve",
    3: "capacity-to-improve",
    4: "ambition-and-prioritisation",
    5: "leadership-and-management",
    6: "performance-management-and-quality-assurance",
    7: "partnership-working",
    8: "health-contribution",
    9: "quality-of-provision",
    10: "safeguarding-outcomes",
    11: "equality-and-diversity",
}

# The headings of the seed's "Grade descriptors" section, as printed, and their judgement.
DESCRIPTOR_HEADING = {
    "Overall effectiveness": "overall",
    "Capacity to improve": "capacity-to-improve",
    "Ambition and prioritisation": "ambition-and-prioritisation",
    "Leadership and management": "leadership-and-management",
    "Performance management and quality assurance": "performance-management-and-quality-assurance",
    "Partnerships": "partnership-working",
    "The contribution of health agencies to safeguarding children and young people":
        "health-contribution",
    "Quality of provision including service responsiveness, assessment, case planning, "
    "reviews and recording": "quality-of-provision",
    "Safeguarding outcomes- children and young people are safe and feel safe":
        "safeguarding-outcomes",
}

GRADES = ["outstanding", "good", "adequate", "inadequate"]


# --- reading the seed ----------------------------------------------------------


def seed_text(seeds: Path) -> str:
    return (seeds / SEED).read_text(encoding="utf-8")


def safeguarding_part(text: str) -> str:
    """The safeguarding schedule only: the looked after children schedule follows it."""
    start = text.index("## Evaluation schedule for the safeguarding inspection")
    end = text.index("## Evaluation schedule for the looked after children inspection", start)
    return text[start:end]


def schedule_bullets(text: str) -> dict[int, list[str]]:
    """Paragraph number to its bullets, in order; a sub-bullet is prefixed by its parent.

    A bullet ending in ':' introduces sub-bullets (the more deeply indented bullets that
    follow it); it is not a thing to evaluate on its own. Footnotes and page rules between
    bullets are skipped.
    """
    part = safeguarding_part(text)
    schedule = part[: part.index("### Grade descriptors")]
    found: dict[int, list[str]] = {}
    paragraph: int | None = None
    parent: tuple[int, str] | None = None
    for line in schedule.splitlines():
        numbered = re.match(r"(\d+)\.\s", line)
        if numbered:
            paragraph = int(numbered.group(1))
            found[paragraph] = []
            parent = None
            continue
        bullet = re.match(r"( *)- (\S.*)$", line)
        if paragraph is None or not bullet:
            continue
        indent, words = len(bullet.group(1)), normalise(bullet.group(2))
        if parent is not None and indent > parent[0]:
            found[paragraph].append(f"{parent[1]} {words}")
        elif words.endswith(":"):
            parent = (indent, words)
        else:
            parent = None
            found[paragraph].append(words)
    return found


def descriptor_cells(text: str) -> dict[str, dict[str, list[str]]]:
    """Heading of the grade descriptor section to grade slug to the cell's lines.

    The cells are HTML table fragments: each paragraph or bullet (nested or not) is a
    line; tags, bullet characters ('■', and '-' for nested bullets) and table rules are
    dropped and whitespace folded. Where a page break splits a cell, the seed carries on in
    a row that starts with a tab, and its first line continues the line before the break.
    """
    part = safeguarding_part(text)
    section = part[part.index("### Grade descriptors") :]
    pieces = re.split(r"^(?:#{2,4} (.+)|\*\*(.+)\*\*)$", section, flags=re.M)
    cells: dict[str, dict[str, list[str]]] = {}
    # re.split yields: prefix, (heading, bold heading, body) ...
    for i in range(1, len(pieces), 3):
        heading = (pieces[i] or pieces[i + 1]).strip()
        body = re.sub(r"^[-|\s]*-{2,}[-|\s]*$", " ", pieces[i + 2], flags=re.M)
        body = re.sub(r"^\t", "\x01", body, flags=re.M)  # a row continued after a page break
        body = re.sub(r"<li>\s*[■-]?\s*|</li>|</?p>|<ul[^>]*>|</ul>", "\x02", body)
        body = re.sub(r"<[^>]+>", " ", body)
        grades = re.split(r"\b(Outstanding|Good|Adequate|Inadequate)\s+Grade:\s*[1-4]\b", body)
        if len(grades) < 3:
            continue  # the section's own heading
        cells[heading] = {}
        for k in range(1, len(grades), 2):
            lines: list[str] = []
            carry_on = False
            for block in grades[k + 1].split("\x02"):
                carry_on = carry_on or "\x01" in block
                words = normalise(block.replace("\x01", " "))
                if not words:
                    continue
                if carry_on and lines:
                    lines[-1] += " " + words
                else:
                    lines.append(words)
                carry_on = False
            cells[heading][grades[k].lower()] = lines
    return cells


# --- comparing ---------------------------------------------------------------


def item_problems(bank: Bank, text: str) -> list[str]:
    """Every way the bank's items differ from the schedule's bullets."""
    expected: dict[str, list[str]] = {j: [] for j in JUDGEMENT_IDS}
    bullets = schedule_bullets(text)
    assert sorted(bullets) == sorted(PARAGRAPH_JUDGEMENT), "the seed's paragraphs have changed"
    for paragraph, found in bullets.items():
        expected[PARAGRAPH_JUDGEMENT[paragraph]].extend(found)
    problems: list[str] = []
    for jid in JUDGEMENT_IDS:
        before = len(problems)
        have = [normalise(i.text) for i in bank.items if i.judgements[0] == jid]
        if len(have) != len(expected[jid]):
            problems.append(f"{jid}: {len(have)} items, the seed has {len(expected[jid])} bullets")
        for text_ in expected[jid]:
            if text_ not in have:
                problems.append(f"{jid}: no item reads {text_!r}")
        for text_ in have:
            if text_ not in expected[jid]:
                problems.append(f"{jid}: item {text_!r} is not a bullet of this area in the seed")
        if len(problems) == before and have != expected[jid]:
            problems.append(f"{jid}: items are not in the seed's order")
    return problems


def descriptor_problems(bank: Bank, text: str) -> list[str]:
    """Every way the bank's grade descriptors differ from the seed's descriptor tables."""
    cells = descriptor_cells(text)
    problems: list[str] = []
    if set(cells) != set(DESCRIPTOR_HEADING):
        problems.append(f"descriptor headings in the seed: {sorted(cells)}")
    by_judgement = {DESCRIPTOR_HEADING[h]: c for h, c in cells.items() if h in DESCRIPTOR_HEADING}
    for j in bank.judgements:
        seed_cells = by_judgement.get(j.id, {})
        if sorted(j.descriptors) != sorted(seed_cells):
            have, seed_has = sorted(j.descriptors), sorted(seed_cells)
            problems.append(f"{j.id}: descriptors for {have}, the seed has {seed_has}")
        for grade, words in j.descriptors.items():
            lines = words.split("\n")
            if any(not line.strip() or line != line.strip() for line in lines):
                problems.append(f"{j.id}.{grade}: blank line or stray whitespace")
            seed_lines = seed_cells.get(grade, [])
            if normalise(" ".join(lines)) != " ".join(seed_lines):
                problems.append(f"{j.id}.{grade}: not the seed's descriptor, verbatim")
            elif [normalise(line) for line in lines] != seed_lines:
                problems.append(f"{j.id}.{grade}: not one line per paragraph or bullet")
    return problems


# --- tests ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(BANK)


def test_bank_loads_with_the_judgements_in_schedule_order(bank: Bank) -> None:
    assert bank.id == "safeguarding-2010"
    assert bank.version == "2010.1"
    assert bank.source == [SEED]
    assert [g.slug for g in bank.scale] == GRADES
    assert [g.short for g in bank.scale] == ["O", "G", "A", "I"]
    assert [j.id for j in bank.judgements] == JUDGEMENT_IDS
    assert [j.kind for j in bank.judgements] == ["overall"] + ["key"] * 9
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


def test_every_item_is_answerable(bank: Bank) -> None:
    assert [i.id for i in bank.items] == [f"SG{n:02d}" for n in range(1, len(bank.items) + 1)]
    for item in bank.items:
        assert item.judgements[0] in JUDGEMENT_IDS, item.id
        assert item.judgements[1:] in ([], ["equality-and-diversity"]), item.id
        assert 3 <= len(item.short.split()) <= 8, item.id
        assert item.question.endswith("?"), item.id
        assert re.search(r"\b(we|our|us)\b", item.question, re.I), f"{item.id}: authority's voice"
        assert 2 <= len(item.prompts) <= 3, item.id
        assert all(p.strip() and p.rstrip()[-1] in "?." for p in item.prompts), item.id
        assert item.evidence == [], item.id
        match = re.fullmatch(re.escape(SEED) + r", paragraph (\d+)", item.source)
        assert match, f"{item.id}: source {item.source!r}"
        assert PARAGRAPH_JUDGEMENT[int(match.group(1))] == item.judgements[0], item.id


def test_items_are_the_schedule_bullets_verbatim(bank: Bank, seeds: Path) -> None:
    text = seed_text(seeds)
    assert item_problems(bank, text) == []
    for item in bank.items:
        paragraph = int(item.source.rsplit(" ", 1)[1])
        assert normalise(item.text) in schedule_bullets(text)[paragraph], item.id


def test_item_counts(bank: Bank, seeds: Path) -> None:
    bullets = schedule_bullets(seed_text(seeds))
    counts = {j: 0 for j in JUDGEMENT_IDS}
    for paragraph, found in bullets.items():
        counts[PARAGRAPH_JUDGEMENT[paragraph]] += len(found)
    home = {j: sum(1 for i in bank.items if i.judgements[0] == j) for j in JUDGEMENT_IDS}
    assert home == counts
    # As read from the seed when the bank was written (sub-bullets count one each).
    assert counts == {
        "overall": 3,
        "capacity-to-improve": 4,
        "ambition-and-prioritisation": 3,
        "leadership-and-management": 9,
        "performance-management-and-quality-assurance": 4,
        "partnership-working": 4,
        "health-contribution": 14,
        "quality-of-provision": 12,
        "safeguarding-outcomes": 9,
        "equality-and-diversity": 0,
    }


def test_descriptors_are_the_seeds_verbatim(bank: Bank, seeds: Path) -> None:
    assert descriptor_problems(bank, seed_text(seeds)) == []


def test_every_area_with_descriptors_has_all_four_grades(bank: Bank, seeds: Path) -> None:
    cells = descriptor_cells(seed_text(seeds))
    for heading, jid in DESCRIPTOR_HEADING.items():
        assert sorted(cells[heading]) == sorted(GRADES), heading
        assert sorted(bank.judgement_map[jid].descriptors) == sorted(GRADES), jid
    # Equality and diversity has no descriptor table in the seed, so none in the bank.
    assert bank.judgement_map["equality-and-diversity"].descriptors == {}


def test_summaries_are_verbatim(bank: Bank, seeds: Path) -> None:
    schedule = normalise(safeguarding_part(seed_text(seeds)))
    for j in bank.judgements:
        if j.summary:
            assert normalise(j.summary) in schedule, j.id


def test_a_typo_is_caught(bank: Bank, seeds: Path, tmp_path: Path) -> None:
    """The checks above are not vacuous: one changed letter in the bank fails them."""
    text = seed_text(seeds)
    source = BANK.read_text(encoding="utf-8")
    item_typo = source.replace("general practitioners fulfil", "general practitioner fulfil", 1)
    desc_typo = source.replace("planning is effective\n", "planing is effective\n", 1)
    assert item_typo != source and desc_typo != source
    for changed, problems in ((item_typo, item_problems), (desc_typo, descriptor_problems)):
        path = tmp_path / "typo.toml"
        path.write_text(changed, encoding="utf-8")
        assert problems(load_bank(path), text) != []
