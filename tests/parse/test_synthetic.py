"""The parser against the synthetic corpus generator: what was printed is what must be read back.

The generator (benchmarks/generate_corpus.py) writes notices in the three layouts of the sample
corpus, with page numbers inside sentences, spaces inside names and bureau-name variants, and records
the leaders and units it printed for every task: the ground truth here is the generator's input.
"""

from __future__ import annotations

import random

import pytest

from benchmarks.generate_corpus import _sentences, generate_notice
from graph_builder.parse import parse_text


@pytest.mark.parametrize("seed", range(6))
def test_generated_notices_parse_back(seed: int) -> None:
    rng = random.Random(seed)
    text, meta = generate_notice(seed, rng, _sentences())
    n = parse_text(text)
    expected = meta["tasks"]
    assert isinstance(expected, list)
    assert [t.number for t in n.tasks] == [e["number"] for e in expected]
    for t, e in zip(n.tasks, expected, strict=True):
        assert [x.name for x in t.leaders] == e["leaders"], t.number
        assert [u.name for u in t.units] == e["units"], t.number
    assert n.jurisdiction == meta["jurisdiction"]
