"""Details of the readers, on small documents built in the test: 黑体 runs, Word list numbers, merged cells."""

from __future__ import annotations

from pathlib import Path

from graph_builder.parse import parse_path
from graph_builder.read import read_path


def test_docx_hei_face_is_bold_and_list_numbers_are_text(tmp_path: Path) -> None:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("各镇人民政府：")
    for task, units in (("甲任务。", [("区财政局", True), ("、区税务局", False)]),
                        ("乙任务。", [("区商务局、", False), ("区工信局", True)])):
        p = document.add_paragraph(style="List Number")  # Word numbers it: 1. 2.
        p.add_run(task + "(牵头领导:张锐。承办单位:")
        for name, hei in units:
            run = p.add_run(name)
            if hei:  # set in 黑体, not bold: the way many notices mark the host
                fonts = OxmlElement("w:rFonts")
                fonts.set(qn("w:eastAsia"), "黑体")
                run._r.get_or_add_rPr().append(fonts)
        p.add_run("。黑体为主办单位,其他为协办单位,下同)" if task == "甲任务。" else ")")
    path = tmp_path / "hei.docx"
    document.save(str(path))
    src = read_path(path)
    assert src.text.splitlines()[1].startswith("1.甲任务。")
    n = parse_path(path)
    assert [(u.name, u.role.value) for u in n.tasks[0].units] == [("区财政局", "primary"), ("区税务局", "assisting")]
    assert [(u.name, u.role.value) for u in n.tasks[1].units] == [("区商务局", "assisting"), ("区工信局", "primary")]


TABLE_PAGE = """<html><head><meta charset="utf-8"><title>民生实事</title></head><body>
<div class="nav"><a href="/">首页</a></div>
<div class="pages_content">
<p>1.甲任务。(牵头单位:县财政局)</p><p>附件2：</p><p>民生实事一览表</p>
<table border="1">
<tr><th>序号</th><th>项目名称</th><th>项目内容</th><th>分管领导</th><th>主办单位</th><th>协办单位</th></tr>
<tr><td rowspan="2">1</td><td rowspan="2">助学工程</td><td>（1）资助学生</td><td rowspan="2">张三</td>
    <td rowspan="2"><b>县教育局</b></td><td>县财政局<br>各镇街</td></tr>
<tr><td>（2）营养餐</td><td>——</td></tr>
<tr><td>2</td><td>修路工程</td><td>修路10公里</td><td>李四</td><td>县交通局</td><td>县财政局</td></tr>
</table></div>
<div class="footer">网站地图</div></body></html>"""


def test_html_table_with_rowspan(tmp_path: Path) -> None:
    path = tmp_path / "annex.html"
    path.write_text(TABLE_PAGE, encoding="utf-8")
    src = read_path(path)
    assert "首页" not in src.text and "网站地图" not in src.text
    assert [src.text[a:b] for a, b in src.bold if "县" in src.text[a:b]] == ["县教育局"]
    n = parse_path(path)
    assert [(p.number, p.name) for p in n.projects] == [(1, "助学工程"), (2, "修路工程")]
    second = n.projects[0].items[1]  # the rowspans continue leader and host into item (2)
    assert [x.name for x in second.leaders] == ["张三"]
    assert [(u.name, u.role.value) for u in second.units] == [("县教育局", "primary")]
    assert [u.name for u in n.projects[0].items[0].units] == ["县教育局", "县财政局", "各镇街"]
