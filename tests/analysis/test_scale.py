"""What makes `policykg analyze` and `policykg view` scale, checked against the slow, simple versions.

* the graph is read from the build's embedded store when it is up to date, else from the dump,
  and either way gives the same corpus in the same order;
* per-notice parts of a corpus come from an index, in the corpus' order;
* exact betweenness is networkx's, float for float; the task-text similarity is the plain
  Python cosine of TF-IDF bigrams, match for match;
* notice pairs are linear by default (each notice with the previous one of its jurisdiction,
  each county notice with the latest city notice of its year), all pairs on request;
* ``analysis.json`` parses to the same object as a plain indented dump.
"""

from __future__ import annotations

import io
import json
import math
import os
import random
from collections import Counter, defaultdict
from collections.abc import Mapping
from pathlib import Path

import networkx as nx
import pytest

from graph_builder.analysis import reappearance
from graph_builder.analysis.centrality import exact_betweenness
from graph_builder.analysis.data import (
    AgentKind,
    Assignment,
    Corpus,
    NoticeInfo,
    Role,
    dataset_source,
    load_corpus,
    open_dataset,
)
from graph_builder.analysis.networks import unit_projection
from graph_builder.analysis.reappearance import BigramCache, best_matches, bigrams
from graph_builder.analysis.run import _write_json, analyze, notice_pairs
from graph_builder.parse.records import Notice


@pytest.fixture(scope="module")
def sample_exports(notices: dict[str, Notice], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder like `policykg build`'s: the N-Quads dump, then the embedded store loaded from it."""
    import pyoxigraph as ox

    from graph_builder.rdf.build import build_dataset
    from graph_builder.store.export import to_oxigraph

    folder = tmp_path_factory.mktemp("exports")
    quads = to_oxigraph(build_dataset(list(notices.values()), include_ontology=False))
    dump = folder / "policykg.nq"
    dump.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")
    store = ox.Store(str(folder / "store"))
    store.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    return folder


def test_the_store_is_read_when_it_is_as_new_as_the_dump(sample_exports: Path, sample_corpus: Corpus) -> None:
    assert dataset_source(sample_exports) == ("store", sample_exports / "store")
    from_store = load_corpus(open_dataset(sample_exports))
    assert from_store.notices == sample_corpus.notices
    assert from_store.assignments == sample_corpus.assignments  # the same order from either store
    assert list(from_store.texts.items()) == list(sample_corpus.texts.items())


def test_the_dump_is_read_when_the_store_is_older_or_busy(sample_exports: Path, tmp_path: Path,
                                                          sample_corpus: Corpus) -> None:
    import shutil

    folder = tmp_path / "exports"
    shutil.copytree(sample_exports, folder)
    dump = folder / "policykg.nq"
    newest = max([(folder / "store").stat().st_mtime] + [p.stat().st_mtime for p in (folder / "store").iterdir()])
    os.utime(dump, (newest + 10, newest + 10))
    assert dataset_source(folder) == ("dump", dump)
    assert load_corpus(open_dataset(folder)).assignments == sample_corpus.assignments
    os.utime(dump, (newest - 10, newest - 10))
    assert dataset_source(folder) == ("store", folder / "store")
    (folder / "cache").mkdir()
    (folder / "cache" / "store-state").mkdir(parents=True, exist_ok=True)
    (folder / "cache" / "store-state" / "dirty").touch()  # an incremental build is changing the store
    assert dataset_source(folder) == ("dump", dump)


def test_a_store_alone_is_enough_and_nothing_is_an_error(sample_exports: Path, tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "exports"
    shutil.copytree(sample_exports / "store", folder / "store")
    assert dataset_source(folder) == ("store", folder / "store")
    assert len(load_corpus(open_dataset(folder)).notices) == 4
    with pytest.raises(FileNotFoundError, match=r"\[E401\]"):
        open_dataset(tmp_path / "empty")


def test_for_notices_is_the_filter_in_corpus_order(sample_corpus: Corpus) -> None:
    iris = sorted(sample_corpus.notices)
    for chosen in ([iris[0]], [iris[2], iris[1]], iris, []):
        part = sample_corpus.for_notices(chosen)
        assert part.assignments == [a for a in sample_corpus.assignments if a.notice in chosen]
        assert list(part.texts.items()) == [(k, v) for k, v in sample_corpus.texts.items() if v[0] in chosen]
    grown = Corpus(dict(sample_corpus.notices), list(sample_corpus.assignments), dict(sample_corpus.texts))
    grown.for_notices([iris[0]])
    extra = Assignment(iris[0], "t-new", "task", 999, "t", "", "u-new", "新局", AgentKind.UNIT, Role.PRIMARY)
    grown.assignments.append(extra)  # the index follows the lists
    assert grown.for_notices([iris[0]]).assignments[-1] == extra


def test_exact_betweenness_is_networkx_float_for_float(sample_corpus: Corpus) -> None:
    graphs = [unit_projection(sample_corpus.for_notices([n])) for n in sample_corpus.notices]
    rng = random.Random(3)
    for _ in range(20):  # small integer weights: many paths of equal length, the ties count
        g = nx.gnm_random_graph(rng.randint(3, 40), rng.randint(2, 120), seed=rng.randint(0, 999))
        for u, v in g.edges:
            g.edges[u, v]["distance"] = 1.0 / rng.choice((1, 2, 3, 6))
        graphs.append(g)
    for g in graphs:
        assert list(exact_betweenness(g).items()) == \
            list(nx.betweenness_centrality(g, weight="distance", normalized=True).items())


def _plain_best_matches(upper: Mapping[str, str], lower: Mapping[str, str]) -> list[tuple[str, str | None, float]]:
    """The first version of best_matches: dicts and loops."""
    df: Counter[str] = Counter()
    for text in (*upper.values(), *lower.values()):
        df.update(set(bigrams(text)))
    n = len(upper) + len(lower)
    idf = {g: math.log((1 + n) / (1 + c)) + 1.0 for g, c in df.items()}

    def vectors(docs: Mapping[str, str]) -> dict[str, dict[str, float]]:
        out = {}
        for key, text in docs.items():
            vec = {g: c * idf[g] for g, c in bigrams(text).items()}
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            out[key] = {g: v / norm for g, v in vec.items()}
        return out

    up, low = vectors(upper), vectors(lower)
    index: dict[str, list[tuple[str, float]]] = {}
    for key, vec in low.items():
        for g, v in vec.items():
            index.setdefault(g, []).append((key, v))
    out: list[tuple[str, str | None, float]] = []
    for key, vec in up.items():
        scores: dict[str, float] = defaultdict(float)
        for g, v in vec.items():
            for other, w in index.get(g, ()):
                scores[other] += v * w
        if scores:
            best, score = max(scores.items(), key=lambda x: (x[1], x[0]))
            out.append((key, best, round(score, 4)))
        else:
            out.append((key, None, 0.0))
    return out


def test_best_matches_are_the_plain_cosine(sample_corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    _, levels = notice_pairs(sample_corpus)
    texts = sample_corpus.texts
    cache = BigramCache()
    for upper, lower in levels:
        up = {t: v[2] for t, v in texts.items() if v[0] == upper and v[2]}
        low = {t: v[2] for t, v in texts.items() if v[0] == lower and v[2]}
        assert [(m.upper, m.lower, m.score) for m in best_matches(up, low, cache=cache)] == \
            _plain_best_matches(up, low)
    pool = [v[2] for v in texts.values() if v[2]][:200] + ["", "2023年", "ABC"]
    rng = random.Random(5)
    monkeypatch.setattr(reappearance, "_BLOCK", 50)  # many blocks of upper tasks
    for _ in range(30):  # repeated texts: equal scores go to the greatest lower key
        up = {f"u{i}": rng.choice(pool) for i in range(rng.randint(0, 15))}
        low = {f"l{i:02d}": rng.choice(pool[:12] + pool[-3:]) for i in range(rng.randint(0, 15))}
        assert [(m.upper, m.lower, m.score) for m in best_matches(up, low)] == _plain_best_matches(up, low)


def _notice(key: str, issued: str, level: str, place: str, parent: str) -> NoticeInfo:
    return NoticeInfo(key, key, key, issued, level, place, parent)


def test_notice_pairs_are_linear_unless_all_are_asked_for() -> None:
    infos = [_notice("c-2022", "2022-02-01", "city", "甲市", "省"), _notice("c-2023a", "2023-01-05", "city", "甲市", "省"),
             _notice("c-2023b", "2023-03-01", "city", "甲市", "省"), _notice("x-2022", "2022-03-01", "county", "乙县", "甲市"),
             _notice("x-2023", "2023-04-01", "county", "乙县", "甲市"), _notice("y-2023", "2023-05-01", "county", "丙县", "甲市"),
             _notice("x-2024", "2024-04-01", "county", "乙县", "甲市")]
    corpus = Corpus({n.iri: n for n in infos})
    years, levels = notice_pairs(corpus)
    assert years == [("c-2022", "c-2023a"), ("x-2022", "x-2023"), ("c-2023a", "c-2023b"), ("x-2023", "x-2024")]
    assert levels == [("c-2022", "x-2022"), ("c-2023b", "x-2023"), ("c-2023b", "y-2023")]
    years, levels = notice_pairs(corpus, all_pairs=True)
    assert sorted(years) == sorted([("c-2022", "c-2023a"), ("c-2022", "c-2023b"), ("c-2023a", "c-2023b"),
                                    ("x-2022", "x-2023"), ("x-2022", "x-2024"), ("x-2023", "x-2024")])
    assert levels == [("c-2022", "x-2022"), ("c-2023a", "x-2023"), ("c-2023a", "y-2023"),
                      ("c-2023b", "x-2023"), ("c-2023b", "y-2023")]


def test_analysis_json_is_the_plain_dump(sample_corpus: Corpus) -> None:
    result = analyze(sample_corpus, per_notice=False)
    out = io.BytesIO()
    _write_json(result, out)
    plain = json.dumps({"methods": result.methods, "include_collective": result.include_collective,
                        "tables": result.tables}, ensure_ascii=False, indent=1)
    assert json.loads(out.getvalue()) == json.loads(plain)


def test_methods_say_which_scopes_were_sampled(sample_corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph_builder.analysis import run
    from graph_builder.analysis.centrality import centrality

    # the whole corpus (172 units) above the exact limit, each notice below it
    monkeypatch.setattr(run, "centrality", lambda g: centrality(g, exact_limit=100))
    method = analyze(sample_corpus).methods["unit betweenness"]
    sampled, exact = method.split("; ")
    assert sampled.startswith("sampled") and sampled.endswith("(all)")
    assert exact.startswith("exact") and "yanzhou-2023" in exact
