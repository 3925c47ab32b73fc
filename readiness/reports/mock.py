"""Files for a mock inspection: the timeline as a calendar (.ics) or CSV, a sample as CSV.

The calendar is written with `icalendar`: one all-day event per step (a span runs over its
days), each saying what is due, by whom, as the source puts it and where it comes from, and
one to-do per person inspectors see. CSV cells anyone could have typed are made safe for
spreadsheets (`safety.csv_cell`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from readiness.reports.safety import csv_cell
from readiness.sampling import Sample
from readiness.timeline import Dated, Timeline

BY = {"authority": "Due from the authority", "inspectors": "Inspectors", "ofsted": "Ofsted"}


def _description(step: Dated) -> str:
    lines = [f"{BY.get(step.by, step.by)}: {step.what}", f"When: {step.when}",
             f"Source: {step.source} (basis: {step.basis})", f"“{step.quote}”"]
    if step.reading:
        lines.append(f"Read as: {step.reading}")
    if step.differs:
        lines.append(f"The sources differ: {step.differs}")
    lines += [f"Note: {n}" for n in step.notes]
    return "\n".join(lines)


def timeline_ics(timeline: Timeline) -> bytes:
    """An iCalendar file of every step (events) and every meeting (to-dos)."""
    from icalendar import Calendar, Event, Todo

    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", "-//readiness//mock inspection timeline//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Inspection timeline from {timeline.notified.isoformat()}")
    uid = f"{timeline.bank}-{timeline.notified.isoformat()}"
    for step in timeline.steps:
        event = Event()
        event.add("uid", f"{uid}-{step.id}@readiness")
        event.add("dtstamp", stamp)
        event.add("dtstart", step.start)
        event.add("dtend", step.last + dt.timedelta(days=1))
        prefix = "Due: " if step.by == "authority" and step.kind != "list" else ""
        time = f" ({step.time})" if step.time and step.time != "end" else ""
        event.add("summary", f"{prefix}{step.what}{time}")
        event.add("description", _description(step))
        event.add("categories", [step.by, step.kind])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    for meeting in timeline.meetings:
        todo = Todo()
        todo.add("uid", f"{uid}-meeting-{meeting.id}@readiness")
        todo.add("dtstamp", stamp)
        todo.add("summary", f"Inspectors {meeting.how}: {meeting.who}")
        todo.add("description", f"Source: {meeting.source}\n“{meeting.quote}”")
        if meeting.weeks:
            todo.add("dtstart", meeting.weeks[0][0])
            todo.add("due", meeting.weeks[-1][1])
        calendar.add_component(todo)
    return bytes(calendar.to_ical())


TIMELINE_COLUMNS = ["date", "end", "day", "kind", "by", "what", "when", "source", "basis",
                    "notes", "differs", "quote"]


def timeline_csv(timeline: Timeline) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(TIMELINE_COLUMNS)
    for s in timeline.steps:
        writer.writerow([csv_cell(v) for v in (
            s.start.isoformat(), s.end.isoformat() if s.end else "", f"{s.start:%A}", s.kind,
            s.by, s.what, s.when, s.source, s.basis, "; ".join(s.notes), s.differs, s.quote)])
    for m in timeline.meetings:
        dates = "; ".join(f"{a.isoformat()} to {b.isoformat()}" for a, b in m.weeks)
        first = m.weeks[0][0].isoformat() if m.weeks else ""
        writer.writerow([csv_cell(v) for v in (
            first, m.weeks[-1][1].isoformat() if m.weeks else "", "", "meeting", "inspectors",
            f"Inspectors {m.how}: {m.who}", dates, m.source, "framework", "", "", m.quote)])
    return buffer.getvalue()


SAMPLE_COLUMNS = ["profile", "seed", "lists_date", "status", "child_id", "rule", "satisfies",
                  "lists", "source"]


def sample_csv(sample: Sample) -> str:
    """One row per chosen child, then one per rule that fell short (child_id empty)."""
    status = "complete" if sample.complete else "INCOMPLETE"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(SAMPLE_COLUMNS)
    common = [sample.profile.id, str(sample.seed), sample.as_of.isoformat(), status]
    for p in sample.picks:
        writer.writerow([csv_cell(v) for v in (
            *common, p.child_id, f"{p.profile}/{p.rule}", p.label, " ".join(p.lists),
            p.source)])
    for s in sample.shortfalls:
        writer.writerow([csv_cell(v) for v in (
            *common, "", f"{s.profile}/{s.rule}",
            f"SHORT BY {s.short}: {s.label} (wanted {s.wanted}, found {s.found})", "", "")])
    return buffer.getvalue()
