"""What is due by when, from the day Ofsted rings: the bank's timeline made into dates.

A bank's `[[timeline]]` steps are relative: "week 1, Wednesday", or "15 working days after
the feedback to the DCS". Given the notification date this module dates every step, and
the child-level lists' stage 1 and stage 2 deadlines, counting working days with weekends
and the bank holidays of England (or Wales, or Scotland) skipped, using the `holidays`
package. A step that would land on a weekend or bank holiday moves to the next working day
and says so; nothing is ever dated on a day the office is shut.

Week 1 is the week (Monday to Sunday) of the notification. Where the sources disagree the
bank keeps both steps, each with its source; the timeline shows both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from readiness.bankcheck import NOTIFIED
from readiness.banks import WEEKDAYS, Bank, Deadline, TimelineStep
from readiness.errors import ReadinessError

Region = Literal["england", "wales", "scotland"]
REGIONS: dict[str, str] = {"england": "ENG", "wales": "WLS", "scotland": "SCT"}
"""A region's subdivision code in the `holidays` package (United Kingdom, "GB")."""
YEARS_AHEAD = 2
"""Bank holidays are loaded for the notification's year and this many after it (the action
plan falls some 150 working days after the notification)."""


class Calendar:
    """Working days: Monday to Friday, less the region's bank holidays."""

    def __init__(self, region: str, first_year: int) -> None:
        if region not in REGIONS:
            raise ReadinessError(f"no region called {region!r}",
                                 hint=f"Use one of: {', '.join(REGIONS)}.")
        import holidays

        self.region = region
        self.days: dict[dt.date, str] = dict(holidays.country_holidays(
            "GB", subdiv=REGIONS[region], years=range(first_year, first_year + YEARS_AHEAD + 1)))

    def is_working(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in self.days

    def why_shut(self, day: dt.date) -> str:
        """"Easter Monday" or "a Saturday": why nobody works on `day`."""
        return self.days.get(day) or f"a {day:%A}"

    def next_working(self, day: dt.date) -> dt.date:
        while not self.is_working(day):
            day += dt.timedelta(days=1)
        return day

    def previous_working(self, day: dt.date) -> dt.date:
        while not self.is_working(day):
            day -= dt.timedelta(days=1)
        return day

    def add(self, day: dt.date, working_days: int) -> dt.date:
        """The working day `working_days` after `day` (0: `day` itself)."""
        while working_days > 0:
            day += dt.timedelta(days=1)
            if self.is_working(day):
                working_days -= 1
        return day

    def holidays_between(self, start: dt.date, end: dt.date) -> dict[dt.date, str]:
        return {d: n for d, n in sorted(self.days.items()) if start <= d <= end}


@dataclass(frozen=True)
class Dated:
    """A step with its date (and end, for a span), what it is and where it comes from."""

    id: str
    what: str
    by: str
    start: dt.date
    end: dt.date | None
    when: str
    """The step as the source puts it: "week 1, Tuesday am", "15 working days after ..."."""
    source: str
    basis: str
    quote: str
    reading: str = ""
    differs: str = ""
    time: str = ""
    kind: Literal["step", "list"] = "step"
    notes: list[str] = field(default_factory=list)
    """What the calendar did: "moved from Monday 6 April 2026 (Easter Monday)"."""

    @property
    def last(self) -> dt.date:
        return self.end or self.start

    def days_until(self, today: dt.date) -> int:
        """Calendar days from `today` to the step (negative once it has passed)."""
        return (self.start - today).days

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "kind": self.kind, "what": self.what, "by": self.by,
            "date": self.start.isoformat(), "end": self.end.isoformat() if self.end else None,
            "time": self.time or None, "when": self.when, "source": self.source,
            "basis": self.basis, "quote": self.quote, "reading": self.reading or None,
            "differs": self.differs or None, "notes": self.notes,
        }


@dataclass(frozen=True)
class MeetingDue:
    """Someone inspectors see, with the weeks' dates where the source names the weeks."""

    id: str
    who: str
    how: str
    quote: str
    source: str
    weeks: list[tuple[dt.date, dt.date]]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "who": self.who, "how": self.how, "quote": self.quote,
                "source": self.source,
                "weeks": [{"start": s.isoformat(), "end": e.isoformat()} for s, e in self.weeks]}


@dataclass(frozen=True)
class Timeline:
    bank: str
    notified: dt.date
    region: str
    steps: list[Dated]
    meetings: list[MeetingDue]
    holidays: dict[dt.date, str]
    """The bank holidays the timeline skips, between the notification and its last step."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "framework": self.bank,
            "notified": self.notified.isoformat(),
            "region": self.region,
            "holidays": {d.isoformat(): n for d, n in self.holidays.items()},
            "steps": [s.to_dict() for s in self.steps],
            "meetings": [m.to_dict() for m in self.meetings],
        }


def build(bank: Bank, notified: dt.date, region: str = "england") -> Timeline:
    """Every dated step of the bank from `notified`, in date order."""
    calendar = Calendar(region, notified.year)
    if not calendar.is_working(notified):
        raise ReadinessError(
            f"{notified:%A} {notified.day} {notified:%B %Y} is {calendar.why_shut(notified)}, "
            f"not a working day in {region.title()}: Ofsted rings on a working day",
            hint="Give the date of the call, e.g. --notified 2026-04-07.")
    if not bank.timeline and not bank.child_lists:
        raise ReadinessError(f"the {bank.id} bank has no timeline",
                             hint="sif-2015 has one: --framework sif-2015.")
    dater = _Dater(bank, notified, calendar)
    steps = [dater.list_step(c.id, n, d) for c in bank.child_lists
             for n, d in ((1, c.stage1), (2, c.stage2)) if d is not None]
    steps += [dater.step(s.id) for s in bank.timeline]
    order = {s.id: i for i, s in enumerate(steps)}
    steps.sort(key=lambda s: (s.start, order[s.id]))
    meetings = [MeetingDue(m.id, m.who, m.how, m.quote, m.source,
                           [dater.week(w) for w in m.weeks]) for m in bank.meetings]
    last = max((s.last for s in steps), default=notified)
    return Timeline(bank.id, notified, region, steps, meetings,
                    calendar.holidays_between(notified, last))


class _Dater:
    def __init__(self, bank: Bank, notified: dt.date, calendar: Calendar) -> None:
        self.notified = notified
        self.calendar = calendar
        self.monday = notified - dt.timedelta(days=notified.weekday())
        self.bank = bank
        self.steps = {s.id: s for s in bank.timeline}
        self.done: dict[str, Dated] = {}

    def _day(self, week: int, day: str) -> dt.date:
        return self.monday + dt.timedelta(days=7 * (week - 1) + WEEKDAYS.index(day))

    def _start(self, raw: dt.date, notes: list[str]) -> dt.date:
        if raw < self.notified:
            notes.append(f"moved from {_long(raw)}, before the notification, to the "
                         "notification day")
            raw = self.notified
        if not self.calendar.is_working(raw):
            moved = self.calendar.next_working(raw)
            notes.append(f"moved from {_long(raw)} ({self.calendar.why_shut(raw)}) to "
                         f"{_long(moved)}")
            raw = moved
        return raw

    def _end(self, raw: dt.date, start: dt.date, notes: list[str]) -> dt.date:
        if raw <= start:
            return start
        if not self.calendar.is_working(raw):
            moved = max(self.calendar.previous_working(raw), start)
            notes.append(f"ends {_long(moved)}: {_long(raw)} is {self.calendar.why_shut(raw)}")
            raw = moved
        return raw

    def week(self, week: int) -> tuple[dt.date, dt.date]:
        notes: list[str] = []
        start = self._start(self._day(week, "Monday"), notes)
        return start, self._end(self._day(week, "Friday"), start, notes)

    def list_step(self, list_id: str, stage: int, deadline: Deadline) -> Dated:
        child_list = self.bank.child_list_map[list_id]
        notes: list[str] = []
        start = self._start(self._day(deadline.week, deadline.day), notes)
        dated = Dated(
            id=f"{list_id}-stage{stage}",
            what=f"List {child_list.number} due (stage {stage}): {child_list.title}",
            by="authority", start=start, end=None, when=deadline.text(),
            source=child_list.source, basis="framework", quote=deadline.text(), kind="list",
            time="" if deadline.part == "end" else deadline.part, notes=notes)
        self.done[dated.id] = dated
        return dated

    def anchor(self, ident: str) -> dt.date:
        if ident == NOTIFIED:
            return self.notified
        if ident in self.done:
            return self.done[ident].last
        return self.step(ident).last

    def _name(self, ident: str) -> str:
        if ident == NOTIFIED:
            return "the notification"
        if ident in self.steps:
            return f"“{self.steps[ident].what}”"
        return ident

    def step(self, ident: str) -> Dated:
        if ident in self.done:
            return self.done[ident]
        step: TimelineStep = self.steps[ident]
        notes: list[str] = []
        end: dt.date | None = None
        if step.week is not None and step.day is not None:
            start = self._start(self._day(step.week, step.day), notes)
            when = f"week {step.week}, {step.day}" + (f" to {step.to_day}" if step.to_day else "")
            if step.to_day is not None:
                end = self._end(self._day(step.week, step.to_day), start, notes)
        else:
            base = self.anchor(step.after or NOTIFIED)
            count = step.working_days or 0
            start = self._start(self.calendar.add(base, count), notes)
            when = ("on the day of " if count == 0 else
                    f"{count} working day{'s' if count != 1 else ''} after ") + \
                self._name(step.after or NOTIFIED)
        if step.until is not None:
            end = self._end(self.anchor(step.until), start, notes)
            when = f"from {self._name(step.after or NOTIFIED)} to {self._name(step.until)}" \
                if step.after else f"{when} to {self._name(step.until)}"
        if step.part:
            when += f" {step.part}" if step.part != "end" else " (end of day)"
        if step.time:
            when += f", by {step.time}"
        if step.expect_day is not None and self.notified.strftime("%A") != step.expect_day:
            notes.append(f"the source says a {step.expect_day}; {_long(self.notified)} is a "
                         f"{self.notified:%A}")
        dated = Dated(
            id=step.id, what=step.what, by=step.by, start=start, end=end, when=when,
            source=step.source, basis=step.basis, quote=step.quote, reading=step.reading,
            differs=step.differs, time=step.time or step.part, notes=notes)
        self.done[ident] = dated
        return dated


def _long(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"
