"""Markdown to a Word document (DOCX), with python-docx: for artefact templates filled in.

The Markdown is converted to HTML by the ``markdown`` library (tables, lists as written), and
that HTML is walked into Word's own structures: headings (``#`` is the document's title, ``##``
Heading 1, ``###`` Heading 2, ...), paragraphs with bold, italic, code, strike-through and
links (external ones clickable), bullet and numbered lists to three levels (each numbered list
starts again at 1), tables (the header row bold and repeated on every page), block quotes and
code blocks.

**The same input gives the same bytes.** Word files are zip archives that python-docx stamps
with the time of saving, and its core properties carry dates: both are fixed here, to the day
the document is dated (``as_of``), and the parts are written in a fixed order.

**Fast enough for every project.** A site of 300 projects with six templates each makes 1,800
documents. Through python-docx's own objects one costs about 60 ms to load and save, plus about
0.3 ms per table cell (a RACI matrix has hundreds). So python-docx's default document is loaded
once per process and gives the package (styles, list numbering, properties, relationships);
each document's body is written here as WordprocessingML text, its links and numbered lists are
added through python-docx, and only the parts that change are serialised (the others, 350 kB of
styles among them, are compressed once). A document then takes a few milliseconds beyond its
Markdown conversion.
"""

from __future__ import annotations

import datetime as dt
import importlib
import struct
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import markdown

if TYPE_CHECKING:  # python-docx is imported when a document is first made (see _Skeleton)
    from docx.document import Document

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CODE_FONT = "Courier New"
LINK_COLOR = "0563C1"  # Word's own colour for hyperlinks
LIST_LEVELS = 3  # python-docx's default styles: List Bullet, List Bullet 2, List Bullet 3
# Links that open from a document: the site's relative links mean nothing outside the site.
LINK_SCHEMES = ("http://", "https://", "mailto:")


# --- Markdown to a tree of HTML elements ----------------------------------------------------


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[_Element | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)


def _element(node: Any) -> _Element:
    """An lxml element as an ``_Element``: its text, children and their tails in order;
    comments and processing instructions keep only their tails."""
    element = _Element(node.tag, dict(node.attrib))
    if node.text:
        element.children.append(node.text)
    for child in node:
        if isinstance(child.tag, str):
            element.children.append(_element(child))
        if child.tail:
            element.children.append(child.tail)
    return element


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=["tables", "sane_lists", "fenced_code"])


def _html_tree(html: str) -> _Element:
    """HTML parsed as a browser would (lxml, python-docx's own dependency)."""
    parser: Any = importlib.import_module("lxml.html")
    return _element(parser.fragment_fromstring(str(html), create_parent="div"))


# --- The reusable document ------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    """One part of the package, compressed: written as it is into every document."""

    name: bytes
    crc: int
    size: int
    data: bytes  # raw deflate


def _entry(name: str, data: bytes) -> _Entry:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    packed = compressor.compress(data) + compressor.flush()
    return _Entry(name.encode("utf-8"), zlib.crc32(data), len(data), packed)


# The parts that change with every document; the others are the same in all of them.
_BODY = "word/document.xml"
_LINKS = "word/_rels/document.xml.rels"
_NUMBERING = "word/numbering.xml"
_CORE = "docProps/core.xml"


class _Skeleton:
    """python-docx's default document, loaded once, and its parts that never change."""

    def __init__(self) -> None:
        import io
        import zipfile

        import docx
        from docx.enum.style import WD_STYLE_TYPE

        self.document: Document = docx.Document()
        # Parts of python-docx's default document that only add weight: Word 2010's copy of
        # the styles (14 kB of a 38 kB file), and a thumbnail picturing python-docx's template.
        _drop_relationships(self.document.part.rels, _STYLES_WITH_EFFECTS)
        _drop_relationships(self.document.part.package.rels, _THUMBNAIL)
        # Style ids by name, set on paragraphs directly: python-docx's setter looks for the
        # default style through all 164 styles on every paragraph (3 ms each).
        self.styles = {
            style.name: style.style_id
            for style in self.document.styles
            if style.type == WD_STYLE_TYPE.PARAGRAPH and style.name is not None
        }
        self.table_style = self.document.styles["Table Grid"].style_id
        section = self.document.sections[0]
        margins = (section.left_margin or 0) + (section.right_margin or 0)
        self.text_width = int(((section.page_width or 0) - margins) / 635)  # EMU to twips
        numbering = self.document.part.numbering_part.element
        self.numbering = numbering
        self.list_abstract = {
            name: self._abstract_num(name) for name in self._list_styles("List Number")
        }
        saved = io.BytesIO()
        self.document.save(saved)
        with zipfile.ZipFile(saved) as package:
            self.order = [info.filename for info in package.infolist()]
            self.fixed = {
                name: _entry(name, package.read(name))
                for name in self.order
                if name not in (_BODY, _LINKS, _NUMBERING, _CORE)
            }
        self.core_part = next(
            part for part in self.document.part.package.iter_parts() if part.partname == "/" + _CORE
        )
        # document.xml around its (empty) body: the body is written in between.
        blob = self.document.part.blob
        opening = blob.index(b"<w:body>") + len(b"<w:body>")
        self.head, self.tail = blob[:opening], blob[opening:]
        self.base_numbers = len(numbering.num_lst)
        self.base_links = set(self.document.part.rels)
        self.lock = threading.Lock()

    @staticmethod
    def _list_styles(base: str) -> list[str]:
        return [base, *(f"{base} {level}" for level in range(2, LIST_LEVELS + 1))]

    def _abstract_num(self, style_name: str) -> int:
        num_id = self.document.styles[style_name].element.pPr.numPr.numId.val
        return int(self.numbering.num_having_numId(num_id).abstractNumId.val)


_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"


def _drop_relationships(relationships: Any, reltype: str) -> None:
    """Drop the relationships of ``reltype``: their parts are then not saved."""
    for rel_id in [rel_id for rel_id, rel in relationships.items() if rel.reltype == reltype]:
        relationships.pop(rel_id)


@lru_cache(maxsize=1)
def _skeleton() -> _Skeleton:
    return _Skeleton()


def markdown_to_docx(text: str, *, title: str, as_of: dt.date) -> bytes:
    """The Markdown document ``text`` (its ``#`` heading the title) as a DOCX file, titled
    ``title`` in its properties and dated ``as_of`` (its creation and modification dates, and
    the times in its archive)."""
    return html_to_docx(_converter().reset().convert(text), title=title, as_of=as_of)


def html_to_docx(html: str, *, title: str, as_of: dt.date, title_level: int = 1) -> bytes:
    """The HTML ``html`` (from Markdown) as a DOCX file: an ``h<title_level>`` is in the Title
    style, the next level down Heading 1, and so on. ``title_level`` lets HTML made for a page,
    where the document sits under the page's own heading, be converted as it is."""
    skeleton = _skeleton()
    tree = _html_tree(html)
    with skeleton.lock:
        writer = _Writer(skeleton, title_level)
        try:
            writer.blocks(tree.children)
            return _package(skeleton, writer.body_xml(), title, as_of)
        finally:
            writer.reset()


# --- Walking the HTML into the document ------------------------------------------------------


@dataclass(frozen=True)
class _Format:
    bold: bool = False
    italic: bool = False
    code: bool = False
    strike: bool = False
    link: str | None = None

    def but(self, **changes: Any) -> _Format:
        return _Format(**{**self.__dict__, **changes})

    def properties(self, link: bool) -> str:
        """The run's properties (``w:rPr``), in the order the schema requires."""
        if not (self.bold or self.italic or self.code or self.strike or link):
            return ""
        code = f'<w:rFonts w:ascii="{CODE_FONT}" w:hAnsi="{CODE_FONT}" w:cs="{CODE_FONT}"/>'
        return "".join(
            (
                "<w:rPr>",
                code if self.code else "",
                "<w:b/>" if self.bold else "",
                "<w:i/>" if self.italic else "",
                "<w:strike/>" if self.strike else "",
                f'<w:color w:val="{LINK_COLOR}"/><w:u w:val="single"/>' if link else "",
                "</w:rPr>",
            )
        )


_PLAIN = _Format()
_INLINE_FORMATS = {
    "strong": {"bold": True},
    "b": {"bold": True},
    "em": {"italic": True},
    "i": {"italic": True},
    "code": {"code": True},
    "kbd": {"code": True},
    "del": {"strike": True},
    "s": {"strike": True},
}
_BLOCKS = frozenset(
    {"p", "ul", "ol", "table", "blockquote", "pre", "hr", "div", "h1", "h2", "h3", "h4", "h5"}
    | {"h6", "dl", "section"}
)
_CELLS = ("th", "td")
_BREAK = "<w:r><w:br/></w:r>"


class _Writer:
    """Writes the body as WordprocessingML text (escaped here): python-docx's own objects
    cost about 0.3 ms per table cell, and even lxml's elements most of a RACI matrix's time."""

    def __init__(self, skeleton: _Skeleton, title_level: int) -> None:
        self.skeleton = skeleton
        self.title_level = title_level
        self.document = skeleton.document
        self.body: list[str] = []
        self.width = skeleton.text_width

    def body_xml(self) -> bytes:
        """The body's content, to go into the document's ``w:body``."""
        return "".join(self.body).encode("utf-8")

    def reset(self) -> None:
        """Back to the document as loaded: its links and its list numbering."""
        part = self.document.part
        for rel_id in [rel_id for rel_id in part.rels if rel_id not in self.skeleton.base_links]:
            part.drop_rel(rel_id)
        numbering = self.skeleton.numbering
        for num in numbering.num_lst[self.skeleton.base_numbers :]:
            numbering.remove(num)

    # Blocks ----------------------------------------------------------------------------------

    def blocks(self, nodes: list[_Element | str], style: str | None = None) -> None:
        """Block-level content; loose text becomes a paragraph (of ``style``)."""
        loose: list[_Element | str] = []
        for node in nodes:
            if isinstance(node, str) or node.tag not in _BLOCKS:
                loose.append(node)
                continue
            self._loose(loose, style)
            loose = []
            self.block(node, style)
        self._loose(loose, style)

    def _loose(self, nodes: list[_Element | str], style: str | None) -> None:
        if any(isinstance(node, _Element) or node.strip() for node in nodes):
            self.paragraph(style, self.inline(nodes))

    def block(self, node: _Element, style: str | None = None) -> None:
        tag = node.tag
        if tag[0] == "h" and tag[1:].isdigit():
            level = int(tag[1:]) - self.title_level
            shown = "Title" if level < 1 else f"Heading {min(level, 9)}"
            self.paragraph(shown, self.inline(node.children))
        elif tag == "p":
            self.paragraph(style, self.inline(node.children))
        elif tag in ("ul", "ol"):
            self.add_list(node, 1)
        elif tag == "table":
            self.table(node)
        elif tag == "blockquote":
            self.blocks(node.children, "Quote")
        elif tag == "pre":
            self.code_block(node.text())
        elif tag == "hr":
            self.paragraph(style, "")
        else:  # div, section, dl: their content
            self.blocks(node.children, style)

    def paragraph(self, style: str | None, runs: str, number: int | None = None) -> None:
        self.body.append(self.paragraph_xml(style, runs, number))

    def paragraph_xml(self, style: str | None, runs: str, number: int | None = None) -> str:
        style_id = self.skeleton.styles.get(style) if style else None
        properties = ""
        if style_id is not None or number is not None:
            properties = "".join(
                (
                    "<w:pPr>",
                    f'<w:pStyle w:val="{style_id}"/>' if style_id is not None else "",
                    f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{number}"/></w:numPr>'
                    if number is not None
                    else "",
                    "</w:pPr>",
                )
            )
        return f"<w:p>{properties}{runs}</w:p>"

    def add_list(self, node: _Element, level: int) -> None:
        ordered = node.tag == "ol"
        base = "List Number" if ordered else "List Bullet"
        style = base if level == 1 else f"{base} {min(level, LIST_LEVELS)}"
        number = self._restarted(style) if ordered else None
        for item in node.children:
            if isinstance(item, _Element) and item.tag == "li":
                self.list_item(item, style, number, level)

    def list_item(self, item: _Element, style: str, number: int | None, level: int) -> None:
        """The item's text in a list paragraph; a nested list one level down; further
        paragraphs of a loose item as continued text."""
        first = True
        inline: list[_Element | str] = []

        def flush() -> None:
            nonlocal first, inline
            if first or any(isinstance(n, _Element) or n.strip() for n in inline):
                if first:
                    self.paragraph(style, self.inline(inline), number)
                else:
                    self.paragraph(self._continued(level), self.inline(inline))
                first = False
            inline = []

        for child in item.children:
            if isinstance(child, _Element) and child.tag in ("ul", "ol"):
                flush()
                self.add_list(child, level + 1)
            elif isinstance(child, _Element) and child.tag == "p":
                if not first or inline:
                    flush()
                inline = list(child.children)
                flush()
            elif isinstance(child, _Element) and child.tag in _BLOCKS:
                flush()
                self.block(child, self._continued(level))
            else:
                inline.append(child)
        flush()

    @staticmethod
    def _continued(level: int) -> str:
        return "List Continue" if level == 1 else f"List Continue {min(level, LIST_LEVELS)}"

    def _restarted(self, style: str) -> int:
        """A numbering of its own for one numbered list, so that it starts at 1."""
        numbering = self.skeleton.numbering
        num = numbering.add_num(self.skeleton.list_abstract[style])
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return int(num.numId)

    def table(self, node: _Element) -> None:
        """A table in the Table Grid style, its columns sharing the text width; a header row
        (all th) is bold and repeats on every page."""
        rows = [
            [cell for cell in row.children if isinstance(cell, _Element) and cell.tag in _CELLS]
            for row in _descendants(node, "tr")
        ]
        columns = max((len(row) for row in rows), default=0)
        if columns == 0:
            return
        width = self.width // columns
        parts = [
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.skeleton.table_style}"/>'
            '<w:tblW w:w="0" w:type="auto"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1"/></w:tblPr>'
            "<w:tblGrid>",
            f'<w:gridCol w:w="{width}"/>' * columns,
            "</w:tblGrid>",
        ]
        cell_start = f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p>'
        for cells in rows:
            header = all(cell.tag == "th" for cell in cells) and bool(cells)
            how = _Format(bold=True) if header else _PLAIN
            parts.append("<w:tr><w:trPr><w:tblHeader/></w:trPr>" if header else "<w:tr>")
            for index in range(columns):
                content = self.inline(cells[index].children, how) if index < len(cells) else ""
                parts += [cell_start, content, "</w:p></w:tc>"]
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        self.body.append("".join(parts))

    def code_block(self, text: str) -> None:
        lines = text.rstrip("\n").split("\n")
        runs = _BREAK.join(self.run(line, _Format(code=True)) for line in lines)
        self.paragraph("No Spacing", runs)

    # Inline ----------------------------------------------------------------------------------

    def inline(self, nodes: list[_Element | str], how: _Format = _PLAIN) -> str:
        """The runs of ``nodes``, as WordprocessingML."""
        runs: list[str] = []
        for node in nodes:
            if isinstance(node, str):
                runs.append(self.run(node, how))
            elif node.tag == "br":
                runs.append(_BREAK)
            elif node.tag == "img":
                runs.append(self.run(node.attrs.get("alt", ""), how))
            elif node.tag == "a":
                runs.append(self.inline(node.children, how.but(link=node.attrs.get("href", ""))))
            elif node.tag in _INLINE_FORMATS:
                runs.append(self.inline(node.children, how.but(**_INLINE_FORMATS[node.tag])))
            else:  # span, sup, a block inside a cell or a list item: its text
                runs.append(self.inline(node.children, how))
        return "".join(runs)

    def run(self, text: str, how: _Format) -> str:
        if not how.code:
            text = " ".join(text.split("\n"))
        if not text:
            return ""
        link = how.link if how.link and how.link.startswith(LINK_SCHEMES) else None
        pieces = []
        for index, piece in enumerate(text.split("\t")):
            if index:
                pieces.append("<w:tab/>")
            if piece:
                space = ' xml:space="preserve"' if piece != piece.strip() else ""
                pieces.append(f"<w:t{space}>{_xml_text(piece)}</w:t>")
        run = f"<w:r>{how.properties(link is not None)}{''.join(pieces)}</w:r>"
        if link is None:
            return run
        return f'<w:hyperlink r:id="{self._link(link)}">{run}</w:hyperlink>'

    def _link(self, url: str) -> str:
        from docx.opc.constants import RELATIONSHIP_TYPE

        rel_id: str = self.document.part.relate_to(
            url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True
        )
        return rel_id


def _descendants(node: _Element, tag: str) -> Iterator[_Element]:
    for child in node.children:
        if isinstance(child, _Element):
            if child.tag == tag:
                yield child
            elif child.tag != "table":  # not into a nested table
                yield from _descendants(child, tag)


# Characters XML 1.0 cannot hold (control characters but tab, line feed, carriage return).
_NOT_XML: dict[int, str | None] = dict.fromkeys(
    [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]
)
_TEXT = {**_NOT_XML, ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"}


def _xml_safe(text: str) -> str:
    return text.translate(_NOT_XML)


def _xml_text(text: str) -> str:
    """Text for an element's content: escaped, without what XML cannot hold."""
    return text.translate(_TEXT)


# --- The package ----------------------------------------------------------------------------


def _package(skeleton: _Skeleton, body: bytes, title: str, as_of: dt.date) -> bytes:
    document = skeleton.document
    core = document.core_properties
    stamp = dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.UTC)
    core.title = _xml_safe(title)
    core.author = "Playbook"
    core.last_modified_by = "Playbook"
    core.comments = ""
    core.revision = 1
    core.created = stamp
    core.modified = stamp
    core.last_printed = stamp
    changing = {
        _BODY: skeleton.head + body + skeleton.tail,
        _LINKS: document.part.rels.xml,
        _NUMBERING: document.part.numbering_part.blob,
        _CORE: skeleton.core_part.blob,
    }
    entries = [
        skeleton.fixed[name] if name in skeleton.fixed else _entry(name, changing[name])
        for name in skeleton.order
    ]
    return _zip(entries, as_of)


def _zip(entries: list[_Entry], as_of: dt.date) -> bytes:
    """A zip archive of already compressed entries, every one dated ``as_of`` at midnight."""
    date = max(as_of.year - 1980, 0) << 9 | as_of.month << 5 | as_of.day
    local: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for entry in entries:
        fields = (20, 0, 8, 0, date, entry.crc, len(entry.data), entry.size, len(entry.name))
        header = struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + entry.name
        central.append(
            struct.pack("<IH", 0x02014B50, 20)
            + struct.pack("<HHHHHIIIHHHHHII", *fields, 0, 0, 0, 0, 0, offset)
            + entry.name
        )
        local += [header, entry.data]
        offset += len(header) + len(entry.data)
    directory = b"".join(central)
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), offset, 0
    )
    return b"".join(local) + directory + end
