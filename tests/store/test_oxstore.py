"""The embedded store: loaded from the N-Quads export, swapped in whole, opened read-only by many."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_builder.store.oxstore import BackgroundLoad, StoreError, load_store, open_store, store_path


def nquads_lines(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def test_load_store_counts_every_quad(exports_copy: Path) -> None:
    result = load_store(exports_copy)
    assert result.path == store_path(exports_copy)
    assert result.quads == nquads_lines(exports_copy / "policykg.nq")
    store = open_store(exports_copy)
    assert len(store) == result.quads
    graphs = {g.value for g in store.named_graphs()}
    notices = {f"https://policykg.example.org/id/notice/{k}"
               for k in ("jiaxiang-2023", "jining-2020", "jining-2023", "yanzhou-2023")}
    assert notices | {"https://policykg.example.org/ontology/policykg"} <= graphs  # named graphs kept


def test_reload_replaces_the_store(exports_copy: Path) -> None:
    first = load_store(exports_copy)
    again = load_store(exports_copy)
    assert again.quads == first.quads
    assert [p.name for p in exports_copy.iterdir() if p.name.startswith(".store")] == []


def _without_blank_labels(store: ox.Store) -> set[tuple[str, ...]]:
    """The quads of ``store`` as text, blank nodes unlabelled (a store relabels them when it loads them)."""
    def text(term: object) -> str:
        return "_:" if isinstance(term, ox.BlankNode) else str(term)
    return {tuple(text(t) for t in (q.subject, q.predicate, q.object, q.graph_name)) for q in store}


def _split(nq: Path, folder: Path) -> list[str]:
    """The N-Quads export as one file per named graph, as a build's cache holds them."""
    by_graph: dict[str, list[str]] = {}
    for line in nq.read_text(encoding="utf-8").splitlines(keepends=True):
        by_graph.setdefault(line.rsplit(" ", 2)[-2], []).append(line)
    files = []
    for k, lines in enumerate(by_graph.values()):
        path = folder / f"graph-{k}.nq"
        path.write_text("".join(lines), encoding="utf-8")
        files.append(str(path))
    return files


def test_background_load_takes_pieces_while_they_come_and_the_rest_at_the_end(exports_copy: Path,
                                                                             tmp_path: Path) -> None:
    files = _split(exports_copy / "policykg.nq", tmp_path)
    load_store(exports_copy)
    expected = _without_blank_labels(open_store(exports_copy))
    loading = BackgroundLoad(exports_copy)
    for path in files[:2]:  # as two workers finish their notices
        loading.add(path)
    result = loading.finish(files)  # every graph in order: the two given are not loaded twice
    assert result.quads == nquads_lines(exports_copy / "policykg.nq")
    assert _without_blank_labels(open_store(exports_copy)) == expected
    assert [p.name for p in exports_copy.iterdir() if p.name.startswith(".store")] == []


@pytest.mark.parametrize("recompact", [False, True])
def test_a_big_background_load_is_optimized_before_its_last_pieces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   recompact: bool) -> None:
    # ten graphs stand for a big load: "batches" of 100 quads, optimized once ~70 % of the 400 or more expected are
    # in (expected: the mean graph so far, 50 quads, times ten), the last fifth of the graphs loaded on their own
    from graph_builder.store import oxstore

    files = []
    sizes = [50] * 7 + ([150] * 3 if recompact else [50] * 3)  # the last three bigger than expected
    for g, size in enumerate(sizes):
        path = tmp_path / f"graph-{g}.nq"
        path.write_text("".join(f"<http://e.org/s{g}-{i}> <http://e.org/p> \"{i}\" <http://e.org/g{g}> .\n"
                                for i in range(size)), encoding="utf-8")
        files.append(str(path))
    monkeypatch.setattr(oxstore, "BULK_BATCH", 100)
    monkeypatch.setattr(oxstore, "COMPACT_MIN", 400)
    monkeypatch.setattr(oxstore, "LAST_SHARE", 0.2)
    monkeypatch.setattr(oxstore, "RECOMPACT_AFTER", 200)
    optimized: list[int] = []  # the quads the new store holds each time it is optimized
    real_optimize = ox.Store.optimize

    class Watched:
        def __init__(self, store: ox.Store) -> None:
            self.store = store

        def __getattr__(self, name: str) -> object:
            return getattr(self.store, name)

        def optimize(self) -> None:
            optimized.append(len(self.store))
            real_optimize(self.store)

    fill = oxstore.BackgroundLoad._fill
    monkeypatch.setattr(oxstore.BackgroundLoad, "_fill", lambda self, store: fill(self, Watched(store)))
    loading = BackgroundLoad(tmp_path / "exports", len(files))
    for path, size in zip(files, sizes, strict=True):
        loading.add(path, size)
    assert loading.finish().quads == sum(sizes)
    # to the cut: 300 quads (3 whole "batches" of the 350 that are 70 % of 500), optimized; then the graphs up to
    # the last two; the last two; optimized again when more than RECOMPACT_AFTER came after the first time
    assert loading.runs == ([300, -1, 200, 300, -1] if recompact else [300, -1, 100, 100])
    assert optimized == ([300, 800] if recompact else [300])
    store = open_store(tmp_path / "exports")
    assert len(store) == sum(sizes) and len(list(store.named_graphs())) == 10


def test_a_small_background_load_is_optimized_at_the_end(exports_copy: Path, tmp_path: Path) -> None:
    files = _split(exports_copy / "policykg.nq", tmp_path)
    loading = BackgroundLoad(exports_copy, len(files))
    for path in files:
        loading.add(path, len(Path(path).read_bytes().splitlines()))
    loading.finish()
    assert loading.runs == [nquads_lines(exports_copy / "policykg.nq"), -1]


def test_an_aborted_background_load_leaves_the_store_in_place(exports_copy: Path, tmp_path: Path) -> None:
    files = _split(exports_copy / "policykg.nq", tmp_path)
    before = load_store(exports_copy).quads
    loading = BackgroundLoad(exports_copy)
    loading.add(files[0])
    loading.abort()  # e.g. Ctrl-C while the workers build
    assert len(open_store(exports_copy)) == before
    assert [p.name for p in exports_copy.iterdir() if p.name.startswith(".store")] == []
    with pytest.raises(Exception, match="stopped before its last piece"):
        loading.finish()


def test_two_readers_at_once(exports: Path) -> None:
    a, b = open_store(exports), open_store(exports)
    assert len(a) == len(b) > 0
    with pytest.raises((OSError, RuntimeError), match="read-write"):
        a.add(ox.Quad(ox.NamedNode("http://e.org/s"), ox.NamedNode("http://e.org/p"), ox.Literal("o")))


def test_missing_store_and_dataset(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"\[E401\] no SPARQL store"):
        open_store(tmp_path)
    with pytest.raises(StoreError, match=r"\[E401\] no dataset export .*policykg build"):
        load_store(tmp_path)


def test_a_graph_replaced_in_place_holds_the_file_and_nothing_else_changes(tmp_path: Path) -> None:
    from graph_builder.store.oxstore import _replace_graph

    g, other = ox.NamedNode("http://example.org/g"), ox.NamedNode("http://example.org/other")
    positive = "<http://www.w3.org/2001/XMLSchema#positiveInteger>"
    store = ox.Store()
    store.load(f"""<http://e/a> <http://e/n> "1"^^{positive} <http://example.org/g> .
<http://e/a> <http://e/label> "甲" <http://example.org/g> .
<http://e/gone> <http://e/label> "乙" <http://example.org/g> .
<http://e/a> <http://e/label> "甲" <http://example.org/other> .
""".encode(), format=ox.RdfFormat.N_QUADS)
    new = tmp_path / "g.nq"
    new.write_text(f"""<http://e/a> <http://e/n> "1"^^{positive} <http://example.org/g> .
<http://e/a> <http://e/label> "甲（改）" <http://example.org/g> .
<http://e/new> <http://e/label> "丙" <http://example.org/g> .
""", encoding="utf-8")
    _replace_graph(store, g, str(new))
    expected = ox.Store()
    expected.load(path=str(new), format=ox.RdfFormat.N_QUADS)
    assert set(store.quads_for_pattern(None, None, None, g)) == set(expected)
    assert len(list(store.quads_for_pattern(None, None, None, other))) == 1  # the other graph as it was
    # with blank nodes the graph is replaced whole (a load relabels them): still the file's quads, counted
    new.write_text("_:b <http://e/label> \"丁\" <http://example.org/g> .\n", encoding="utf-8")
    _replace_graph(store, g, str(new))
    assert [(q.predicate.value, q.object.value) for q in store.quads_for_pattern(None, None, None, g)] == \
        [("http://e/label", "丁")]
