"""seedscope.run_checks: the API key checked once before the first job; a run that resolved
not a single seed ends with one line saying why.

The snapshot is filled by the real network jobs against the local test server, then read by
the check with no key.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from seedscope import run_checks
from seedscope.ids import SeedSpec
from seedscope.jobs import enrich
from tests.conftest import API_KEY

OPENALEX = {"max_retries": 0, "max_wait_seconds": 5, "timeout_seconds": 5}
SEEDS = {
    "shi2021": SeedSpec("shi2021", "doi", "10.4252/wjsc.v13.i1.49"),
    "kofi2022": SeedSpec(
        "kofi2022",
        "citation",
        "Kofi D, Xu X, Zhang L, Mao F. Mesenchymal stem cell-derived exosome: The likely "
        "game-changer in stem cell research. BIOCELL. 2022;46(5):1169-1172.",
    ),
}
#: Every network job of SEEDS, as the workflow would plan them on a first run.
JOBS = [("resolve_seed", seed) for seed in SEEDS]
JOBS += [("fetch_references", None)] + [("collect_seed", seed) for seed in SEEDS]


def snapshot(tmp_path: Path, mode: str = "auto", **extra: str) -> dict[str, str]:
    return {"dir": str(tmp_path / "snapshot"), "mode": mode, **extra}


def keyed_client(server, tmp_path: Path):
    env = {"OPENALEX_BASE_URL": server.base_url, "OPENALEX_API_KEY": API_KEY}
    return enrich.make_client(OPENALEX, snapshot(tmp_path), env)


def resolve(client, spec: SeedSpec, out: Path) -> str:
    """Run the resolve_seed job for real; the raw seed file's path."""
    attempt = {"number": 0, "record": f"{out}.attempt"}
    enrich.run_resolve(client, spec.__dict__, attempt, str(out))
    return str(out)


def fill(server, tmp_path: Path, seeds=SEEDS) -> None:
    """Run every network job of ``seeds`` for real, with a key, into the snapshot."""
    client = keyed_client(server, tmp_path)
    raw = tmp_path / "raw"
    seed_files = [resolve(client, spec, raw / f"{spec.seed_id}.json") for spec in seeds.values()]
    attempt = {"number": 0, "record": str(raw / "attempt-references.json")}
    enrich.run_fetch_references(client, seed_files, attempt, str(raw / "references.json"))
    for spec, path in zip(seeds.values(), seed_files, strict=True):
        attempt = {"number": 0, "record": f"{path}.attempt"}
        enrich.run_collect(client, path, attempt, f"{path}.refs", f"{path}.citing")
        if spec.references:
            attempt = {"number": 0, "record": f"{path}.match-attempt"}
            args = (spec.seed_id, spec.references, f"{path}.refs", attempt, f"{path}.matches")
            enrich.run_match(client, *args)


def check(server, tmp_path, jobs=JOBS, seeds=SEEDS, mode="auto", key=None, **extra):
    env = {"OPENALEX_BASE_URL": server.base_url}
    if key:
        env["OPENALEX_API_KEY"] = key
    return run_checks.missing_api_key(
        jobs, seeds, {"openalex": OPENALEX}, snapshot(tmp_path, mode, **extra), env
    )


def files(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_empty_snapshot_needs_the_key_and_says_so_in_one_line(openalex, tmp_path):
    problem = check(openalex, tmp_path)
    assert problem == (
        "OPENALEX_API_KEY is not set, and this run must ask OpenAlex for the record of seed "
        f"kofi2022, which the snapshot folder {tmp_path / 'snapshot'} does not hold. Set the "
        "environment variable OPENALEX_API_KEY to your OpenAlex API key (free, from your "
        "OpenAlex account) and run again."
    )
    assert openalex.requests == []


def test_a_key_or_offline_mode_or_no_network_job_needs_no_check(openalex, tmp_path):
    assert check(openalex, tmp_path, key=API_KEY) is None
    assert check(openalex, tmp_path, mode="offline") is None
    assert check(openalex, tmp_path, jobs=[]) is None
    assert openalex.requests == []


def test_a_snapshot_holding_every_answer_needs_no_key_and_is_left_unchanged(openalex, tmp_path):
    fill(openalex, tmp_path)
    before = files(tmp_path / "snapshot")
    openalex.reset_log()
    assert check(openalex, tmp_path) is None
    assert openalex.requests == []
    assert files(tmp_path / "snapshot") == before


def test_a_seed_the_snapshot_lacks_is_named(openalex, tmp_path):
    fill(openalex, tmp_path)
    seeds = SEEDS | {"mendt2019": SeedSpec("mendt2019", "doi", "10.1038/s41409-019-0616-z")}
    problem = check(openalex, tmp_path, jobs=[*JOBS, ("resolve_seed", "mendt2019")], seeds=seeds)
    assert problem is not None and "for the record of seed mendt2019, which" in problem


def test_neighbours_the_snapshot_lacks_are_found_from_the_raw_seed_file(openalex, tmp_path):
    """collect_seed re-run alone, its seed resolved by an earlier run: its requests replayed."""
    fill(openalex, tmp_path, {"shi2021": SEEDS["shi2021"]})
    raw_dir = tmp_path / "results/raw"
    resolve(keyed_client(openalex, tmp_path), SEEDS["kofi2022"], raw_dir / "seeds/kofi2022.json")
    problem = run_checks.missing_api_key(
        [("collect_seed", "kofi2022")],
        SEEDS,
        {"openalex": OPENALEX},
        snapshot(tmp_path),
        {"OPENALEX_BASE_URL": openalex.base_url},
        raw_dir=raw_dir,
    )
    assert problem is not None
    assert "for the works seed kofi2022 cites or that cite it, which" in problem


def test_a_bibliography_matched_among_the_cited_works_needs_no_key(openalex, tmp_path):
    """match_references is replayed with the works the seed cites, as the job runs: an entry
    found among them was never searched for, so the snapshot holds no search for it."""
    bibliography = tmp_path / "shi2021.txt"
    bibliography.write_text(  # W9000000009, a work shi2021 cites in the fixture
        "1. Wang P, Ivanova D. Mechanisms linking extracellular vesicles and cardiac repair. "
        "Journal of Hematology & Oncology. 2019;1:1-2. doi:10.99999/fixture.9000000009\n"
    )
    seeds = {"shi2021": SeedSpec("shi2021", "doi", SEEDS["shi2021"].value, None, str(bibliography))}
    fill(openalex, tmp_path, seeds)
    entry = json.loads((tmp_path / "raw/shi2021.json.matches").read_text())["entries"][0]
    assert (entry["status"], entry["matched_by"]) == ("matched", "referenced_works")
    jobs = [(rule, "shi2021") for rule in ("resolve_seed", "collect_seed", "match_references")]
    assert check(openalex, tmp_path, jobs=[*jobs, ("fetch_references", None)], seeds=seeds) is None


def test_a_refresh_needs_the_key_for_answers_retrieved_before_its_day(openalex, tmp_path):
    fill(openalex, tmp_path)
    assert check(openalex, tmp_path, mode="refresh", refresh_day="1970-01-01") is None
    problem = check(openalex, tmp_path, mode="refresh", refresh_day="2999-01-01")
    assert problem is not None
    assert "this refresh must ask OpenAlex again for the record of seed kofi2022" in problem


def test_a_base_url_that_is_no_url_is_reported_before_any_job(tmp_path):
    problem = run_checks.missing_api_key(
        JOBS, SEEDS, {"openalex": OPENALEX}, snapshot(tmp_path), {"OPENALEX_BASE_URL": "x"}
    )
    assert problem is not None and problem.startswith("OPENALEX_BASE_URL='x' is not a URL")


def tables(tmp_path: Path, rows: list[tuple[str, str]], unreachable: list[str]) -> tuple:
    seeds_csv = tmp_path / "seeds.csv"
    seeds_csv.write_text(
        "seed_id,status,reason\n" + "".join(f"{s},{status},why\n" for s, status in rows)
    )
    status = tmp_path / "status.json"
    status.write_text(json.dumps({"unreachable": unreachable, "messages": [], "notices": []}))
    return seeds_csv, status


@pytest.mark.parametrize(
    "rows,unreachable,mode,answers,expected",
    [
        ([("a", "resolved"), ("b", "unresolved")], ["b"], "auto", False, None),
        (
            [("a", "unresolved"), ("b", "unresolved")],
            ["a", "b"],
            "offline",
            False,
            "not one of the 2 seeds could be resolved: the mode is offline and the snapshot "
            "folder {dir} holds no answers.",
        ),
        (
            [("a", "unresolved")],
            ["a"],
            "offline",
            True,
            "the seed could not be resolved: the mode is offline and the snapshot folder {dir} "
            "does not hold their answers.",
        ),
        (
            [("a", "unresolved"), ("b", "unresolved")],
            ["a", "b"],
            "auto",
            False,
            "not one of the 2 seeds could be resolved: OpenAlex could not be reached",
        ),
        (
            [("a", "unresolved"), ("b", "unresolved")],
            [],
            "auto",
            True,
            "not one of the 2 seeds could be resolved: OpenAlex has no work matching any of them",
        ),
        (
            [("a", "unresolved"), ("b", "unresolved")],
            ["b"],
            "offline",
            True,
            "not one of the 2 seeds could be resolved: OpenAlex could not be reached for 1 of "
            "them and has no work matching the others",
        ),
    ],
)
def test_a_run_without_a_resolved_seed_says_why(
    tmp_path, rows, unreachable, mode, answers, expected
):
    folder = tmp_path / "snapshot"
    if answers:
        (folder / "responses/ab").mkdir(parents=True)
        (folder / "responses/ab/ab12.json.gz").write_bytes(b"")
    seeds_csv, status = tables(tmp_path, rows, unreachable)
    found = run_checks.nothing_resolved(seeds_csv, status, {"dir": str(folder), "mode": mode})
    if expected is None:
        assert found is None
    else:
        problem, says_all = found
        assert problem.startswith(expected.format(dir=folder))
        # only the offline line names the whole cause; the others point at the seeds' reasons
        assert says_all == ("mode is offline" in problem)
