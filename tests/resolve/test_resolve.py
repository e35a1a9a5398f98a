"""Name resolution: one node per unit and leader of a jurisdiction; merges only by rule or reviewed alias."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph_builder.cli import main
from graph_builder.parse import parse_text
from graph_builder.parse.records import Notice
from graph_builder.resolve import Resolver, fold_unit_name, load_aliases


@pytest.fixture(scope="module")
def resolver(notices: dict[str, Notice]) -> Resolver:
    return Resolver(notices.values())


def test_bureau_variants_are_one_unit(notices: dict[str, Notice], resolver: Resolver) -> None:
    yz = notices["yanzhou-2023"]
    # task 18 prints 区住房城乡建设局, task 22 区住房和城乡建设局
    assert "区住房城乡建设局" in [u.name for u in yz.tasks[17].units]
    assert "区住房和城乡建设局" in [u.name for u in yz.tasks[21].units]
    a = resolver.unit("区住房城乡建设局", yz)
    b = resolver.unit("区住房和城乡建设局", yz)
    assert a is b and a.jurisdiction == "兖州区"
    assert sorted([a.label, *a.alt_labels]) == ["区住房和城乡建设局", "区住房城乡建设局"]
    # task 1 prints 区科技局, task 4 区科学技术局
    assert resolver.unit("区科技局", yz) is resolver.unit("区科学技术局", yz)
    jx = notices["jiaxiang-2023"]  # task 20 prints 县发展改革局, elsewhere 县发展和改革局
    assert resolver.unit("县发展改革局", jx) is resolver.unit("县发展和改革局", jx)


def test_reviewed_typos(notices: dict[str, Notice], resolver: Resolver) -> None:
    yz = notices["yanzhou-2023"]
    song = resolver.leader("宋思全", yz)
    assert song is resolver.leader("宋恩全", yz)
    assert song.label == "宋恩全" and song.alt_labels == ["宋思全"]
    assert [m.rule for m in song.merges] == ["alias"] and "typo" in song.merges[0].reason
    assert resolver.unit("新充镇", yz) is resolver.unit("新兖镇", yz)


def test_without_the_alias_file_the_typo_is_a_candidate(notices: dict[str, Notice]) -> None:
    r = Resolver(notices.values(), aliases=[])
    assert r.leader("宋思全", notices["yanzhou-2023"]) is not r.leader("宋恩全", notices["yanzhou-2023"])
    labels = [(c.type, c.jurisdiction, c.labels) for c in r.candidates()]
    assert ("leader", "兖州区", ("宋思全", "宋恩全")) in labels
    assert all(c.labels != ("区税务局", "区商务局") for c in r.candidates())  # known distinct bodies


def test_different_bodies_are_never_merged(notices: dict[str, Notice], resolver: Resolver) -> None:
    yz, jx, jn = notices["yanzhou-2023"], notices["jiaxiang-2023"], notices["jining-2023"]
    assert resolver.unit("区财政局", yz) is not resolver.unit("县财政局", jx)
    assert resolver.unit("区民政局", yz) is not resolver.unit("区财政局", yz)
    branch = resolver.unit("市生态环境局嘉祥县分局", jx)
    assert branch.jurisdiction == "济宁市"  # a branch of the city bureau, located in 嘉祥县
    assert branch is not resolver.unit("市生态环境局", jn)
    assert resolver.unit("区生态环境分局", yz).key == "区生态环境分局"
    assert fold_unit_name("区生态环境分局")[0] != fold_unit_name("区生态环境局")[0]


def test_same_names_across_years_are_the_same_nodes(notices: dict[str, Notice]) -> None:
    later = parse_text("济宁市兖州区人民政府关于分解落实2024年政府工作报告任务目标的通知\n\n各镇人民政府，区政府各部门：\n\n"
                       "1.做好财政工作。（牵头领导：张锐。承办单位：区财政局、区住房和城乡建设局）\n"
                       "2.做好教育工作。（牵头领导：宋恩全。承办单位：区教育和体育局）",
                       source="yanzhou-2024.txt")
    assert later.jurisdiction == "兖州区"
    r = Resolver([notices["yanzhou-2023"], later])
    yz = notices["yanzhou-2023"]
    assert r.leader("张锐", later) is r.leader("张锐", yz)
    assert r.unit("区财政局", later) is r.unit("区财政局", yz)
    assert r.unit("区住房和城乡建设局", later) is r.unit("区住房城乡建设局", yz)


def test_aliases_command_json(capsys: pytest.CaptureFixture[str]) -> None:
    root = Path(__file__).resolve().parents[2]
    assert main(["aliases", str(root / "data" / "notices"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    song = [e for e in data["entities"] if e["type"] == "leader" and e["label"] == "宋恩全"]
    assert song == [{**song[0], "jurisdiction": "兖州区", "alt_labels": ["宋思全"]}]
    assert {"type", "jurisdiction", "label", "alt_labels"} <= set(data["entities"][0])
    assert isinstance(data["candidates"], list)


def test_bad_alias_file_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "aliases.tsv"
    bad.write_text("# header\nunit\t兖州区\t只有三列\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"aliases.tsv:2: expected 5 tab-separated columns"):
        load_aliases(bad)
