"""Cross-validate the reference parser on AnyStyle's training files (never on the gold).

    python training/cross_validate.py [--folds 3]

AnyStyle's training sequences (those ``train_reference_model.py`` uses, minus every gold string)
are cut into folds by position (sequence ``i`` is in fold ``i % folds``). For each fold, a model
is trained exactly as the shipped one (the other folds' sequences, their rewritten copies and
the project's own) and the fold's sequences are parsed with it; the figures are the per-field
shares of exact fields, computed as for AnyStyle's gold in ``benchmarks/parse_accuracy.py``,
over all folds together. It takes a few minutes per fold on two cores.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import pycrfsuite

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))

import train_reference_model as training  # noqa: E402

from seedscope import reference_model  # noqa: E402


def _benchmark():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "parse_accuracy", ROOT / "benchmarks" / "parse_accuracy.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[module.__name__] = module
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=3)
    args = parser.parse_args()
    bench = _benchmark()
    anystyle = training.anystyle_sequences()
    right: dict[str, float] = defaultdict(float)
    count = 0
    for fold in range(args.folds):
        held = [s for i, s in enumerate(anystyle) if i % args.folds == fold]
        kept = [s for i, s in enumerate(anystyle) if i % args.folds != fold]
        rng = random.Random(training.SEED)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "fold.crfsuite"
            training.train(path, training.merged_sequences(kept, rng))
            model = pycrfsuite.Tagger()
            model.open(str(path))
            reference_model.tagger = lambda model=model: model  # type: ignore[assignment]
            rows = bench.labelled_rows(held, f"fold{fold}")
            accuracy = bench.field_accuracy(rows, gold=True)
        for name, share in accuracy.share.items():
            right[name] += share * accuracy.count
        count += accuracy.count
        print(f"fold {fold}: {accuracy.count} sequences", flush=True)
    print(f"{args.folds}-fold cross-validation on AnyStyle's training files, {count} sequences:")
    for name, total in right.items():
        print(f"  {name:16} {total / count:6.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
