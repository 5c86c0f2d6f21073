"""Colours, short labels and fonts shared by the views.

The colours of stances, statuses and overdue items are the core's (`qroundtable/palette.py`,
the same in the readout and the spreadsheet), turned into `QColor`s here; every coloured
cell also carries a text label, so nothing is said by colour alone.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from .. import palette
from ..stances import STANCE_LABELS, STANCE_SHORT, Stance, Status

STANCE_COLORS = {stance: QColor(color) for stance, color in palette.STANCE_FILL.items()}
STANCE_TEXT = {stance: QColor(color) for stance, color in palette.STANCE_INK.items()}  # chosen for contrast
STALE_COLOR, STALE_TEXT = QColor(palette.STALE_FILL), QColor(palette.STALE_INK)
NO_POSITION_COLOR, NO_POSITION_TEXT = QColor(palette.NO_POSITION_FILL), QColor(palette.NO_POSITION_INK)
NO_POSITION_LINE = QColor(palette.NO_POSITION_EDGE)
SWATCH_EDGE = palette.SWATCH_EDGE

_BRUSH = {"solid": Qt.BrushStyle.NoBrush, "horizontal": Qt.BrushStyle.HorPattern,
          "forward_diagonal": Qt.BrushStyle.FDiagPattern, "backward_diagonal": Qt.BrushStyle.BDiagPattern,
          "dots": Qt.BrushStyle.Dense6Pattern, "cross": Qt.BrushStyle.CrossPattern}
# Hatching painted over a stance's fill in the charts (NoBrush: the plain fill); see palette.STANCE_PATTERN.
STANCE_PATTERNS = {stance: _BRUSH[name] for stance, name in palette.STANCE_PATTERN.items()}
NO_POSITION_PATTERN = _BRUSH[palette.NO_POSITION_PATTERN]

STATUS_COLORS = {status: QColor(color) for status, color in palette.STATUS_FILL.items()}
STATUS_TEXT = {status: QColor(color) for status, color in palette.STATUS_INK.items()}

OVERDUE_BACKGROUND, OVERDUE_INK = QColor(palette.OVERDUE_FILL), QColor(palette.OVERDUE_INK)

# Secondary text (a hint, a counting line) and a warning, on the theme's background; `set_ink` and
# `readable_hex` give way to the theme's own text colour where these would not read (a black theme).
MUTED = "#5F6B7A"
ACCENT_INK = "#34506E"
WARNING_INK = "#8A3B00"
ERROR_INK = "#8A0015"

BRACKET_HIGHLIGHT = QColor("#FFF3B0")
INSERT_COLOR = QColor("#D8F3DC")
DELETE_COLOR = QColor("#FFD6D6")


# WCAG 2 level AA: text needs a contrast ratio of at least 4.5 to its background (Section 508, EN 301 549).
AA_CONTRAST = palette.AA_CONTRAST


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG 2's contrast ratio of two opaque colours (the rule's one home is `palette.contrast_ratio`)."""
    return palette.contrast_ratio(a.name(), b.name())


def readable(wanted: QColor | str, role: QPalette.ColorRole = QPalette.ColorRole.Window) -> QColor:
    """`wanted` as a text colour on the application palette's `role` when it reads there (contrast 4.5),
    else the palette's own text colour for that background: a muted grey or a dark accent is kept on a
    light theme and gives way to white on a high-contrast black one."""
    palette = QApplication.palette()
    wanted = QColor(wanted)
    if contrast_ratio(wanted, palette.color(role)) >= AA_CONTRAST:
        return wanted
    text = QPalette.ColorRole.Text if role in (QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase) \
        else QPalette.ColorRole.WindowText
    return palette.color(text)


def readable_hex(wanted: str, role: QPalette.ColorRole = QPalette.ColorRole.Window) -> str:
    """`readable()` as `#rrggbb`, for a colour written into rich text (`<span style='color:…'>`)."""
    return readable(wanted, role).name()


class _Ink(QObject):
    """Keeps a widget's text in a colour of ours while it reads on the palette, and follows the palette."""

    def __init__(self, widget: QWidget, color: str, role: QPalette.ColorRole):
        super().__init__(widget)
        self.widget, self.color, self.role = widget, color, role
        widget.installEventFilter(self)
        self.apply()

    def apply(self) -> None:
        ink = readable(self.color, self.role)
        if self.widget.palette().color(QPalette.ColorGroup.Active, self.widget.foregroundRole()) == ink \
                and self.widget.palette().resolveMask():
            return  # already so: setting it again would only send another PaletteChange
        palette = QPalette()  # no role set: the rest still comes from the parent, and follows it
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):  # disabled text stays the style's
            palette.setColor(group, self.widget.foregroundRole(), ink)
        self.widget.setPalette(palette)

    def eventFilter(self, watched, event) -> bool:
        # A theme switched while the app runs: a window hears of it as ApplicationPaletteChange, a widget
        # inside one as PaletteChange (its own setPalette too, which apply() then leaves as it is).
        if watched is self.widget and event.type() in (QEvent.Type.ApplicationPaletteChange,
                                                        QEvent.Type.PaletteChange):
            self.apply()
        return False


def set_ink(widget: QWidget, color: str | None, role: QPalette.ColorRole = QPalette.ColorRole.Window) -> None:
    """Write `widget`'s text in `color` (a muted grey, an accent) where it reads on the palette's `role`, else
    in the palette's text colour; not a style sheet's `color:`, which would stay dark on a black theme.
    `None`: the palette's text colour again."""
    for old in widget.findChildren(_Ink, options=Qt.FindChildOption.FindDirectChildrenOnly):
        widget.removeEventFilter(old)
        old.setParent(None)
        old.deleteLater()
    if color is None:
        widget.setPalette(QPalette())  # no role of our own left: all the parent's again
    else:
        _Ink(widget, color, role)


def stance_label(stance: Stance) -> str:
    return STANCE_LABELS[stance]


def stance_short(stance: Stance) -> str:
    return STANCE_SHORT[stance]


def status_badge(status: Status) -> str:
    return status.badge
