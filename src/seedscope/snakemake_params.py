"""Keep Snakemake's own process from importing pandas, numpy and polars to look at params.

Where pandas is installed, Snakemake imports it in its own process to see whether a job's
params hold a DataFrame: when it records a finished job's params in its metadata (in its
scheduling thread, so no job starts meanwhile) and when it writes a ``script:`` job's preamble
(numpy and polars too). The import costs 0.4 to 0.5 s of CPU (pandas brings numpy and pyarrow)
and, on the five shipped seeds, about 0.25 s of the run's wall time. A param can only hold one
of these libraries' objects once the library is imported, so :func:`check_params_lazily` makes
both checks look only at libraries already imported: what Snakemake records and pickles is the
same. seedscope's params are strings, numbers, lists and dicts; a workflow whose params hold a
DataFrame imports pandas before they are made, and its params are handled as before.

Snakemake versions without these two checks (or with them under other names) are left as they
are.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

__all__ = ["LIBRARIES", "check_params_lazily"]

#: The libraries whose objects Snakemake looks for among params.
LIBRARIES = ("pandas", "numpy", "polars")


class _NotYetImported(MetaPathFinder):
    """Fails the import of a library of :data:`LIBRARIES` not yet imported, in a thread that
    is checking params (as if it were not installed); does nothing in any other thread."""

    def __init__(self) -> None:
        self.checking = threading.local()

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        # (the finder is asked only for what is not imported; a library's own modules, which
        # it imports as it goes, pass)
        if getattr(self.checking, "now", False) and fullname in LIBRARIES:
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        return None


_FINDER = _NotYetImported()


def check_params_lazily() -> None:
    """Make Snakemake's two params checks (metadata, ``script:`` preamble) skip the libraries
    of :data:`LIBRARIES` that are not imported yet, instead of importing them."""
    try:
        from snakemake.iocontainers import Snakemake
        from snakemake.persistence import PersistenceBase
    except ImportError:
        return
    serialize = getattr(PersistenceBase, "_serialize_param_pandas", None)
    builtin = getattr(PersistenceBase, "_serialize_param_builtin", None)
    store = getattr(Snakemake, "_safely_store_params", None)
    if serialize is None or builtin is None or store is None:
        return
    if getattr(serialize, "lazily", False):
        return  # done before (the Snakefile is read again, e.g. by a dry run of a test)

    def serialize_param(self: Any, value: Any) -> Any:
        if sys.modules.get("pandas") is None:
            return builtin(self, value)
        return serialize(self, value)

    def safely_store_params(self: Any, params: Any) -> None:
        _FINDER.checking.now = True
        try:
            store(self, params)
        finally:
            _FINDER.checking.now = False

    serialize_param.lazily = True  # type: ignore[attr-defined]
    sys.meta_path.insert(0, _FINDER)
    PersistenceBase._serialize_param_pandas = serialize_param
    Snakemake._safely_store_params = safely_store_params
