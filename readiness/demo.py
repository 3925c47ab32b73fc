"""The demo: a plausible, partly scored SIF self-assessment of a fictional authority.

`make run` opens it so a new user sees a realistic picture straight away: most items
scored, some evidenced, two assessors disagreeing on a couple of items, actions with
owners (some overdue), and an earlier snapshot to compare with. Everything is fixed
(no randomness, fixed dates) so screenshots and tests are repeatable. It is marked
`demo = true` and its title says DEMO wherever it is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import msgspec

from readiness import snapshots, store
from readiness.assessment import Response, Snapshot, derived_id
from readiness.banks import Bank, BankSet
from readiness.edits import Editable
from readiness.judgement import judge

AUTHORITY = "Northshire County Council"
TITLE = "DEMO: Northshire children's services self-assessment (fictional authority)"
WHEN = datetime(2026, 10, 14, 10, 0, tzinfo=UTC)

HOS = "A. Patel (Head of Service, Safeguarding)"
QA = "J. Okafor (QA Lead)"
PSW = "M. Hughes (Principal Social Worker)"
CIC = "S. Brennan (Head of Service, Children in Care)"

# item: (grade, evidence strength, assessor, rationale)
G, RI = "good", "requires_improvement"
SCORES: dict[str, tuple[str, str, str, str]] = {
    "ESN01": (G, "strong", HOS, "Audit of 60 cases (Sept): 88% seen alone where required."),
    "ESN02": (G, "partial", PSW, "Caseworker changes down to 1.4 per child; family survey due."),
    "ESN03": (RI, "partial", HOS, "Early help offer is patchy in the east locality."),
    "ESN04": (G, "strong", HOS, "MASH information-sharing protocol re-signed in June."),
    "ESN05": (G, "strong", HOS, "95% of referrals decided within 24 hours; EDT audit good."),
    "ESN07": (G, "partial", QA, "Section 47 conversion rate in line with statistical neighbours."),
    "ESN08": (G, "strong", HOS, "Strategy meetings held in 97% of enquiries sampled."),
    "ESN09": (G, "strong", QA, "Management decisions recorded on 94% of audited files."),
    "ESN10": (RI, "partial", QA, "Assessments timely but analysis of history is thin."),
    "ESN11": (G, "partial", QA, "Child in need plans follow assessment in most cases."),
    "ESN12": (G, "strong", HOS, "Child protection plans audited as SMART in 81%."),
    "ESN13": (G, "partial", HOS, "Escalation to legal planning seen where plans drift."),
    "ESN14": (G, "strong", PSW, "Core group attendance by health and schools above 85%."),
    "ESN15": (RI, "none", HOS, "MARAC volumes rising; no audit of outcomes yet."),
    "ESN16": (RI, "partial", HOS, "Return home interviews offered in only 62% of episodes."),
    "ESN17": (G, "none", HOS, "Private fostering awareness campaign ran in spring."),
    "ESN18": (G, "strong", QA, "LADO annual report shows timely, robust management."),
    "ESN21": (G, "partial", PSW, "Interpreting and identity recorded in most plans."),
    "ESN22": (G, "strong", CIC, "Decisions to accommodate made at legal gateway panel."),
    "ESN23": (RI, "partial", CIC, "PLO pre-proceedings timescales exceed 16 weeks too often."),
    "ESN24": (G, "partial", CIC, "Reunification framework in use since January."),
    "ESN25": (G, "strong", CIC, "Court applications accepted first time; viability assessments "
                                "done within four weeks in 90%."),
    "ESN26": (RI, "none", CIC, "Seen alone on 71% of visits; few children know the advocacy "
                               "offer."),
    "ESN27": (G, "partial", CIC, "Anti-bullying work with schools; two homophobic incidents "
                                 "followed up well."),
    "ESN28": (G, "strong", CIC, "Missing and exploitation risk plans reviewed monthly at the "
                                "MACE panel."),
    "ESN29": (RI, "partial", CIC, "Health assessments on time for 74%; dental checks lag for "
                                  "teenagers."),
    "ESN30": (RI, "partial", CIC, "Persistent absence higher than statistical neighbours."),
    "ESN31": (G, "strong", CIC, "Every child out of school has 25 hours of registered "
                                "provision."),
    "ESN32": (G, "partial", CIC, "Alternative provision register kept; missing education "
                                 "reviewed termly."),
    "ESN33": (RI, "partial", CIC, "Carers unsure of their delegated authority; leisure offer "
                                  "patchy for teenagers."),
    "ESN34": (G, "strong", CIC, "Sibling groups placed together in 78% of cases."),
    "ESN35": (G, "partial", CIC, "Care plans reviewed on time in 96% of cases."),
    "ESN36": (G, "strong", CIC, "Contact assessed and reviewed at every looked after review."),
    "ESN37": (G, "partial", CIC, "Notifications to receiving authorities audited."),
    "ESN38": (RI, "partial", CIC, "Choice limited for older children and sibling groups."),
    "ESN39": (G, "strong", CIC, "Family finding starts at the second review."),
    "ESN40": (G, "none", CIC, "Foster carer recruitment above target; supervision monthly; "
                               "no audit yet."),
    "ESN42": (G, "strong", CIC, "Permanence planned by the second review and tracked at "
                                "panel."),
    "ESN44": (G, "partial", CIC, "Matching reports include the child's views."),
    "ESN45": (RI, "none", CIC, "Life story work completed late for half of adopted children."),
    "ESN46": (G, "strong", CIC, "IRO escalations tracked and resolved."),
    "ESN47": (RI, "partial", QA, "Records are written to the child in only some teams."),
    "ESN48": (G, "strong", CIC, "Children in care council meets the lead member monthly."),
    "ESN50": (G, "strong", CIC, "Adoption considered at every second review."),
    "ESN51": (G, "partial", CIC, "Fostering for adoption used for 6 children this year."),
    "ESN52": (RI, "partial", CIC, "Too few adopters for sibling groups."),
    "ESN53": (G, "strong", CIC, "Panel quality assured by the regional adoption agency."),
    "ESN55": (RI, "partial", CIC, "Risk plans for care leavers at risk of exploitation vary."),
    "ESN56": (RI, "partial", CIC, "Pathway plans updated late for 30%."),
    "ESN57": (G, "partial", CIC, "Health passports given to all 18-year-olds since April."),
    "ESN58": (RI, "none", CIC, "Not all care leavers hold passports or birth certificates."),
    "ESN59": (G, "partial", CIC, "Personal advisers stay in touch with 93%."),
    "ESN60": (G, "strong", CIC, "Staying put take-up is high."),
    "ESN61": (RI, "partial", CIC, "NEET rate 19–21 above national."),
    "ESN62": (G, "strong", CIC, "Annual celebration event with the lead member."),
    "ESN64": (RI, "partial", CIC, "HMOs used for three young people without a plan."),
    "ESN66": (G, "strong", HOS, "Lead member and DCS visit front-line teams monthly."),
    "ESN67": (G, "partial", HOS, "Sufficiency strategy refreshed in 2026."),
    "ESN68": (RI, "partial", QA, "JSNA and sufficiency statement not yet aligned."),
    "ESN69": (G, "strong", CIC, "Corporate parenting board well attended and challenging."),
    "ESN70": (RI, "partial", QA, "Performance reports do not yet drive action in all teams."),
    "ESN71": (RI, "partial", QA, "Management oversight recorded inconsistently."),
    "ESN72": (RI, "partial", PSW, "Learning from audits is not consistently embedded."),
    "ESN73": (G, "strong", HOS, "Family Justice Board: care proceedings now 31 weeks."),
}

# A workshop: a second view on two items, with no agreed grade yet.
SECOND_VIEWS: dict[str, tuple[str, str, str, str]] = {
    "ESN06": (G, "partial", HOS, "Threshold document relaunched in May."),
    "ESN74": (RI, "none", HOS, "Caseloads average 19 in assessment teams."),
}
SECOND_OPINIONS: dict[str, tuple[str, str, str, str]] = {
    "ESN06": (RI, "partial", QA, "Partners still apply thresholds inconsistently (audit 14)."),
    "ESN74": (G, "partial", PSW, "Caseloads fell after the recruitment drive in the summer."),
}

NOT_APPLICABLE = {"ESN41": "No functions are delegated to a third party.",
                  "ESN75": "No functions are delegated to a third party.",
                  "ESN88": "No functions are delegated to a third party."}

SP = "https://northshire.sharepoint.example/sites/ChildrensServices/"
"""A fictional SharePoint site: the demo's documents are links, never files on disk."""

EVIDENCE: list[tuple[str, str | None, str, date]] = [
    ("1.01", None, SP + "Inspection/Annex%20A/1.01", date(2026, 9, 1)),
    ("1.03", None, SP + "Inspection/Annex%20A/1.03", date(2026, 10, 1)),
    ("1.06", None, SP + "Inspection/Annex%20A/1.06", date(2026, 4, 1)),
    ("1.07", None, SP + "Inspection/Annex%20A/1.07", date(2026, 5, 12)),
    ("2.01", None, SP + "Inspection/Annex%20A/2.01", date(2026, 7, 3)),
    ("2.02", None, SP + "Inspection/Annex%20A/2.02", date(2026, 9, 30)),
    ("2.07", None, SP + "Inspection/Annex%20A/2.07", date(2026, 10, 2)),
    ("3.01", None, SP + "Inspection/Annex%20A/3.01", date(2026, 3, 1)),
    ("3.04", None, SP + "Inspection/Annex%20A/3.04", date(2025, 12, 5)),
    ("3.05", None, SP + "Inspection/Annex%20A/3.05", date(2026, 9, 20)),
    ("3.06", None, SP + "Inspection/Annex%20A/3.06", date(2026, 6, 30)),
    ("3.09", None, SP + "Inspection/Annex%20A/3.09", date(2026, 10, 8)),
    ("QA-AUD-2026-09", "Multi-agency audit: neglect (September 2026)",
     SP + "Quality%20Assurance/Audits/2026-09", date(2026, 9, 26)),
    ("PSW-2026", "Principal social worker annual report 2025-26",
     "https://intranet.northshire.example/psw-report-2026", date(2026, 7, 15)),
    ("CICC-Q2", "Children in care council feedback, quarter 2", "DMS 2026-0412",
     date(2026, 9, 10)),
]

CITES: dict[str, list[str]] = {
    "ESN01": ["2.02"], "ESN04": ["1.07"], "ESN05": ["1.03"], "ESN06": ["1.07"],
    "ESN08": ["2.02", "QA-AUD-2026-09"], "ESN09": ["2.02"], "ESN12": ["QA-AUD-2026-09"],
    "ESN14": ["QA-AUD-2026-09"], "ESN16": ["2.07"], "ESN18": ["1.03"], "ESN22": ["3.01"],
    "ESN25": ["3.06"], "ESN28": ["2.07"], "ESN31": ["3.04"], "ESN46": ["3.06"],
    "ESN48": ["CICC-Q2"], "ESN66": ["1.01"], "ESN69": ["3.01"], "ESN72": ["PSW-2026"],
    "ESN74": ["1.06"], "ESN34": ["3.05"], "ESN36": ["3.06"], "ESN39": ["3.05"],
    "ESN42": ["3.05"], "ESN50": ["3.06"], "ESN53": ["3.05"], "ESN60": ["3.01"],
    "ESN62": ["CICC-Q2"], "ESN73": ["3.09"],
}

CASES: dict[str, list[str]] = {"ESN08": ["LL-448201", "LL-451877"], "ESN16": ["LL-439920"]}

ACTIONS: list[tuple[str, str, str, date, str]] = [
    ("ESN16", "Commission return home interviews from the new provider and report take-up "
     "monthly", "Head of Service, Safeguarding", date(2026, 11, 1), "in_progress"),
    ("ESN06", "Relaunch the threshold document with partners at the safeguarding partnership",
     "Head of MASH", date(2026, 12, 15), "open"),
    ("ESN70", "Add an actions log to the monthly performance report for every team",
     "Performance Manager", date(2026, 10, 31), "open"),
    ("ESN58", "Check every 17-year-old has passport and birth certificate applications in hand",
     "Leaving Care Team Manager", date(2027, 1, 31), "open"),
    ("ESN26", "Relaunch the advocacy offer with children in care and record on every visit "
     "whether the child was seen alone", "Head of Service, Children in Care",
     date(2026, 9, 30), "done"),
    ("ESN74", "Publish caseload figures by team to the corporate parenting board",
     "Principal Social Worker", date(2027, 2, 28), "open"),
]


# How things stood at the last board (a snapshot in the demo, so its packs show a trend).
EARLIER_LABEL = "Q2 board (September)"
EARLIER_TAKEN = datetime(2026, 9, 15, 9, 0, tzinfo=UTC)
EARLIER: dict[str, str | None] = {
    "ESN05": "requires_improvement", "ESN16": "inadequate", "ESN26": "inadequate",
    "ESN59": "requires_improvement", "ESN66": "requires_improvement",
    "ESN73": "requires_improvement", "ESN60": None, "ESN62": None,
}


def build(path: Path, bank: Bank) -> Editable:
    """Write the demo assessment at `path` (replacing an earlier demo) and return it."""
    editable = store.create(path, bank, AUTHORITY, title=TITLE, demo=True, overwrite=True)
    editable.new_id = _ids()
    for code, title, location, when in EVIDENCE:
        editable.add_evidence(code, title=title, location=location, when=when, base=path.parent)
    for item, (grade, strength, by, note) in {**SCORES, **SECOND_VIEWS}.items():
        editable.score(item, grade, by=by, strength=strength, note=note,
                       evidence=CITES.get(item, []), cases=CASES.get(item, []))
    for item, (grade, strength, by, note) in SECOND_OPINIONS.items():
        editable.score(item, grade, by=by, strength=strength, note=note)
    for item, why in NOT_APPLICABLE.items():
        editable.mark_not_applicable(item, note=why)
    for item, text, owner, due, status in ACTIONS:
        action = editable.add_action(item, text, owner=owner, due=due)
        if status != "open":
            editable.set_action_status(action.id, status)
    _fix_times(editable)
    editable.add_snapshot(_earlier_snapshot(editable))
    store.save(editable, new=True)
    return editable


def _earlier_snapshot(editable: Editable) -> Snapshot:
    """The demo as it stood at the September board: a few items worse, two not yet scored."""
    responses = dict(editable.data.responses)
    for item, grade in EARLIER.items():
        if grade is None:
            responses.pop(item, None)
        else:
            responses[item] = Response(grade=grade, evidence_strength="partial", by=HOS)
    earlier = msgspec.structs.replace(editable.data, responses=responses)
    shot = snapshots.take(EARLIER_LABEL, editable.bank, earlier, judge(editable.bank, earlier))
    return msgspec.structs.replace(shot, taken=EARLIER_TAKEN)


def _ids() -> Callable[[], str]:
    """Ids for the demo's actions and documents: the same on every machine, in order."""
    count = iter(range(1, 1_000_000))
    return lambda: derived_id("demo", next(count))


def _fix_times(editable: Editable) -> None:
    """Every time stamp the same fixed moment, so the demo is identical on every machine."""
    doc = editable.doc
    doc["created"] = WHEN
    for table in doc.get("responses", {}).values():
        for key in ("at", "not_applicable_at"):
            if key in table:
                table[key] = WHEN
        for entry in table.get("entries", []):
            if "at" in entry:
                entry["at"] = WHEN
    for action in doc.get("actions", []):
        action["created"] = WHEN
        if "at" in action:
            action["at"] = WHEN
    for entry in doc.get("evidence", {}).values():
        if "at" in entry:
            entry["at"] = WHEN
    editable.resync()


def default_path() -> Path:
    from readiness.settings import data_dir

    return data_dir() / "demo" / "northshire-demo.toml"


def ensure(banks: BankSet, path: Path | None = None, *, fresh: bool = False) -> Path:
    """The demo's file, made if it is missing (or `fresh`); a user's changes to it are kept."""
    path = path or default_path()
    if fresh or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        build(path, banks.get("sif-2015"))
    return path
