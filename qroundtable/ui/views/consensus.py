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

from html import escape

from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QPainter, QPen
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QScrollArea, QSplitter, QStyle, QStyledItemDelegate, QTableView, QTabWidget,
                               QVBoxLayout, QWidget)

from ...consensus import parse_rule
from ...errors import RoundtableError
from ...model import OpChanges
from ...stances import Status
from ..models.consensus_table import (FIRST_STANCE, MISSING, NO_POSITION_COL, NUMBER, OBJECTING,
                                      SILENCE, STATUS, TITLE, ConsensusTableModel, RawRole)
from ..style import ACCENT_INK, STATUS_COLORS, STATUS_TEXT, set_ink
from ..widgets.progress_chart import ProgressChart
from ..widgets.stance_chart import AgreedByMeetingChart, MeetingTally, StanceChart, short_date
from ..zoom import size_font
from .base import View

HISTORY_DELAY_MS = 400  # the per-meeting tallies wait for a pause in the edits
CODES_SHOWN = 15  # delegation codes named in the "Counting ..." line before "show all"
AFTER_PAINT_MS = 30  # on showing the page, the tallies wait for its first paint


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
        self.counting_label.setTextFormat(Qt.TextFormat.RichText)
        self.counting_label.linkActivated.connect(self._codes_link)
        self._all_codes_shown = False
        self.counting_label.setStyleSheet("font-weight: bold;")
        set_ink(self.counting_label, ACCENT_INK)

        self.table = QTableView()
        self.table.setAccessibleName("Consensus per principle")
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
        # The title keeps a readable width and the table scrolls sideways on a small screen: stretched,
        # it was what gave way ("Scientific coll…") to the fixed columns.
        header.setStretchLastSection(True)
        widths = {NUMBER: 36, TITLE: 230, STATUS: 165, MISSING: 200, OBJECTING: 90, SILENCE: 150}
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
        self.meeting_chart.setToolTip("Principles agreed, counting each meeting's attendees")
        self.progress_chart = ProgressChart()
        history_box = QTabWidget()
        history_box.setAccessibleName("Charts over the meetings")
        history_box.addTab(self.meeting_chart, "Agreed per meeting")
        history_box.addTab(self.progress_chart, "Progress")
        history_box.setTabToolTip(0, "Principles agreed, counting each meeting's attendees")
        history_box.setTabToolTip(1, "Brackets remaining and principles agreed at each meeting and revision, "
                                     "read from the history")
        self.history_tabs = history_box
        self._progress_outdated = True
        history_box.currentChanged.connect(lambda _: self._refresh_progress_if_shown())

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
            self.meeting_chart.set_tallies([], None, counted=False)
            self.progress_chart.set_milestones([], counted=False)
            self.rule_label.setText("No roundtable open.")
            self.counting_label.setText("")
            return
        self._numbers_by_id = {p.id: p.number for p in self.rt.principles.list()}
        self._fill_meeting_combo()
        self._recompute_all(reset=True)
        self.meeting_chart.set_tallies([], self.session.meeting_id, counted=False)  # another file's are gone
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
            # After the page has painted: the table and the stance chart first, the meetings' tallies next.
            self._history_timer.start(AFTER_PAINT_MS)

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
                return self.session.consensus(meeting, principles)
            except RoundtableError as exc:
                self.counting_all_because = str(exc)
        return self.session.consensus(None, principles)

    # -- refreshing only what changed -------------------------------------------------------

    def on_changed(self, changes: OpChanges) -> None:
        if changes.tables & {"revisions", "revision_versions", "meetings", "meeting_delegations"}:
            # A revision issued or a meeting moved is a milestone of the progress, whatever else it touched.
            self._progress_outdated = True
            self._refresh_progress_if_shown()
        if changes.touches_meetings:
            self._fill_meeting_combo()
        if changes.moves_all_consensus:
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
            text = (escape(f"Counting the {len(m.attending)} delegations attending “{m.title}” "
                           f"({short_date(m.date)})")
                    + (" — not counted: " + self._codes(absent) if absent else "") + ".")
        elif meeting_id:
            text = escape(f"Counting all {len(everyone)} delegations: {self.counting_all_because}.")
        else:
            text = f"Counting all {len(everyone)} delegations: {self._codes(everyone)}."
        self.counting_label.setText(text)

    def _codes(self, codes: list[str]) -> str:
        """A list of codes as rich text: all of them when few, else the first few and a "show all" link
        (195 codes took a quarter of the page)."""
        if len(codes) <= CODES_SHOWN or self._all_codes_shown:
            shown = escape(", ".join(codes))
            return shown + (' (<a href="fewer">show fewer</a>)' if len(codes) > CODES_SHOWN else "")
        return (escape(", ".join(codes[:CODES_SHOWN])) + f" and {len(codes) - CODES_SHOWN} more"
                + ' (<a href="all">show all</a>)')

    def _codes_link(self, link: str) -> None:
        self._all_codes_shown = link == "all"
        if self.rt is not None:
            self._update_labels()

    # -- the chart of agreed principles per meeting --------------------------------------------------

    def _history_outdated(self, numbers: set[int] | None) -> None:
        """Mark tallies out of date (`None`: every one) and schedule them while the view is shown."""
        if numbers is None:
            self._agreed_at = None
        else:
            self._history_pending |= numbers
        if self.isVisible():
            self._history_timer.start(HISTORY_DELAY_MS)  # always say the delay: showEvent starts it sooner

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
        counted = [m.id for m in meetings if m.attending]
        by_meeting = self.rt.consensus_by_meeting(counted, principles=numbers) if everything or numbers else {}
        for m in meetings:
            if not m.attending:
                tallies.append(MeetingTally(m.id, m.title, m.date, None, total))
                continue
            if m.id in by_meeting:
                agreed = agreed_at.setdefault(m.id, set())
                for r in by_meeting[m.id]:
                    (agreed.add if r.status is Status.AGREED else agreed.discard)(r.principle)
            tallies.append(MeetingTally(m.id, m.title, m.date, len(agreed_at.get(m.id, ())), total))
        self._agreed_at = agreed_at
        self._history_pending = set()
        self.meeting_chart.set_tallies(tallies, self.session.meeting_id)
        self._progress_outdated = True
        self._refresh_progress_if_shown()

    def _refresh_progress_if_shown(self) -> None:
        """The negotiation progress reads the whole history (a second or so on the largest files): only for
        its tab in view, once after each change."""
        shown = self.history_tabs.currentWidget() is self.progress_chart
        if self.rt is None or not self._progress_outdated or not shown:
            return
        self._progress_outdated = False
        self.progress_chart.set_milestones(self.rt.progress().milestones.to_dict("records"))
