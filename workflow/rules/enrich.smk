# Network stage: resolve each seed, then collect the works it cites and the works citing it.
# Every answer is kept in the snapshot folder and in results/raw/ before it is transformed.


rule resolve_seed:
    output:
        seed="results/raw/seeds/{seed}.json",
    log:
        "logs/resolve_seed/{seed}.log",
    localrule: True
    conda:
        "../../environment.yml"
    resources:
        openalex=1,
        mem_mb=1000,
        runtime=30,
    params:
        files=job_files,
        job=job_params(
            seed=seed_params,
            attempt=fetch_attempt("seeds"),
            snapshot=snapshot_params(),
        ),
    shell:
        '"$SEEDSCOPE_PYTHON" -P -c "$SEEDSCOPE_JOB" resolve_seed {params.files:q} {params.job:q} {log:q}'


# The works all seeds cite, fetched together: a work cited by several seeds is paid for once
# and batches are filled across seeds. Each seed's collect_seed then reads its references from
# the snapshot. Its output is ancient() there (referenced_works, in common.smk): adding a seed
# re-runs this pooled job (which fetches only the new seed's references), but not the other
# seeds' jobs, whose works the snapshot already holds unchanged.
rule fetch_references:
    input:
        seeds=expand("results/raw/seeds/{seed}.json", seed=SEEDS),
    output:
        works=REFERENCED_WORKS,
    log:
        "logs/fetch_references.log",
    localrule: True
    conda:
        "../../environment.yml"
    resources:
        openalex=1,
        mem_mb=2000,
        runtime=240,
    params:
        files=job_files,
        job=job_params(
            attempt=fetch_attempt("referenced_works", "all"),
            snapshot=snapshot_params(),
        ),
    script:
        "../scripts/run_job.sh"


# The seed's references (read from the snapshot, where fetch_references put them) and citing
# works, saved in results/raw/ before the same job flattens them into the seed's slices of the
# tables (SEED_TABLES, in common.smk): one job, so the raw records are not read back and every
# seed costs one job less (the flattening is about 0.1 s of CPU, light enough for the submit
# host of a cluster).
rule collect_seed:
    input:
        seed="results/raw/seeds/{seed}.json",
        referenced_works=referenced_works,
    output:
        references="results/raw/references/{seed}.json",
        citing="results/raw/citing/{seed}.json",
        tables=SEED_TABLES,
    log:
        "logs/collect_seed/{seed}.log",
    localrule: True
    conda:
        "../../environment.yml"
    resources:
        openalex=1,
        mem_mb=2000,
        runtime=120,
    params:
        files=job_files,
        job=job_params(
            attempt=fetch_attempt("references"),
            snapshot=snapshot_params(),
        ),
    shell:
        '"$SEEDSCOPE_PYTHON" -P -c "$SEEDSCOPE_JOB" collect_seed {params.files:q} {params.job:q} {log:q}'


# A pasted bibliography is matched first against the seed's own referenced works (fetched by
# collect_seed): those entries cost no request.
rule match_references:
    input:
        bibliography=bibliography,
        references="results/raw/references/{seed}.json",
    output:
        matches="results/raw/reference_matches/{seed}.json",
    log:
        "logs/match_references/{seed}.log",
    localrule: True
    conda:
        "../../environment.yml"
    resources:
        openalex=1,
        mem_mb=1000,
        runtime=60,
    params:
        files=job_files,
        job=job_params(
            seed_id=lambda wildcards: wildcards.seed,
            attempt=fetch_attempt("reference_matches"),
            snapshot=snapshot_params(),
        ),
    shell:
        '"$SEEDSCOPE_PYTHON" -P -c "$SEEDSCOPE_JOB" match_references {params.files:q} {params.job:q} {log:q}'


# The co-cited works of every seed's citing works, ranked from the seeds' interim files; those
# outside the corpus ranked highest are then fetched together in shared batches through the
# snapshot's work index, to be described in works.csv. The ranking is light (about 2 s of CPU
# at 1,000 seeds): it runs with the fetch, on the submit host of a cluster.
rule describe_cocited:
    input:
        referenced_works=REFERENCED_WORKS,
        seeds=expand(SEED_TABLES, seed=SEEDS),
    output:
        cocited="results/interim/cocited.csv",
        citing_references="results/interim/citing_references.csv",
        works="results/raw/cocited_works.json",
    log:
        "logs/describe_cocited.log",
    localrule: True
    conda:
        "../../environment.yml"
    resources:
        openalex=1,
        mem_mb=4000,
        runtime=60,
    params:
        files=job_files,
        job=job_params(
            describe_top=config["discovery"]["describe_top"],
            attempt=fetch_attempt("cocited_works", "all"),
            snapshot=snapshot_params(),
        ),
    script:
        "../scripts/run_job.sh"
