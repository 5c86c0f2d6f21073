"""The principle page's co-sponsors and adoption record, and dragging a speaker to another place."""

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex
from PySide6.QtWidgets import QDialog

from qroundtable.ui.views.floor import FloorView
from qroundtable.ui.views.principles import PrinciplesView


@pytest.fixture
def view(qtbot, session):
    v = PrinciplesView(session)
    qtbot.addWidget(v)
    v.resize(1360, 860)
    return v


@pytest.fixture
def nl_session(tmp_path, session, hand_out):
    """The Netherlands' copy of the demo roundtable, in a Session of its own."""
    from qroundtable.ui.session import Session

    hand_out(session, tmp_path / "nl.qrt", "NL")
    s = Session()
    s.errors = []
    s.report_error = s.errors.append
    assert s.open(tmp_path / "nl.qrt").wait()
    yield s
    s.close()


def select(view, number: int) -> None:
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    view.table.selectionModel().setCurrentIndex(view.model.index(view.model.row_of(number), 0), flags)
    assert view.current_principle().number == number


def test_a_delegation_cosponsors_and_withdraws_from_the_page(qtbot, nl_session, settle):
    view = PrinciplesView(nl_session)
    qtbot.addWidget(view)
    select(view, 4)  # Germany's amendment, co-sponsored by Finland
    panel = view.amendments_panel
    assert panel.table.item(0, 5).text() == "FI"
    assert panel.sponsors.text() == "Proposed by DE, co-sponsored by FI."
    assert panel.cosponsor_button.isEnabled() and panel.cosponsor_button.text() == "Co-sponsor"
    panel.cosponsor_button.click()
    settle(nl_session)
    assert nl_session.rt.amendments.list(4)[0].cosponsors == ("FI", "NL")
    assert panel.table.item(0, 5).text() == "FI, NL"
    assert panel.sponsors.text() == "Proposed by DE, co-sponsored by FI and NL."
    assert panel.cosponsor_button.text() == "Withdraw co-sponsorship"
    panel.cosponsor_button.click()
    settle(nl_session)
    assert nl_session.rt.amendments.list(4)[0].cosponsors == ("FI",)
    assert panel.table.item(0, 5).text() == "FI" and not nl_session.errors
    # France's amendment to principle 2 is already co-sponsored by NL: the button withdraws.
    select(view, 2)
    assert panel.cosponsor_button.text() == "Withdraw co-sponsorship"


def test_the_secretariat_asks_which_delegation_cosponsors(qtbot, view, session, settle):
    select(view, 4)
    panel = view.amendments_panel
    asked = []
    panel.ask_cosponsor = lambda a, codes: asked.append(codes) or "SE"
    assert panel.cosponsor_button.text() == "Co-sponsor…"
    panel.cosponsor_button.click()
    settle(session)
    assert "DE" not in asked[0] and "SE" in asked[0]  # never the proposer
    assert session.rt.amendments.list(4)[0].cosponsors == ("FI", "SE")


def test_the_adoption_record_shows_how_it_was_agreed_and_takes_statements(qtbot, view, session, settle):
    select(view, 3)  # agreed by silence, with Denmark's explanation of position
    record = view.adoption_panel
    html = record.view.toPlainText()
    assert "Agreed by silence" in html and "Denmark (DK)" in html and "Explanation of position" in html
    assert record.add_button.isEnabled()

    def fill(dialog: QDialog) -> bool:
        dialog.delegation.setCurrentIndex(dialog.delegation.findData("KR"))
        dialog.kind.setCurrentIndex(dialog.kind.findData("reservation"))
        dialog.text.setPlainText("")  # refused in the dialog: nothing typed is lost to an error box
        dialog.accept()
        assert dialog.result() != QDialog.DialogCode.Accepted and "empty" in dialog.problem.text()
        dialog.text.setPlainText("Korea reserves its position on talent mobility.")
        dialog.accept()
        return dialog.result() == QDialog.DialogCode.Accepted
    record.ask = fill
    assert record.add_statement()
    settle(session)
    assert "Korea reserves its position" in record.view.toPlainText() and "Formal reservation" in \
        record.view.toPlainText()
    assert [s.kind.value for s in session.rt.statements.list(3) if s.delegation == "KR"] == ["reservation"]
    assert record.withdraw.count() == 2  # the secretariat may take either off the record
    # A principle that is not agreed takes no statement yet.
    select(view, 4)
    assert not record.add_button.isEnabled() and "once the principle is agreed" in record.hint.text()
    assert "Not agreed yet" in record.view.toPlainText()


def test_a_speaker_dragged_to_another_place(qtbot, session, settle):
    view = FloorView(session)
    qtbot.addWidget(view)
    floor = session.floor
    assert floor.principle == 4 and [s.delegation for s in floor.waiting()] == ["NL", "JP", "SE"]
    waiting = view.speakers.waiting
    # What a drop inside the list does to its model: Sweden's row moved to the top.
    assert waiting.model().moveRow(QModelIndex(), 2, QModelIndex(), 0)
    settle(session)
    assert [s.delegation for s in floor.waiting()] == ["SE", "NL", "JP"]
    assert waiting.item(0).text().startswith("1.  Sweden")
