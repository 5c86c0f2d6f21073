"""The readout's Word document: the template, its styles, sections, header, footer and properties.

python-docx opens the template and handles everything small (styles, page set-up,
header, footer, pictures, properties). The body, which on a large roundtable runs to
tens of megabytes of XML, is kept as text and streamed into `word/document.xml` when
saving: parsing it into lxml and moving it into the document costs minutes and
hundreds of megabytes there, writing it costs a second.
"""

from __future__ import annotations

import io
import os
import secrets
import uuid
import zipfile
from collections.abc import Callable, Iterable
from datetime import datetime
from importlib import resources
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm
from lxml import etree

from ..errors import FileProblem
from . import wordml

TEMPLATE = "readout-template.docx"
_WRAP = f"<w:hdr {nsdecls('w', 'r')}>{{}}</w:hdr>"
_TWIPS_PER_EMU = 1 / 635
LANGUAGE = "en-US"  # the readout's words are English; the template's default w:lang says the same
_MARK = "qroundtable-readout-body"  # a comment where the body text goes when saving


_APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            "<Application>qroundtable</Application><AppVersion>{version}</AppVersion><DocSecurity>0</DocSecurity>"
            "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
            "<HyperlinksChanged>false</HyperlinksChanged></Properties>")


def _version() -> str:
    """The app's version as AppVersion wants it, XX.YYYY (Word reads it so; 0.1.0 → 00.0100)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        parts = [int(p) for p in version("qroundtable").split(".")[:3] if p.isdigit()]
    except PackageNotFoundError:
        parts = []
    major, minor, patch = (parts + [0, 0, 0])[:3]
    return f"{major:02d}.{minor:02d}{patch:02d}"


def template_path():
    """The template shipped as `resources/readout-template.docx` (see `resources/make_template.py`)."""
    return resources.files("qroundtable.resources").joinpath(TEMPLATE)


class ReadoutDocument:
    """A document opened from the template with its body emptied, ready to be written into."""

    def __init__(self, template=None):
        source = template or template_path()
        try:
            with source.open("rb") as f:
                self.doc = Document(io.BytesIO(f.read()))
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
            raise FileProblem(f"the readout template {source} could not be opened ({exc})") from None
        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        self._sectPr = body.find(qn("w:sectPr"))
        self._own_package()
        self._sectPr.addprevious(etree.Comment(_MARK))
        self._chunks: list[str] = []
        self._styles = {s.name: s.style_id for s in self.doc.styles}
        self._change_id = 0
        self._picture_id = 1000
        self._captions: dict[str, int] = {}
        self._break_pending = False

    def _own_package(self) -> None:
        """No leftovers of the template python-docx started from: the package says it is ours, each file has an id
        of its own, Word opens it in its current mode, and the empty bibliography part is gone."""
        part = self.doc.part
        for rId, rel in list(part.rels.items()):
            if rel.reltype.endswith("/customXml"):  # python-docx's default template: an empty bibliography
                del part.rels[rId]
        for package_part in part.package.iter_parts():
            if str(package_part.partname) == "/docProps/app.xml":
                package_part._blob = _APP_XML.format(version=_version()).encode("utf-8")
        settings = self.doc.settings.element
        for setting in settings.iter(qn("w:compatSetting")):
            if setting.get(qn("w:name")) == "compatibilityMode":
                setting.set(qn("w:val"), "15")  # Word 2013 and later: no "Compatibility Mode" in the title bar
        for tag in ("{http://schemas.microsoft.com/office/word/2010/wordml}docId",
                    "{http://schemas.microsoft.com/office/word/2012/wordml}docId"):
            for element in settings.iter(tag):
                # w14: eight hex digits (Word keeps them below 0x80000000); w15: a GUID in braces.
                element.set(tag.replace("docId", "val"), f"{{{str(uuid.uuid4()).upper()}}}"
                            if "2012" in tag else f"{secrets.randbits(31):08X}")

    # -- styles --------------------------------------------------------------------------

    def require_styles(self, names: Iterable[str]) -> None:
        """Fail before writing anything when a replaced template lacks a style the readout uses."""
        missing = sorted(set(names) - set(self._styles))
        if missing:
            raise FileProblem("the readout template lacks the style(s) " + ", ".join(repr(n) for n in missing)
                              + "; restore them or rebuild it with resources/make_template.py")

    def style(self, name: str) -> str:
        """The style id Word uses in the XML for the style people see as `name`."""
        return self._styles[name]

    def para(self, text: str, style: str = "Normal", **kwargs) -> str:
        """Paragraph XML of plain `text` in the style people know as `style`."""
        return wordml.text_paragraph(text, self.style(style), **kwargs)

    def caption(self, text: str, label: str = "Figure") -> str:
        """'Figure N: text' in the Caption style, N a SEQ field as Word's Insert Caption makes it: a table of
        figures and cross-references find it, and Word renumbers it when figures move."""
        self._captions[label] = self._captions.get(label, 0) + 1
        return wordml.paragraph([wordml.run(f"{label} "),
                                 wordml.field(f"SEQ {label} \\* ARABIC", str(self._captions[label])),
                                 wordml.run(f": {text}")], self.style("Caption"), text_for_direction=text)

    def heading(self, text: str, level: int = 1) -> str:
        """Heading XML; the first heading after `break_page()` starts on a new page."""
        brk, self._break_pending = self._break_pending, False
        return wordml.text_paragraph(text, self.style(f"Heading {level}"), page_break_before=brk)

    def header_row(self, headings: list[str], widths: list[int], *, centre_from: int | None = None) -> str:
        """A table's header row (repeated on every page), columns from `centre_from` on centred."""
        cells = [wordml.cell(self.para(h, "Table Heading Number" if centre_from is not None and i >= centre_from
                                       else "Table Heading"), w, valign="bottom")
                 for i, (h, w) in enumerate(zip(headings, widths))]
        return wordml.row(cells, header=True)

    # -- body --------------------------------------------------------------------------------

    @property
    def has_content(self) -> bool:
        return bool(self._chunks)

    def add(self, xml: str | Iterable[str]) -> None:
        """Append body XML (paragraphs, tables) at the end of the document."""
        text = xml if isinstance(xml, str) else "".join(xml)
        if text:
            # Every run reaches here inside a paragraph that resolved its direction marker; dropping
            # any left over keeps a slip from ever producing XML Word can't read.
            self._chunks.append(text.replace(wordml.NEUTRAL, ""))

    def break_page(self) -> None:
        """Start the next heading on a new page (a page-break-before, not an empty paragraph)."""
        self._break_pending = True

    def change_id(self) -> int:
        """A fresh id for a tracked insertion or deletion (unique in the document)."""
        self._change_id += 1
        return self._change_id

    def add_picture(self, png: bytes, width_cm: float, style: str, *, title: str, description: str) -> None:
        """A picture with its alternative text: what a screen reader says instead of showing it."""
        inline = self.doc.part.new_pic_inline(io.BytesIO(png), Cm(width_cm), None)
        # python-docx numbers pictures from the ids already in the tree, which holds none of the body.
        self._picture_id += 1
        inline.docPr.id = self._picture_id
        inline.docPr.set("title", wordml.xml_safe(title))
        inline.docPr.set("descr", wordml.xml_safe(description))
        drawing = etree.tostring(inline, encoding="unicode")
        self.add(f'<w:p><w:pPr><w:pStyle w:val="{self.style(style)}"/></w:pPr>'
                 f"<w:r><w:drawing>{drawing}</w:drawing></w:r></w:p>")

    # -- page set-up ---------------------------------------------------------------------------

    def usable_width(self) -> int:
        """The text width of the current (last) section, in twips."""
        s = self.doc.sections[-1]
        return int((s.page_width - s.left_margin - s.right_margin) * _TWIPS_PER_EMU)

    def text_width(self, *, landscape: bool) -> int:
        """The text width, in twips, of a page of the template in either orientation."""
        s = self.doc.sections[0]
        long, short = max(s.page_width, s.page_height), min(s.page_width, s.page_height)
        return int(((long if landscape else short) - s.left_margin - s.right_margin) * _TWIPS_PER_EMU)

    @property
    def landscape(self) -> bool:
        return self.doc.sections[-1].orientation == WD_ORIENT.LANDSCAPE

    def new_section(self, *, landscape: bool) -> None:
        """Start a new page in the given orientation; header and footer carry over."""
        # As Word does it: the section that ends here keeps a copy of the page set-up in its
        # last paragraph; the body's final sectPr describes the new one, which inherits the
        # header and footer when it has no references of its own.
        ended = etree.tostring(self._sectPr, encoding="unicode")
        self.add(f"<w:p><w:pPr>{ended}</w:pPr></w:p>")
        for ref in self._sectPr.findall(qn("w:headerReference")) + self._sectPr.findall(qn("w:footerReference")):
            self._sectPr.remove(ref)
        self.doc.sections[-1].start_type = WD_SECTION.NEW_PAGE
        self.orient(landscape=landscape)

    def orient(self, *, landscape: bool) -> None:
        """Turn the current (last) section's pages."""
        section = self.doc.sections[-1]
        if (section.orientation == WD_ORIENT.LANDSCAPE) != landscape:
            section.page_width, section.page_height = section.page_height, section.page_width
            section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT

    def set_header_footer(self, marking: str) -> None:
        """The marking on top of every page, "Page X of Y" (real PAGE/NUMPAGES fields) below it."""
        section = self.doc.sections[0]
        section.different_first_page_header_footer = False
        header, footer = section.header, section.footer
        header.is_linked_to_previous = footer.is_linked_to_previous = False
        self._fill(header, wordml.text_paragraph(marking, self.style("Header")))
        page_of = wordml.paragraph([wordml.run("Page "), wordml.field("PAGE"), wordml.run(" of "),
                                    wordml.field("NUMPAGES")], self.style("Footer"))
        self._fill(footer, page_of)

    @staticmethod
    def _fill(part, xml: str) -> None:
        element = part._element
        for child in list(element):
            element.remove(child)
        for child in list(parse_xml(_WRAP.format(xml))):
            element.append(child)

    # -- properties and saving ------------------------------------------------------------------

    def set_properties(self, *, title: str, author: str, subject: str, created: datetime) -> None:
        props = self.doc.core_properties
        props.title = wordml.xml_safe(title)[:255]
        props.author = props.last_modified_by = wordml.xml_safe(author)[:255]
        props.subject = wordml.xml_safe(subject)[:255]
        props.comments = props.keywords = props.category = ""
        props.created = props.modified = created.replace(tzinfo=None, microsecond=0)
        props.revision = 1
        props.language = LANGUAGE  # as the template's text (w:lang), so readers pick the right voice

    def save(self, target) -> None:
        """Write the package to `target` (a path or binary file), the body streamed into `word/document.xml`."""
        shell = io.BytesIO()
        self.doc.save(shell)
        head, mark, tail = etree.tostring(self.doc.element, encoding="UTF-8", standalone=True).partition(
            f"<!--{_MARK}-->".encode())
        if not mark:
            raise AssertionError("the body marker vanished from the document")
        main = "/" + self.doc.part.partname.lstrip("/")
        with zipfile.ZipFile(shell) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                if "/" + item.filename != main:
                    dst.writestr(item, src.read(item.filename))
                    continue
                info = zipfile.ZipInfo(item.filename, item.date_time)
                info.compress_type = zipfile.ZIP_DEFLATED
                with dst.open(info, "w") as out:
                    out.write(head)
                    for chunk in self._chunks:
                        out.write(chunk.encode("utf-8"))
                    out.write(tail)

    def save_as(self, out: Path, finish: Callable[[Path], None] | None = None) -> Path:
        """Write to a hidden file beside `out`, `finish(that file)` (custom properties), then rename it into place:
        a failed or cancelled export leaves nothing behind, and a disk's refusal is one line."""
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(f".{out.stem}-{secrets.token_hex(4)}.docx.part")
        try:
            with open(partial, "xb") as f:
                self.save(f)
            if finish is not None:
                finish(partial)
            os.replace(partial, out)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise FileProblem(f"could not write {out}: {exc.strerror or exc}") from None
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return out
