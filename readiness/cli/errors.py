"""How the command line shows a problem: one clear message on stderr and a non-zero exit.

Commands raise `ReadinessError`; the root group catches it here, so no command needs
its own try/except and no user sees a traceback for bad input.
"""


import sys
from typing import Any

import typer
import typer.core

from readiness.errors import ReadinessError


def _click_class(name: str) -> type[Exception]:
    """click's own error classes, wherever this typer takes click from (0.28 carries its own)."""
    return next(cls for cls in typer.BadParameter.__mro__ if cls.__name__ == name)


_CLICK_ERROR = _click_class("ClickException")
_USAGE_ERROR = _click_class("UsageError")
_RESOLVED = "readiness.resolved-command"


def _name_the_command(error: Any, ctx: Any) -> None:
    if getattr(error, "ctx", None) is None:
        error.ctx = ctx
        error.cmd = ctx.command


def show_error(error: ReadinessError) -> None:
    from readiness.cli.common import terminal_safe

    for line in terminal_safe(str(error)).splitlines():
        sys.stderr.write(f"error: {line}\n" if not line.startswith("  ") else f"{line}\n")


class ReadinessGroup(typer.core.TyperGroup):
    """Every command group: turns the app's own errors into a message and an exit code.

    Usage mistakes stay click's (its message, exit 2). click raises some of them (an
    option missing its value) without saying which command they belong to, so only
    "Error: ..." would show; the group fills in the command, so its usage line and
    "Try 'readiness export -h' for help." are printed too.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except _USAGE_ERROR as error:
            _name_the_command(error, ctx)
            raise

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, command, rest = super().resolve_command(ctx, args)
        ctx.meta[_RESOLVED, id(self)] = (name, command)
        return name, command, rest

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except _USAGE_ERROR as error:
            if getattr(error, "ctx", None) is None and (_RESOLVED, id(self)) in ctx.meta:
                name, command = ctx.meta[_RESOLVED, id(self)]
                _name_the_command(error, command.context_class(command, info_name=name,
                                                               parent=ctx))
            raise
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
        except _CLICK_ERROR:
            # A usage mistake (no such command, a missing argument, an option without its
            # value): click prints its own usage message and exits 2. Not a crash.
            raise
        except Exception as error:
            if getattr(ctx, "obj", None) is not None and getattr(ctx.obj, "debug", False):
                raise
            from readiness import crashlog

            log = crashlog.write(error)
            sys.stderr.write(
                f"error: readiness hit a problem it did not expect ({type(error).__name__}: "
                f"{error}). Your files were not changed by this step.\n"
                f"  The details are in {log}; please send that file to the readiness team.\n"
            )
            raise typer.Exit(70) from None
