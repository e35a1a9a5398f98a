"""The merged dumps (policykg.nt, policykg.ttl; graph_builder.rdf.incremental.merged_exports): each notice's own
subjects copied from its worker's files, the other triples merged — the union of every graph, each triple once,
a subject in one block of the Turtle, read alike by pyoxigraph and rdflib; also when one notice's key is the
start of another's (``a``, ``a-b``, ``a0``: their IRIs sort among ``a``'s own forms ``a#…``, ``a/…``, ``a``)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from graph_builder.commands.build import collect_inputs
from graph_builder.rdf import iris
from graph_builder.rdf.incremental import _own_statements, build_corpus

A = iris.notice_iri("a")
BEFORE, AFTER = "<http://qudt.org/vocab/unit/M2>", "<https://policykg.example.org/id/unit/x>"  # sort before, after
# the subjects of the graph of notice ``a``, sorted, as the worker writes them: ``a``'s own, and (in theory only:
# a notice never states them) subjects of other notices whose IRIs sort among ``a``'s
SUBJECTS = [(f"<{A}#char=1,2>", True), (f"<{A}#char=3,4>", True), (f"<{A}-b/task/1>", False),
            (f"<{A}/task/1>", True), (f"<{A}/task/2>", True), (f"<{A}0>", False), (f"<{A}>", True)]


def _ntriples(subjects: list[tuple[str, bool]]) -> list[str]:
    return [f'{s} {p} "o" .\n' for s, _ in subjects for p in ("<http://example.org/p>", "<http://example.org/q>")]


@pytest.mark.parametrize("before, after", [([], []), ([(BEFORE, False)], [(AFTER, False)])])
def test_own_statements_of_a_key_that_starts_other_keys(before: list[tuple[str, bool]],
                                                       after: list[tuple[str, bool]]) -> None:
    subjects = before + SUBJECTS + after
    assert _ntriples(subjects) == sorted(_ntriples(subjects))
    own, rest = _own_statements("".join(_ntriples(subjects)).encode(), A)
    assert b"".join(own).decode() == "".join(_ntriples([s for s in subjects if s[1]]))
    assert rest.decode() == "".join(_ntriples([s for s in subjects if not s[1]]))
    # the TriG block of the same graph: each subject's statements in one block, with its indent
    node = ox.NamedNode(A)
    quads = [ox.Quad(t.subject, t.predicate, t.object, node) for t in
             ox.parse("".join(_ntriples(subjects)).encode(), format=ox.RdfFormat.N_TRIPLES)]
    block = ox.serialize(quads, format=ox.RdfFormat.TRIG) or b""
    own, rest = _own_statements(block, A, indent=b"\t")
    lines = b"".join(own).decode().splitlines()
    assert [line.split(" ")[0].strip() for line in lines if not line.startswith("\t\t")] == \
        [s for s, mine in subjects if mine]
    others = {ox.NamedNode(s[1:-1]) for s, mine in subjects if not mine}
    assert set(ox.parse(rest, format=ox.RdfFormat.TRIG)) == {q for q in quads if q.subject in others}


def test_own_statements_hold_every_statement_once_in_any_order() -> None:
    lines = _ntriples([(BEFORE, False), *SUBJECTS, (AFTER, False)])
    for seed in range(20):
        random.Random(seed).shuffle(lines)
        own, rest = _own_statements("".join(lines).encode(), A)
        assert sorted((b"".join(own) + rest).decode().splitlines(keepends=True)) == sorted(lines)


def _assert_merged(out: Path) -> None:
    """policykg.nt and policykg.ttl hold the triples of every graph of policykg.nq, each once; each subject starts
    one block of the Turtle; rdflib reads the Turtle as the N-Triples."""
    union = {q.triple for q in ox.parse(path=str(out / "policykg.nq"), format=ox.RdfFormat.N_QUADS)}
    lines = (out / "policykg.nt").read_bytes().splitlines()
    assert len(lines) == len(set(lines)) == len(union)
    for name, fmt in (("policykg.nt", ox.RdfFormat.N_TRIPLES), ("policykg.ttl", ox.RdfFormat.TURTLE)):
        assert {q.triple for q in ox.parse(path=str(out / name), format=fmt)} == union, name
    turtle = (out / "policykg.ttl").read_text(encoding="utf-8")
    subjects = [line.split(" ", 1)[0] for line in turtle.splitlines() if not line.startswith(("@prefix", "\t"))]
    assert len(subjects) == len(set(subjects))
    assert isomorphic(Graph().parse(out / "policykg.ttl", format="turtle"),
                      Graph().parse(out / "policykg.nt", format="nt"))


def test_merged_exports_of_the_sample(sample_exports: Path) -> None:
    from graph_builder.store.export import _prefixes

    _assert_merged(sample_exports)
    # the prefix lines are those pyoxigraph's Turtle writer gives
    node = ox.NamedNode("urn:x")
    written = ox.serialize([ox.Triple(node, node, node)], format=ox.RdfFormat.TURTLE,
                           prefixes=_prefixes(iris.DEFAULT_BASE)) or b""
    header = b"".join(line for line in written.splitlines(keepends=True) if line.startswith(b"@prefix"))
    data = (sample_exports / "policykg.ttl").read_bytes()
    assert data.startswith(header) and not data[len(header):].startswith(b"@prefix")
    # a notice's own subjects are written as pyoxigraph writes their Turtle (its TriG block, one tab less)
    notice = iris.notice_iri("yanzhou-2023")
    own = sorted((q.triple for q in ox.parse(path=str(sample_exports / "policykg.nq"), format=ox.RdfFormat.N_QUADS)
                  if q.graph_name.value == notice and (q.subject.value == notice
                                                       or q.subject.value.startswith((f"{notice}/", f"{notice}#")))),
                 key=str)
    turtle = ox.serialize(own, format=ox.RdfFormat.TURTLE, prefixes=_prefixes(iris.DEFAULT_BASE)) or b""
    assert len(own) > 1000 and turtle[len(header):] in data


def test_merged_exports_of_notices_whose_keys_start_others(tmp_path: Path) -> None:
    """Synthetic notices under the keys ``a``, ``a-b`` (the same text as ``a``: the same units and people stated by
    both graphs) and ``a0``; built twice, the dumps are the same bytes."""
    from benchmarks.generate_corpus import write_corpus

    write_corpus(tmp_path / "generated", 2)
    folder = tmp_path / "notices"
    folder.mkdir()
    first, second = sorted((tmp_path / "generated").glob("*.txt"))
    shutil.copy(first, folder / "a.txt")
    shutil.copy(first, folder / "a-b.txt")
    shutil.copy(second, folder / "a0.txt")
    dumps = []
    for out in (tmp_path / "one", tmp_path / "two"):
        outcome = build_corpus(collect_inputs([str(folder)]), out, base_iri=iris.DEFAULT_BASE, shacl=False,
                               formats=["ntriples", "turtle", "nquads"])
        assert outcome.notices == 3 and not outcome.errors
        dumps.append([(out / name).read_bytes() for name in ("policykg.nt", "policykg.ttl")])
    assert dumps[0] == dumps[1]
    _assert_merged(tmp_path / "one")
    # the Turtle alone, from the cache: the same bytes; the N-Triples of the earlier build removed as stale
    outcome = build_corpus(collect_inputs([str(folder)]), tmp_path / "two", base_iri=iris.DEFAULT_BASE, shacl=False,
                           formats=["turtle"])
    assert outcome.rebuilt == 0 and (tmp_path / "two" / "policykg.ttl").read_bytes() == dumps[0][1]
    assert not (tmp_path / "two" / "policykg.nt").exists()
    # the notices' own subjects: each notice's in its graph only (what lets the dumps copy them)
    quads = list(ox.parse(path=str(tmp_path / "one" / "policykg.nq"), format=ox.RdfFormat.N_QUADS))
    for key in ("a", "a-b", "a0"):
        notice = iris.notice_iri(key)
        graphs = {q.graph_name.value for q in quads if q.subject.value == notice
                  or q.subject.value.startswith((f"{notice}/", f"{notice}#"))}
        assert graphs == {notice}
