"""Incremental and parallel builds (graph_builder.rdf.incremental): one notice changed or deleted touches its
graph only; two workers give the bytes one gives; the streamed build equals the rdflib dataset."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from graph_builder.commands.build import collect_inputs
from graph_builder.rdf import iris
from graph_builder.rdf.incremental import build_corpus, fingerprint
from graph_builder.store.oxstore import memory_store

ROOT = Path(__file__).resolve().parents[2]
NOTICES = ROOT / "data" / "notices"


def _build(folder: Path, out: Path, *, jobs: int = 1) -> None:
    outcome = build_corpus(collect_inputs([str(folder)]), out, base_iri=iris.DEFAULT_BASE, shacl=False, jobs=jobs)
    assert not outcome.errors and not outcome.usage_error


def _graphs(nq: Path) -> dict[str, set[ox.Quad]]:
    out: dict[str, set[ox.Quad]] = {}
    for q in ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS):
        assert isinstance(q.graph_name, ox.NamedNode)
        out.setdefault(q.graph_name.value, set()).add(q)
    return out


def _split(quads: ox.Store) -> tuple[set[ox.Quad], Counter[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]]:
    """The quads without blank nodes, and the number of quads with blank nodes per graph (the ontology's
    restrictions: each load relabels them, so they are compared by count)."""
    labelled = {q for q in quads if not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object))}
    return labelled, Counter(q.graph_name for q in quads if q not in labelled)


def _cached_parts(out: Path) -> list[Any]:
    """The parts an earlier build cached in ``out``, as the build reads them."""
    import pickle

    parts = []
    for path in sorted((out / "cache").glob("*.part")):
        part = pickle.loads(path.read_bytes())
        part.nquads, part.jsonld = str(out / "cache" / part.nquads), str(out / "cache" / part.jsonld)
        parts.append(part)
    return parts


def _assert_store_holds_the_dump(exports: Path) -> None:
    """The embedded store holds exactly the quads and the named graphs of policykg.nq (read through a store:
    pyoxigraph 0.5 gives xsd:positiveInteger and xsd:nonNegativeInteger back as xsd:integer)."""
    store = ox.Store.read_only(str(exports / "store"))
    dump = memory_store(exports)
    assert _split(store) == _split(dump)
    assert set(store.named_graphs()) == set(dump.named_graphs())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("incremental")
    folder = base / "notices"
    shutil.copytree(NOTICES, folder)
    out = base / "exports"
    _build(folder, out, jobs=2)
    return folder, out


def test_changed_notice_rebuilds_its_graph_only(built: tuple[Path, Path], tmp_path: Path) -> None:
    folder, out = built
    work, exports = tmp_path / "notices", tmp_path / "exports"
    shutil.copytree(folder, work)
    shutil.copytree(out, exports)
    before = {p.name: p.read_bytes() for p in (exports / "cache").glob("*.nq")}
    target = work / "jining-2023.txt"
    target.write_text(target.read_text(encoding="utf-8").replace("。", "；", 1), encoding="utf-8")
    (exports / "cache" / "yanzhou-2023.nt").write_bytes(b"")  # what builds before 2026-11-26 cached
    outcome = build_corpus(collect_inputs([str(work)]), exports, base_iri=iris.DEFAULT_BASE, shacl=False)
    assert outcome.rebuilt == 1 and outcome.notices == 4
    assert list((exports / "cache").glob("*.nt")) == []
    assert outcome.store.startswith("updated in place: 1 notice graphs reloaded, 0 dropped"), outcome.store
    _assert_store_holds_the_dump(exports)
    after = {p.name: p.read_bytes() for p in (exports / "cache").glob("*.nq")}
    assert {n for n in before if before[n] != after[n]} == {"jining-2023.nq"}
    old, new = _graphs(out / "policykg.nq"), _graphs(exports / "policykg.nq")
    changed = iris.notice_iri("jining-2023")
    assert old[changed] != new[changed]
    for name in old:
        if name.startswith(iris.DEFAULT_BASE + "notice/") and name != changed:
            assert old[name] == new[name]
    # a rebuild from scratch gives the same bytes as the incremental one
    fresh = tmp_path / "fresh"
    _build(work, fresh)
    for name in ("policykg.nq", "policykg.nt", "policykg.ttl", "policykg.jsonld", "void.ttl"):
        assert (fresh / name).read_bytes() == (exports / name).read_bytes(), name


def test_deleted_notice_loses_its_graph(built: tuple[Path, Path], tmp_path: Path) -> None:
    folder, out = built
    work, exports = tmp_path / "notices", tmp_path / "exports"
    shutil.copytree(folder, work)
    shutil.copytree(out, exports)
    (work / "yanzhou-2023.txt").unlink()
    outcome = build_corpus(collect_inputs([str(work)]), exports, base_iri=iris.DEFAULT_BASE, shacl=False)
    assert outcome.rebuilt == 0 and outcome.notices == 3
    graphs = _graphs(exports / "policykg.nq")
    assert iris.notice_iri("yanzhou-2023") not in graphs
    assert not (exports / "cache" / "yanzhou-2023.nq").exists()
    store = ox.Store.read_only(str(exports / "store"))
    assert not store.contains_named_graph(ox.NamedNode(iris.notice_iri("yanzhou-2023")))
    assert store.contains_named_graph(ox.NamedNode(iris.notice_iri("jining-2023")))
    assert outcome.store.startswith("updated in place: 0 notice graphs reloaded, 1 dropped"), outcome.store
    del store
    _assert_store_holds_the_dump(exports)


def test_many_changed_notices_reload_the_store_whole(built: tuple[Path, Path], tmp_path: Path) -> None:
    """Two of four notices changed (more than IN_PLACE_SHARE): a bulk load, not two graphs dropped and loaded."""
    folder, out = built
    work, exports = tmp_path / "notices", tmp_path / "exports"
    shutil.copytree(folder, work)
    shutil.copytree(out, exports)
    for name in ("jining-2023.txt", "yanzhou-2023.txt"):
        (work / name).write_text((work / name).read_text(encoding="utf-8").replace("。", "；", 1), encoding="utf-8")
    outcome = build_corpus(collect_inputs([str(work)]), exports, base_iri=iris.DEFAULT_BASE, shacl=False)
    assert outcome.rebuilt == 2 and outcome.store.startswith("bulk-loaded ("), outcome.store
    _assert_store_holds_the_dump(exports)


def test_interrupted_store_update_is_reloaded_whole(built: tuple[Path, Path], tmp_path: Path) -> None:
    folder, out = built
    exports = tmp_path / "exports"
    shutil.copytree(out, exports)
    (exports / "cache" / "store-state" / "dirty").touch()  # what an update killed half-way leaves
    outcome = build_corpus(collect_inputs([str(folder)]), exports, base_iri=iris.DEFAULT_BASE, shacl=False)
    assert outcome.rebuilt == 0 and outcome.store.startswith("bulk-loaded ("), outcome.store
    assert not (exports / "cache" / "store-state" / "dirty").exists()
    _assert_store_holds_the_dump(exports)


def _store_quads(exports: Path) -> tuple[set[ox.Quad], Counter[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]]:
    return _split(ox.Store.read_only(str(exports / "store")))


def _void_without_dumps(exports: Path) -> set[ox.Triple]:
    dumps = {ox.NamedNode("http://rdfs.org/ns/void#dataDump"), ox.NamedNode("http://www.w3.org/ns/dcat#distribution")}
    triples = set(ox.parse(path=str(exports / "void.ttl"), format=ox.RdfFormat.TURTLE))
    distributions = {t.object for t in triples if t.predicate in dumps}
    return {t for t in triples if t.predicate not in dumps and t.subject not in distributions}


def test_no_dumps_updates_the_store_and_removes_stale_dumps(built: tuple[Path, Path], tmp_path: Path) -> None:
    """``--no-dumps``: one changed notice; the dumps of the earlier build go (they no longer describe the data),
    the store holds what a full build of the changed notices dumps, void.ttl lists no dump and counts the same;
    a later build with dumps writes them from the cache, the bytes of a build from scratch."""
    folder, out = built
    work, exports, fresh = tmp_path / "notices", tmp_path / "exports", tmp_path / "fresh"
    shutil.copytree(folder, work)
    shutil.copytree(out, exports)
    target = work / "jining-2023.txt"
    target.write_text(target.read_text(encoding="utf-8").replace("。", "；", 1), encoding="utf-8")
    outcome = build_corpus(collect_inputs([str(work)]), exports, base_iri=iris.DEFAULT_BASE, shacl=False,
                           dumps=False)
    assert outcome.rebuilt == 1 and not outcome.errors
    assert sorted(p.name for p in exports.glob("policykg.*")) == []
    assert {p.name for p in outcome.written} == {"context.jsonld", "void.ttl", "build-report.md"}
    _build(work, fresh)
    assert _store_quads(exports) == _store_quads(fresh)
    assert _void_without_dumps(exports) == _void_without_dumps(fresh)
    assert "dataDump" not in (exports / "void.ttl").read_text(encoding="utf-8")
    again = build_corpus(collect_inputs([str(work)]), exports, base_iri=iris.DEFAULT_BASE, shacl=False)
    assert again.rebuilt == 0
    for name in ("policykg.nq", "policykg.nt", "policykg.ttl", "policykg.trig", "policykg.jsonld", "void.ttl"):
        assert (exports / name).read_bytes() == (fresh / name).read_bytes(), name


def test_cold_build_without_dumps_loads_the_store_from_the_cache(built: tuple[Path, Path], tmp_path: Path) -> None:
    folder, out = built
    outcome = build_corpus(collect_inputs([str(folder)]), tmp_path / "exports", base_iri=iris.DEFAULT_BASE,
                           shacl=False, dumps=False, jobs=2)
    assert outcome.rebuilt == 4 and outcome.store.startswith("bulk-loaded ("), outcome.store
    assert not list((tmp_path / "exports").glob("policykg.*"))
    assert _store_quads(tmp_path / "exports") == _store_quads(out)


def test_cache_without_store_state_or_with_a_lost_part(built: tuple[Path, Path], tmp_path: Path) -> None:
    """The notices to build at once come from the store state; without it every cached part is read, and a part
    that cannot be read is rebuilt after the others were read."""
    folder, out = built
    exports = tmp_path / "exports"
    shutil.copytree(out, exports)
    (exports / "cache" / "store-state" / "state.json").unlink()
    outcome = build_corpus(collect_inputs([str(folder)]), exports, base_iri=iris.DEFAULT_BASE, shacl=False)
    assert (outcome.rebuilt, outcome.notices) == (0, 4)
    (exports / "cache" / "yanzhou-2023.part").write_bytes(b"not a pickle")
    outcome = build_corpus(collect_inputs([str(folder)]), exports, base_iri=iris.DEFAULT_BASE, shacl=False, jobs=2)
    assert (outcome.rebuilt, outcome.notices) == (1, 4) and not outcome.errors
    for name in ("policykg.nq", "void.ttl"):
        assert (exports / name).read_bytes() == (out / name).read_bytes(), name


def test_two_workers_give_the_bytes_of_one(built: tuple[Path, Path], tmp_path: Path) -> None:
    folder, out = built
    serial = tmp_path / "serial"
    _build(folder, serial, jobs=1)
    for path in sorted(out.glob("policykg.*")) + [out / "void.ttl", out / "build-report.md"]:
        assert (serial / path.name).read_bytes() == path.read_bytes(), path.name


def test_streamed_build_equals_the_rdflib_dataset(built: tuple[Path, Path]) -> None:
    from graph_builder.extract.annotate import annotate
    from graph_builder.parse import parse_path
    from graph_builder.rdf.build import build_dataset
    from graph_builder.read import read_path
    from graph_builder.store.export import to_oxigraph

    folder, out = built
    notices, texts = [], {}
    for path in collect_inputs([str(folder)]):
        notice = parse_path(path)
        texts[notice.source] = read_path(path).text
        annotate(notice, texts[notice.source])
        notices.append(notice)
    expected = set(to_oxigraph(build_dataset(notices, texts=texts)))
    assert set(ox.parse(path=str(out / "policykg.nq"), format=ox.RdfFormat.N_QUADS)) == expected


def test_notice_scope_checks_run_in_the_worker_and_see_a_bad_span(built: tuple[Path, Path]) -> None:
    from graph_builder.rdf.build import statistics_quads
    from graph_builder.rdf.incremental import combine_checks, load_part
    from graph_builder.rdf.notice_checks import notice_checks
    from graph_builder.rdf.ontology import load_checks

    folder, out = built
    part = load_part(out / "cache", folder / "yanzhou-2023.txt", fingerprint(iris.DEFAULT_BASE))
    assert part is not None
    checks = load_checks("notice")
    assert {"span-order-violation", "task-number-unique-violation"} <= set(checks)
    assert "merge-unused-violation" not in checks  # reads the resolution graph and every notice
    assert [c.name for c in part.checks] == sorted(checks) and all(c.ok for c in part.checks)
    notice = ox.NamedNode(iris.notice_iri("yanzhou-2023"))

    def run(nquads: bytes, counts: list[ox.Quad]) -> list[Any]:  # what the worker runs
        return notice_checks(notice.value, nquads, counts, checks)

    # a mention that ends before it starts, in the notice's own graph
    mention = f"<{iris.mention_iri(notice.value, 9, 3)}>"
    bad = (f"<{iris.section_iri(notice.value, 1)}> "
           f"<https://policykg.example.org/ontology/policykg#evidence> {mention} {notice} .\n"
           f'{mention} <http://www.w3.org/ns/oa#exact> "x" {notice} .\n')
    found = run(Path(part.nquads).read_bytes() + bad.encode(), [])
    failed = {c.name: c.rows for c in found if not c.ok}
    # the notice's own task counts are missing here: tally-mismatch reports every (party, role) of the notice
    assert "span-order-violation" in failed and len(failed["span-order-violation"]) == 1
    assert set(failed) == {"span-order-violation", "tally-mismatch-violation"}
    assert len(failed["tally-mismatch-violation"]) == len(part.tallies)
    # with its counts, one of them wrong: that one row
    counts = {(ox.NamedNode(party), ox.NamedNode(role)): n for (party, role), n in part.tallies.items()}
    party, role = next(iter(counts))
    counts[(party, role)] += 1
    found = run(Path(part.nquads).read_bytes(), statistics_quads(counts, base_iri=iris.DEFAULT_BASE))
    rows = next(c.rows for c in found if c.name == "tally-mismatch-violation")
    assert [(r["party"], r["role"]) for r in rows] == [(str(party), str(role))]
    # the report lists every check once: notice-scope rows of every part, and the dataset-scope ones
    combined = combine_checks([part, part], [])
    assert [c.name for c in combined] == sorted(checks)


def test_the_analysis_knows_the_marker_of_a_store_update() -> None:
    from graph_builder.analysis.data import STORE_BUSY_MARKERS
    from graph_builder.store.oxstore import STORE_DIRTY

    assert str(STORE_DIRTY) in STORE_BUSY_MARKERS


def test_a_store_reloaded_outside_the_build_is_reloaded_by_the_next_build(built: tuple[Path, Path],
                                                                          tmp_path: Path) -> None:
    from graph_builder.store.oxstore import load_store

    folder, out = built
    exports = tmp_path / "exports"
    shutil.copytree(out, exports)
    load_store(exports)  # what `policykg query --load` does: the build's record of the store no longer holds
    outcome = build_corpus(collect_inputs([str(folder)]), exports, base_iri=iris.DEFAULT_BASE, shacl=False)
    assert outcome.store.startswith("bulk-loaded"), outcome.store
    _assert_store_holds_the_dump(exports)


def test_what_the_cache_keeps_of_the_shared_graphs_is_made_again_when_stale(built: tuple[Path, Path],
                                                                            tmp_path: Path) -> None:
    """The ontology's graph and the shared graphs' summaries kept in the cache: read back equal to what is made
    without a cache; a file of another builder, or a broken one, is made again."""
    import pickle

    from graph_builder.rdf import incremental
    from graph_builder.rdf.build import ontology_triples
    from graph_builder.rdf.validate import CheckFacts
    from graph_builder.store.stats import graph_stats

    made = sorted(str(q) for q in incremental._ontology_quads(None, iris.DEFAULT_BASE))
    assert len(made) == len(list(ontology_triples()))
    kept = tmp_path / incremental.ONTOLOGY_CACHE
    assert sorted(str(q) for q in incremental._ontology_quads(tmp_path, iris.DEFAULT_BASE)) == made  # written
    assert kept.is_file()
    assert sorted(str(q) for q in incremental._ontology_quads(tmp_path, iris.DEFAULT_BASE)) == made  # read
    for stale in (b"# builder another\n<a:b> <a:c> <a:d> <a:g> .\n",
                  f"# builder {fingerprint(iris.DEFAULT_BASE)}\n<a:b> broken".encode()):
        kept.write_bytes(stale)
        assert sorted(str(q) for q in incremental._ontology_quads(tmp_path, iris.DEFAULT_BASE)) == made
        assert kept.read_bytes() != stale

    _, out = built
    parts = _cached_parts(out)
    assembly = incremental.assemble(parts, base_iri=iris.DEFAULT_BASE)
    shared = {g: assembly.shared_quads(g) for g in assembly.shared_nquads}
    expected = ([CheckFacts.of(ox.NamedNode(g), (q.triple for q in qs)) for g, qs in shared.items()],
                [graph_stats(g, (q.triple for q in qs)) for g, qs in shared.items()])
    summaries = tmp_path / incremental.SHARED_SUMMARIES
    first = incremental.shared_summaries(assembly, summaries, "builder", base_iri=iris.DEFAULT_BASE)
    assert (first[0], first[1]) == expected and first[2]  # the sample notices merge printed names
    # kept by the digest of the builder and the graphs: planted values are read back, not made again...
    summaries.write_bytes(pickle.dumps({key: ("kept", "kept") for key in pickle.loads(summaries.read_bytes())}))
    again = incremental.shared_summaries(assembly, summaries, "builder", base_iri=iris.DEFAULT_BASE)
    assert again == (["kept"] * len(shared), ["kept"] * len(shared), ("kept", "kept"))
    # ...but another builder's are not
    other = incremental.shared_summaries(assembly, summaries, "another builder", base_iri=iris.DEFAULT_BASE)
    assert (other[0], other[1]) == expected and other[2] == first[2]


def test_shacl_sample_holds_the_sampled_graphs_and_the_shared_facts_of_what_they_name(
        built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Above SHACL_FULL_LIMIT quads pySHACL reads a sample of notice graphs with the shared triples about what
    they name (and name merges into it), the regions and the ontology: computed here from the terms."""

    from graph_builder.rdf import incremental

    _, out = built
    parts = _cached_parts(out)
    assembly = incremental.assemble(parts, base_iri=iris.DEFAULT_BASE)
    whole, how = incremental.shacl_sample(assembly, 10, set())
    assert how.startswith("the union of every graph")
    assert {q.triple for q in ox.parse(whole, format=ox.RdfFormat.N_TRIPLES)} == \
        {q.triple for g in assembly.graphs for q in assembly.graph_quads(g)}

    yanzhou = iris.notice_iri("yanzhou-2023")
    # one notice rebuilt of four: its graph and the shared facts, however small the dataset (not the whole union)
    small, how = incremental.shacl_sample(assembly, 10, {yanzhou})
    assert how.startswith("1 of the 1 notice graphs this build made (4 in all")
    monkeypatch.setattr(incremental, "SHACL_SAMPLE_QUADS", 1)  # the first graph of the sample is enough
    data, how = incremental.shacl_sample(assembly, incremental.SHACL_FULL_LIMIT + 1, {yanzhou})
    assert how.startswith("1 of the 1 notice graphs this build made (4 in all") and data == small
    sampled = {q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}
    notice = {q.triple for q in assembly.graph_quads(yanzhou)}
    subjects = {t.subject for t in notice}
    merged_into = ox.NamedNode("https://policykg.example.org/ontology/policykg#mergedInto")
    shared = [q for g in assembly.shared_nquads for q in assembly.shared_quads(g)]
    merges = {q.subject for q in shared if q.predicate == merged_into and q.object in subjects}
    expected = notice | {q.triple for q in shared if q.subject in subjects or q.subject in merges
                         or q.graph_name.value.endswith("graph/regions")
                         or q.graph_name.value.startswith("https://policykg.example.org/ontology/")}
    assert sampled == expected
    # what yanzhou-2023 names is there (the label of a unit it assigns), another notice's graph is not
    assert any(t.predicate.value.endswith("prefLabel") and t.subject in subjects for t in sampled)
    below = iris.notice_iri("jining-2023") + "/"
    assert not any(isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(below) for t in sampled)


def test_early_shacl_job_is_used_only_when_its_sample_is_the_builds(built: tuple[Path, Path], tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """On an incremental build pySHACL's sample is submitted before the shared graphs are made, from the last
    build's; its result counts only if the build's own sample is the same bytes, else that one is validated."""
    from graph_builder.rdf import incremental

    folder, out = built
    work, exports = tmp_path / "notices", tmp_path / "exports"
    shutil.copytree(folder, work)
    shutil.copytree(out, exports)
    jobs: list[bytes] = []
    submit = incremental._Exporters.submit

    def counted(self: incremental._Exporters, fn: Any, *args: Any) -> Any:
        if fn is incremental.shacl_job:
            jobs.append(args[0])
        return submit(self, fn, *args)

    monkeypatch.setattr(incremental._Exporters, "submit", counted)

    def rebuild(old: str, new: str) -> Any:
        jobs.clear()
        target = work / "jining-2023.txt"
        target.write_text(target.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        return build_corpus(collect_inputs([str(work)]), exports, base_iri=iris.DEFAULT_BASE, jobs=2, dumps=False)

    # a full stop becomes a semicolon: no name, no count changes — the early job is the build's
    outcome = rebuild("。", "；")
    assert outcome.rebuilt == 1 and outcome.validation.shacl.conforms
    assert len(jobs) == 1
    # a unit the notice names gets another printed name: its labels change — the build validates its own sample
    outcome = rebuild("市发展改革委", "市发展和改革委员会")
    assert outcome.rebuilt == 1 and outcome.validation.shacl.conforms
    assert len(jobs) == 2 and jobs[0] != jobs[1]


def test_trig_export_of_blocks_is_the_dataset_serialised_whole(built: tuple[Path, Path]) -> None:
    """The TriG dump is the prefix lines and each graph's block, the notices' written by their workers: the bytes
    pyoxigraph writes for the whole dataset."""
    from graph_builder.store.export import _prefixes

    _, out = built
    whole = ox.serialize(ox.parse(path=str(out / "policykg.nq"), format=ox.RdfFormat.N_QUADS),
                         format=ox.RdfFormat.TRIG, prefixes=_prefixes(iris.DEFAULT_BASE))
    assert (out / "policykg.trig").read_bytes() == whole
    assert len(list((out / "cache").glob("*.trig"))) == 4


def test_a_shared_graph_the_last_build_had_and_this_one_has_not_is_dropped_in_place(built: tuple[Path, Path],
                                                                                    tmp_path: Path) -> None:
    """A shared graph can vanish (the name merges of a deleted notice were the only ones): the store drops it."""
    from graph_builder.store.oxstore import STORE_SHARED, store_path

    folder, out = built
    exports = tmp_path / "exports"
    shutil.copytree(out, exports)
    gone = ox.NamedNode(iris.DEFAULT_BASE + "graph/vanished")
    quad = ox.Quad(ox.NamedNode(iris.DEFAULT_BASE + "x"), ox.NamedNode(iris.DEFAULT_BASE + "p"), ox.Literal("甲"), gone)
    store = ox.Store(str(store_path(exports)))  # as the last build left it: the graph in the store and its record
    store.add(quad)
    store.flush()
    del store
    with (exports / STORE_SHARED).open("ab") as recorded:
        recorded.write(f"{quad} .\n".encode())
    outcome = build_corpus(collect_inputs([str(folder)]), exports, base_iri=iris.DEFAULT_BASE, shacl=False)
    assert outcome.rebuilt == 0 and outcome.store.startswith("updated in place"), outcome.store
    assert gone not in set(ox.Store.read_only(str(store_path(exports))).named_graphs())
    _assert_store_holds_the_dump(exports)


def test_a_cache_file_cut_short_is_rebuilt(built: tuple[Path, Path], tmp_path: Path) -> None:
    """The cache files are written without their own fsync: one a stopped machine left short is not used."""
    folder, out = built
    exports = tmp_path / "exports"
    shutil.copytree(out, exports)
    short = exports / "cache" / "jining-2023.trig"
    short.write_bytes(short.read_bytes()[:100])
    outcome = build_corpus(collect_inputs([str(folder)]), exports, base_iri=iris.DEFAULT_BASE, shacl=False)
    assert outcome.rebuilt == 1 and outcome.notices == 4
    for name in ("policykg.nq", "policykg.trig", "policykg.ttl", "policykg.jsonld"):
        assert (exports / name).read_bytes() == (out / name).read_bytes(), name


def test_a_build_that_changes_most_notices_loads_the_store_beside_its_workers(built: tuple[Path, Path], tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Past IN_PLACE_SHARE of the notices changed (the builder changed: all of them), the store is replaced whole —
    loaded while the workers build, as in a first build; one notice of four changed, it is updated in place."""
    from graph_builder.store import oxstore

    folder, out = built
    work, exports = tmp_path / "notices", tmp_path / "exports"
    shutil.copytree(folder, work)
    shutil.copytree(out, exports)
    started: list[int] = []

    class Watched(oxstore.BackgroundLoad):
        def __init__(self, exports_dir: Path, expected: int = 0) -> None:
            started.append(expected)
            super().__init__(exports_dir, expected)

    monkeypatch.setattr(oxstore, "BackgroundLoad", Watched)

    def edit(*names: str) -> Any:
        for name in names:
            target = work / f"{name}.txt"
            target.write_text(target.read_text(encoding="utf-8").replace("。", "；", 1), encoding="utf-8")
        return build_corpus(collect_inputs([str(work)]), exports, base_iri=iris.DEFAULT_BASE, shacl=False)

    outcome = edit("jining-2023")
    assert outcome.rebuilt == 1 and started == [] and outcome.store.startswith("updated in place")
    outcome = edit("jining-2020", "jining-2023", "yanzhou-2023")
    assert outcome.rebuilt == 3 and started == [4] and outcome.store.startswith("bulk-loaded")
    _assert_store_holds_the_dump(exports)
