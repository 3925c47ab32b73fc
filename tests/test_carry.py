"""`readiness carry`: an assessment carried into another framework through the crosswalk.

Nothing of the source is lost (every evidence reference, rationale, action and audit is
in the new file or in its `[[unmapped]]` records); carried grades count toward nothing
until someone confirms or changes them; confirming moves the judgement.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness import demo, store, views
from readiness.banks import BankSet
from readiness.carry import carry, proposed_grades
from readiness.crosswalks import find_map
from readiness.errors import ReadinessError
from readiness.judgement import judge
from tests.helpers import run

NF = "national-framework-2023"


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """The demo, with a case audit and a document kept beside it (a relative location)."""
    path = demo.ensure(BankSet(), tmp_path / "sif" / "demo.toml")
    (tmp_path / "sif" / "docs").mkdir()
    (tmp_path / "sif" / "docs" / "thresholds.pdf").write_bytes(b"%PDF-1.4")
    for args in (("audit", "add", path, "LL-1001", "ESN08", "good", "--by", "Ann",
                  "--note", "Seen alone; plan SMART", "--date", "2026-11-03"),
                 ("audit", "add", path, "LL-1002", "ESN17", "requires_improvement", "--by",
                  "Ann"),
                 ("evidence", "add", path, "QA-7", "--title", "Thresholds 2026",
                  "--location", tmp_path / "sif" / "docs" / "thresholds.pdf",
                  "--item", "ESN06")):
        result = run(*args, banks=None)
        assert result.exit_code == 0, result.output
    return path


def _carry(source: Path, out: Path, *extra: str) -> str:
    result = run("carry", source, "--to", NF, "-o", out, "--by", "Sam", *extra, banks=None)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_nothing_the_source_held_is_lost(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "nf" / "ours-nf.toml"
    out.parent.mkdir()
    printed = _carry(source, out)
    old, _ = store.read(source, BankSet())
    new, bank = store.read(out, BankSet())
    assert new.bank == NF and bank.id == NF
    kept = [r.text for r in new.unmapped]
    notes = [c.note for r in new.responses.values() for c in r.carried]
    assert set(old.evidence) <= set(new.evidence)
    for item, response in old.responses.items():
        for entry in response.assessors():
            if entry.note:
                assert any(entry.note in n for n in notes) or \
                    any(entry.note in t for t in kept), (item, entry.note)
        for code in response.evidence:
            carried_with = [r for r in new.responses.values()
                            if any(c.item == item and code in c.evidence for c in r.carried)]
            assert carried_with or any(code in t for t in kept), (item, code)
    for action in old.actions:
        assert any(a.text == action.text and a.carried_from == f"sif-2015 {action.item}"
                   for a in new.actions) or any(action.text in t for t in kept), action.text
    for audit in old.live_audits():
        assert any(a.case == audit.case and a.carried_from.startswith(f"sif-2015 {audit.item}")
                   for a in new.audits) or any(audit.case in t for t in kept), audit.case
    for snapshot in old.snapshots:
        assert any(snapshot.label in t for t in kept)
    # What has nothing to go to is listed in the output too.
    assert "[[unmapped]]" in printed
    for item in ("ESN17", "ESN41", "ESN75", "ESN88"):
        assert item in {r.item for r in new.unmapped}
        assert f"response {item}" in printed
    assert any(r.kind == "audit" and "LL-1002" in r.text for r in new.unmapped)
    assert old == store.read(source, BankSet())[0]  # the source is not changed


def test_carried_grades_count_toward_nothing_until_confirmed(source: Path,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "ours-nf.toml"
    _carry(source, out)
    new, bank = store.read(out, BankSet())
    result = judge(bank, new)
    assert all(j.assessed == 0 for j in result.judgements)
    review = views.carried_to_review(bank, new, result)
    assert len(review) == sum(1 for r in new.responses.values()
                              if any(c.proposed for c in r.carried))
    assert len(review) > 30
    status = views.statuses(bank, new, result)["NF-S11"]
    assert status.carried and not status.assessed
    assert views.flags(bank, status) == ["carried: to review"]
    assert views.carried_words(bank, new.responses["NF-S11"]).startswith(
        "carried from ESN08 (good)")
    summary = run("summary", out, banks=None).stdout
    assert f"{len(review)} carried items to review" in summary
    data = json.loads(run("summary", out, "--json", banks=None).stdout)
    assert data["carried_to_review"] == review


def test_confirming_gives_the_proposal_and_moves_the_judgement(source: Path,
                                                                 tmp_path: Path) -> None:
    out = tmp_path / "ours-nf.toml"
    _carry(source, out)
    new, bank = store.read(out, BankSet())
    before = judge(bank, new)
    judgement = "outcome-safe"
    waiting = [i.id for i in bank.items_by_judgement[judgement]
               if i.id in views.carried_to_review(bank, new, before)]
    result = run("confirm", out, waiting[0], "--by", "Sam", banks=None)
    assert result.exit_code == 0, result.output
    once, _ = store.read(out, BankSet())
    after = judge(bank, once)
    assert after[judgement].assessed == before[judgement].assessed + 1
    response = once.responses[waiting[0]]
    assert response.grade == views.carried_proposal(bank, new.responses[waiting[0]])
    assert all(c.reviewed_by == "Sam" and c.reviewed_at for c in response.carried)
    assert response.note  # the rationale came with it
    # Confirm the rest of the outcome: it now has a likely grade where it had none.
    assert before[judgement].likely == "not_assessed"
    assert run("confirm", out, *waiting[1:], "--by", "Sam", banks=None).exit_code == 0
    final = judge(bank, store.read(out, BankSet())[0])
    assert final[judgement].likely != "not_assessed"


def test_grading_an_item_yourself_reviews_what_was_carried(source: Path,
                                                          tmp_path: Path) -> None:
    out = tmp_path / "ours-nf.toml"
    _carry(source, out)
    assert run("score", out, "NF-S11", "developing", "--by", "Jo", banks=None).exit_code == 0
    new, _ = store.read(out, BankSet())
    response = new.responses["NF-S11"]
    assert response.grade == "developing"
    assert all(c.reviewed_by == "Jo" for c in response.carried)
    again = run("confirm", out, "NF-S11", banks=None)
    assert again.exit_code == 1
    assert "was reviewed already (by Jo" in again.output


def test_relative_evidence_still_points_at_the_document(source: Path, tmp_path: Path) -> None:
    old, _ = store.read(source, BankSet())
    assert old.evidence["QA-7"].location == "docs/thresholds.pdf"
    document = (source.parent / "docs" / "thresholds.pdf").resolve()
    beside = source.parent / "ours-nf.toml"  # the same folder: the same relative location
    _carry(source, beside)
    assert store.read(beside, BankSet())[0].evidence["QA-7"].location == "docs/thresholds.pdf"
    inside = source.parent / "docs" / "ours-nf.toml"  # a folder below: still relative
    _carry(source, inside)
    assert store.read(inside, BankSet())[0].evidence["QA-7"].location == "thresholds.pdf"
    out = tmp_path / "elsewhere" / "ours-nf.toml"  # elsewhere: the full path
    out.parent.mkdir()
    _carry(source, out)
    location = store.read(out, BankSet())[0].evidence["QA-7"].location
    assert Path(location) == document
    checked = run("evidence", "check", out, banks=None)
    assert checked.exit_code == 0, checked.output


def test_carry_refuses_and_writes_nothing(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "ours-nf.toml"
    for args, words in (
        (("--to", "no-such-bank", "-o", out), "no-such-bank"),
        (("--to", "sif-2015", "-o", out), "already an assessment of sif-2015"),
        (("--to", NF, "-o", tmp_path / "ours.txt"), "ends in .toml"),
        (("--to", NF, "-o", tmp_path / "missing" / "x.toml"), "folder"),
        (("--to", "looked-after-2010", "-o", out), "no crosswalk"),
    ):
        result = run("carry", source, *args, banks=None)
        assert result.exit_code != 0, args
        assert words in result.output, (args, result.output)
        assert "Traceback" not in result.output
        assert not out.exists()
    out.write_text("keep me", encoding="utf-8")
    result = run("carry", source, "--to", NF, "-o", out, banks=None)
    assert result.exit_code == 1 and "already exists" in result.output
    assert out.read_text(encoding="utf-8") == "keep me"
    result = run("carry", source, "--to", NF, "-o", source, "--force", banks=None)
    assert result.exit_code == 1 and "cannot replace the one it is carried from" in result.output


def test_a_broken_source_is_one_message(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('schema = 2\nbank = "sif-2015"\nauthority = \n', encoding="utf-8")
    result = run("carry", broken, "--to", NF, "-o", tmp_path / "new.toml", banks=None)
    assert result.exit_code == 1
    assert "broken.toml" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "new.toml").exists()


def test_grades_are_proposed_by_the_crosswalk_map_or_by_place() -> None:
    banks = BankSet()
    sif, nf = banks.get("sif-2015"), banks.get(NF)
    forward = find_map(banks, "sif-2015", NF)
    assert proposed_grades(sif, nf, forward) == {
        "outstanding": "embedded", "good": "established",
        "requires_improvement": "developing", "inadequate": "not_yet"}
    backward = find_map(banks, NF, "sif-2015")
    assert proposed_grades(nf, sif, backward)["established"] == "good"
    # Without a map, by place: the benchmark to the benchmark, the worst to the worst.
    import msgspec

    bare = msgspec.structs.replace(forward, grades={}, grades_says="")
    assert proposed_grades(sif, nf, bare) == proposed_grades(sif, nf, forward)


def test_carrying_back_again_keeps_the_work(source: Path, tmp_path: Path) -> None:
    """NF back to the SIF: the crosswalk read from the other side, nothing lost."""
    nf = tmp_path / "nf.toml"
    _carry(source, nf)
    assert run("confirm", nf, "NF-S11", "--by", "Sam", banks=None).exit_code == 0
    back = tmp_path / "back.toml"
    result = run("carry", nf, "--to", "sif-2015", "-o", back, banks=None)
    assert result.exit_code == 0, result.output
    data, _ = store.read(back, BankSet())
    assert any(c.item == "NF-S11" and c.grade == "established" and c.proposed == "good"
               for c in data.responses["ESN08"].carried)


def test_carry_is_pure_and_says_what_it_did(source: Path) -> None:
    banks = BankSet()
    old, sif = store.read(source, banks)
    nf = banks.get(NF)
    new, report = carry(old, sif, nf, find_map(banks, "sif-2015", NF), by="Sam")
    assert report.to_review == sum(1 for r in new.responses.values()
                                   if any(c.proposed for c in r.carried))
    assert report.evidence == len(old.evidence)
    with pytest.raises(ReadinessError):
        carry(old, nf, sif, find_map(banks, "sif-2015", NF), by="Sam")


def test_force_replaces_the_output_and_keeps_the_old_one_as_a_backup(source: Path,
                                                                     tmp_path: Path) -> None:
    out = tmp_path / "ours-nf.toml"
    _carry(source, out)
    assert run("confirm", out, "NF-S11", "--by", "Sam", banks=None).exit_code == 0
    confirmed = out.read_bytes()
    _carry(source, out, "--force")
    again, _ = store.read(out, BankSet())
    assert not any(r.assessed for r in again.responses.values())  # replaced, not merged
    assert any(b.read_bytes() == confirmed for b in store.backups(out))
