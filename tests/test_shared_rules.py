"""Rules the app, the command line, the readout and the spreadsheet all show, each defined once in the core.

- colours of stances, stale stances, statuses and overdue items: `qroundtable/palette.py`;
- "overdue": `ActionItem.is_overdue`;
- "may this copy edit delegation X": `permissions.may_edit` (and `require_own`, which raises on the same rule);
- what an id, a delegation code and a stored time look like: `validation.py`;
- which characters an exported file cannot hold: `cells.printable` (the workbook, the CSV and the readout).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from qroundtable import palette, permissions
from qroundtable.cli import cli
from qroundtable.errors import NotPermitted
from qroundtable.model import ActionItem, ActionStatus
from qroundtable.roundtable import Roundtable

PACKAGE = Path(__file__).resolve().parent.parent / "qroundtable"
TODAY = dt.date(2026, 12, 1)


# -- colours ---------------------------------------------------------------------------------------


def rule_colours() -> set[str]:
    """The colours of stances, stale stances, no position and statuses (white aside: it is everyone's)."""
    colours = {*palette.STANCE_FILL.values(), *palette.STANCE_INK.values(), palette.STALE_FILL, palette.STALE_INK,
               palette.NO_POSITION_INK, palette.NO_POSITION_EDGE, *palette.STATUS_FILL.values(),
               *palette.STATUS_INK.values(), *palette.STATUS_TINT.values()}
    return {c.upper() for c in colours} - {"#FFFFFF"}


def test_every_ink_reads_on_its_fill_at_wcag_aa():
    """Stance cells, status badges, stale and empty cells, overdue rows: app, readout and workbook alike."""
    pairs = [(palette.STANCE_FILL[s], palette.STANCE_INK[s], s) for s in palette.STANCE_FILL]
    pairs += [(palette.STATUS_FILL[s], palette.STATUS_INK[s], s) for s in palette.STATUS_FILL]
    pairs += [(palette.STALE_FILL, palette.STALE_INK, "stale"), (palette.NO_POSITION_FILL, palette.NO_POSITION_INK,
              "no position"), (palette.OVERDUE_FILL, palette.OVERDUE_INK, "overdue")]
    for fill, ink, what in pairs:
        assert palette.contrast_ratio(fill, ink) >= palette.AA_CONTRAST, f"{what}: {ink} on {fill}"
    # The formula itself, against WCAG's own figures: black on white is 21; white on the Okabe-Ito green 3.42,
    # which is why the green carries a dark ink.
    assert palette.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21)
    assert palette.contrast_ratio("#009E73", "#FFFFFF") == pytest.approx(3.42, abs=0.01)


def test_the_rule_colours_are_written_only_in_the_palette():
    colours = rule_colours()
    assert {"#009E73", "#F2F2F2", "#6E6E6E", "#D4F0E6"} <= colours
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if path.name == "palette.py":
            continue
        text = path.read_text().upper()
        hits = {c for c in colours if re.search(rf"(?<![0-9A-F]){c[1:]}(?![0-9A-F])", text)}
        if hits:
            found[str(path.relative_to(PACKAGE))] = sorted(hits)
    assert found == {}


def test_the_stale_colour_is_the_same_in_the_readout_and_the_workbook():
    from qroundtable.readout import wording

    assert (wording.STALE_FILL, wording.STALE_INK) == (palette.bare(palette.STALE_FILL),
                                                        palette.bare(palette.STALE_INK)) == ("F2F2F2", "6E6E6E")
    assert wording.STANCE_FILL == {s: palette.bare(c) for s, c in palette.STANCE_FILL.items()}


# -- overdue ---------------------------------------------------------------------------------------


def item(due, status) -> ActionItem:
    return ActionItem(id="x", title="t", detail="", owner="US", assignee="", due=due, status=ActionStatus(status),
                      principle=None, meeting_id=None)


@pytest.mark.parametrize("due, status, overdue", [
    ("2026-11-30", "open", True), ("2026-11-30", "in_progress", True), ("2026-12-01", "open", False),
    ("2026-12-02", "open", False), ("2020-01-01", "done", False), ("2020-01-01", "dropped", False),
    (None, "open", False), ("", "open", False),
])
def test_overdue_means_due_before_today_and_still_to_be_done(due, status, overdue):
    assert item(due, status).is_overdue(TODAY) is overdue


@pytest.fixture
def dated(tmp_path):
    """Action items on each side of the rule, for every place that shows it."""
    with Roundtable.create(tmp_path / "d.qrt", title="Dates", secretariat="US") as table:
        table.actions.add("late", "US", due="2026-11-30")
        table.actions.add("late, started", "US", due="2026-01-01")
        table.actions.set_status(table.actions.list()[-1].id, "in_progress")
        table.actions.add("due today", "US", due="2026-12-01")
        table.actions.add("late but done", "US", due="2026-01-02")
        table.actions.set_status(next(a.id for a in table.actions.list() if a.title == "late but done"), "done")
        table.actions.add("no date", "US")
        yield table


LATE = {"late", "late, started"}


def test_the_workbook_the_readout_and_the_command_line_agree_on_overdue(dated, monkeypatch):
    from qroundtable.readout.wording import is_overdue
    from qroundtable.spreadsheet import actions_frame

    frame = actions_frame(dated, today=TODAY)
    assert set(frame[frame["overdue"]]["title"]) == LATE
    assert {a.title for a in dated.actions.list() if is_overdue(a, TODAY)} == LATE

    class Today(dt.date):
        @classmethod
        def today(cls):
            return TODAY

    monkeypatch.setattr("qroundtable.cli.action.date", Today)
    result = CliRunner().invoke(cli, ["--db", str(dated.path), "action", "list", "--overdue", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert {r["title"] for r in __import__("json").loads(result.stdout)} == LATE
    table = CliRunner().invoke(cli, ["--db", str(dated.path), "action", "list"]).stdout
    marked = {line.split("  ")[-1].strip() for line in table.splitlines() if "OVERDUE" in line}
    assert marked == LATE


# -- who may edit what -----------------------------------------------------------------------------


@pytest.fixture
def copies(tmp_path):
    """The secretariat's master (US) and JP's copy of it."""
    master = Roundtable.create(tmp_path / "master.qrt", title="Copies", secretariat="US")
    for code in ("JP", "DK"):
        master.delegations.add(code, code)
    master.principles.add("One", "Text.")
    jp = Roundtable.open(master.save_delegation_copy(tmp_path / "jp.qrt", "JP"))
    yield master, jp
    jp.close()
    master.close()


def test_may_edit_answers_what_the_facade_enforces(copies):
    master, jp = copies
    assert [permissions.may_edit(master.info, c) for c in ("US", "JP", "DK", None)] == [True, True, True, False]
    assert [permissions.may_edit(jp.info, c) for c in ("US", "JP", "DK", None)] == [False, True, False, False]
    for table in copies:
        for code in ("US", "JP", "DK"):
            try:
                table.positions.set(code, 1, "support")
                allowed = True
            except NotPermitted as refused:
                assert "this copy belongs to" in str(refused)
                allowed = False
            assert allowed is permissions.may_edit(table.info, code), (table.info.copy_owner, code)


def test_require_secretariat_follows_the_copy(copies):
    master, jp = copies
    permissions.require_secretariat(master.info, "add a principle")
    with pytest.raises(NotPermitted, match="only the secretariat's copy can add a principle"):
        permissions.require_secretariat(jp.info, "add a principle")
    with pytest.raises(NotPermitted, match="it cannot record a position for DK"):
        permissions.require_own(jp.info, "DK", "record a position")


# -- ids, codes, times and the characters a file cannot hold ----------------------------------------


# (a piece of each pattern's source text as it is written in Python, the one module that may write it)
PATTERN_HOMES = [
    (r"[0-9a-f]{8}-[0-9a-f]{4}", "validation.py"),  # a UUID
    (r"[A-Z][A-Z0-9]{1,7}", "validation.py"),  # a delegation code
    (r"(\d{4})-(\d{2})-(\d{2})T", "validation.py"),  # a time as the roundtable writes it
    (r"\x00-\x08\x0b\x0c\x0e-\x1f", "cells.py"),  # characters an exported file cannot hold
]


@pytest.mark.parametrize("piece, home", PATTERN_HOMES)
def test_each_shared_pattern_is_written_once(piece, home):
    found = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if piece in p.read_text())
    assert found == [home]


def test_ids_codes_and_times_follow_the_one_pattern_everywhere():
    from qroundtable import ids, validation
    from qroundtable.storage import now_iso
    from qroundtable.sync import changes, format, release, rules

    assert validation.UUID.fullmatch(ids.new_id()) and changes.UUID is format.UUID is release.UUID is rules.UUID \
        is validation.UUID
    assert format.CODE is validation.CODE and validation.delegation_code("oecd") == "OECD"
    assert validation.stored_time(now_iso()).tzinfo is not None
    assert validation.stored_time(validation.deadline("2026-12-01")) == dt.datetime(2026, 12, 1, 23, 59, 59,
                                                                                  tzinfo=dt.timezone.utc)
    for bad in ("2026-13-01T00:00:00Z", "yesterday", None):
        with pytest.raises(ValueError):
            validation.stored_time(bad)


def test_the_readout_and_the_spreadsheet_replace_the_same_characters():
    from qroundtable.cells import printable
    from qroundtable.readout.wordml import xml_safe

    odd = "".join(chr(c) for c in (*range(0x20), 0x7F, 0xD800, 0xDFFF, 0xFDD0, 0xFDEF, 0xFFFE, 0xFFFF, 0x1FFFE,
                                   0x10FFFF, 0x202E)) + "plain é"
    assert xml_safe(odd) == printable(odd).replace("\r", "\n")
    assert "\x00" not in xml_safe(odd) and xml_safe("\ufdd0") == "\ufffd"


# -- a row named by the short end of its id ---------------------------------------------------------


def test_conflicts_are_named_by_a_short_id_as_amendments_actions_and_meetings_are(tmp_path):
    from qroundtable.errors import InvalidInput, NotFound
    from qroundtable.ids import new_id
    from qroundtable.storage import conflict_rows, now_iso

    with Roundtable.create(tmp_path / "refs.qrt", title="Refs", secretariat="US") as rt:
        rt.actions.add("Brief the minister", "US")
        conflict_id = new_id()
        with rt.store.transaction():
            conflict_rows.add_conflicts(rt.store, [{
                "id": conflict_id, "import_id": None, "kind": "merge", "table_name": "action_items",
                "row_id": rt.actions.list()[0].id, "field": "title", "old": "a", "current": "b", "incoming": "c",
                "reason": "", "delegation": "JP", "sequence": 1, "snapshot_id": None, "created_at": now_iso(),
                "state": "open"}])
        assert rt.sync.conflict(conflict_id[-6:]).id == rt.sync.conflict(conflict_id[:8]).id == conflict_id
        for what, find in (("conflict", rt.sync.conflict), ("action item", rt.actions.get)):
            with pytest.raises(InvalidInput, match=f"^give at least 4 characters of the {what} id$"):
                find(" 1a ")
            with pytest.raises(NotFound, match=f"^no {what} with id '%%%%'$"):
                find("%%%%")  # typed % and _ are characters, not wildcards
