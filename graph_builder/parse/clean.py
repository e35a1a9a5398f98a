"""Clean converted notice text by *deleting* characters, keeping a map back to the source.

Conversions from PDF, Word, web pages and Markdown leave artefacts in the text:
page numbers inside sentences (``—4—``, ``- 2 -``), spaces where a PDF line was
broken inside a name (``区 科技局``), Markdown markup (``**bold**``, ``#``,
``---``, list markers).  The cleaner removes them without ever changing or
inserting a character, so that for every clean position ``i``::

    clean.text[i] == clean.source[clean.offsets[i]]

That invariant is what makes every record traceable to the exact characters of
the notice (and it is property-tested).  Bold markup is not thrown away: it
carries meaning under a "黑体为主办单位" convention, so the cleaner records
which source characters were bold.

>>> c = clean("承办单位:**区工业和信息化局、**区 科技局 —4—\\n")
>>> c.text
'承办单位:区工业和信息化局、区科技局\\n'
>>> c.is_bold(c.text.index("工业"), c.text.index("科技"))
True
>>> c.is_bold(c.text.index("科技"), len(c.text) - 1)
False
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from graph_builder.parse.records import Span, Unparsed

__all__ = ["CleanText", "clean", "is_cjk"]


def is_cjk(ch: str) -> bool:
    """True for Han characters and the full-width / CJK punctuation used around them."""
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x3000 <= o <= 0x303F
        or 0xFF00 <= o <= 0xFFEF
        or 0x2010 <= o <= 0x2027
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x2FFFF
    )


# A page number at the end of a PDF page, as it lands inside a sentence or on a line of its own:
# "—4—", "- 2 -", "－ 12 －"; the leading dash is sometimes OCR'd as the Han numeral 一 ("宁一2—").
_DASH = "—–－\\-―"
_PAGE_INLINE = re.compile(rf"[ \t]*[{_DASH}一][ \t]?\d{{1,3}}[ \t]?[{_DASH}][ \t]*(?=\r?\n|\Z)")
_PAGE_LINE = re.compile(rf"^[ \t]*(?:[{_DASH}][ \t]*\d{{1,3}}[ \t]*[{_DASH}]|第[ \t]*\d{{1,3}}[ \t]*页(?:[ \t]*[,，/]?[ \t]*共[ \t]*\d+[ \t]*页)?)[ \t]*$",
                        re.M)
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.M)
_MD_RULE = re.compile(r"^[ \t]*(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|(?:=[ \t]*){3,})$", re.M)
_MD_LIST = re.compile(r"^[ \t]*(?:[-*+•·▪●][ \t]+)(?=\S)", re.M)
_MD_QUOTE = re.compile(r"^[ \t]*>[ \t]?", re.M)
_MD_BOLD = re.compile(r"\*\*|__")
_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\((?:[^)\n]*)\)")
_MD_ESCAPE = re.compile(r"\\(?=[.、\-*_#()\[\]])")
_HSPACE = re.compile(r"[ \t\u3000\u00a0\u2002\u2003\u200b]+")

# A bold run longer than this is almost certainly two unrelated markers paired by mistake;
# one shorter than _SHORT_BOLD may cross a paragraph break (a page break inside a list of names).
_MAX_BOLD = 400
_SHORT_BOLD = 80
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# Bold never runs from one numbered item into the next.
_NEW_ITEM = re.compile(r"\n[ \t]*(?:[-*+][ \t]+)?\d{1,3}[.．、]")


@dataclass(slots=True)
class CleanText:
    """The cleaned text, its map to the source, and what was set aside."""

    source: str
    text: str
    offsets: list[int]  # offsets[i] = source index of text[i]
    bold_source: list[tuple[int, int]] = field(default_factory=list)  # bold ranges, source coordinates
    removed: list[Unparsed] = field(default_factory=list)  # page numbers etc.
    notes: list[str] = field(default_factory=list)  # problems met while cleaning (unpaired markup …)
    _bold_starts: list[int] = field(default_factory=list)

    def span(self, start: int, end: int) -> Span:
        """Source span of the clean range ``[start, end)`` (from its first to its last kept character)."""
        if end <= start:
            pos = self.offsets[start] if start < len(self.offsets) else len(self.source)
            return Span(pos, pos)
        return Span(self.offsets[start], self.offsets[end - 1] + 1)

    def quote(self, span: Span) -> str:
        return self.source[span.start : span.end]

    def view(self, start: int, end: int) -> CleanText:
        """The clean range ``[start, end)`` with line breaks and the indentation around them removed.

        A task or a field broken over several lines (or pages) reads as one line in
        the view; offsets still point into the same source.

        >>> c = clean("牵头领导:张\\n  锐。"); v = c.view(0, len(c.text))
        >>> v.text, v.quote(v.span(5, 7))
        ('牵头领导:张锐。', '张\\n  锐')
        """
        parts: list[str] = []
        offsets: list[int] = []
        text = self.text
        line_start = start
        while line_start < end:
            nl = text.find("\n", line_start, end)
            line_end = end if nl < 0 else nl
            a, b = line_start, line_end
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a < b:
                parts.append(text[a:b])
                offsets.extend(self.offsets[a:b])
            line_start = line_end + 1
        return CleanText(source=self.source, text="".join(parts), offsets=offsets, bold_source=self.bold_source)

    def is_bold(self, start: int, end: int) -> bool:
        """True when most non-punctuation characters of the clean range are bold in the source."""
        if not self.bold_source:  # most notices: no bold at all
            return False
        if not self._bold_starts:
            self._bold_starts = [s for s, _ in self.bold_source]
        chars = bold = 0
        for i in range(start, end):
            if self.text[i] in _SEPARATORS:
                continue
            chars += 1
            pos = self.offsets[i]
            k = bisect.bisect_right(self._bold_starts, pos) - 1  # the last bold range starting at pos or before
            if k >= 0 and pos < self.bold_source[k][1]:
                bold += 1
        return chars > 0 and bold * 2 > chars


_SEPARATORS = frozenset("、，,；;。.：: \t\n\u3000（）()")  # not counted by CleanText.is_bold


def clean(source: str, *, bold: list[tuple[int, int]] | None = None) -> CleanText:
    """Clean ``source``; ``bold`` adds bold ranges the reader already knows (source coordinates)."""
    n = len(source)
    keep = bytearray(b"\x01") * n
    removed: list[Unparsed] = []
    notes: list[str] = []

    def drop(start: int, end: int) -> None:
        keep[start:end] = b"\x00" * (end - start)

    # Keep offsets exact: drop the \r of every CRLF instead of rewriting the text.
    for m in re.finditer(r"\r(?=\n)", source):
        drop(m.start(), m.end())

    for rx in (_PAGE_LINE, _PAGE_INLINE):
        for m in rx.finditer(source):
            if not any(keep[m.start() : m.end()]):
                continue
            drop(m.start(), m.end())
            text = m.group().strip()
            if text:
                removed.append(Unparsed("page-number", text, Span(m.start(), m.end())))

    for m in _MD_RULE.finditer(source):
        drop(m.start(), m.end())
    for rx in (_MD_HEADING, _MD_LIST, _MD_QUOTE, _MD_ESCAPE, _MD_IMAGE):
        for m in rx.finditer(source):
            drop(m.start(), m.end())
    for m in _MD_LINK.finditer(source):
        drop(m.start(), m.start(1))
        drop(m.end(1), m.end())

    bold_ranges: list[tuple[int, int]] = list(bold or [])
    markers = [m for m in _MD_BOLD.finditer(source) if keep[m.start()]]
    for m in markers:
        drop(m.start(), m.end())
    # Pair markers greedily: a marker closes the open one unless they are too far apart or a
    # paragraph break lies between them (then the open one was stray).  One stray marker thus
    # costs one pairing, not every pairing after it.
    opening: re.Match[str] | None = None
    for m in markers:
        if opening is None:
            opening = m
            continue
        gap = source[opening.end() : m.start()]
        if len(gap) <= _MAX_BOLD and not _NEW_ITEM.search(gap) and (
            len(gap) <= _SHORT_BOLD or not _PARAGRAPH_BREAK.search(gap)
        ):
            bold_ranges.append((opening.end(), m.start()))
            opening = None
        else:
            notes.append(f"unpaired bold marker '{opening.group()}' at character {opening.start()}: ignored")
            opening = m
    if opening is not None:
        notes.append(f"unpaired bold marker '{opening.group()}' at character {opening.start()}: ignored")

    # Horizontal white space inside a line next to Han text is a conversion artefact
    # ("区 科技局", "通    知", "投资 140 亿元"); so is trailing white space.  Leading
    # white space is kept: tab-indented cells of annex tables start with it.
    for m in _HSPACE.finditer(source):
        start, end = m.start(), m.end()
        line_start = source.rfind("\n", 0, start) + 1
        if not any(keep[line_start:start]):
            continue  # leading indentation
        before = _prev_kept(source, keep, start)
        after = _next_kept(source, keep, end)
        if after is None or after == "\n" or before is None or is_cjk(before) or is_cjk(after):
            drop(start, end)

    # Runs of kept characters, sliced whole: much faster than one character at a time.
    parts: list[str] = []
    offsets: list[int] = []
    pos = keep.find(1)
    while pos >= 0:
        stop = keep.find(0, pos)
        if stop < 0:
            stop = n
        parts.append(source[pos:stop])
        offsets.extend(range(pos, stop))
        pos = keep.find(1, stop)
    text = "".join(parts)
    bold_ranges.sort()
    return CleanText(source=source, text=text, offsets=offsets, bold_source=bold_ranges, removed=removed, notes=notes)


def _prev_kept(source: str, keep: bytearray, pos: int) -> str | None:
    i = pos - 1
    while i >= 0 and not keep[i]:
        i -= 1
    return source[i] if i >= 0 else None


def _next_kept(source: str, keep: bytearray, pos: int) -> str | None:
    i = pos
    while i < len(source) and not keep[i]:
        i += 1
    return source[i] if i < len(source) else None
