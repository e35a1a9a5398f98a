"""Minting of IRIs: the one place where an identifier of the graph is made.

Every function here is pure: the same arguments give the same IRI, on every
machine, in every run.  Names are used as given — resolving aliases to a
canonical name happens *before* these functions are called.

The scheme (``{base}`` defaults to :data:`DEFAULT_BASE`):

==========================================  ====================================================
``{base}notice/{key}``                      a notice; ``key`` is the file name stem
``{notice}/section/{ordinal}``              a section
``{notice}/task/{number}``                  a task
``{notice}/project/{n}/item/{k}``           an annex project and its k-th item
``{notice}/target/{k}``                     a target statement
``{owner}/unit/{i}``, ``{owner}/leader/{i}``  an assignment of a task or project item (i-th listed)
``{thing}#evidence``, ``#position``, ``#quote``  its mention and the two selectors
``{base}unit/{scope}/{name}``               a unit; scope = its jurisdiction
``{base}unit-group/{scope}/{name}``         a collective of units (各镇街)
``{base}person/{scope}/{name}``             a leader
``{base}leader-group/{scope}/{name}``       a collective of leaders (各位副区长)
``{base}post/{scope}/{name}``               the post the leader holds in that jurisdiction
``{base}region/{name}``                     an administrative area
``{base}graph/regions``                     the named graph of region facts
==========================================  ====================================================

Chinese names are percent-encoded as UTF-8 (RFC 3986), so every IRI is also a
plain URI that survives any tool; browsers show them decoded.

Examples
--------
>>> unit_iri("区财政局", "兖州区")
'https://policykg.example.org/id/unit/%E5%85%96%E5%B7%9E%E5%8C%BA/%E5%8C%BA%E8%B4%A2%E6%94%BF%E5%B1%80'
>>> unit_iri("区财政局", "兖州区") == unit_iri("区财政局", "兖州区", base=DEFAULT_BASE)
True
>>> unit_scope("市生态环境局嘉祥县分局", jurisdiction="嘉祥县", parent=None)
'济宁市'
>>> unit_scope("市财政局", jurisdiction="曲阜市", parent="济宁市")  # a county-level city's own 市
'曲阜市'
>>> notice_key("data/notices/yanzhou-2023.txt")
'yanzhou-2023'
"""

from __future__ import annotations

import unicodedata
from pathlib import PurePath
from urllib.parse import quote, urlsplit

from graph_builder.rdf.gazetteer import parent_of

__all__ = [
    "DEFAULT_BASE",
    "check_base",
    "segment",
    "notice_key",
    "unit_scope",
    "notice_iri",
    "section_iri",
    "task_iri",
    "project_iri",
    "project_item_iri",
    "target_iri",
    "assignment_iri",
    "evidence_iri",
    "position_iri",
    "quote_iri",
    "unit_iri",
    "leader_iri",
    "post_iri",
    "region_iri",
    "regions_graph_iri",
]

#: default base of data IRIs; override with ``policykg build --base-iri``
DEFAULT_BASE = "https://policykg.example.org/id/"


def check_base(base: str) -> str:
    """Return ``base`` if it is an absolute http(s) IRI ending in ``/``; raise :class:`ValueError` otherwise.

    >>> check_base("https://example.org/kg/")
    'https://example.org/kg/'
    >>> check_base("example.org")
    Traceback (most recent call last):
    ...
    ValueError: base IRI 'example.org' must start with http:// or https:// and end with '/'
    """
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc or not base.endswith("/") or "#" in base:
        raise ValueError(f"base IRI {base!r} must start with http:// or https:// and end with '/'")
    return base


def segment(text: str) -> str:
    """One path segment from a name: NFC-normalised, UTF-8 percent-encoded, ``/`` included.

    >>> segment("各镇街")
    '%E5%90%84%E9%95%87%E8%A1%97'
    >>> segment("A/B c")
    'A%2FB%20c'
    """
    if not text:
        raise ValueError("cannot mint an IRI segment from an empty name")
    return quote(unicodedata.normalize("NFC", text), safe="")


def notice_key(source: str) -> str:
    """Key of a notice: the stem of its file name (the folder is ignored), percent-encoded."""
    return segment(PurePath(source).stem)


def unit_scope(name: str, *, jurisdiction: str, parent: str | None) -> str:
    """Jurisdiction a unit named in a notice of ``jurisdiction`` belongs to.

    A name starting with 市 in a county or district notice (市生态环境局嘉祥县分局)
    belongs to the enclosing city: ``parent`` (``Notice.parent_jurisdiction``) or,
    failing that, the gazetteer.  In a county-level city (曲阜市) or a city notice,
    市 is the jurisdiction itself.  Everything else belongs to ``jurisdiction``.
    """
    if name.startswith("市") and jurisdiction.endswith(("县", "区")):
        enclosing = parent or parent_of(jurisdiction)
        if enclosing:
            return enclosing
    return jurisdiction


def notice_iri(key: str, *, base: str = DEFAULT_BASE) -> str:
    return f"{base}notice/{key}"


def section_iri(notice: str, ordinal: int) -> str:
    return f"{notice}/section/{ordinal}"


def task_iri(notice: str, number: int) -> str:
    return f"{notice}/task/{number}"


def project_iri(notice: str, number: int) -> str:
    return f"{notice}/project/{number}"


def project_item_iri(project: str, position: int) -> str:
    return f"{project}/item/{position}"


def target_iri(notice: str, position: int) -> str:
    return f"{notice}/target/{position}"


def assignment_iri(owner: str, kind: str, position: int) -> str:
    """Assignment of a task or project item; ``kind`` is ``"unit"`` or ``"leader"``."""
    if kind not in ("unit", "leader"):
        raise ValueError(f"assignment kind must be 'unit' or 'leader', not {kind!r}")
    return f"{owner}/{kind}/{position}"


def evidence_iri(thing: str) -> str:
    return f"{thing}#evidence"


def position_iri(thing: str) -> str:
    return f"{thing}#position"


def quote_iri(thing: str) -> str:
    return f"{thing}#quote"


def unit_iri(name: str, scope: str, *, collective: bool = False, base: str = DEFAULT_BASE) -> str:
    kind = "unit-group" if collective else "unit"
    return f"{base}{kind}/{segment(scope)}/{segment(name)}"


def leader_iri(name: str, scope: str, *, collective: bool = False, base: str = DEFAULT_BASE) -> str:
    kind = "leader-group" if collective else "person"
    return f"{base}{kind}/{segment(scope)}/{segment(name)}"


def post_iri(name: str, scope: str, *, base: str = DEFAULT_BASE) -> str:
    return f"{base}post/{segment(scope)}/{segment(name)}"


def region_iri(name: str, *, base: str = DEFAULT_BASE) -> str:
    return f"{base}region/{segment(name)}"


def regions_graph_iri(*, base: str = DEFAULT_BASE) -> str:
    return f"{base}graph/regions"
