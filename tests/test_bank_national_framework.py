"""The Children's Social Care National Framework (2023) bank, checked against its source.

The source (`national-framework-2023.txt`, one paragraph or bullet a line, "• " starting
a bullet) is read here on its own terms, independently of the bank: each chapter starts at
its "Enabler: …" or "Outcome n: …" heading; its expectations are the bullets after
"Expectations for practice" (for the multi-agency enabler, which has none, after "How
this enabler is supported in practice"), each under its role heading ("How senior leaders
/ practice supervisors / practitioners should …") or "Responding to the voices of …"
(every area), and under "Responding to harm outside of the home" or "Support for care
leavers" where those sub-headings appear. The bank must match them word for word after
`normalise` (footnote marks "[n]" dropped), in order, with the same role and sub-heading.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from readiness.banks import Bank, load_bank
from tests.conftest import ROOT, normalise

BANK = ROOT / "questionbanks" / "national-framework-2023.toml"
SOURCE = "national-framework-2023.txt"

# Chapter heading (verbatim) -> judgement id, label, and the line its title is taken from.
CHAPTERS = {
    "Enabler: Multi-agency working is prioritised and effective": "enabler-multi-agency",
    "Enabler: leaders drive conditions for effective practice": "enabler-leaders",
    "Enabler: the workforce is equipped and effective": "enabler-workforce",
    "Outcome 1: children, young people and families stay together and get the help they need":
        "outcome-stay-together",
    "Outcome 2: children and young people are supported by their family network":
        "outcome-family-network",
    "Outcome 3: children and young people are safe in and outside of their homes":
        "outcome-safe",
    "Outcome 4: children in care and care leavers have stable, loving homes":
        "outcome-stable-homes",
}
LABELS = {
    "enabler-multi-agency": "Enabler", "enabler-leaders": "Enabler",
    "enabler-workforce": "Enabler", "outcome-stay-together": "Outcome 1",
    "outcome-family-network": "Outcome 2", "outcome-safe": "Outcome 3",
    "outcome-stable-homes": "Outcome 4",
}
COUNTS = {
    "enabler-multi-agency": 4,
    "enabler-leaders": 32,
    "enabler-workforce": 24,
    "outcome-stay-together": 35,
    "outcome-family-network": 28,
    "outcome-safe": 53,
    "outcome-stable-homes": 65,
}
# (judgement, audience, section) -> bullets, as national-framework-2023.structure.md counts them.
HARM = "Responding to harm outside of the home"
LEAVERS = "Support for care leavers"
VOICES = "Responding to the voices of children, young people, and families"
BY_PLACE = {
    ("enabler-multi-agency", "all", "How this enabler is supported in practice"): 4,
    ("enabler-leaders", "senior-leaders", ""): 18,
    ("enabler-leaders", "practice-supervisors", ""): 9,
    ("enabler-leaders", "practitioners", ""): 5,
    ("enabler-workforce", "senior-leaders", ""): 12,
    ("enabler-workforce", "practice-supervisors", ""): 7,
    ("enabler-workforce", "practitioners", ""): 5,
    ("outcome-stay-together", "all",
     "Responding to the voices of children, young people and families"): 6,
    ("outcome-stay-together", "senior-leaders", ""): 10,
    ("outcome-stay-together", "practice-supervisors", ""): 6,
    ("outcome-stay-together", "practitioners", ""): 13,
    ("outcome-family-network", "all", VOICES): 4,
    ("outcome-family-network", "senior-leaders", ""): 8,
    ("outcome-family-network", "practice-supervisors", ""): 6,
    ("outcome-family-network", "practitioners", ""): 10,
    ("outcome-safe", "all", VOICES): 6,
    ("outcome-safe", "senior-leaders", ""): 13,
    ("outcome-safe", "senior-leaders", HARM): 5,
    ("outcome-safe", "practice-supervisors", ""): 10,
    ("outcome-safe", "practice-supervisors", HARM): 4,
    ("outcome-safe", "practitioners", ""): 10,
    ("outcome-safe", "practitioners", HARM): 5,
    ("outcome-stable-homes", "all", VOICES): 9,
    ("outcome-stable-homes", "senior-leaders", ""): 16,
    ("outcome-stable-homes", "senior-leaders", LEAVERS): 6,
    ("outcome-stable-homes", "practice-supervisors", ""): 10,
    ("outcome-stable-homes", "practice-supervisors", LEAVERS): 6,
    ("outcome-stable-homes", "practitioners", ""): 13,
    ("outcome-stable-homes", "practitioners", LEAVERS): 5,
}
PREFIXES = {
    "enabler-multi-agency": "NF-M", "enabler-leaders": "NF-L", "enabler-workforce": "NF-W",
    "outcome-stay-together": "NF-T", "outcome-family-network": "NF-F", "outcome-safe": "NF-S",
    "outcome-stable-homes": "NF-C",
}
ROLES = {"senior leaders": "senior-leaders", "practice supervisors": "practice-supervisors",
         "practitioners": "practitioners"}
# Slips in the source, kept as printed (item id, words as printed).
TYPOS_KEPT = [
    ("NF-T31", "problems that families, face."),
    ("NF-F07", "and empowers practitioners"),
    ("NF-F28", "such as for unaccompanied asylum-seeking."),
    ("NF-S40", "Practitioners conduct enquiries, and working with partner agencies"),
    ("NF-S40", "Practitioners develop robust and manage plans"),
    ("NF-C03", "advice is able for families"),
    ("NF-C04", "are used to helping inform plans"),
    ("NF-C10", "the whole local authority and partners agencies"),
    ("NF-C19", "so that children’s need can be met"),
    ("NF-C24", "to meets the child"),
    ("NF-C30", "on an up-to-date care leaver protocol in place"),
    ("NF-C40", "if a deprivation of liberty orders is"),
]


# --- reading the source ----------------------------------------------------------------


def fold(text: str) -> str:
    return normalise(re.sub(r"\[\d+\]", "", text))


def expectations(lines: list[str]) -> list[dict[str, object]]:
    """Every expectation bullet: judgement, audience, section, text and its 1-based line."""
    found: list[dict[str, object]] = []
    chapter = None
    collecting = False
    audience, section = "", ""
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("["):
            continue
        if line in CHAPTERS:
            chapter, collecting = CHAPTERS[line], False
            continue
        if line == "Glossary of terms":
            break
        if chapter is None:
            continue
        if line.startswith("• "):
            if collecting:
                found.append({"judgement": chapter, "audience": audience, "section": section,
                              "text": fold(line[2:]), "line": number})
            continue
        role = re.match(r"How (senior leaders|practice supervisors|practitioners) should", line)
        if line == "Expectations for practice":
            collecting = True
        elif line == "How this enabler is supported in practice" or line.startswith(
                "Responding to the voices"):
            collecting, audience, section = True, "all", line
        elif role:
            collecting, audience, section = True, ROLES[role.group(1)], ""
        elif line in (HARM, LEAVERS):
            section = line
        elif line.startswith("Following the National Framework"):
            collecting = False
    return found


def paragraph_after(lines: list[str], heading: str, start: int) -> tuple[str, int]:
    """The first paragraph after `heading` (searching from line `start`), and its line."""
    at = lines.index(heading, start - 1) + 1
    while not lines[at].strip():
        at += 1
    return lines[at], at + 1


# --- fixtures ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(BANK)


@pytest.fixture
def lines(sources: Path) -> list[str]:
    return (sources / SOURCE).read_text(encoding="utf-8").split("\n")


@pytest.fixture
def found(lines: list[str]) -> list[dict[str, object]]:
    return expectations(lines)


# --- the bank on its own ----------------------------------------------------------------


def test_top_level(bank: Bank) -> None:
    assert bank.id == "national-framework-2023"
    assert bank.source == [SOURCE]
    assert bank.status == "current"
    assert "December 2023" in bank.framework
    assert [(g.slug, g.label) for g in bank.scale] == [
        ("embedded", "Embedded"), ("established", "Established"),
        ("developing", "Developing"), ("not_yet", "Not yet")]
    assert len({g.short for g in bank.scale}) == 4


def test_there_is_no_overall_judgement_and_no_rule_between_judgements(bank: Bank) -> None:
    assert all(j.kind == "key" for j in bank.judgements) and not bank.limiting
    assert bank.rules.overall is None and bank.rules.graded is None and not bank.rules.limit
    assert bank.rules.serious is None, "expectations describe practice, not failures"
    assert bank.rules.benchmark.grade == "established"
    assert (bank.rules.range.unassessed_low, bank.rules.range.unassessed_high) == (
        "developing", "established")


def test_the_scale_and_every_rule_say_their_basis_is_method(bank: Bank) -> None:
    text = BANK.read_text(encoding="utf-8")
    before_scale = text[:text.index("[[scale]]")].rsplit("\n\n", 1)[-1]
    assert "basis: method" in before_scale and "NOT\n# Ofsted" in before_scale
    assert {key for key, _ in bank.rules.named()} >= {
        "benchmark", "widespread", "exceeds", "failure", "coverage", "range"}
    for key, rule in bank.rules.named():
        assert rule.basis == "method" and rule.says, key


def test_judgements_are_named_not_numbered(bank: Bank) -> None:
    assert [j.id for j in bank.judgements] == list(CHAPTERS.values())
    for j in bank.judgements:
        assert j.label == LABELS[j.id]
        assert not re.search(r"\d", j.id), j.id
        assert j.short and j.summary and j.source.startswith(SOURCE), j.id


def test_item_counts_per_outcome_and_enabler(bank: Bank) -> None:
    assert {j: len(items) for j, items in bank.items_by_judgement.items()} == COUNTS
    assert len(bank.items) == sum(COUNTS.values()) == 241
    places = Counter((i.judgements[0], i.audience[0], i.section) for i in bank.items)
    assert dict(places) == BY_PLACE


def test_item_ids_run_in_order_within_each_judgement(bank: Bank) -> None:
    for jid, items in bank.items_by_judgement.items():
        assert [i.id for i in items] == [
            f"{PREFIXES[jid]}{n:02d}" for n in range(1, len(items) + 1)], jid


def test_every_item_is_complete(bank: Bank) -> None:
    codes = bank.evidence_map
    tags = bank.tag_map
    for item in bank.items:
        assert len(item.judgements) == 1, item.id
        assert 3 <= len(item.short.split()) <= 8, item.id
        assert item.question.strip().endswith("?"), item.id
        assert 2 <= len(item.prompts) <= 4, item.id
        assert all(p.strip() for p in item.prompts), item.id
        assert item.evidence and all(code in codes for code in item.evidence), item.id
        assert all(t in tags for t in item.tags), item.id
        assert len(item.audience) == 1, item.id
        assert item.audience[0] in {"senior-leaders", "practice-supervisors", "practitioners",
                                    "all"}, item.id
        assert re.fullmatch(rf"{SOURCE}, line \d+", item.source), item.id
        assert normalise(item.question) != normalise(item.text), item.id


def test_the_evidence_catalogue_is_ours_and_used(bank: Bank) -> None:
    used = {code for item in bank.items for code in item.evidence}
    assert [e.code for e in bank.evidence] == [
        f"NF-E{n:02d}" for n in range(1, len(bank.evidence) + 1)]
    assert used == set(bank.evidence_map)
    assert all(e.title and e.group for e in bank.evidence)


def test_the_six_principles_are_the_declared_tags(bank: Bank) -> None:
    assert [t.id for t in bank.tags] == [
        "welfare-paramount", "wishes-and-feelings", "whole-families", "raised-by-families",
        "working-with-agencies", "circumstances"]
    used = Counter(t for item in bank.items for t in item.tags)
    assert set(used) == set(bank.tag_map), "every principle tags at least one item"


# --- against the source ------------------------------------------------------------------


def test_items_are_the_expectations_word_for_word(
        bank: Bank, found: list[dict[str, object]]) -> None:
    assert len(found) == 241
    for item, expected in zip(bank.items, found, strict=True):
        assert normalise(item.text) == expected["text"], item.id
        assert item.judgements == [expected["judgement"]], item.id
        assert item.audience == [expected["audience"]], item.id
        assert item.section == expected["section"], item.id
        assert item.source == f"{SOURCE}, line {expected['line']}", item.id


def test_every_item_text_is_in_the_source(bank: Bank, lines: list[str]) -> None:
    for item in bank.items:
        number = int(item.source.rsplit(" ", 1)[1])
        assert fold(lines[number - 1].removeprefix("• ")) == item.text, item.id


def test_slips_in_the_source_are_kept(bank: Bank, lines: list[str]) -> None:
    source = fold(" ".join(lines))
    for item_id, words in TYPOS_KEPT:
        assert words in bank.item_map[item_id].text, item_id
        assert words in source, item_id


def test_judgement_titles_labels_and_summaries_are_verbatim(
        bank: Bank, lines: list[str]) -> None:
    key_concepts = [fold(line.removeprefix("• ")) for line in lines[188:200]]
    for heading, jid in CHAPTERS.items():
        j = bank.judgement_map[jid]
        assert heading in lines, heading
        # label + ": " + title is the chapter heading (two enabler headings lower-case
        # the title's first letter; the Key Concepts list, lines 189-200, does not).
        assert f"{j.label}: {j.title}".lower() == heading.lower(), jid
        listed = j.title if jid.startswith("enabler") else f"{j.label}: {j.title}"
        assert listed in key_concepts, jid
        what = "Overview of this enabler" if jid.startswith("enabler") else (
            "What this outcome is about")
        paragraph, number = paragraph_after(lines, what, lines.index(heading) + 1)
        assert j.summary == fold(paragraph), jid
        assert f"{number} (summary)" in j.source, jid


def test_principles_are_verbatim(bank: Bank, lines: list[str]) -> None:
    start = lines.index("Principles of children’s social care", 270)
    bullets = [line for line in lines[start:start + 12] if line.startswith("• ")]
    assert len(bullets) == 6
    for tag, bullet in zip(bank.tags, bullets, strict=True):
        assert tag.text == fold(bullet.removeprefix("• ")), tag.id
        assert tag.text.startswith(tag.title) and tag.text[len(tag.title)] in ":.", tag.id
        number = lines.index(bullet) + 1
        assert tag.source == f"{SOURCE}, line {number}", tag.id
