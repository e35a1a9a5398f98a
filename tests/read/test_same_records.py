"""The same notice as DOCX, PDF or a web page gives the same records as its text version.

The sample notices are rendered at test time (render.py): every line a paragraph, ``**bold**`` as bold
runs / a 黑体 face, the annex table of jiaxiang-2023 as a real table with merged cells, and the PDF with
a running head and page numbers in its margins.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph_builder.parse import parse_path
from graph_builder.parse.records import Notice, Role
from graph_builder.read import read_path
from tests.read.conftest import NOTICES, STEMS, signature
from tests.read.render import to_html


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("stem", STEMS)
def test_same_tasks_and_roles(rendered: dict[tuple[str, str], Path], text_notices: dict[str, Notice],
                              stem: str, fmt: str) -> None:
    if (stem, fmt) not in rendered:
        pytest.skip("no CJK TrueType font to render PDFs: install fonts-wqy-zenhei (scripts/setup-system.sh)")
    expected = text_notices[stem]
    got = parse_path(rendered[stem, fmt])
    assert len(got.tasks) == len(expected.tasks)
    assert len(got.projects) == len(expected.projects)
    assert signature(got) == signature(expected)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_bold_marks_the_hosts(rendered: dict[tuple[str, str], Path], fmt: str) -> None:
    """yanzhou-2023 task 1: 承办单位:**区工业和信息化局、区发展和改革局、**区科技局… under 黑体为主办单位."""
    if ("yanzhou-2023", fmt) not in rendered:
        pytest.skip("no CJK TrueType font to render PDFs: install fonts-wqy-zenhei")
    n = parse_path(rendered["yanzhou-2023", fmt])
    assert [u.name for u in n.tasks[0].units if u.role is Role.PRIMARY] == ["区工业和信息化局", "区发展和改革局"]
    assert n.conventions == ["黑体为主办单位,其他为协办单位,下同"]


def test_pdf_margins_are_not_text(rendered: dict[tuple[str, str], Path]) -> None:
    if ("jiaxiang-2023", "pdf") not in rendered:
        pytest.skip("no CJK TrueType font to render PDFs: install fonts-wqy-zenhei")
    src = read_path(rendered["jiaxiang-2023", "pdf"])
    assert "规范性文件" not in src.text  # the running head on every page
    assert not re.search(r"—\s*\d+\s*—", src.text)  # the page numbers
    # a paragraph broken across lines (and pages) is one line again
    assert "1、地区生产总值增长6.5%左右，一般公共预算收入增长7%左右，" in src.text


def test_docx_merged_cells_continue_the_cell_above(rendered: dict[tuple[str, str], Path]) -> None:
    """Annex 2, project 1 (困难群体救助工程): items (1) and (2) share 分管领导 张雷 and 主办单位 县民政局 (merged)."""
    n = parse_path(rendered["jiaxiang-2023", "docx"])
    first = n.projects[0]
    assert first.name == "困难群体救助工程" and len(first.items) == 3
    assert [[x.name for x in i.leaders] for i in first.items] == [["张雷"], ["张雷"], ["王君磊"]]
    assert [u.name for u in first.items[1].units if u.role is Role.PRIMARY] == ["县民政局"]


def test_offsets_point_into_the_read_text(rendered: dict[tuple[str, str], Path]) -> None:
    for fmt in ("docx", "pdf"):
        if ("yanzhou-2023", fmt) not in rendered:
            continue
        path = rendered["yanzhou-2023", fmt]
        text = read_path(path).text
        for t in parse_path(path).tasks:
            for u in t.units:
                assert text[u.span.start : u.span.end] == u.quote


# ----------------------------------------------------------------------------- web page


def _jining_2020_page(tmp_path: Path, encoding: str) -> Path:
    text = (NOTICES / "jining-2020.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    body = "\n".join(lines[3 : next(k for k, s in enumerate(lines) if s.startswith("上一篇"))])
    return to_html(body, tmp_path / f"jining-2020-{encoding}.html", title=lines[0], info=lines[2],
                   encoding=encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_web_page_gives_the_article_only(tmp_path: Path, text_notices: dict[str, Notice], encoding: str) -> None:
    path = _jining_2020_page(tmp_path, encoding)
    src = read_path(path)
    for furniture in ("首页", "当前位置", "上一篇", "下一篇", "热点推荐", "网站标识码", "_hmt", "数说"):
        assert furniture not in src.text
    assert src.text.startswith("前景目标\n")  # the page title, then the body
    n = parse_path(path)
    assert signature(n) == signature(text_notices["jining-2020"])
    assert [s.number for s in n.sections] == ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "（七）", "（八）"]
