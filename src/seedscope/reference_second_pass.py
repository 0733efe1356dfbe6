"""The second labelling pass over a reference: features made of the first pass's labels.

The first pass (:func:`seedscope.reference_model.tag`'s CRF) is first-order: a token's label
depends on its own features and its neighbours' labels only. A second CRF, trained on the same
token features plus the ones :func:`label_features` makes of the first pass's labels, sees the
structure the first pass predicted over the whole reference: the labels up to three tokens
away, the segments (runs of one label) the token's belongs to, precedes and follows, the
segment's length, place and rank, and which labels' runs have already ended before it ("the
title is the longest run between the author block and the container", "a year that follows
the author block"). This is stacking: the second model is trained on labels the first pass gave
sequences it was not trained on (cross-predictions), so it learns where the first pass errs
instead of copying it.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["WINDOW", "label_features", "runs"]

#: How far (in tokens) a token sees the first pass's labels on each side.
WINDOW = 3
#: Labels whose runs having ended before a token is a feature of it.
_ENDED = ("author", "title", "journal", "container", "date", "editor", "publisher")


def runs(labels: Sequence[str]) -> list[tuple[str, int, int]]:
    """The segments of a labelled reference: (label, start, end exclusive), in order."""
    out: list[tuple[str, int, int]] = []
    start = 0
    for i in range(1, len(labels) + 1):
        if i == len(labels) or labels[i] != labels[start]:
            out.append((labels[start], start, i))
            start = i
    return out


def _bucket(count: int) -> str:
    return str(count) if count < 4 else "4-6" if count < 7 else "7-12" if count < 13 else "13+"


def label_features(labels: Sequence[str]) -> list[list[str]]:
    """Per token, the features the first pass's ``labels`` of the whole reference give it."""
    n = len(labels)
    segments = runs(labels)
    longest = max((end - start for _, start, end in segments), default=0)
    out: list[list[str]] = []
    seen: dict[str, int] = {}  # segments of each label before the current one
    for index, (label, start, end) in enumerate(segments):
        before = segments[index - 1][0] if index else "none"
        after = segments[index + 1][0] if index + 1 < len(segments) else "none"
        length = end - start
        common = [
            f"seglen={_bucket(length)}",
            f"seglen&L={_bucket(length)}|{label}",
            f"segidx={min(index, 7)}",
            f"segidx&L={min(index, 7)}|{label}",
            f"segs_left={min(len(segments) - 1 - index, 4)}",
            f"prevseg={before}",
            f"nextseg={after}",
            f"ctx={before}|{label}|{after}",
            f"runs_of_L={min(seen.get(label, 0), 2)}|{label}",
        ]
        if length == longest:
            common += ["longest", f"longest&L={label}"]
        common += [f"seen={name}" for name in seen]
        common += [f"seen2={name}" for name, count in seen.items() if count > 1]
        # a run of these ended before this segment (the same as seen, crossed with the label)
        common += [f"ended&L={name}|{label}" for name in _ENDED if name in seen]
        for i in range(start, end):
            place = "S" if length == 1 else "B" if i == start else "E" if i == end - 1 else "I"
            row = [f"seg={place}", f"seg&L={place}|{label}", *common]
            for offset in range(-WINDOW, WINDOW + 1):
                j = i + offset
                row.append(f"L{offset:+d}={labels[j] if 0 <= j < n else 'none'}")
            prev = labels[i - 1] if i else "none"
            nxt = labels[i + 1] if i + 1 < n else "none"
            row += [f"L-1|L0={prev}|{label}", f"L0|L+1={label}|{nxt}"]
            out.append(row)
        seen[label] = seen.get(label, 0) + 1
    return out
