"""The `qroundtable` command group: --db, opening the file, and turning errors into one line."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import click
import platformdirs

from ..errors import ReadOnly, RoundtableError
from ..roundtable import Roundtable
from ..storage.problems import file_problem
from ..validation import shown

# The commands that only read the roundtable: they work on a file that cannot be written.
# Any other command on such a file says "FILE is read-only" before doing anything.
READING = frozenset({
    "consensus", "action list", "amendment list", "conflicts", "delegation list", "meeting list", "position list",
    "principle list", "principle show", "readout", "export matrix", "export compilation", "keys show", "screenshot",
    "speakers list", "speakers time", "vote show", "vote list", "statement list",
})


def default_db() -> Path:
    return Path(platformdirs.user_data_dir("qroundtable", appauthor=False)) / "roundtable.qrt"


class RoundtableGroup(click.Group):
    """A group whose commands report RoundtableError (and any surprise) as one line, exit 1.

    A reader that stops reading (`qroundtable keys show --as JP | head -1`) is no error:
    the command ends quietly, as `cat` would, with exit status 0.
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _stop_writing()
            raise click.exceptions.Exit(0) from None
        except click.ClickException as exc:
            exc.message = shown(exc.message)
            raise
        except (click.exceptions.Exit, click.Abort):
            raise
        except RoundtableError as exc:
            raise click.ClickException(shown(exc)) from None
        except sqlite3.Error as exc:
            session = ctx.find_object(Session)
            problem = file_problem(exc, session.db) if session else None
            raise click.ClickException(shown(problem) if problem else
                                       f"the roundtable file could not be read or written: {shown(exc)}") from None
        except OSError as exc:
            where = f" ({shown(exc.filename)})" if exc.filename else ""
            raise click.ClickException(f"{exc.strerror or shown(exc)}{where}") from None
        except KeyboardInterrupt:
            raise click.Abort() from None
        except Exception as exc:  # a bug: still one line for the user, never a traceback
            raise click.ClickException(f"unexpected error ({type(exc).__name__}: {shown(exc)}); "
                                       "please report it to the qroundtable developers") from None


def _stop_writing() -> None:
    """The reader of stdout has gone: send what is still buffered nowhere, so exiting raises nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # not a real file descriptor (a test's captured output): nothing to redirect


class Session:
    """What the commands share: the file named by --db, opened on first use and closed at exit."""

    def __init__(self, ctx: click.Context, db: Path | None):
        self.ctx = ctx
        self.db = db or default_db()
        self._rt: Roundtable | None = None

    def open(self) -> Roundtable:
        """The --db roundtable; on a file that cannot be written, only for a command that reads."""
        if self._rt is None:
            self._rt = Roundtable.open(self.db)
            self.ctx.call_on_close(self._rt.close)
        if self._rt.read_only and not _reads_only(click.get_current_context()):
            raise ReadOnly(self._rt.read_only_reason)
        return self._rt

    def adopt(self, rt: Roundtable) -> Roundtable:
        """Use a roundtable the command just created, closing it at exit."""
        self._rt = rt
        self.ctx.call_on_close(rt.close)
        return rt


pass_session = click.make_pass_decorator(Session)


def _reads_only(ctx: click.Context) -> bool:
    names = []
    while ctx.parent is not None:
        names.append(ctx.info_name)
        ctx = ctx.parent
    command = " ".join(reversed(names))
    params = click.get_current_context().params
    previews = ("import", "import-draft", "import-markup")
    return (command in READING or (command in previews and bool(params.get("dry_run")))
            or (command == "export text" and params.get("rev") is not None))  # an issued revision again


@click.group(cls=RoundtableGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), envvar="QROUNDTABLE_DB",
              help="The roundtable file (default: roundtable.qrt in your user data folder).")
@click.version_option(package_name="qroundtable")
@click.pass_context
def cli(ctx: click.Context, db: Path | None) -> None:
    """qroundtable: guiding principles, positions and consensus for an international roundtable.

    Without a command, opens the desktop app.

    Example: qroundtable --db demo.qrt consensus
    """
    ctx.obj = Session(ctx, db)
    if ctx.invoked_subcommand is None:
        from .desktop import open_desktop

        open_desktop(ctx.obj.db if db else None)
