"""The `qroundtable` command group: --db, opening the file, and turning errors into one line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click
import platformdirs

from ..errors import ReadOnly, RoundtableError
from ..roundtable import Roundtable
from ..storage.problems import file_problem

# The commands that only read the roundtable: they work on a file that cannot be written.
# Any other command on such a file says "FILE is read-only" before doing anything.
READING = frozenset({
    "consensus", "action list", "amendment list", "conflicts", "delegation list", "meeting list", "position list",
    "principle list", "principle show", "readout", "export matrix", "keys show", "screenshot",
})


def default_db() -> Path:
    return Path(platformdirs.user_data_dir("qroundtable", appauthor=False)) / "roundtable.qrt"


class RoundtableGroup(click.Group):
    """A group whose commands report RoundtableError (and any surprise) as one line, exit 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except RoundtableError as exc:
            raise click.ClickException(str(exc)) from None
        except sqlite3.Error as exc:
            session = ctx.find_object(Session)
            problem = file_problem(exc, session.db) if session else None
            raise click.ClickException(str(problem) if problem else
                                       f"the roundtable file could not be read or written: {exc}") from None
        except OSError as exc:
            where = f" ({exc.filename})" if exc.filename else ""
            raise click.ClickException(f"{exc.strerror or exc}{where}") from None
        except KeyboardInterrupt:
            raise click.Abort() from None
        except Exception as exc:  # a bug: still one line for the user, never a traceback
            raise click.ClickException(f"unexpected error ({type(exc).__name__}: {exc}); "
                                       "please report it to the qroundtable developers") from None


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
    return command in READING or (command == "import" and bool(click.get_current_context().params.get("dry_run")))


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
