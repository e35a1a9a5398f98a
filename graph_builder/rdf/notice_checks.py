"""The notice-scope checks (``ontology/checks/*-violation.rq`` whose header says ``# Scope: notice``) computed from
one notice graph's N-Quads, as ``policykg build``'s workers run them.

Each query is the definition.  Its twin here gives the same rows over the notice graph and the notice's task counts
(``{base}graph/statistics``), in the order the query asks for (ties, and ``tally-mismatch``, which asks for none,
in the order of the rows' terms), for the graphs the builder makes: IRIs for the things, their mentions and the
parties.  ``tests/rdf/test_notice_checks.py`` holds each twin to its query, on the sample and on synthetic notices,
clean and broken by hand.

Why twins: the queries over an in-memory store of the graph cost a worker 19–28 ms of CPU a notice (two thirds of
it loading the store), a tenth of all its work; the twins read the N-Quads lines the worker has just written, as
bytes, decoding only the lines of the predicates they read (terms in N-Triples are what a row holds): 12–18 ms in the
same runs, most of it the one pass over the lines.  A notice-scope check without a twin (one a user adds) is run as
its query, over the store, as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from graph_builder.rdf import namespace as ns
from graph_builder.rdf.validate import CheckResult, _strbefore, run_checks

__all__ = ["TWINS", "notice_checks", "query_checks"]

_PKG, _PROV, _XSD = str(ns.PKG), str(ns.PROV), str(ns.XSD)
_RDF_TYPE = f"<{ns.RDF.type}>"


def _pkg(name: str) -> str:
    return f"<{_PKG}{name}>"


Row = dict[str, str]
#: a term as N-Triples writes it
Term = str

_CHAR = "#char="
_ASSIGNMENT, _TASK = _pkg("Assignment"), _pkg("Task")
#: the classes ``assignment-agent-type`` accepts of an agent; ``role-agent-kind``'s two kinds
_UNITS = frozenset([_pkg("Unit"), _pkg("CollectiveUnit")])
_LEADERS = frozenset([_pkg("Leader"), _pkg("CollectiveLeader")])
_PARTIES = _UNITS | _LEADERS
_ROLE_LEADER = _pkg("roleLeader")
#: ``tally-mismatch``'s VALUES: the property that stores each role's task count
_TALLIES = {_pkg("rolePrimary"): _pkg("primaryTaskCount"), _pkg("roleAssisting"): _pkg("assistingTaskCount"),
            _pkg("roleResponsible"): _pkg("responsibleTaskCount"), _ROLE_LEADER: _pkg("leaderTaskCount")}
_INTEGER_LEXICAL = re.compile(r"[+-]?[0-9]+")
_RANGE = re.compile(r"[0-9]+,[0-9]+")
#: a mention as the builder names it: an IRI with one "#", the range's
_MENTION = re.compile(r"<([^#>]*)#char=([0-9]+),([0-9]+)>")
_INTEGER_TYPES = frozenset(_XSD + t for t in (
    "integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger", "long", "int",
    "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"))
_NUMERIC_TYPES = _INTEGER_TYPES | {_XSD + t for t in ("decimal", "float", "double")}


class _Graph:
    """The triples the twins read, by predicate: one pass over the N-Quads lines of the notice graph and of its
    task counts."""

    def __init__(self, *nquads: bytes) -> None:
        self.types: dict[Term, list[Term]] = {}
        self.evidence: dict[Term, list[Term]] = {}
        self.assignments: dict[Term, list[Term]] = {}
        self.agents: dict[Term, list[Term]] = {}
        self.roles: dict[Term, list[Term]] = {}
        self.in_notice: dict[Term, list[Term]] = {}
        self.numbers: dict[Term, list[Term]] = {}
        #: (party, count property) -> the counts stated (the query's default graph is the union of the graphs)
        self.stored: dict[tuple[Term, Term], list[Term]] = {}
        route: dict[bytes, dict[Term, list[Term]] | None] = {key.encode(): index for key, index in {
            _RDF_TYPE: self.types, _pkg("evidence"): self.evidence, _pkg("hasAssignment"): self.assignments,
            f"<{_PROV}agent>": self.agents, f"<{_PROV}hadRole>": self.roles, _pkg("inNotice"): self.in_notice,
            _pkg("taskNumber"): self.numbers, **dict.fromkeys(_TALLIES.values())}.items()}
        for data in nquads:
            # as bytes: most lines are of other predicates, and are not decoded
            for line in data.split(b"\n"):
                if not line:
                    continue
                s, p, rest = line.split(b" ", 2)
                if p in route:  # one look-up for most lines
                    o = rest.rsplit(b" ", 2)[0].decode()  # less " <graph> ." (no IRI or blank node holds a space)
                    index = route[p]
                    if index is None:
                        self.stored.setdefault((s.decode(), p.decode()), []).append(o)
                    else:
                        index.setdefault(s.decode(), []).append(o)
        #: what the checks read of each mention, read once (:meth:`mention`)
        self.mentions: dict[Term, tuple[str | None, int | None, int | None, bool]] = {}

    def mention(self, term: Term) -> tuple[str | None, int | None, int | None, bool]:
        """What the checks read of the mention ``term``: STRBEFORE(STR(term), "#char="), the start and end its range
        casts to, and whether the range is two numbers (``^[0-9]+,[0-9]+$``); None for what is an error."""
        found = self.mentions.get(term)
        if found is None:
            plain = _MENTION.fullmatch(term)
            if plain is not None and len(plain[2]) < 19 and len(plain[3]) < 19:  # the builder's: within 64 bits
                found = plain[1], int(plain[2]), int(plain[3]), True
            else:
                text = _str(term)
                after = _after(text, _CHAR)
                found = (_before(text, _CHAR), _integer(_before(after, ",")), _integer(_after(after, ",")),
                         after is not None and _RANGE.fullmatch(after) is not None)
            self.mentions[term] = found
        return found

    def typed(self, cls: Term) -> list[Term]:
        return [s for s, classes in self.types.items() if cls in classes]


def _literal(term: Term) -> tuple[str, str]:
    """(lexical form, datatype IRI) of a literal written ``term`` (``rdf:langString`` for a language tag)."""
    if "\\" in term:  # escapes: read by pyoxigraph
        literal = next(iter(ox.parse(f"<urn:x> <urn:x> {term} .", format=ox.RdfFormat.N_TRIPLES))).object
        assert isinstance(literal, ox.Literal)
        return literal.value, literal.datatype.value
    end = term.rindex('"')
    tail = term[end + 1:]
    datatype = tail[3:-1] if tail.startswith("^^") else \
        f"{ns.RDF}langString" if tail else _XSD + "string"
    return term[1:end], datatype


def _str(term: Term) -> str | None:
    """SPARQL's STR: an IRI's or a literal's text; an error (None) for a blank node."""
    if term[0] == "<":
        return term[1:-1]
    return _literal(term)[0] if term[0] == '"' else None


def _number(term: Term) -> Decimal | None:
    if term[0] != '"':
        return None
    lexical, datatype = _literal(term)
    if datatype not in _NUMERIC_TYPES:
        return None
    try:
        return Decimal(lexical)
    except InvalidOperation:
        return None


def _order(term: Term | None) -> tuple[object, ...]:
    """SPARQL's order of terms as ORDER BY sorts the ones these checks sort: blank nodes, IRIs, literals (numbers
    by value)."""
    if term is None:
        return (0,)
    if term[0] != '"':
        return (1 if term[0] == "_" else 2, _str(term) or term[2:])
    number = _number(term)
    return (3, 0, number, term) if number is not None else (3, 1, _literal(term)[0], term)


def _integer(text: str | None) -> int | None:
    """``xsd:integer(text)`` as pyoxigraph casts a string: optional sign and ASCII digits, within 64 bits."""
    if text is None or not _INTEGER_LEXICAL.fullmatch(text):
        return None
    value = int(text)
    return value if -(1 << 63) <= value < (1 << 63) else None


def _int_term(value: int) -> Term:
    return f'"{value}"^^<{_XSD}integer>'


def _int_or_none(value: int | None) -> Term | None:
    return None if value is None else _int_term(value)


def _stored(term: Term) -> Term:
    """``term`` as pyoxigraph's store gives it back: a number of an integer type (``xsd:integer`` and the types
    derived from it) as an ``xsd:integer`` in canonical form, a decimal in canonical form."""
    if term[0] == '"':
        lexical, datatype = _literal(term)
        if datatype in _INTEGER_TYPES and (value := _integer(lexical)) is not None:
            return _int_term(value)
        if datatype == _XSD + "decimal" and (number := _number(term)) is not None and number.is_finite():
            text = format(number.normalize(), "f")
            return f'"{"0" if text == "-0" else text}"^^<{datatype}>'
    return term


def _after(text: str | None, separator: str) -> str | None:
    """STRAFTER: the text after the first ``separator``, the empty string when there is none."""
    if text is None:
        return None
    _, found, after = text.partition(separator)
    return after if found else ""


def _before(text: str | None, separator: str) -> str | None:
    """STRBEFORE (:func:`~graph_builder.rdf.validate._strbefore`), an error (None) where ``text`` is one."""
    return None if text is None else _strbefore(text, separator)


def _row(**values: str | None) -> Row:
    """A solution as :func:`~graph_builder.rdf.validate.run_checks` gives it: the bound variables' N-Triples."""
    return {name: value for name, value in values.items() if value is not None}


#: a row with the key the query's ORDER BY sorts it by
Keyed = tuple[tuple[object, ...], Row]


def _sorted(rows: Sequence[Keyed]) -> list[Row]:
    return [row for _, row in sorted(rows, key=lambda item: (item[0], sorted(item[1].items())))]


def _less(a: int | None, b: int | None) -> bool | None:
    """``a < b`` in SPARQL: an error (None) when either is unbound."""
    return None if a is None or b is None else a < b


def _iri(text: str | None) -> Term | None:
    """SPARQL's IRI(text) without a base: the IRI if ``text`` is an absolute one, else an error (None)."""
    if not text:
        return None
    try:
        return str(ox.NamedNode(text))
    except ValueError:
        return None


def evidence_source(graph: Term, g: _Graph) -> list[Row]:
    rows: list[Keyed] = []
    others: dict[str | None, Term | None] = {graph[1:-1]: graph}  # IRI() of each mention's notice part, once
    for thing, mentions in g.evidence.items():
        for mention in mentions:
            prefix = g.mention(mention)[0]
            other = others[prefix] if prefix in others else others.setdefault(prefix, _iri(prefix))
            if other is not None and other != graph:
                rows.append(((_order(thing),), _row(thing=thing, notice=graph, other=other)))
    return _sorted(rows)


def assignment_agent_type(graph: Term, g: _Graph) -> list[Row]:
    rows: list[Keyed] = []
    for a in g.typed(_ASSIGNMENT):
        for agent in g.agents.get(a, ()):
            if _PARTIES.isdisjoint(g.types.get(agent, ())):
                rows.append(((_order(a),), _row(assignment=a, agent=agent)))
    return _sorted(rows)


def assignment_outside_owner(graph: Term, g: _Graph) -> list[Row]:
    rows: list[Keyed] = []
    for owner in g.typed(_TASK):
        owner_mentions = [g.mention(m)[1:3] for m in g.evidence.get(owner, ())]
        for a in g.assignments.get(owner, ()):
            for owner_start, owner_end in owner_mentions:
                for mention in g.evidence.get(a, ()):
                    _, start, end, _ = g.mention(mention)
                    # FILTER (a || b): true when either is true (an error and true is true), else no row
                    if _less(start, owner_start) is True or _less(owner_end, end) is True:
                        rows.append(((_order(a),), _row(assignment=a, start=_int_or_none(start),
                                                        end=_int_or_none(end), ownerStart=_int_or_none(owner_start),
                                                        ownerEnd=_int_or_none(owner_end))))
    return _sorted(rows)


def tally_mismatch(graph: Term, g: _Graph) -> list[Row]:
    owners: dict[tuple[Term, Term], set[Term]] = {}
    for owner, assignments in g.assignments.items():
        for a in assignments:
            for party in g.agents.get(a, ()):
                for role in g.roles.get(a, ()):
                    if role in _TALLIES:
                        owners.setdefault((party, role), set()).add(owner)
    rows: list[Keyed] = []
    for (party, role), found in owners.items():
        counted = len(found)
        stored: list[Term | None] = [*g.stored.get((party, _TALLIES[role]), ())] or [None]
        for value in stored:
            # != of a term and an integer: unequal unless it is a number of that value
            if value is None or _number(value) != counted:
                rows.append(((_order(party), _order(role)), _row(
                    party=party, role=role, counted=_int_term(counted),
                    stored=None if value is None else _stored(value))))
    return _sorted(rows)


def span_order(graph: Term, g: _Graph) -> list[Row]:
    rows: dict[Term, Keyed] = {}  # SELECT DISTINCT: a row is its mention's
    for mentions in g.evidence.values():
        for mention in mentions:
            if mention in rows or mention[0] == "_":  # a blank node: REGEX and the comparison are errors
                continue
            _, start, end, two_numbers = g.mention(mention)
            if not two_numbers or (start is not None and end is not None and start > end):
                rows[mention] = ((_order(mention),), _row(mention=mention, start=_int_or_none(start),
                                                          end=_int_or_none(end)))
    return _sorted(list(rows.values()))


def role_agent_kind(graph: Term, g: _Graph) -> list[Row]:
    rows: list[Keyed] = []
    for a in g.typed(_ASSIGNMENT):
        for agent in g.agents.get(a, ()):
            classes = g.types.get(agent, ())
            for role in g.roles.get(a, ()):
                leader = role == _ROLE_LEADER
                for cls in classes:
                    if (cls in _UNITS and leader) or (cls in _LEADERS and not leader):
                        rows.append(((_order(a),), _row(assignment=a, agent=agent, role=role)))
    return _sorted(rows)


def task_number_unique(graph: Term, g: _Graph) -> list[Row]:
    groups: dict[tuple[Term, Term], tuple[Term, set[Term]]] = {}
    for task in g.typed(_TASK):
        for notice in g.in_notice.get(task, ()):
            for number in g.numbers.get(task, ()):
                # grouped as the store holds the number: "1"^^xsd:positiveInteger is "1"^^xsd:integer there
                groups.setdefault((notice, _stored(number)), (number, set()))[1].add(task)
    rows: list[Keyed] = []
    for (notice, number), (term, tasks) in groups.items():
        if len(tasks) > 1:
            texts = [t for t in map(_str, tasks) if t is not None]
            rows.append(((_order(notice), _order(term)), _row(
                notice=notice, number=number,
                task1=str(ox.Literal(min(texts))) if texts else None,
                task2=str(ox.Literal(max(texts))) if texts else None)))
    return _sorted(rows)


#: each twin by the name of its query
TWINS: dict[str, Callable[[Term, _Graph], list[Row]]] = {
    "assignment-agent-type-violation": assignment_agent_type,
    "assignment-outside-owner-violation": assignment_outside_owner,
    "evidence-source-violation": evidence_source,
    "role-agent-kind-violation": role_agent_kind,
    "span-order-violation": span_order,
    "tally-mismatch-violation": tally_mismatch,
    "task-number-unique-violation": task_number_unique,
}


def notice_checks(graph: str, nquads: bytes, counts: Iterable[ox.Quad],
                  checks: Mapping[str, str]) -> list[CheckResult]:
    """The rows of each check of ``checks`` (``{name: query}``, the notice-scope ones) over the notice graph
    named ``graph`` (an IRI), whose N-Quads are ``nquads`` (as pyoxigraph writes them), and its task counts
    ``counts`` (:func:`graph_builder.rdf.build.statistics_quads`), sorted by name: by its twin where it has one, else
    by its query over an in-memory store of the quads."""
    counts = list(counts)
    stated = ox.serialize(counts, format=ox.RdfFormat.N_QUADS) or b""
    index = _Graph(nquads, stated)
    out = [CheckResult(name, TWINS[name](f"<{graph}>", index)) for name in checks if name in TWINS]
    others = {name: query for name, query in checks.items() if name not in TWINS}
    if others:
        out += query_checks([*ox.parse(nquads, format=ox.RdfFormat.N_QUADS), *counts], others)
    return sorted(out, key=lambda c: c.name)


def query_checks(quads: Iterable[ox.Quad], checks: Mapping[str, str]) -> list[CheckResult]:
    """The checks' queries over an in-memory store of ``quads`` (the default graph the union of their graphs)."""
    store = ox.Store()
    store.extend(quads)
    return run_checks(store, checks)
