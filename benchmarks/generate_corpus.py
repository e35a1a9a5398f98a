"""Generate a realistic synthetic corpus of task-breakdown notices (deterministic for a seed).

The notices copy the genre of the sample corpus in ``data/notices/``: the three layouts (inline
fields with Markdown bold and the "黑体为主办单位" convention, as yanzhou-2023; fields on lines of
their own with 协办单位, as jiaxiang-2023; ``（牵头单位：…）`` only, as jining-2023), PDF artefacts
(page numbers inside sentences, spaces inside names), task sentences drawn from the sample notices,
unit names in the jurisdiction's own prefix, the regular bureau-name variants (和 dropped) at about
15 %, and leader-name typos at about 1 %.

Usage::

    python benchmarks/generate_corpus.py OUT_DIR --notices 1000 [--seed 7]

or :func:`write_corpus` (the tests).

Each notice is about 40 KB, like the real ones (1,000 notices ≈ 40 MB).  The counts of every
file are written to ``OUT_DIR/manifest.json`` so that benchmarks and tests can check the parse
against what was generated (tasks, leaders and units per task).
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from graph_builder.parse import parse_path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "notices"

CITIES = {
    "济宁市": ["任城区", "兖州区", "微山县", "鱼台县", "金乡县", "嘉祥县", "汶上县", "泗水县", "梁山县", "曲阜市", "邹城市"],
    "临沂市": ["兰山区", "罗庄区", "河东区", "沂南县", "郯城县", "沂水县", "兰陵县", "费县", "平邑县", "莒南县", "蒙阴县", "临沭县"],
    "菏泽市": ["牡丹区", "定陶区", "曹县", "单县", "成武县", "巨野县", "郓城县", "鄄城县", "东明县"],
    "泰安市": ["泰山区", "岱岳区", "宁阳县", "东平县", "新泰市", "肥城市"],
}
BUREAUS = [
    "发展和改革局", "工业和信息化局", "科学技术局", "财政局", "人力资源和社会保障局", "自然资源和规划局",
    "住房和城乡建设局", "交通运输局", "水务局", "农业农村局", "商务局", "文化和旅游局", "卫生健康局",
    "退役军人事务局", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局", "行政审批服务局",
    "综合行政执法局", "民政局", "司法局", "教育和体育局", "生态环境分局", "地方金融监督管理局", "大数据中心",
    "投资促进中心", "乡村振兴局", "委组织部", "委宣传部", "公安局", "税务局", "信访局",
]
COLLECTIVES = ["各镇街", "相关镇街", "{p}直相关部门", "{p}直各部门", "各金融机构"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘"
CN_SECTIONS = "一二三四五六七八九十"


def _sentences() -> list[str]:
    """Task sentences of the sample notices (their clean text), the raw material of synthetic tasks."""
    out: list[str] = []
    for path in sorted(SAMPLES.glob("*.txt")):
        for task in parse_path(path).tasks:
            out.extend(s + "。" for s in re.split(r"[。]", task.text) if 12 <= len(s) <= 160)
    return out


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _variant(name: str, rng: random.Random) -> str:
    """The regular variants real notices print: 和 dropped (about 15 %)."""
    if "和" in name and rng.random() < 0.15:
        return name.replace("和", "", 1)
    return name


def _typo(name: str, rng: random.Random) -> str:
    if rng.random() < 0.01 and len(name) >= 2:
        k = rng.randrange(1, len(name))
        return name[:k] + rng.choice(GIVEN) + name[k + 1 :]
    return name


def _pdf_noise(text: str, rng: random.Random, page: list[int]) -> str:
    """A page number inside the sentence, or a space inside a word, now and then."""
    if len(text) > 40 and rng.random() < 0.12:
        k = rng.randrange(10, len(text) - 10)
        while text[k - 1 : k + 1] == "**":  # markup is one token: a page break cannot split it
            k += 1
        page[0] += 1
        text = text[:k] + f"—{page[0]}—\n\n" + text[k:]
    if rng.random() < 0.1:
        k = rng.randrange(1, len(text) - 1)
        if "\u4e00" <= text[k] <= "\u9fff" and "\u4e00" <= text[k - 1] <= "\u9fff":
            text = text[:k] + " " + text[k:]
    return text


def generate_notice(index: int, rng: random.Random, sentences: list[str]) -> tuple[str, dict[str, object]]:
    city = rng.choice(list(CITIES))
    county = rng.choice(CITIES[city])
    year = rng.choice((2021, 2022, 2023, 2024))
    style = rng.choice(("inline-bold", "separate-lines", "lead-only"))
    if style == "lead-only":
        place, prefix = city, "市"
    else:
        place, prefix = county, county[-1] if county[-1] in "区县" else "市"
    leaders = [_person(rng) for _ in range(rng.randint(5, 9))]
    units = [prefix + b for b in rng.sample(BUREAUS, 24)]
    collectives = [c.format(p=prefix) for c in COLLECTIVES]
    issuer = (city + county if style != "lead-only" else city) + "人民政府"
    lines = [f"{place[0]}政发〔{year}〕{index % 50 + 1}号", "",
             f"{issuer}关于分解落实{year}年政府工作报告任务目标的通知", "",
             f"各镇人民政府，各街道办事处，{prefix}政府各部门：", "",
             "为切实把《政府工作报告》各项任务目标落到实处，经研究，决定将任务目标进行分解，明确牵头领导、责任单位。"
             "现将具体事项通知如下：", ""]
    expected_tasks: list[dict[str, object]] = []
    page = [1]
    number = 0
    for s in range(rng.randint(7, 10)):
        lines += [f"{CN_SECTIONS[s]}、{rng.choice(sentences)[:18].rstrip('，。')}", ""]
        for _ in range(rng.randint(7, 11)):
            number += 1
            text = "".join(rng.choice(sentences) for _ in range(rng.randint(1, 4)))
            lead = rng.sample(leaders, rng.choice((1, 1, 1, 2, 2, 3)))
            named = rng.sample(units, rng.randint(1, 5))
            coll = rng.sample(collectives, rng.choice((0, 1, 1, 2)))
            printed_leads = [_typo(x, rng) for x in lead]
            printed_units = [_variant(u, rng) for u in named]
            if style == "inline-bold":
                hosts = rng.randint(0, min(2, len(printed_units)))
                shown = "、".join(printed_units)
                if hosts:
                    head = "、".join(printed_units[:hosts]) + "、"
                    shown = f"**{head}**" + "、".join(printed_units[hosts:])
                field = f"（牵头领导：{'、'.join(printed_leads)}。承办单位：{shown.rstrip('、')}"
                field += ("，" + "、".join(coll) if coll else "")
                field += ("。黑体为主办单位，其他为协办单位，下同）" if number == 1 else "）")
                lines += [_pdf_noise(f"{number}.{text}{field}", rng, page), ""]
            elif style == "separate-lines":
                split = rng.randint(1, len(printed_units))
                lines += [f"{number}、{text}", "", f"牵头领导：{'、'.join(printed_leads)}", "",
                          f"承办单位：{'、'.join(printed_units[:split])}", ""]
                rest = printed_units[split:] + coll
                if rest:
                    lines += [f"协办单位：{'、'.join(rest)}", ""]
            else:
                lines += [_pdf_noise(f"{number}. {text}（牵头单位：{'、'.join(printed_units + coll)}）", rng, page), ""]
            expected_tasks.append({"number": number, "leaders": [] if style == "lead-only" else printed_leads,
                                   "units": printed_units + coll})
    lines += [f"{issuer}", f"{year}年1月{rng.randint(1, 28)}日", "", "（此件公开发布）", "",
              f"抄送：{prefix}委办公室，{prefix}人大常委会办公室，{prefix}政协办公室。"]
    meta = {"style": style, "jurisdiction": place, "year": year, "tasks": expected_tasks}
    return "\n".join(lines) + "\n", meta


def write_corpus(out: Path, notices: int, *, seed: int = 7) -> int:
    """Write ``notices`` notices and ``manifest.json`` into ``out``; return their size in bytes."""
    rng = random.Random(seed)
    sentences = _sentences()
    out.mkdir(parents=True, exist_ok=True)
    manifest = {}
    total = 0
    for i in range(notices):
        text, meta = generate_notice(i, rng, sentences)
        name = f"synthetic-{i:05d}.txt"
        (out / name).write_text(text, encoding="utf-8")
        manifest[name] = meta
        total += len(text.encode())
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--notices", type=int, default=100)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    total = write_corpus(args.out, args.notices, seed=args.seed)
    print(f"{args.notices} notices, {total / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
