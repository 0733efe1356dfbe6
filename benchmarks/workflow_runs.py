"""Benchmark: requests, credits and wall time of whole workflow runs against the test server.

    python benchmarks/workflow_runs.py [--latency-ms 50]

Runs the shipped config on a copy of the workflow against the local OpenAlex test server
(synthetic fixture data, with a latency per request), three times: cold, warm (nothing to do)
and after adding one seed. Prints one table. The naive baseline is computed, not run: what a
plain pyalex script would send for the same seeds (one ``Works()[id]`` per referenced work,
``cites:`` walked with the default 25 results per page).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from seedscope.config import load_schema, validate  # noqa: E402
from tests.openalex_server import DEFAULT_FIXTURES, OpenAlexTestServer  # noqa: E402
from tests.test_workflow import copy_workflow  # noqa: E402

KEY = "bench-key"
#: seedscope's runtime environment for the benchmarks' Snakemake runs (gitignored).
RUNTIME_ENV = ROOT / "benchmarks" / "data" / "runtime-env"
#: The files the runtime environment is made from: when one changes, it is made again.
RUNTIME_FILES = ("requirements.txt", "constraints.txt", "pyproject.toml")


@functools.cache
def snakemake_python() -> str:
    """The Python the benchmarks run Snakemake (and so every job) with: seedscope's runtime
    environment, as the README's first command makes it, with seedscope's modules compiled
    (:func:`compile_sources`).

    That is ``requirements.txt`` pinned by ``constraints.txt``, seedscope installed editable
    from this checkout, in ``RUNTIME_ENV``: made on first use (about a minute, from pip's cache)
    and again when one of ``RUNTIME_FILES`` changed. The test environment the benchmarks
    themselves run in adds the SLURM executor plugin, which Snakemake loads at every start:
    about 0.6 s more per run, as it imports pandas, that a user's environment does not pay.
    The environment variable ``SEEDSCOPE_BENCH_PYTHON`` names another Python instead (such as
    the one running the benchmark). A benchmark calls it before it times anything.
    """
    python = os.environ.get("SEEDSCOPE_BENCH_PYTHON") or _runtime_env()
    compile_sources(python)
    return python


def _runtime_env() -> str:
    """The Python of ``RUNTIME_ENV``, made (again) when missing or made from other files."""
    python = RUNTIME_ENV / "bin" / "python"
    stamp = "\n".join((ROOT / name).read_text(encoding="utf-8") for name in RUNTIME_FILES)
    made = RUNTIME_ENV / "made-from.txt"
    if python.exists() and made.exists() and made.read_text(encoding="utf-8") == stamp:
        return str(python)
    print(f"making seedscope's runtime environment in {RUNTIME_ENV} ...", flush=True)
    shutil.rmtree(RUNTIME_ENV, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(RUNTIME_ENV)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "-r", "requirements.txt",
         "-c", "constraints.txt", "-e", "."],
        cwd=ROOT, check=True,
    )  # fmt: skip
    made.write_text(stamp, encoding="utf-8")
    return str(python)


def compile_sources(python: str) -> None:
    """Compile seedscope's modules (``src/``, installed editable) for ``python``, as any run
    leaves them: Python caches a module's bytecode as it first imports it, except where
    ``PYTHONDONTWRITEBYTECODE`` is set (as on the machines the benchmarks were first run on),
    where every job process would compile them again (about 10 ms of CPU each). Libraries
    installed by pip are compiled as they are installed."""
    subprocess.run([python, "-m", "compileall", "-q", str(ROOT / "src")], check=True)


def slurm_wait_s() -> float:
    """How long ``scontrol show config`` takes here (0 without SLURM's client)."""
    if shutil.which("scontrol") is None:
        return 0.0
    started = time.time()
    with suppress(subprocess.TimeoutExpired):
        subprocess.run(["scontrol", "show", "config"], capture_output=True, timeout=15)
    return time.time() - started


def without_slurm_wait(env: dict[str, str]) -> dict[str, str]:
    """``env`` with a ``scontrol`` that fails at once first on the ``PATH``.

    Snakemake loads every executor plugin installed when it starts; the SLURM plugin then runs
    ``scontrol show config``, which waits about 9 s where SLURM's client is installed but no
    controller answers. A machine without SLURM, or with its controller up, does not wait.
    """
    shim = Path(tempfile.gettempdir()) / "seedscope-bench-bin"
    shim.mkdir(exist_ok=True)
    (shim / "scontrol").write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    (shim / "scontrol").chmod(0o755)
    return dict(env, PATH=f"{shim}{os.pathsep}{env.get('PATH', '')}")


def bench_env(base_url: str) -> dict[str, str]:
    """The environment of a benchmarked Snakemake run against the test server at ``base_url``,
    without SLURM's wait for a controller when there is one here (see above)."""
    env = dict(os.environ, OPENALEX_BASE_URL=base_url, OPENALEX_API_KEY=KEY)
    return env if _slurm_wait_s() < 1.0 else without_slurm_wait(env)


_slurm_wait_s = functools.cache(slurm_wait_s)


def run(workdir: Path, server: OpenAlexTestServer) -> tuple[float, dict[str, int]]:
    server.reset_log()
    env = bench_env(server.base_url)
    started = time.perf_counter()
    subprocess.run(
        [snakemake_python(), "-m", "snakemake", "--cores", "4", "--quiet", "all"],
        cwd=workdir,
        env=env,
        check=True,
        capture_output=True,
    )
    seconds = time.perf_counter() - started
    return seconds, count_requests(server)


def count_requests(server: OpenAlexTestServer) -> dict[str, int]:
    """The server's logged requests by kind, and credits.

    Kinds: free ``lookups`` (seeds, and works of a small last batch), paid ``lists`` and
    ``searches`` (10 credits). Lists are split by what they fetch: ``reference_lists`` (works by
    OpenAlex id), ``citing_pages`` (``cites:``) and ``identifier_lists`` (pasted bibliographies'
    DOIs, PMIDs, PMCIDs). ``batch_lookups`` are the lookups of works in small last batches.
    """
    counts = dict.fromkeys(
        ["lookups", "lists", "searches", "credits", "reference_lists", "citing_pages",
         "identifier_lists", "batch_lookups"], 0
    )  # fmt: skip
    for request in server.requests:
        counts["credits"] += request.credits
        if request.credits == 10:
            counts["searches"] += 1
        elif request.path != "/works":
            counts["lookups"] += 1
            counts["batch_lookups"] += "select" in request.query
        else:
            counts["lists"] += 1
            kind = request.query.get("filter", "").split(":", 1)[0]
            part = {"openalex": "reference_lists", "cites": "citing_pages"}
            counts[part.get(kind, "identifier_lists")] += 1
    return counts


def describe_calls(workdir: Path, server: OpenAlexTestServer) -> dict[str, Any]:
    """The list requests describe_cocited sent (those asking only for the works it describes),
    and its bound."""
    raw = json.loads((workdir / "results/raw/cocited_works.json").read_text())
    described = set(raw["requested"])
    config = yaml.safe_load((workdir / "config" / "config.yaml").read_text(encoding="utf-8"))
    schema = load_schema(workdir / "workflow" / "schemas" / "config.schema.yaml")
    describe_top = validate(config, schema)["discovery"]["describe_top"]
    calls = [
        r
        for r in server.requests
        if r.path == "/works"
        and r.query.get("filter", "").startswith("openalex:")
        and set(r.query["filter"].removeprefix("openalex:").split("|")) <= described
    ]
    return {
        "describe_top": describe_top,
        "described": len(described),
        "describe_lists": len(calls),
        "describe_bound": math.ceil(describe_top / 50),
    }


def fixture_works() -> dict[str, dict[str, Any]]:
    with gzip.open(DEFAULT_FIXTURES / "works.jsonl.gz", "rt", encoding="utf-8") as handle:
        return {json.loads(line)["id"]: json.loads(line) for line in handle}


def naive_baseline(seed_ids: list[str], works: dict[str, dict[str, Any]]) -> dict[str, int]:
    lookups = len(seed_ids)
    lists = 0
    for seed in seed_ids:
        record = works[f"https://openalex.org/{seed}"]
        lookups += len(record["referenced_works"])
        citing = sum(1 for w in works.values() if record["id"] in w["referenced_works"])
        lists += math.ceil(citing / 25) + 1
    return {"lookups": lookups, "lists": lists, "searches": 1, "credits": lists + 10}


def list_target(seed_ids: list[str], works: dict[str, dict[str, Any]]) -> dict[str, int]:
    """Issue #6's bound on the list calls that fetch the seeds' neighbourhoods.

    ⌈distinct referenced works / 50⌉ + the citing-work pages at 100 per page (a full last page
    needs one more, empty, page). The shipped seeds all resolve without a search.
    """
    records = [works[f"https://openalex.org/{seed}"] for seed in seed_ids]
    distinct = {w for record in records for w in record["referenced_works"]}
    citing = [sum(1 for w in works.values() if r["id"] in w["referenced_works"]) for r in records]
    pages = sum(n // 100 + 1 for n in citing)
    return {"distinct_references": len(distinct), "citing_pages": pages,
            "target": math.ceil(len(distinct) / 50) + pages}  # fmt: skip


def measure_shipped_config(
    latency_ms: float,
) -> tuple[list[tuple[str, float, dict[str, int]]], dict[str, int], dict[str, int]]:
    """The three runs of the shipped config, the naive baseline and the list-call target."""
    rows = []
    with (
        tempfile.TemporaryDirectory() as tmp,
        OpenAlexTestServer(api_keys={KEY}, latency_s=latency_ms / 1000) as server,
    ):
        workdir = copy_workflow(Path(tmp))
        rows.append(("cold run, 5 seeds", *run(workdir, server)))
        rows.append(("warm re-run, nothing to do", *run(workdir, server)))
        seeds = [
            line.split(",")[3]
            for line in (workdir / "results/tables/seeds.csv").read_text().splitlines()[1:]
        ]
        config_path = workdir / "config/config.yaml"
        config = yaml.safe_load(config_path.read_text())
        config["seeds"].append({"id": "added", "openalex": "W9000000300"})
        config_path.write_text(yaml.safe_dump(config, sort_keys=False))
        rows.append(("after adding one seed", *run(workdir, server)))
    works = fixture_works()
    return rows, naive_baseline(seeds, works), list_target(seeds, works)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    args = parser.parse_args()
    snakemake_python()  # made now, if it must be: not inside a timed run
    rows, b, target = measure_shipped_config(args.latency_ms)
    print(f"seedscope workflow runs against the local test server ({args.latency_ms:g} ms/request)")
    print(f"{'run':<30} {'seconds':>8} {'lookups':>8} {'lists':>6} {'searches':>9} {'credits':>8}")
    for name, seconds, c in rows:
        print(
            f"{name:<30} {seconds:8.1f} {c['lookups']:8d} {c['lists']:6d} {c['searches']:9d} "
            f"{c['credits']:8d}"
        )
    print(
        f"{'naive pyalex, 5 seeds (computed)':<30} {'':>8} {b['lookups']:8d} {b['lists']:6d} "
        f"{b['searches']:9d} {b['credits']:8d}"
    )
    cold = rows[0][2]
    print(
        f"cold run: {cold['reference_lists']} reference lists + {cold['citing_pages']} citing pages"
        f" (target <= {target['target']}: ceil({target['distinct_references']}/50) + "
        f"{target['citing_pages']}); {cold['identifier_lists']} lists and {cold['searches']} "
        f"searches for the pasted bibliographies; {cold['batch_lookups']} free lookups in place "
        "of small list batches"
    )


if __name__ == "__main__":
    main()
