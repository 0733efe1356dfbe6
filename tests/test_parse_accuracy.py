"""Regression guards for issue #3's targets, on the hand-annotated evaluation set.

The numbers themselves are printed by ``python benchmarks/parse_accuracy.py``.
"""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "parse_accuracy", ROOT / "benchmarks/parse_accuracy.py"
)
assert _spec and _spec.loader
bench = importlib.util.module_from_spec(_spec)
sys.modules["parse_accuracy"] = bench
_spec.loader.exec_module(bench)


@pytest.fixture(scope="module")
def rows():
    return bench.load_set()


def test_the_set_covers_every_shipped_entry_and_100_others(rows):
    shipped = [r for r in rows if r["source"].startswith("config/references/")]
    assert len(shipped) == 127 + 5 + 5
    assert len(rows) - len(shipped) >= 100
    assert {"nature", "mdpi", "apa", "harvard", "vancouver", "pubmed", "web"} <= {
        r["style"] for r in rows
    }


@pytest.mark.parametrize("field,target", sorted(bench.TARGETS.items()))
def test_fields_are_parsed_exactly_right_often_enough(rows, field, target):
    accuracy = bench.field_accuracy(rows)
    misses = accuracy.misses.get(field, [])
    assert accuracy.overall[field] >= target, misses[:10]


def test_resolution_precision_and_recall(rows):
    result = bench.evaluate_resolution(rows)
    assert result.precision >= bench.RESOLUTION_TARGETS["precision"], result.wrong
    assert result.recall >= bench.RESOLUTION_TARGETS["recall"]
    assert result.present < len(rows)  # some references are absent, so false matches count
