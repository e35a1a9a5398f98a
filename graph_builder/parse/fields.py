"""Assignment fields of a task: labels, name lists, collective names and the role conventions a notice states.

Everything here works on :class:`~graph_builder.parse.clean.CleanText` ranges so
that each name keeps the exact source characters it came from.

>>> from graph_builder.parse.clean import clean
>>> c = clean("承办单位:区财政局、区税务局等相关部门,各镇街")
>>> [(n.name, n.collective) for n in split_names(c, 5, len(c.text))]
[('区财政局', False), ('区税务局', False), ('相关部门', True), ('各镇街', True)]
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from graph_builder.parse.clean import CleanText, is_cjk
from graph_builder.parse.records import Role

__all__ = [
    "FieldKind",
    "FIELD_LABEL",
    "INLINE_GROUP_START",
    "Field",
    "NameToken",
    "Convention",
    "label_kind",
    "label_role",
    "split_names",
    "is_collective_unit",
    "is_collective_leader",
    "find_conventions",
    "convention_positions",
    "parse_field_group",
]


class FieldKind(enum.Enum):
    LEADER = "leader"
    UNIT = "unit"


# Labels of assignment fields, as printed in notices.  Unit labels map to a base role;
# 承办单位 / 责任单位 get their role from the notice's own rules (see notice.py).
_LEADER_LABEL = r"(?:牵头|分管|责任|联系|包保|主管|协管)(?:[市区县]政府|[市区县])?领导"
_UNIT_LABEL = r"(?:牵头|主办|承办|协办|配合|责任|参与|主责|协同|配合)(?:单位|部门)"
FIELD_LABEL = re.compile(rf"(?P<label>{_LEADER_LABEL}|{_UNIT_LABEL})\s*[:：]")
# An inline group of fields in parentheses at the end of a task: "(牵头领导:张锐。承办单位:…)".
INLINE_GROUP_START = re.compile(rf"[（(]\s*(?:{_LEADER_LABEL}|{_UNIT_LABEL})\s*[:：]")

_PRIMARY_PREFIXES = ("牵头", "主办", "主责")
_ASSISTING_PREFIXES = ("协办", "配合", "参与", "协同")


def label_kind(label: str) -> FieldKind:
    return FieldKind.LEADER if label.endswith("领导") else FieldKind.UNIT


def label_role(label: str) -> Role | None:
    """Role a unit label gives by itself; ``None`` for 承办/责任, which depend on the notice's rules.

    >>> label_role("协办单位"), label_role("牵头单位"), label_role("承办单位")
    (<Role.ASSISTING: 'assisting'>, <Role.PRIMARY: 'primary'>, None)
    """
    if label.startswith(_PRIMARY_PREFIXES):
        return Role.PRIMARY
    if label.startswith(_ASSISTING_PREFIXES):
        return Role.ASSISTING
    return None


@dataclass(slots=True)
class NameToken:
    name: str  # clean name: white space and line breaks removed, 等 stripped
    start: int  # clean-text range of the characters it was read from
    end: int
    collective: bool


@dataclass(slots=True)
class Field:
    label: str
    kind: FieldKind
    start: int  # clean range of the whole field, label included
    end: int
    value_start: int
    value_end: int  # end of the names part (a note after 。 is not a name)
    names: list[NameToken]
    notes: list[tuple[int, int]]  # clean ranges of notes appended to the field (e.g. 黑体为主办单位…)


_COLLECTIVE_UNIT = re.compile(
    r"^(?:各|相关|有关|其他|其它|全体)"
    r"|成员单位|相关部门|有关部门|相关单位|有关单位|各部门|各单位|窗口单位|各金融机构"
    r"|(?:承办|协办|责任)单位$|的(?:部门|单位)$"
)
_COLLECTIVE_LEADER = re.compile(r"^(?:各|全体|相关|有关)|班子|领导$|成员$")
# Trailing "等" forms: "X等" (X and others like it) and "X等相关部门" (X plus a collective).
_ETC = re.compile(r"等(?P<rest>(?:其他|其它|相关|有关)?(?:部门|单位|机构))?$")
_NONE = {"——", "—", "-", "无", "/", "－", "――"}
_QUOTES = "“”\"'‘’「」"
_QUOTES_AND_STOPS = _QUOTES + "。."


def is_collective_unit(name: str) -> bool:
    """
    >>> [is_collective_unit(n) for n in ("各镇街", "区直相关部门", "县统计联席会议办公室成员单位", "工业园区")]
    [True, True, True, False]
    """
    return bool(_COLLECTIVE_UNIT.search(name))


def is_collective_leader(name: str) -> bool:
    """
    >>> [is_collective_leader(n) for n in ("各位县长", "各区政府领导", "张锐")]
    [True, True, False]
    """
    return bool(_COLLECTIVE_LEADER.search(name))


_NAME_BREAK = re.compile(r"[（()）、，,；;]")  # parentheses (their depth) and the separators of split_names


def split_names(c: CleanText, start: int, end: int, *, leaders: bool = False) -> list[NameToken]:
    """Split the clean range into names at 、，,；; outside parentheses; white space is ignored."""
    tokens: list[NameToken] = []
    depth = 0
    part_start = start
    for m in _NAME_BREAK.finditer(c.text, start, end):
        ch = m.group()
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif depth == 0:
            tokens.extend(_part_tokens(c, part_start, m.start(), leaders=leaders))
            part_start = m.end()
    tokens.extend(_part_tokens(c, part_start, end, leaders=leaders))
    return tokens


def _part_tokens(c: CleanText, start: int, end: int, *, leaders: bool) -> list[NameToken]:
    """The names of one part between separators, white space around it left out (none if it is blank)."""
    part = c.text[start:end]
    if not part or part.isspace():
        return []
    return _make_tokens(c, start + len(part) - len(part.lstrip()), end - len(part) + len(part.rstrip()),
                        leaders=leaders)


def _make_tokens(c: CleanText, start: int, end: int, *, leaders: bool) -> list[NameToken]:
    while start < end and (c.text[start] in _QUOTES or c.text[start].isspace()):
        start += 1
    while end > start and (c.text[end - 1] in _QUOTES_AND_STOPS or c.text[end - 1].isspace()):
        end -= 1
    name = "".join(c.text[start:end].split())  # white space inside the name left out
    if not name or name in _NONE:
        return []
    collective_test = is_collective_leader if leaders else is_collective_unit
    m = _ETC.search(name)
    if m and len(name) > len(m.group()) and not leaders:
        head = name[: m.start()]
        head_end = _clean_index_after(c, start, end, len(head))
        out = [NameToken(head, start, head_end, collective_test(head))]
        if m.group("rest"):
            rest = m.group("rest")
            rest_start = _clean_index_after(c, start, end, len(head) + 1)
            out.append(NameToken(rest, rest_start, end, True))
        return out
    return [NameToken(name, start, end, collective_test(name))]


def _clean_index_after(c: CleanText, start: int, end: int, count: int) -> int:
    """Clean index just after the ``count``-th non-space character of the range."""
    seen = 0
    for i in range(start, end):
        if c.text[i].isspace():
            continue
        if seen == count:
            return i
        seen += 1
    return end


@dataclass(slots=True)
class Convention:
    kind: str  # "bold-primary" or "first-primary"
    rest_assisting: bool  # the notice says the others are 协办 (assisting)
    scope: str  # "notice", "from-here" (下同) or "task"
    start: int  # clean range of the statement
    end: int
    text: str


_BOLD_RULE = re.compile(r"(?:黑体|加粗|粗体)(?:字|字体)?(?:的|标注的)?(?:单位)?(?:为|是|系)(?:主办|牵头|主责)单位")
_FIRST_RULE = re.compile(
    r"(?:(?:列|排)(?:在)?(?:第一位|首位|第一)|第一个|首个)的?(?:责任|承办)?(?:单位|部门)?(?:为|是)(?:牵头|主办|主责)(?:单位|部门)"
)
_REST_ASSISTING = re.compile(r"其(?:他|它|余)(?:单位|部门)?(?:为|是)(?:协办|配合)(?:单位|部门)")
_SAME_BELOW = re.compile(r"下同")


def find_conventions(c: CleanText, start: int, end: int, *, scope: str) -> list[Convention]:
    """Role conventions stated in the clean range; ``下同`` widens a task-level statement to the rest."""
    out: list[Convention] = []
    for rx, kind in ((_BOLD_RULE, "bold-primary"), (_FIRST_RULE, "first-primary")):
        for m in rx.finditer(c.text, start, end):
            sentence_end = _sentence_end(c.text, m.end(), end)
            tail = c.text[m.end() : sentence_end]
            this_scope = "from-here" if scope == "task" and _SAME_BELOW.search(tail) else scope
            out.append(
                Convention(
                    kind=kind,
                    rest_assisting=bool(_REST_ASSISTING.search(tail)),
                    scope=this_scope,
                    start=m.start(),
                    end=sentence_end,
                    text=c.text[m.start() : sentence_end].strip("，,。 "),
                )
            )
    return out


def convention_positions(text: str) -> list[int]:
    """Where the wording of a role convention starts in ``text`` (what :func:`find_conventions` reads);
    the wording never runs over a line break."""
    return [m.start() for rx in (_BOLD_RULE, _FIRST_RULE) for m in rx.finditer(text)]


def _sentence_end(text: str, pos: int, limit: int) -> int:
    for i in range(pos, limit):
        if text[i] in "。；;)）\n":
            return i
    return limit


def parse_field_group(c: CleanText, start: int, end: int) -> tuple[list[Field], list[tuple[int, int]]]:
    """Parse the fields in ``[start, end)`` ("牵头领导:A、B。承办单位:X,Y").

    Returns the fields and the clean ranges of text before the first label that is
    not white space (callers report it: nothing is dropped silently).
    """
    labels = list(FIELD_LABEL.finditer(c.text, start, end))
    stray: list[tuple[int, int]] = []
    if not labels:
        return [], [(start, end)] if c.text[start:end].strip() else []
    if c.text[start : labels[0].start()].strip(" \t\n（(。;；,，"):
        stray.append((start, labels[0].start()))
    fields: list[Field] = []
    for k, m in enumerate(labels):
        value_start = m.end()
        field_end = labels[k + 1].start() if k + 1 < len(labels) else end
        # The names run to the first full stop outside parentheses; what follows is a note.
        names_end = _names_end(c.text, value_start, field_end)
        notes: list[tuple[int, int]] = []
        if names_end < field_end:
            note_start = names_end + 1
            note = c.text[note_start:field_end].strip(" \t\n。;；,，")
            if note:
                notes.append((note_start, field_end))
        label = m.group("label")
        kind = label_kind(label)
        names = split_names(c, value_start, names_end, leaders=kind is FieldKind.LEADER)
        fields.append(Field(label, kind, m.start(), field_end, value_start, names_end, names, notes))
    return fields, stray


def _names_end(text: str, start: int, end: int) -> int:
    depth = 0
    for m in _PAREN_OR_STOP.finditer(text, start, end):
        ch = m.group()
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif depth == 0:
            return m.start()
    return end


_PAREN_OR_STOP = re.compile(r"[（()）。]")


def looks_like_person(name: str) -> bool:
    """A personal name: 2 to 4 Han characters (compound surnames included).

    >>> looks_like_person("张锐"), looks_like_person("常务副县长王某某")
    (True, False)
    """
    return 2 <= len(name) <= 4 and all(is_cjk(ch) for ch in name)
