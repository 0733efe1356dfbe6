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
        seed=seed_params,
        attempt=fetch_attempt("seeds"),
        openalex=config["openalex"],
        snapshot=snapshot_params(),
    script:
        "../scripts/resolve_seed.py"


rule collect_seed:
    input:
        seed="results/raw/seeds/{seed}.json",
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
        attempt=fetch_attempt("references"),
        openalex=config["openalex"],
        snapshot=snapshot_params(),
    script:
        "../scripts/collect_seed.py"


rule match_references:
    input:
        bibliography=bibliography,
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
        seed_id="{seed}",
        attempt=fetch_attempt("reference_matches"),
        openalex=config["openalex"],
        snapshot=snapshot_params(),
    script:
        "../scripts/match_references.py"
