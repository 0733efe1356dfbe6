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
from collections.abc import Iterator, Mapping
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
    """``data`` as the JSON text :func:`write_json` writes: compact, on one line, and a newline.

    Compact, because only then does the standard library encode in C: with ``indent`` it
    encodes in Python, a tenth of a second for the raw files of a seed's citing works.
    """
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def read_json(path: str | os.PathLike[str]) -> Any:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def record_attempt(attempt: Mapping[str, Any], complete: bool) -> None:
    """Record a network job's attempt, so an incomplete one re-runs (see common.smk)."""
    write_json(attempt["record"], {"number": attempt["number"], "complete": complete})
