"""A delegation's marked-up copy of a revision: its tracked changes and comments, read as amendments.

The file must be a copy of a revision this roundtable issued: `export text` writes the
roundtable's and the revision's ids into its custom properties, and a file that does not
carry them (or names another roundtable, or a revision this copy has not got) is refused
with the reason. Each principle is found by its heading ("4. Research security") and its
text read twice: with every tracked change accepted (what the delegation proposes) and with
every change rejected (what it started from). A principle whose proposed text differs from
the revision's becomes one amendment by the delegation against the version that revision
holds; the Word comments in it become the amendment's rationale. When even the rejected
text differs from the revision's, the delegation changed it without tracking: the amendment
is flagged `untracked` for the secretariat to review. Comments on a principle whose text
did not change are kept as the delegation's position comment, where it has a position.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .drafts import open_word
from .errors import InvalidInput
from .readout.text import custom_properties
from .validation import clean_text

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING = re.compile(r"^\s*(\d{1,4})\.\s+\S")
_INSERTED = (f"{_W}ins", f"{_W}moveTo")
_DELETED = (f"{_W}del", f"{_W}moveFrom")


@dataclass(frozen=True)
class MarkedPrinciple:
    number: int
    base_version_id: str
    base_text: str
    proposed: str  # every tracked change accepted
    started_from: str  # every tracked change rejected
    tracked: bool
    comments: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return self.proposed.split() != self.base_text.split()

    @property
    def untracked(self) -> bool:
        """Changed without tracking: even with every tracked change rejected, it is not the revision's text."""
        return self.started_from.split() != self.base_text.split()


@dataclass
class MarkupImport:
    """What importing a marked-up copy does (or did)."""

    file: str
    revision: str  # "Rev.2"
    delegation: str
    amendments: list[MarkedPrinciple] = field(default_factory=list)
    commented: list[MarkedPrinciple] = field(default_factory=list)  # comments, the text unchanged
    unchanged: list[int] = field(default_factory=list)
    unattached: list[int] = field(default_factory=list)  # commented principles without a current position to hold it
    dry_run: bool = True
    changes: object = None

    def as_json(self) -> dict:
        return {"file": self.file, "revision": self.revision, "delegation": self.delegation, "dry_run": self.dry_run,
                "amendments": [{"principle": m.number, "text": m.proposed, "rationale": rationale(m),
                                "untracked": m.untracked, "tracked": m.tracked} for m in self.amendments],
                "comments": [{"principle": m.number, "comment": "\n".join(m.comments),
                              "kept": m.number not in self.unattached} for m in self.commented],
                "unchanged": self.unchanged}


def rationale(m: MarkedPrinciple) -> str:
    said = "\n".join(m.comments)
    if m.untracked:
        note = "Edited without tracked changes: compare with the revision before deciding."
        said = f"{note}\n{said}" if said else note
    return said


def read_markup(path: str | Path, rt) -> tuple[object, list[MarkedPrinciple]]:
    """(the revision the file is a copy of, each principle as the file has it), or one clear refusal."""
    path = Path(path)
    document = open_word(path)
    props = custom_properties(path)
    if "qroundtable-revision" not in props:
        raise InvalidInput(f"{path.name} is not a copy of a revision qroundtable issued: its document properties "
                           "name no revision (mark up the Rev.N file the secretariat sent)")
    if props.get("qroundtable-roundtable") != rt.roundtable_id:
        raise InvalidInput(f"{path.name} is a revision of another roundtable")
    revision = next((r for r in rt.revisions.list() if r.id == props["qroundtable-revision"]), None)
    if revision is None:
        raise InvalidInput(f"{path.name} is a copy of a revision this copy of the roundtable does not have "
                           "(import the secretariat's latest release first)")
    comments = _comments(path)
    titles = {p.number: p.title for p in rt.principles.list()}
    found: dict[int, dict] = {}
    current = None
    for p in document.element.body.iter(f"{_W}p"):
        style = p.find(f"{_W}pPr/{_W}pStyle")
        proposed, started = _texts(p)
        match = _HEADING.match(proposed)
        # A principle's heading: in a heading style, or (a Word in another language names its styles otherwise)
        # reading "N. its title" exactly.
        heading = style is not None and "eading" in (style.get(f"{_W}val") or "")
        if match and not heading and proposed.strip() != f"{match.group(1)}. {titles.get(int(match.group(1)))}":
            match = None
        if match:
            current = int(match.group(1))
            found.setdefault(current, {"proposed": [], "started": [], "tracked": False, "comments": []})
            continue
        if current is None or not (proposed.strip() or started.strip()):
            continue
        entry = found[current]
        entry["proposed"].append(proposed)
        entry["started"].append(started)
        entry["tracked"] |= any(True for _ in p.iter(*_INSERTED, *_DELETED))
        for ref in p.iter(f"{_W}commentRangeStart", f"{_W}commentReference"):
            text = comments.get(ref.get(f"{_W}id"))
            if text and text not in entry["comments"]:
                entry["comments"].append(text)
    if not found:
        raise InvalidInput(f"{path.name} has none of {revision.name}'s principle headings (\"1. Title\"): "
                           "mark up the revision's text without removing its headings")
    out = []
    for number in sorted(revision.versions):
        entry = found.get(number)
        if entry is None:
            continue  # a principle cut from the copy proposes nothing: its text is the revision's
        base = rt.principles.version(revision.versions[number])
        proposed = "\n".join(entry["proposed"]).strip()
        try:
            proposed = clean_text(proposed, f"principle {number} in {path.name}", multiline=True) if proposed else ""
            notes = tuple(clean_text(c, f"a comment on principle {number}", multiline=True, max_len=5000)
                          for c in entry["comments"])
        except InvalidInput as exc:
            raise InvalidInput(str(exc)) from None
        out.append(MarkedPrinciple(number, base.id, base.text, proposed, "\n".join(entry["started"]).strip(),
                                   entry["tracked"], notes))
    return revision, out


def _texts(p) -> tuple[str, str]:
    """(the paragraph with every change accepted, with every change rejected)."""
    accepted, rejected = [], []
    for el in p.iter(f"{_W}t", f"{_W}delText", f"{_W}br", f"{_W}tab"):
        inserted = any(a.tag in _INSERTED for a in el.iterancestors())
        deleted = el.tag == f"{_W}delText" or any(a.tag in _DELETED for a in el.iterancestors())
        piece = "\n" if el.tag == f"{_W}br" else "\t" if el.tag == f"{_W}tab" else (el.text or "")
        if not deleted:
            accepted.append(piece)
        if not inserted:
            rejected.append(piece)
    return "".join(accepted), "".join(rejected)


def _comments(path: Path) -> dict[str, str]:
    """Comment id → its text, from word/comments.xml (read with python-docx's parser: no entities, no network)."""
    from docx.oxml import parse_xml

    try:
        with zipfile.ZipFile(path) as z:
            data = z.read("word/comments.xml")
    except KeyError:
        return {}
    root = parse_xml(data)
    out = {}
    for c in root.iter(f"{_W}comment"):
        paragraphs = ["".join(t.text or "" for t in para.iter(f"{_W}t")) for para in c.iter(f"{_W}p")]
        out[c.get(f"{_W}id")] = "\n".join(x for x in paragraphs if x.strip()).strip()
    return out
