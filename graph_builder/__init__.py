"""policykg: a knowledge graph of Chinese local-government task-breakdown notices.

The data flows one way, one subpackage per stage::

    read → parse → resolve → rdf → store → queries / analysis / views / exports

Light to import: heavy dependencies (rdflib, spaCy, pyvis, owlready2) are
imported by the stages that use them.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
