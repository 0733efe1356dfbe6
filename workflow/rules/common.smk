import atexit
import functools
import gc
import json
import os
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

# As Snakemake's process exits, after the last job, Python runs its cycle collector over every
# object still alive, the whole DAG among them: 0.4 s for the five shipped seeds, more with more.
# Frozen objects are left out of it; they are still freed as their modules are cleared.
atexit.register(gc.freeze)

# The logic lives in the seedscope package (src/, installed by both README commands).
from seedscope.config import ConfigError, exit_with, load_schema, validate
from seedscope.ids import seed_specs
from seedscope.snakemake_params import check_params_lazily
from seedscope.snapshot import read_refresh_day

# Snakemake looks for DataFrames among the params of every job it records and of every
# script: job it starts, importing pandas for it in its own process: 0.4 s of CPU, mostly while
# no job can start. It now looks only when pandas is imported (seedscope.snakemake_params).
check_params_lazily()

try:
    config = validate(
        config,
        load_schema(Path(workflow.current_basedir) / "../schemas/config.schema.yaml"),
    )
except ConfigError as error:
    exit_with(error)

SEEDS = {spec.seed_id: spec for spec in seed_specs(config)}
#: When this run started: a summary written before it belongs to an earlier run.
RUN_STARTED = time.time()
WITH_BIBLIOGRAPHY = [seed for seed, spec in SEEDS.items() if spec.references]


wildcard_constraints:
    seed="|".join(SEEDS),


# How the jobs run. The rules run once per seed (resolve_seed, collect_seed, match_references,
# flatten_matches, render_seed_report) are `shell:` rules running
# `"$SEEDSCOPE_PYTHON" -P -c "$SEEDSCOPE_JOB" RULE FILES PARAMS LOG` (both set below): a job
# starts without Snakemake's Python `script:` preamble (about 0.07 s of CPU importing
# Snakemake). FILES, its named inputs and outputs, and PARAMS are JSON arguments (job_files,
# job_params): two, because Snakemake does not re-run a job whose params derived from its files
# changed, and the params must re-run it (a failed fetch's next attempt, a changed seed). The
# pooled rules, one job per run, run the same command from a bash `script:` wrapper
# (scripts/run_job.sh), which hands FILES and PARAMS on through standard input: their input
# lists grow with the seeds (at 1,000 seeds, beyond the 128 KB one command-line argument may
# hold), and Snakemake writes a script's values into the script file. Either way
# seedscope.jobs.rules does the work: handed to a warm job server, which forks a copy of itself
# per job (seedscope.jobs.server), or in the job's own process. Every job's log ends with what
# its work cost (wall and CPU seconds, peak memory) in the process that did it.

# The Python a job runs with, as for a Python `script:` job: the environment's own where jobs
# run in conda environments (`--software-deployment-method conda`), else Snakemake's, so a run
# started as `.venv/bin/snakemake` without activating the environment finds seedscope. Handed
# to the jobs in the environment (the rules' `"$SEEDSCOPE_PYTHON"`), not as a param: a param
# would re-run every job when the environment moves. SEEDSCOPE_JOB is the code that runs the
# job: `python -c` imports the job runner at once, where `python -m seedscope.jobs` (which does
# the same) would first import runpy and look the package up, 5 ms of CPU more per job.
# SEEDSCOPE_OPENALEX, the config's `openalex` section (retries, waits, timeout), reaches the
# network jobs the same way: it says how requests are made, not what they answer, so changing
# it re-runs no job (a job that could not fetch everything runs again anyway: fetch_attempt).
# SEEDSCOPE_SNAPSHOT_MODE likewise: auto and offline read the same answers (snapshot_params).
os.environ.update(
    SEEDSCOPE_PYTHON=(
        "python"
        if "CONDA"
        in {method.name for method in workflow.deployment_settings.deployment_method}
        else sys.executable
    ),
    SEEDSCOPE_JOB="from seedscope.jobs.runner import main; main()",
    SEEDSCOPE_OPENALEX=json.dumps(config["openalex"], sort_keys=True),
    SEEDSCOPE_SNAPSHOT_MODE=config["snapshot"]["mode"],
)


def job_files(wildcards, input, output):
    """The `files` parameter of every rule: the named inputs and outputs as one JSON text."""
    return json.dumps(
        {"input": dict(input.items()), "output": dict(output.items())}, sort_keys=True
    )


def job_params(**params):
    """The `job` parameter of every rule: these params as one JSON text (a function is called
    with the job's wildcards); a change re-runs the job."""

    def job(wildcards):
        return json.dumps(
            {
                name: value(wildcards) if callable(value) else value
                for name, value in params.items()
            },
            sort_keys=True,
        )

    return job


def seed_params(wildcards):
    """The seed's identity as a job parameter: changing it re-runs the seed's jobs."""
    spec = SEEDS[wildcards.seed]
    return {
        "seed_id": spec.seed_id,
        "kind": spec.kind,
        "value": spec.value,
        "label": spec.label,
    }


@functools.cache  # five rules and the key check ask; refresh.json is read once per start
def snapshot_params():
    """The snapshot a network job reads, and the day (UTC) of the refresh its answers are from.

    A refresh carries its own day: a refresh on a later day fetches again, while one interrupted
    and restarted the same day continues where it stopped. The other modes carry the day of
    the snapshot's last refresh (none before the first), the same as the refresh that made it:
    switching between auto, offline and back from refresh re-runs nothing. The mode itself
    reaches the jobs through the environment (SEEDSCOPE_SNAPSHOT_MODE).
    """
    snapshot = config["snapshot"]
    if snapshot["mode"] == "refresh":
        day = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    else:
        day = read_refresh_day(Path(snapshot["dir"]))
    return {"dir": snapshot["dir"], "refresh_day": day}


def fetch_attempt(stage, name=None):
    """A job parameter that re-runs a network job whose last run could not fetch everything.

    A network job records, in results/raw/attempts/<stage>/<name>.json (not an output, so
    Snakemake leaves it alone; <name> is the seed's id, or the pooled job's ``name``), the
    attempt number it ran with and whether it completed. A complete record keeps its number,
    so nothing re-runs; an incomplete one asks for the next number, which differs from the
    recorded parameter, so Snakemake runs the job again and it fetches what is missing
    (answers already in the snapshot are not requested again).
    """

    def attempt(wildcards):
        record, last = last_attempt(stage, name or wildcards.seed)
        number = last["number"] + (0 if last["complete"] else 1) if last else 0
        return {"number": number, "record": str(record)}

    return attempt


def last_attempt(stage, name):
    """Where a network job records its last attempt (see fetch_attempt), and that record
    (``number`` and ``complete``), or None when there is none or it is unreadable."""
    record = Path(f"results/raw/attempts/{stage}/{name}.json")
    try:
        last = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return record, None
    well_formed = isinstance(last, dict) and {"number", "complete"} <= last.keys()
    return record, last if well_formed else None


def referenced_works(wildcards):
    """collect_seed's input from the pooled fetch_references: ``ancient()``, so that adding a
    seed (which re-runs the pooled job) does not re-run the other seeds' collect_seed, unless
    this seed's collect_seed has to run anyway.

    Snakemake never checks a job whose input a re-run job makes only through ``ancient()``
    inputs: it would skip a collect_seed that must run for its own reason (its last attempt
    incomplete, its seed record fetched again by a refresh stopped before it) in a run that
    also re-runs fetch_references (a seed added, a refresh restarted). Such a seed gets the
    input as a plain one and is run after fetch_references.
    """
    return ancient(REFERENCED_WORKS) if collected(wildcards.seed) else REFERENCED_WORKS


def collected(seed):
    """Whether a seed's collect_seed outputs exist, are not older than its seed record, and
    came from a complete attempt."""
    try:
        outputs = [
            Path(f"results/raw/{kind}/{seed}.json") for kind in ("references", "citing")
        ]
        outputs.append(Path(SEED_TABLES.format(seed=seed)))
        oldest = min(path.stat().st_mtime for path in outputs)
        resolved = Path(f"results/raw/seeds/{seed}.json").stat().st_mtime
    except OSError:
        return False
    _, last = last_attempt("references", seed)
    return last is not None and last["complete"] is True and resolved <= oldest


# Each seed's slices of the tables, with its status.json and provenance.json, in one interim
# file per seed (collect_seed), and those of its pasted bibliography in a second one
# (flatten_matches): their sections and format are declared in seedscope.interim. One file, not
# one per table: Snakemake writes a metadata record per output, each with a checksum of every
# input of its job (pool_tables reads every seed's file), and stats every planned file at start.
SEED_TABLES = "results/interim/seeds/{seed}.tables"
BIBLIOGRAPHY_TABLES = "results/interim/bibliographies/{seed}.tables"


# The seeds of the run, for the pages' navigation bars (rule list_seeds).
SEED_LIST = "results/interim/seed_list.json"
# fetch_references' output, rewritten whenever the set of seeds changes. The jobs pooling all
# seeds' files (describe_cocited, pool_tables, compare_snapshots, export_bibliography) take it as
# an input, so that they run again when a seed is removed: that changes no other file they read,
# and Snakemake does not check their own inputs in a run that re-runs fetch_references, whose
# output collect_seed takes as ancient() (snakemake/snakemake#4166; see referenced_works above).
REFERENCED_WORKS = "results/raw/referenced_works.json"


def bibliography(wildcards):
    """The seed's pasted bibliography file."""
    return SEEDS[wildcards.seed].references


def bibliography_tables(wildcards):
    """The interim file of a seed's pasted bibliography, by input name (none without one)."""
    if wildcards.seed not in WITH_BIBLIOGRAPHY:
        return {}
    return {"bibliography": BIBLIOGRAPHY_TABLES.format(seed=wildcards.seed)}


def final_outputs():
    """Everything a run produces; with strict: true, also the check that nothing is missing."""
    strict = ["results/complete.txt"] if config["strict"] else []
    return strict + outputs()


def outputs():
    return [
        "results/tables/seeds.csv",
        "results/tables/works.csv",
        "results/tables/links.csv",
        "results/tables/citations_by_year.csv",
        "results/tables/journals.csv",
        "results/tables/years.csv",
        "results/tables/reference_age.csv",
        "results/tables/bradford.csv",
        "results/tables/bradford_summary.csv",
        "results/tables/fields.csv",
        "results/tables/topics.csv",
        "results/tables/overlap.csv",
        "results/tables/overlap_matrix.csv",
        "results/tables/shared_works.csv",
        "results/tables/provenance.csv",
        "results/tables/reference_matches.csv",
        "results/tables/reference_coverage.csv",
        "results/tables/coverage_summary.csv",
        "results/tables/changes.csv",
        "results/tables/retracted.csv",
        "results/tables/cocited.csv",
        "results/tables/cocited_works.csv",
        "results/tables/derivative_works.csv",
        "results/tables/authors.csv",
        "results/tables/institutions.csv",
        "results/tables/countries.csv",
        "results/tables/map_nodes.csv",
        "results/tables/map_edges.csv",
        "results/tables/map_clusters.csv",
        "results/reports/index.html",
        "results/reports/overview.html",
        *expand("results/reports/{seed}.html", seed=SEEDS),
        "results/exports/corpus.ris",
        "results/exports/corpus.bib",
        "results/exports/citations.graphml",
        "results/exports/works.parquet",
        "results/exports/links.parquet",
        "results/exports/cocitation.vosviewer.json",
        "results/exports/coupling.vosviewer.json",
    ]


#: The rules whose jobs call OpenAlex.
NETWORK_RULES = {"resolve_seed", "fetch_references", "collect_seed", "match_references"}


def check_api_key():
    """Stop before the first job, with one line, when a network job needs a key and has none.

    A run whose network jobs find every answer in the snapshot, or an offline run, goes on.
    """
    from seedscope.run_checks import missing_api_key

    jobs = [
        (job.rule.name, job.wildcards_dict.get("seed"))
        for job in workflow.dag.needrun_jobs()
        if job.rule.name in NETWORK_RULES
    ]
    if not jobs:
        return
    snapshot = {**snapshot_params(), "mode": config["snapshot"]["mode"]}
    problem = missing_api_key(jobs, SEEDS, config, snapshot, os.environ)
    if problem:
        print(f"seedscope: {problem}", file=sys.stderr)
        sys.exit(1)


def end_scheduler_timers():
    """Cancel the timers Snakemake's scheduler leaves when the run ends (onsuccess, onerror).

    Its job rate limit (max-jobs-per-timespan in profiles/default/config.yaml) sets a timer per
    scheduling round, a thread the interpreter waits for before it exits: without this, a run
    would end up to one window (a minute) after its last job. Nothing is scheduled any more when
    these handlers run.
    """
    for thread in threading.enumerate():
        if isinstance(thread, threading.Timer):
            thread.cancel()


def print_run_summary(failed=False):
    """Tell the terminal what the run produced and what it could not fetch.

    A run in which not a single seed was resolved then ends with a failing exit status and
    one line saying why. After a failed run (``strict: true``), only a summary this run wrote
    is told.
    """
    from seedscope.run_checks import nothing_resolved

    status_file = Path("results/tables/status.json")
    try:
        if failed and status_file.stat().st_mtime < RUN_STARTED:
            return
        status = json.loads(status_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    found = nothing_resolved(
        "results/tables/seeds.csv", str(status_file), config["snapshot"]
    )
    # a line that names the whole cause is told alone: the seeds' messages would repeat it
    if not (found and found[1]):
        for line in status["notices"] + status["summary"]:
            print(f"seedscope: {line}", file=sys.stderr)
        for message in status["messages"]:
            print(f"seedscope: could not fetch: {message}", file=sys.stderr)
    if found:
        print(f"seedscope: {found[0]}", file=sys.stderr)
        if not failed:
            sys.exit(1)
