"""Property tests of the text cleaning: offsets always map back to the source."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from graph_builder.parse import parse_text
from graph_builder.parse.clean import clean

# Text made of the pieces real conversions produce: Han text, field labels, separators, markup, page numbers.
PIECES = st.sampled_from([
    "区财政局", "牵头领导", "承办单位", ":", "：", "、", "，", ",", "。", "(", ")", "（", "）", "**", "__",
    " ", "  ", "\t", "\n", "\n\n", "\r\n", "—4—", "- 2 -", "一2—", "# ", "- ", "---", "1.", "12、", "二、",
    "投资 140 亿元", "PM_{2.5}", "RCEP 协定", "张  雷", "[链接](http://x)", "\\.", "各镇街", "黑体为主办单位",
])
TEXT = st.lists(PIECES | st.text(max_size=3), max_size=60).map("".join)


@given(TEXT)
@settings(max_examples=300, deadline=None)
def test_clean_only_deletes(source: str) -> None:
    c = clean(source)
    assert len(c.offsets) == len(c.text)
    assert all(c.text[i] == source[c.offsets[i]] for i in range(len(c.text)))
    assert all(a < b for a, b in zip(c.offsets, c.offsets[1:], strict=False))
    for a, b in c.bold_source:
        assert 0 <= a <= b <= len(source)


@given(TEXT)
@settings(max_examples=200, deadline=None)
def test_views_map_back(source: str) -> None:
    c = clean(source)
    v = c.view(0, len(c.text))
    assert "\n" not in v.text
    assert all(v.text[i] == source[v.offsets[i]] for i in range(len(v.text)))


@given(st.lists(st.sampled_from(["区财政局", "区直相关部门", "各镇街", "县统计局", "张锐"]), min_size=1, max_size=6),
       st.sampled_from(["、", "，", ",", "；"]))
@settings(max_examples=100, deadline=None)
def test_names_round_trip(names: list[str], sep: str) -> None:
    text = f"1.甲。(牵头单位:{sep.join(names)})\n2.乙。(牵头单位:区商务局)"
    n = parse_text(text)
    assert [u.name for u in n.tasks[0].units] == names
    for u in n.tasks[0].units:
        assert text[u.span.start : u.span.end] == u.quote == u.name


@given(TEXT)
@settings(max_examples=200, deadline=None)
def test_parser_never_crashes(source: str) -> None:
    from graph_builder.errors import InputError

    try:
        n = parse_text(source)
    except InputError:
        return
    for t in n.tasks:
        assert 0 <= t.span.start <= t.span.end <= len(source)
        for r in (*t.units, *t.leaders):
            assert source[r.span.start : r.span.end] == r.quote
