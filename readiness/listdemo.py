"""A fictional authority's Annex A child-level lists, so every mock-inspection feature can be
tried and tested without real children's data.

The same seed and date always give the same lists. IDs are `DEMO-000123` (adopters
`DEMO-A-0012`); there are no names and nothing else that could identify anyone. The
figures are shaped like a middle-sized English authority's (about 190 children looked
after and 40 who stopped being looked after in six months, 130 care leavers, 700 children
in need, 140 child protection plans) and every sample profile of the bank can be drawn
from them.

Which children go in which list follows Annex A's numbering (list 1 contacts ... list 11
adopters); each column is filled from what the generator knows of the child, by the
column's key, and a column it does not know is filled by its kind (a date, a valid code),
so a bank with a few more columns still gets complete lists.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from readiness.assessment import today as current_day
from readiness.banks import Bank, ChildList, Column
from readiness.errors import ReadinessError

ID_PREFIX = "DEMO-"
NOTE = (
    "These lists are fictional: made by `readiness lists demo` for rehearsing a mock "
    "inspection. No child in them exists; IDs are DEMO-nnnnnn and there are no names.\n"
)

Child = dict[str, str]
"""What the generator knows of a child, by column key (`date_of_birth`, `legal_status`)."""


@dataclass
class _Demo:
    rng: random.Random
    as_of: dt.date
    next_id: int = 1
    rows: dict[int, list[Child]] = field(default_factory=dict)
    """Annex A list number to its rows."""

    def add(self, number: int, row: Child) -> None:
        self.rows.setdefault(number, []).append(row)

    def child(self, low: int, high: int) -> Child:
        """A new child aged between `low` and `high` (years) at the lists' date."""
        ident = f"{ID_PREFIX}{self.next_id:06d}"
        self.next_id += 1
        age_days = self.rng.randint(low * 365, high * 365 + 364)
        return {
            "child_id": ident,
            "date_of_birth": _d(self.as_of - dt.timedelta(days=age_days)),
            "gender": self.pick(("1", "2"), (51, 49)),
            "ethnicity": self.pick(
                ("WBRI", "WOTH", "WIRI", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND",
                 "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "NOBT"),
                (62, 6, 1, 1, 3, 2, 2, 3, 2, 3, 2, 2, 2, 4, 1, 1, 2, 1)),
            "disability": self.pick(("N", "Y"), (88, 12)),
        }

    def pick(self, values: Sequence[str], weights: Sequence[int]) -> str:
        return self.rng.choices(list(values), weights=list(weights))[0]

    def days_ago(self, low: int, high: int) -> dt.date:
        return self.as_of - dt.timedelta(days=self.rng.randint(low, high))

    def age(self, child: Child) -> int:
        return (self.as_of - _date(child["date_of_birth"])).days // 365


def _d(day: dt.date) -> str:
    """Dates as English authorities' systems export them: day first."""
    return day.strftime("%d/%m/%Y")


def _date(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


def _later(demo: _Demo, start: dt.date, within: int) -> dt.date:
    """A date after `start`, at most `within` days later and not after the lists' date."""
    start = min(start, demo.as_of)
    latest = min(demo.as_of, start + dt.timedelta(days=within))
    span = max((latest - start).days, 0)
    return start + dt.timedelta(days=demo.rng.randint(0, span))


# --- the children's journeys --------------------------------------------------------------


def _looked_after(demo: _Demo) -> tuple[list[Child], list[Child]]:
    """Children looked after now, and those who stopped in the last six months."""
    current: list[Child] = []
    ceased: list[Child] = []
    for n in range(230):
        child = demo.child(*demo.rng.choice(((0, 4), (0, 4), (5, 9), (5, 9), (10, 15),
                                            (10, 15), (10, 15), (10, 15), (16, 17), (16, 17))))
        age = demo.age(child)
        born = _date(child["date_of_birth"])
        start = born + dt.timedelta(days=demo.rng.randint(0, max((demo.as_of - born).days, 0)))
        legal = demo.pick(("C2", "C1", "V2", "E1", "J1", "L2", "V3"), (55, 12, 18, 9, 2, 2, 2))
        if legal == "E1" and age > 9:
            legal = "C2"
        if age >= 16:
            place = demo.pick(("U4", "U6", "K2", "H5", "U1", "S1"), (30, 20, 18, 24, 5, 3))
        elif legal == "E1":
            place = demo.pick(("A5", "A6", "U5", "U6"), (35, 35, 15, 15))
        else:
            place = demo.pick(("U4", "U6", "U1", "U3", "U5", "K2", "K1", "P1", "R1", "S1"),
                              (28, 30, 8, 6, 2, 12, 1, 9, 2, 2))
        if place.startswith(("U", "A")):
            provider = demo.pick(("PR1", "PR4", "PR5"), (62, 33, 5))
        elif place == "P1":
            provider = "PR0"
        elif place in ("K2", "H5"):
            provider = demo.pick(("PR1", "PR4"), (25, 75))
        else:
            provider = demo.pick(("PR2", "PR3", "PR4"), (30, 30, 40))
        away = {"K2": 55, "K1": 80, "S1": 70, "H5": 30}.get(place, 35 if provider == "PR4" else 8)
        plan = _plan(demo, age, legal, place)
        missing = "0"
        chance = {"K2": 55, "K1": 20, "H5": 35}.get(place, 6)
        if demo.rng.randint(1, 100) <= chance:
            missing = str(demo.rng.randint(1, 9))
        child.update({
            "uasc": "Y" if age >= 14 and demo.rng.randint(1, 100) <= 15 else "N",
            "looked_after_start": _d(start),
            "legal_status": legal,
            "placement_type": place,
            "placement_provider": provider,
            "placement_start": _d(_later(demo, start, 900)),
            "out_of_authority": "Y" if demo.rng.randint(1, 100) <= away else "N",
            "permanence_plan": plan,
            "placements_12_months": demo.pick(("1", "2", "3", "4"), (68, 20, 8, 4)),
            "missing_episodes": missing,
            "siblings": demo.pick(("0", "1", "2", "3", "4", "5"), (30, 30, 20, 10, 6, 4)),
            "ceased": "",
            "reason_ceased": "",
        })
        if n < 40:
            _cease(demo, child)
            ceased.append(child)
        else:
            current.append(child)
    return current, ceased


def _plan(demo: _Demo, age: int, legal: str, place: str) -> str:
    if legal == "E1" or place.startswith("A"):
        return "ADOPTION"
    if age >= 16:
        return demo.pick(("INDEPENDENCE", "FOSTERING", "RETURN"), (65, 25, 10))
    if place in ("K1", "K2", "R1", "S1"):
        return demo.pick(("RESIDENTIAL", "FOSTERING", "RETURN"), (55, 30, 15))
    if age <= 4:
        return demo.pick(("ADOPTION", "RETURN", "SGO", "FOSTERING"), (35, 25, 25, 15))
    return demo.pick(("FOSTERING", "RETURN", "SGO", "CAO", "OTHER"), (45, 25, 18, 7, 5))


def _cease(demo: _Demo, child: Child) -> None:
    """This child stopped being looked after in the last six months, for a plausible reason."""
    plan = child["permanence_plan"]
    reasons = {
        "ADOPTION": (("E11", "E12"), (60, 40)),
        "RETURN": (("E4A", "E4B", "E13"), (75, 15, 10)),
        "SGO": (("E45", "E46", "E47", "E48"), (30, 10, 40, 20)),
        "CAO": (("E41",), (1,)),
        "INDEPENDENCE": (("E5", "E6", "E17"), (50, 15, 35)),
    }.get(plan, (("E4A", "E8", "E3", "E9", "E14", "E16"), (40, 25, 15, 8, 8, 4)))
    reason = demo.pick(*reasons)
    start = _date(child["looked_after_start"])
    ceased = max(demo.days_ago(1, 182), start + dt.timedelta(days=1))
    child["ceased"] = _d(min(ceased, demo.as_of))
    child["reason_ceased"] = reason
    if reason in ("E11", "E12"):
        child["placement_type"] = demo.pick(("A5", "A6"), (50, 50))
        child["legal_status"] = "E1"


def _care_leavers(demo: _Demo, current: list[Child]) -> list[Child]:
    leavers: list[Child] = []
    older = [c for c in current if demo.age(c) >= 16]
    for child in older[: len(older) // 2]:
        leavers.append(dict(child, category="ELIGIBLE"))
    for _ in range(110):
        child = demo.child(16, 21)
        former = demo.pick(("FORMER", "FORMER-EDUCATION"), (85, 15))
        category = "RELEVANT" if demo.age(child) < 18 else former
        leavers.append(dict(child, category=category))
    for child in leavers:
        in_touch = demo.pick(("YES", "NO", "REFU", "NREQ", "RHOM"), (86, 5, 4, 3, 2))
        known = in_touch == "YES"
        child.update({
            "in_touch": in_touch,
            "activity": demo.pick(("F1", "P1", "F2", "P2", "F3", "P3", "G4", "G5", "G6"),
                                  (7, 1, 28, 3, 16, 6, 8, 24, 7)) if known else "0",
            "accommodation": (demo.pick(("B", "C", "D", "E", "K", "S", "T", "U", "V", "W",
                                         "X", "Z"),
                                        (10, 8, 28, 9, 3, 1, 8, 22, 1, 1, 2, 7))
                              + demo.pick(("1", "2"), (90, 10))) if known else "0",
            "pathway_plan_review": _d(demo.days_ago(5, 200)) if known else "",
        })
    return leavers


def _adoption(demo: _Demo, current: list[Child], ceased: list[Child]) -> list[Child]:
    rows = []
    waiting = [c for c in current if c["permanence_plan"] == "ADOPTION"]
    adopted = [c for c in ceased if c["reason_ceased"] in ("E11", "E12")]
    for _ in range(8):  # adopted six to twelve months ago: in list 10, no longer in list 8
        child = demo.child(1, 8)
        start = demo.days_ago(700, 1400)
        child.update({"looked_after_start": _d(start), "adopted": _d(demo.days_ago(183, 364))})
        adopted.append(child)
    for child in waiting + adopted:
        start = _date(child["looked_after_start"])
        decision = _later(demo, start + dt.timedelta(days=90), 300)
        row = dict(child, decision_date=_d(decision), placement_order="", matched="",
                   placed="", adopted=child.get("adopted", ""), reversed="")
        if child in adopted:
            order = _later(demo, decision, 120)
            row.update(placement_order=_d(order), matched=_d(_later(demo, order, 150)))
            row["placed"] = _d(_later(demo, _date(row["matched"]), 30))
            row["adopted"] = row["adopted"] or child["ceased"]
        elif demo.rng.randint(1, 100) <= 60:
            row["placement_order"] = _d(_later(demo, decision, 120))
            if child["placement_type"].startswith("A"):
                row["matched"] = _d(_later(demo, _date(row["placement_order"]), 120))
                row["placed"] = child["placement_start"]
        rows.append(row)
    for child in [c for c in current if c["permanence_plan"] in ("SGO", "RETURN")][:3]:
        start = _date(child["looked_after_start"])
        decision = _later(demo, start + dt.timedelta(days=60), 200)
        rows.append(dict(child, decision_date=_d(decision), placement_order="", matched="",
                         placed="", adopted="", reversed=_d(_later(demo, decision, 200))))
    return rows


def _adopters(demo: _Demo, adoption: list[Child]) -> list[Child]:
    placed = [r for r in adoption if r["placed"]]
    rows = []
    for n in range(45):
        stage = demo.pick(("ENQUIRY", "APPLICATION", "APPROVED", "REJECTED"), (40, 20, 30, 10))
        child_id = ""
        if n < len(placed):
            stage, child_id = "PLACED", placed[n]["child_id"]
        enquiry = demo.days_ago(60, 700)
        approved = _d(_later(demo, enquiry, 240)) if stage in ("APPROVED", "PLACED") else ""
        rows.append({"adopter_id": f"{ID_PREFIX}A-{n + 1:04d}", "enquiry_date": _d(enquiry),
                     "stage": stage, "approval_date": approved, "child_id": child_id})
    return rows


def _in_need(demo: _Demo) -> tuple[list[Child], list[Child]]:
    """Children in need now or closed in three months (list 6), and on a plan (list 7)."""
    in_need, protected = [], []
    for n in range(700):
        child = demo.child(0, 17)
        start = demo.days_ago(20, 900)
        closure = _later(demo, max(start, demo.as_of - dt.timedelta(days=91)), 91) \
            if n % 5 == 0 else None
        child.update({
            "cin_start": _d(start),
            "primary_need": demo.pick(("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N0"),
                                      (52, 10, 5, 8, 17, 2, 1, 4, 1)),
            "cin_closure": _d(closure) if closure else "",
            "closure_reason": demo.pick(("RC7", "RC8", "RC5", "RC4", "RC3"), (60, 25, 8, 4, 3))
            if closure else "",
        })
        in_need.append(child)
        if closure is None and n % 4 == 1:
            plan_start = _later(demo, start, 400)
            ended = n % 24 == 1
            protected.append(dict(
                child,
                cp_start=_d(plan_start),
                category_of_abuse=demo.pick(("NEG", "EMO", "PHY", "SAB", "MUL"),
                                            (48, 35, 8, 4, 5)),
                cp_end=_d(_later(demo, max(plan_start, demo.days_ago(91, 91)), 91)) if ended
                else "",
                previous_plans=demo.pick(("0", "1", "2"), (75, 20, 5)),
            ))
    return in_need, protected


def _front_door(demo: _Demo, in_need: list[Child], protected: list[Child],
                looked_after: list[Child]) -> None:
    """Contacts (1), early help (2), referrals (3), assessments (4) and enquiries (5)."""
    recent = demo.as_of - dt.timedelta(days=91)
    half_year = demo.as_of - dt.timedelta(days=182)
    new_in_need = [c for c in in_need if _date(c["cin_start"]) >= half_year]
    referred: list[Child] = []
    for child in new_in_need + [demo.child(0, 17) for _ in range(260)]:
        when = _date(child["cin_start"]) if "cin_start" in child else demo.days_ago(1, 180)
        referred.append(dict(child, referral_date=_d(when)))
    for child in referred:
        child["referral_source"] = demo.pick(
            ("6", "2A", "3A", "3B", "3E", "1A", "5A", "8", "4", "9", "1C"),
            (28, 18, 6, 5, 6, 9, 7, 8, 5, 3, 5))
        child["referral_nfa"] = "N" if "cin_start" in child else demo.pick(("Y", "N"), (55, 45))
        child["referrals_12_months"] = demo.pick(("1", "2", "3", "4"), (70, 20, 7, 3))
    for child in referred:
        if _date(child["referral_date"]) >= recent:
            demo.add(3, child)
    for child in referred:
        start = _date(child["referral_date"]) + dt.timedelta(days=demo.rng.randint(0, 5))
        if start > demo.as_of or (child["referral_nfa"] == "Y" and demo.rng.random() < .7):
            continue
        authorised = _later(demo, start, 45)
        demo.add(4, dict(child, assessment_type="S17",
                         assessment_start=_d(start),
                         assessment_authorised=_d(authorised) if authorised < demo.as_of
                         - dt.timedelta(days=3) else ""))
    enquiries = [c for c in protected if _date(c["cp_start"]) >= half_year]
    planned = {c["child_id"] for c in enquiries}
    enquiries += [c for c in referred
                  if c["child_id"] not in planned and demo.rng.random() < .12]
    for child in enquiries:
        start = _date(child.get("cp_start") or child["referral_date"]) - dt.timedelta(days=14)
        start = max(start, half_year)
        demo.add(5, dict(child, strategy_date=_d(start), s47_start=_d(start),
                         icpc_date=child.get("cp_start", "")))
    contacts = referred + [demo.child(0, 17) for _ in range(420)]
    contacts += [c for c in looked_after if demo.rng.random() < .05]
    for child in contacts:
        when = _date(child["referral_date"]) if "referral_date" in child else \
            demo.days_ago(0, 90)
        if when < recent:
            continue
        times = 2 if demo.rng.random() < .15 else 1
        for k in range(times):
            day = max(recent, when - dt.timedelta(days=demo.rng.randint(0, 20) * k))
            demo.add(1, dict(child, contact_date=_d(day), contact_source=demo.pick(
                ("6", "2A", "3A", "3B", "3E", "1A", "1C", "5A", "8", "9", "10"),
                (33, 17, 6, 5, 7, 10, 3, 6, 7, 3, 3))))
    for n in range(380):
        child = demo.child(0, 17) if n % 4 else dict(demo.rng.choice(contacts))
        demo.add(2, dict(child, assessment_start=_d(demo.days_ago(1, 180)),
                         assessment_type=demo.pick(("EHA", "CAF", "TI"), (60, 15, 25)),
                         organisation=demo.pick(
                             ("Family support team", "School", "Health visiting",
                              "Children's centre", "Youth service"), (35, 30, 15, 12, 8))))


def generate(bank: Bank, *, seed: int = 1, as_of: dt.date | None = None) -> dict[str, list[Child]]:
    """Every child-level list of the bank as rows (column key to text), deterministically."""
    as_of = as_of or current_day()
    demo = _Demo(random.Random(f"readiness-demo:{seed}"), as_of)
    current, ceased = _looked_after(demo)
    leavers = _care_leavers(demo, current)
    adoption = _adoption(demo, current, ceased)
    in_need, protected = _in_need(demo)
    _front_door(demo, in_need, protected, current)
    demo.rows[6] = in_need
    demo.rows[7] = protected
    demo.rows[8] = current + ceased
    demo.rows[9] = leavers
    demo.rows[10] = adoption
    demo.rows[11] = _adopters(demo, adoption)
    out: dict[str, list[Child]] = {}
    for child_list in bank.child_lists:
        rows = demo.rows.get(child_list.number, [])
        out[child_list.id] = [_fill(demo, child_list, row) for row in rows]
    return out


def _fill(demo: _Demo, child_list: ChildList, row: Child) -> Child:
    return {c.key: row[c.key] if c.key in row else _by_kind(demo, c) for c in child_list.columns}


def _by_kind(demo: _Demo, column: Column) -> str:
    """A value for a column the generator does not know, so the lists stay complete."""
    if column.blank:
        return ""
    if column.kind == "date":
        return _d(demo.days_ago(1, 180))
    if column.kind == "number":
        return str(demo.rng.randint(0, 3))
    if column.kind == "id":
        return f"{ID_PREFIX}{demo.rng.randint(1, 999999):06d}"
    return "demo"


def write_demo(bank: Bank, folder: Path, *, seed: int = 1,
               as_of: dt.date | None = None) -> list[Path]:
    """Write `list-01.csv` ... with the bank's default headings, and a note saying they are
    fictional. An existing list file is never overwritten."""
    from readiness.store import write_atomic

    if folder.exists() and not folder.is_dir():
        raise ReadinessError("not a folder", file=folder)
    lists = generate(bank, seed=seed, as_of=as_of)
    targets = [folder / f"{lid}.csv" for lid in lists]
    taken = [p for p in targets if p.exists()]
    if taken:
        raise ReadinessError(
            "the folder already has lists: nothing was written", file=taken[0],
            hint="Give an empty or new folder.")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for child_list in bank.child_lists:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([c.heading for c in child_list.columns])
        for row in lists[child_list.id]:
            writer.writerow([row[c.key] for c in child_list.columns])
        path = folder / f"{child_list.id}.csv"
        write_atomic(path, buffer.getvalue().encode("utf-8"))
        written.append(path)
    note = folder / "README.txt"
    if not note.exists():
        write_atomic(note, NOTE.encode("utf-8"))
    return written
