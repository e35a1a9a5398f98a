"""Render the sample text notices as a government would publish them: DOCX, PDF and a web page.

Used by the tests (files are written to ``tmp_path`` at test time; nothing binary is committed) and by
``benchmarks/read_bench.py``.  The rendering is independent of the readers under test:

* every line of the text is a paragraph; ``**bold**`` becomes bold (DOCX: bold runs; PDF: set in the
  WenQuanYi Zen Hei face, the body in STSong; HTML: ``<strong>``);
* an annex table exported one cell per line (tab-indented) becomes a real table; in a row that continues a
  project (no number), a blank cell is merged with the cell above (DOCX ``vMerge``, PDF ``SPAN``, HTML
  ``rowspan``), as the 民生实事 annexes are set;
* PDF pages carry a running head and a page number ``— N —`` in the margins, and the body paragraphs a
  first-line indent of two characters.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Block", "blocks", "to_docx", "to_pdf", "to_html", "hei_font", "FONT_PATHS"]

FONT_PATHS = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/wqy/wqy-zenhei.ttc",
)
_ROW_START = re.compile(r"^\s*\d{0,3}\s*$")


@dataclass
class Block:
    kind: str  # "para" or "table"
    runs: list[tuple[str, bool]] | None = None  # para: (text, bold)
    rows: list[list[list[str]]] | None = None  # table: rows of cells of lines


def _runs(line: str, bold: bool) -> tuple[list[tuple[str, bool]], bool]:
    runs: list[tuple[str, bool]] = []
    for k, part in enumerate(line.split("**")):
        if k:
            bold = not bold
        if part:
            runs.append((part, bold))
    return runs, bold


def blocks(text: str) -> list[Block]:
    """Paragraphs and tables of a sample notice."""
    lines = text.splitlines()
    out: list[Block] = []
    bold = False
    i = 0
    while i < len(lines):
        line = lines[i]
        header = []
        k = i
        while k < len(lines) and lines[k].startswith("\t") and lines[k].strip():
            header.append(lines[k].strip())
            k += 1
        if len(header) >= 3:
            width = len(header)
            rows: list[list[list[str]]] = [[[h] for h in header]]
            row: list[list[str]] = []
            while k < len(lines):
                s = lines[k]
                if s.startswith("\t"):
                    if len(row) == width:
                        rows.append(row)
                        row = []
                    if not row and not _ROW_START.match(s.strip()):
                        break
                    row.append([s.strip()] if s.strip() else [])
                elif s.strip():
                    if not row:
                        break
                    row[-1].append(s.strip())
                k += 1
            if row:
                rows.append(row + [[] for _ in range(width - len(row))])
            out.append(Block("table", rows=rows))
            i = k
            continue
        if line.strip():
            runs, bold = _runs(line.strip(), bold)
            out.append(Block("para", runs=runs))
        i += 1
    return out


def _merges(rows: list[list[list[str]]]) -> list[tuple[int, int, int]]:
    """(column, first row, last row) of the blank cells merged with the cell above, within a project."""
    merges: list[tuple[int, int, int]] = []
    width = len(rows[0])
    for col in range(width):
        r = 1
        while r < len(rows):
            if rows[r][col] and r + 1 < len(rows) and not rows[r + 1][col] and not rows[r + 1][0]:
                end = r + 1
                while end + 1 < len(rows) and not rows[end + 1][col] and not rows[end + 1][0]:
                    end += 1
                merges.append((col, r, end))
                r = end + 1
            else:
                r += 1
    return merges


def to_docx(text: str, path: Path) -> Path:
    import docx

    document = docx.Document()
    for block in blocks(text):
        if block.kind == "para":
            p = document.add_paragraph()
            for part, bold in block.runs or []:
                p.add_run(part).bold = bold or None
            continue
        rows = block.rows or []
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, lines in enumerate(row):
                cell = table.cell(r, c)
                for n, line in enumerate(lines):
                    (cell.paragraphs[0] if n == 0 else cell.add_paragraph()).add_run(line)
        for col, first, last in _merges(rows):
            table.cell(first, col).merge(table.cell(last, col))
    document.save(str(path))
    return path


def hei_font() -> str | None:
    return next((p for p in FONT_PATHS if Path(p).exists()), None)


def to_pdf(text: str, path: Path, *, running_head: str = "") -> Path:
    """A4, 12 pt STSong body (built into reportlab: no font file), bold in WenQuanYi Zen Hei (Debian)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    font = hei_font()
    if font is None:
        raise RuntimeError("no CJK bold font: install fonts-wqy-zenhei (scripts/setup-system.sh does)")
    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    if "WQYHei" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQYHei", font, subfontIndex=0))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=20, firstLineIndent=24,
                          wordWrap="CJK", spaceAfter=2)
    cell_style = ParagraphStyle("cell", fontName="STSong-Light", fontSize=10, leading=14, wordWrap="CJK")

    def markup(runs: list[tuple[str, bool]]) -> str:
        return "".join(f'<font name="WQYHei">{html.escape(t, quote=False)}</font>' if b
                       else html.escape(t, quote=False) for t, b in runs)

    story: list[object] = []
    for block in blocks(text):
        if block.kind == "para":
            story.append(Paragraph(markup(block.runs or []), body))
            continue
        rows = block.rows or []
        data = [[[Paragraph(html.escape(line, quote=False), cell_style) for line in cell] or "" for cell in row]
                for row in rows]
        style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        style += [("SPAN", (col, first), (col, last)) for col, first, last in _merges(rows)]
        widths = [0.07, 0.15, 0.34, 0.12, 0.16, 0.16] if len(rows[0]) == 6 else [1 / len(rows[0])] * len(rows[0])
        total = A4[0] - 50 * mm
        story.append(Table(data, colWidths=[w * total for w in widths], repeatRows=1, style=TableStyle(style)))

    def furniture(canvas: object, doc: object) -> None:
        c = canvas  # reportlab's canvas: drawn in the margins of every page
        page = c.getPageNumber()  # type: ignore[attr-defined]
        c.setFont("STSong-Light", 9)  # type: ignore[attr-defined]
        if running_head:
            c.drawCentredString(A4[0] / 2, A4[1] - 12 * mm, running_head)  # type: ignore[attr-defined]
        c.setFont("STSong-Light", 12)  # type: ignore[attr-defined]
        c.drawCentredString(A4[0] / 2, 12 * mm, f"— {page} —")  # type: ignore[attr-defined]

    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=28 * mm,
                            bottomMargin=28 * mm)
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return path


NAV = """<div class="header"><a href="/">济宁市人民政府</a> | <a href="/zwgk">政务公开</a></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/hd">互动交流</a></li></ul>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 政府工作报告</div>
"""
RELATED = """<div class="pages-nav"><p><a href="/1">上一篇：生态环境</a></p><p><a href="/2">下一篇：城市建设</a></p></div>
<div class="related"><h3>热点推荐</h3><ul>
<li><a href="/a">【文化产业】数说“十三五”|济宁向文化旅游强市迈出坚实步伐</a><span>2021-02-28</span></li>
<li><a href="/b">济宁创新谷政金企对接会举行 26家金融机构参与</a><span>2021-01-17</span></li></ul></div>
<div class="footer">主办：济宁市人民政府办公室　网站标识码：3708000001　<a href="/map">网站地图</a></div>
<script>var _hmt = _hmt || []; document.write("上一篇");</script>
"""


def to_html(text: str, path: Path, *, title: str, info: str, encoding: str = "utf-8") -> Path:
    """A government article page: header, navigation and breadcrumbs, the body in ``div#zoom``, then
    上一篇/下一篇, a list of related articles and a footer.  ``text`` is the body only."""
    parts = []
    for block in blocks(text):
        if block.kind == "para":
            inner = "".join(f"<strong>{html.escape(t)}</strong>" if b else html.escape(t) for t, b in block.runs or [])
            parts.append(f'<p style="text-indent:2em">{inner}</p>')
    charset = "gb2312" if encoding in ("gbk", "gb18030", "gb2312") else encoding
    page = (f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f"<title>{html.escape(title)}_济宁市人民政府</title><style>p{{margin:0}}</style></head><body>"
            f"{NAV}<div class=\"article\"><h1>{html.escape(title)}</h1><div class=\"info\">{html.escape(info)}</div>"
            f"<div id=\"zoom\" class=\"TRS_Editor\">{''.join(parts)}</div></div>{RELATED}</body></html>")
    path.write_bytes(page.encode(encoding, errors="xmlcharrefreplace"))
    return path
