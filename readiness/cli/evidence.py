"""`readiness evidence …`: the authority's evidence register."""


from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from readiness.cli.assessments import FileArg, open_edit, save
from readiness.cli.common import (
    echo,
    echo_json,
    read_assessment,
    table,
    terminal_width,
    wrap,
)
from readiness.cli.errors import ReadinessGroup

if TYPE_CHECKING:
    from readiness.evidencecheck import DocumentCheck, EvidenceCheck

app = typer.Typer(help="The evidence register: documents that back your grades.",
                  no_args_is_help=True, cls=ReadinessGroup)


@app.command("add")
def add(
    ctx: typer.Context,
    file: FileArg,
    code: Annotated[str, typer.Argument(metavar="CODE", help="An Annex A code (1.07) or your "
                                        "own (QA-2026-03).")],
    title: Annotated[str | None, typer.Option("--title", "-t", help="What the document is "
                                              "(default for Annex A codes: its title).",
                                              show_default=False)] = None,
    location: Annotated[str | None, typer.Option(
        "--location", "-l", help="Where the document is: a path in the assessment's folder, "
        "a full or network path (C:\\QA\\x.pdf, \\\\server\\share\\x.pdf), a URL (https, "
        "SharePoint) or a document-system reference. Kept as typed, never opened.",
        show_default=False)] = None,
    date: Annotated[str | None, typer.Option("--date", "-d", help="The document's date, "
                                             "YYYY-MM-DD or DD/MM/YYYY.",
                                             show_default=False)] = None,
    item: Annotated[list[str] | None, typer.Option(
        "--item", "-i", help="Also cite it for this item (repeatable).",
        show_default=False)] = None,
) -> None:
    """Add (or update) a document in the evidence register.

    Example: readiness evidence add ours.toml 1.07 --title "Threshold document 2026"
    --location docs/thresholds.pdf --date 2026-10-01 --item ESN06
    """

    editable = open_edit(ctx, file)
    entry = editable.add_evidence(code, title=title, location=location, when=date,
                                  base=Path.cwd())
    for one in item or []:
        editable.attach(one, code)
    where = f" at {entry.location}" if entry.location else ""
    echo(f"{code}: {entry.title}{where}. {save(editable, file)}")


@app.command("list")
def list_evidence(
    ctx: typer.Context,
    file: FileArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the evidence register, where each document is used, and Annex A gaps.

    Example: readiness evidence list ours.toml
    """

    data, bank = read_assessment(ctx, file)
    uses = data.evidence_uses()
    if as_json:
        echo_json({code: {"title": ref.title, "location": ref.location, "kind": ref.kind,
                          "date": ref.date, "used_by": uses.get(code, [])}
                   for code, ref in data.evidence.items()})
        return
    rows = [[code, ref.title, ref.location, str(ref.date or ""),
             ", ".join(uses.get(code, [])) or "unused"]
            for code, ref in sorted(data.evidence.items())]
    if rows:  # long titles and links wrap to the terminal, never cut
        echo(table(rows, header=["CODE", "TITLE", "LOCATION", "DATE", "USED BY"],
                   width=terminal_width(), wrap=(1, 2, 4)))
    else:
        echo("The register is empty. Add a document with: readiness evidence add FILE CODE "
             "--title ...")
    missing = [doc.code for doc in bank.evidence if doc.code not in data.evidence]
    if missing:
        echo()
        echo(wrap(f"Not yet in the register ({len(missing)} of {len(bank.evidence)} "
                  f"catalogue documents): {', '.join(missing)}", indent="",
                  width=terminal_width()))
    from readiness import views

    audits = views.audits_words(bank, data)
    if audits:
        echo()
        echo(wrap(f"{audits} (readiness audit list {file})", indent="",
                  width=terminal_width()))



@app.command("check")
def check(
    ctx: typer.Context,
    file: FileArg,
    folder: Annotated[Path | None, typer.Option(
        "--dir", help="Also search this folder (and its subfolders) for files named with a "
        "catalogue code that the register does not list.", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Check the evidence pack against the bank's catalogue (Annex A in the SIF): what is not
    in the register, registered files that are missing, files not named with their code
    first, documents older than the bank allows (twelve months in the SIF), and items with
    no evidence at all. Only
    paths on this computer are looked at; URLs, network paths and document-system
    references are reported as not checked, never opened.

    Example: readiness evidence check ours.toml --dir evidence/
    """
    from readiness.assessment import today as current_day
    from readiness.evidencecheck import check as check_pack

    data, bank = read_assessment(ctx, file)
    result = check_pack(bank, data, file.resolve().parent, current_day(), folder)
    if as_json:
        echo_json(result.to_dict())
    else:
        _print_check(result, len(bank.items))


def _print_check(result: "EvidenceCheck", items: int) -> None:
    from readiness.cli.common import terminal_width, wrap

    width = terminal_width()
    catalogue = result.catalogue()
    echo(f"Evidence check against the {result.bank} catalogue ({len(catalogue)} documents), "
         f"{result.today:%d/%m/%Y}")
    echo()
    rows = [[d.code, "yes" if d.registered else "not yet", _found_words(d), _named_words(d),
             f"{d.date:%d/%m/%Y}" if d.date else ("none" if d.registered else ""),
             {"register": "register", "file modified": "file"}.get(d.dated_from, ""),
             "" if d.months_old is None else f"{d.months_old}" + (" OLD" if d.stale else "")]
            for d in result.documents]
    echo(table(rows, header=["CODE", "REGISTER", "FILE", "NAMED", "DATE", "DATED BY",
                             "MONTHS"], width=width, wrap=(2,)))
    if result.not_checked:
        echo("In brackets: not checked (URLs, network paths and references are never "
             "opened).")
    echo()
    reasons: dict[str, list[str]] = {}
    for d in result.not_checked:
        reasons.setdefault(d.why_not_checked, []).append(d.code)
    naming = f"The naming rule: \"{result.naming_rule}\"" if result.naming_rule else ""
    lines = [
        ("Not in the register", [d.code for d in result.unregistered],
         f" of {len(catalogue)}", ", ", ""),
        ("Registered files missing", [f"{d.code} ({d.location})" for d in result.missing], "",
         ", ", ""),
        ("Not named with their code first",
         [f"{d.code} ({d.file_name})" for d in result.misnamed], "", ", ", naming),
        (f"Older than {result.age_months} months",
         [f"{d.code} ({d.months_old} months, {d.dated_from} date)" for d in result.stale], "",
         ", ", ""),
        ("Not checked", [f"{why}s: {', '.join(codes)}" for why, codes in reasons.items()],
         "", "; ", ""),
        ("No date in the register and no file to read one from",
         [d.code for d in result.undated], "", ", ",
         "Give one with: readiness evidence add FILE CODE --date DD/MM/YYYY"),
        ("Items with no evidence at all: no document, case or case audit",
         result.bare_items, f" of {items}", ", ", ""),
    ]
    for heading, found, of, joiner, note in lines:
        if found:
            count = len(result.not_checked) if heading == "Not checked" else len(found)
            echo(wrap(f"{heading} ({count}{of}): {joiner.join(found)}", indent="",
                      width=width))
            if note:
                echo(wrap(note, indent="  ", width=width))
    if result.scanned:
        echo()
        if result.loose:
            echo(wrap(f"Files in {result.scanned} named with a catalogue code but not in the "
                      f"register ({len(result.loose)}):", indent="", width=width))
            for f in result.loose:
                known = (f"{f.code} is registered as {f.registered_as}" if f.registered_as
                         else f"{f.code} is not in the register")
                echo(wrap(f"{f.path} ({known})", indent="  ", width=width))
        else:
            echo(wrap(f"Every file in {result.scanned} named with a catalogue code is in the "
                      "register.", indent="", width=width))
    if not any(found for _, found, *_ in lines):
        echo("Nothing to report: every document is registered, found, named and recent.")


def _found_words(d: "DocumentCheck") -> str:
    if not d.registered:
        return ""
    if d.found == "not checked":
        return f"({d.why_not_checked})"
    return {"found": "found", "missing": "MISSING", "no location": "no location"}[d.found]


def _named_words(d: "DocumentCheck") -> str:
    if d.named == "no":
        return f"NO ({d.named_as})" if d.named_as else "NO"
    if d.named == "not checked":
        return "(unchecked)"
    return d.named or ("-" if d.registered else "")
