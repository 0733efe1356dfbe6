"""What every Snakemake job does around its work: its log, its failure, its JSON files.

Kept free of pandas and the table code, so the network jobs start fast; tables are written
with :func:`seedscope.tables.write_table`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from seedscope.errors import SeedscopeError
from seedscope.fileio import atomic_write

__all__ = [
    "JobError",
    "clean_failure",
    "json_text",
    "read_json",
    "record_attempt",
    "setup_logging",
    "write_json",
]

log = logging.getLogger("seedscope")


def setup_logging(path: str | os.PathLike[str]) -> logging.Logger:
    """Send seedscope's log lines to a job's log file, emptied first.

    The file is opened for appending: the lines written to it otherwise (a report's cells, a
    served job's standard output and error) land after what is there, not over it.
    """
    with open(path, "w", encoding="utf-8"):
        pass
    handler = logging.FileHandler(path, mode="a", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(logging.INFO)
    log.propagate = False
    return log


class JobError(SeedscopeError):
    """A job cannot do its work; the message says why and what to do."""


@contextlib.contextmanager
def clean_failure() -> Iterator[None]:
    """End the job with one clear line (in the log and on stderr) instead of a traceback.

    Only errors whose message is written for the user are caught: OpenAlex refusing a request
    (no or wrong API key, a malformed request), a report that cannot be rendered.
    """
    try:
        yield
    except SeedscopeError as error:
        log.error("%s", error)
        print(f"seedscope: {error}", file=sys.stderr)
        raise SystemExit(1) from None


def write_json(path: str | os.PathLike[str], data: Any) -> None:
    """Write JSON atomically, so a killed job leaves no half file."""
    atomic_write(path, json_text(data))


def json_text(data: Any) -> str:
    """``data`` as the JSON text :func:`write_json` writes: ``json.dumps(data,
    ensure_ascii=False, indent=1)`` and a newline, the same bytes, made twice as fast.

    With ``indent``, the standard library encodes in Python, one generator per level through
    which every piece passes; the raw files of a seed's citing works take a tenth of a second.
    Here each piece is appended to one list, and strings are encoded by the library's C
    function. Anything else than JSON's types (or a structure too deep) is left to
    ``json.dumps``, which raises its own error.
    """
    out: list[str] = []
    try:
        _put(data, "\n", out)
    except (TypeError, RecursionError):
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    out.append("\n")
    return "".join(out)


_string: Callable[[str], str] = json.encoder.encode_basestring  # ensure_ascii=False: C
_INFINITY = float("inf")


def _float(value: float) -> str:
    """A float as ``json.dumps`` writes it (``allow_nan``: NaN and infinities as JavaScript)."""
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


def _key(key: object) -> str:
    """A dictionary key as ``json.dumps`` writes it: a string, or a scalar as one."""
    if isinstance(key, str):
        return _string(key)
    if isinstance(key, float):
        return _string(_float(key))
    if isinstance(key, bool) or key is None:
        return f'"{json.dumps(key)}"'
    if isinstance(key, int):
        return _string(int.__repr__(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _put(value: object, newline: str, out: list[str]) -> None:
    """Append ``value`` to ``out`` as ``json.dumps(..., indent=1)`` writes it at the depth
    where a new line starts with ``newline``; in the order its type checks go."""
    if isinstance(value, str):
        out.append(_string(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_float(value))
    elif isinstance(value, dict | list | tuple):
        if not value:
            out.append("{}" if isinstance(value, dict) else "[]")
            return
        inner, separator = newline + " ", newline + " "
        if isinstance(value, dict):
            out.append("{")
            for key, item in value.items():
                out += (separator, _key(key), ": ")
                separator = "," + inner
                _put(item, inner, out)
            out += (newline, "}")
        else:
            out.append("[")
            for item in value:
                out.append(separator)
                separator = "," + inner
                _put(item, inner, out)
            out += (newline, "]")
    else:
        raise TypeError(f"{type(value).__name__} is not a JSON type")


def read_json(path: str | os.PathLike[str]) -> Any:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def record_attempt(attempt: Mapping[str, Any], complete: bool) -> None:
    """Record a network job's attempt, so an incomplete one re-runs (see common.smk)."""
    write_json(attempt["record"], {"number": attempt["number"], "complete": complete})
