"""The negotiation text as a Word document: Rev.N, clean or as a redline against an earlier revision or date.

Clean: each principle's text in that revision, numbered and titled, disputed `[wording]` highlighted.
Redline: the same, with the changes since the earlier text as real Word tracked changes signed by the
pen-holder, so Review ▸ Accept All gives exactly Rev.N. The document carries, in its custom properties,
which roundtable and revision it is (`qroundtable-revision`): a delegation's marked-up copy of it can be
traced back to the texts it was made on.
"""

from __future__ import annotations

import os
import re
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape

from ..errors import FileProblem
from ..model import Revision
from . import wordml
from .document import ReadoutDocument
from .tracked import bracketed_runs, tracked_changes
from .wording import long_date

STYLES = ("Title", "Subtitle", "Heading 2", "Principle Text", "Readout Note", "Bracketed", "Header", "Footer")
CUSTOM = "docProps/custom.xml"
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one format id Word uses for user-defined properties


def write_text(rt, out: Path, revision: Revision, *, base: tuple[str, dict[int, str]] | None = None,
               overwrite: bool = False) -> Path:
    """`revision` of the negotiation text at `out`; with `base` (its name, principle → version id), a redline."""
    out = Path(out)
    if out.is_dir():
        raise FileProblem(f"{out} is a folder; name a file to write")
    if out.exists() and not overwrite:
        raise FileProblem(f"{out} already exists; choose another name or allow replacing it")
    doc = ReadoutDocument()
    doc.require_styles(STYLES)
    author = rt.info.owner  # the pen-holder: the secretariat that issued the revision
    title = rt.info.title
    doc.set_header_footer(f"{revision.name} — {title}")
    xml = [doc.para(revision.name, "Title"),
           doc.para(f"{title} — negotiation text issued on {long_date(revision.issued_at)}", "Subtitle")]
    if base is not None:
        xml.append(doc.para(f"Changes since {base[0]} are shown as tracked changes by {author}: Review ▸ Accept "
                            f"All gives {revision.name}.", "Readout Note"))
    principles = {p.number: p for p in rt.principles.list()}
    for number in sorted(revision.versions):
        version = rt.principles.version(revision.versions[number])
        xml.append(doc.heading(f"{number}. {principles[number].title}", 2))
        before = rt.principles.version(base[1][number]).text if base and number in base[1] else None
        if base is not None and before != version.text:
            runs = tracked_changes(before or "", version.text, author=author, when=revision.issued_at,
                                   next_id=doc.change_id)
        else:
            runs = bracketed_runs(version.text, doc.style("Bracketed"))
        xml.append(wordml.paragraph(runs, doc.style("Principle Text"), text_for_direction=version.text))
    doc.add(xml)
    doc.set_properties(title=f"{title} — {revision.name}", author=author,
                       subject=f"Negotiation text, {revision.name}" + (f", redline from {base[0]}" if base else ""),
                       created=datetime.now(timezone.utc))
    return doc.save_as(out, lambda written: set_custom_properties(
        written, {"qroundtable-roundtable": rt.roundtable_id, "qroundtable-revision": revision.id,
                  "qroundtable-revision-number": str(revision.number)}))


def set_custom_properties(path: Path, values: dict[str, str]) -> None:
    """Write `values` as the document's custom properties (File ▸ Properties ▸ Custom in Word)."""
    props = "".join(f'<property fmtid="{_FMTID}" pid="{pid}" name="{escape(name, {chr(34): "&quot;"})}">'
                    f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
                    for pid, (name, value) in enumerate(values.items(), start=2))
    custom = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
              'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' + props
              + "</Properties>")
    temp = path.with_name(path.name + ".props")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename == CUSTOM:
                continue
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml" and _CUSTOM_TYPE.encode() not in data:
                data = data.replace(b"</Types>", f'<Override PartName="/{CUSTOM}" ContentType="{_CUSTOM_TYPE}"/>'
                                    "</Types>".encode())
            elif item.filename == "_rels/.rels" and _CUSTOM_REL.encode() not in data:
                data = data.replace(b"</Relationships>", f'<Relationship Id="rIdQrtCustom" Type="{_CUSTOM_REL}" '
                                    f'Target="{CUSTOM}"/></Relationships>'.encode())
            dst.writestr(item, data)
        dst.writestr(CUSTOM, custom)
    os.replace(temp, path)


def custom_properties(path: Path) -> dict[str, str]:
    """The custom properties of the document at `path` (empty when it has none)."""
    try:
        with zipfile.ZipFile(path) as z:
            text = z.read(CUSTOM).decode("utf-8")
    except (KeyError, zipfile.BadZipFile, OSError):
        return {}
    return dict(re.findall(r'<property[^>]*\bname="([^"]*)"[^>]*>\s*<vt:lpwstr>([^<]*)</vt:lpwstr>', text))
