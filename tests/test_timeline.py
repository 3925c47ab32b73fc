"""The timeline from the notification: working days over Easter checked by hand, nothing on
a weekend or bank holiday, and the calendar file read back with icalendar."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from readiness.banks import Bank, BankSet
from readiness.errors import ReadinessError
from readiness.timeline import Calendar, build
from tests.conftest import normalise
from tests.helpers import run

D = dt.date
# Tuesday 31 March 2026: Good Friday is 3 April, Easter Monday 6 April, May Day 4 May,
# the spring bank holiday 25 May, the summer one 31 August (England).
NOTIFIED = D(2026, 3, 31)
ENGLAND_2026 = {D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 4), D(2026, 5, 25), D(2026, 8, 31)}

# Worked out by hand with a calendar, not by the code under test:
HAND = {
    "notification": D(2026, 3, 31),        # the day of the call
    "list-01-stage1": D(2026, 3, 31),      # week 1, Tuesday am
    "on-site": D(2026, 4, 1),              # the following working day
    "front-door": D(2026, 4, 1),           # week 1, Wednesday (to Thursday 2 April)
    "list-02-stage1": D(2026, 4, 2),       # week 1, Thursday am
    # Week 1 Friday is Good Friday and Monday is Easter Monday: Tuesday 7 April.
    "performance-data": D(2026, 4, 7),
    "list-04-stage2": D(2026, 4, 7),       # week 1, end of Friday, moved
    "list-08-stage2": D(2026, 4, 7),       # week 2, end of Tuesday
    "authority-audit": D(2026, 4, 7),      # week 2, Monday (Easter Monday) to Friday 10 April
    "audit-findings": D(2026, 4, 13),      # the working day after Friday 10 April
    "rest-of-team": D(2026, 4, 13),        # week 3, Monday
    "tracking-week-3": D(2026, 4, 14),     # week 3, Tuesday to Thursday 16 April
    "feedback": D(2026, 4, 22),            # week 4, Wednesday: the end of fieldwork
    # 15 working days after 22 April, skipping May Day (4 May): Thursday 14 May.
    "draft-report": D(2026, 5, 14),
    "factual-accuracy": D(2026, 5, 21),    # 5 more
    "pre-publication": D(2026, 5, 29),     # 25 after feedback
    # 27 after feedback, skipping the spring bank holiday (25 May): Tuesday 2 June.
    "publication": D(2026, 6, 2),
    "publication-30": D(2026, 6, 5),
    "publication-35": D(2026, 6, 12),
}


@pytest.fixture(scope="module")
def sif() -> Bank:
    return BankSet().get("sif-2015")


def test_dates_over_easter_are_the_ones_worked_out_by_hand(sif: Bank) -> None:
    timeline = build(sif, NOTIFIED)
    dates = {s.id: s.start for s in timeline.steps}
    for ident, expected in HAND.items():
        assert dates[ident] == expected, ident
    spans = {s.id: s.end for s in timeline.steps}
    assert spans["front-door"] == D(2026, 4, 2)
    assert spans["authority-audit"] == D(2026, 4, 10)
    assert spans["tracking-week-3"] == D(2026, 4, 16)
    assert spans["on-site-days"] == D(2026, 4, 22)
    moved = next(s for s in timeline.steps if s.id == "performance-data")
    assert moved.notes == ["moved from Friday 3 April 2026 (Good Friday) to Tuesday 7 April 2026"]
    assert set(timeline.holidays) == ENGLAND_2026


def test_no_step_falls_on_a_weekend_or_a_bank_holiday(sif: Bank) -> None:
    for notified in (NOTIFIED, D(2026, 12, 22), D(2027, 3, 23), D(2026, 8, 25)):
        timeline = build(sif, notified)
        calendar = Calendar("england", notified.year)
        for step in timeline.steps:
            for day in (step.start, step.last):
                assert day.weekday() < 5, (notified, step.id, day)
                assert day not in calendar.days, (notified, step.id, day)
                assert day >= notified, (notified, step.id)


def test_every_list_has_its_stage_deadlines_and_every_step_its_source(sif: Bank) -> None:
    timeline = build(sif, NOTIFIED)
    ids = {s.id for s in timeline.steps}
    for child_list in sif.child_lists:
        assert f"{child_list.id}-stage1" in ids
        assert (f"{child_list.id}-stage2" in ids) == (child_list.stage2 is not None)
    for step in timeline.steps:
        assert step.source and step.quote and step.basis in ("framework", "method")


def test_regions_have_their_own_bank_holidays(sif: Bank) -> None:
    """Easter Monday is not a bank holiday in Scotland: the week-2 steps stay on the Monday."""
    scotland = {s.id: s.start for s in build(sif, NOTIFIED, "scotland").steps}
    wales = {s.id: s.start for s in build(sif, NOTIFIED, "wales").steps}
    assert scotland["performance-data"] == D(2026, 4, 6)   # only Good Friday skipped
    assert wales["performance-data"] == D(2026, 4, 7)
    with pytest.raises(ReadinessError, match="no region"):
        build(sif, NOTIFIED, "mars")


def test_a_notification_on_a_day_off_is_refused(sif: Bank) -> None:
    with pytest.raises(ReadinessError, match="Easter Monday"):
        build(sif, D(2026, 4, 6))
    with pytest.raises(ReadinessError, match="Saturday"):
        build(sif, D(2026, 4, 4))


def test_the_calendar_file_reads_back_with_icalendar(tmp_path: Path) -> None:
    icalendar = pytest.importorskip("icalendar")
    path = tmp_path / "inspection.ics"
    result = run("timeline", "--notified", "31/03/2026", "--ics", path, banks=None)
    assert result.exit_code == 0, result.output
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    events = {str(e["uid"]).split("-2026-03-31-")[1].split("@")[0]: e
              for e in calendar.walk("VEVENT")}
    draft = events["draft-report"]
    assert draft.decoded("dtstart") == D(2026, 5, 14)
    assert draft.decoded("dtend") == D(2026, 5, 15)
    assert "Draft report" in str(draft["summary"])
    description = str(draft["description"])
    assert "003_a65612f2f1bbd836.txt, paragraph 3.12" in description
    assert "within 15 working days of the end of fieldwork" in description
    audit = events["authority-audit"]
    assert audit.decoded("dtstart") == D(2026, 4, 7) and audit.decoded("dtend") == D(2026, 4, 11)
    assert str(audit["summary"]).startswith("Due: ")
    assert len(events) == len(build(BankSet().get("sif-2015"), NOTIFIED).steps)
    todos = list(calendar.walk("VTODO"))
    assert any("Cafcass" in str(t["summary"]) for t in todos)


def test_csv_and_json_say_what_is_due_and_where_it_comes_from(tmp_path: Path) -> None:
    path = tmp_path / "timeline.csv"
    result = run("timeline", "--notified", "2026-03-31", "--csv", path, banks=None)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    by_what = {r["what"]: r for r in rows}
    plan = next(r for r in rows if r["what"].startswith("The authority publishes its action"))
    assert plan["source"].startswith("003_") and plan["by"] == "authority"
    assert any(r["kind"] == "meeting" for r in by_what.values())
    result = run("timeline", "--notified", "2026-03-31", "--json", banks=None)
    data = json.loads(result.output)
    assert data["notified"] == "2026-03-31" and data["region"] == "england"
    steps = {s["id"]: s for s in data["steps"]}
    assert steps["publication-35"]["date"] == "2026-06-12"
    assert steps["publication-35"]["source"] == "000_77149800705d8843.txt, paragraph 11"
    assert "27" in steps["publication-35"]["differs"]


def test_the_printed_timeline_and_bad_dates(tmp_path: Path) -> None:
    result = run("timeline", "--notified", "2026-03-31", banks=None)
    assert result.exit_code == 0, result.output
    assert "Good Friday" in result.output and "Cafcass" in result.output
    bad = run("timeline", "--notified", "2026-02-30", banks=None)
    assert bad.exit_code == 1 and "is not a date" in bad.output
    assert "Traceback" not in bad.output
    weekend = run("timeline", "--notified", "2026-04-04", banks=None)
    assert weekend.exit_code == 1 and "not a working day" in weekend.output


def test_banks_show_lists_gives_deadlines_and_document_codes() -> None:
    result = run("banks", "show", "sif-2015", "--lists", banks=None)
    assert result.exit_code == 0, result.output
    assert "Week 2 (end of Tuesday)" in result.output
    assert "Not applicable" in result.output
    shown = normalise(result.output)
    assert "2.07" in shown and "vulnerable to sexual exploitation" in shown
    assert "[one-row-per-child]" in result.output
    data = json.loads(run("banks", "show", "sif-2015", "--lists", "--json",
                          banks=None).output)
    assert len(data["child_lists"]) == 11
    assert data["child_lists"][7]["stage2"] == "Week 2 (end of Tuesday)"
    assert {d["code"] for d in data["documents"]} >= {"1.01", "2.07", "3.10"}
