"""Help ▸ Keyboard shortcuts (read from the window's own actions, so the list cannot drift from
what the keys do) and Help ▸ Short guide (what each page is for)."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from ..stances import STANCE_LABELS, STANCE_ORDER

# What each page of the window is for, by its key in main_window.VIEWS (a test checks every page has one).
GUIDE = {
    "principles": "The guiding principles: each one's text (with its [bracketed] disputed wording), its versions "
                  "and their differences, amendments proposed against it, and your delegation's private note. "
                  "Type a new text and press Save version: the text is kept only when saved.",
    "positions": "The stance matrix: one row per delegation, one column per principle. Select cells and press "
                 "1–5 to record a stance, Delete to withdraw it, Enter to add a comment. Each stance is saved "
                 "at once; a comment typed in the side panel is saved when you save it or move to another cell.",
    "tour": "The tour de table, for the chair: one principle, the delegations in turn, their stance and "
            "comment recorded as they speak, and the live tally.",
    "floor": "Running the meeting, for the chair and the secretariat: the speakers list of a meeting's agenda "
             "item with its speaking clock (Ctrl+Enter: next speaker), speaking time per delegation, and "
             "roll-call votes recorded down the list (Y, N, A), by proxy or on a delegation's behalf.",
    "consensus": "Where every principle stands under the roundtable's rule (agreed, near, contested, not "
                 "discussed), counting all delegations or a meeting's attendees, with charts.",
    "actions": "Action items: who owes what by when, linked to a principle and a meeting.",
    "meetings": "The meetings: date, place, hosts, who attended (the attendees are whom consensus counts when "
                "the meeting is chosen) and a summary.",
    "delegations": "The delegations and their members.",
    "sync": "Sync between copies: the secretariat issues releases and imports delegations' snapshots; a "
            "delegation exports its snapshot and imports releases. Conflicts are resolved here.",
}


def shortcut_rows(window: QWidget) -> list[tuple[str, str]]:
    """(keys, what they do) for every action of the window with a shortcut, menus first, as Qt has them."""
    rows = []
    seen = set()
    for action in window.findChildren(QAction):
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()]
        text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()
        if keys and text and (text, tuple(keys)) not in seen:
            seen.add((text, tuple(keys)))
            rows.append((" or ".join(keys), text))
    return rows


def shortcuts_html(window: QWidget) -> str:
    rows = "".join(f"<tr><td><b>{escape(keys)}</b></td><td>{escape(text)}</td></tr>"
                   for keys, text in shortcut_rows(window))
    copy_keys = QKeySequence(QKeySequence.StandardKey.Copy).toString(QKeySequence.SequenceFormat.NativeText)
    stances = "".join(f"<tr><td><b>{i}</b></td><td>{escape(STANCE_LABELS[s])} for the selected cells</td></tr>"
                      for i, s in enumerate(STANCE_ORDER, 1))
    return ("<h3>Menus and pages</h3><table cellpadding='3'>" + rows + "</table>"
            "<h3>In the positions matrix</h3><table cellpadding='3'>" + stances
            + "<tr><td><b>Delete</b></td><td>Withdraw the stances of the selected cells</td></tr>"
              "<tr><td><b>Enter</b></td><td>Open the editor (stance and comment)</td></tr>"
              f"<tr><td><b>{escape(copy_keys)}</b></td><td>Copy the selected cells, with their labels, "
              "for a spreadsheet</td></tr></table>")


def guide_html(views) -> str:
    parts = ["<h2>qroundtable in short</h2><p>One roundtable file holds the principles, the delegations' "
             "positions, consensus, action items and meetings. Stances and most edits are saved at once; "
             "a principle's new text and a comment typed in a box are saved when you save them (you are "
             "asked before anything typed is lost). Edit ▸ Undo takes any edit back.</p>"]
    for key, title, _ in views:
        parts.append(f"<h3>{escape(title)}</h3><p>{escape(GUIDE[key])}</p>")
    return "".join(parts)


def show_text(parent: QWidget, title: str, html: str) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    dialog.resize(620, 560)
    browser = QTextBrowser()
    browser.setAccessibleName(title)
    browser.setHtml(html)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    dialog.browser = browser
    dialog.show()
    return dialog
