"""The query library: named ``.rq`` files in ``queries/``, their parameters, and running them.

A query file starts with a header of comments::

    # title: Tasks of a unit, with its role
    # question: Which tasks does a unit carry, in which role, in which notice?
    # param: unit (string) — the unit's label, e.g. 区农业农村局
    # param: notice (string, optional) — file name stem of one notice, e.g. yanzhou-2023

A parameter is written ``$name`` in the query body.  :func:`bind` replaces each
``$name`` by one RDF term written in SPARQL syntax — a string literal with every
quote, backslash and control character escaped, a checked integer or decimal, or
a checked IRI — so user text can never become query syntax.  The result is one
plain query string that gives the same answer in pyoxigraph, rdflib, the HTTP
endpoint and any external SPARQL store.  An optional parameter left out stays
an unbound variable (the queries treat it as "any").

Types: ``string``, ``integer``, ``decimal``, ``iri``.  Modifiers after a comma:
``optional`` or ``default VALUE``; neither means required.

Examples
--------
>>> term("区财政局", ParamType.STRING)
'"区财政局"'
>>> term('a" } ; DROP ALL #', ParamType.STRING)
'"a\\\\" } ; DROP ALL #"'
>>> term("12", ParamType.INTEGER)
'12'
>>> bind('SELECT * { ?u rdfs:label ?l FILTER(STR(?l) = $unit) }', {"unit": "区财政局"})
'SELECT * { ?u rdfs:label ?l FILTER(STR(?l) = "区财政局") }'
"""

from __future__ import annotations

import csv
import enum
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph_builder.errors import PolicyKGError

__all__ = [
    "QUERIES_DIR",
    "ParamType",
    "Param",
    "NamedQuery",
    "QueryError",
    "OutputFormat",
    "parse_header",
    "load_query",
    "list_queries",
    "find_query",
    "term",
    "bind",
    "prepare",
    "run",
    "run_rdflib",
    "select",
    "select_rdflib",
    "rdflib_dataset",
    "python_value",
    "format_results",
    "library_markdown",
]

#: the query library of the repository
QUERIES_DIR = Path(__file__).resolve().parents[2] / "queries"


class QueryError(PolicyKGError):
    """A query that cannot be found, bound or run (usage: exit code 3)."""

    code = "E402"


class ParamType(str, enum.Enum):  # noqa: UP042 - same style as graph_builder.parse.records
    STRING = "string"
    INTEGER = "integer"
    DECIMAL = "decimal"
    IRI = "iri"


class OutputFormat(str, enum.Enum):  # noqa: UP042
    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    type: ParamType
    description: str
    required: bool = True
    default: str | None = None


@dataclass(frozen=True, slots=True)
class NamedQuery:
    name: str
    path: Path | None
    text: str
    title: str = ""
    question: str = ""
    params: tuple[Param, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


_HEADER = re.compile(r"^#\s*([a-z][a-z-]*)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*\(([^)]*)\)\s*(?:[—–-]+\s*(.*))?$")


def parse_header(text: str, *, source: str = "<query>") -> tuple[str, str, tuple[Param, ...], dict[str, str]]:
    """Title, question, parameters and other ``# key: value`` lines of the leading comment block."""
    title = question = ""
    params: list[Param] = []
    extra: dict[str, str] = {}
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = _HEADER.match(stripped)
        if not match:
            continue
        key, value = match.groups()
        if key == "title":
            title = value
        elif key == "question":
            question = value
        elif key == "param":
            params.append(_parse_param(value, source, lineno))
        else:
            extra[key] = value
    return title, question, tuple(params), extra


def _parse_param(value: str, source: str, lineno: int) -> Param:
    match = _PARAM.match(value)
    if not match:
        raise QueryError(f"bad parameter line {value!r}", path=source, line=lineno,
                         fix="write `# param: NAME (TYPE[, optional | default VALUE]) — description`")
    name, spec, description = match.groups()
    parts = [p.strip() for p in spec.split(",")]
    try:
        ptype = ParamType(parts[0])
    except ValueError:
        raise QueryError(f"unknown parameter type {parts[0]!r}", path=source, line=lineno,
                         fix=f"use one of {', '.join(t.value for t in ParamType)}") from None
    required, default = True, None
    for mod in parts[1:]:
        if mod == "optional":
            required = False
        elif mod.startswith("default "):
            required, default = False, mod[len("default "):].strip()
        else:
            raise QueryError(f"unknown parameter modifier {mod!r}", path=source, line=lineno,
                             fix="use `optional` or `default VALUE`")
    return Param(name, ptype, description or "", required, default)


def load_query(path: Path) -> NamedQuery:
    text = Path(path).read_text(encoding="utf-8")
    title, question, params, extra = parse_header(text, source=str(path))
    for param in params:  # $x and ?x are the same variable in SPARQL: a result column must not shadow a parameter
        if re.search(rf"\?{param.name}\b", text):
            raise QueryError(f"parameter {param.name!r} is also used as ?{param.name}", path=str(path),
                             fix=f"rename the variable ?{param.name}: $x and ?x are one variable in SPARQL")
    return NamedQuery(Path(path).stem, Path(path), text, title, question, params, extra)


def list_queries(folder: Path = QUERIES_DIR) -> list[NamedQuery]:
    """Every query of the library, by name."""
    return [load_query(p) for p in sorted(Path(folder).glob("*.rq"))]


def find_query(name: str, *, folder: Path = QUERIES_DIR) -> NamedQuery:
    """A query by library name (``unit-ranking``) or by file path (``my.rq``)."""
    path = Path(name)
    if path.suffix == ".rq" and path.is_file():
        return load_query(path)
    candidate = Path(folder) / f"{name}.rq"
    if candidate.is_file():
        return load_query(candidate)
    known = ", ".join(q.name for q in list_queries(folder))
    raise QueryError(f"no query named {name!r}", path=str(folder),
                     fix=f"use a file ending in .rq or one of: {known}")


def library_markdown(folder: Path = QUERIES_DIR) -> str:
    """``queries/README.md``: every query of the library with its question and parameters."""
    lines = ["# Query library", "",
             "Generated by `policykg query --readme > queries/README.md` from the headers of the `.rq` files; "
             "do not edit by hand.", "",
             "Run one with `policykg query NAME --param key=value [--format table|csv|tsv|json] [--data EXPORTS_DIR]`"
             " (embedded store; `--engine rdflib` gives the same rows through rdflib), send it to "
             "`policykg serve`'s `/sparql` endpoint, or to any SPARQL 1.1 store after `policykg push`. "
             "Parameters are written `$name` in the query text; `policykg query` binds them as escaped RDF terms. "
             "The default graph must be the union of the named graphs (one per notice): pyoxigraph "
             "`use_default_graph_as_union=True`, `oxigraph serve --union-default-graph`, Fuseki "
             "`tdb2:unionDefaultGraph true`, GraphDB and Virtuoso by default.", "",
             "| query | question | parameters |", "|---|---|---|"]
    for q in list_queries(folder):
        params = "<br>".join(
            f"`{p.name}` ({p.type.value}, "
            + ("required" if p.required else f"default {p.default}" if p.default is not None else "optional")
            + f"): {p.description}" for p in q.params) or "—"
        lines.append(f"| `{q.name}` | **{q.title}.** {q.question} | {params} |")
    lines.append("")
    for q in list_queries(folder):
        notes = [v for k, v in q.extra.items() if k == "note"]
        if notes:
            lines.append(f"- `{q.name}`: {' '.join(notes)}")
    return "\n".join(lines).rstrip() + "\n"


# -- binding -------------------------------------------------------------------

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_INTEGER = re.compile(r"^[+-]?\d+$")


def _escape(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif unicodedata.category(ch) in ("Cc", "Cs"):
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


def term(value: str, ptype: ParamType) -> str:
    """``value`` as one SPARQL term of type ``ptype``; :class:`ValueError` if it is not one."""
    if ptype is ParamType.STRING:
        return f'"{_escape(unicodedata.normalize("NFC", value))}"'
    if ptype is ParamType.INTEGER:
        if not _INTEGER.match(value.strip()):
            raise ValueError(f"{value!r} is not an integer")
        return str(int(value))
    if ptype is ParamType.DECIMAL:
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number") from None
        if not number.is_finite():
            raise ValueError(f"{value!r} is not a finite number")
        text = format(number, "f")
        return text if "." in text else f"{text}.0"
    iri = value.strip()
    if iri.startswith("<") and iri.endswith(">"):
        iri = iri[1:-1]
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri) or _IRI_FORBIDDEN.search(iri):
        raise ValueError(f"{value!r} is not an absolute IRI")
    return f"<{iri}>"


# strings, IRIs and comments are skipped; anything else that reads $name is a parameter
_TOKENS = re.compile(
    r'(?P<skip>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*)'
    r"|\$(?P<name>[A-Za-z_][A-Za-z0-9_]*)",
)


def parameters_used(query: str) -> list[str]:
    """Names of the ``$name`` variables of ``query`` (strings, IRIs and comments ignored)."""
    return list(dict.fromkeys(m.group("name") for m in _TOKENS.finditer(query) if m.group("name")))


def bind(query: str, values: Mapping[str, str], types: Mapping[str, ParamType] | None = None) -> str:
    """Replace each ``$name`` of ``values`` by its escaped term (type from ``types``, else string)."""
    types = types or {}
    terms = {name: term(value, types.get(name, ParamType.STRING)) for name, value in values.items()}

    def replace(match: re.Match[str]) -> str:
        name = match.group("name")
        if name is None or name not in terms:
            return match.group(0)
        return terms[name]

    return _TOKENS.sub(replace, query)


def prepare(query: NamedQuery, values: Mapping[str, str]) -> str:
    """The query text with ``values`` and the declared defaults bound; :class:`QueryError` on a bad value."""
    used = parameters_used(query.text)
    declared = {p.name: p for p in query.params}
    types = {p.name: p.type for p in query.params}
    for name in values:
        if name not in declared and name not in used:
            known = ", ".join(declared) or "none"
            raise QueryError(f"query {query.name!r} has no parameter {name!r}", path=str(query.path or query.name),
                             fix=f"its parameters: {known}")
        if name not in declared:  # a user's .rq without a header: guess the type from the value
            value = values[name].strip()
            types[name] = (ParamType.IRI if value.startswith("<") else
                           ParamType.INTEGER if _INTEGER.match(value) else ParamType.STRING)
    bound = {p.name: p.default for p in query.params if p.default is not None}
    bound.update(values)
    missing = [p.name for p in query.params if p.required and p.name not in bound]
    if missing:
        hints = "; ".join(f"--param {p.name}=… ({p.description})" for p in query.params if p.name in missing)
        raise QueryError(f"query {query.name!r} needs the parameter(s) {', '.join(missing)}",
                         path=str(query.path or query.name), fix=f"give {hints}")
    try:
        return bind(query.text, {k: v for k, v in bound.items() if v is not None}, types)
    except ValueError as exc:
        raise QueryError(f"bad parameter value: {exc}", path=str(query.path or query.name),
                         fix="see the types in the query header (`policykg query --list`)") from exc


# -- running -------------------------------------------------------------------

def run(store: ox.Store, query: str) -> Any:
    """Run ``query`` on a pyoxigraph store, the union of the named graphs as default graph."""
    return store.query(query, use_default_graph_as_union=True)


def rdflib_dataset(exports_dir: Path) -> Any:
    """The dataset export of ``exports_dir`` as an rdflib ``Dataset`` with ``default_union`` on."""
    from rdflib import Dataset

    from graph_builder.store.oxstore import dataset_file

    path, fmt = dataset_file(Path(exports_dir))
    ds = Dataset(default_union=True)
    with path.open("rb") as handle:  # rdflib leaves a file it opened itself to the garbage collector
        ds.parse(handle, format="nquads" if fmt == ox.RdfFormat.N_QUADS else "trig")
    return ds


def run_rdflib(ds: Any, query: str) -> Any:
    """Run ``query`` on an rdflib ``Dataset`` (built with ``default_union=True``)."""
    return ds.query(query)


_INTEGER_TYPES = {f"http://www.w3.org/2001/XMLSchema#{t}" for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "negativeInteger",
    "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
_FLOAT_TYPES = {f"http://www.w3.org/2001/XMLSchema#{t}" for t in ("decimal", "double", "float")}


def python_value(node: Any) -> Any:
    """A pyoxigraph or rdflib term as a plain value: IRIs and strings as ``str``, numbers as int/float."""
    if node is None:
        return None
    if isinstance(node, ox.Literal):
        datatype = node.datatype.value
        return _number(node.value, datatype)
    if isinstance(node, ox.NamedNode | ox.BlankNode):
        return node.value
    from rdflib import Literal

    if isinstance(node, Literal):
        return _number(str(node), str(node.datatype) if node.datatype else "")
    return str(node)


def _number(text: str, datatype: str) -> Any:
    try:
        if datatype in _INTEGER_TYPES:
            return int(text)
        if datatype in _FLOAT_TYPES:
            return float(text)
    except ValueError:
        return text
    return text


def select(store: ox.Store, name: str, params: Mapping[str, str] | None = None, *,
           folder: Path = QUERIES_DIR) -> list[dict[str, Any]]:
    """Rows of a library SELECT query on a pyoxigraph store, as dicts of plain values."""
    results = run(store, prepare(find_query(name, folder=folder), params or {}))
    names = [v.value for v in results.variables]
    return [{n: python_value(row[n]) for n in names} for row in results]


def select_rdflib(ds: Any, name: str, params: Mapping[str, str] | None = None, *,
                  folder: Path = QUERIES_DIR) -> list[dict[str, Any]]:
    """Rows of a library SELECT query on an rdflib dataset, as dicts of plain values."""
    results = run_rdflib(ds, prepare(find_query(name, folder=folder), params or {}))
    names = [str(v) for v in results.vars]
    return [{n: python_value(row[n]) for n in names} for row in results]


# -- output --------------------------------------------------------------------

_RESULT_FORMATS = {
    OutputFormat.CSV: ox.QueryResultsFormat.CSV,
    OutputFormat.TSV: ox.QueryResultsFormat.TSV,
    OutputFormat.JSON: ox.QueryResultsFormat.JSON,
}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


#: widest cell of the text table, in terminal columns (a Han character is two); csv/tsv/json are never cut
TABLE_CELL_WIDTH = 60


def _cell(node: Any) -> str:
    value = python_value(node)
    text = "" if value is None else str(value).replace("\n", " ")
    if _width(text) <= TABLE_CELL_WIDTH:
        return text
    out, used = [], 0
    for ch in text:
        used += _width(ch)
        if used > TABLE_CELL_WIDTH - 1:
            break
        out.append(ch)
    return "".join(out) + "…"


def _table(names: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    rows = list(rows)
    widths = [max([_width(n)] + [_width(r[i]) for r in rows]) for i, n in enumerate(names)]
    lines = ["  ".join(_pad(n, w) for n, w in zip(names, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def format_results(results: Any, fmt: OutputFormat) -> bytes:
    """pyoxigraph results as bytes: SELECT in the SPARQL results formats or a text table; ASK likewise;
    CONSTRUCT/DESCRIBE as Turtle (table) or N-Triples (csv/tsv) or JSON-LD (json)."""
    if isinstance(results, ox.QuerySolutions):
        if fmt is OutputFormat.TABLE:
            names = [v.value for v in results.variables]
            return _table(names, ([_cell(row[n]) for n in names] for row in results)).encode("utf-8")
        return results.serialize(format=_RESULT_FORMATS[fmt]) or b""
    if isinstance(results, ox.QueryBoolean):
        if fmt is OutputFormat.TABLE:
            return f"{'true' if bool(results) else 'false'}\n".encode()
        if fmt is OutputFormat.JSON:
            return json.dumps({"head": {}, "boolean": bool(results)}).encode()
        buffer = io.StringIO()
        csv.writer(buffer, delimiter="\t" if fmt is OutputFormat.TSV else ",").writerow(
            ["true" if bool(results) else "false"])
        return buffer.getvalue().encode()
    rdf_format = {OutputFormat.TABLE: ox.RdfFormat.TURTLE, OutputFormat.JSON: ox.RdfFormat.JSON_LD}.get(
        fmt, ox.RdfFormat.N_TRIPLES)
    return ox.serialize(list(results), format=rdf_format) or b""
