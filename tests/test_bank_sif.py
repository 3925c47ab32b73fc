"""The 2015 single inspection framework bank, checked against the documents it came from.

The seeds are read here on their own terms, independently of the bank: the framework's
"good" bullets are found by splitting its judgement sections on the bullet character "·"
and looking for the "(ESN nn)" marker, the grade descriptors by the "Outstanding /
Requires improvement / Inadequate" headings, Annex A's documents and child-level lists by
their numbers, and the briefing's key lines of enquiry by "(n)". The bank must match
them word for word after `normalise`, so a typo, a dropped sentence or an item under the
wrong judgement fails a test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readiness.banks import Bank, load_bank
from tests.conftest import ROOT, normalise

BANK = ROOT / "questionbanks" / "sif-2015.toml"
FRAMEWORK = "000_77149800705d8843.txt"
BRIEFING = "002_f34239d11ac8d237.txt"
SUMMARY = "003_a65612f2f1bbd836.txt"

JUDGEMENTS = [
    ("overall", "overall", "Overall effectiveness"),
    ("help-and-protection", "key",
     "The experiences and progress of children who need help and protection"),
    ("looked-after", "key",
     "The experiences and progress of children looked after and achieving permanence"),
    ("adoption", "graded", "Adoption performance"),
    ("care-leavers", "graded", "The experiences and progress of care leavers"),
    ("leadership", "key", "Leadership, management and governance"),
]

# Each judgement's heading in the framework, in order; its section runs to the next one.
HEADINGS = [
    ("help-and-protection",
     "Key judgement: The experiences and progress of children who need help and protection"),
    ("looked-after",
     "Key judgement: The experiences and progress of children looked after and achieving "
     "permanence"),
    ("adoption", "\nAdoption performance\n"),
    ("care-leavers", "\nThe experiences and progress of care leavers\n"),
    ("leadership", "Key judgement: Leadership, management and governance"),
]

# The numbered paragraph that opens each judgement's list of "good" characteristics.
GOOD_PARAGRAPHS = [
    (31, "help-and-protection", "31. A local authority is likely to be judged good if:"),
    (33, "looked-after", "33. A local authority is likely to be judged good if:"),
    (34, "adoption", "34. Adoption is likely to be judged good"),
    (36, "care-leavers", "36. The experiences and progress of care leavers is likely"),
    (37, "leadership", "37. Leadership, management and governance are likely"),
]

ADOPTION_MARKED = {36, 37, 38, 39, 42, 43, 44, 45, 46, 49}
THIRD_PARTY = {"ESN41", "ESN75", "ESN88"}

EVIDENCE_CODES = (
    [f"1.{n:02d}" for n in range(1, 14)]
    + [f"2.{n:02d}" for n in range(1, 8)]
    + [f"3.{n:02d}" for n in range(1, 11)]
)
EVIDENCE_GROUPS = {
    "1": "Performance information",
    "2": "Children in need of help and/or protection",
    "3": "Children looked after and care leavers",
}
# Annex A goes on to list a report's fields for each child: the first sentence is the title,
# the next is `detail` and the fields are `contents`.
WITH_CONTENTS = {"2.03", "2.06", "2.07"}

# Items whose question is the briefing's (002, section 6) wording. Quotes are curled in the
# bank and a few slips are mended; CORRECTIONS lists each mend as (002 as printed, bank).
QUESTIONS_FROM_002 = {
    22, 23, 24, 25, 26, 28, 29, 30, 31, 33, 34, 35, 36, 37, 39, 40, 44, 45, 46, 47, 48, 49,
    50, 51, 52, 53, 54,
    55, 56, 57, 58, 59, 60, 61, 62, 64, 65,
    66, 67, 69, 70, 71, 72, 73, 74,
}
CORRECTIONS = [
    ("with a wide range of needs.", "with a wide range of needs?"),
    ("Are children and young people are effectively", "Are children and young people effectively"),
    ("independent reviewing officers (IROs).", "independent reviewing officers (IROs)?"),
    ("Is adoption is considered", "Is adoption considered"),
    ("Are sufficient families are available", "Are sufficient families available"),
    ("health needs of Care Leavers are clearly", "health needs of Care Leavers clearly"),
    ("full health history and are provided", "full health history and are they provided"),
    ("Are Care leavers are provided", "Are Care leavers provided"),
    ("Is it an - effective", "Is it an effective"),
]


# --- reading the seeds ------------------------------------------------------------


def read(seeds: Path, name: str) -> str:
    return (seeds / name).read_text(encoding="utf-8")


def straight(text: str) -> str:
    """Curly quotes folded to straight ones, for comparing with the briefing."""
    return text.replace("‘", "'").replace("’", "'").replace("“", '"').replace("”", '"')


def bullet_at(text: str, start: int) -> str:
    """The bullet beginning at `start`: its line plus footnote-break continuation lines."""
    lines = text[start:].split("\n")
    kept = [lines[0]]
    for line in lines[1:]:
        if not line.startswith(" ") or not line.strip():
            break
        kept.append(line)
    return normalise(" ".join(kept).lstrip("·"))


def sections(framework: str) -> dict[str, str]:
    """Each judgement's part of the framework, from its heading to the next (or Annex A)."""
    starts = [(jid, framework.index(heading)) for jid, heading in HEADINGS]
    ends = [s for _, s in starts[1:]] + [framework.index("Annex A. Identifying cases")]
    return {jid: framework[s:e] for (jid, s), e in zip(starts, ends, strict=True)}


def seed_good_bullets(framework: str) -> list[tuple[int, str, int, bool]]:
    """(ESN number, text, paragraph, marked for adoption) for every "good" characteristic.

    Each judgement's good list is split on "·"; a piece with an "(ESN nn)" marker (or the
    first one's long form, "(Evaluation schedule number (ESN) 01)") is a characteristic.
    """
    out = []
    for para, _, opening in GOOD_PARAGRAPHS:
        start = framework.index(opening)
        end = framework.index("\nOutstanding", start)
        for piece in framework[start:end].split("·")[1:]:
            marker = re.search(r"\((?:Evaluation schedule number \(ESN\)|ESN) (\d+)\)", piece)
            if marker is None:
                continue
            text = piece[: marker.start()]
            adoption = "(applies to adoption judgement)" in text
            text = normalise(re.sub(r"\s*\(applies to adoption judgement\)", "", text))
            out.append((int(marker.group(1)), text, para, adoption))
    return out


def overall_paragraph(framework: str, number: int) -> list[str]:
    """Paragraphs 27-30: one entry per bullet, nested and unbulleted last bullets included."""
    start = framework.index(f"\n{number}. In a")
    end = framework.index(f"\n{number + 1}. In a") if number < 30 else framework.index(
        "Key judgement: The experiences and progress of children who need")
    block = framework[start:end].split(":", 1)[1]
    bullets: list[str] = []
    for line in block.split("\n"):
        if not line.strip():
            continue
        if line.startswith(" ") and bullets:
            bullets[-1] += line
        else:
            bullets.append(line)
    return [normalise(b.lstrip("·")) for b in bullets]


def annex_documents(framework: str) -> dict[str, str]:
    annex = framework[framework.index("· 1.01 "):framework.index(
        "Information about the local authority area")]
    found = {}
    for line in annex.split("\n"):
        match = re.match(r"\s*(?:·\s*)?(\d\.\d\d) (.+)", line)
        if match:
            found[match.group(1)] = normalise(match.group(2))
    return found


def annex_lists(framework: str) -> dict[int, tuple[str, str, str]]:
    """List number to (title, stage 1, stage 2) as printed in Annex A's table."""
    table = framework[framework.index("\tChild protection\n"):framework.index(
        "Some children may appear on more than one list")]
    lines = [line.strip() for line in table.split("\n") if line.strip()]
    out = {}
    for i, line in enumerate(lines):
        match = re.match(r"(\d+)\. (.+)", line)
        if match:
            out[int(match.group(1))] = (normalise(match.group(2)), lines[i + 1], lines[i + 2])
    return out


def briefing_kloes(briefing: str) -> dict[int, str]:
    part = briefing[briefing.index("5. Ten Probable"):briefing.index("6. What 'Good'")]
    return {int(m.group(1)): normalise(m.group(2)) for m in re.finditer(r"- \((\d+)\) (.+)", part)}


# --- fixtures -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(BANK)


@pytest.fixture
def framework(seeds: Path) -> str:
    return read(seeds, FRAMEWORK)


@pytest.fixture
def briefing(seeds: Path) -> str:
    return read(seeds, BRIEFING)


# --- the bank on its own ---------------------------------------------------------------


def test_top_level(bank: Bank) -> None:
    assert bank.id == "sif-2015"
    assert bank.version == "2015.1"
    assert "single inspection framework" in bank.framework
    assert "2015" in bank.framework
    assert bank.source == [FRAMEWORK, BRIEFING, SUMMARY]
    assert bank.description and "\n" not in bank.description
    assert [(g.slug, g.label, g.short) for g in bank.scale] == [
        ("outstanding", "Outstanding", "O"),
        ("good", "Good", "G"),
        ("requires_improvement", "Requires improvement", "RI"),
        ("inadequate", "Inadequate", "I"),
    ]


def test_sources_exist_where_the_seeds_are(seeds: Path, bank: Bank) -> None:
    for name in bank.source:
        assert (seeds / name).is_file(), name


def test_judgements(bank: Bank) -> None:
    assert [(j.id, j.kind, j.title) for j in bank.judgements] == JUDGEMENTS
    by_id = bank.judgement_map
    assert bank.limiting == {"help-and-protection", "looked-after", "leadership"}
    assert by_id["adoption"].contributes_to == "looked-after"
    assert by_id["care-leavers"].contributes_to == "looked-after"
    for j in bank.judgements:
        assert j.summary, j.id
        assert j.source.startswith(FRAMEWORK + ", paragraph"), j.id
        expected = {"outstanding", "requires_improvement", "inadequate"}
        if j.id == "overall":
            expected.add("good")
        assert set(j.descriptors) == expected, j.id


def test_rules(bank: Bank) -> None:
    rules = bank.rules
    assert rules.benchmark.grade == "good" and rules.benchmark.basis == "framework"
    assert (rules.widespread.share, rules.exceeds.share, rules.coverage.share) == (0.5, 0.5, 0.5)
    assert rules.failure is not None and rules.failure.share == 0.25
    assert rules.failure.basis == "method" and "a quarter" not in rules.failure.says
    assert "{share}" in rules.failure.says
    assert rules.serious is not None and rules.serious.basis == "framework"
    assert rules.range.weak_evidence_drop == 1
    assert (rules.range.unassessed_low, rules.range.unassessed_high) == (
        "requires_improvement", "good")
    assert rules.overall is not None and rules.graded is not None
    assert rules.overall.basis == "outcomes" and "163 of the 168" in rules.overall.evidence
    assert rules.overall.combine == "middle"
    assert rules.overall.not_better_than == ["leadership"]
    assert rules.overall.max_above_lowest == 1
    assert (rules.graded.at, rules.graded.cap_likely, rules.graded.low) == (
        "inadequate", "requires_improvement", "inadequate")
    assert rules.graded_ceiling is not None and rules.graded_ceiling.basis == "outcomes"
    to_overall, to_leadership = rules.limit
    assert to_overall.when == ["help-and-protection", "looked-after", "leadership"]
    assert (to_overall.target, to_overall.bound, to_overall.basis) == (
        "overall", "likely", "framework")
    assert to_leadership.when == ["help-and-protection", "looked-after"]
    assert (to_leadership.at, to_leadership.target, to_leadership.bound, to_leadership.to) == (
        "inadequate", "leadership", "low", "inadequate")


def test_items_are_esn01_to_esn75_and_esn88_in_framework_order(bank: Bank) -> None:
    ids = [i.id for i in bank.items]
    expected = [f"ESN{n:02d}" for n in range(1, 22)] + ["ESN88"] + [
        f"ESN{n:02d}" for n in range(22, 76)]
    assert len(ids) == 76
    assert ids == expected


def test_every_item_is_complete(bank: Bank) -> None:
    codes = bank.evidence_map
    for item in bank.items:
        assert 3 <= len(item.short.split()) <= 8, item.id
        assert item.question.strip().endswith("?"), item.id
        assert 2 <= len(item.prompts) <= 4, item.id
        assert all(p.strip() for p in item.prompts), item.id
        assert 1 <= len(item.evidence) <= 4, item.id
        assert len(set(item.evidence)) == len(item.evidence), item.id
        assert all(code in codes for code in item.evidence), item.id
        number = int(item.id[3:])
        assert item.source.startswith(f"{FRAMEWORK}, paragraph "), item.id
        assert item.source.endswith(f"(ESN {number:02d})"), item.id
        assert not re.search(r"\(ESN|applies to adoption", item.text), item.id
        assert item.text == normalise(item.text), item.id


def test_adoption_items_count_toward_both_and_nothing_else_does(bank: Bank) -> None:
    both = {i.id for i in bank.items if len(i.judgements) > 1}
    assert both == {f"ESN{n:02d}" for n in ADOPTION_MARKED}
    for item in bank.items:
        if item.id in both:
            assert item.judgements == ["looked-after", "adoption"], item.id
    adoption = [i.id for i in bank.items_by_judgement["adoption"]]
    assert len(adoption) == 15
    assert [i.id for i in bank.items if i.judgements == ["adoption"]] == [
        f"ESN{n}" for n in range(50, 55)]
    assert bank.items_by_judgement["overall"] == []


def test_third_party_items_are_tagged(bank: Bank) -> None:
    tagged = {i.id for i in bank.items if "third-party" in i.tags}
    assert tagged == THIRD_PARTY


def test_enquiries(bank: Bank) -> None:
    assert [q.id for q in bank.enquiries] == [f"KLOE{n:02d}" for n in range(1, 11)]
    items = bank.item_map
    for q in bank.enquiries:
        assert q.items, q.id
        assert all(i in items for i in q.items), q.id
        assert "York" not in q.question, q.id
        assert q.source == f"{BRIEFING}, section 5 (KLOE {int(q.id[4:])})"
    by_id = {q.id: q for q in bank.enquiries}
    assert by_id["KLOE04"].items == ["ESN74"]
    assert set(by_id["KLOE05"].items) == {"ESN70", "ESN71"}
    assert set(by_id["KLOE07"].items) == {"ESN03", "ESN06", "ESN07", "ESN22"}


def test_evidence_catalogue_shape(bank: Bank) -> None:
    assert [e.code for e in bank.evidence] == EVIDENCE_CODES
    for doc in bank.evidence:
        assert doc.group == EVIDENCE_GROUPS[doc.code[0]], doc.code
        assert doc.source == f"{FRAMEWORK}, Annex A", doc.code


def test_child_list_shape(bank: Bank) -> None:
    assert [c.id for c in bank.child_lists] == [f"list-{n:02d}" for n in range(1, 12)]
    for c in bank.child_lists:
        assert c.id == f"list-{c.number:02d}"
        assert c.area == ("Child protection" if c.number <= 7
                          else "Children looked after and care leavers")
        assert c.source.startswith(f"{FRAMEWORK}, Annex A")


# --- the bank against the seeds -------------------------------------------------------


def test_item_text_is_the_framework_bullet(framework: str, bank: Bank) -> None:
    bullets = seed_good_bullets(framework)
    assert len(bullets) == 76
    assert [f"ESN{n:02d}" for n, _, _, _ in bullets] == [i.id for i in bank.items]
    items = bank.item_map
    for number, text, _, _ in bullets:
        item = items[f"ESN{number:02d}"]
        assert normalise(item.text) == text, item.id


def test_items_sit_under_the_framework_judgement(framework: str, bank: Bank) -> None:
    judgement_of = {para: jid for para, jid, _ in GOOD_PARAGRAPHS}
    items = bank.item_map
    for number, _, para, adoption in seed_good_bullets(framework):
        item = items[f"ESN{number:02d}"]
        expected = [judgement_of[para]] + (["adoption"] if adoption else [])
        assert item.judgements == expected, item.id
        assert item.source == f"{FRAMEWORK}, paragraph {para} (ESN {number:02d})"
    marked = {n for n, _, _, adoption in seed_good_bullets(framework) if adoption}
    assert marked == ADOPTION_MARKED


def test_judgement_summaries_are_the_paragraph_under_each_heading(
    framework: str, bank: Bank
) -> None:
    parts = sections(framework)
    for jid, heading in HEADINGS:
        summary = normalise(bank.judgement_map[jid].summary)
        after_heading = normalise(parts[jid])
        assert after_heading.startswith(normalise(heading) + " " + summary + " "), jid
        rest = after_heading[len(normalise(heading)) + len(summary) + 2:]
        assert re.match(r"\d\d\. ", rest), jid  # the whole paragraph, up to the next number
    overall = normalise(bank.judgement_map["overall"].summary)
    paragraph_22 = normalise(framework[framework.index("\n22. "):framework.index("\n23. ")])
    assert overall in paragraph_22


def test_grade_descriptors_are_the_framework_bullets(framework: str, bank: Bank) -> None:
    parts = sections(framework)
    labels = {
        "outstanding": "\nOutstanding",
        "requires_improvement": "\nRequires improvement",
        "inadequate": "\nInadequate",
    }
    for jid, _ in HEADINGS:
        part = parts[jid]
        for slug, label in labels.items():
            bullet = part.index("·", part.index(label))
            expected = bullet_at(part, bullet)
            assert normalise(bank.judgement_map[jid].descriptors[slug]) == expected, (jid, slug)


def test_overall_descriptors_are_paragraphs_27_to_30(framework: str, bank: Bank) -> None:
    descriptors = bank.judgement_map["overall"].descriptors
    for number, slug in ((27, "outstanding"), (28, "good"), (29, "requires_improvement"),
                         (30, "inadequate")):
        lines = descriptors[slug].split("\n")
        assert [normalise(line) for line in lines] == overall_paragraph(framework, number), slug
        assert not any(line.lstrip().startswith("·") for line in lines), slug
    assert len(descriptors["outstanding"].split("\n")) == 6
    assert len(descriptors["good"].split("\n")) == 5
    assert len(descriptors["inadequate"].split("\n")) == 5


def test_evidence_titles_are_annex_a(framework: str, bank: Bank) -> None:
    documents = annex_documents(framework)
    assert sorted(documents) == EVIDENCE_CODES
    for doc in bank.evidence:
        printed = documents[doc.code]
        if doc.code in WITH_CONTENTS:
            assert doc.title == printed[: printed.index(". ") + 1], doc.code
            assert doc.title.endswith("."), doc.code
        else:
            assert normalise(doc.title) == printed, doc.code
            assert not doc.detail and not doc.contents, doc.code


def annex_bullets_after(framework: str, code: str) -> list[str]:
    """The bullets printed after a document's own line, up to the next document."""
    start = framework.index(f"· {code} ")
    lines = framework[start:].split("\n")[1:]
    out: list[str] = []
    for line in lines:
        if re.match(r"\s*(?:·\s*)?\d\.\d\d ", line) or line.strip() == (
                "Children looked after and care leavers"):
            break
        if line.strip().startswith("·"):
            out.append(normalise(line.strip().lstrip("·")))
    return out


def test_reports_keep_every_field_annex_a_asks_for(framework: str, bank: Bank) -> None:
    documents = annex_documents(framework)
    for code in sorted(WITH_CONTENTS):
        doc = bank.evidence_map[code]
        assert normalise(f"{doc.title} {doc.detail}") == documents[code], code
        assert doc.detail.endswith("for each child:"), code
        assert [normalise(c) for c in doc.contents] == annex_bullets_after(framework, code), code
    assert len(bank.evidence_map["2.03"].contents) == 2
    assert len(bank.evidence_map["2.06"].contents) == 5
    assert len(bank.evidence_map["2.07"].contents) == 4
    assert "25 hours per week" in bank.evidence_map["2.06"].contents[2]
    assert "sexual exploitation" in bank.evidence_map["2.07"].contents[3]


def test_child_lists_are_annex_a(framework: str, bank: Bank) -> None:
    printed = annex_lists(framework)
    assert sorted(printed) == list(range(1, 12))
    for c in bank.child_lists:
        title, stage1, stage2 = printed[c.number]
        assert normalise(c.title) == title, c.id
        assert c.stage1.text() == stage1, c.id
        if stage2 == "Not applicable":
            assert c.stage2 is None, c.id
        else:
            assert c.stage2 is not None and c.stage2.text() == stage2, c.id
    by_number = {c.number: c for c in bank.child_lists}
    spot_checks = {  # as printed in the Annex A table
        1: ("Week 1 (Tuesday am)", None),
        2: ("Week 1 (Thursday am)", None),
        4: ("Week 1 (Tuesday am)", "Week 1 (end of Friday)"),
        8: ("Week 1 (end of Tuesday)", "Week 2 (end of Tuesday)"),
        11: ("Week 1 (end of Tuesday)", "Week 2 (end of Tuesday)"),
    }
    for number, (stage1, stage2) in spot_checks.items():
        c = by_number[number]
        assert c.stage1.text() == stage1
        assert (c.stage2.text() if c.stage2 else None) == stage2


def test_enquiry_originals_are_the_briefing(briefing: str, bank: Bank) -> None:
    printed = briefing_kloes(briefing)
    assert sorted(printed) == list(range(1, 11))
    for q in bank.enquiries:
        assert q.original == printed[int(q.id[4:])], q.id
        assert q.original in normalise(briefing), q.id


def test_questions_from_the_briefing_keep_its_wording(briefing: str, bank: Bank) -> None:
    section6 = normalise(briefing[briefing.index("6. What 'Good'"):])
    for printed, mended in CORRECTIONS:
        assert printed in section6, printed
        section6 = section6.replace(printed, mended)
    for item in bank.items:
        if int(item.id[3:]) not in QUESTIONS_FROM_002:
            continue
        for sentence in re.split(r"(?<=\?) ", straight(item.question)):
            assert sentence in section6, (item.id, sentence)


# --- the command line ---------------------------------------------------------------------


def test_banks_show_prints_an_item_in_full(bank: Bank) -> None:
    from readiness.cli.main import app

    result = CliRunner().invoke(app, ["banks", "show", "sif-2015", "ESN08"])
    assert result.exit_code == 0, result.output
    shown = normalise(result.output)
    item = bank.item_map["ESN08"]
    assert "ESN08" in shown
    assert normalise(item.text) in shown
    assert normalise(item.question) in shown
    for prompt in item.prompts:
        assert normalise(prompt) in shown
    for code in item.evidence:
        assert normalise(f"{code} {bank.evidence_map[code].title}") in shown


# --- mock inspections: Annex A's rules and sections, profiles, timeline, meetings -------------

SEEDS = (FRAMEWORK, "001_34b3b6c34bb9045d.txt", BRIEFING, SUMMARY)


def _in_source(seeds: Path, text: str, source: str) -> bool:
    """The text, whitespace folded, is in one of the seed files `source` names."""
    names = [n for n in SEEDS if n in source]
    assert names, source
    wanted = normalise(text)
    return any(wanted in normalise(read(seeds, n)) for n in names)


def test_annex_a_list_rules_are_verbatim(seeds: Path, bank: Bank) -> None:
    checks = {r.id: r.check for r in bank.list_rules}
    assert checks["excel"] == "excel"
    assert checks["cbds-codes"] == "codes"
    assert checks["same-child-id"] == "same-id"
    assert checks["one-row-per-child"] == "one-row"
    assert checks["brothers-and-sisters"] == "siblings"
    by_id = {r.id: r for r in bank.list_rules}
    assert by_id["one-row-per-child"].lists == [f"list-{n:02d}" for n in range(3, 11)]
    assert by_id["brothers-and-sisters"].lists == ["list-08"]
    assert by_id["excel"].text == "Please provide these lists in Excel."
    assert "the most event" in by_id["one-row-per-child"].text  # the seed's slip, kept
    assert len(by_id["brothers-and-sisters"].options) == 2
    for rule in bank.list_rules:
        assert rule.source.startswith(f"{FRAMEWORK}, Annex A"), rule.id
        assert _in_source(seeds, rule.text, rule.source), rule.id
        for option in rule.options:
            assert _in_source(seeds, option, rule.source), rule.id


def test_annex_a_sections_are_verbatim(seeds: Path, framework: str, bank: Bank) -> None:
    sections_ = {a.id: a for a in bank.annex_sections}
    assert set(sections_) == {"introduction", "multi-agency-meetings",
                              "performance-information", "area"}
    meetings = sections_["multi-agency-meetings"]
    assert meetings.title == "Details of planned multi-agency meetings"
    assert "(MARAC)" in meetings.text and "legal planning meetings" in meetings.text
    area = sections_["area"]
    assert area.title == "Information about the local authority area"
    assert [p.heading for p in area.parts] == [
        "Previous Ofsted inspections", "Local leadership", "Children living in this area",
        "Child protection in this area", "Children looked after in this area"]
    assert sum(len(p.items) for p in area.parts) == 40
    for section in bank.annex_sections:
        assert normalise(section.title) in normalise(framework), section.id
        for paragraph in [*section.text.split("\n"), *section.items, section.note]:
            if paragraph.strip():
                assert _in_source(seeds, paragraph, section.source), (section.id, paragraph)
        for part in section.parts:
            for item in part.items:
                assert _in_source(seeds, item, section.source), (section.id, item)
    # Each part's items are in the seed in order, under their heading.
    annex = normalise(framework[framework.index("Information about the local authority area"):
                                framework.index("Annex B: delegation")])
    at = 0
    for part in area.parts:
        at = annex.index(normalise(part.heading), at)
        for item in part.items:
            at = annex.index(normalise(item), at)


def test_child_lists_have_columns_and_their_codes(bank: Bank) -> None:
    for c in bank.child_lists:
        keys = [col.key for col in c.columns]
        assert len(keys) == len(set(keys)) and len(keys) >= 5, c.id
        assert keys[0] in ("child_id", "adopter_id"), c.id
        for col in c.columns:
            if col.kind == "code":
                assert col.codes in bank.code_list_map, (c.id, col.key)
            if col.basis == "framework":
                assert col.source.startswith(FRAMEWORK), (c.id, col.key)
    list8 = bank.child_list_map["list-08"]
    siblings = list8.column("siblings")
    assert siblings is not None and not siblings.required and siblings.basis == "framework"
    assert {"legal_status", "placement_type", "placement_provider", "out_of_authority",
            "permanence_plan", "missing_episodes", "ceased", "reason_ceased"} <= {
        col.key for col in list8.columns}
    codes = bank.code_list_map
    assert codes["legal-status"].code_set() >= {"C1", "C2", "E1", "V2", "L2", "J1"}
    assert codes["placement-type"].code_set() >= {"U1", "U6", "K1", "K2", "A5", "P1", "H5"}
    assert codes["reason-ceased"].code_set() >= {"E4A", "E4B", "E11", "E12", "E45", "E5"}
    assert codes["placement-provider"].code_set() == {f"PR{n}" for n in range(6)}
    assert codes["category-of-abuse"].code_set() == {"NEG", "PHY", "SAB", "EMO", "MUL"}
    for code_list in bank.code_lists:
        assert code_list.source.startswith(("000_", "002_")), code_list.id
        if code_list.basis == "method":
            assert code_list.reading, code_list.id


PROFILES = {
    # profile: (total, includes, {rule: (count, within)}, source)
    "tracked-25": (25, [], {
        "looked-after": (12, ""), "out-of-authority": (2, "looked-after"),
        "adoption-plan": (1, "looked-after"), "local-authority-foster-family": (1, "looked-after"),
        "returned-home": (1, "looked-after"), "plan-to-return-home": (1, "looked-after"),
        "childrens-home-missing": (2, "looked-after")}, BRIEFING),
    "la-audit-18": (18, [], {
        "help-and-protection": (6, ""), "looked-after": (10, ""),
        "out-of-borough": (2, "looked-after"), "care-leavers": (2, "")}, SUMMARY),
    "targeted-50": (93, ["la-audit-18", "tracked-25"], {"thresholds": (50, "")}, SUMMARY),
    "lac-8-12": (20, [], {
        "before-fieldwork": (8, ""), "care-leavers-before": (3, "before-fieldwork"),
        "looked-after-before": (5, "before-fieldwork"), "start-of-fieldwork": (12, ""),
        "care-leavers-start": (4, "start-of-fieldwork"),
        "looked-after-start": (8, "start-of-fieldwork")}, "001_34b3b6c34bb9045d.txt"),
}


def test_sample_profiles_are_as_the_seeds_give_them(seeds: Path, bank: Bank) -> None:
    assert list(bank.sample_map) == list(PROFILES)
    for pid, (total, includes, rules, source) in PROFILES.items():
        profile = bank.sample_map[pid]
        assert (profile.total, profile.includes) == (total, includes), pid
        assert {r.id: (r.count, r.within) for r in profile.rules} == rules, pid
        assert profile.source.startswith(source), pid
        assert _in_source(seeds, profile.quote, profile.source), pid
        for rule in profile.rules:
            assert rule.source.startswith(source), (pid, rule.id)
            assert _in_source(seeds, rule.quote, rule.source), (pid, rule.id)
            assert rule.reading, (pid, rule.id)
    # The numbers are in the quotes they come from.
    tracked = bank.sample_map["tracked-25"]
    assert "at least 25" in tracked.quote
    audit = {r.id: r.quote for r in bank.sample_map["la-audit-18"].rules}
    assert audit["help-and-protection"] == "6 children in need of help and protection"
    assert "18 cases" in bank.sample_map["la-audit-18"].quote
    targeted = bank.sample_map["targeted-50"]
    assert "25-30" in targeted.quote and "at least 50" in targeted.quote
    assert "around 100" in targeted.quote
    lac = {r.id: r.quote for r in bank.sample_map["lac-8-12"].rules}
    assert "three of which will be care leavers" in lac["before-fieldwork"]
    assert "four of which will be care leavers" in lac["start-of-fieldwork"]


TIMELINE = {
    # step: (week, day, after, working days, source file)
    "notification": (None, None, "notified", 0, SUMMARY),
    "on-site": (None, None, "notified", 1, FRAMEWORK),
    "annex-a-request": (1, "Tuesday", None, None, BRIEFING),
    "front-door": (1, "Wednesday", None, None, BRIEFING),
    "annex-a-data": (1, "Wednesday", None, None, BRIEFING),
    "performance-data": (1, "Friday", None, None, BRIEFING),
    "authority-audit": (2, "Monday", None, None, BRIEFING),
    "tracking-week-3": (3, "Tuesday", None, None, BRIEFING),
    "tracking-week-4": (4, "Tuesday", None, None, BRIEFING),
    "feedback": (4, "Wednesday", None, None, BRIEFING),
    "draft-report": (None, None, "feedback", 15, SUMMARY),
    "factual-accuracy": (None, None, "draft-report", 5, SUMMARY),
    "pre-publication": (None, None, "feedback", 25, SUMMARY),
    "publication": (None, None, "feedback", 27, SUMMARY),
    "publication-30": (None, None, "feedback", 30, SUMMARY),
    "publication-35": (None, None, "feedback", 35, FRAMEWORK),
    "action-plan": (None, None, "publication", 70, SUMMARY),
    "action-plan-35": (None, None, "publication-35", 70, FRAMEWORK),
}


def test_timeline_steps_are_the_seeds(seeds: Path, bank: Bank) -> None:
    steps = {t.id: t for t in bank.timeline}
    for ident, (week, day, after, days, source) in TIMELINE.items():
        step = steps[ident]
        assert (step.week, step.day, step.after, step.working_days) == (
            week, day, after, days), ident
        assert step.source.startswith(source), ident
    for step in bank.timeline:
        assert _in_source(seeds, step.quote, step.source), step.id
        if step.working_days and step.working_days > 1:
            assert str(step.working_days) in step.quote or "five" in step.quote, step.id
    assert steps["notification"].expect_day == "Tuesday" and steps["notification"].time == "09:30"
    assert steps["on-site-days"].until == "feedback" and "11 working days" in \
        steps["on-site-days"].quote and "nine" in steps["on-site-days"].differs
    assert "35" in steps["publication"].differs
    # The child lists' deadlines are not repeated as steps.
    assert not [t for t in bank.timeline if t.id.startswith("list-")]


def test_meetings_are_the_seeds(seeds: Path, bank: Bank) -> None:
    who = {m.id for m in bank.meetings}
    assert {"lead-member", "safeguarding-partners", "corporate-parenting",
            "adoption-panel-chair", "fostering-panel-chair", "family-court", "cafcass",
            "missing-children-leads"} <= who
    for meeting in bank.meetings:
        assert _in_source(seeds, meeting.quote, meeting.source), meeting.id
    missing = next(m for m in bank.meetings if m.id == "missing-children-leads")
    assert missing.weeks == [1, 3] and "weeks one and three" in missing.quote
