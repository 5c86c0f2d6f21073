"""The consensus view: each principle's status under the roundtable's rule, as a table and as charts.

It counts the delegations the session has in view (a meeting's attendees, or
everyone). A stance edit recomputes only the principles the edit touched and
updates those rows in place. The chart of agreed principles per meeting needs
one tally per meeting: it keeps each meeting's agreed principles, recomputes
only the principles edits touched, and does so a moment after the last edit and
only while the view is on screen, so a tour de table recorded elsewhere never
waits for it.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QPainter, QPen
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QScrollArea, QSplitter, QStyle, QStyledItemDelegate, QTableView, QVBoxLayout,
                               QWidget)

from ...consensus import parse_rule
from ...errors import RoundtableError
from ...model import OpChanges
from ...stances import Status
from ..models.consensus_table import (FIRST_STANCE, MISSING, NO_POSITION_COL, NUMBER, OBJECTING,
                                      SILENCE, STATUS, TITLE, ConsensusTableModel, RawRole)
from ..style import STATUS_COLORS, STATUS_TEXT
from ..widgets.stance_chart import AgreedByMeetingChart, MeetingTally, StanceChart, short_date
from ..zoom import size_font
from .base import View

# Changes to these tables can move every row (who is counted, or the rule itself).
_WHOLE_TABLE = frozenset({"delegations", "roundtable", "meeting_delegations", "meetings"})
HISTORY_DELAY_MS = 400  # the per-meeting tallies wait for a pause in the edits


def rule_sentence(rule_text: str) -> str:
    """The roundtable's decision rule in one sentence a delegate can check against the table."""
    try:
        rule = parse_rule(rule_text)
    except RoundtableError:
        return f"Rule: {rule_text}."
    if rule.kind == "consensus":
        return ("Rule: consensus — agreed when every delegation counted has a current stance and none objects, "
                "holds a reservation or asks for amendments.")
    if rule.kind == "consensus_minus_one":
        return ("Rule: consensus minus one — as consensus, but a single objection leaves a principle near; "
                "two make it contested.")
    return (f"Rule: majority {rule} — agreed when support and support with amendments make at least "
            f"{str(rule).split(':')[1]} % of the current stances.")


class StatusBadgeDelegate(QStyledItemDelegate):
    """Paints the status cell as a coloured pill with its symbol and label."""

    def paint(self, painter: QPainter, option, index) -> None:
        try:  # Qt hands the StrEnum back as a plain str
            status = Status(index.data(RawRole))
        except ValueError:
            return super().paint(painter, option, index)
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(option.rect).adjusted(4, 4, -4, -4)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(STATUS_COLORS[status])
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        font = QFont(option.font)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QPen(STATUS_TEXT[status]))
        text = painter.fontMetrics().elidedText(str(index.data()), Qt.TextElideMode.ElideRight,
                                                int(rect.width()) - 12)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + 24, max(size.height(), 28))


class ConsensusView(View):
    title = "Consensus"

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(session, parent)
        self.model = ConsensusTableModel(self)
        self._numbers_by_id: dict[str, int] = {}
        self.counting_all_because = ""  # why the meeting in view could not be used, when it could not
        self._fitted = False

        heading = QLabel("Consensus")
        heading.setObjectName("viewHeading")
        size_font(heading, scale=1.5, bold=True)  # follows View ▸ Zoom
        self.meeting_combo = QComboBox()
        self.meeting_combo.setMinimumContentsLength(34)
        self.meeting_combo.setMaximumWidth(520)
        self.meeting_combo.setToolTip("Whose stances count: every delegation, or the attendees of one meeting")
        self.meeting_combo.activated.connect(self._combo_chosen)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(QLabel("Count:"))
        top.addWidget(self.meeting_combo)

        self.rule_label = QLabel()
        self.rule_label.setWordWrap(True)
        self.counting_label = QLabel()
        self.counting_label.setWordWrap(True)
        self.counting_label.setStyleSheet("color: #34506E; font-weight: bold;")

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(32)
        self.table.setItemDelegateForColumn(STATUS, StatusBadgeDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        widths = {NUMBER: 36, STATUS: 175, MISSING: 200, OBJECTING: 90, SILENCE: 150}
        for col in range(FIRST_STANCE, NO_POSITION_COL + 1):
            widths[col] = 48
        for col, width in widths.items():
            header.resizeSection(col, width)
        header.setMinimumSectionSize(36)

        self.stance_chart = StanceChart(self.model)
        chart_scroll = QScrollArea()
        chart_scroll.setWidget(self.stance_chart)
        chart_scroll.setWidgetResizable(True)
        chart_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        stance_box = QGroupBox("Stances per principle (delegations counted)")
        QVBoxLayout(stance_box).addWidget(chart_scroll)

        self.meeting_chart = AgreedByMeetingChart()
        history_box = QGroupBox("Principles agreed, counting each meeting's attendees")
        QVBoxLayout(history_box).addWidget(self.meeting_chart)

        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(stance_box)
        charts.addWidget(history_box)
        charts.setStretchFactor(0, 3)
        charts.setStretchFactor(1, 1)
        charts.setSizes([880, 380])

        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(self.table)
        body.addWidget(charts)
        body.setStretchFactor(0, 1)
        body.setStretchFactor(1, 1)
        body.setSizes([330, 420])
        self.body = body

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.rule_label)
        layout.addWidget(self.counting_label)
        layout.addWidget(body, 1)

        # The per-meeting tallies cost one consensus pass per meeting: see the module docstring.
        self._agreed_at: dict[str, set[int]] | None = None  # meeting id -> numbers agreed there; None: unknown
        self._history_pending: set[int] = set()  # principles whose tallies are out of date
        self._history_timer = QTimer(self)
        self._history_timer.setSingleShot(True)
        self._history_timer.timeout.connect(self.refresh_history)

        session.meeting_changed.connect(self._meeting_changed)
        self._reload_if_open()

    # -- whole reloads -----------------------------------------------------------------------

    def reload(self) -> None:
        if self.rt is None:
            self.model.set_rows([])
            self._numbers_by_id = {}
            self.meeting_chart.set_tallies([], None)
            self.rule_label.setText("No roundtable open.")
            self.counting_label.setText("")
            return
        self._numbers_by_id = {p.id: p.number for p in self.rt.principles.list()}
        self._fill_meeting_combo()
        self._recompute_all(reset=True)
        self._history_outdated(None)
        self._fit_table()

    def _fit_table(self) -> None:
        """Give the table the height its rows need (up to half the view) and the charts the rest."""
        total = sum(self.body.sizes())
        if total <= 0:
            return
        wanted = (self.table.horizontalHeader().height() + 4
                  + self.model.rowCount() * self.table.verticalHeader().defaultSectionSize())
        top = max(140, min(wanted, total // 2))
        self.body.setSizes([top, total - top])

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._fitted:  # once: later the splitter stays where the user dragged it
            self._fitted = True
            self._fit_table()
        if self._agreed_at is None or self._history_pending:
            self._history_timer.start(0)

    def _recompute_all(self, *, reset: bool = False) -> None:
        rows = self._consensus()
        if not reset and [r.principle for r in rows] == self.model.numbers():
            self.model.update_rows(rows)
        else:
            self.model.set_rows(rows)
        self._update_labels()

    def _consensus(self, principles=None):
        """The consensus rows for the meeting in view; everyone when that meeting can't be used."""
        meeting = self.session.meeting_id
        self.counting_all_because = ""
        if meeting:
            try:
                return self.rt.consensus(meeting, principles=principles)
            except RoundtableError as exc:
                self.counting_all_because = str(exc)
        return self.rt.consensus(None, principles=principles)

    # -- refreshing only what changed -------------------------------------------------------

    def on_changed(self, changes: OpChanges) -> None:
        tables = changes.tables
        if tables & {"meetings", "meeting_delegations"}:
            self._fill_meeting_combo()
        if tables & _WHOLE_TABLE:
            self._numbers_by_id = {p.id: p.number for p in self.rt.principles.list()}
            self._recompute_all()
            self._history_outdated(None)
            return
        ids = changes.principle_ids()
        if not ids:
            return
        if any(i not in self._numbers_by_id for i in ids):  # a principle was added
            self.reload()
            return
        numbers = sorted({self._numbers_by_id[i] for i in ids})
        rows = self._consensus(numbers)
        if len(rows) != len(numbers) or not self.model.update_rows(rows):  # one was removed (undo of an add)
            self.reload()
            return
        self._history_outdated(set(numbers))

    def _meeting_changed(self, meeting_id) -> None:
        if self.rt is None:
            return
        self._select_combo(meeting_id)
        self._recompute_all()
        self.meeting_chart.set_tallies(self.meeting_chart.tallies, meeting_id)

    # -- the meeting chooser and the header line -------------------------------------------------

    def _fill_meeting_combo(self) -> None:
        self.meeting_combo.blockSignals(True)
        self.meeting_combo.clear()
        self.meeting_combo.addItem(f"All delegations ({len(self.rt.delegations.codes())})", None)
        for m in sorted(self.rt.meetings.list(), key=lambda m: m.date, reverse=True):
            attending = f"{len(m.attending)} attending" if m.attending else "no attendance recorded"
            self.meeting_combo.addItem(f"{short_date(m.date)} — {m.title} ({attending})", m.id)
        self.meeting_combo.blockSignals(False)
        self._select_combo(self.session.meeting_id)

    def _select_combo(self, meeting_id) -> None:
        i = self.meeting_combo.findData(meeting_id)
        self.meeting_combo.blockSignals(True)
        self.meeting_combo.setCurrentIndex(max(i, 0))
        self.meeting_combo.blockSignals(False)

    def _combo_chosen(self, index: int) -> None:
        self.session.set_meeting(self.meeting_combo.itemData(index))

    def choose_meeting(self, meeting_id: str | None) -> None:
        """What picking a line in the "Count" box does (also for tests)."""
        self._combo_chosen(max(self.meeting_combo.findData(meeting_id), 0))

    def _update_labels(self) -> None:
        rt = self.rt
        self.rule_label.setText(rule_sentence(rt.info.consensus_rule)
                                + " A stance given on an older text counts as no position.")
        everyone = rt.delegations.codes()
        meeting_id = self.session.meeting_id
        if meeting_id and not self.counting_all_because:
            m = rt.meetings.get(meeting_id)
            absent = sorted(set(everyone) - set(m.attending))
            text = (f"Counting the {len(m.attending)} delegations attending “{m.title}” ({short_date(m.date)})"
                    + (f" — not counted: {', '.join(absent)}" if absent else "") + ".")
        elif meeting_id:
            text = f"Counting all {len(everyone)} delegations: {self.counting_all_because}."
        else:
            text = f"Counting all {len(everyone)} delegations: {', '.join(everyone)}."
        self.counting_label.setText(text)

    # -- the chart of agreed principles per meeting --------------------------------------------------

    def _history_outdated(self, numbers: set[int] | None) -> None:
        """Mark tallies out of date (`None`: every one) and schedule them while the view is shown."""
        if numbers is None:
            self._agreed_at = None
        else:
            self._history_pending |= numbers
        if self.isVisible():
            self._history_timer.start(HISTORY_DELAY_MS)  # always say the delay: showEvent starts it at 0

    def refresh_history(self) -> None:
        """Bring the chart of agreed principles per meeting up to date, now."""
        self._history_timer.stop()
        if self.rt is None:
            return
        meetings = sorted(self.rt.meetings.list(), key=lambda m: m.date)
        everything = self._agreed_at is None
        numbers = None if everything else sorted(self._history_pending)
        agreed_at = {} if everything else self._agreed_at
        tallies = []
        total = self.model.rowCount()
        for m in meetings:
            if not m.attending:
                tallies.append(MeetingTally(m.id, m.title, m.date, None, total))
                continue
            if everything or numbers:
                rows = self.rt.consensus(m.id, principles=numbers)
                agreed = agreed_at.setdefault(m.id, set())
                for r in rows:
                    (agreed.add if r.status is Status.AGREED else agreed.discard)(r.principle)
            tallies.append(MeetingTally(m.id, m.title, m.date, len(agreed_at.get(m.id, ())), total))
        self._agreed_at = agreed_at
        self._history_pending = set()
        self.meeting_chart.set_tallies(tallies, self.session.meeting_id)
