"""How the command line shows a problem: one clear message on stderr and a non-zero exit.

Commands raise `ReadinessError`; the root group catches it here, so no command needs
its own try/except and no user sees a traceback for bad input.
"""


import sys
from typing import Any

import typer
import typer.core

from readiness.errors import ReadinessError


def show_error(error: ReadinessError) -> None:
    for line in str(error).splitlines():
        sys.stderr.write(f"error: {line}\n" if not line.startswith("  ") else f"{line}\n")


class ReadinessGroup(typer.core.TyperGroup):
    """The root command group: turns the app's own errors into a message and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ReadinessError as error:
            show_error(error)
            raise typer.Exit(error.exit_code) from None
        except BrokenPipeError:  # `readiness banks show sif-2015 | head`: the reader left
            import os

            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0) from None
        except KeyboardInterrupt:
            sys.stderr.write("interrupted: nothing more was written\n")
            raise typer.Exit(130) from None
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except Exception as error:
            if getattr(ctx, "obj", None) is not None and getattr(ctx.obj, "debug", False):
                raise
            log = _log_crash(error)
            sys.stderr.write(
                f"error: readiness hit a problem it did not expect ({type(error).__name__}: "
                f"{error}). Your files were not changed by this step.\n"
                f"  The details are in {log}; please send that file to the readiness team.\n"
            )
            raise typer.Exit(70) from None


def _log_crash(error: BaseException) -> str:
    """Keep the traceback for the developers, out of the user's way."""
    import datetime
    import traceback

    from readiness.settings import data_dir

    try:
        folder = data_dir() / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = folder / f"crash-{stamp}.txt"
        path.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
        return str(path)
    except OSError:
        return "(the log could not be written)"
