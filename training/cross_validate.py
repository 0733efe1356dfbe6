"""Cross-validate the reference parser on AnyStyle's training files (never on the gold).

    python training/cross_validate.py [--folds 3]
    python training/cross_validate.py --leave-styles-out 3

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
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import inspect
import json
import random
import re
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

from seedscope import reference_model, references  # noqa: E402

#: Styles that are variants of another (left out with it): the same form in another language,
#: or with one element moved.
VARIANTS = {"nature_doi": "nature", "apa_es": "apa", "gbt_zh": "chinese", "compact": "untitled",
            "ams": "aps", "informal": "oup"}  # fmt: skip
#: The fields reported per left-out style.
STYLE_FIELDS = ["first_author", "title", "journal", "year"]
#: The fields printed per gate.
GATE_FIELDS = ["first_author", "title", "journal", "container_title", "publisher", "year"]


def _benchmark():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "parse_accuracy", ROOT / "benchmarks" / "parse_accuracy.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[module.__name__] = module
    spec.loader.exec_module(module)
    return module


def _measure(bench, kept: list[Segments], styles: Sequence[str], tests: dict[str, list[Segments]]):  # type: ignore[no-untyped-def]
    """Train on ``kept`` (rewritten in ``styles``), then the accuracy on each test set."""
    rng = random.Random(training.SEED)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fold.crfsuite"
        training.train(path, training.merged_sequences(kept, rng, styles))
        model = pycrfsuite.Tagger()
        model.open(str(path))
        reference_model.tagger = lambda model=model: model  # type: ignore[assignment]
        results = {
            name: bench.field_accuracy(bench.labelled_rows(held, name), gold=True)
            for name, held in tests.items()
        }
    for accuracy in results.values():
        _add_cjk_surname(accuracy)
    return results


#: The gates measured with ``--lists`` (:class:`seedscope.reference_model.ListGate`): each of
#: the first model's doubt, the second model's confidence and the list's agreement alone, and
#: together.
GATES = [
    reference_model.ListGate(first, second, agree)
    for first in (1.01, 0.99, 0.95, 0.9, 0.8, 0.6)
    for second in (0.0, 0.5, 0.7, 0.9)
    for agree in (0.0, 0.5, 0.67, 0.8)
]


def gate_name(gate: reference_model.ListGate) -> str:
    return f"gate:{gate.first_below:g},{gate.second_at_least:g},{gate.agree:g}"


def _list_model(models: Path | None, kept: list[Segments], styles: Sequence[str]) -> Path | None:
    """Where the list model trained on ``kept`` in ``styles`` is kept in ``models`` (named by a
    digest of its data and of the code that makes its features), or None without ``models``."""
    if models is None:
        return None
    code = [
        inspect.getsource(f)
        for f in (
            reference_model.list_features,
            reference_model._place_votes,
            reference_model._places,
            reference_model._chunks,
            reference_model.sequence_features,
            reference_model._token_features,
            training.train_list_model,
            training.style_lists,
        )
    ]
    digest = hashlib.sha256(repr((kept, list(styles), code)).encode()).hexdigest()[:16]
    models.mkdir(parents=True, exist_ok=True)
    return models / f"list-{digest}.crfsuite"


def _measure_lists(  # type: ignore[no-untyped-def]
    bench,
    kept: list[Segments],
    styles: Sequence[str],
    tests: dict[str, list[Segments]],
    models: Path | None = None,
):
    """As :func:`_measure`, and also with each test set cut into lists parsed as lists.

    The test sets' figures one by one (keys as in ``tests``), as lists (keys ``STYLE+list``)
    and as lists through each of :data:`GATES` (keys ``STYLE+gate:F,S,A``), the list model
    trained on ``kept`` in ``styles`` (``train_list_model``). ``models``: a folder keeping the
    first models and the list model, found there again by a later run on the same data.
    """
    rng = random.Random(training.SEED)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        second_path = _list_model(models, kept, styles) or Path(tmp) / "list.crfsuite"
        sequences = training.merged_sequences(kept, rng, styles)
        path = training.cached(models, sequences) if models else Path(tmp) / "fold.crfsuite"
        started = time.perf_counter()
        if not path.exists():
            training.train(path, sequences)
        first_seconds = time.perf_counter() - started
        count = 0
        if not second_path.exists():
            print(f"training the list model into {second_path.name}", flush=True)
            count = training.train_list_model(second_path, kept, styles, models=models)
        list_seconds = time.perf_counter() - started - first_seconds
        print(f"first model {first_seconds:.0f} s; list model {list_seconds:.0f} s "
              f"({count} list entries)", flush=True)  # fmt: skip
        model, second = pycrfsuite.Tagger(), pycrfsuite.Tagger()
        model.open(str(path))
        second.open(str(second_path))
        reference_model.tagger = lambda model=model: model  # type: ignore[assignment]
        reference_model.list_tagger = lambda: None  # type: ignore[assignment]
        for name, held in tests.items():
            rows = bench.labelled_rows(held, name)
            results[name] = bench.field_accuracy(rows, gold=True)
        reference_model.list_tagger = lambda second=second: second  # type: ignore[assignment]
        # both models' labels of each list, found once and gated in each way
        found: dict[tuple[tuple[str, ...], ...], reference_model.ListLabels | None] = {}
        tag_list = reference_model.tag_list

        def gated(
            entries: Sequence[Sequence[str]], gate: reference_model.ListGate | None = None
        ) -> list[list[str]]:
            used = tuple(tuple(tokens) for tokens in entries if tokens)
            if used not in found:
                found[used] = reference_model.label_list(used)
            both = found[used]
            if both is None:
                return tag_list(entries)
            again = iter(both.gated(gate or reference_model.LIST_GATE))
            return [next(again) if tokens else [] for tokens in entries]

        for name, held in tests.items():
            rows = bench.labelled_rows(held, name)
            lists = training.cut_lists(rows, random.Random(training.SEED))
            for key, gate in [
                ("list", reference_model.ListGate()),
                *((gate_name(g), g) for g in GATES),
            ]:
                reference_model.tag_list = lambda entries, g=gate: gated(entries, g)  # type: ignore[assignment]
                parsed = iter(
                    [
                        ref
                        for entries in lists
                        for ref in references.parse_references([r["raw"] for r in entries])
                    ]
                )
                results[f"{name}+{key}"] = bench.field_accuracy(
                    rows, lambda _, p=parsed: next(p), gold=True
                )
            found.clear()
        reference_model.tag_list = tag_list
    for accuracy in results.values():
        _add_cjk_surname(accuracy)
    return results


_CJK_NAME = re.compile(f"[{reference_model.CJK_SCRIPT}]+")


def _add_cjk_surname(accuracy) -> None:  # type: ignore[no-untyped-def]
    """Also count a first author right when it is the family name of a CJK name written whole.

    The gold check wants the parsed surname among the author chunk's words, but a Chinese,
    Japanese or Korean name is one word ("沈健晨"), while the parser (like the project's
    annotations) gives the family name alone ("沈"): share ``first_author_cjk``.
    """
    if not accuracy.count:
        return
    extra = 0
    for _, parsed, chunk in accuracy.misses.get("first_author", []):
        name = _CJK_NAME.match((chunk or "").strip())
        extra += bool(parsed and name and len(parsed) < len(name[0]) and name[0].startswith(parsed))
    accuracy.share["first_author_cjk"] = accuracy.share["first_author"] + extra / accuracy.count


def _shares(results: dict[str, object]) -> dict[str, float]:
    """Each field's share over all of ``results`` (and their number of sequences, ``count``)."""
    right: dict[str, float] = defaultdict(float)
    count = 0
    for accuracy in results.values():
        for name, share in accuracy.share.items():  # type: ignore[attr-defined]
            right[name] += share * accuracy.count  # type: ignore[attr-defined]
        count += accuracy.count  # type: ignore[attr-defined]
    return {**{name: total / count for name, total in right.items()}, "count": count}


def _print(title: str, results: dict[str, object]) -> None:
    shares = _shares(results)
    print(f"{title}, {shares.pop('count'):.0f} sequences:")
    for name, share in shares.items():
        print(f"  {name:16} {share:6.1%}")


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
    only: Sequence[int] | None = None,
    save: Path | None = None,
    lists: bool = False,
    models: Path | None = None,
) -> None:
    results = {}
    for group in range(groups) if only is None else only:
        out = [s for s in STYLES if STYLES.index(VARIANTS.get(s, s)) % groups == group]
        held = [s for i, s in enumerate(anystyle) if i % groups == group]
        kept = [s for i, s in enumerate(anystyle) if i % groups != group]
        tests = {}
        for style in out:
            rng = random.Random(training.SEED)
            tests[style] = [r for r in (restyle(s, rng, [style]) for s in held) if r]
        styles = [s for s in STYLES if s not in out]
        if lists:
            results.update(_measure_lists(bench, kept, styles, tests, models))
        else:
            results.update(_measure(bench, kept, styles, tests))
        print(f"group {group} left out: {', '.join(out)}", flush=True)
        if save:  # after each group, so that a stopped run keeps what it measured
            shares = {style: {**a.share, "count": a.count} for style, a in results.items()}
            save.write_text(json.dumps(shares, indent=1) + "\n")
    print("style" + " " * 16 + " ".join(f"{name:>13}" for name in STYLE_FIELDS) + "  sequences")
    for style in STYLES:
        for name in (style, f"{style}+list"):
            if name not in results:
                continue
            accuracy = results[name]
            shares = " ".join(f"{accuracy.share[f]:13.1%}" for f in STYLE_FIELDS)  # type: ignore[attr-defined]
            print(f"{name:20} {shares}  {accuracy.count:9}")  # type: ignore[attr-defined]
    alone = {k: v for k, v in results.items() if "+" not in k}
    _print(f"every style left out of training in turn ({groups} groups)", alone)
    if lists:
        listed = {k: v for k, v in results.items() if k.endswith("+list")}
        _print("the same, parsed as lists (second model)", listed)
        print("parsed as lists, gated (first below, second at least, agreement at least):")
        print(" " * 22 + " ".join(f"{name:>15}" for name in GATE_FIELDS))
        for gate in GATES:
            name = gate_name(gate)
            overall = _shares({k: v for k, v in results.items() if k.endswith("+" + name)})
            print(f"  {name:20}" + " ".join(f"{overall[f]:15.1%}" for f in GATE_FIELDS))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--leave-styles-out", type=int, metavar="N", default=0)
    parser.add_argument(
        "--groups", metavar="G,G", help="with --leave-styles-out: only these groups (0-based)"
    )
    parser.add_argument(
        "--save", type=Path, metavar="JSON", help="with --leave-styles-out: per-style shares"
    )
    parser.add_argument(
        "--lists",
        action="store_true",
        help="with --leave-styles-out: also train the list model and parse each left-out "
        "style's sequences as lists",
    )
    parser.add_argument(
        "--gate",
        action="append",
        metavar="F,S,A",
        help="with --lists: measure this gate (first below, second at least, agreement at "
        "least) instead of the grid of GATES; may be repeated",
    )
    parser.add_argument(
        "--models",
        type=Path,
        metavar="DIR",
        help="with --lists: keep the first models there, and reuse them on the next run",
    )
    args = parser.parse_args()
    if args.gate:
        GATES[:] = [reference_model.ListGate(*map(float, g.split(","))) for g in args.gate]
    bench = _benchmark()
    anystyle = training.anystyle_sequences()
    if args.leave_styles_out:
        only = [int(g) for g in args.groups.split(",")] if args.groups else None
        leave_styles_out(
            bench, anystyle, args.leave_styles_out, only, args.save, args.lists, args.models
        )
    else:
        cross_validate(bench, anystyle, args.folds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
