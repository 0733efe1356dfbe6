"""Benchmark: how exactly references are parsed, and how well they resolve.

    python benchmarks/parse_accuracy.py

Parses every string of the annotated evaluation set (``tests/data/references/eval.jsonl``,
see its README for what "exact" means) and prints, per field, the share parsed exactly right,
overall and per style. Then resolves the parsed references against the local OpenAlex test
server loaded with ``tests/fixtures/openalex-eval/`` (synthetic works for most references,
decoys, and references deliberately left out), through the workflow's own
``seedscope.resolve.resolve_bibliography`` and the real HTTP client, and prints precision
(correct matches / accepted matches) and recall (correct matches / references present).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from seedscope import openalex  # noqa: E402
from seedscope.ids import short_id  # noqa: E402
from seedscope.references import Reference, parse_reference  # noqa: E402
from seedscope.resolve import resolve_bibliography  # noqa: E402
from tests.openalex_server import OpenAlexTestServer  # noqa: E402

EVAL_SET = ROOT / "tests" / "data" / "references" / "eval.jsonl"
EVAL_FIXTURES = ROOT / "tests" / "fixtures" / "openalex-eval"
FIELDS = ["kind", "first_author", "authors", "title", "journal", "year", "volume", "issue",
          "first_page", "doi", "pmid", "pmcid", "url"]  # fmt: skip
#: The targets of issue #3 (share of references parsed exactly right).
TARGETS = {"year": 0.97, "doi": 0.97, "pmid": 0.97, "pmcid": 0.97, "first_author": 0.97,
           "title": 0.92, "journal": 0.92}  # fmt: skip
RESOLUTION_TARGETS = {"precision": 0.98, "recall": 0.95}
API_KEY = "eval-key"


def load_set(path: Path = EVAL_SET) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def normalise(value: Any) -> Any:
    """The comparison form of a field value (see the evaluation set's README)."""
    if value is None or isinstance(value, int):
        return value
    if isinstance(value, list):
        return [re.sub(r"[\W_]+", "", normalise(v) or "") for v in value]
    text = unicodedata.normalize("NFC", str(value))
    text = " ".join(text.split()).casefold()
    return text.strip(" .,;:!?") or None


def exact(field: str, parsed: Any, expected: Any) -> bool:
    return bool(normalise(parsed) == normalise(expected))


@dataclass
class Accuracy:
    overall: dict[str, float]
    by_style: dict[str, dict[str, float]]
    counts: dict[str, int]
    misses: dict[str, list[tuple[str, Any, Any]]]


def field_accuracy(rows: Sequence[dict[str, Any]]) -> Accuracy:
    right: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    counts: dict[str, int] = defaultdict(int)
    misses: dict[str, list[tuple[str, Any, Any]]] = defaultdict(list)
    for row in rows:
        parsed = asdict(parse_reference(row["raw"]))
        for style in ("all", row["style"]):
            counts[style] += 1
        for field in FIELDS:
            ok = exact(field, parsed[field], row[field])
            if not ok:
                misses[field].append((row["id"], parsed[field], row[field]))
            for style in ("all", row["style"]):
                right[style][field] += ok
    share = {s: {f: right[s][f] / counts[s] for f in FIELDS} for s in counts}
    overall = share.pop("all")
    return Accuracy(overall, share, dict(counts), dict(misses))


@dataclass
class Resolution:
    precision: float
    recall: float
    accepted: int
    correct: int
    present: int
    wrong: list[tuple[str, str | None, str]]


def resolve_all(
    base_url: str, rows: Sequence[dict[str, Any]], truth: dict[str, str | None]
) -> Resolution:
    """Resolve the parsed references through the workflow's code against ``base_url``."""
    client = openalex.Client(openalex.Settings(base_url=base_url, api_key=API_KEY))
    refs: list[Reference] = [parse_reference(row["raw"]) for row in rows]
    matches = resolve_bibliography(client, refs)
    accepted = correct = 0
    wrong = []
    for row, match in zip(rows, matches, strict=True):
        if match.status != "matched" or match.work is None:
            continue
        accepted += 1
        got = short_id(match.work["id"])
        if got == truth.get(row["id"]):
            correct += 1
        else:
            wrong.append((row["id"], truth.get(row["id"]), got))
    present = sum(1 for row in rows if truth.get(row["id"]))
    return Resolution(
        precision=correct / accepted if accepted else 1.0,
        recall=correct / present if present else 1.0,
        accepted=accepted, correct=correct, present=present, wrong=wrong,
    )  # fmt: skip


def evaluate_resolution(rows: Sequence[dict[str, Any]] | None = None) -> Resolution:
    rows = load_set() if rows is None else rows
    truth = json.loads((EVAL_FIXTURES / "truth.json").read_text())
    with OpenAlexTestServer(EVAL_FIXTURES, api_keys={API_KEY}) as server:
        return resolve_all(server.base_url, rows, truth)


def _table(accuracy: Accuracy, styles: Iterable[str]) -> str:
    styles = list(styles)
    head = ["field", f"all ({accuracy.counts['all']})"]
    head += [f"{s} ({accuracy.counts[s]})" for s in styles]
    lines = [" | ".join(head), " | ".join("---" for _ in head)]
    for field in FIELDS:
        cells = [field + (f" (≥{TARGETS[field]:.0%})" if field in TARGETS else "")]
        cells.append(f"{accuracy.overall[field]:.1%}")
        cells += [f"{accuracy.by_style[s][field]:.0%}" for s in styles]
        lines.append(" | ".join(cells))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    verbose = "-v" in (sys.argv[1:] if argv is None else argv)
    rows = load_set()
    accuracy = field_accuracy(rows)
    styles = sorted(accuracy.by_style, key=lambda s: -accuracy.counts[s])
    print(f"Parsing: {len(rows)} annotated references ({EVAL_SET.relative_to(ROOT)})\n")
    print(_table(accuracy, styles))
    result = evaluate_resolution(rows)
    print(
        f"\nResolution against the test server ({EVAL_FIXTURES.relative_to(ROOT)}):\n"
        f"precision {result.precision:.1%} ({result.correct}/{result.accepted} accepted matches "
        f"correct; target ≥{RESOLUTION_TARGETS['precision']:.0%})\n"
        f"recall    {result.recall:.1%} ({result.correct}/{result.present} references present "
        f"found; target ≥{RESOLUTION_TARGETS['recall']:.0%})"
    )
    if verbose:
        for field, misses in accuracy.misses.items():
            for ref_id, got, want in misses:
                print(f"MISS {field:12} {ref_id:16} got={got!r} want={want!r}")
        for ref_id, want, got in result.wrong:
            print(f"WRONG MATCH {ref_id}: want {want}, got {got}")
    failed = [f for f, t in TARGETS.items() if accuracy.overall[f] < t]
    failed += [k for k, t in RESOLUTION_TARGETS.items() if getattr(result, k) < t]
    if failed:
        print(f"\nbelow target: {', '.join(failed)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
