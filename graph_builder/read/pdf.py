"""PDF notices (pdfplumber, on pdfminer.six): the text layer in reading order.

What the reader does, page by page:

* characters are grouped into lines (by vertical overlap) and lines are read top
  to bottom — one column, as notices are set; a gap wider than a third of the
  font size inside a line becomes a space;
* page furniture is dropped: lines in the top or bottom tenth of a page that are
  page numbers (``—4—``, ``- 4 -``, ``第4页 共9页``, a bare ``4``) or that repeat
  on at least half of the pages (digits ignored: running heads, document
  numbers in footers);
* lines are joined into paragraphs: a line continues the one above unless it is
  indented (first-line indent), the line above ended short of the right margin,
  the gap or the font size changes, or it starts a task, section or field after
  a line that ended a sentence — so a paragraph broken across a page reads as
  one line, as it does in Word;
* ruled tables (pdfplumber's line strategy) are written in the tab-cell layout of
  :mod:`graph_builder.read.layout`; a cell covered by a merge is blank; a table
  continued on the next page is joined to its first part, its repeated header
  row dropped;
* characters whose font name says Bold, Heavy, Black, 黑体 or Hei (SimHei,
  WenQuanYi Zen Hei …) are bold.

A PDF without a text layer (a scan) is error E109 (needs OCR); an encrypted one
that needs a password is E108; anything pdfminer cannot read is E106.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import statistics
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph_builder.errors import InputError
from graph_builder.read import SourceText, register_reader
from graph_builder.read.layout import Cell, Paragraph, TextBuilder

__all__ = ["read_pdf", "is_bold_font", "MAX_PAGES"]

MAX_PAGES = 2000  # notices are tens of pages; more is not a notice
_BOLD_FONT = re.compile(r"bold|heavy|black|黑体|hei|semibold|demibold", re.I)
_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－―·]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／,，]?\s*共?\s*\d{1,4}\s*页?)?[\s\-—–－―·]*$")
_STRUCTURE = re.compile(r"^(?:\d{1,3}\s*[.、．]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]{1,3}[)）]|"
                        r"(?:牵头|分管|承办|协办|主办|配合|责任)(?:领导|单位|部门)\s*[:：]|附件)")
_SENTENCE_END = re.compile(r"[。；;）)!！?？:：]$")
_ZONE = 0.1  # top and bottom tenth of a page: where running heads and page numbers are


def is_bold_font(fontname: str) -> bool:
    """Bold by font name (the subset prefix ``ABCDEF+`` is ignored).

    >>> [is_bold_font(f) for f in ("ABCDEF+SimHei", "FangSong_GB2312", "Helvetica-Bold", "WenQuanYiZenHei")]
    [True, False, True, True]
    """
    return bool(_BOLD_FONT.search(fontname.split("+", 1)[-1]))


@dataclass(slots=True)
class _Line:
    chars: list[dict[str, Any]]
    page: int
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    runs: Paragraph = field(default_factory=list)

    def __post_init__(self) -> None:
        self.chars.sort(key=lambda c: c["x0"])
        ink = [c for c in self.chars if not c["text"].isspace()] or self.chars
        self.x0 = min(c["x0"] for c in ink)
        self.x1 = max(c["x1"] for c in ink)
        self.top = min(c["top"] for c in ink)
        self.bottom = max(c["bottom"] for c in ink)
        self.size = statistics.median(c["size"] for c in ink) or 1.0
        runs: Paragraph = []
        prev: dict[str, Any] | None = None
        for c in self.chars:
            space = c["text"].isspace()
            if space and (prev is None or runs[-1][0] == " "):
                continue
            if prev is not None and not space and runs[-1][0] != " " and c["x0"] - prev["x1"] > self.size / 3:
                runs.append((" ", False))
            runs.append((" " if space else c["text"], not space and is_bold_font(c.get("fontname") or "")))
            prev = c
        while runs and runs[-1][0] == " ":
            runs.pop()
        self.runs = runs

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.runs)


@dataclass(slots=True)
class _Table:
    rows: list[list[list[_Line] | None]]  # each cell: its lines, or None where a merged cell covers it
    page: int
    top: float
    bottom: float
    right: list[float]  # right edge of each column


def _group_lines(chars: list[dict[str, Any]], page: int) -> list[_Line]:
    """Characters → lines, top to bottom (a character joins a line it overlaps vertically by half its height)."""
    lines: list[list[dict[str, Any]]] = []
    bounds: list[tuple[float, float]] = []
    for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        height = max(c["bottom"] - c["top"], 0.1)
        if bounds:
            top, bottom = bounds[-1]
            if min(bottom, c["bottom"]) - max(top, c["top"]) >= height / 2:
                lines[-1].append(c)
                bounds[-1] = (min(top, c["top"]), max(bottom, c["bottom"]))
                continue
        lines.append([c])
        bounds.append((c["top"], c["bottom"]))
    return [_Line(chs, page) for chs in lines if any(not c["text"].isspace() for c in chs)]


def _inside(c: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x = (c["x0"] + c["x1"]) / 2
    y = (c["top"] + c["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _read_page(page: Any, number: int) -> tuple[list[_Line], list[_Table]]:
    chars = [c for c in page.chars if c.get("upright", True) and c["text"] and c["x1"] > c["x0"] - 0.01]
    tables: list[_Table] = []
    in_table: set[int] = set()
    if chars:
        for t in page.find_tables():
            rows: list[list[list[_Line] | None]] = []
            rights: list[float] = []
            for row in t.rows:
                cells: list[list[_Line] | None] = []
                for k, box in enumerate(row.cells):
                    if box is None:
                        cells.append(None)
                        continue
                    while len(rights) <= k:
                        rights.append(box[2])
                    rights[k] = box[2]
                    mine = [i for i, c in enumerate(chars) if i not in in_table and _inside(c, box)]
                    in_table.update(mine)
                    cells.append(_group_lines([chars[i] for i in mine], number) if mine else [])
                rows.append(cells)
            tables.append(_Table(rows, number, t.bbox[1], t.bbox[3], rights))
    body = [c for i, c in enumerate(chars) if i not in in_table]
    lines = [line for line in _group_lines(body, number) if line.runs]
    return lines, tables


def _furniture(pages: list[tuple[list[_Line], list[_Table], float]]) -> set[int]:
    """ids of lines that are running heads, footers or page numbers."""
    zone_keys: Counter[str] = Counter()
    candidates: list[tuple[_Line, str]] = []
    for lines, _, height in pages:
        seen: set[str] = set()
        for line in lines:
            if line.bottom < height * _ZONE or line.top > height * (1 - _ZONE):
                key = re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))
                candidates.append((line, key))
                if key not in seen:
                    zone_keys[key] += 1
                    seen.add(key)
    drop: set[int] = set()
    repeat = max(2, (len(pages) + 1) // 2)
    for line, key in candidates:
        if _PAGE_NUMBER.match(line.text) or (len(pages) >= 2 and zone_keys[key] >= repeat):
            drop.add(id(line))
    return drop


def _starts_paragraph(prev: _Line, cur: _Line, left: float, right: float) -> bool:
    size = max(prev.size, cur.size)
    if abs(prev.size - cur.size) > 1.5:
        return True
    if cur.x0 > left + 0.9 * cur.size:  # first-line indent (or a centred line)
        return True
    if prev.x1 < right - 1.5 * prev.size:  # the line above ended short
        return True
    if cur.page == prev.page and cur.top - prev.bottom > 1.3 * size:
        return True
    return bool(_STRUCTURE.match(cur.text.lstrip()) and _SENTENCE_END.search(prev.text.rstrip()))


def _paragraphs(lines: list[_Line], left: float, right: float) -> list[Paragraph]:
    paras: list[Paragraph] = []
    prev: _Line | None = None
    for line in lines:
        if prev is None or _starts_paragraph(prev, line, left, right):
            paras.append(list(line.runs))
        else:
            a, b = prev.text[-1:], line.text[:1]
            if a.isascii() and b.isascii() and a.isalnum() and b.isalnum():
                paras[-1].append((" ", False))
            paras[-1].extend(line.runs)
        prev = line
    return paras


_NAME_END = re.compile(r"[局委办室院站所队部会区镇街处厅司心团社馆府校园组科股、，,；;。）)]$")


def _cell_paragraphs(lines: list[_Line], right: float) -> list[Paragraph]:
    """Lines of a cell → paragraphs.  A line continues the one above only when that one filled the cell and
    did not end with the end of a unit name: in an annex table every unit is on a line of its own, and a name
    that fills a narrow column exactly would otherwise swallow the next."""
    if not lines:
        return []
    left = min(line.x0 for line in lines)
    paras: list[Paragraph] = []
    prev: _Line | None = None
    for line in lines:
        if (prev is None or prev.x1 < right - 2.5 * prev.size or line.x0 > left + 0.9 * line.size
                or _NAME_END.search(prev.text)):
            paras.append(list(line.runs))
        else:
            paras[-1].extend(line.runs)
        prev = line
    return paras


def _margins(lines: list[_Line]) -> tuple[float, float]:
    if not lines:
        return 0.0, 0.0
    counts = Counter(round(line.x0) for line in lines)
    common = [x for x, n in counts.items() if n >= max(2, len(lines) // 50)] or list(counts)
    left = min(common)
    rights = sorted(line.x1 for line in lines)
    right = rights[int(0.9 * (len(rights) - 1))]
    return float(left), right


def _open(data: bytes, path: str) -> Any:
    import pdfplumber  # imported here: reading .txt does not pay for it

    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - pdfminer on untrusted bytes
        raise _error(exc, path) from None


def _error(exc: BaseException, path: str) -> InputError:
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    name = type(inner).__name__
    text = " ".join(str(inner).split())[:120]
    if "Password" in name or "Encryption" in name or "password" in text.lower() or "encrypt" in text.lower():
        return InputError("E108", "the PDF is encrypted and needs a password", path=path,
                          fix="open it with the password and print or save it as a PDF without one")
    return InputError("E106", f"corrupt or unreadable PDF ({name}: {text})", path=path,
                      fix="download it again, or open it and save it again as PDF")


@register_reader(".pdf")
def read_pdf(path: Path, data: bytes) -> SourceText:
    where = str(path)
    if not data.strip():
        raise InputError("E102", "the file is empty", path=where, fix="check that the download finished")
    if b"%PDF" not in data[:1024]:
        raise InputError("E106", "not a PDF file (no %PDF header)", path=where,
                         fix="check the file type; a web page saved as .pdf should be named .html")
    logging.getLogger("pdfminer").addHandler(logging.NullHandler())
    logging.getLogger("pdfminer").propagate = False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pdf = _open(data, where)
        try:
            pages: list[tuple[list[_Line], list[_Table], float]] = []
            images = 0
            if len(pdf.pages) > MAX_PAGES:
                raise InputError("E106", f"{len(pdf.pages)} pages: too long for a notice", path=where,
                                 fix=f"split it; at most {MAX_PAGES} pages are read")
            for number, page in enumerate(pdf.pages, 1):
                lines, tables = _read_page(page, number)
                pages.append((lines, tables, float(page.height)))
                images += len(page.images)
                page.flush_cache()
        except InputError:
            raise
        except Exception as exc:  # noqa: BLE001 - pdfminer on untrusted bytes
            raise _error(exc, where) from None
        finally:
            try:
                pdf.close()
            except Exception:  # noqa: BLE001 - pdfplumber's close() reads the pages again, which may fail again
                pass
    if not any(lines or tables for lines, tables, _ in pages):
        cause = "the PDF has no text layer" + (" (scanned page images)" if images else "")
        raise InputError("E109", cause, path=where,
                         fix="it needs OCR: run it through an OCR tool (e.g. ocrmypdf) and parse the result")
    drop = _furniture(pages)
    body_lines = [line for lines, _, _ in pages for line in lines if id(line) not in drop]
    left, right = _margins(body_lines)

    # Reading order: body lines and tables of each page by their top.
    items: list[_Line | _Table] = []
    for lines, tables, _ in pages:
        page_items: list[tuple[float, _Line | _Table]] = [(x.top, x) for x in lines if id(x) not in drop]
        page_items += [(t.top, t) for t in tables]
        items.extend(x for _, x in sorted(page_items, key=lambda p: p[0]))

    builder = TextBuilder()
    run: list[_Line] = []
    table: _Table | None = None

    def flush_lines() -> None:
        for para in _paragraphs(run, left, right):
            builder.paragraph(para)
        run.clear()

    def flush_table() -> None:
        nonlocal table
        if table is not None:
            rows: list[list[Cell]] = [
                [None if cell is None else _cell_paragraphs(cell, table.right[k] if k < len(table.right) else right)
                 for k, cell in enumerate(row)]
                for row in table.rows
            ]
            builder.table(rows)
            table = None

    for item in items:
        if isinstance(item, _Table):
            flush_lines()
            if table is not None and item.page == table.page + 1 and len(item.right) == len(table.right):
                rows = item.rows
                if rows and table.rows and _row_text(rows[0]) == _row_text(table.rows[0]):
                    rows = rows[1:]  # the header row repeated on the next page
                table.rows.extend(rows)
                table.page = item.page
            else:
                flush_table()
                table = item
        else:
            flush_table()
            run.append(item)
    flush_lines()
    flush_table()
    text, bold = builder.result()
    return SourceText(path=where, text=text, encoding="pdf", sha256=hashlib.sha256(data).hexdigest(), bold=bold)


def _row_text(row: list[list[_Line] | None]) -> list[str]:
    return ["".join(line.text for line in cell) if cell else "" for cell in row]
