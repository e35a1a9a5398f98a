"""Typed records → RDF: IRIs (:mod:`.iris`), vocabularies (:mod:`.namespace`),
the dataset builder (:mod:`.build`) and its checks (:mod:`.validate`).

rdflib and pySHACL are imported by these modules, not by :mod:`graph_builder`
itself, so ``policykg parse`` does not pay for them.
"""

from __future__ import annotations

__all__: list[str] = []
