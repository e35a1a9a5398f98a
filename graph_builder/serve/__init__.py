"""The SPARQL endpoint and linked-data pages of ``policykg serve`` (:mod:`.app`), its query workers
(:mod:`.workers`) and HTML pages (:mod:`.pages`)."""

from __future__ import annotations

__all__: list[str] = []
