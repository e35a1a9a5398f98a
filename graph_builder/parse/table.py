"""Annex tables (e.g. the 民生实事 table): text exports of Word tables → projects.

Two text shapes are read:

* one cell per line, each cell starting with a tab; lines without the tab continue
  the cell above (a cell with several units), blank lines are ignored; the header
  row gives the number of columns;
* Markdown pipe tables (``| 序号 | 项目名称 | … |``), ``<br>`` separating lines in a cell.

In both, a blank cell continues the cell above *within the same project* (row
group), and ``——`` means "none".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph_builder.errors import Warnings
from graph_builder.parse.clean import CleanText
from graph_builder.parse.fields import NameToken, split_names
from graph_builder.parse.records import LeaderRef, ParseWarning, Project, ProjectItem, Role, UnitRef

__all__ = ["Cell", "Table", "read_tab_table", "read_pipe_table", "table_to_projects", "is_header_cell"]

Line = tuple[int, int]  # clean-text range of one line, without its newline

_HEADER_WORDS = re.compile(r"^(?:序号|编号|项目名称|名称|项目|项目内容.*|工作目标|.*领导|主办单位|牵头单位|承办单位|协办单位|配合单位|责任单位|备注)$")
_ROW_START = re.compile(r"^\s*(?:\d{1,3}\s*)?$")
_NONE = re.compile(r"^\s*(?:——|—|－|-|无|/)\s*$")
_ITEM_NUMBER = re.compile(r"^[（(]\s*(\d{1,3})\s*[)）]")


@dataclass(slots=True)
class Cell:
    parts: list[tuple[int, int]]  # clean ranges of the cell's lines

    def text(self, c: CleanText, sep: str = "\n") -> str:
        return sep.join(c.text[a:b].strip() for a, b in self.parts if c.text[a:b].strip())

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


@dataclass(slots=True)
class Table:
    header: list[str]
    rows: list[list[Cell]]
    start: int  # clean range of the whole table
    end: int


def is_header_cell(text: str) -> bool:
    return bool(_HEADER_WORDS.match(text.strip()))


def read_tab_table(c: CleanText, lines: list[Line], i: int, *, stop: re.Pattern[str]) -> tuple[Table, int]:
    """Read a tab-separated table whose header row starts at ``lines[i]``; return it and the next line index.

    ``stop`` matches lines that end the table (closing lines, the next annex).
    """
    text = c.text
    header: list[str] = []
    start = lines[i][0]
    while i < len(lines) and text[lines[i][0] : lines[i][1]].startswith("\t") and text[lines[i][0] : lines[i][1]].strip():
        header.append(text[lines[i][0] : lines[i][1]].strip())
        i += 1
    width = len(header)
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    end = lines[i - 1][1]
    while i < len(lines):
        a, b = lines[i]
        content = text[a:b]
        stripped = content.strip()
        if content.startswith("\t"):
            if len(row) == width:
                rows.append(row)
                row = []
            if not row and not _ROW_START.match(stripped):
                break  # not a row: the table has ended ("\t抄送：…")
            lead = len(content) - len(content.lstrip())
            row.append(Cell([(a + lead, b)]))
            end = b
        elif stripped:
            if stop.match(stripped) or not row:
                break
            row[-1].parts.append((a + (len(content) - len(content.lstrip())), b))
            end = b
        i += 1
    if row:
        rows.append(row)
    return Table(header, rows, start, end), i


_PIPE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")


def read_pipe_table(c: CleanText, lines: list[Line], i: int) -> tuple[Table, int]:
    """Read a Markdown pipe table whose header row is ``lines[i]``."""
    text = c.text

    def cells(a: int, b: int) -> list[Cell]:
        out: list[Cell] = []
        row = text[a:b]
        lead = len(row) - len(row.lstrip())
        pos = a + lead + (1 if row.lstrip().startswith("|") else 0)
        stop = b - (len(row) - len(row.rstrip()))
        if text[stop - 1 : stop] == "|":
            stop -= 1
        while pos <= stop:
            bar = text.find("|", pos, stop)
            cell_end = stop if bar < 0 else bar
            parts: list[tuple[int, int]] = []
            seg = pos
            for m in re.finditer(r"<br\s*/?>", text[pos:cell_end]):
                parts.append((seg, pos + m.start()))
                seg = pos + m.end()
            parts.append((seg, cell_end))
            out.append(Cell(parts))
            if bar < 0:
                break
            pos = bar + 1
        return out

    a, b = lines[i]
    header = [cell.text(c) for cell in cells(a, b)]
    start = a
    i += 1
    rows: list[list[Cell]] = []
    end = b
    while i < len(lines):
        a, b = lines[i]
        row_text = text[a:b].strip()
        if not row_text.startswith("|"):
            if row_text:
                break
            i += 1
            continue
        if not _PIPE_SEPARATOR.match(row_text):
            rows.append(cells(a, b))
        end = b
        i += 1
    return Table(header, rows, start, end), i


def _column(header: list[str], *patterns: str) -> int | None:
    for k, name in enumerate(header):
        if any(re.search(p, name) for p in patterns):
            return k
    return None


def table_to_projects(c: CleanText, table: Table, *, annex: str) -> tuple[list[Project], list[ParseWarning]]:
    """Group table rows into projects: a row with a number starts a project, a row without continues it."""
    h = table.header
    col_num = _column(h, r"序号|编号")
    col_name = _column(h, r"项目名称|^名称$|^项目$")
    col_content = _column(h, r"内容|目标|任务")
    col_leader = _column(h, r"领导")
    col_host = _column(h, r"主办|牵头|承办|责任单位")
    col_assist = _column(h, r"协办|配合")
    warnings: list[ParseWarning] = []
    projects: list[Project] = []
    current: Project | None = None
    previous: dict[str, tuple[list[NameToken], bool]] = {}

    def cell(row: list[Cell], k: int | None) -> Cell | None:
        return row[k] if k is not None and k < len(row) else None

    for row in table.rows:
        if len(row) != len(h):
            warnings.append(ParseWarning(Warnings.TABLE_SHAPE,
                                         f"annex table row has {len(row)} cells, the header has {len(h)}",
                                         c.span(row[0].start, row[-1].end)))
        num_cell, name_cell = cell(row, col_num), cell(row, col_name)
        num_text = num_cell.text(c) if num_cell else ""
        if num_text.isdigit() or current is None:
            name = name_cell.text(c, sep="") if name_cell else ""
            span = c.span(row[0].start, row[-1].end)
            current = Project(number=int(num_text) if num_text.isdigit() else len(projects) + 1,
                              name=name, annex=annex, span=span)
            projects.append(current)
            previous = {}
            if not num_text.isdigit():
                warnings.append(ParseWarning(Warnings.TABLE_SHAPE, "annex table row without a project number "
                                             "starts the table: numbered by position", span))
        else:
            current.span = type(current.span)(current.span.start, c.span(row[0].start, row[-1].end).end)
        content_cell = cell(row, col_content)
        content = content_cell.text(c, sep="") if content_cell else ""
        m = _ITEM_NUMBER.match(content)
        item = ProjectItem(number=f"({m.group(1)})" if m else None, content=content,
                           span=c.span(row[0].start, row[-1].end))
        for key, k, leaders in (("leader", col_leader, True), ("host", col_host, False),
                                ("assist", col_assist, False)):
            tokens = _cell_names(c, cell(row, k), leaders=leaders)
            if tokens is None:  # blank: continue the cell above within this project
                tokens = previous.get(key, ([], False))[0]
            previous[key] = (tokens, True)
            if leaders:
                item.leaders = [LeaderRef(t.name, t.collective, n, c.span(t.start, t.end),
                                          c.quote(c.span(t.start, t.end))) for n, t in enumerate(tokens, 1)]
            else:
                role = Role.PRIMARY if key == "host" else Role.ASSISTING
                label = h[k] if k is not None else key
                item.units.extend(
                    UnitRef(t.name, role, len(item.units) + n, t.collective, c.span(t.start, t.end),
                            c.quote(c.span(t.start, t.end)), label)
                    for n, t in enumerate(tokens, 1)
                )
        current.items.append(item)
    return projects, warnings


def _cell_names(c: CleanText, cell: Cell | None, *, leaders: bool) -> list[NameToken] | None:
    """Names in a cell; ``None`` for a blank cell (which continues the one above), ``[]`` for ——."""
    if cell is None:
        return []
    text = cell.text(c)
    if not text:
        return None
    if _NONE.match(text):
        return []
    tokens: list[NameToken] = []
    for a, b in cell.parts:
        tokens.extend(split_names(c, a, b, leaders=leaders))
    return tokens
