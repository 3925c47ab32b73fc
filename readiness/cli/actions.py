"""`readiness action …`: the improvement actions that come out of scoring."""


from typing import Annotated

import typer

from readiness.cli.assessments import FileArg, ItemArg, open_edit, save
from readiness.cli.common import FreeTextCommand, echo, echo_json, read_assessment, table
from readiness.cli.errors import ReadinessGroup

app = typer.Typer(help="Improvement actions: what will be done, by whom, by when.",
                  no_args_is_help=True, cls=ReadinessGroup)


@app.command("add", cls=FreeTextCommand)
def add(
    ctx: typer.Context,
    file: FileArg,
    item: ItemArg,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What will be done.")],
    owner: Annotated[str, typer.Option("--owner", "-o", help="Who is responsible.",
                                       show_default=False)] = "",
    due: Annotated[str | None, typer.Option("--due", help="Due date, YYYY-MM-DD or "
                                            "DD/MM/YYYY.", show_default=False)] = None,
) -> None:
    """Add an improvement action to an item.

    Example: readiness action add ours.toml ESN06 "Re-launch threshold guidance" --owner
    "Head of MASH" --due 2027-01-31
    """

    editable = open_edit(ctx, file)
    action = editable.add_action(item, text, owner=owner, due=due)
    echo(f"{editable.data.action_label(action.id)} added to {action.item}. "
         f"{save(editable, file)}")


@app.command("list")
def list_actions(
    ctx: typer.Context,
    file: FileArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List every action with its item, owner, due date and status.

    Example: readiness action list ours.toml
    """
    import msgspec

    from readiness.assessment import today as current_day

    data, _ = read_assessment(ctx, file)
    if as_json:  # every field, defaults too: an open action says "status": "open"
        echo_json([{"id": a.id, "label": data.action_label(a.id),
                    **msgspec.to_builtins(msgspec.structs.asdict(a))} for a in data.actions])
        return
    today = current_day()
    rows = [[data.action_label(a.id), a.item, a.text[:50], a.owner, str(a.due or ""),
             a.status + (" (overdue)" if a.due and a.due < today and a.status in
                         ("open", "in_progress") else "")]
            for a in data.actions]
    echo(table(rows, header=["ID", "ITEM", "ACTION", "OWNER", "DUE", "STATUS"]) if rows
         else "No actions yet. Add one with: readiness action add FILE ITEM TEXT")


@app.command("status")
def status(
    ctx: typer.Context,
    file: FileArg,
    action_id: Annotated[str, typer.Argument(metavar="ACTION", help="The action: its label "
                                             "(A3) or id.")],
    value: Annotated[str, typer.Argument(metavar="STATUS",
                                         help="open, in progress, done or dropped.")],
) -> None:
    """Change an action's status.

    Example: readiness action status ours.toml A3 done
    """

    editable = open_edit(ctx, file)
    action = editable.set_action_status(action_id, value)
    echo(f"{editable.data.action_label(action.id)}: {action.status}. {save(editable, file)}")


@app.command("remove")
def remove(
    ctx: typer.Context,
    file: FileArg,
    action_id: Annotated[str, typer.Argument(metavar="ACTION", help="The action, e.g. A3.")],
) -> None:
    """Remove an action (its id and time stay in the file, so a merge with an older copy
    does not bring it back).

    Example: readiness action remove ours.toml A3
    """

    editable = open_edit(ctx, file)
    label = editable.data.action_label(editable.action(action_id)[1].id)
    action = editable.remove_action(action_id)
    echo(f"{label} removed from {action.item}. {save(editable, file)}")
