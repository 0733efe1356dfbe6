"""Short process start-up: keep costly optional imports out of processes that never use them."""

from __future__ import annotations

import sys

__all__ = ["without_iri_checker"]


def without_iri_checker() -> None:
    """Make jsonschema leave out its optional IRI format checker.

    jsonschema imports ``rfc3987-syntax`` when it is installed (Jupyter's dependencies install
    it), and that package builds a Lark grammar when imported: 0.7 to 0.8 s in every process
    that validates anything (nbformat validates each notebook it reads or writes; seedscope
    validates the config). No schema used here checks the ``iri`` format, so the import is
    blocked; a process must call this before it first imports jsonschema.
    """
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
