"""Cross-validate the reference parser on AnyStyle's training files (never on the gold).

    python training/cross_validate.py [--folds 3]
    python training/cross_validate.py --leave-styles-out 3
    python training/cross_validate.py --leave-styles-out 3 --second-pass 4 [--groups 0]

AnyStyle's training sequences (those ``train_reference_model.py`` uses, minus every gold string)
are cut into folds by position (sequence ``i`` is in fold ``i % folds``). For each fold, a model
is trained exactly as the shipped one (the other folds' sequences, their rewritten copies and
the project's own) and the fold's sequences are parsed with it; the figures are the per-field
shares of exact fields, computed as for AnyStyle's gold in ``benchmarks/parse_accuracy.py``,
over all folds together. It takes a few minutes per fold on two cores.

``--leave-styles-out N`` measures instead how the parser does on styles it was never trained
on, which is what references from an unseen journal's list ask of it: the rewriting styles
(``restyle.STYLES``) are cut into ``N`` groups (style ``k`` is in group ``k % N``, a variant
of a style in that style's group: :data:`VARIANTS`); for each
group, a model is trained as above on fold ``g`` left out of ``N`` folds, with the other
folds' sequences rewritten only in the styles of the other groups, and the left-out fold's
sequences are rewritten in each style of the group (books and chapters too, when the style
has a book form) and parsed. It prints the figures per left-out style and over all of them.

``--second-pass K`` also measures the parser with a second labelling pass
(:mod:`seedscope.reference_second_pass`): inside each left-out group, after the first pass is
trained and measured as above, the group's training sequences get first-pass labels from K
models each trained on the other K - 1 folds of them (cross-predictions, folds cut by the
sequence a rewritten copy was made from), a second pass is trained on those labels, and the
left-out styles are parsed again with both passes; both tables are printed, the first pass's
being the figures of the plain run. ``--groups`` measures only some of the left-out groups (a
shorter run; the figures are then over those groups' styles only); ``--save-models DIR`` keeps
each group's models there (``group0-first.crfsuite``, ``group0-second.crfsuite``, ...).
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import pycrfsuite

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))

import train_reference_model as training  # noqa: E402
from restyle import STYLES, Segments, restyle  # noqa: E402

from seedscope import reference_model  # noqa: E402

#: Styles that are variants of another (left out with it): the same form in another language,
#: or with one element moved.
VARIANTS = {"nature_doi": "nature", "apa_es": "apa", "gbt_zh": "chinese", "compact": "untitled",
            "ams": "aps", "informal": "oup"}  # fmt: skip
#: The fields reported per left-out style.
STYLE_FIELDS = ["first_author", "title", "journal", "year"]


def _benchmark():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "parse_accuracy", ROOT / "benchmarks" / "parse_accuracy.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[module.__name__] = module
    spec.loader.exec_module(module)
    return module


def _measure(
    bench,
    kept: list[Segments],
    styles: Sequence[str],
    tests: dict[str, list[Segments]],
    second_pass: int = 0,
    save: Path | None = None,
):  # type: ignore[no-untyped-def]
    """Train on ``kept`` (rewritten in ``styles``), then the accuracy on each test set.

    With ``second_pass`` (a number of folds), a second pass is also trained, on the first
    pass's cross-predictions of the same training sequences (:func:`training.cross_predictions`:
    from this training part only), and the test sets are measured again with both passes: the
    result is then the pair (first pass alone, both passes).
    """
    rng = random.Random(training.SEED)
    sequences, origins = training.merged_with_origins(kept, rng, styles)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fold.crfsuite"
        started = time.perf_counter()
        training.train(path, sequences)
        print(f"  first pass trained in {time.perf_counter() - started:.0f} s", flush=True)
        if save:
            shutil.copyfile(path, f"{save}-first.crfsuite")
        model = pycrfsuite.Tagger()
        model.open(str(path))
        reference_model.tagger = lambda model=model: model  # type: ignore[assignment]
        reference_model.second_tagger = lambda: None  # type: ignore[assignment]
        results = {
            name: bench.field_accuracy(bench.labelled_rows(held, name), gold=True)
            for name, held in tests.items()
        }
        if not second_pass:
            return results
        started = time.perf_counter()
        predicted = training.cross_predictions(sequences, origins, second_pass)
        print(f"  cross-predictions in {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        second_path = Path(tmp) / "second.crfsuite"
        training.train_second(second_path, sequences, predicted)
        print(f"  second pass trained in {time.perf_counter() - started:.0f} s", flush=True)
        if save:
            shutil.copyfile(second_path, f"{save}-second.crfsuite")
        second = pycrfsuite.Tagger()
        second.open(str(second_path))
        reference_model.second_tagger = lambda second=second: second  # type: ignore[assignment]
        stacked = {
            name: bench.field_accuracy(bench.labelled_rows(held, name), gold=True)
            for name, held in tests.items()
        }
        return results, stacked


def _print(title: str, results: dict[str, object]) -> None:
    right: dict[str, float] = defaultdict(float)
    count = 0
    for accuracy in results.values():
        for name, share in accuracy.share.items():  # type: ignore[attr-defined]
            right[name] += share * accuracy.count  # type: ignore[attr-defined]
        count += accuracy.count  # type: ignore[attr-defined]
    print(f"{title}, {count} sequences:")
    for name, total in right.items():
        print(f"  {name:16} {total / count:6.1%}")


def cross_validate(bench, anystyle: list[Segments], folds: int) -> None:  # type: ignore[no-untyped-def]
    results = {}
    for fold in range(folds):
        held = [s for i, s in enumerate(anystyle) if i % folds == fold]
        kept = [s for i, s in enumerate(anystyle) if i % folds != fold]
        results.update(_measure(bench, kept, STYLES, {f"fold{fold}": held}))
        print(f"fold {fold}: {len(held)} sequences", flush=True)
    _print(f"{folds}-fold cross-validation on AnyStyle's training files", results)


def leave_styles_out(  # type: ignore[no-untyped-def]
    bench,
    anystyle: list[Segments],
    groups: int,
    second_pass: int = 0,
    only: Sequence[int] = (),
    save: Path | None = None,
) -> None:
    results = {}
    stacked = {}
    measured = []
    for group in range(groups):
        if only and group not in only:
            continue
        out = [s for s in STYLES if STYLES.index(VARIANTS.get(s, s)) % groups == group]
        held = [s for i, s in enumerate(anystyle) if i % groups == group]
        kept = [s for i, s in enumerate(anystyle) if i % groups != group]
        tests = {}
        for style in out:
            rng = random.Random(training.SEED)
            tests[style] = [r for r in (restyle(s, rng, [style]) for s in held) if r]
        print(f"group {group} left out: {', '.join(out)}", flush=True)
        styles = [s for s in STYLES if s not in out]
        where = save / f"group{group}" if save else None
        found = _measure(bench, kept, styles, tests, second_pass, where)
        if second_pass:
            results.update(found[0])
            stacked.update(found[1])
        else:
            results.update(found)
        measured += out
    tables = [("", results)]
    if second_pass:
        tables = [("first pass alone", results), (f"both passes ({second_pass} folds)", stacked)]
    for name, table in tables:
        print(f"{name}\nstyle           " if name else "style           ", end="")
        print(" ".join(f"{field:>13}" for field in STYLE_FIELDS) + "  sequences")
        for style in measured:
            accuracy = table[style]
            shares = " ".join(f"{accuracy.share[f]:13.1%}" for f in STYLE_FIELDS)  # type: ignore[attr-defined]
            print(f"{style:15} {shares}  {accuracy.count:9}")  # type: ignore[attr-defined]
        title = f"every style left out of training in turn ({groups} groups)"
        if only:
            title += f", groups {', '.join(map(str, only))} only"
        _print(f"{name}: {title}" if name else title, table)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--leave-styles-out", type=int, metavar="N", default=0)
    parser.add_argument(
        "--second-pass",
        type=int,
        metavar="K",
        default=0,
        help="also train a second pass on K-fold cross-predictions and measure both passes",
    )
    parser.add_argument(
        "--save-models", type=Path, metavar="DIR", help="keep each group's models in DIR"
    )
    parser.add_argument(
        "--groups", type=int, nargs="+", default=(), help="measure only these left-out groups"
    )
    args = parser.parse_args()
    bench = _benchmark()
    anystyle = training.anystyle_sequences()
    if args.leave_styles_out:
        leave_styles_out(
            bench, anystyle, args.leave_styles_out, args.second_pass, args.groups, args.save_models
        )
    else:
        cross_validate(bench, anystyle, args.folds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
