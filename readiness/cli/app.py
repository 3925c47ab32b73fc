"""Opening the app: `readiness` (start screen), `readiness open FILE`, `readiness demo`."""

from pathlib import Path
from typing import Annotated

import typer

from readiness.cli.common import bank_set, echo, read_assessment


def start(ctx: typer.Context, path: Path | None = None, *, present: bool = False,
          ask_name: bool = False) -> None:
    """Run the terminal app (textual loads only here, never for the light commands)."""
    from readiness.tui.app import make_app

    banks = bank_set(ctx)
    if path is not None:
        from readiness import store

        store.read(path, banks)  # a bad file is one clear line here, before the screen opens
    make_app(banks, path, present=present, ask_name=ask_name).run()


def register(app: typer.Typer) -> None:
    app.command("open")(open_file)
    app.command("demo")(demo)
    app.command("serve")(serve)


def open_file(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The assessment file (.toml).")],
    present: Annotated[bool, typer.Option(
        "--present", help="Facilitator mode for a projector: one item at a time, large and "
        "high-contrast, the room's grades tallied, = agrees.")] = False,
    ask_name: Annotated[bool, typer.Option(
        "--ask-name", help="Ask who is scoring before anything else (each browser session "
        "of `readiness serve` does).")] = False,
) -> None:
    """Open an assessment in the app.

    Example: readiness open ours.toml --present
    """
    start(ctx, file, present=present, ask_name=ask_name)


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The assessment file (.toml).")],
    port: Annotated[int, typer.Option("--port", help="The port to listen on.")] = 8000,
    host: Annotated[str, typer.Option(
        "--host", help="Where to listen: 127.0.0.1, this computer only (the default). Any "
        "other address needs --allow-network and lets others on that network in.")] =
        "127.0.0.1",
    allow_network: Annotated[bool, typer.Option(
        "--allow-network", help="Allow a --host other than this computer.")] = False,
) -> None:
    """Serve the app to web browsers, for a workshop: each browser is asked who is scoring,
    and every session saves into FILE, merging with the others as several laptops do.

    Example: readiness serve ours.toml --port 8000
    """
    import shlex
    import sys

    from readiness.errors import ReadinessError

    read_assessment(ctx, file)  # a bad file is one clear line before anything listens
    if host not in LOOPBACK and not allow_network:
        raise ReadinessError(
            f"{host} would let anyone who can reach this computer open the assessment",
            hint="Add --allow-network if that is what you want (only on a network you "
                 "trust), or leave out --host to serve to this computer only.")
    if not 0 < port < 65536:
        raise ReadinessError(f"{port} is not a port", hint="Use a number such as 8000.")
    if host not in LOOPBACK:
        sys.stderr.write(f"warning: serving on {host}: anyone who can reach this computer on "
                         f"port {port} can open and change {file.name}. There is no password."
                         "\n")
    from textual_serve.server import Server

    banks = ctx.find_root().params.get("banks_dir")
    command = [sys.executable, "-m", "readiness"]
    if banks:
        command += ["--banks-dir", str(banks)]
    command += ["open", str(file.resolve()), "--ask-name"]
    echo(f"Serving {file.name} at http://{host}:{port} (ctrl+c stops).")
    Server(shlex.join(command), host=host, port=port,
           title=f"readiness: {file.name}").serve()


def demo(
    ctx: typer.Context,
    fresh: Annotated[bool, typer.Option("--fresh", help="Start the demo again from scratch "
                                        "(your changes to it are replaced).")] = False,
    file: Annotated[Path | None, typer.Option("--file", help="Where to keep the demo "
                                              "(default: your data folder).",
                                              show_default=False)] = None,
    no_app: Annotated[bool, typer.Option("--no-app", help="Only make the file and print "
                                         "where it is.")] = False,
) -> None:
    """Open a demo: a fictional authority's partly scored assessment, to try things on.

    Example: readiness demo --fresh
    """
    from readiness import demo as demo_module

    path = demo_module.ensure(bank_set(ctx), file, fresh=fresh)
    if no_app:
        echo(str(path))
        return
    start(ctx, path)
