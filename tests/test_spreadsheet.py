"""The positions matrix as CSV and as an Excel workbook, read back with pandas and openpyxl."""

from __future__ import annotations

from datetime import date

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from qroundtable.cli import cli
from qroundtable.errors import FileProblem, InvalidInput
from qroundtable.roundtable import Roundtable
from qroundtable.spreadsheet import SHEETS, STALE_SUFFIX, actions_frame, export_matrix, matrix_frame

CODES = ["AU", "CH", "DE", "DK", "FI", "FR", "GB", "JP", "KR", "NL", "SE", "US"]
PRINCIPLES = [f"P{n}" for n in range(1, 8)]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    from qroundtable.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.qrt"
    build_demo(path).close()
    return path


@pytest.fixture
def demo(demo_file):
    with Roundtable.open(demo_file) as table:
        yield table


def leftovers(folder) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".part")]


# -- the frame ------------------------------------------------------------------------------------


def test_the_matrix_is_delegations_by_principles_with_stale_ones_marked(demo):
    frame = matrix_frame(demo)
    assert frame.shape == (12, 7)
    assert list(frame.index) == CODES and frame.index.name == "delegation"
    assert list(frame.columns) == PRINCIPLES
    assert frame.loc["CH", "P4"] == "object"
    assert frame.loc["FR", "P2"] == "support_with_amendments"
    assert frame.loc["CH", "P5"] == "support" + STALE_SUFFIX == "support (stale)"
    assert frame.loc["SE", "P5"] == "support_with_amendments"  # given on the current text
    assert frame.loc["CH", "P6"] is None and frame["P7"].isna().all()


def test_a_meeting_keeps_only_its_attendees(demo):
    frame = matrix_frame(demo, "latest")
    assert list(frame.index) == [c for c in CODES if c != "CH"]  # CH did not attend in October 2023


def test_action_items_are_overdue_only_when_past_due_and_unfinished(demo):
    frame = actions_frame(demo, today=date(2026, 12, 1)).set_index("title")
    assert list(frame.columns) == ["owner", "assignee", "due", "status", "principle", "overdue"]
    iwg = frame.loc[[t for t in frame.index if t.startswith("Use the International IWG")][0]]
    assert (iwg["owner"], iwg["status"], iwg["due"], bool(iwg["overdue"])) == ("US", "open", date(2026, 11, 20), True)
    mous = frame.loc[[t for t in frame.index if t.startswith("Circulate effective practices")][0]]
    assert mous["status"] == "done" and not mous["overdue"]  # past due, but done
    assert frame["overdue"].sum() == 1


# -- CSV ------------------------------------------------------------------------------------------


def test_csv_reads_back_as_the_same_matrix(demo, tmp_path):
    out = demo.export_matrix(tmp_path / "matrix.csv", "csv")
    assert out == tmp_path / "matrix.csv"
    back = pd.read_csv(out)
    assert back.shape == (12, 8)
    assert list(back.columns) == ["delegation", *PRINCIPLES]
    back = back.set_index("delegation")
    assert back.fillna("").equals(matrix_frame(demo).fillna(""))
    assert back.loc["CH", "P4"] == "object" and back.loc["DE", "P5"] == "support (stale)"
    assert leftovers(tmp_path) == []


def test_csv_of_a_meeting(demo, tmp_path):
    back = pd.read_csv(demo.export_matrix(tmp_path / "m.csv", "csv", meeting="latest"))
    assert back.shape == (11, 8) and "CH" not in set(back["delegation"])


def test_an_empty_roundtable_exports_empty_cells(rt, tmp_path):
    back = pd.read_csv(rt.export_matrix(tmp_path / "empty.csv", "csv"), keep_default_na=False)
    assert list(back.columns) == ["delegation", "P1"] and list(back["P1"]) == ["", "", ""]
    book = pd.read_excel(rt.export_matrix(tmp_path / "empty.xlsx", "xlsx"), sheet_name=None)
    assert list(book) == list(SHEETS) and book["Action items"].empty


# -- the workbook --------------------------------------------------------------------------------


@pytest.fixture
def workbook(demo, tmp_path):
    return export_matrix(demo, tmp_path / "matrix.xlsx", "xlsx", today=date(2026, 12, 1))


def test_the_workbook_has_three_sheets_that_read_back(demo, workbook):
    book = pd.read_excel(workbook, sheet_name=None)
    assert list(book) == ["Positions", "Consensus", "Action items"]

    # The legend sits below the table: the matrix is its first 12 rows.
    positions = pd.read_excel(workbook, sheet_name="Positions", nrows=12, index_col=0)
    assert positions.shape == (12, 7) and list(positions.index) == CODES
    assert positions.index.name == "delegation" and list(positions.columns) == PRINCIPLES
    assert positions.fillna("").equals(matrix_frame(demo).fillna(""))

    consensus = book["Consensus"].set_index("principle")
    assert consensus.shape == (7, 11)
    assert list(consensus.columns) == ["title", "status", "support", "support_with_amendments", "reservation",
                                       "abstain", "object", "no_position", "missing", "objecting", "by_silence"]
    assert consensus.loc[3, "status"] == "agreed" and consensus.loc[3, "by_silence"]  # the demo's silence
    p4 = consensus.loc[4]
    assert (p4["status"], p4["object"], p4["objecting"]) == ("contested", 1, "CH")
    assert p4["title"] == "Research security and a fair marketplace"
    assert consensus.loc[7, "no_position"] == 12 and consensus.loc[7, "status"] == "not_discussed"

    actions = book["Action items"]
    assert actions.shape == (7, 7)
    assert list(actions.columns) == ["title", "owner", "assignee", "due", "status", "principle", "overdue"]
    assert actions["overdue"].dtype == bool and actions["overdue"].sum() == 1
    assert pd.api.types.is_datetime64_any_dtype(actions["due"])


def test_stance_cells_carry_the_apps_colours_and_panes_are_frozen(workbook):
    wb = openpyxl.load_workbook(workbook)
    ws = wb["Positions"]
    assert ws.freeze_panes == "B2" and wb["Consensus"].freeze_panes == "B2"
    assert wb["Action items"].freeze_panes == "B2"
    cell = {(ws.cell(r, 1).value, ws.cell(1, c).value): ws.cell(r, c) for r in range(2, 14) for c in range(2, 9)}

    def look(code, principle):
        c = cell[(code, principle)]
        return c.value, c.fill.fgColor.rgb if c.fill.fill_type else None, c.font.color.rgb if c.font.color else None

    assert look("CH", "P4") == ("object", "FFD55E00", "FFFFFFFF")
    assert look("AU", "P1") == ("support", "FF009E73", "FFFFFFFF")
    assert look("FR", "P2") == ("support_with_amendments", "FF56B4E9", "FF0B2233")
    assert look("JP", "P4") == ("reservation", "FFE69F00", "FF2B1D00")
    assert look("FI", "P6") == ("abstain", "FFBBBBBB", "FF202020")
    assert look("CH", "P5") == ("support (stale)", "FFF2F2F2", "FF6E6E6E") and cell[("CH", "P5")].font.italic
    assert look("CH", "P6")[:2] == (None, None)

    # The header names each principle in a comment; the legend explains every colour.
    assert "Research security" in ws["E1"].comment.text
    legend = {ws.cell(r, 2).value: ws.cell(r, 3).value for r in range(15, ws.max_row + 1) if ws.cell(r, 3).value}
    assert ws.cell(15, 1).value == "Legend"
    assert {"support", "support_with_amendments", "reservation", "abstain", "object", "support (stale)",
            None} <= set(legend)
    assert "older version" in legend["support (stale)"]

    # Wide enough for the longest stance; the code column stays narrow.
    assert ws.column_dimensions["C"].width >= len("support_with_amendments")
    assert ws.column_dimensions["A"].width < 20

    status = {wb["Consensus"].cell(r, 3).value: wb["Consensus"].cell(r, 3).fill.fgColor.rgb for r in range(2, 9)}
    assert status["contested"] == "FFD55E00" and status["agreed"] == "FF009E73"
    actions = wb["Action items"]
    overdue = [r for r in range(2, 9) if actions.cell(r, 7).value is True]
    assert len(overdue) == 1 and actions.cell(overdue[0], 4).font.color.rgb == "FFD55E00"
    assert actions.cell(2, 4).number_format == "yyyy-mm-dd"


# -- never overwrite by surprise, never leave half a file ----------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_existing_file_is_replaced_only_when_asked(demo, tmp_path, fmt):
    out = tmp_path / f"matrix.{fmt}"
    out.write_text("keep me")
    with pytest.raises(FileProblem, match="already exists"):
        demo.export_matrix(out, fmt)
    assert out.read_text() == "keep me"
    demo.export_matrix(out, fmt, overwrite=True)
    assert out.read_bytes() != b"keep me" and leftovers(tmp_path) == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_cancelled_export_leaves_nothing_behind(demo, tmp_path, fmt):
    class Stop(Exception):
        pass

    def progress(done, total, text):
        if done == total:  # the very last step, after the file has been written in full
            raise Stop()

    with pytest.raises(Stop):
        demo.export_matrix(tmp_path / f"new.{fmt}", fmt, progress=progress)
    assert list(tmp_path.iterdir()) == []
    old = tmp_path / f"old.{fmt}"
    old.write_text("old content")
    with pytest.raises(Stop):
        demo.export_matrix(old, fmt, overwrite=True, progress=progress)
    assert old.read_text() == "old content" and leftovers(tmp_path) == []


def test_bad_format_folder_or_meeting_is_refused(demo, tmp_path):
    with pytest.raises(InvalidInput, match="csv or xlsx"):
        demo.export_matrix(tmp_path / "m.ods", "ods")
    with pytest.raises(FileProblem, match="folder"):
        demo.export_matrix(tmp_path, "csv")
    with pytest.raises(Exception, match="meeting"):
        demo.export_matrix(tmp_path / "m.csv", "csv", meeting="no-such-meeting")
    assert list(tmp_path.iterdir()) == []


def test_missing_folders_are_made(demo, tmp_path):
    out = demo.export_matrix(tmp_path / "exports" / "2026" / "m.csv", "csv")
    assert out.is_file()


# -- the command line -----------------------------------------------------------------------------


def run(db, *args):
    return CliRunner().invoke(cli, ["--db", str(db), "export", "matrix", *args])


def test_cli_writes_csv_and_xlsx(demo_file, tmp_path):
    result = run(demo_file, "--format", "csv", "--out", str(tmp_path / "m.csv"))
    assert result.exit_code == 0, result.output
    assert "12 delegations × 7 principles" in result.stdout
    assert pd.read_csv(tmp_path / "m.csv").shape == (12, 8)
    result = run(demo_file, "--format", "xlsx", "--out", str(tmp_path / "m.xlsx"), "--meeting", "latest")
    assert result.exit_code == 0, result.output
    assert "11 delegations" in result.stdout
    assert pd.read_excel(tmp_path / "m.xlsx", sheet_name="Positions", nrows=11, index_col=0).shape == (11, 7)


def test_cli_bad_format_is_a_usage_error(demo_file, tmp_path):
    result = run(demo_file, "--format", "ods", "--out", str(tmp_path / "m.ods"))
    assert result.exit_code == 2 and "ods" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_cli_refuses_an_existing_file_in_one_line(demo_file, tmp_path):
    out = tmp_path / "m.csv"
    out.write_text("keep me")
    result = run(demo_file, "--format", "csv", "--out", str(out))
    assert result.exit_code == 1 and result.stdout == "" and "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "already exists" in lines[0] and "--force" in lines[0]
    assert out.read_text() == "keep me"
    assert run(demo_file, "--format", "csv", "--out", str(out), "--force").exit_code == 0
    assert out.read_text().startswith("delegation,P1,")


def test_cli_unknown_meeting_is_one_line(demo_file, tmp_path):
    result = run(demo_file, "--format", "csv", "--out", str(tmp_path / "m.csv"), "--meeting", "nope")
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "m.csv").exists()
