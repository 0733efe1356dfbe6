"""Each seed's interim tables in one file: its slices of the tables, its status, its provenance.

``collect_seed`` (:func:`seedscope.jobs.tables.flatten_seed`) writes a seed's slices of the
tables to one file (``results/interim/seeds/<seed>.tables``) and ``flatten_matches`` those of
its pasted bibliography to another (``results/interim/bibliographies/<seed>.tables``), not one
file per table: Snakemake keeps a metadata record per output, with a checksum of every input of
its job, and stats every file of the plan at each start, so seventeen files per seed cost more
than the work that writes them.

An interim file is a folder of tables in one file: its sections are named like the files of a
seed's folder (``works.csv``, ``status.json``) and hold their exact text. The pooled jobs read
one section of every seed's file (:func:`read_tables`, :func:`read_sections`); a seed's page
reads its sections written out as a folder (:func:`unpack`).

The format: the line ``seedscope interim 1``, then, per section, a line ``<name> <length>`` and
``<length>`` bytes of UTF-8 text. Lengths, not separators, mark where a section ends, so no text
a table holds can be taken for the next section.
"""

from __future__ import annotations

import io
import os
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

import pandas as pd

from seedscope.fileio import atomic_write
from seedscope.tables import TableError, columns, parse_table, table_of

__all__ = [
    "BIBLIOGRAPHY_SLICES",
    "DISCOVERY_SLICES",
    "SEED_SLICES",
    "read_sections",
    "read_tables",
    "unpack",
    "write_interim",
]

#: A seed's slices of the pooled tables, sections ``<name>.csv`` of its interim file (the
#: names of :func:`seedscope.jobs.tables.seed_tables`); beside them, its ``provenance.csv``,
#: ``status.json`` and ``provenance.json``.
SEED_SLICES = (
    "seed",
    "works",
    "links",
    "citations_by_year",
    "journals",
    "years",
    "reference_age",
    "fields",
    "topics",
    "retracted",
)
#: A seed's slices for the discovery tables, in the same file: its rows of ``cocited`` (also on
#: its page), the works its citing works cite, its works' authorships.
DISCOVERY_SLICES = ("cocited", "citing_references", "authorships")
#: The slices of a seed's pasted bibliography, sections of its own interim file.
BIBLIOGRAPHY_SLICES = (
    "reference_matches",
    "reference_coverage",
    "coverage_summary",
    "parsed_journals",
    "parsed_years",
)

_FORMAT = b"seedscope interim 1\n"


def write_interim(path: str | os.PathLike[str], sections: Mapping[str, str]) -> None:
    """Write ``sections`` (file name → its text) as the interim file ``path``, atomically."""
    parts = [_FORMAT]
    for name, text in sections.items():
        if not name or name != name.strip() or any(char.isspace() for char in name):
            raise ValueError(f"an interim section name has no spaces: {name!r}")
        data = text.encode("utf-8")
        parts += [f"{name} {len(data)}\n".encode(), data]
    atomic_write(path, b"".join(parts))


def read_sections(
    path: str | os.PathLike[str], names: Collection[str] | None = None
) -> dict[str, str]:
    """The sections of the interim file ``path`` (file name → text), or only the named ones.

    Raises :class:`~seedscope.tables.TableError`, naming the file, when it is missing, is not
    an interim file, ends inside a section, or lacks a named section.
    """
    found: dict[str, str] = {}
    seen: list[str] = []
    try:
        with open(path, "rb") as handle:
            if handle.readline() != _FORMAT:
                raise TableError(
                    f"{path} is not an interim file of this version of seedscope: delete it "
                    "and run again to write it anew."
                )
            while header := handle.readline():
                name, _, size = header.decode("utf-8").removesuffix("\n").rpartition(" ")
                length = int(size)
                seen.append(name)
                if names is not None and name not in names:
                    handle.seek(length, os.SEEK_CUR)
                    continue
                data = handle.read(length)
                if len(data) != length:
                    raise ValueError(f"the section {name} ends early")
                found[name] = data.decode("utf-8")
    except FileNotFoundError:
        raise TableError(f"{path} is missing: it should hold a seed's interim tables.") from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise TableError(
            f"{path} cannot be read as an interim file ({error}): delete it and run again."
        ) from None
    absent = [name for name in names or () if name not in found]
    if absent:
        raise TableError(
            f"{path} has no section {', '.join(absent)}; it has {', '.join(seen) or 'none'}: "
            "delete it and run again."
        )
    return found


def read_tables(paths: Sequence[str | os.PathLike[str]], name: str) -> pd.DataFrame:
    """The slice ``name`` (``works``, ``parsed_journals`` …) of every interim file in ``paths``
    as one frame of its table, the files' rows in order.

    The sections are joined as text and parsed once: a run's pooled jobs read hundreds of
    small slices, and parsing each alone costs more than its rows. When they cannot be joined
    (their headers differ) or the joined text does not parse, each is parsed alone, so the
    error names the file and row.
    """
    section = f"{name}.csv"
    table = table_of(section)
    if not paths:
        return pd.DataFrame(columns=columns(table))
    texts = [(path, read_sections(path, [section])[section]) for path in paths]
    parts: list[str] = []
    for _, text in texts:
        header, _, body = text.partition("\n")
        if not header or (parts and header != parts[0]):
            return _parse_each(texts, section, table)
        if not parts:
            parts.append(header)
        parts.append(body if not body or body.endswith("\n") else body + "\n")
    joined = io.StringIO(parts[0] + "\n" + "".join(parts[1:]))
    try:
        return parse_table(joined, table, f"the {name} slices")
    except TableError:
        return _parse_each(texts, section, table)


def _parse_each(
    texts: Sequence[tuple[str | os.PathLike[str], str]], section: str, table: str
) -> pd.DataFrame:
    return pd.concat(
        [parse_table(io.StringIO(text), table, f"{path}, {section}") for path, text in texts],
        ignore_index=True,
    )


def unpack(paths: Sequence[str | os.PathLike[str]], folder: str | os.PathLike[str]) -> None:
    """Write the sections of the interim files ``paths`` as the files of ``folder``."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    for path in paths:
        for name, text in read_sections(path).items():
            if Path(name).name != name:
                raise TableError(f"{path}: the section {name!r} is not a file name.")
            (target / name).write_bytes(text.encode("utf-8"))
