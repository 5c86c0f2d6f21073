"""A Word draft of the negotiation text, read as numbered principles: what `import-draft` turns into principles.

A draft's numbered paragraphs are its principles: numbered by Word itself (a list, on the
paragraph or through its paragraph style) or typed ("1." "2)"). A paragraph numbered one
level down, or typed "(a)" / "a)", belongs to the principle above it, as a line of its text
with its label. A principle's title is the heading just before it, or its bold lead-in
("**Open science.** Participants…"); failing both, its first words. `[Bracketed]` wording is
kept as it is. Everything else (a title page, an introduction, notes) is not a principle.

The file is treated as hostile until read: it must be a real .docx (a zip holding
word/document.xml, not an encrypted or old-format document), no bigger unpacked than
`MAX_XML_BYTES`, and read by python-docx's parser, which resolves no entities and loads
nothing from the network. Every text then follows `validation.clean_text`, the rule for
typed text, so a control or bidi-override character is refused, naming its paragraph.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from pathlib import Path

from .errors import FileProblem, InvalidInput
from .validation import clean_text

MAX_DOCX_BYTES = 50 * 2**20  # a draft of a few hundred paragraphs is well under 1 MB
MAX_XML_BYTES = 20 * 2**20  # word/document.xml unpacked (a zip bomb is refused before parsing)
SIMILAR = 0.6  # difflib ratio over normalised texts: the same principle, reworded
TITLE_WORDS = 8

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TYPED_TOP = re.compile(r"^\s*(\d{1,3})\s*[.)]\s+(?=\S)")
_TYPED_SUB = re.compile(r"^\s*(\(([a-z]|[ivx]{1,5})\)|([a-z])\))\s+(?=\S)")
_LEAD_END = re.compile(r"[.:]\s*$")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted .docx, or a .doc


@dataclass(frozen=True)
class DraftPrinciple:
    """One principle as the draft has it."""

    number: int
    title: str
    text: str
    titled: bool  # the draft gave the title (a heading or a bold lead-in), not taken from its first words


@dataclass
class Draft:
    principles: list[DraftPrinciple]
    skipped: int = 0  # paragraphs that are no principle (a title page, an introduction)


@dataclass
class DraftImport:
    """What importing a draft does (or did): principles new, changed (a new version), retitled, the same, and
    those of the roundtable the draft no longer has (reported, never removed)."""

    file: str
    new: list[DraftPrinciple] = field(default_factory=list)
    changed: list[tuple[int, DraftPrinciple]] = field(default_factory=list)  # (principle number here, draft's)
    retitled: list[tuple[int, str, str]] = field(default_factory=list)  # (number, old title, new title)
    unchanged: list[tuple[int, DraftPrinciple]] = field(default_factory=list)
    missing: list[tuple[int, str]] = field(default_factory=list)  # (number, title) not in the draft
    dry_run: bool = True
    added: list[int] = field(default_factory=list)  # the numbers the new principles got (the draft's, if free)
    changes: object = None  # the OpChanges once written

    def as_json(self) -> dict:
        def p(d: DraftPrinciple) -> dict:
            return {"number": d.number, "title": d.title, "text": d.text}
        return {"file": self.file, "dry_run": self.dry_run, "new": [p(d) for d in self.new], "added": self.added,
                "changed": [{"principle": n, **p(d)} for n, d in self.changed],
                "retitled": [{"principle": n, "old": old, "new": new} for n, old, new in self.retitled],
                "unchanged": [{"principle": n, "draft_number": d.number} for n, d in self.unchanged],
                "missing": [{"principle": n, "title": t} for n, t in self.missing]}


# -- reading the document --------------------------------------------------------------------------------------


def read_draft(path: str | Path) -> Draft:
    """The numbered principles of the Word document at `path`, or one clear error and nothing read."""
    path = Path(path)
    document = open_word(path)
    numbering = _Numbering(document)
    principles: list[dict] = []
    heading: str | None = None
    skipped = 0
    for index, paragraph in enumerate(document.paragraphs, start=1):
        text = paragraph.text
        if not text.strip():
            continue
        try:
            text = clean_text(text, f"paragraph {index}", multiline=True, max_len=20_000)
        except InvalidInput as exc:
            raise InvalidInput(f"{path.name}: {exc}") from None
        style = (paragraph.style.name or "") if paragraph.style is not None else ""
        level, label = numbering.level(paragraph)
        if level is None:
            typed = _TYPED_TOP.match(text)
            sub = _TYPED_SUB.match(text)
            if typed:
                level, text = 0, text[typed.end():]
                number = int(typed.group(1))
            elif sub and principles:
                level, label, text = 1, sub.group(1), text[sub.end():]
        if level is None:
            if style.startswith("Heading") or style == "Title":
                heading = text
            else:  # an introduction, a note: no principle, and no heading for the next one
                skipped += 1
                heading = None
            continue
        if level == 0:
            if numbering.level(paragraph)[0] == 0:
                number = numbering.counter(paragraph)
            title, body = _lead_in(paragraph, text)
            titled = bool(title or heading)
            principles.append({"number": number, "title": title or heading or "", "lines": [body],
                               "titled": titled})
            heading = None
        elif principles:  # a sub-item: a line of the principle above
            principles[-1]["lines"].append(f"{label} {text}" if label else text)
        else:
            skipped += 1
    if not principles:
        raise InvalidInput(f"{path.name} holds no numbered paragraphs: number the principles in Word "
                           "(a numbered list) or type \"1.\", \"2.\" before each")
    out, seen = [], set()
    for p in principles:
        if p["number"] in seen:
            raise InvalidInput(f"{path.name} numbers two paragraphs {p['number']}: each principle needs its own number")
        seen.add(p["number"])
        text = "\n".join(p["lines"]).strip()
        title = clean_text(p["title"] or _first_words(text), f"title of principle {p['number']}", max_len=300)
        out.append(DraftPrinciple(p["number"], title.rstrip(".:").strip() or title, text, p["titled"]))
    return Draft(out, skipped)


def open_word(path: Path):
    """The Word document at `path`, checked as hostile before python-docx parses it (see the module's note)."""
    import docx  # python-docx loads only when a draft is read
    from docx.opc.exceptions import PackageNotFoundError

    if not path.is_file():
        raise FileProblem(f"there is no file at {path}")
    size = path.stat().st_size
    if size > MAX_DOCX_BYTES:
        raise InvalidInput(f"{path.name} is {size >> 20} MB, more than a draft may be ({MAX_DOCX_BYTES >> 20} MB)")
    with open(path, "rb") as f:
        head = f.read(8)
    if head == _OLE_MAGIC:
        raise InvalidInput(f"{path.name} is encrypted or in the old Word format (.doc): save it as an "
                           "unprotected .docx and import that")
    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("word/document.xml")
            unpacked = sum(i.file_size for i in z.infolist() if i.filename.startswith("word/"))
    except (zipfile.BadZipFile, KeyError, OSError):
        raise InvalidInput(f"{path.name} is not a Word document (.docx)") from None
    if info.file_size > MAX_XML_BYTES or unpacked > 2 * MAX_XML_BYTES:
        raise InvalidInput(f"{path.name} unpacks to more than a draft may ({MAX_XML_BYTES >> 20} MB of text)")
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise InvalidInput(f"{path.name} is not a Word document python-docx can read ({exc})") from None
    except Exception as exc:  # lxml's XMLSyntaxError and the like: a damaged document
        raise InvalidInput(f"{path.name} is damaged: {type(exc).__name__}") from None


def _lead_in(paragraph, text: str) -> tuple[str | None, str]:
    """(the bold words the paragraph starts with, ending in '.' or ':'; the rest), or (None, text)."""
    bold = ""
    for run in paragraph.runs:
        if not run.text:
            continue
        if run.bold or (run.style is not None and run.style.font.bold):
            bold += run.text
            continue
        break
    bold = bold.strip()
    if not bold or not _LEAD_END.search(bold) or len(bold) >= len(text.strip()):
        return None, text
    start = text.find(bold)
    if start < 0:  # the number Word typed is not in the text; a typed one was cut: find the words themselves
        return None, text
    rest = text[start + len(bold):].strip()
    return (bold.rstrip(".: ").strip(), rest) if rest else (None, text)


def _first_words(text: str) -> str:
    words = text.split()
    title = " ".join(words[:TITLE_WORDS])
    return title + ("…" if len(words) > TITLE_WORDS else "")


class _Numbering:
    """Word's automatic numbering: which list level a paragraph is at, its label, and the top level's counter."""

    def __init__(self, document):
        self.formats: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, level) → (numFmt, lvlText, start)
        # Word counts per abstract list: two numbering instances of one list go on counting, unless one says
        # where to start again (a startOverride), which it does the first time it is used.
        self.abstract_of: dict[str, str] = {}
        self.restarts: dict[tuple[str, int], int] = {}  # (numId, level) → start, until first used
        self.counters: dict[tuple[str, int], int] = {}  # (abstractNumId, level) → the last number shown
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {a.get(f"{_W}abstractNumId"): a for a in numbering.iter(f"{_W}abstractNum")}
        for num in numbering.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            a = abstract.get(ref.get(f"{_W}val")) if ref is not None else None
            if a is None:
                continue
            num_id = num.get(f"{_W}numId")
            self.abstract_of[num_id] = ref.get(f"{_W}val")
            for override in num.iter(f"{_W}lvlOverride"):
                start = override.find(f"{_W}startOverride")
                if start is not None:
                    self.restarts[(num_id, int(override.get(f"{_W}ilvl") or 0))] = int(start.get(f"{_W}val"))
            for lvl in a.iter(f"{_W}lvl"):
                fmt, text, start = lvl.find(f"{_W}numFmt"), lvl.find(f"{_W}lvlText"), lvl.find(f"{_W}start")
                self.formats[(num.get(f"{_W}numId"), int(lvl.get(f"{_W}ilvl") or 0))] = (
                    fmt.get(f"{_W}val") if fmt is not None else "decimal",
                    text.get(f"{_W}val") if text is not None else "%1.",
                    int(start.get(f"{_W}val")) if start is not None else 1)

    def _num_pr(self, paragraph):
        ppr = paragraph._p.pPr
        num_pr = ppr.find(f"{_W}numPr") if ppr is not None else None
        style = paragraph.style
        while num_pr is None and style is not None:  # inherited through the paragraph style and its bases
            spr = style.element.pPr
            num_pr = spr.find(f"{_W}numPr") if spr is not None else None
            style = style.base_style
        if num_pr is None:
            return None
        num_id = num_pr.find(f"{_W}numId")
        ilvl = num_pr.find(f"{_W}ilvl")
        if num_id is None or num_id.get(f"{_W}val") in (None, "0"):
            return None
        return num_id.get(f"{_W}val"), int(ilvl.get(f"{_W}val")) if ilvl is not None else 0

    def level(self, paragraph) -> tuple[int | None, str]:
        """(0 for a principle, 1 or more for a sub-item, None when not numbered; the sub-item's label)."""
        found = self._num_pr(paragraph)
        if found is None or found not in self.formats:
            return None, ""
        num_id, ilvl = found
        fmt, _, _ = self.formats[found]
        if fmt in ("bullet", "none"):
            return None, ""
        if ilvl == 0:
            return 0, ""
        return ilvl, self._label(found, self._next(num_id, ilvl))

    def counter(self, paragraph) -> int:
        """The number Word shows on a top-level paragraph (after `level` said it is one)."""
        num_id, _ = self._num_pr(paragraph)
        n = self._next(num_id, 0)
        abstract = self.abstract_of[num_id]
        for k in [k for k in self.counters if k[0] == abstract and k[1] > 0]:  # its sub-items start again
            del self.counters[k]
        return n

    def _next(self, num_id: str, ilvl: int) -> int:
        key = (self.abstract_of[num_id], ilvl)
        if (num_id, ilvl) in self.restarts:
            self.counters[key] = self.restarts.pop((num_id, ilvl)) - 1
        n = self.counters.get(key, self.formats[(num_id, ilvl)][2] - 1) + 1
        self.counters[key] = n
        return n

    def _label(self, key: tuple[str, int], n: int) -> str:
        fmt, text, _ = self.formats[key]
        shown = {"lowerLetter": _letter(n), "upperLetter": _letter(n).upper(), "lowerRoman": _roman(n),
                 "upperRoman": _roman(n).upper()}.get(fmt, str(n))
        return re.sub(r"%\d", shown, text, count=1) if "%" in text else f"({shown})"


def _letter(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(97 + r) + out
    return out


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


# -- matching a draft to the roundtable's principles ------------------------------------------------------------


def _same(a: str, b: str) -> bool:
    """The same text, however its lines and spaces fall."""
    return a.split() == b.split()


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def plan(draft: Draft, existing: list, file: str) -> DraftImport:
    """What importing `draft` into a roundtable holding `existing` principles does.

    Matched, in this order: the same text anywhere (unchanged, whatever its number now); the same number with a
    similar text (a new version); a similar text under another number (renumbered: a new version of that one).
    The rest of the draft is new; the rest of the roundtable is reported missing.
    """
    result = DraftImport(file)
    left = {p.number: p for p in existing}
    pending = list(draft.principles)
    matched: list[tuple[object, DraftPrinciple, bool]] = []  # (existing, draft's, same text)
    for d in list(pending):
        same = next((p for p in left.values() if _same(p.text, d.text)), None)
        if same is not None:
            matched.append((left.pop(same.number), d, True))
            pending.remove(d)
    for d in list(pending):
        p = left.get(d.number)
        if p is not None and SequenceMatcher(None, _normal(p.text), _normal(d.text)).ratio() >= SIMILAR:
            matched.append((left.pop(p.number), d, False))
            pending.remove(d)
    for d in list(pending):
        scored = [(SequenceMatcher(None, _normal(p.text), _normal(d.text)).ratio(), p.number) for p in left.values()]
        best = max(scored, default=(0.0, None))
        if best[0] >= SIMILAR:
            matched.append((left.pop(best[1]), d, False))
            pending.remove(d)
    for p, d, same in sorted(matched, key=lambda m: m[0].number):
        if d.titled and d.title != p.title:
            result.retitled.append((p.number, p.title, d.title))
        elif not d.titled:  # a title made from its first words is no title: the principle keeps its own
            d = replace(d, title=p.title)
        (result.unchanged if same else result.changed).append((p.number, d))
    result.new = pending
    result.missing = [(p.number, p.title) for p in sorted(left.values(), key=lambda p: p.number)]
    return result
