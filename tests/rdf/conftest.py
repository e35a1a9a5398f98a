"""Fixtures of the RDF tests: hand-built notices (independent of the parser) and the sample build.

``make_notice`` builds a :class:`~graph_builder.parse.records.Notice` and its
source text from a compact description; every span is found in the text it
writes, so quotes equal the source characters by construction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_builder.parse.records import LeaderRef, Level, Notice, Role, Section, Span, Task, UnitRef

ROOT = Path(__file__).resolve().parents[2]
NOTICES = ROOT / "data" / "notices"
SAMPLE_FILES = sorted(p for p in NOTICES.glob("*.txt"))
BASE = "https://policykg.example.org/id/"
SPARQL_PREFIXES = """
PREFIX pkg:     <https://policykg.example.org/ontology/policykg#>
PREFIX prov:    <http://www.w3.org/ns/prov#>
PREFIX skos:    <http://www.w3.org/2004/02/skos/core#>
PREFIX oa:      <http://www.w3.org/ns/oa#>
PREFIX org:     <http://www.w3.org/ns/org#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema:  <https://schema.org/>
PREFIX qudt:    <http://qudt.org/schema/qudt/>
PREFIX xsd:     <http://www.w3.org/2001/XMLSchema#>
"""
#: binds ?start and ?end from the IRI of the mention ?m ({notice}#char=start,end), inside a SPARQL group
MENTION_SPAN = """BIND (STRAFTER(STR(?m), "#char=") AS ?range)
          BIND (xsd:integer(STRBEFORE(?range, ",")) AS ?start) BIND (xsd:integer(STRAFTER(?range, ",")) AS ?end)"""


def sparql(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    """Rows of a SELECT over ``store`` (default graph = union of the named graphs), terms as their values."""
    solutions = store.query(SPARQL_PREFIXES + query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    return [tuple(term.value if term is not None else "" for term in row) for row in solutions]


@dataclass
class Built:
    """A notice and the source text its spans refer to."""

    notice: Notice
    text: str

    @property
    def texts(self) -> dict[str, str]:
        return {self.notice.source: self.text}


UnitSpec = tuple[str, Role] | tuple[str, Role, bool]


def make_notice(source: str = "test/fixture-2023.txt", *, jurisdiction: str | None = "兖州区",
                level: Level = Level.DISTRICT, parent: str | None = "济宁市",
                issuer: str | None = "济宁市兖州区人民政府",
                tasks: Sequence[tuple[str, Sequence[str], Sequence[UnitSpec]]] = (),
                title: str = "关于分解落实2023年政府工作报告任务目标的通知") -> Built:
    """Build a notice: each task is ``(text, leaders, units)``, a unit ``(name, role[, collective])``."""
    parts = [title, "\n一、总体要求\n"]
    pos = sum(len(p) for p in parts)
    section = Section(number="一", ordinal=1, level=1, title="总体要求", span=Span(len(title) + 1, pos - 1))
    records: list[Task] = []
    for number, (body, leaders, units) in enumerate(tasks, start=1):
        start = pos
        head = f"{number}.{body}（牵头领导："
        pos += len(head)
        leader_refs = []
        for order, name in enumerate(leaders, start=1):
            if order > 1:
                pos += 1  # 、
            leader_refs.append(LeaderRef(name, name.startswith("各"), order, Span(pos, pos + len(name)), name))
            pos += len(name)
        mid = "。承办单位："
        pos += len(mid)
        unit_refs = []
        for order, spec in enumerate(units, start=1):
            name, role = spec[0], spec[1]
            collective = spec[2] if len(spec) > 2 else name.startswith(("各", "相关"))  # type: ignore[misc]
            if order > 1:
                pos += 1
            unit_refs.append(UnitRef(name, role, order, bool(collective), Span(pos, pos + len(name)), name,
                                     "承办单位"))
            pos += len(name)
        tail = "）\n"
        pos += len(tail)
        block = head + "、".join(leaders) + mid + "、".join(s[0] for s in units) + tail
        parts.append(block)
        records.append(Task(number, number, "一", body, Span(start, pos - 1), leader_refs, unit_refs))
    text = "".join(parts)
    assert len(text) == pos
    notice = Notice(
        source=source, sha256=hashlib.sha256(text.encode()).hexdigest(), encoding="utf-8", title=title,
        doc_number="济兖政发〔2023〕1号", issuer=issuer, date="2023-01-09", jurisdiction=jurisdiction, level=level,
        parent_jurisdiction=parent, recipients="各镇人民政府", sections=[section], tasks=records,
    )
    return Built(notice, text)


@pytest.fixture(name="make_notice")
def make_notice_fixture() -> Callable[..., Built]:
    """The :func:`make_notice` factory, as a fixture."""
    return make_notice


@pytest.fixture(scope="session")
def sample_notices() -> tuple[list[Notice], dict[str, str]]:
    """The four sample notices, parsed by the real parser and annotated by the extraction stage
    (as ``policykg build`` does), with their texts."""
    from graph_builder.extract.annotate import annotate
    from graph_builder.parse import parse_path
    from graph_builder.read import read_path

    notices = [parse_path(p) for p in SAMPLE_FILES]
    texts = {n.source: read_path(n.source).text for n in notices}
    for notice in notices:
        annotate(notice, texts[notice.source])
    return notices, texts


@pytest.fixture(scope="session")
def sample_dataset(sample_notices):  # type: ignore[no-untyped-def]
    from graph_builder.rdf.build import build_dataset

    notices, texts = sample_notices
    return build_dataset(notices, texts=texts)


@pytest.fixture(scope="session")
def sample_store(sample_dataset):  # type: ignore[no-untyped-def]
    from graph_builder.store.export import load_store, sorted_quads, to_oxigraph

    return load_store(sorted_quads(to_oxigraph(sample_dataset)))


@pytest.fixture(scope="session")
def sample_exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus built by the command into a temporary folder."""
    from graph_builder.cli import main

    out = tmp_path_factory.mktemp("exports")
    assert main(["build", str(NOTICES), "-o", str(out)]) == 0
    return out
