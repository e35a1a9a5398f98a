"""Minting of IRIs: the one place where an identifier of the graph is made.

Every function here is pure: the same arguments give the same IRI, on every
machine, in every run.  Names are used as given — resolving aliases to a
canonical name happens *before* these functions are called.

Units and leaders are minted from the key of their resolved entity
(:class:`graph_builder.resolve.Resolver`), in the scope of their jurisdiction
(:func:`graph_builder.resolve.unit_scope`), so two printed forms of one body are one IRI.

The scheme (``{base}`` defaults to :data:`DEFAULT_BASE`):

==========================================  ====================================================
``{base}notice/{key}``                      a notice; ``key`` is the file name stem
``{notice}/section/{ordinal}``              a section
``{notice}/task/{number}``                  a task
``{notice}/project/{n}/item/{k}``           an annex project and its k-th item
``{notice}/target/{k}``                     a target statement
``{owner}/unit/{i}``, ``{owner}/leader/{i}``  an assignment of a task or project item (i-th listed)
``{notice}#char={start},{end}``             a mention: characters of the notice (RFC 5147 ``char=``)
``{base}unit/{scope}/{name}``               a unit; scope = its jurisdiction
``{base}unit-group/{scope}/{name}``         a collective of units (各镇街)
``{base}person/{scope}/{name}``             a leader
``{base}leader-group/{scope}/{name}``       a collective of leaders (各位副区长)
``{base}post/{scope}/{name}``               the post the leader holds in that jurisdiction
``{base}region/{name}``                     an administrative area
``{base}enterprise/{scope}/{name}``         an enterprise named as investor in a task's text
``{task}/indicator/{k}``                    the k-th indicator (target) read from a task's text
``{target}/indicator/{k}``                  the k-th headline indicator of a target statement
``{task}/project/{k}``                      the k-th investment project named in a task's text
``{project}/investment``, ``/capacity/{k}``  its investment and its k-th capacity
``{task}/region/{k}``                       the k-th place named in a task's text (the reference)
``{entity}/merge/{form}``                   the merge of a printed form into a unit or leader
``{base}graph/regions``                     the named graph of region facts
``{base}graph/resolution``                  the named graph of name merges
==========================================  ====================================================

Chinese names are percent-encoded as UTF-8 (RFC 3986), so every IRI is also a
plain URI that survives any tool; browsers show them decoded.

Examples
--------
>>> unit_iri("区财政局", "兖州区")
'https://policykg.example.org/id/unit/%E5%85%96%E5%B7%9E%E5%8C%BA/%E5%8C%BA%E8%B4%A2%E6%94%BF%E5%B1%80'
>>> unit_iri("区财政局", "兖州区") == unit_iri("区财政局", "兖州区", base=DEFAULT_BASE)
True
>>> merge_iri(leader_iri("宋恩全", "兖州区"), "宋思全")[len(DEFAULT_BASE):]
'person/%E5%85%96%E5%B7%9E%E5%8C%BA/%E5%AE%8B%E6%81%A9%E5%85%A8/merge/%E5%AE%8B%E6%80%9D%E5%85%A8'
>>> notice_key("data/notices/yanzhou-2023.txt")
'yanzhou-2023'
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import PurePath
from urllib.parse import quote, urlsplit

__all__ = [
    "DEFAULT_BASE",
    "check_base",
    "segment",
    "notice_key",
    "notice_iri",
    "entities_graph_iri", "statistics_graph_iri",
    "section_iri",
    "task_iri",
    "project_iri",
    "project_item_iri",
    "target_iri",
    "assignment_iri",
    "MENTION_FRAGMENT",
    "mention_iri",
    "mention_span",
    "unit_iri",
    "leader_iri",
    "post_iri",
    "region_iri",
    "enterprise_iri",
    "indicator_iri",
    "mentioned_project_iri",
    "investment_iri",
    "capacity_iri",
    "region_reference_iri",
    "merge_iri",
    "regions_graph_iri",
    "resolution_graph_iri",
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


@functools.lru_cache(maxsize=1 << 16)
def segment(text: str) -> str:
    """One path segment from a name: NFC-normalised, UTF-8 percent-encoded, ``/`` included (remembered: a
    build mints the IRI of one unit or region again and again, and ``quote`` costs ~5 µs a name).

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


#: what follows the notice IRI in a mention's IRI, before the start and end (RFC 5147 fragment ``char=``)
MENTION_FRAGMENT = "#char="


def mention_iri(notice: str, start: int, end: int) -> str:
    """The characters ``start`` to ``end`` (code points of the decoded text, half-open) of ``notice``, named
    as RFC 5147 names a range of a plain text: ``{notice}#char=12,20``.  Two facts read from the same
    characters share their mention."""
    return f"{notice}{MENTION_FRAGMENT}{start},{end}"


def mention_span(iri: str) -> tuple[str, int, int] | None:
    """(notice IRI, start, end) of a mention IRI (:func:`mention_iri`), or None for any other IRI.

    >>> mention_span("https://policykg.example.org/id/notice/a#char=12,20")
    ('https://policykg.example.org/id/notice/a', 12, 20)
    """
    notice, found, span = iri.rpartition(MENTION_FRAGMENT)
    start, comma, end = span.partition(",")
    if not (found and comma and start.isdigit() and end.isdigit() and start.isascii() and end.isascii()):
        return None
    return notice, int(start), int(end)


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


def enterprise_iri(name: str, scope: str, *, base: str = DEFAULT_BASE) -> str:
    return f"{base}enterprise/{segment(scope)}/{segment(name)}"


def indicator_iri(owner: str, position: int) -> str:
    """Indicator of a task or target statement (``owner``), 1-based in text order."""
    return f"{owner}/indicator/{position}"


def mentioned_project_iri(task: str, position: int) -> str:
    """Investment project named in a task's text (not an annex project: those are ``{notice}/project/{n}``)."""
    return f"{task}/project/{position}"


def investment_iri(project: str) -> str:
    return f"{project}/investment"


def capacity_iri(project: str, position: int) -> str:
    return f"{project}/capacity/{position}"


def region_reference_iri(task: str, position: int) -> str:
    return f"{task}/region/{position}"


def merge_iri(entity: str, form: str) -> str:
    """The merge of the printed ``form`` into the unit or leader ``entity``."""
    return f"{entity}/merge/{segment(form)}"


def regions_graph_iri(*, base: str = DEFAULT_BASE) -> str:
    return f"{base}graph/regions"


def resolution_graph_iri(*, base: str = DEFAULT_BASE) -> str:
    return f"{base}graph/resolution"


def statistics_graph_iri(*, base: str = DEFAULT_BASE) -> str:
    """The graph of materialised counts (each party's tasks per role), for fast rankings."""
    return f"{base}graph/statistics"


def entities_graph_iri(*, base: str = DEFAULT_BASE) -> str:
    """The graph of the labels of units, leaders and posts (they depend on every notice of the build)."""
    return f"{base}graph/entities"
