"""Store and exports: pyoxigraph store, files in exports/ (:mod:`.export`)."""

from __future__ import annotations

__all__: list[str] = []
