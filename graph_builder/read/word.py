"""Word documents: ``.docx`` (python-docx) and old ``.doc`` (converted by LibreOffice, when installed).

The body is read in document order: paragraphs (one per line) with their bold
runs, and tables in the tab-cell layout of :mod:`graph_builder.read.layout`.
A run counts as bold when Word shows it bold (the run, its character style or
its paragraph style) or when it is set in a 黑体 (Hei) face: under a
"黑体为主办单位" convention the host units are marked either way.  Cells covered
by a vertical merge (``w:vMerge`` without ``restart``) become blank cells, which
the parser continues from the cell above; a horizontally merged cell
(``w:gridSpan``) is followed by blank cells for the columns it covers.
Automatic list numbers (``w:numPr``) are written out as Word shows them
(decimal, Chinese and parenthesised formats), since a task number is part of the
structure.  Headers, footers, footnotes and comments are not read.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from graph_builder.errors import InputError
from graph_builder.read import SourceText, register_reader
from graph_builder.read.layout import Cell, Paragraph, TextBuilder

__all__ = ["read_docx", "read_doc", "docx_bytes_to_text", "CONVERT_TIMEOUT"]

# A .docx is a zip: refuse archives that would expand to more than this (zip bombs).
_MAX_UNZIPPED = 300_000_000
CONVERT_TIMEOUT = 120  # seconds for one LibreOffice conversion
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, encrypted Office files
_HEI = re.compile(r"黑体|Hei|SimHei|Bold|Heavy|Black", re.I)


@register_reader(".docx")
def read_docx(path: Path, data: bytes) -> SourceText:
    text, bold = docx_bytes_to_text(data, path=str(path))
    return SourceText(path=str(path), text=text, encoding="docx", sha256=hashlib.sha256(data).hexdigest(), bold=bold)


def docx_bytes_to_text(data: bytes, *, path: str) -> tuple[str, list[tuple[int, int]]]:
    """Text and bold ranges of a .docx given as bytes (raises :class:`InputError`)."""
    if not data.strip():
        raise InputError("E102", "the file is empty", path=path, fix="check that the download or conversion finished")
    if data.startswith(_OLE_MAGIC):
        raise InputError("E108", "an encrypted Word file or an old-format .doc named .docx", path=path,
                         fix="remove the password and save as .docx (or rename it to .doc)")
    if not data.startswith(b"PK"):
        raise InputError("E106", "not a .docx file (not a zip archive)", path=path,
                         fix="open it in Word or WPS and save it again as .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > _MAX_UNZIPPED:
                raise InputError("E106", "the .docx expands to more than 300 MB: refused", path=path,
                                 fix="check the file; save the notice alone as .docx")
            if "word/document.xml" not in archive.namelist():
                raise InputError("E106", "not a Word document (no word/document.xml in the archive)", path=path,
                                 fix="open it in Word or WPS and save it again as .docx")
    except zipfile.BadZipFile as exc:
        raise InputError("E106", f"corrupt .docx ({exc})", path=path,
                         fix="download it again, or open it in Word or WPS and save it again") from None
    import docx  # python-docx: imported here so that reading .txt does not pay for it

    try:
        document = docx.Document(io.BytesIO(data))
        builder = TextBuilder()
        _Body(document).write(builder)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - a third-party parser on untrusted bytes: any failure is bad input
        raise InputError("E106", f"corrupt .docx ({type(exc).__name__}: {_short(exc)})", path=path,
                         fix="open it in Word or WPS and save it again as .docx") from None
    return builder.result()


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:120]


class _Body:
    """Walks the document body (paragraphs and tables) in order."""

    def __init__(self, document: Any) -> None:
        from docx.oxml.ns import qn

        self.qn = qn
        self.document = document
        self.numbering = _Numbering(document, qn)
        self.style_bold: dict[str, bool] = {}
        try:
            for style in document.styles:
                font = getattr(style, "font", None)
                if font is not None:
                    self.style_bold[style.style_id] = _font_is_bold(font)
        except Exception:  # noqa: BLE001 - styles are a nicety; a broken styles part must not stop reading
            self.style_bold = {}

    def write(self, builder: TextBuilder) -> None:
        body = self.document.element.body
        for child in body.iterchildren():
            if child.tag == self.qn("w:p"):
                builder.paragraph(self.paragraph(child))
            elif child.tag == self.qn("w:tbl"):
                builder.table(self.table(child))
            elif child.tag == self.qn("w:sdt"):  # content controls wrap paragraphs and tables
                for p in child.iter(self.qn("w:p")):
                    builder.paragraph(self.paragraph(p))

    def paragraph(self, p: Any) -> Paragraph:
        qn = self.qn
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        para_bold = self.style_bold.get(style.get(qn("w:val")), False) if style is not None else False
        runs: Paragraph = []
        label = self.numbering.label(p)
        if label:
            runs.append((label, False))
        for r in p.iter(qn("w:r")):
            if _inside(r, p, {qn("w:del"), qn("w:txbxContent")}):
                continue
            bold = self._run_bold(r, para_bold)
            for node in r:
                if node.tag == qn("w:t"):
                    runs.append((node.text or "", bold))
                elif node.tag == qn("w:tab"):
                    runs.append((" ", False))
                elif node.tag in (qn("w:br"), qn("w:cr")):
                    runs.append(("\n", False))
        return runs

    def _run_bold(self, r: Any, para_bold: bool) -> bool:
        qn = self.qn
        rpr = r.find(qn("w:rPr"))
        if rpr is None:
            return para_bold
        b = rpr.find(qn("w:b"))
        if b is not None:
            return b.get(qn("w:val"), "true").lower() not in ("0", "false", "off")
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is not None and any(_HEI.search(v) for k, v in fonts.attrib.items() if k.endswith(("eastAsia", "ascii"))):
            return True
        rstyle = rpr.find(qn("w:rStyle"))
        if rstyle is not None and self.style_bold.get(rstyle.get(qn("w:val")), False):
            return True
        return para_bold

    def table(self, tbl: Any) -> list[list[Cell]]:
        qn = self.qn
        rows: list[list[Cell]] = []
        for tr in tbl.iterchildren(qn("w:tr")):
            row: list[Cell] = []
            for tc in tr.iterchildren(qn("w:tc")):
                pr = tc.find(qn("w:tcPr"))
                span, merged = 1, False
                if pr is not None:
                    grid = pr.find(qn("w:gridSpan"))
                    if grid is not None:
                        span = max(1, min(50, _int(grid.get(qn("w:val")), 1)))
                    vmerge = pr.find(qn("w:vMerge"))
                    merged = vmerge is not None and vmerge.get(qn("w:val"), "continue") != "restart"
                if merged:
                    row.append(None)
                else:
                    # Paragraphs of the cell, including those of a nested table (read as lines).
                    row.append([self.paragraph(p) for p in tc.iter(qn("w:p"))])
                row.extend([None] * (span - 1))
            rows.append(row)
        return rows


def _inside(node: Any, stop: Any, tags: set[str]) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _font_is_bold(font: Any) -> bool:
    if font.bold:
        return True
    name = font.name or ""
    return bool(_HEI.search(name))


# ----------------------------------------------------------------------------- automatic numbering

_CN_DIGITS = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (enough for task and section numbers).

    >>> [_chinese(n) for n in (1, 10, 12, 20, 21, 99)]
    ['一', '十', '十二', '二十', '二十一', '九十九']
    """
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "taiwaneseCounting"):
        return _chinese(n)
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class _Numbering:
    """Labels of automatically numbered paragraphs (``w:numPr``), counted in document order."""

    def __init__(self, document: Any, qn: Any) -> None:
        self.qn = qn
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> (fmt, text, start)
        self.counters: dict[str, list[int]] = {}
        self.style_numbering: dict[str, Any] = {}  # styleId -> w:numPr of a numbered paragraph style
        try:
            for style in document.styles.element.iterchildren(qn("w:style")):
                numpr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
                if numpr is not None:
                    self.style_numbering[style.get(qn("w:styleId"), "")] = numpr
        except Exception:  # noqa: BLE001 - a broken styles part: no style numbering
            self.style_numbering = {}
        try:
            part = document.part.numbering_part
        except Exception:  # noqa: BLE001 - no numbering part
            return
        root = part.element
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in root.iterchildren(qn("w:abstractNum")):
            levels: dict[int, tuple[str, str, int]] = {}
            for lvl in an.iterchildren(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                levels[_int(lvl.get(qn("w:ilvl")), 0)] = (
                    fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal",
                    text.get(qn("w:val"), "") if text is not None else "",
                    _int(start.get(qn("w:val")), 1) if start is not None else 1,
                )
            abstract[an.get(qn("w:abstractNumId"), "")] = levels
        for num in root.iterchildren(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                self.levels[num.get(qn("w:numId"), "")] = abstract.get(ref.get(qn("w:val"), ""), {})

    def label(self, p: Any) -> str:
        qn = self.qn
        numpr = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if numpr is None:
            style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            numpr = self.style_numbering.get(style.get(qn("w:val"), "")) if style is not None else None
        if numpr is None or not self.levels:
            return ""
        num_id_el, ilvl_el = numpr.find(qn("w:numId")), numpr.find(qn("w:ilvl"))
        num_id = num_id_el.get(qn("w:val"), "") if num_id_el is not None else ""
        ilvl = min(8, max(0, _int(ilvl_el.get(qn("w:val")), 0) if ilvl_el is not None else 0))
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        fmt, text, _ = levels[ilvl]
        if fmt in ("bullet", "none"):
            return ""

        def value(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            if k not in levels:
                return ""
            level_fmt, _, start = levels[k]
            return _format_number(counters[k] + start - 1, level_fmt)

        return re.sub(r"%(\d)", value, text)


# ----------------------------------------------------------------------------- .doc through LibreOffice


def soffice() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


@register_reader(".doc")
def read_doc(path: Path, data: bytes) -> SourceText:
    """Convert an old Word .doc to .docx with LibreOffice (headless) and read that."""
    if not data.strip():
        raise InputError("E102", "the file is empty", path=str(path), fix="check that the download finished")
    exe = soffice()
    if exe is None:
        raise InputError("E110", "old Word .doc needs LibreOffice to be read, and it is not installed", path=str(path),
                         fix="install libreoffice-writer (apt-get install libreoffice-writer-nogui) "
                             "or save the file as .docx")
    with tempfile.TemporaryDirectory(prefix="policykg-doc-") as tmp:
        src = Path(tmp) / "in.doc"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"  # a private profile: no clash with a running LibreOffice
        try:
            subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                            "--convert-to", "docx", "--outdir", tmp, str(src)],
                           check=False, capture_output=True, timeout=CONVERT_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise InputError("E107", f"LibreOffice did not convert the .doc within {CONVERT_TIMEOUT} s",
                             path=str(path), fix="open it in Word or WPS and save it as .docx") from None
        out = Path(tmp) / "in.docx"
        if not out.exists():
            raise InputError("E106", "LibreOffice could not convert the .doc (corrupt or not a Word file)",
                             path=str(path), fix="open it in Word or WPS and save it as .docx")
        text, bold = docx_bytes_to_text(out.read_bytes(), path=str(path))
    return SourceText(path=str(path), text=text, encoding="doc", sha256=hashlib.sha256(data).hexdigest(), bold=bold)
