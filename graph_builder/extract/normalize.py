"""Normalise notice text for matching while keeping a map back to the original characters.

PDF and web text carries artefacts that break patterns: spaces inside words
(``投资 140 亿元``), page numbers (``—4—`` on a line of its own, sometimes glued to
the text as ``宁一2—``), subscripts written as ``PM_{2.5}``, full-width digits.
:func:`normalize` removes them and records, for every character it keeps, the
index of the original character it came from, so matches on the normalised text
are reported at their original offsets.

Examples
--------
>>> n = normalize("投资 140 亿元的宁一2—\\n\\n德时代")
>>> n.text
'投资140亿元的宁德时代'
>>> n.span(2, 7), n.original[n.span(2, 7)[0]:n.span(2, 7)[1]]
((3, 9), '140 亿元')
>>> normalize("PM_{2.5} 平均浓度").text
'PM2.5平均浓度'
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

__all__ = ["NormText", "normalize"]

# A page number: —4—, -4-, or 一2— glued to a word (the first dash misread as 一), then a line break.
_PAGE_NUMBER = re.compile(r"[ \t]*[—一\-－–][ \t]*\d{1,3}[ \t]*[—\-－–][ \t]*(?=\r?\n)")
_SENTENCE_END = set("。；;：:)）")
_ITEM_START = re.compile(r"[-•]?\s*\d{1,3}\s*[、.．](?!\d)")
_SUBSCRIPT = re.compile(r"_\{([^{}\n]{1,8})\}")
_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH.update({"％": "%", "．": ".", "／": "/", "＋": "+", "\u00a0": " "})
# A character normalize() does not copy as it is: white space (``\s`` is ``str.isspace``) or a full-width form.
_SPECIAL = re.compile(r"[\s" + "".join(re.escape(c) for c in _FULLWIDTH) + "]")


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@dataclass(frozen=True, slots=True)
class NormText:
    """Normalised ``text`` and, per character, the index of its source character in ``original``.

    ``offset`` is where ``original`` starts in the caller's text: the matchers add it to the offsets
    of the records they make (not to what :meth:`span` returns, which indexes ``original``).
    """

    original: str
    text: str
    index: tuple[int, ...]
    offset: int = 0

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map ``[start, end)`` of :attr:`text` to the covering range of :attr:`original`."""
        if end <= start:
            pos = self.index[start] if start < len(self.index) else len(self.original)
            return pos, pos
        return self.index[start], self.index[end - 1] + 1


def normalize(text: str, *, offset: int = 0) -> NormText:
    """Return the normalised form of ``text`` with its offset map (see the module docstring);
    ``offset`` is stored on the result (see :class:`NormText`)."""
    drop: list[int] = []  # indices of the characters removed: page numbers, subscript braces
    # a page number ends before a line break and a subscript holds "_{": without them, neither pattern matches
    for m in _PAGE_NUMBER.finditer(text) if "\n" in text else ():
        # 一2— glued to a word: only when a CJK character precedes it (宁一2—), else any dash.
        if m.group().lstrip().startswith("一") and not (m.start() > 0 and "\u4e00" <= text[m.start() - 1] <= "\u9fff"):
            continue
        drop.extend(range(m.start(), m.end()))
    for m in _SUBSCRIPT.finditer(text) if "_{" in text else ():
        drop.extend(range(m.start(), m.start(1)))
        drop.append(m.end() - 1)
    drop = sorted(set(drop))
    dropped = bytearray(len(text))
    for i in drop:
        dropped[i] = 1
    chars: list[str] = []  # pieces of the normalised text
    index: list[int] = []
    last = ""  # the last character of the normalised text so far
    n = len(text)
    i = 0
    while i < n:
        # a run of characters kept as they are (no space, no full-width form, not removed) is copied whole
        special = _SPECIAL.search(text, i)
        k = special.start() if special is not None else n
        if drop:
            d = bisect.bisect_left(drop, i)
            if d < len(drop) and drop[d] < k:
                k = drop[d]
        if k > i:
            chars.append(text[i:k])
            index.extend(range(i, k))
            last = text[k - 1]
            i = k
            continue
        if dropped[i]:
            i += 1
            continue
        ch = text[i]
        ch = _FULLWIDTH.get(ch, ch)
        if ch.isspace():
            j = i
            while j < n and (text[j].isspace() or dropped[j]):
                j += 1
            prev = last
            nxt = _FULLWIDTH.get(text[j], text[j]) if j < n else ""
            if prev and nxt and _is_ascii_alnum(prev) and _is_ascii_alnum(nxt):
                chars.append(" ")
                index.append(i)
                last = " "
            elif last and "\n" in text[i:j] and (prev in _SENTENCE_END or _ITEM_START.match(text, j)):
                chars.append("\n")  # a line break that ends a sentence or starts a numbered item is kept
                index.append(i)
                last = "\n"
            i = j
            continue
        chars.append(ch)
        index.append(i)
        last = ch
        i += 1
    return NormText(text, "".join(chars), tuple(index), offset)
