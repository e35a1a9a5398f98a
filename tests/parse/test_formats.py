"""Tables of tricky snippets → expected records: formats seen in real notices, written small."""

from __future__ import annotations

import pytest

from graph_builder.parse import parse_text
from graph_builder.parse.records import Role


def roles(text: str, task: int = 1) -> list[tuple[str, str]]:
    n = parse_text(text)
    return [(u.name, u.role.value) for u in n.tasks[task - 1].units]


def leader_names(text: str, task: int = 1) -> list[str]:
    return [x.name for x in parse_text(text).tasks[task - 1].leaders]


INLINE = [
    # half-width punctuation, 承办 only and no convention → responsible
    ("1.做好就业工作。(牵头领导:张三、李四。承办单位:区财政局,各镇街)\n2.抓好教育。(牵头领导:王五。承办单位:区教育局)",
     [("区财政局", "responsible"), ("各镇街", "responsible")]),
    # full-width, 牵头单位 without leaders
    ("1．搭建创新平台。（牵头单位：市科技局、市发展改革委）\n2．突破关键技术。（牵头单位：市科技局）",
     [("市科技局", "primary"), ("市发展改革委", "primary")]),
    # 1、 numbering, 主办/协办 inline
    ("1、建设学校。（牵头领导：张三；主办单位：县教育局；协办单位：县财政局、县自然资源局）\n2、修路。（主办单位：县交通局）",
     [("县教育局", "primary"), ("县财政局", "assisting"), ("县自然资源局", "assisting")]),
    # trailing 等 and 等相关部门
    ("1.招商。(牵头领导:张三。承办单位:区投资促进中心等,区税务局等相关部门)\n2.其他。(牵头领导:张三。承办单位:区财政局)",
     [("区投资促进中心", "responsible"), ("区税务局", "responsible"), ("相关部门", "responsible")]),
]


@pytest.mark.parametrize(("text", "expected"), INLINE)
def test_inline_fields(text: str, expected: list[tuple[str, str]]) -> None:
    assert roles(text) == expected


def test_separate_lines_with_assisting_field() -> None:
    text = (
        "1、完成高标准农田2万亩。\n\n牵头领导：张  雷\n\n承办单位：县农业农村局、县水务局\n\n协办单位：县财政局，各镇街\n"
        "2、新建口袋公园2处。\n牵头领导：李四\n承办单位：县园林环卫事务中心\n"
    )
    n = parse_text(text)
    assert [x.name for x in n.tasks[0].leaders] == ["张雷"]  # spaces inside a name
    assert [(u.name, u.role.value, u.field) for u in n.tasks[0].units] == [
        ("县农业农村局", "primary", "承办单位"), ("县水务局", "primary", "承办单位"),
        ("县财政局", "assisting", "协办单位"), ("各镇街", "assisting", "协办单位")]
    # 承办 is primary in a notice that has 协办 fields, even in a task without one
    assert [(u.name, u.role.value) for u in n.tasks[1].units] == [("县园林环卫事务中心", "primary")]


def test_field_value_continued_on_next_line() -> None:
    text = "1、任务一。\n牵头领导：张三\n承办单位：县财政局、\n县税务局\n协办单位：各镇街\n2、任务二。\n牵头领导：李四\n"
    assert roles(text) == [("县财政局", "primary"), ("县税务局", "primary"), ("各镇街", "assisting")]


def test_missing_number_inline() -> None:
    text = ("1.甲任务。(牵头领导:张三。承办单位:区财政局)\n\n乙任务没有编号。(牵头领导:李四。承办单位:区教育局)\n\n"
            "3.丙任务。(牵头领导:王五。承办单位:区商务局)")
    n = parse_text(text)
    assert [(t.number, t.stated_number) for t in n.tasks] == [(1, 1), (2, None), (3, 3)]
    assert n.tasks[1].text == "乙任务没有编号。"
    assert [x.name for x in n.tasks[1].leaders] == ["李四"]
    assert [w.code for w in n.warnings] == ["W104"]


def test_task_glued_after_heading_and_list_markers() -> None:
    text = ("一、总体要求\n\n- 1.甲。(牵头单位:区财政局)\n - 二、发展产业2.乙。(牵头单位:区工信局)\n"
            "三、改善民生3.丙。(牵头单位:区民政局)")
    n = parse_text(text)
    assert [s.title for s in n.sections] == ["总体要求", "发展产业", "改善民生"]
    assert [(t.number, t.section, t.text) for t in n.tasks] == [(1, "一", "甲。"), (2, "二", "乙。"), (3, "三", "丙。")]


def test_page_numbers_and_broken_names() -> None:
    text = ("1.推进投资140亿元的宁一2—\n\n德时代项目建设。(牵头领导:张\n\n锐。承办单位:区工业 —4—\n\n和信息化局、"
            "区 科技局)\n2.乙。(牵头单位:区财政局)\n- 3 -\n3.丙。(牵头单位:区商务局)")
    n = parse_text(text)
    assert "宁德时代项目" in n.tasks[0].text
    assert [x.name for x in n.tasks[0].leaders] == ["张锐"]
    assert [u.name for u in n.tasks[0].units] == ["区工业和信息化局", "区科技局"]
    assert sorted(u.text for u in n.unparsed if u.kind == "page-number") == ["- 3 -", "—4—", "一2—"]
    assert len(n.tasks) == 3


def test_markdown_markup() -> None:
    text = ("# 关于分解落实2023年政府工作报告任务目标的通知\n\n---\n\n## 一、总体要求\n\n"
            "1.甲。(牵头领导:张三。承办单位:**区财政局**、区税务局。黑体为主办单位，其他为协办单位，下同)\n"
            "2.乙。(牵头领导:张三。承办单位:区商务局、**区工信局**)\n3.丙。(牵头领导:张三。承办单位:区商务局)")
    n = parse_text(text)
    assert n.sections[0].title == "总体要求"
    assert roles(text, 1) == [("区财政局", "primary"), ("区税务局", "assisting")]
    assert roles(text, 2) == [("区商务局", "assisting"), ("区工信局", "primary")]
    assert roles(text, 3) == [("区商务局", "responsible")]  # bold convention, nothing bold: do not guess


def test_first_listed_convention_from_preamble() -> None:
    text = ("各有关单位：\n\n现将任务分解如下，列第一位的责任单位为牵头单位。\n\n"
            "1.甲。(责任单位:市发展改革委、市财政局、市商务局)\n2.乙。(责任单位:市教育局)")
    assert roles(text) == [("市发展改革委", "primary"), ("市财政局", "assisting"), ("市商务局", "assisting")]
    assert roles(text, 2) == [("市教育局", "primary")]


def test_convention_without_xiatong_applies_to_its_task_only() -> None:
    text = ("1.甲。(承办单位:**区财政局**、区税务局。黑体为主办单位)\n"
            "2.乙。(承办单位:**区商务局**、区工信局)")
    assert roles(text, 1) == [("区财政局", "primary"), ("区税务局", "responsible")]
    assert roles(text, 2) == [("区商务局", "responsible"), ("区工信局", "responsible")]


@pytest.mark.parametrize(
    ("field", "names", "collective"),
    [
        ("牵头领导：各区政府领导", ["各区政府领导"], [True]),
        ("牵头领导：各位县长", ["各位县长"], [True]),
        ("牵头领导：张锐、宋恩全", ["张锐", "宋恩全"], [False, False]),
    ],
)
def test_collective_leaders(field: str, names: list[str], collective: list[bool]) -> None:
    n = parse_text(f"1.甲。\n{field}\n承办单位：区财政局\n2.乙。\n牵头领导：张三\n")
    assert [(x.name, x.collective) for x in n.tasks[0].leaders] == list(zip(names, collective, strict=True))


@pytest.mark.parametrize(
    ("unit", "collective"),
    [("各镇街", True), ("相关镇街", True), ("区直相关部门", True), ("县政府各部门", True), ("各金融机构", True),
     ("县“四减四增”工作专班成员单位", True), ("县…领导小组成员单位", True), ("承担综合考核定量指标任务的部门", True),
     ("区财政局", False), ("工业园区", False), ("市生态环境局嘉祥县分局", False)],
)
def test_collective_units(unit: str, collective: bool) -> None:
    n = parse_text(f"1.甲。(牵头单位:{unit})\n2.乙。(牵头单位:区财政局)")
    assert [(u.name, u.collective) for u in n.tasks[0].units] == [(unit, collective)]


def test_no_fields_at_all_gives_tasks_with_empty_assignments() -> None:
    n = parse_text("一、加强组织领导\n\n1.建立机制。\n2.强化督查。")
    assert [(t.text, t.units, t.leaders) for t in n.tasks] == [("建立机制。", [], []), ("强化督查。", [], [])]


def test_numbering_warnings() -> None:
    gap = parse_text("1.甲。(牵头单位:A局)\n2.乙。(牵头单位:B局)\n4.丁。(牵头单位:C局)")
    assert [t.stated_number for t in gap.tasks] == [1, 2, 4]
    assert [t.number for t in gap.tasks] == [1, 2, 3]
    assert [w.code for w in gap.warnings] == ["W101"]
    dup = parse_text("1.甲。(牵头单位:A局)\n2.乙。(牵头单位:B局)\n2.丙。(牵头单位:C局)")
    assert [w.code for w in dup.warnings] == ["W102"] and len(dup.tasks) == 3


def test_number_that_starts_a_wrapped_line_is_not_a_task() -> None:
    n = parse_text("1.新建学校\n12.所，新增学位4000个。(牵头单位:县教育局)\n2.修路。(牵头单位:县交通局)")
    assert len(n.tasks) == 2
    assert n.tasks[0].text == "新建学校12.所，新增学位4000个。"


def test_unknown_note_in_field_is_reported_not_dropped() -> None:
    n = parse_text("1.甲。(牵头单位:区财政局。此项年底前完成)\n2.乙。(牵头单位:区商务局)")
    assert [u.name for u in n.tasks[0].units] == ["区财政局"]
    assert [u.text for u in n.unparsed if u.kind == "body"] == ["此项年底前完成"]
    assert [w.code for w in n.warnings] == ["W201"]


def test_pipe_table_annex() -> None:
    text = ("1.甲。(牵头单位:区财政局)\n\n附件2：\n民生实事一览表\n\n"
            "| 序号 | 项目名称 | 项目内容 | 分管领导 | 主办单位 | 协办单位 |\n|---|---|---|---|---|---|\n"
            "| 1 | 助学工程 | （1）资助学生 | 张三 | 县教育局 | 县财政局<br>各镇街 |\n"
            "|  |  | （2）营养餐 |  |  | —— |\n| 2 | 修路工程 | 修路10公里 | 李四 | 县交通局 | 县财政局 |\n")
    n = parse_text(text)
    assert [(p.number, p.name, p.annex) for p in n.projects] == [(1, "助学工程", "民生实事一览表"), (2, "修路工程", "民生实事一览表")]
    second = n.projects[0].items[1]
    assert [x.name for x in second.leaders] == ["张三"]
    assert [(u.name, u.role) for u in second.units] == [("县教育局", Role.PRIMARY)]
    assert [(u.name, u.role) for u in n.projects[0].items[0].units] == [
        ("县教育局", Role.PRIMARY), ("县财政局", Role.ASSISTING), ("各镇街", Role.ASSISTING)]


def test_page_break_right_after_the_opening_parenthesis() -> None:
    # found by the synthetic corpus: "…（—2—\n\n牵头领导：…）" is an inline group, not a field line
    text = "1.甲任务。（—2—\n\n牵头领导：陆言。承办单位：县民政局，县直各部门）\n\n2.乙。（牵头单位：县财政局）"
    n = parse_text(text)
    assert [x.name for x in n.tasks[0].leaders] == ["陆言"]
    assert [u.name for u in n.tasks[0].units] == ["县民政局", "县直各部门"]
    assert n.tasks[0].text == "甲任务。"


def test_one_stray_bold_marker_does_not_shift_the_others() -> None:
    text = ("1.甲。(承办单位:**区财政局**、区税务局。黑体为主办单位，其他为协办单位，下同)\n\n"
            "2.乙。(承办单位:区商务局** 、区工信局)\n\n3.丙。(承办单位:**区民政局**、区审计局)")
    n = parse_text(text)
    assert [(u.name, u.role) for u in n.tasks[2].units] == [("区民政局", Role.PRIMARY), ("区审计局", Role.ASSISTING)]
    assert any("unpaired bold marker" in w.message for w in n.warnings)


def test_paren_numbered_tasks_under_subsections() -> None:
    text = ("一、推动高质量发展\n\n（一）做强产业\n\n（1）培育集群。（牵头单位：市工信局）\n（2）招商引资。（牵头单位：市商务局）\n\n"
            "（二）扩大内需\n\n（3）促进消费。（牵头单位：市商务局、市文旅局）")
    n = parse_text(text)
    assert [(s.number, s.level, s.title) for s in n.sections] == [
        ("一", 1, "推动高质量发展"), ("（一）", 2, "做强产业"), ("（二）", 2, "扩大内需")]
    assert [(t.stated_number, t.section, t.text) for t in n.tasks] == [
        (1, "（一）", "培育集群。"), (2, "（一）", "招商引资。"), (3, "（二）", "促进消费。")]
    assert [u.name for u in n.tasks[2].units] == ["市商务局", "市文旅局"]
