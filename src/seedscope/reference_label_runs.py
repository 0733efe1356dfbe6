"""Where a label's run lies in a reference's labels: the helper the label corrections share.

:mod:`seedscope.reference_labels` and :mod:`seedscope.reference_containers` find the tokens the
reference model gave one label with it.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["first_run"]


def first_run(labels: Sequence[str], label: str) -> tuple[int, int] | None:
    """Where the first run of ``label`` starts and ends (exclusive)."""
    if label not in labels:
        return None
    start = labels.index(label)
    end = start
    while end < len(labels) and labels[end] == label:
        end += 1
    return start, end
