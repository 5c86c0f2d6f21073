"""The Word readout as assistive technology reads it: alt text on every picture, repeating header rows,
the document's language — read back from the .docx's XML, as Word and screen readers see it."""

from __future__ import annotations

import re

import pytest
from lxml import etree
from readout_helpers import raw_parts

from qroundtable.demo import build_demo
from qroundtable.readout import write_readout

WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DC = "http://purl.org/dc/elements/1.1/"


@pytest.fixture(scope="module")
def parts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("accessible")
    rt = build_demo(folder / "demo.qrt")
    try:
        path = write_readout(rt, folder / "demo.docx")
        counts = len(rt.principles.list())
    finally:
        rt.close()
    return raw_parts(path), counts


def test_every_picture_says_in_words_what_it_shows(parts):
    raw, principles = parts
    body = etree.fromstring(raw["word/document.xml"].encode())
    pictures = body.findall(f".//{{{WP}}}docPr")
    assert pictures, "the demo readout has its chart"
    progress = [p for p in pictures if p.get("title") == "Negotiation progress"]
    assert len(progress) == 1
    assert progress[0].get("descr").startswith("Inaugural roundtable: Pursuing Quantum Information Together "
                                               "(15 November 2022): 0 brackets remaining, 0 of 0 principles agreed; "
                                               "October 2023 roundtable (24 October 2023): 2 brackets remaining")
    pictures = [p for p in pictures if p not in progress]
    for pic in pictures:
        descr, title = pic.get("descr", ""), pic.get("title", "")
        assert title.startswith("Stances per principle")
        assert descr.startswith("Stances per principle.")
        totals = {sum(int(n) for n in re.findall(r"(\d+) [a-z]", said))
                  for said in re.findall(r"Principle \d+: ([^;]*)", descr)}
        assert len(totals) == 1  # every bar counts the same delegations, as the picture draws them
    said = " ".join(p.get("descr", "") for p in pictures)
    assert all(f"Principle {n}:" in said for n in range(1, principles + 1))
    assert "1 reservation (ad ref.)" in said and "no position" in said  # stances by their names, not colours


def test_every_table_repeats_its_header_row_on_each_page(parts):
    raw, _ = parts
    body = etree.fromstring(raw["word/document.xml"].encode())
    # Tables of data; a one-row table is a layout (the stance legend) and has no header to repeat.
    tables = [t for t in body.findall(f".//{{{W}}}tbl") if len(t.findall(f"{{{W}}}tr")) > 1]
    assert len(tables) >= 3
    for table in tables:
        first = table.find(f"{{{W}}}tr")
        assert first.find(f"{{{W}}}trPr/{{{W}}}tblHeader") is not None


def test_the_document_says_its_language(parts):
    raw, _ = parts
    styles = etree.fromstring(raw["word/styles.xml"].encode())
    lang = styles.find(f"{{{W}}}docDefaults/{{{W}}}rPrDefault/{{{W}}}rPr/{{{W}}}lang")
    assert lang is not None and lang.get(f"{{{W}}}val") == "en-US"
    core = etree.fromstring(raw["docProps/core.xml"].encode())
    assert core.findtext(f"{{{DC}}}language") == "en-US"
