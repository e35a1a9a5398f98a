"""Web pages of government sites (``.html``, ``.htm``, ``.shtml``): the article body only.

The body is found by the containers Chinese government sites use (ids and
classes such as ``zoom``, ``TRS_Editor``, ``pages_content``, ``article``,
``content``, ``detail``), the one with the most text outside links winning;
without one, the element with the most paragraph text.  Navigation, headers,
footers, scripts, forms, share bars and lists of links (上一篇 / 下一篇, 相关阅读,
热点推荐 …) are removed before the text is read.  The page title (``<h1>`` or
``<title>``) is written first when the body does not contain it.

Blocks (``p``, ``div``, ``h1``–``h6``, ``li`` …) and ``<br>`` end lines;
``<b>``, ``<strong>``, ``font-weight: bold`` and a 黑体 face are bold;
``<table>`` is written in the tab-cell layout of :mod:`graph_builder.read.layout`,
``rowspan`` / ``colspan`` giving blank cells for the places they cover.

The bytes are decoded from the BOM, else the ``<meta charset>`` of the page, else
as text files are (UTF-8, then GB18030).
"""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path
from typing import Any

from graph_builder.errors import InputError
from graph_builder.read import SourceText, decode_bytes, register_reader
from graph_builder.read.layout import Cell, Paragraph, TextBuilder

__all__ = ["read_html", "decode_html"]

_BODY_HINT = re.compile(r"zoom|trs_?editor|pages_content|article|content|detail|main_?text|wzxq|zwnr|text_?con"
                        r"|news_?con|info_?con|con_?text|txt", re.I)
_STRONG_HINT = re.compile(r"^(?:zoom|trs_?editor|pages_content|article_?content|detail_?content)$", re.I)
_JUNK_HINT = re.compile(r"(?:^|[-_\s])(?:nav|navbar|menu|breadcrumb|crumb|footer|foot|sidebar|side|related|relate"
                        r"|share|pager|pagination|page-?nav|copyright|toolbar|search|banner|login|hot|recommend"
                        r"|xgxx|xgwz|xglj|fxd|bdsharebuttonbox)(?:$|[-_\s\d])", re.I)
_JUNK_TAGS = ("script", "style", "noscript", "iframe", "form", "nav", "header", "footer", "aside", "button",
              "select", "input", "textarea", "object", "embed", "svg", "canvas", "template")
_NAV_TEXT = re.compile(r"^\s*(?:上一篇|下一篇|上一条|下一条|热点推荐|相关阅读|相关新闻|相关文章|相关链接|推荐阅读|【打印|打印本页|关闭窗口|分享到)")
_BLOCK = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl",
          "dt", "dd", "blockquote", "pre", "center", "tr", "address", "figure", "figcaption", "hr", "body", "html"}
_BOLD_TAGS = {"b", "strong", "h1", "h2", "h3", "h4", "h5", "h6", "th"}
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)|font-family\s*:[^;]*(?:黑体|hei)", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.I)


def decode_html(data: bytes, *, path: str) -> tuple[str, str]:
    """Decode a page: BOM, then ``<meta charset>``, then the text-file detection.

    >>> decode_html('<meta charset="gb2312"><p>通知</p>'.encode("gbk"), path="x")
    ('<meta charset="gb2312"><p>通知</p>', 'gb18030')
    """
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_bytes(data, path=path)
    m = _META_CHARSET.search(data[:4096])
    if m:
        name = m.group(1).decode("ascii").lower()
        if name in ("gb2312", "gbk", "gb_2312-80", "x-gbk"):
            name = "gb18030"
        try:
            codecs.lookup(name)
            return data.decode(name, errors="replace"), name
        except LookupError:
            pass
    return decode_bytes(data, path=path)


def _classes(el: Any) -> str:
    attrs = getattr(el, "attrs", None) or {}
    cls = attrs.get("class") or []
    if isinstance(cls, str):
        cls = [cls]
    return " ".join([str(attrs.get("id") or ""), *map(str, cls)])


def _text_len(el: Any) -> int:
    return len(re.sub(r"\s+", "", el.get_text()))


def _link_len(el: Any) -> int:
    return sum(len(re.sub(r"\s+", "", a.get_text())) for a in el.find_all("a"))


def _score(el: Any) -> float:
    score = float(_text_len(el) - 2 * _link_len(el))
    if _STRONG_HINT.search(_classes(el)):
        score *= 1.5
    return score


def _find_body(soup: Any) -> Any:
    candidates = [el for el in soup.find_all(True) if el.name not in ("html", "body") and _BODY_HINT.search(_classes(el))]
    candidates = [el for el in candidates if _text_len(el) >= 20]
    if candidates:
        return max(candidates, key=_score)
    # No container we know: the element whose own paragraphs hold the most text.
    best, best_len = soup.body or soup, 0
    for el in soup.find_all(["div", "td", "article", "section", "main"]):
        own = sum(_text_len(p) for p in el.find_all(["p", "br"], recursive=False)) + sum(
            len(s.strip()) for s in el.find_all(string=True, recursive=False))
        if own > best_len:
            best, best_len = el, own
    return best


def _remove_junk(root: Any) -> None:
    for el in root.find_all(_JUNK_TAGS):
        el.decompose()
    for el in root.find_all(True):
        if getattr(el, "decomposed", False) or el.attrs is None:
            continue
        if _JUNK_HINT.search(_classes(el)):
            el.decompose()
    # Lists of links (related articles, 上一篇/下一篇) and lines that start navigation.
    for el in root.find_all(["ul", "ol", "dl"]):
        if getattr(el, "decomposed", False) or el.attrs is None:
            continue
        text = _text_len(el)
        if text and _link_len(el) >= 0.6 * text:
            el.decompose()
    for el in root.find_all(["p", "div", "li", "span", "a"]):
        if getattr(el, "decomposed", False) or el.attrs is None:
            continue
        if _NAV_TEXT.match(el.get_text()) and _text_len(el) < 80:
            el.decompose()


class _Writer:
    def __init__(self) -> None:
        self.builder = TextBuilder()
        self.runs: Paragraph = []

    def end_line(self) -> None:
        if self.runs:
            self.builder.paragraph(self.runs)
            self.runs = []

    def walk(self, el: Any, bold: bool) -> None:
        from bs4 import NavigableString, Tag
        from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

        for child in el.children:
            if isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString):
                text = re.sub(r"[ \t\r\n\f]+", " ", str(child))
                if text.strip() or (self.runs and text):
                    self.runs.append((text, bold))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name == "br":
                self.end_line()
                continue
            if name == "table":
                self.end_line()
                self.builder.table(_table(child, bold))
                continue
            child_bold = bold or name in _BOLD_TAGS or _bold_attrs(child)
            if name in _BLOCK:
                self.end_line()
                self.walk(child, child_bold)
                self.end_line()
            else:
                self.walk(child, child_bold)


def _bold_attrs(el: Any) -> bool:
    style = str(el.attrs.get("style") or "")
    face = str(el.attrs.get("face") or "")
    return bool(_BOLD_STYLE.search(style)) or "黑体" in face


def _cell_paragraphs(cell: Any, bold: bool) -> list[Paragraph]:
    w = _Writer()
    w.walk(cell, bold or cell.name == "th")
    w.end_line()
    text, spans = w.builder.result()
    # Back from the laid-out text to paragraphs with runs.
    paras: list[Paragraph] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        runs: Paragraph = []
        cuts = sorted({start, end, *(a for a, _ in spans if start < a < end), *(b for _, b in spans if start < b < end)})
        for a, b in zip(cuts, cuts[1:], strict=False):
            runs.append((text[a:b], any(s <= a and b <= e for s, e in spans)))
        paras.append(runs)
    return paras


def _table(table: Any, bold: bool) -> list[list[Cell]]:
    """Rows of cells; ``rowspan`` / ``colspan`` leave ``None`` in the places they cover."""
    rows: list[list[Cell]] = []
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue  # a nested table's row: read as the text of its cell
        row: list[Cell] = []
        col = 0
        for td in tr.find_all(["td", "th"], recursive=False):
            while pending.get(col, 0) > 0:
                row.append(None)
                pending[col] -= 1
                col += 1
            span_rows = _span(td.get("rowspan"))
            span_cols = _span(td.get("colspan"))
            row.append(_cell_paragraphs(td, bold))
            for k in range(span_cols):
                if span_rows > 1:
                    pending[col + k] = span_rows - 1
                if k:
                    row.append(None)
            col += span_cols
        while pending.get(col, 0) > 0:
            row.append(None)
            pending[col] -= 1
            col += 1
        rows.append(row)
    return rows


def _span(value: Any) -> int:
    try:
        return max(1, min(100, int(str(value).strip())))
    except (TypeError, ValueError):
        return 1


@register_reader(".html", ".htm", ".shtml", ".xhtml")
def read_html(path: Path, data: bytes) -> SourceText:
    where = str(path)
    text, encoding = decode_html(data, path=where)
    if "<" not in text:
        raise InputError("E106", "not a web page (no HTML markup)", path=where,
                         fix="name a plain-text notice .txt")
    from bs4 import BeautifulSoup  # imported here: reading .txt does not pay for it

    try:
        soup = BeautifulSoup(text, "lxml")
        title = soup.find("h1") or soup.find("title")
        title_text = " ".join(title.get_text().split()) if title is not None else ""
        _remove_junk(soup)
        body = _find_body(soup)
        writer = _Writer()
        if title_text and title_text.replace(" ", "") not in re.sub(r"\s+", "", body.get_text()):
            writer.builder.paragraph([(title_text, False)])
        writer.walk(body, False)
        writer.end_line()
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - a parser on untrusted bytes
        raise InputError("E106", f"unreadable web page ({type(exc).__name__}: {' '.join(str(exc).split())[:120]})",
                         path=where, fix="save the page again (the HTML file of the page, not a web archive)") from None
    out, bold = writer.builder.result()
    if not out.strip():
        raise InputError("E102", "the web page has no text", path=where,
                         fix="save the page after it has loaded (some sites fill the article in with script)")
    return SourceText(path=where, text=out, encoding=encoding, sha256=hashlib.sha256(data).hexdigest(), bold=bold)
