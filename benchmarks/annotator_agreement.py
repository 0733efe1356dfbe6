"""Benchmark: how often two people reading the same reference strings agree, field by field.

    python benchmarks/annotator_agreement.py [--development-only]

``tests/data/references/second_reading.jsonl`` is a second annotation of strings already
annotated once, made by people who saw neither the first annotation nor the parser, its code or
its output; they had the strings and the published annotation rules of the check's six fields
(the references README, "Fields") and nothing else. It covers:

- ``development``: the development check's second round (ids ``annot37-`` to ``annot42-``,
  :data:`parse_accuracy.LATEST_PREFIXES`), whose misses the parser's developers have read;
- the clean held-out parts (:data:`parse_accuracy.CLEAN_PARTS`), whose strings and misses nobody
  developing the parser reads; also pooled.

For each set and each field of :data:`parse_accuracy.CHECK_FIELDS`, it prints the share of strings
on which the two readings agree exactly ("exact" as in ``parse_accuracy.py``: normalised, then
equal), and the parser's share of exact fields against the first reading (the set's own
annotation, the one the tests and ``parse_accuracy.py`` use), against the second, and on the
strings where the two readings agree (with how many there are). Where two careful readers
disagree, the rules leave the field open; no parser can be held to more than the readers agree
on.

``--development-only`` leaves the parser's figures on the held-out parts out (their agreement
figures, which involve no parser, are printed), so that a change to the parser can be judged
without measuring the held-out parts.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import parse_accuracy as bench  # noqa: E402

SECOND_READING = ROOT / "tests" / "data" / "references" / "second_reading.jsonl"
Pairs = list[tuple[dict[str, Any], dict[str, Any]]]


def sets() -> dict[str, Pairs]:
    """Each set's (first reading, second reading) pairs, in the first reading's order."""
    second = {row["id"]: row for row in bench.load_set(SECOND_READING)}
    first = {
        "development": [
            row
            for row in bench.load_set(bench.CHECK_SET)
            if row["id"].startswith(bench.LATEST_PREFIXES)
        ],
        **{f"held-out-{n}": bench.load_set(bench.HELDOUT_SETS[n]) for n in bench.CLEAN_PARTS},
    }
    missing = {row["id"] for rows in first.values() for row in rows} - second.keys()
    if missing:
        raise ValueError(f"{SECOND_READING}: no second reading of {sorted(missing)[:5]}")
    pairs = {name: [(row, second[row["id"]]) for row in rows] for name, rows in first.items()}
    pairs["clean held-out parts pooled"] = [
        p for n in bench.CLEAN_PARTS for p in pairs[f"held-out-{n}"]
    ]
    return pairs


def agreement(
    pairs: Pairs, parsed: Sequence[dict[str, Any]] | None = None
) -> dict[str, dict[str, Any]]:
    """Per field: the readings' agreement and, given the parsed fields, the parser's shares."""
    out: dict[str, dict[str, Any]] = {}
    for name in bench.CHECK_FIELDS:
        agreed = [i for i, (a, b) in enumerate(pairs) if bench.exact(name, a[name], b[name])]
        figures: dict[str, Any] = {"agree": len(agreed) / len(pairs), "agreed": len(agreed)}
        if parsed is not None:
            right = [
                (bench.exact(name, got[name], a[name]), bench.exact(name, got[name], b[name]))
                for got, (a, b) in zip(parsed, pairs, strict=True)
            ]
            figures["first"] = sum(r for r, _ in right) / len(pairs)
            figures["second"] = sum(r for _, r in right) / len(pairs)
            on_agreed = sum(right[i][0] for i in agreed)
            figures["on_agreed"] = on_agreed / len(agreed) if agreed else None
        out[name] = figures
    return out


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if set(args) - {"--development-only"}:
        print(__doc__.split("\n\n", 2)[1].strip(), file=sys.stderr)
        return 2
    parse = cache(lambda raw: asdict(bench.parse_reference(raw)))  # the pooled set: no reparse
    for name, pairs in sets().items():
        measured = name == "development" or not args
        parsed = [parse(a["raw"]) for a, _ in pairs] if measured else None
        print(f"\n{name} ({len(pairs)} strings read twice)")
        head = "field | readers agree | parser vs first | parser vs second | parser where agreed"
        print(head + "\n" + " | ".join("---" for _ in head.split(" | ")))
        for field, f in agreement(pairs, parsed).items():
            cells = [field, f"{f['agree']:6.1%}"]
            if parsed is not None:
                cells += [f"{f['first']:6.1%}", f"{f['second']:6.1%}"]
                on_agreed = "" if f["on_agreed"] is None else f"{f['on_agreed']:6.1%} "
                cells.append(f"{on_agreed}of {f['agreed']}")
            print(" | ".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
