"""Issue #11's targets, enforced on the independent parts of the evaluation set only.

The figures themselves (and the previous parser's, and AnyStyle's held-out gold) are printed by
``python benchmarks/parse_accuracy.py``.
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

HELDOUTS = [f"held-out-{number}" for number in bench.HELDOUT_SETS]
#: The parts annotated for the check's fields only.
CHECK_ONLY = {"check"} | {
    f"held-out-{number}"
    for number, path in bench.HELDOUT_SETS.items()
    if bench.annotated_fields(bench.load_set(path)) == bench.CHECK_FIELDS
}
INDEPENDENT = ["development", "held-out", "check", *HELDOUTS]
#: Targets the learned parser misses, with the share ``python benchmarks/parse_accuracy.py``
#: measured after the last change to the parser (how often each held-out part has been
#: measured, and when: tests/data/references/README.md). Declared here so the shortfall stays
#: visible; strict, so the test fails once a parser meets them and the mark must go. The check
#: misses three since it holds the sixteenth to thirty-ninth collections' strings, from lists in
#: many languages.
MISSED = {
    ("check", "first_author"): "96.0%",
    ("check", "title"): "89.5%",
    ("check", "journal"): "91.5%",
    ("held-out", "title"): "90.1%",
    ("held-out", "journal"): "91.6%",
    # 93.0% before the last retraining: four strings fewer of 200 (not read: held out)
    ("held-out-2", "journal"): "91.0%",
    ("held-out-3", "title"): "86.2%",
    ("held-out-3", "journal"): "90.0%",
    ("held-out-3", "first_author"): "90.6%",
    # 97.5% seven parsers ago: two strings fewer of 160 (a regression, not read: held out)
    ("held-out-3", "year"): "96.2%",
    ("held-out-4", "title"): "79.5%",
    ("held-out-4", "journal"): "83.4%",
    ("held-out-4", "first_author"): "88.1%",
    ("held-out-5", "title"): "82.5%",
    # 92.5% two rounds ago: two strings fewer of 120 (not read: held out)
    ("held-out-5", "journal"): "90.8%",
    ("held-out-5", "first_author"): "90.0%",
    ("held-out-5", "year"): "95.8%",
    # measured once, after the last change of the round that collected it
    ("held-out-6", "title"): "82.5%",
    ("held-out-6", "journal"): "86.3%",
    ("held-out-6", "first_author"): "95.3%",
    ("held-out-6", "year"): "96.2%",
}


@pytest.fixture(scope="module")
def rows():
    return bench.load_set()


@pytest.fixture(scope="module")
def parts(rows):
    return {
        **bench.by_part(rows),
        "check": bench.load_set(bench.CHECK_SET),
        **{f"held-out-{n}": bench.load_set(path) for n, path in bench.HELDOUT_SETS.items()},
    }


def test_parser_drafted_entries_are_marked_and_150_more_are_independent(rows, parts):
    shipped = [r for r in rows if r["source"].startswith("config/references/")]
    assert len(shipped) == 127 + 5 + 5
    assert all(r["annotation"] == "parser-drafted" and r["part"] == "shipped" for r in shipped)
    assert {r["annotation"] for r in rows if r not in shipped} == {"independent"}
    assert len(parts["held-out"]) >= 150
    assert all(r["source"] for r in parts["held-out"])
    styles = {r["style"] for r in parts["held-out"]}
    assert {"apa", "chicago", "ieee", "acs", "ama", "vancouver", "wiley", "french"} <= styles
    assert len({r["id"] for r in rows}) == len(rows)


def test_the_model_never_trains_on_an_independent_string(rows, parts):
    training = bench._load_training()
    trained = {" ".join(training.text_of(s).split()) for s in training.training_sequences()}
    check = parts["check"]
    heldouts = [parts[name] for name in HELDOUTS]
    assert len(check) >= 80 and all(r["annotation"] == "independent" for r in check)
    for heldout in heldouts:
        assert len(heldout) >= 120 and all(r["annotation"] == "independent" for r in heldout)
    every = rows + check + [row for heldout in heldouts for row in heldout]
    assert len({r["id"] for r in every}) == len(every)
    for row in every:
        if row["annotation"] == "independent":
            assert " ".join(row["raw"].split()) not in trained, row["id"]


@pytest.mark.parametrize(
    "part,field,target",
    [
        pytest.param(
            part, field, target,
            marks=pytest.mark.xfail(
                strict=True,
                reason=f"issue #11 target not met on {part}: {MISSED[part, field]} measured",
            )
            if (part, field) in MISSED else (),
        )
        for part in INDEPENDENT
        for field, target in sorted(bench.TARGETS.items())
        if part not in CHECK_ONLY or field in bench.CHECK_FIELDS
    ],
)  # fmt: skip
def test_fields_are_parsed_exactly_right_often_enough(parts, part, field, target):
    accuracy = bench.field_accuracy(parts[part], fields=bench.annotated_fields(parts[part]))
    # a held-out part's misses are not shown: they are read by nobody who changes the parser
    misses = accuracy.misses.get(field, [])
    shown = misses[:10] if part in ("development", "check") else f"{len(misses)} misses"
    assert accuracy.share[field] >= target, shown


def test_lists_are_split_into_their_entries(rows, parts):
    parted = [parts[name] for name in ("check", *HELDOUTS)]
    counts = bench.splitting(rows + [row for part in parted for row in part])
    found = sum(f for f, _ in counts.values())
    expected = sum(e for _, e in counts.values())
    assert found / expected >= bench.SPLIT_TARGET, counts
    assert all(f / e >= bench.SPLIT_TARGET for f, e in counts.values()), counts


def test_resolution_precision_and_recall(rows):
    result = bench.evaluate_resolution(rows)
    assert result.precision >= bench.RESOLUTION_TARGETS["precision"], result.wrong
    assert result.recall >= bench.RESOLUTION_TARGETS["recall"]
    assert result.present < len(rows)  # some references are absent, so false matches count
    assert result.local > result.present / 2  # most are found among the referenced works


@pytest.mark.parametrize(
    "surname,chunk,right",
    [
        ("王", "王小明", True),  # a Chinese family name starts the name, written without a space
        ("欧阳", "欧阳修", True),
        ("李", "王小明", False),
        ("김", "김 철수", True),
        ("Zandstra", "Zandstra, P.W.", True),
        ("Zand", "Zandstra, P.W.", False),  # a Latin surname is a whole word, as before
        (None, "王小明", False),
    ],
)
def test_the_gold_first_author_check_reads_names_in_han_and_hangul(surname, chunk, right):
    row = {"author_chunk": chunk}
    assert bench._gold_exact("first_author", {"first_author": surname}, row) is right


@pytest.mark.parametrize("right,count", [(0, 10), (81, 263), (110, 120), (300, 302)])
def test_the_wilson_interval_bounds_the_shares_the_score_test_keeps(right, count):
    """The closed form against the score test inverted by bisection: its ends are the shares p
    at which |right/count - p| / sqrt(p (1 - p) / count) equals 1.96."""

    def end(lo: float, hi: float) -> float:  # where the statistic crosses 1.96, by bisection
        def over(p: float) -> bool:
            return abs(right / count - p) / ((p * (1 - p) / count) ** 0.5) > 1.96

        outside_lo = over(lo)
        for _ in range(100):
            mid = (lo + hi) / 2
            if over(mid) == outside_lo:
                lo = mid
            else:
                hi = mid
        return (lo + hi) / 2

    share = right / count
    low, high = bench.wilson(right, count)
    assert low == pytest.approx(end(1e-12, share) if right else 0.0, abs=1e-9)
    assert high == pytest.approx(end(1 - 1e-12, share), abs=1e-9)
    assert low <= share <= high


def _annotator_agreement():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "annotator_agreement", ROOT / "benchmarks/annotator_agreement.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_second_reading_covers_the_development_round_and_every_clean_part():
    agreement = _annotator_agreement()
    pairs = agreement.sets()
    assert set(pairs) == {
        "development",
        "clean held-out parts pooled",
        *(f"held-out-{n}" for n in bench.CLEAN_PARTS),
    }
    for first, second in (p for rows in pairs.values() for p in rows):
        assert set(second) == {"id", *bench.CHECK_FIELDS}
        assert second["year"] is None or isinstance(second["year"], int), first["id"]


def test_agreement_counts_readings_equal_once_normalised():
    agreement = _annotator_agreement()
    first = {"first_author": "van Eeden", "title": "A Title.", "journal": None,
             "container_title": None, "publisher": "INL and Minho", "year": 2000}  # fmt: skip
    second = {**first, "first_author": "Eeden", "title": "\u201ca title\u201d", "publisher": None}
    parsed = {**first, "title": None}
    figures = agreement.agreement([(first, second)], [parsed])
    assert figures["title"] == {"agree": 1.0, "agreed": 1, "first": 0.0, "second": 0.0,
                                "on_agreed": 0.0}  # fmt: skip
    assert figures["first_author"]["agree"] == 0.0 and figures["year"]["agree"] == 1.0
    assert figures["publisher"]["second"] == 0.0 and figures["publisher"]["first"] == 1.0
