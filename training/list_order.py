"""The list's label order as a constraint, measured on the development check (not shipped).

    python training/list_order.py [--cost 5]

A pasted list is written in one style, so its entries mostly share the order of their labelled
runs (author, date, title, journal, ...; notes, URLs and DOIs aside). For each of the check's
lists (its check rows and its training strings in ``training/project.xml``, four entries or
more), an entry whose order no other entry of the list has is labelled again with the model's
best labels that follow an order two or more entries of the list have: Viterbi's search over the
model's own weights, restricted to that order. The new labels are kept when they cost the model
at most ``--cost`` of its score. It prints how many of the check's fields the relabelling fixes
and breaks.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from cross_validate import _benchmark  # noqa: E402

from seedscope import reference_model, references  # noqa: E402

#: Labels left out of an entry's order: they stand anywhere.
FREE = {"note", "url", "doi"}


def tokens(raw: str) -> list[str]:
    text = references.model_text(raw)
    return [text[a:b] for a, b in reference_model.token_spans(text)]


def order(labels: Sequence[str]) -> tuple[str, ...]:
    """The labels' runs in order, free labels left out."""
    return tuple(k for k, _ in itertools.groupby(y for y in labels if y not in FREE))


def emissions(features: Sequence[list[str]]) -> list[dict[str, float]]:
    state, _ = reference_model._weights(reference_model.tagger())
    return [
        {y: sum(state.get(f, {}).get(y, 0.0) for f in feats) for y in reference_model.LABELS}
        for feats in features
    ]


def score(scores: Sequence[dict[str, float]], labels: Sequence[str]) -> float:
    _, transitions = reference_model._weights(reference_model.tagger())
    total = scores[0][labels[0]]
    for i in range(1, len(labels)):
        total += transitions.get((labels[i - 1], labels[i]), 0.0) + scores[i][labels[i]]
    return total


def best_in_order(
    scores: Sequence[dict[str, float]], wanted: Sequence[str]
) -> tuple[float, list[str]] | None:
    """The best labels whose runs follow ``wanted``, with their score (None: there are none)."""
    _, transitions = reference_model._weights(reference_model.tagger())
    best: dict[tuple[str, int], tuple[float, list[str]]] = {}
    for y in reference_model.LABELS:
        k = -1 if y in FREE else 0 if y == wanted[0] else None
        if k is not None:
            best[(y, k)] = (scores[0][y], [y])
    for step in scores[1:]:
        after: dict[tuple[str, int], tuple[float, list[str]]] = {}
        for (previous, k), (total, path) in best.items():
            for y in reference_model.LABELS:
                if y in FREE or (k >= 0 and y == wanted[k]):
                    k2 = k
                elif k + 1 < len(wanted) and y == wanted[k + 1]:
                    k2 = k + 1
                else:
                    continue
                value = total + transitions.get((previous, y), 0.0) + step[y]
                if (y, k2) not in after or value > after[(y, k2)][0]:
                    after[(y, k2)] = (value, [*path, y])
        best = after
    ends = [v for (_, k), v in best.items() if k == len(wanted) - 1]
    return max(ends, key=lambda v: v[0]) if ends else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cost", type=float, default=5.0)
    args = parser.parse_args()
    bench = _benchmark()
    trained = defaultdict(list)
    for node in ET.parse(HERE / "project.xml").getroot().iter("sequence"):
        if node.get("source"):
            trained[node.get("source")].append(
                " ".join(" ".join((n.text or "").split()) for n in node)
            )
    lists = defaultdict(list)
    for row in bench.load_set(bench.CHECK_SET):
        lists[row["source"]].append(row)
    shipped_tag = reference_model.tag
    relabelled: dict[tuple[str, ...], list[str]] = {}
    reference_model.tag = lambda t: relabelled.get(tuple(t)) or shipped_tag(t)  # type: ignore[assignment]
    changes: Counter[tuple[str, str]] = Counter()
    for source, rows in lists.items():
        entries = [r["raw"] for r in rows] + trained[source]
        if len(entries) < 4:
            continue
        labelled = {raw: shipped_tag(tokens(raw)) for raw in entries}
        orders = Counter(order(labels) for labels in labelled.values())
        for row in rows:
            words, labels = tokens(row["raw"]), labelled[row["raw"]]
            if not words or orders[order(labels)] > 1:
                continue
            scores = emissions(reference_model.sequence_features(words))
            shipped = score(scores, labels)
            found = [
                (shipped - result[0], result[1])
                for wanted, count in orders.items()
                if count > 1 and wanted
                for result in [best_in_order(scores, wanted)]
                if result
            ]
            if not found:
                continue
            cost, labels = min(found, key=lambda f: f[0])
            if cost > args.cost:
                continue
            before = asdict(references.parse_reference(row["raw"]))
            relabelled[tuple(words)] = labels
            after = asdict(references.parse_reference(row["raw"]))
            for name in bench.CHECK_FIELDS:
                was, now = (bench.exact(name, p[name], row[name]) for p in (before, after))
                if was != now:
                    changes[(name, "fixed" if now else "broken")] += 1
    for name in bench.CHECK_FIELDS:
        print(f"{name:16} fixed {changes[(name, 'fixed')]:3}  broken {changes[(name, 'broken')]:3}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
