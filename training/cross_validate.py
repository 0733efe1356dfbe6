"""Cross-validate the reference parser on AnyStyle's training files (never on the gold).

    python training/cross_validate.py [--folds 3]
    python training/cross_validate.py --leave-styles-out 3
    python training/cross_validate.py --learning-curve 3 [--fractions 0,0.25,0.5,1] [--rounds 1]

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

``--leave-sources-out N`` measures the same on real strings rather than rewritten ones: the
project's own annotated sequences (``project.xml``, those with a ``source``: public reference
lists, one source a list) are cut into ``N`` groups by source (the ``k``-th source, in order of
first appearance, is in group ``k % N``); for each group, a model is trained as the shipped one
without that group's sequences and parses them. Each group's sources are lists the model never
saw a string of, which is what the held-out parts ask; the figures are per group and over all.
The development check's rows from the same sources (``check.jsonl``, never trained on, a third
or less of each source) are parsed by the same models and measured as for the check, on its
fields.

``--learning-curve N`` measures how much the project's own lists teach the parser about lists
it never saw: the project's sources are cut into ``N`` groups as above, group 0 is left out and
parsed (with the check's rows of its sources) by models trained with none, a quarter, half and
all of the other groups' sources (``--fractions``), everything else as for the shipped model;
``--rounds 0`` or ``2`` trains them with AnyStyle's sequences not rewritten or rewritten twice.

``--unseen XML`` parses the labelled sequences of another file (AnyStyle's format) that the
shipped model was not trained on, with the shipped model and its corrections, and measures them
as AnyStyle's gold: the eighth and ninth collections' 354 training sequences, which were taken
out of ``project.xml`` again (``git show 0460e96^:training/project.xml > collections.xml``),
are lists of the kinds the clean held-out parts hold that no model was trained on.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import sys
import tempfile
import xml.etree.ElementTree as ET
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
    return _trained_accuracy(bench, training.merged_sequences(kept, rng, styles), tests)


def _trained_accuracy(  # type: ignore[no-untyped-def]
    bench, sequences: list[Segments], tests: dict[str, list[Segments]], checks=None
):
    """Train a model on ``sequences``, then its accuracy on each test set (as for the gold) and
    on each set of the development check's rows in ``checks`` (as for the check)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.crfsuite"
        training.train(path, sequences)
        model = pycrfsuite.Tagger()
        model.open(str(path))
        reference_model.tagger = lambda model=model: model  # type: ignore[assignment]
        results = {
            name: bench.field_accuracy(bench.labelled_rows(held, name), gold=True)
            for name, held in tests.items()
        }
        for name, rows in (checks or {}).items():
            results[name] = bench.field_accuracy(rows, fields=bench.CHECK_FIELDS)
    return results


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
    only: Sequence[int] | None = None,
    save: Path | None = None,
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
        results.update(_measure(bench, kept, [s for s in STYLES if s not in out], tests))
        print(f"group {group} left out: {', '.join(out)}", flush=True)
        if save:  # after each group, so that a stopped run keeps what it measured
            shares = {style: {**a.share, "count": a.count} for style, a in results.items()}
            save.write_text(json.dumps(shares, indent=1) + "\n")
    print("style           " + " ".join(f"{name:>13}" for name in STYLE_FIELDS) + "  sequences")
    for style in STYLES:
        if style not in results:
            continue
        accuracy = results[style]
        shares = " ".join(f"{accuracy.share[name]:13.1%}" for name in STYLE_FIELDS)  # type: ignore[attr-defined]
        print(f"{style:15} {shares}  {accuracy.count:9}")  # type: ignore[attr-defined]
    _print(f"every style left out of training in turn ({groups} groups)", results)


def project_sources() -> list[tuple[str, Segments]]:
    """The project's sequences that name their source, with it, in file order."""
    root = ET.parse(training.PROJECT_FILE).getroot()
    sources = [node.get("source") for node in root.iter("sequence")]
    sequences = training.read_sequences(training.PROJECT_FILE)
    if len(sources) != len(sequences):  # read_sequences drops a sequence with no text
        raise ValueError(f"{training.PROJECT_FILE}: a sequence without text")
    return [(src, seq) for src, seq in zip(sources, sequences, strict=True) if src]


def source_groups(groups: int) -> tuple[list[tuple[str, Segments]], list[str], dict[str, int]]:
    """The project's sources' sequences, the sources in order, and each source's group (the
    ``k``-th source, in order of first appearance, is in group ``k % groups``)."""
    labelled = project_sources()
    order = list(dict.fromkeys(src for src, _ in labelled))
    return labelled, order, {src: k % groups for k, src in enumerate(order)}


def leave_sources_out(  # type: ignore[no-untyped-def]
    bench, anystyle: list[Segments], groups: int, only: Sequence[int] | None = None
) -> None:
    labelled, order, group_of = source_groups(groups)
    check = bench.load_set(bench.CHECK_SET)
    results, checked = {}, {}
    for group in range(groups) if only is None else only:
        held = [seq for src, seq in labelled if group_of[src] == group]
        held_texts = {training.text_of(seq) for seq in held}
        rng = random.Random(training.SEED)
        sequences = [
            s
            for s in training.merged_sequences(anystyle, rng)
            if training.text_of(s) not in held_texts
        ]
        name, rows = f"group {group}", [r for r in check if group_of.get(r["source"]) == group]
        measured = _trained_accuracy(bench, sequences, {name: held}, {f"check {group}": rows})
        accuracy = results[name] = measured[name]
        checked[f"check {group}"] = measured[f"check {group}"]
        sources = sum(1 for src in order if group_of[src] == group)
        shares = ", ".join(f"{name} {accuracy.share[name]:.1%}" for name in STYLE_FIELDS)
        print(f"group {group} ({sources} sources, {accuracy.count} strings): {shares}", flush=True)
    _print(f"the project's sources left out of training in turn ({groups} groups)", results)
    _print("the development check's rows of those sources, as for the check", checked)


def learning_curve(  # type: ignore[no-untyped-def]
    bench, anystyle: list[Segments], groups: int, fractions: Sequence[float], rounds: int = 1
) -> None:
    """How the parser does on lists it never saw as it is trained on more of the project's.

    The project's sources are cut into ``groups`` as for :func:`leave_sources_out`; group 0 is
    left out and measured. For each fraction, a model is trained as the shipped one on AnyStyle's
    sequences, the shipped pastes' and a fraction of the other groups' sources (one in ``1 /
    fraction`` in file order: fractions are 0 and one over a whole number), and parses group 0.
    ``rounds``: how many times AnyStyle's sequences are rewritten (the shipped model: once).
    """
    labelled, order, group_of = source_groups(groups)
    held = [seq for src, seq in labelled if group_of[src] == 0]
    check = [r for r in bench.load_set(bench.CHECK_SET) if group_of.get(r["source"]) == 0]
    others = [src for src in order if group_of[src]]
    for fraction in fractions:
        kept = {src for k, src in enumerate(others) if fraction and k % round(1 / fraction) == 0}
        dropped = {training.text_of(s) for src, s in labelled if src not in kept}
        rng = random.Random(training.SEED)
        sequences = [
            s
            for s in training.merged_sequences(anystyle, rng, rounds=rounds)
            if training.text_of(s) not in dropped
        ]
        trained = sum(1 for src, _ in labelled if src in kept)
        measured = _trained_accuracy(bench, sequences, {"group 0": held}, {"check 0": check})
        shares = "; ".join(
            f"{name}: " + ", ".join(f"{f} {a.share[f]:.1%}" for f in STYLE_FIELDS)
            for name, a in measured.items()
        )
        print(
            f"{fraction:.2f} of the other sources ({len(kept)} sources, {trained} sequences, "
            f"each counted {training.PROJECT_WEIGHT} times), {rounds} rounds of rewriting: "
            f"{shares}",
            flush=True,
        )


#: The title brackets of CJK lists (『』, 「」, 《》, 〈〉), which a sequence's title label keeps
#: and the evaluation's rules drop like quotation marks (as they drop GB/T 7714's type marker).
_TITLE_BRACKETS = "\u300e\u300f\u300c\u300d\u300a\u300b\u3008\u3009"


def unseen(bench, path: Path) -> None:  # type: ignore[no-untyped-def]
    """The shipped parser on the sequences of ``path`` that it was not trained on."""
    trained = {training.text_of(s) for s in training.read_sequences(training.PROJECT_FILE)}
    held = [s for s in training.read_sequences(path) if training.text_of(s) not in trained]
    rows = bench.labelled_rows(held, "unseen")
    for row in rows:
        title = references.TYPE_MARKER.sub("", row["title"] or "").strip(" .,")
        row["title"] = title.strip(_TITLE_BRACKETS) or None
    _print(
        f"{path}: the sequences the shipped model was not trained on",
        {path.name: bench.field_accuracy(rows, gold=True, fields=STYLE_FIELDS)},
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--leave-styles-out", type=int, metavar="N", default=0)
    parser.add_argument(
        "--groups",
        metavar="G,G",
        help="with --leave-styles-out or --leave-sources-out: only these groups (0-based)",
    )
    parser.add_argument(
        "--save", type=Path, metavar="JSON", help="with --leave-styles-out: per-style shares"
    )
    parser.add_argument("--leave-sources-out", type=int, metavar="N", default=0)
    parser.add_argument("--learning-curve", type=int, metavar="N", default=0)
    parser.add_argument(
        "--fractions", default="0,0.25,0.5,1", help="with --learning-curve: of the other sources"
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="with --learning-curve: rounds of rewriting"
    )
    parser.add_argument("--unseen", type=Path, metavar="XML", help="labelled sequences to parse")
    args = parser.parse_args()
    bench = _benchmark()
    if args.unseen:
        unseen(bench, args.unseen)
        return 0
    anystyle = training.anystyle_sequences()
    only = [int(g) for g in args.groups.split(",")] if args.groups else None
    if args.learning_curve:
        fractions = [float(f) for f in args.fractions.split(",")]
        learning_curve(bench, anystyle, args.learning_curve, fractions, args.rounds)
    elif args.leave_sources_out:
        leave_sources_out(bench, anystyle, args.leave_sources_out, only)
    elif args.leave_styles_out:
        leave_styles_out(bench, anystyle, args.leave_styles_out, only, args.save)
    else:
        cross_validate(bench, anystyle, args.folds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
