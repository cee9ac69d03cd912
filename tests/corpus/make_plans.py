"""Builds the documents of a test plan from its source: the text copied out
of it (NAME.txt), the Word file (NAME.docx), the PDF LibreOffice exports
from that Word file (NAME.pdf) and, where the source asks for one, an
image-only PDF of its pages as a scanner or a phone gives it (NAME.scan.pdf).

    python make_plans.py SOURCE.plan... --out DIR [--only txt,docx,pdf,scan]

Needs python-docx and img2pdf (tests/corpus/requirements.txt, in a
virtualenv), LibreOffice (`soffice`), poppler-utils (`pdftoppm`) and
ImageMagick (`convert`). The .txt and .docx are the same bytes on every run;
the PDFs carry LibreOffice's creation date.

The source is the Word document written line by line (see README.md beside
this script, "Sources"):

    !cb KẾ HOẠCH             a paragraph: ! then c (centred), r (right),
                             b (bold), i (italic), then a space
    @header 8,9 ... @end     the borderless table of number, place and date
    @table 1,4,3 [repeat] ... @end
                             a table, its column widths in cm; `repeat`
                             makes its first row repeat on every page
      @h a | b | c           a header row; @n a column-number row; @g a
                             group row (bold); cells are split at " | ",
                             a cell's paragraphs at " // "; "<" merges a
                             cell into the one on its left (gridSpan), "^"
                             into the one above (vMerge)
    @page                    a page break
    @set KEY VALUE           txt.cellbreak space|newline (a cell's
                             paragraphs in the text, as Word copies them),
                             txt.blank yes|no (blank line between
                             paragraphs), size N, table.size N, scan
                             none|clean|phone, date YYYY-MM-DD
    @txt ... @end            edits of the text only (what OCR or a copy out
                             of a PDF did to it): `<<< old` then `>>> new`,
                             with \\t and \\n; each old text must occur once
    #; a comment
"""
from __future__ import annotations

import argparse
import datetime
import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

SEP = " | "
PARA = " // "


@dataclass
class Para:
    text: str
    align: str = "justify"
    bold: bool = False
    italic: bool = False


@dataclass
class Row:
    cells: list[str]
    role: str = "body"  # body | head | numbers | group


@dataclass
class Table:
    widths: list[float]
    rows: list[Row] = field(default_factory=list)
    header: bool = False  # the borderless header table of the document
    repeat: bool = False


@dataclass
class PageBreak:
    pass


@dataclass
class Source:
    name: str
    blocks: list = field(default_factory=list)
    settings: dict = field(default_factory=dict)
    edits: list[tuple[str, str]] = field(default_factory=list)


def styled(text: str) -> Para:
    """A paragraph, its `!cbi ` prefix read as alignment and style; `~` is
    an empty one."""
    if text == "~":
        return Para("")
    if text.startswith("!") and " " in text:
        flags, rest = text[1:].split(" ", 1)
        if set(flags) <= set("crbi"):
            align = "center" if "c" in flags else "right" if "r" in flags else "justify"
            return Para(rest, align, "b" in flags, "i" in flags)
    return Para(text)


def unescape(text: str) -> str:
    return text.replace("\\t", "\t").replace("\\n", "\n")


def parse(path: Path) -> Source:
    src = Source(path.stem)
    lines = path.read_text(encoding="utf-8").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if line.startswith("#;") or not line.strip():
            continue
        if line.startswith("@set "):
            _, key, value = line.split(" ", 2)
            src.settings[key] = value
        elif line == "@page":
            src.blocks.append(PageBreak())
        elif line.startswith("@header") or line.startswith("@table"):
            words = line.split()
            table = Table([float(w) for w in words[1].split(",")])
            table.header = words[0] == "@header"
            table.repeat = "repeat" in words[2:]
            while lines[i] != "@end":
                raw = lines[i]
                i += 1
                if raw.startswith("#;") or not raw.strip():
                    continue
                role = "body"
                for prefix, name in (("@h ", "head"), ("@n ", "numbers"), ("@g ", "group")):
                    if raw.startswith(prefix):
                        role, raw = name, raw[len(prefix):]
                cells = raw.split(SEP)
                if len(cells) != len(table.widths):
                    sys.exit(f"{path}:{i}: {len(cells)} cells, {len(table.widths)} columns")
                table.rows.append(Row(cells, role))
            i += 1
            src.blocks.append(table)
        elif line == "@txt":
            while lines[i] != "@end":
                old = lines[i]
                new = lines[i + 1]
                if not (old.startswith("<<< ") and new.startswith(">>> ")):
                    sys.exit(f"{path}:{i + 1}: an edit is `<<< old` then `>>> new`")
                src.edits.append((unescape(old[4:]), unescape(new[4:])))
                i += 2
            i += 1
        else:
            src.blocks.append(styled(line))
    return src


# --- the text ---------------------------------------------------------------

def cell_text(cell: str, cellbreak: str) -> str:
    """What a copy of the cell gives: a merged-in cell is empty."""
    if cell in ("^", "<"):
        return ""
    parts = [styled(p).text for p in cell.split(PARA)]
    return ("\n" if cellbreak == "newline" else " ").join(parts)


def render_text(src: Source) -> str:
    cellbreak = src.settings.get("txt.cellbreak", "space")
    gap = "\n\n" if src.settings.get("txt.blank", "yes") == "yes" else "\n"
    chunks: list[str] = []
    for block in src.blocks:
        if isinstance(block, Para):
            chunks.append(block.text)
        elif isinstance(block, Table):
            rows = []
            for row in block.rows:
                cells = [cell_text(c, cellbreak) for c in row.cells if c != "<"]
                rows.append("\t".join(cells))
            chunks.append("\n".join(rows))
    text = gap.join(chunks) + "\n"
    for old, new in src.edits:
        count = text.count(old)
        if count != 1:
            sys.exit(f"{src.name}: the edit of {old!r} matches {count} times, not once")
        text = text.replace(old, new)
    return text


# --- the Word file ----------------------------------------------------------

def build_docx(src: Source) -> bytes:
    from docx import Document
    from docx.enum.section import WD_SECTION  # noqa: F401
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    align = {
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
    }
    size = float(src.settings.get("size", "13"))
    table_size = float(src.settings.get("table.size", "11"))

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(size)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.space_before = Pt(0)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    # The page number, top centre, from page 2 on (as the rules for
    # administrative documents place it).
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = number.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)

    def fill(paragraph, para: Para, font_size: float) -> None:
        paragraph.alignment = align[para.align]
        r = paragraph.add_run(para.text)
        r.bold, r.italic = para.bold or None, para.italic or None
        r.font.size = Pt(font_size)

    pending_break = False
    for block in src.blocks:
        if isinstance(block, PageBreak):
            pending_break = True
        elif isinstance(block, Para):
            p = doc.add_paragraph()
            fill(p, block, size)
            if pending_break:
                p.paragraph_format.page_break_before = True
                pending_break = False
        else:
            if pending_break:
                p = doc.add_paragraph()
                p.paragraph_format.page_break_before = True
                pending_break = False
            add_table(doc, block, fill, table_size if not block.header else size,
                      Cm, WD_TABLE_ALIGNMENT, OxmlElement, qn)

    date = datetime.datetime.fromisoformat(src.settings.get("date", "2024-01-01") + "T08:00:00")
    core = doc.core_properties
    core.author = ""
    core.last_modified_by = ""
    core.created = date
    core.modified = date
    core.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return same_bytes_zip(buf.getvalue())


def add_table(doc, block: Table, fill, font_size, Cm, WD_TABLE_ALIGNMENT, OxmlElement, qn):
    ncols = len(block.widths)
    table = doc.add_table(rows=len(block.rows), cols=ncols)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if not block.header:
        table.style = doc.styles["Table Grid"]
    table.autofit = False
    # Fixed column widths: Word and LibreOffice keep them, so the words wrap.
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    for col, width in zip(table.columns, block.widths):
        col.width = Cm(width)
    for r, row in enumerate(block.rows):
        for c, width in enumerate(block.widths):
            table.cell(r, c).width = Cm(width)
        if row.role == "head" and block.repeat and r == 0:
            tr_pr = table.rows[r]._tr.get_or_add_trPr()
            head = OxmlElement("w:tblHeader")
            tr_pr.append(head)
        for c, cell in enumerate(row.cells):
            if cell in ("^", "<"):
                continue
            paras = [styled(p) for p in cell.split(PARA)]
            target = table.cell(r, c)
            for k, para in enumerate(paras):
                if row.role in ("head", "group"):
                    para.bold = True
                if row.role in ("head", "numbers"):
                    para.align = "center"
                if row.role == "numbers":
                    para.italic = True
                if not block.header and para.align == "justify":
                    para.align = "left"
                if block.header and para.align == "justify":
                    para.align = "center"
                p = target.paragraphs[0] if k == 0 else target.add_paragraph()
                fill(p, para, font_size)
    # Merges, after the text: "<" into the left, "^" into the one above.
    for r, row in enumerate(block.rows):
        for c, cell in enumerate(row.cells):
            if cell == "<":
                start = c
                while block.rows[r].cells[start] == "<":
                    start -= 1
                table.cell(r, start).merge(table.cell(r, c))
    for c in range(ncols):
        for r, row in enumerate(block.rows):
            if row.cells[c] == "^":
                start = r
                while block.rows[start].cells[c] == "^":
                    start -= 1
                table.cell(start, c).merge(table.cell(r, c))
    # python-docx keeps an empty paragraph from each merged-in cell: drop it.
    for tc in table._tbl.iter(qn("w:tc")):
        paras = tc.findall(qn("w:p"))
        for p in paras[1:]:
            if not "".join(t.text or "" for t in p.iter(qn("w:t"))):
                tc.remove(p)


def same_bytes_zip(data: bytes) -> bytes:
    """The zip rewritten with fixed entry dates: the same bytes on every run."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            zout.writestr(fixed, zin.read(info.filename))
    return out.getvalue()


# --- the PDFs ---------------------------------------------------------------

def build_pdf(docx: Path, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", tmp, str(docx)],
            check=True, capture_output=True,
        )
        shutil.move(str(Path(tmp) / (docx.stem + ".pdf")), out)


def build_scan(pdf: Path, out: Path, kind: str) -> None:
    """Pages rasterised at 200 dpi; `phone`: turned 1.5°, blurred, noisy,
    grey JPEG; `clean`: black and white as an office scanner gives."""
    import img2pdf

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "200", "-gray", str(pdf), f"{tmp}/p"], check=True)
        pages = sorted(Path(tmp).glob("p-*.pgm"))
        images = []
        for page in pages:
            if kind == "phone":
                img = page.with_suffix(".jpg")
                subprocess.run(
                    ["convert", str(page), "-seed", "7", "-background", "white",
                     "-rotate", "1.5", "-blur", "0x0.8", "-attenuate", "0.3",
                     "+noise", "Gaussian", "-level", "8%,96%", "-density", "200",
                     "-quality", "45", str(img)],
                    check=True,
                )
            else:
                img = page.with_suffix(".tif")
                subprocess.run(
                    ["convert", str(page), "-threshold", "62%", "-type", "bilevel",
                     "-density", "200", "-compress", "Group4", str(img)],
                    check=True,
                )
            images.append(str(img))
        a4 = (img2pdf.mm_to_pt(210), img2pdf.mm_to_pt(297))
        layout = img2pdf.get_layout_fun(a4, fit=img2pdf.FitMode.into)
        out.write_bytes(img2pdf.convert(images, layout_fun=layout, nodate=True))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sources", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--only", default="txt,docx,pdf,scan")
    args = ap.parse_args()
    only = set(args.only.split(","))
    args.out.mkdir(parents=True, exist_ok=True)
    for path in args.sources:
        src = parse(path)
        base = args.out / src.name
        if "txt" in only:
            base.with_suffix(".txt").write_text(render_text(src), encoding="utf-8")
        if "docx" in only:
            base.with_suffix(".docx").write_bytes(build_docx(src))
        if "pdf" in only:
            build_pdf(base.with_suffix(".docx"), base.with_suffix(".pdf"))
        scan = src.settings.get("scan", "none")
        if "scan" in only and scan != "none":
            build_scan(base.with_suffix(".pdf"), args.out / f"{src.name}.scan.pdf", scan)
        print(f"{src.name}: {', '.join(sorted(only))}", file=sys.stderr)


if __name__ == "__main__":
    os.environ.setdefault("LC_ALL", "C.UTF-8")
    main()
