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
            openalex=config["openalex"],
            snapshot=snapshot_params(),
        ),
    shell:
        '"$SEEDSCOPE_PYTHON" -P -m seedscope.jobs resolve_seed {params.files:q} {params.job:q} {log:q}'


# The works all seeds cite, fetched together: a work cited by several seeds is paid for once
# and batches are filled across seeds. Each seed's collect_seed then reads its references from
# the snapshot. Its output is ancient() there (referenced_works, in common.smk): adding a seed
# re-runs this pooled job (which fetches only the new seed's references), but not the other
# seeds' jobs, whose works the snapshot already holds unchanged.
rule fetch_references:
    input:
        seeds=expand("results/raw/seeds/{seed}.json", seed=SEEDS),
    output:
        works="results/raw/referenced_works.json",
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
        attempt=fetch_attempt("referenced_works", "all"),
        openalex=config["openalex"],
        snapshot=snapshot_params(),
    script:
        "../scripts/run_job.py"


rule collect_seed:
    input:
        seed="results/raw/seeds/{seed}.json",
        referenced_works=referenced_works,
    output:
        references="results/raw/references/{seed}.json",
        citing="results/raw/citing/{seed}.json",
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
            openalex=config["openalex"],
            snapshot=snapshot_params(),
        ),
    shell:
        '"$SEEDSCOPE_PYTHON" -P -m seedscope.jobs collect_seed {params.files:q} {params.job:q} {log:q}'


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
            openalex=config["openalex"],
            snapshot=snapshot_params(),
        ),
    shell:
        '"$SEEDSCOPE_PYTHON" -P -m seedscope.jobs match_references {params.files:q} {params.job:q} {log:q}'


# The pooled co-cited works outside the corpus that rank_cocited chose, fetched together in
# shared batches through the snapshot's work index, to be described in works.csv.
rule describe_cocited:
    input:
        describe="results/interim/describe_cocited.json",
    output:
        works="results/raw/cocited_works.json",
    log:
        "logs/describe_cocited.log",
    localrule: True
    conda:
        "../../environment.yml"
    resources:
        openalex=1,
        mem_mb=1000,
        runtime=60,
    params:
        attempt=fetch_attempt("cocited_works", "all"),
        openalex=config["openalex"],
        snapshot=snapshot_params(),
    script:
        "../scripts/run_job.py"
