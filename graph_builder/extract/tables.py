"""Load the data files under ``graph_builder/extract/data`` (units, multipliers, verbs, metrics, regions).

A file name without a directory is looked up in the package's data folder; any
other path is used as given, so a pipeline config can point at a custom table.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from graph_builder.extract.records import Comparator, IndicatorKind, RegionLevel

__all__ = [
    "DATA_DIR",
    "TableError",
    "WordIndex",
    "Unit",
    "Verb",
    "Region",
    "data_path",
    "load_units",
    "load_multipliers",
    "load_verbs",
    "load_metrics",
    "load_words",
    "load_regions",
]

DATA_DIR = Path(__file__).with_name("data")
_KINDS = {kind.value: kind for kind in IndicatorKind}  # IndicatorKind(value) without the enum call


class TableError(ValueError):
    """A malformed data table; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Unit:
    surface: str
    base: str
    factor: float
    iri: str | None


@dataclass(frozen=True, slots=True)
class Verb:
    surface: str
    kind: str  # growth | level | change | decline
    comparator: Comparator

    @property
    def negative(self) -> bool:
        return self.kind == "decline"

    def indicator_kind(self, unit: str) -> IndicatorKind:
        if self.kind == "decline":
            return IndicatorKind.GROWTH if unit in ("%", "个百分点") else IndicatorKind.CHANGE
        if self.kind == "growth" and unit not in ("%", "个百分点"):
            return IndicatorKind.CHANGE  # 增加 300 个: an increment, not a rate
        return _KINDS.get(self.kind) or IndicatorKind(self.kind)


@dataclass(frozen=True, slots=True)
class Region:
    name: str
    level: RegionLevel
    code: str | None
    parent: str | None
    short: str | None
    aliases: tuple[str, ...]


class WordIndex:
    """The words of a table by length, for "the longest word that …" with one lookup per length.

    Among words of one length at most one equals a given piece of text, so the longest match is
    what a scan of the words sorted longest first (as :func:`load_words` returns them) finds first.

    >>> words = WordIndex(["力争", "年内", "力争到"])
    >>> words.prefix("力争到年底"), words.prefix("力争"), words.ending_at("要力争", 3)
    ('力争到', None, '力争')
    """

    __slots__ = ("words", "lengths")

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(words)
        self.lengths = tuple(sorted({len(w) for w in self.words}, reverse=True))

    def prefix(self, text: str) -> str | None:
        """The longest word that ``text`` starts with and is longer than."""
        n = len(text)
        for k in self.lengths:
            if k < n and text[:k] in self.words:
                return text[:k]
        return None

    def ending_at(self, text: str, end: int) -> str | None:
        """The longest word that ends at ``text[end]`` (exclusive) and starts at or after 0."""
        for k in self.lengths:
            if k <= end and text[end - k:end] in self.words:
                return text[end - k:end]
        return None


def data_path(name: str) -> Path:
    """Resolve a table name (see the module docstring)."""
    path = Path(name)
    return DATA_DIR / path if len(path.parts) == 1 and not path.is_absolute() else path


def _rows(name: str, width: int) -> list[tuple[int, list[str]]]:
    path = data_path(name)
    rows: list[tuple[int, list[str]]] = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < width:
            raise TableError(f"{path}:{lineno}: [E601] expected {width} tab-separated cells, got {len(cells)}"
                             " — fix the row; the header comment of the file lists the columns")
        rows.append((lineno, [c.strip() for c in cells]))
    return rows


def _opt(cell: str) -> str | None:
    return None if cell in ("", "-") else cell


@functools.cache
def load_units(name: str = "units.tsv") -> dict[str, Unit]:
    return {c[0]: Unit(c[0], c[1], float(c[2]), _opt(c[3])) for _, c in _rows(name, 4)}


@functools.cache
def load_multipliers(name: str = "multipliers.tsv") -> dict[str, float]:
    return {c[0]: float(c[1]) for _, c in _rows(name, 2)}


@functools.cache
def load_verbs(name: str = "verbs.tsv") -> dict[str, Verb]:
    verbs: dict[str, Verb] = {}
    for lineno, c in _rows(name, 3):
        if c[1] not in ("growth", "level", "change", "decline"):
            raise TableError(f"{data_path(name)}:{lineno}: [E602] unknown kind {c[1]!r}"
                             " — use growth, level, change or decline")
        verbs[c[0]] = Verb(c[0], c[1], Comparator(c[2]))
    return verbs


@functools.cache
def load_metrics(name: str = "metrics.tsv") -> dict[str, str]:
    return {c[0]: c[1] for _, c in _rows(name, 2)}


@functools.cache
def load_words(name: str) -> tuple[str, ...]:
    """One word a line; returned longest first."""
    words = [c[0] for _, c in _rows(name, 1)]
    return tuple(sorted(words, key=len, reverse=True))


@functools.cache
def load_regions(name: str = "regions.tsv") -> tuple[Region, ...]:
    """The gazetteer's areas (one file for every stage: ``graph_builder/resolve/data/regions.tsv``)."""
    from graph_builder.resolve.gazetteer import load_areas

    return tuple(Region(a.name, RegionLevel(a.level), a.code, a.parent, a.short, a.aliases)
                 for a in load_areas(name).values())
