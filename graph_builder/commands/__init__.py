"""Subcommands of ``policykg``: one module each, imported only when used (see :mod:`graph_builder.cli`)."""
