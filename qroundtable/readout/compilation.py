"""The compilation text: per principle the base text, then every proposal with who made it, and the counts.

As in UNFCCC compilation texts and ITU proposal matrices: the base text is the latest revision
issued (or, before any, the current texts); under it each bracket with its options and each
proposed amendment, as tracked changes against the text it was made on (with a note when the
base has moved on since: against the newer base it would seem to undo what changed), signed and
named with its sponsors ("proposed by France (FR), co-sponsored by …"); where the pen-holder's
current text has moved on from the base, that text too. The number of brackets, options and
proposals is given per principle and in total. `columns=True` gives the EU's "four-column document"
instead: No. | base text | the proposals | the current text, side by side on landscape pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..amendments import sponsorship_in_words
from ..brackets import count_brackets
from ..errors import FileProblem
from ..model import Amendment, AmendmentState
from ..words import plural
from . import wordml
from .document import ReadoutDocument
from .tracked import bracketed_runs, tracked_changes
from .wording import long_date

CM = 567
STYLES = ("Title", "Subtitle", "Heading 2", "Principle Text", "Principle Meta", "Amendment Text", "Readout Note",
          "Bracketed", "Label", "Position Line", "Table Text", "Table Heading", "Readout Table")


@dataclass(frozen=True)
class Compiled:
    number: int
    title: str
    base_text: str
    base_seq: int
    current_text: str
    current_seq: int
    base_id: str
    brackets: int
    options: int
    proposals: tuple[Amendment, ...]
    made_on: dict[str, tuple[int, str]]  # amendment id → (seq, text) of the version it was made on


def compile_texts(rt) -> tuple[str, list[Compiled]]:
    """(what the base is, e.g. 'Rev.2', every principle compiled)."""
    latest = rt.revisions.latest()
    proposed: dict[int, list[Amendment]] = {}
    for a in rt.amendments.list():
        if a.state == AmendmentState.PROPOSED:
            proposed.setdefault(a.principle, []).append(a)
    out = []
    for p in rt.principles.list():
        base = rt.principles.version(latest.versions[p.number]) if latest and p.number in latest.versions \
            else p.current
        segments = [s for s in count_brackets(base.text).segments if s.depth == 1]
        mine = tuple(proposed.get(p.number, ()))
        made_on = {}
        for a in mine:
            v = rt.principles.version(a.base_version_id)
            made_on[a.id] = (v.seq, v.text)
        out.append(Compiled(p.number, p.title, base.text, base.seq, p.text, p.current.seq, base.id, len(segments),
                            sum(len(s.options) for s in segments), mine, made_on))
    return (latest.name if latest else "the current texts"), out


def write_compilation(rt, out: Path, *, columns: bool = False, overwrite: bool = False) -> Path:
    out = Path(out)
    if out.is_dir():
        raise FileProblem(f"{out} is a folder; name a file to write")
    if out.exists() and not overwrite:
        raise FileProblem(f"{out} already exists; choose another name or allow replacing it")
    base_name, compiled = compile_texts(rt)
    names = {d.code: d.name for d in rt.delegations.list()}

    def name(code: str) -> str:
        return f"{names[code]} ({code})" if names.get(code, code) != code else code
    doc = ReadoutDocument()
    doc.require_styles(STYLES)
    now = datetime.now(timezone.utc)
    doc.set_header_footer(f"Compilation of proposals — {rt.info.title}")
    if columns:
        doc.orient(landscape=True)
    brackets, options, proposals = (sum(c.brackets for c in compiled), sum(c.options for c in compiled),
                                    sum(len(c.proposals) for c in compiled))
    xml = [doc.para("Compilation of proposals", "Title"),
           doc.para(f"{rt.info.title} — on the basis of {base_name}, {long_date(now.isoformat())}", "Subtitle"),
           doc.para(f"{plural(len(compiled), 'principle')}: {plural(brackets, 'bracket')} with "
                    f"{plural(options, 'option')}, and {plural(proposals, 'proposal')} for amendment. Proposals are "
                    "shown as tracked changes to the base text, signed by the delegation proposing them.",
                    "Readout Note")]
    xml += _columns(doc, compiled, name) if columns else _listing(doc, compiled, name, base_name)
    doc.add(xml)
    doc.set_properties(title=f"{rt.info.title} — compilation of proposals", author=rt.info.owner,
                       subject=f"Compilation of proposals on the basis of {base_name}", created=now)
    return doc.save_as(out)


def _counts(c: Compiled) -> str:
    return (f"{plural(c.brackets, 'bracket')}, {plural(c.options, 'option')}, "
            f"{plural(len(c.proposals), 'proposal')}")


def _proposal(doc: ReadoutDocument, c: Compiled, a: Amendment, name, style: str) -> list[str]:
    words = sponsorship_in_words(a, name)
    seq, made_on = c.made_on[a.id]
    # Shown against the text it was made on: against a newer base it would seem to undo what changed since.
    moved = "" if a.base_version_id == c.base_id else f" (made on text version {seq}; the base text has moved on)"
    label = [wordml.paragraph([wordml.run(f"{words[:1].upper()}{words[1:]}", doc.style("Label")),
                               wordml.run(f", {long_date(a.created_at)}{moved}")], doc.style("Position Line"))]
    runs = tracked_changes(made_on, a.text, author=name(a.delegation), when=a.created_at, next_id=doc.change_id)
    label.append(wordml.paragraph(runs, doc.style(style), text_for_direction=a.text))
    if a.rationale:
        label.append(wordml.paragraph([wordml.run("Rationale: ", doc.style("Label")), wordml.run(a.rationale)],
                                      doc.style("Position Line"), text_for_direction="Rationale"))
    return label


def _listing(doc: ReadoutDocument, compiled: list[Compiled], name, base_name: str) -> list[str]:
    xml = []
    for c in compiled:
        xml.append(doc.heading(f"{c.number}. {c.title}", 2))
        xml.append(doc.para(f"Base: {base_name}, text version {c.base_seq} · {_counts(c)}", "Principle Meta"))
        xml.append(wordml.paragraph(bracketed_runs(c.base_text, doc.style("Bracketed")), doc.style("Principle Text"),
                                    text_for_direction=c.base_text))
        for i, s in enumerate((s for s in count_brackets(c.base_text).segments if s.depth == 1), start=1):
            options = " | ".join(s.options) if len(s.options) > 1 else f"{s.options[0]} (keep or delete)"
            xml.append(wordml.paragraph([wordml.run(f"Bracket {i}: ", doc.style("Label")), wordml.run(options)],
                                        doc.style("Position Line"), text_for_direction=options))
        for a in c.proposals:
            xml += _proposal(doc, c, a, name, "Amendment Text")
        if c.current_text != c.base_text:
            xml.append(wordml.paragraph([wordml.run(f"Current text (version {c.current_seq}): ", doc.style("Label")),
                                         wordml.run(c.current_text)], doc.style("Position Line"),
                                        text_for_direction=c.current_text))
    return xml


def _columns(doc: ReadoutDocument, compiled: list[Compiled], name) -> list[str]:
    text = doc.style("Table Text")
    rest = doc.usable_width() - int(1.1 * CM)
    widths = [int(1.1 * CM), rest // 3, rest - 2 * (rest // 3), rest // 3]
    rows = [doc.header_row(["No.", "Base text", "Proposals", "Current text"], widths)]
    for c in compiled:
        cells = [wordml.text_paragraph(str(c.number), text),
                 wordml.paragraph(wordml.run(c.title, doc.style("Label")), text, text_for_direction=c.title)
                 + wordml.paragraph(bracketed_runs(c.base_text, doc.style("Bracketed")), text,
                                  text_for_direction=c.base_text)
                 + wordml.text_paragraph(_counts(c), text),
                 "".join(p for a in c.proposals for p in _proposal(doc, c, a, name, "Table Text"))
                 or wordml.text_paragraph("—", text),
                 wordml.paragraph(bracketed_runs(c.current_text, doc.style("Bracketed")), text,
                                  text_for_direction=c.current_text)]
        rows.append(wordml.row([wordml.cell(x, w) for x, w in zip(cells, widths)], cant_split=False))
    return [wordml.table(doc.style("Readout Table"), widths, rows)]
