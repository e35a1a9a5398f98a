"""Fixtures: the sample notices rendered to DOCX, PDF and HTML at test time (see render.py), and the
records of their text versions to compare with."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_builder.parse import parse_path
from graph_builder.parse.records import Notice
from tests.read.render import hei_font, to_docx, to_pdf

NOTICES = Path(__file__).resolve().parents[2] / "data" / "notices"
STEMS = ("yanzhou-2023", "jining-2023", "jiaxiang-2023", "jining-2020")


Signature = tuple[list[tuple[int, int | None, list[str], list[tuple[str, str]]]],
                  list[tuple[int, str, list[tuple[list[str], list[tuple[str, str]]]]]]]


def signature(n: Notice) -> Signature:
    """What must not depend on the file format: each task's number, leaders, units and roles; each project's."""
    tasks = [(t.number, t.stated_number, [x.name for x in t.leaders], [(u.name, u.role.value) for u in t.units])
             for t in n.tasks]
    projects = [(p.number, p.name, [([x.name for x in i.leaders], [(u.name, u.role.value) for u in i.units])
                                    for i in p.items]) for p in n.projects]
    return tasks, projects


@pytest.fixture(scope="session")
def text_notices() -> dict[str, Notice]:
    return {stem: parse_path(NOTICES / f"{stem}.txt") for stem in STEMS}


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """(stem, "docx" | "pdf") -> the sample notice rendered to that format."""
    out = tmp_path_factory.mktemp("rendered")
    files: dict[tuple[str, str], Path] = {}
    for stem in STEMS:
        text = (NOTICES / f"{stem}.txt").read_text(encoding="utf-8")
        files[stem, "docx"] = to_docx(text, out / f"{stem}.docx")
        if hei_font() is not None:
            files[stem, "pdf"] = to_pdf(text, out / f"{stem}.pdf", running_head="济宁市人民政府规范性文件")
    return files
