"""Text of a notice → :class:`~graph_builder.parse.records.Notice`.

The parser reads the structure the genre shares, not the layout of one file:

* a header (document number, title, issuer, recipients line ending in a colon);
* sections (一、… and （一）… headings) holding numbered tasks (``1.`` ``1、`` ``1．``,
  at a line start or glued after a section heading);
* each task's assignment fields, either inline in parentheses at its end
  (``（牵头领导：A。承办单位：X、Y）``) or on lines of their own (``牵头领导：`` /
  ``承办单位：`` / ``协办单位：``);
* annex tables of projects;
* closing lines (signature, date, 抄送, 印发) and, for web pages, navigation.

Task numbers are accepted only when they continue the sequence (a gap of up to
:data:`MAX_GAP` is reported), so a number that merely starts a wrapped line is
not taken for a task.  A block with its own assignment fields but no number is a
task numbered by its position.  The roles of units follow the rules the notice
itself states (see :func:`_unit_role`).  A notice with no numbered tasks (a work
report page) gives one task per paragraph of each section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph_builder.errors import InputError, Warnings
from graph_builder.parse.clean import CleanText, clean
from graph_builder.parse.fields import (
    FIELD_LABEL,
    INLINE_GROUP_START,
    Convention,
    Field,
    FieldKind,
    convention_positions,
    find_conventions,
    label_role,
    looks_like_person,
    parse_field_group,
)
from graph_builder.parse.records import (
    HeadlineTarget,
    LeaderRef,
    Level,
    Notice,
    ParseWarning,
    Project,
    Role,
    Section,
    Span,
    Task,
    UnitRef,
    Unparsed,
)
from graph_builder.parse.table import read_pipe_table, read_tab_table, table_to_projects

__all__ = ["parse_text", "MAX_GAP"]

MAX_GAP = 3  # largest jump in printed task numbers still taken as the next task

Line = tuple[int, int]

_CN_NUM = "一二三四五六七八九十百零〇"
_SECTION = re.compile(rf"^(?P<num>[{_CN_NUM}]{{1,4}})\s*[、.．]\s*(?P<title>\S.*)$")
_SUBSECTION = re.compile(rf"^[（(]\s*(?P<num>[{_CN_NUM}]{{1,4}})\s*[)）]\s*[、.．]?\s*(?P<title>\S.*)$")
_PART = re.compile(rf"^(?P<num>第[{_CN_NUM}]{{1,3}}(?:部分|章|篇))\s*(?P<title>.*)$")
_TASK_DOT = re.compile(r"^(?P<num>\d{1,3})\s*[.．、](?!\d)\s*")
_TASK_PAREN = re.compile(r"^[（(]\s*(?P<num>\d{1,3})\s*[)）]\s*")
_GLUED_TASK = re.compile(r"(?P<num>\d{1,3})\s*[.．、](?!\d)")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*\d{1,4}\s*号")
_DATE_CN = re.compile(
    rf"(?P<y>\d{{4}}|[〇○零{_CN_NUM}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*月\s*(?P<d>\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*日"
)
_DATE_ISO = re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})")
_SIGNATURE_DATE = re.compile(rf"^(?P<issuer>[\u4e00-\u9fff（）()]*?(?:政府|办公室|委员会|管委会|局)?)\s*{_DATE_CN.pattern}$")
_CLOSING_START = re.compile(r"(?:抄送|抄报|分送|主送.*印发|[（(]?此件(?:公开|依申请公开|不予公开)发布[)）]?|[（(]此件.*[)）]$)")
_NAVIGATION = re.compile(r"^(?:上一篇|下一篇|上一条|下一条|热点推荐|相关阅读|相关新闻|相关文章|相关链接|推荐阅读|责任编辑|【打印|打印本页|关闭窗口|分享到|扫一扫)")
_ANNEX_HEADING = re.compile(r"^附件\s*(?P<num>\d{1,2})?\s*[:：]?\s*$")
_ANNEX_LIST = re.compile(r"^附件\s*[:：]\s*(?P<rest>.+)$")
_SOURCE_LINE = re.compile(r"来源\s*[:：]\s*(?P<site>[\u4e00-\u9fff]+)")
_ISSUER_LIKE = re.compile(r"(?:人民政府|政府办公室|办公室|委员会|管委会|管理委员会|人民政府办公厅|局)$")
_TITLE_END = re.compile(r"(?:通知|意见|方案|决定|办法|通报|函|规划|计划|报告|清单|目标|任务)$")
_HEADLINE = re.compile(r"主要预期目标")
_HEADLINE_TASK = re.compile(r"^(?:全[市县区]|今年|[0-9]{4}年)?(?:经济社会发展)?(?:主要预期目标|地区生产总值)")
_SENTENCE_END = "。！？!?"
_JURISDICTION_PART = re.compile(r".+?(?:自治区|省|自治州|地区|盟|市|自治县|县|旗|区|镇|乡|街道)")
_GOVERNMENT_SUFFIX = re.compile(r"(?:人民政府办公厅|人民政府办公室|人民政府|政府办公室|政府|办公室|管委会|管理委员会|委员会)$")


@dataclass(slots=True)
class _Block:
    """Lines that make up one task (or a candidate task without a number) while reading."""

    stated: int | None
    section: str | None
    text_start: int
    text_end: int
    field_ranges: list[list[int]] = field(default_factory=list)  # [start, end] of separate-line fields

    @property
    def start(self) -> int:
        return self.text_start

    @property
    def end(self) -> int:
        return self.field_ranges[-1][1] if self.field_ranges else self.text_end


@dataclass(slots=True)
class _State:
    c: CleanText
    lines: list[Line]
    has_assist_field: bool
    conventions: list[Convention] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    unparsed: list[Unparsed] = field(default_factory=list)
    preamble: list[tuple[int, int]] = field(default_factory=list)
    intro: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # section index -> ranges
    last_stated: int = 0
    unmarked: list[int] = field(default_factory=list)  # tasks with no bold unit under the bold convention
    task_rx: re.Pattern[str] = _TASK_DOT  # how this notice numbers its tasks


def parse_text(text: str, *, source: str = "<text>", sha256: str = "", encoding: str = "utf-8",
               bold: list[tuple[int, int]] | None = None) -> Notice:
    """Parse the decoded text of one notice.

    Raises :class:`~graph_builder.errors.InputError` (E105) when the text holds no
    task and no section: it is not a notice of this genre.
    """
    c = clean(text, bold=bold)
    lines = _lines(c.text)
    header_end, meta = _header(c, lines)
    nav_start = _navigation_start(c, lines, header_end)
    state = _State(c=c, lines=lines, has_assist_field=bool(re.search(r"(?:协办|配合)(?:单位|部门)\s*[:：]", c.text)))
    body = range(header_end, nav_start)
    # Conventions stated outside tasks (cover letter, notes) hold for the whole notice.
    style = _task_style(c, lines, body)
    numbered = style is not None
    state.task_rx = style or _TASK_DOT
    state.conventions.extend(_notice_conventions(c))
    _read_body(state, body, numbered=numbered)
    if not state.tasks and not state.sections and not state.projects:
        raise InputError("E105", "no task, section or annex table found: not a task-breakdown notice",
                         path=source, fix="check that the file is a notice of this genre (see README, 'Input')")
    if nav_start < len(lines):
        a, b = lines[nav_start][0], lines[-1][1]
        state.unparsed.append(Unparsed("navigation", c.text[a:b].strip(), c.span(a, b)))
    state.unparsed.extend(c.removed)
    for note in c.notes:
        state.warnings.append(ParseWarning(Warnings.FIELD_UNPARSABLE, note))
    _check_numbers(state)
    if state.unmarked:
        state.warnings.append(ParseWarning(
            Warnings.NO_PRIMARY,
            f"the notice marks host units in bold, but in {len(state.unmarked)} tasks none is bold: their "
            f"units are left 'responsible' (tasks {_ranges(state.unmarked)})"))
    notice = Notice(
        source=source,
        sha256=sha256,
        encoding=encoding,
        title=meta.get("title"),
        doc_number=meta.get("doc_number"),
        issuer=meta.get("issuer"),
        date=meta.get("date") or _signature_date(c, lines, header_end),
        jurisdiction=None,
        level=Level.UNKNOWN,
        parent_jurisdiction=None,
        recipients=meta.get("recipients"),
        conventions=[cv.text for cv in state.conventions],
        preamble="\n".join(c.view(a, b).text for a, b in state.preamble if c.view(a, b).text),
        sections=state.sections,
        tasks=state.tasks,
        projects=state.projects,
        headline_targets=_headlines(state),
        warnings=state.warnings,
        unparsed=sorted(state.unparsed, key=lambda u: u.span.start),
    )
    notice.jurisdiction, notice.level, notice.parent_jurisdiction = jurisdiction_of(notice.issuer)
    return notice


# --------------------------------------------------------------------------- lines and header


def _lines(text: str) -> list[Line]:
    out: list[Line] = []
    start = 0
    for m in re.finditer("\n", text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def _content(c: CleanText, line: Line) -> str:
    return c.text[line[0] : line[1]].strip()


def _header(c: CleanText, lines: list[Line]) -> tuple[int, dict[str, str]]:
    """Find the header (up to the recipients line); return the index of the first body line and metadata."""
    meta: dict[str, str] = {}
    nonempty = [k for k, ln in enumerate(lines) if _content(c, ln)]
    recipients_at: int | None = None
    for k in nonempty[:40]:
        s = _content(c, lines[k])
        if "。" in s or _SECTION.match(s) or _TASK_DOT.match(s):
            break
        if s.endswith((":", "：")) and len(s) < 300 and re.search(r"各|有关|部门|单位|政府|管委会", s):
            recipients_at = k
            break
    for k in nonempty[:12]:
        m = _DOC_NUMBER.search(_content(c, lines[k]))
        if m:
            meta["doc_number"] = re.sub(r"\s+", "", m.group())
            break
    if recipients_at is not None:
        # The recipients may run over several lines that end in a comma.
        first = recipients_at
        while True:
            prev = [k for k in nonempty if k < first]
            if prev and _content(c, lines[prev[-1]]).endswith(("，", ",", "、")):
                first = prev[-1]
            else:
                break
        meta["recipients"] = "".join(_content(c, lines[k]) for k in nonempty if first <= k <= recipients_at)
        header_lines = [k for k in nonempty if k < first]
        body_start = recipients_at + 1
    else:
        # No recipients line (a web page): the header is the title and its metadata lines.
        header_lines = []
        for k in nonempty:
            s = _content(c, lines[k])
            if len(s) > 80 or "。" in s or _starts_structure(s) or _SUBSECTION.match(s):
                break
            header_lines.append(k)
        body_start = header_lines[-1] + 1 if header_lines else 0
    title_lines = [k for k in header_lines if not _DOC_NUMBER.fullmatch(_content(c, lines[k]))]
    about = next((k for k in title_lines if "关于" in _content(c, lines[k])), None)
    if about is not None:
        parts = [k for k in title_lines if k >= about]
        before = [k for k in title_lines if k < about]
        title = "".join(_content(c, lines[k]) for k in parts)
        if before and _ISSUER_LIKE.search(_content(c, lines[before[-1]])) and not title.startswith(
            _content(c, lines[before[-1]])
        ):
            title = _content(c, lines[before[-1]]) + title
        meta["title"] = title
        issuer = title[: title.index("关于")]
        if issuer:
            meta["issuer"] = issuer
        elif before:
            meta["issuer"] = _content(c, lines[before[-1]])
    elif title_lines:
        meta["title"] = _content(c, lines[title_lines[0]])
    for k in header_lines:
        s = _content(c, lines[k])
        src = _SOURCE_LINE.search(s)
        if src and "issuer" not in meta:
            meta["issuer"] = re.sub(r"(?:门户网站|网站|网)$", "", src.group("site"))
        if "date" not in meta and not _DOC_NUMBER.search(s):
            d = _find_date(s)
            if d:
                meta["date"] = d
    if "issuer" not in meta:
        sig = _signature_issuer(c, lines, body_start)
        if sig:
            meta["issuer"] = sig
    return body_start, meta


def _find_date(s: str) -> str | None:
    m = _DATE_CN.search(s) or _DATE_ISO.search(s)
    if not m:
        return None
    try:
        y, mo, d = _cn_int(m.group("y"), year=True), _cn_int(m.group("m")), _cn_int(m.group("d"))
    except ValueError:
        return None
    if not (1949 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _cn_int(s: str, *, year: bool = False) -> int:
    """Arabic or Chinese numeral → int ("二〇二三" → 2023 as a year, "十二" → 12)."""
    if s.isdigit():
        return int(s)
    if year:
        return int("".join(str(_CN_DIGIT[ch]) for ch in s))
    if s == "十":
        return 10
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)
    return _CN_DIGIT[s]


def _signature_date(c: CleanText, lines: list[Line], start: int) -> str | None:
    """The date under the signature (a line that is only a date, or issuer + date)."""
    printed: str | None = None
    for ln in lines[start:]:
        s = _content(c, ln)
        if not s or len(s) > 40:
            continue
        if _SIGNATURE_DATE.match(s) and not s.endswith("印发"):
            return _find_date(s)
        if s.endswith("印发") and printed is None:
            printed = _find_date(s)
    return printed


def _signature_issuer(c: CleanText, lines: list[Line], start: int) -> str | None:
    nonempty = [ln for ln in lines[start:] if _content(c, ln)]
    for k, ln in enumerate(nonempty):
        s = _content(c, ln)
        m = _SIGNATURE_DATE.match(s)
        if m and m.group("issuer"):
            return m.group("issuer")
        if m and k and _ISSUER_LIKE.search(_content(c, nonempty[k - 1])) and len(_content(c, nonempty[k - 1])) < 30:
            return _content(c, nonempty[k - 1])
    return None


def jurisdiction_of(issuer: str | None) -> tuple[str | None, Level, str | None]:
    """Jurisdiction, its level and the parent named in an issuer's name.

    >>> jurisdiction_of("济宁市兖州区人民政府")
    ('兖州区', <Level.DISTRICT: 'district'>, '济宁市')
    >>> jurisdiction_of("嘉祥县人民政府")
    ('嘉祥县', <Level.COUNTY: 'county'>, None)
    >>> jurisdiction_of("济宁市人民政府办公室")
    ('济宁市', <Level.CITY: 'city'>, None)
    """
    if not issuer:
        return None, Level.UNKNOWN, None
    place = _GOVERNMENT_SUFFIX.sub("", issuer)
    parts = _JURISDICTION_PART.findall(place)
    if not parts:
        return None, Level.UNKNOWN, None
    name = parts[-1]
    parent = parts[-2] if len(parts) > 1 else None
    if name.endswith(("省", "自治区")):
        level = Level.PROVINCE
    elif name.endswith(("县", "旗", "自治县")):
        level = Level.COUNTY
    elif name.endswith("区"):
        level = Level.DISTRICT
    elif name.endswith(("镇", "乡", "街道")):
        level = Level.TOWN
    elif name.endswith("市"):
        level = Level.COUNTY if parent and parent.endswith("市") else Level.CITY
    else:
        level = Level.UNKNOWN
    return name, level, parent


def _notice_conventions(c: CleanText) -> list[Convention]:
    """Role conventions stated outside assignment fields (cover letter, notes): they hold notice-wide.

    Those stated inside a task's fields are read with the task (:func:`_assign`).  Only the lines
    where the wording of one occurs are read (it never runs over a line break), in their order.
    """
    text = c.text
    stating = sorted({(text.rfind("\n", 0, pos) + 1, _line_end(text, pos)) for pos in convention_positions(text)})
    out: list[Convention] = []
    for a, b in stating:
        found = find_conventions(c, a, b, scope="notice")
        for cv in found:
            if not FIELD_LABEL.search(c.text, a, cv.start):
                out.append(cv)
    return out


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _navigation_start(c: CleanText, lines: list[Line], start: int) -> int:
    for k in range(start, len(lines)):
        if _NAVIGATION.match(_content(c, lines[k])):
            return k
    return len(lines)


# --------------------------------------------------------------------------- body


def _task_style(c: CleanText, lines: list[Line], body: range) -> re.Pattern[str] | None:
    """The numbering of the notice's tasks: ``1.`` / ``1、`` / ``1．`` or ``（1）``, whichever runs
    longer in sequence over the body (at least 1, 2); ``None`` when neither does (a report page)."""
    best: tuple[int, re.Pattern[str] | None] = (2, None)
    contents = [_content(c, lines[k]) for k in body]
    for rx in (_TASK_DOT, _TASK_PAREN):
        expected = 1
        for s in contents:
            m = rx.match(s)
            if m is None:
                sm = _SECTION.match(s) if rx is _TASK_DOT else None
                g = _GLUED_TASK.search(sm.group("title")) if sm else None
                if g and int(g.group("num")) == expected:
                    expected += 1
                continue
            n = int(m.group("num"))
            if expected <= n <= expected + MAX_GAP - 1 or (n == 1 and expected > 1):
                expected = n + 1
        if expected > best[0]:
            best = (expected, rx)
    return best[1]


def _read_body(st: _State, body: range, *, numbered: bool) -> None:
    c, lines = st.c, st.lines
    block: _Block | None = None
    section: str | None = None
    annex: str | None = None
    in_fields = False  # the current block's separate-line fields have started
    paragraph: list[int] | None = None  # paragraph mode: [start, end] of the paragraph being read
    after_annex_list = False
    in_closing = False  # after 抄送: the list of copied bodies may run over several lines

    def close() -> None:
        nonlocal block, in_fields, paragraph
        if block is not None:
            _finish_block(st, block)
        block, in_fields = None, False
        if paragraph is not None:
            _finish_paragraph(st, paragraph, section)
            paragraph = None

    k = body.start
    while k < body.stop:
        a, b = lines[k]
        raw = c.text[a:b]
        s = raw.strip()
        if not s:
            k += 1
            continue
        # Annex tables: a header row of tab-indented cells or a Markdown pipe table.
        if raw.startswith("\t") and _is_table_header(c, lines, k):
            close()
            table, k = read_tab_table(c, lines, k, stop=_TABLE_STOP)
            projects, warnings = table_to_projects(c, table, annex=annex or "")
            _add_projects(st, projects, warnings)
            continue
        if s.startswith("|") and s.count("|") >= 3 and re.search(r"序号|项目", s):
            close()
            table, k = read_pipe_table(c, lines, k)
            projects, warnings = table_to_projects(c, table, annex=annex or "")
            _add_projects(st, projects, warnings)
            continue
        if _is_closing(s) or (_SIGNATURE_DATE.match(s) and len(s) < 40) or _is_signature(c, lines, k, body):
            close()
            in_closing = in_closing or s.startswith(("抄送", "抄报", "分送"))
            k += 1
            continue
        if in_closing and not _starts_structure(s) and not _ANNEX_HEADING.match(s):
            k += 1
            continue
        in_closing = False
        if _ANNEX_HEADING.match(s):
            close()
            nxt = _next_nonempty(c, lines, k + 1, body.stop)
            if nxt is not None and not _starts_structure(_content(c, lines[nxt])):
                annex = _content(c, lines[nxt])
                k = nxt + 1
            else:
                annex = s
                k += 1
            st.last_stated = 0
            continue
        m_list = _ANNEX_LIST.match(s)
        if m_list and block is None:
            st.preamble.append((a, b))
            after_annex_list = True
            k += 1
            continue
        if after_annex_list and re.match(r"^\d{1,2}\s*[.．、]\s*\S", s) and "。" not in s and len(s) < 80:
            st.preamble.append((a, b))
            k += 1
            continue
        after_annex_list = False

        heading = _SECTION.match(s) or _SUBSECTION.match(s) or _PART.match(s)
        if heading and (len(heading.group("title")) <= 80 or _glued_task(heading.group("title"), st)):
            title = heading.group("title")
            glued = _glued_task(title, st) if numbered else None
            if len(title) <= 80 or glued:
                close()
                level = 2 if _SUBSECTION.match(s) else 1
                number = heading.group("num") if level == 1 else f"（{heading.group('num')}）"
                title_end = b if glued is None else a + raw.index(title) + glued.start()
                title_start = a + raw.index(title)
                st.sections.append(Section(number=number, ordinal=len(st.sections) + 1, level=level,
                                           title=c.view(title_start, title_end).text.strip(),
                                           span=c.span(a + raw.index(s), title_end)))
                section = number
                if glued is not None:
                    task_start = title_start + glued.start()
                    block = _Block(int(glued.group("num")), section, task_start, b)
                    st.last_stated = int(glued.group("num"))
                k += 1
                continue
        if numbered:
            m = st.task_rx.match(s)
            if m and _accept_number(int(m.group("num")), st):
                close()
                start = a + raw.index(s)
                block = _Block(int(m.group("num")), section, start, b)
                st.last_stated = int(m.group("num"))
                k += 1
                continue
        fm = FIELD_LABEL.match(s)
        if fm and block is not None and not in_fields and _open_paren(c.text[block.text_start : block.text_end]):
            # "…（—2—\n\n牵头领导：…）": a page break inside an inline group, not a field line.
            block.text_end = b
            k += 1
            continue
        if fm:
            start = a + raw.index(s)
            if block is None:
                if paragraph is not None:
                    block = _Block(None, section, paragraph[0], paragraph[1])
                    paragraph = None
                else:
                    block = _Block(None, section, start, start)
            block.field_ranges.append([start, b])
            in_fields = True
            k += 1
            continue
        if block is not None and in_fields:
            last = block.field_ranges[-1]
            prev_text = c.text[last[0] : last[1]].rstrip()
            if prev_text.endswith(("、", "，", ",", "（", "(")) or s.startswith(("、", "，", ",")):
                last[1] = b  # the field value continues on this line
                k += 1
                continue
            # Text after the fields: a new block that is a task only if fields follow it.
            close()
            block = _Block(None, section, a + raw.index(s), b)
            k += 1
            continue
        if block is not None:
            block.text_end = b
            k += 1
            continue
        # Text outside any task.
        if numbered or not st.sections:
            if st.sections and not _section_has_task(st, section):
                st.intro.setdefault(len(st.sections) - 1, []).append((a, b))
            elif not st.tasks:
                st.preamble.append((a, b))
            else:
                # Body text between tasks: a task only if assignment fields follow it.
                block = _Block(None, section, a + raw.index(s), b)
            k += 1
            continue
        # Paragraph mode (no numbered tasks): each paragraph under a section is a task.
        if paragraph is None:
            paragraph = [a + raw.index(s), b]
        elif _ends_sentence(c.text[paragraph[0] : paragraph[1]]):
            _finish_paragraph(st, paragraph, section)
            paragraph = [a + raw.index(s), b]
        else:
            paragraph[1] = b  # a paragraph broken over lines (PDF)
        k += 1
    close()
    for idx, ranges in st.intro.items():
        st.sections[idx].intro = "\n".join(c.view(x, y).text for x, y in ranges)


_TABLE_STOP = re.compile(r"^(?:抄送|抄报|附件\s*\d*\s*[:：]?$|印发)")


def _is_table_header(c: CleanText, lines: list[Line], k: int) -> bool:
    from graph_builder.parse.table import is_header_cell

    cells = []
    while k < len(lines) and c.text[lines[k][0] : lines[k][1]].startswith("\t") and _content(c, lines[k]):
        cells.append(_content(c, lines[k]))
        k += 1
    return len(cells) >= 3 and sum(is_header_cell(x) for x in cells) >= max(2, len(cells) // 2)


def _next_nonempty(c: CleanText, lines: list[Line], k: int, stop: int) -> int | None:
    while k < stop:
        if _content(c, lines[k]):
            return k
        k += 1
    return None


def _starts_structure(s: str) -> bool:
    return bool(_SECTION.match(s) or _SUBSECTION.match(s) or _TASK_DOT.match(s) or _TASK_PAREN.match(s)
                or FIELD_LABEL.match(s)
                or s.startswith("\t") or _is_closing(s))


def _is_closing(s: str) -> bool:
    """A line of the closing part (抄送 …, 此件公开发布 …) or one ending in 印发; ``s`` is stripped.

    (One regular expression ``…|印发$`` searched, not matched: it tried every position of every line.)
    """
    return bool(_CLOSING_START.match(s)) or s.endswith("印发")


def _is_signature(c: CleanText, lines: list[Line], k: int, body: range) -> bool:
    """An issuer line directly followed by a date line."""
    s = _content(c, lines[k])
    if len(s) > 30 or not _ISSUER_LIKE.search(s):
        return False
    nxt = _next_nonempty(c, lines, k + 1, body.stop)
    return nxt is not None and bool(re.fullmatch(_DATE_CN.pattern + r"\s*(?:印发)?", _content(c, lines[nxt])))


def _glued_task(title: str, st: _State) -> re.Match[str] | None:
    for m in _GLUED_TASK.finditer(title):
        if m.start() > 0 and _accept_number(int(m.group("num")), st) and int(m.group("num")) > st.last_stated:
            return m
    return None


def _accept_number(n: int, st: _State) -> bool:
    last = st.last_stated
    if last == 0:
        return 1 <= n <= MAX_GAP
    return last < n <= last + MAX_GAP or n == last


def _open_paren(text: str) -> bool:
    """True when the text ends inside a parenthesis it opened."""
    depth = 0
    for m in _PAREN.finditer(text):
        if m.group() in "（(":
            depth += 1
        elif depth:
            depth -= 1
    return depth > 0


_PAREN = re.compile(r"[（()）]")


def _section_has_task(st: _State, section: str | None) -> bool:
    return any(t.section == section for t in st.tasks)


def _ends_sentence(text: str) -> bool:
    t = text.rstrip()
    return not t or t[-1] in _SENTENCE_END + "”\"；;：:）)"


def _add_projects(st: _State, projects: list[Project], warnings: list[ParseWarning]) -> None:
    st.projects.extend(projects)  # numbers stay as printed: each annex table has its own numbering
    st.warnings.extend(warnings)


# --------------------------------------------------------------------------- tasks


def _finish_paragraph(st: _State, paragraph: list[int], section: str | None) -> None:
    c = st.c
    v = c.view(paragraph[0], paragraph[1])
    if not v.text:
        return
    if section is None:
        st.preamble.append((paragraph[0], paragraph[1]))
        return
    st.tasks.append(Task(number=len(st.tasks) + 1, stated_number=None, section=section, text=v.text,
                         span=c.span(paragraph[0], paragraph[1])))


def _finish_block(st: _State, block: _Block) -> None:
    """Turn a block into one task or more (a block can hold a task without a number after a numbered one)."""
    c = st.c
    v = c.view(block.text_start, block.text_end)
    text = v.text
    separate = [c.view(fs, fe) for fs, fe in block.field_ranges]
    # Split the text at inline field groups: [text (fields)] [text (fields)] … [rest].
    segments: list[tuple[int, int, int]] = []  # text start, group start, group end
    pos = 0
    for m in INLINE_GROUP_START.finditer(text):
        if m.start() < pos:
            continue
        close = _matching_paren(text, m.start())
        segments.append((pos, m.start(), close))
        pos = close
    number = st.task_rx.match(text) if block.stated is not None else None
    body_start = number.end() if number else 0

    if not segments:
        if block.stated is None and not separate:
            # Text that belongs to no task: report it, never drop it.
            if text:
                st.unparsed.append(Unparsed("body", text, v.span(0, len(text))))
                st.warnings.append(ParseWarning(Warnings.UNPARSED_TEXT, f"text outside any task: {text[:30]}…",
                                                v.span(0, len(text))))
            return
        spans = ([v.span(0, len(text))] if text else []) + [fv.span(0, len(fv.text)) for fv in separate]
        span = Span(min(x.start for x in spans), max(x.end for x in spans))
        _add_task(st, block.stated, block.section, text[body_start:], span, _fields_in(st, separate))
        return

    for idx, (ts, gs, ge) in enumerate(segments):
        inner_end = ge - 1 if text[ge - 1 : ge] in ")）" else ge
        fields, stray = parse_field_group(v, gs + 1, inner_end)
        _report_stray(st, v, stray)
        lead = ts + len(text[ts:gs]) - len(text[ts:gs].lstrip())
        stated, start = (block.stated, body_start) if idx == 0 else (None, lead)
        if idx > 0:
            # A second group in one block: a task whose number is missing, or a numbered one
            # glued on the same line ("…）2.持续…").
            num = st.task_rx.match(text[lead:gs])
            if num and _accept_number(int(num.group("num")), st):
                stated = st.last_stated = int(num.group("num"))
                start = lead + num.end()
        span = v.span(0 if idx == 0 else lead, ge)
        _add_task(st, stated, block.section, text[start:gs], span, [(f, v) for f in fields])
    if separate:
        st.warnings.append(ParseWarning(Warnings.FIELD_UNKNOWN, "a task has both inline and separate-line "
                                        "fields; the separate ones were added to it",
                                        c.span(block.field_ranges[0][0], block.field_ranges[-1][1])))
        _assign(st, st.tasks[-1], _fields_in(st, separate))
    rest = text[pos:].strip("。.；; ")
    if rest:
        rs = pos + (len(text[pos:]) - len(text[pos:].lstrip("。.；; ")))
        st.unparsed.append(Unparsed("body", rest, v.span(rs, len(text))))
        st.warnings.append(ParseWarning(Warnings.UNPARSED_TEXT,
                                        f"text after the assignment fields of task {st.tasks[-1].number} "
                                        f"went into no task: {rest[:30]}…", v.span(rs, len(text))))


def _fields_in(st: _State, views: list[CleanText]) -> list[tuple[Field, CleanText]]:
    """The fields of separate-line field views, each with the view its offsets refer to."""
    pairs: list[tuple[Field, CleanText]] = []
    for fv in views:
        got, stray = parse_field_group(fv, 0, len(fv.text))
        _report_stray(st, fv, stray)
        pairs.extend((f, fv) for f in got)
    return pairs


def _report_stray(st: _State, v: CleanText, stray: list[tuple[int, int]]) -> None:
    for a, b in stray:
        text = v.text[a:b].strip()
        st.unparsed.append(Unparsed("body", text, v.span(a, b)))
        st.warnings.append(ParseWarning(Warnings.FIELD_UNPARSABLE, f"text in an assignment field before any "
                                        f"label: {text[:30]}", v.span(a, b)))


def _matching_paren(text: str, start: int) -> int:
    """Index just past the parenthesis closing the one at ``start`` (or the end of the text)."""
    depth = 0
    for m in _PAREN.finditer(text, start):
        if m.group() in "（(":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return m.end()
    return len(text)


def _add_task(st: _State, stated: int | None, section: str | None, text: str, span: Span,
              fields: list[tuple[Field, CleanText]]) -> None:
    task = Task(number=len(st.tasks) + 1, stated_number=stated, section=section, text=text.strip(), span=span)
    st.tasks.append(task)
    _assign(st, task, fields)


def _assign(st: _State, task: Task, pairs: list[tuple[Field, CleanText]]) -> None:
    """Add the names of ``pairs`` (each field with the view its offsets refer to) to the task, with roles."""
    # Conventions stated inside this task's fields (e.g. "黑体为主办单位，其他为协办单位，下同").
    local: list[Convention] = []
    for f, fv in pairs:
        for ns, ne in f.notes:
            found = find_conventions(fv, ns, ne, scope="task")
            for cv in found:
                if cv.scope == "from-here":
                    st.conventions.append(cv)
                else:
                    local.append(cv)
            if not found:
                note = fv.text[ns:ne].strip(" 。")
                st.unparsed.append(Unparsed("body", note, fv.span(ns, ne)))
                st.warnings.append(ParseWarning(Warnings.FIELD_UNPARSABLE, f"task {task.number}: note in the "
                                                f"{f.label} field is not a name list: {note[:30]}",
                                                fv.span(ns, ne)))
    in_force = local or st.conventions
    active = in_force[-1] if in_force else None
    unit_fields = [(f, fv) for f, fv in pairs if f.kind is FieldKind.UNIT]
    # Whether each unit name is bold (leaders: not asked), worked out once: any_bold needs them all.
    bold_names = [[fv.is_bold(t.start, t.end) for t in f.names] if f.kind is FieldKind.UNIT else []
                  for f, fv in pairs]
    any_bold = any(any(bold) for bold in bold_names)
    for (f, fv), bold in zip(pairs, bold_names, strict=True):
        if not f.names and fv.text[f.value_start : f.value_end].strip(" 。，,、"):
            text = fv.text[f.value_start : f.value_end].strip()
            st.warnings.append(ParseWarning(Warnings.FIELD_UNPARSABLE, f"task {task.number}: {f.label} could not "
                                            f"be split into names: {text[:30]}", fv.span(f.value_start, f.value_end)))
        for j, t in enumerate(f.names):
            span = fv.span(t.start, t.end)
            quote = fv.quote(span)
            if f.kind is FieldKind.LEADER:
                task.leaders.append(LeaderRef(t.name, t.collective, len(task.leaders) + 1, span, quote))
                if not t.collective and not looks_like_person(t.name):
                    st.warnings.append(ParseWarning(Warnings.FIELD_UNPARSABLE, f"task {task.number}: leader "
                                                    f"{t.name!r} does not look like a personal name", span))
            else:
                role = _unit_role(f.label, bold=bold[j], any_bold=any_bold,
                                  first=not task.units, convention=active,
                                  has_assist_field=st.has_assist_field)
                task.units.append(UnitRef(t.name, role, len(task.units) + 1, t.collective, span, quote, f.label))
    if active is not None and active.kind == "bold-primary" and task.units and not any_bold and any(
        label_role(f.label) is None for f, _ in unit_fields
    ):
        st.unmarked.append(task.number)


def _unit_role(label: str, *, bold: bool, any_bold: bool, first: bool, convention: Convention | None,
               has_assist_field: bool) -> Role:
    """The role of a listed unit, by the rules the notice states.

    * 牵头/主办 fields → primary; 协办/配合 fields → assisting.
    * 承办/责任 fields: under a stated bold convention, bold → primary and the others
      assisting when the notice says so ("其他为协办单位"), else responsible — and when
      no unit of the task is bold, all stay responsible (no guessing); under "列第一位
      的为牵头单位", the first listed → primary, the others assisting; in a notice
      that has 协办 fields, 承办 → primary; otherwise responsible.
    """
    base = label_role(label)
    if base is not None:
        return base
    if convention is not None and convention.kind == "bold-primary":
        if not any_bold:
            return Role.RESPONSIBLE
        if bold:
            return Role.PRIMARY
        return Role.ASSISTING if convention.rest_assisting else Role.RESPONSIBLE
    if convention is not None and convention.kind == "first-primary":
        return Role.PRIMARY if first else Role.ASSISTING
    if has_assist_field and label.startswith("承办"):
        return Role.PRIMARY
    return Role.RESPONSIBLE


def _check_numbers(st: _State) -> None:
    prev: int | None = None
    for t in st.tasks:
        if t.stated_number is None:
            if any(x.stated_number is not None for x in st.tasks):
                st.warnings.append(ParseWarning(Warnings.UNNUMBERED_TASK, f"a task has no number of its own: "
                                                f"numbered {t.number} by its position", t.span))
            prev = (prev or 0) + 1 if prev is not None else None
            continue
        if prev is not None:
            if t.stated_number == prev:
                st.warnings.append(ParseWarning(Warnings.NUMBER_DUPLICATE, f"task number {t.stated_number} is "
                                                "printed twice", t.span))
            elif t.stated_number > prev + 1:
                missing = ", ".join(str(n) for n in range(prev + 1, t.stated_number))
                st.warnings.append(ParseWarning(Warnings.NUMBER_GAP, f"task numbers jump from {prev} to "
                                                f"{t.stated_number} (missing {missing})", t.span))
            elif t.stated_number < prev:
                st.warnings.append(ParseWarning(Warnings.NUMBER_OUT_OF_ORDER, f"task number {t.stated_number} "
                                                f"follows {prev}", t.span))
        prev = t.stated_number


def _ranges(numbers: list[int]) -> str:
    """
    >>> _ranges([2, 3, 4, 6, 8, 9])
    '2-4, 6, 8-9'
    """
    out: list[str] = []
    start = prev = numbers[0]
    for n in numbers[1:] + [None]:  # type: ignore[list-item]
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(f"{start}-{prev}" if prev != start else str(start))
        if n is not None:
            start = prev = n
    return ", ".join(out)


def _headlines(st: _State) -> list[HeadlineTarget]:
    """Sentences stating 主要预期目标 (each distinct sentence once); else a first task made of them."""
    c = st.c
    out: list[HeadlineTarget] = []
    seen: set[str] = set()
    for m in _HEADLINE.finditer(c.text):
        start = m.start()
        while start > 0 and c.text[start - 1] not in _SENTENCE_END + "\n":
            start -= 1
        end = m.end()
        while end < len(c.text) and c.text[end] not in _SENTENCE_END + "\n":
            end += 1
        if end < len(c.text) and c.text[end] in _SENTENCE_END:
            end += 1
        v = c.view(start, end)
        text = v.text.strip()
        if not re.search(r"\d", text) or text in seen:
            continue
        seen.add(text)
        task = next((t.number for t in st.tasks if t.span.start <= c.offsets[start] < t.span.end), None)
        out.append(HeadlineTarget(text=text, span=c.span(start, end), task=task))
    if not out:
        for t in st.tasks[:3]:
            if _HEADLINE_TASK.match(t.text):
                out.append(HeadlineTarget(text=t.text, span=t.span, task=t.number))
                break
    return out
