"""Lay out what a document reader found (paragraphs with bold runs, tables) as the text the parser reads.

Every reader of a structured format (DOCX, PDF, HTML) builds its output with a
:class:`TextBuilder`, so that all formats give the same shapes:

* one paragraph per line, a blank line between blocks that the source separates;
* bold runs as ``(start, end)`` character ranges of the text (never as markup);
* tables in the layout of :mod:`graph_builder.parse.table`: one cell per line,
  each cell starting with a tab, the further lines of a multi-line cell without
  the tab, the header row first, a blank line after each row; a cell covered by a vertical merge is a blank
  cell (``"\\t"``), which the parser reads as "continues the cell above".

>>> b = TextBuilder()
>>> b.paragraph([("承办单位：", False), ("县财政局", True), ("、县税务局", False)])
>>> b.table([[[[("序号", False)]], [[("项目名称", False)]], [[("主办单位", False)]]],
...          [[[("1", False)]], [[("助学工程", False)]], [[("县教育局", True)], [("各镇街", False)]]],
...          [None, None, None]])
>>> text, bold = b.result()
>>> print(text.replace("\\t", "→").rstrip("\\n"))
承办单位：县财政局、县税务局
<BLANKLINE>
→序号
→项目名称
→主办单位
<BLANKLINE>
→1
→助学工程
→县教育局
各镇街
<BLANKLINE>
→
→
→
>>> [text[a:b] for a, b in bold]
['县财政局', '县教育局']
"""

from __future__ import annotations

import re

__all__ = ["Run", "Paragraph", "Cell", "TextBuilder"]

Run = tuple[str, bool]  # text, bold
Paragraph = list[Run]
Cell = list[Paragraph] | None  # None: covered by a merged cell above (or beside)

_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\u2028\u2029\x85]")


class TextBuilder:
    """Accumulates text and bold ranges; see the module docstring."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._bold: list[tuple[int, int]] = []

    def _write(self, text: str, bold: bool = False) -> None:
        if not text:
            return
        if bold and text.strip():
            start = self._length
            if self._bold and self._bold[-1][1] == start:
                start = self._bold.pop()[0]  # adjacent bold runs form one range
            self._bold.append((start, self._length + len(text)))
        self._parts.append(text)
        self._length += len(text)

    def _ends_with_newline(self) -> bool:
        return not self._parts or self._parts[-1].endswith("\n")

    def _runs(self, runs: Paragraph, *, strip: bool = True) -> None:
        """Write runs, line breaks inside them normalised to ``\\n``; leading/trailing white space stripped."""
        runs = [(_LINE_BREAKS.sub("\n", t).replace("\t", " "), b) for t, b in runs if t]
        if strip:
            while runs and not runs[0][0].lstrip():
                runs.pop(0)
            while runs and not runs[-1][0].rstrip():
                runs.pop()
            if runs:
                runs[0] = (runs[0][0].lstrip(), runs[0][1])
                runs[-1] = (runs[-1][0].rstrip(), runs[-1][1])
        for text, bold in runs:
            self._write(text, bold)

    def paragraph(self, runs: Paragraph) -> None:
        """One paragraph on a line of its own (nothing is written for an empty paragraph)."""
        if not "".join(t for t, _ in runs).strip():
            return
        if not self._ends_with_newline():
            self._write("\n")
        self._runs(runs)
        self._write("\n")

    def blank_line(self) -> None:
        if self._parts and not "".join(self._parts[-2:]).endswith("\n\n"):
            self._write("\n" if self._ends_with_newline() else "\n\n")

    def table(self, rows: list[list[Cell]]) -> None:
        """A table as tab-indented cell lines (see the module docstring).

        A table of one row or one column is page layout, not data: its cells are written as paragraphs.
        """
        rows = [row for row in rows if row]
        if not rows:
            return
        width = max(len(row) for row in rows)
        if len(rows) == 1 or width == 1:
            for row in rows:
                for cell in row:
                    for para in cell or []:
                        self.paragraph(para)
            return
        self.blank_line()
        for k, row in enumerate(rows):
            for cell in row + [None] * (width - len(row)):
                paras = [p for p in (cell or []) if "".join(t for t, _ in p).strip()]
                if k == 0:  # header cells must be one line each
                    paras = [[run for p in paras for run in p]] if paras else []
                self._write("\t")
                for n, para in enumerate(paras):
                    if n:
                        self._write("\n")
                    self._runs(_one_line(para) if k == 0 else para)
                self._write("\n")
            self._write("\n")  # a blank line ends each row: the header row is read up to it
        self.blank_line()

    def result(self) -> tuple[str, list[tuple[int, int]]]:
        return "".join(self._parts), list(self._bold)


def _one_line(para: Paragraph) -> Paragraph:
    return [(re.sub(r"\s*\n\s*", "", t), b) for t, b in para]
