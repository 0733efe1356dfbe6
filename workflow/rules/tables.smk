# Table stage (offline): flatten the raw answers of a pasted bibliography into the seed's slices
# of its tables (the seed's other slices come from collect_seed, in enrich.smk; one interim file
# each, src/seedscope/interim.py), pool them, and compute every number the reports show (tables
# declared in src/seedscope/tables.py).


rule flatten_matches:
    input:
        seed="results/raw/seeds/{seed}.json",
        references="results/raw/references/{seed}.json",
        matches="results/raw/reference_matches/{seed}.json",
    output:
        tables=BIBLIOGRAPHY_TABLES,
    log:
        "logs/flatten_matches/{seed}.log",
    conda:
        "../../environment.yml"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        files=job_files,
        job=job_params(),
    shell:
        '"$SEEDSCOPE_PYTHON" -P -c "$SEEDSCOPE_JOB" flatten_matches {params.files:q} {params.job:q} {log:q}'


rule pool_tables:
    input:
        referenced_works=REFERENCED_WORKS,
        seeds=expand(SEED_TABLES, seed=SEEDS),
        bibliographies=expand(BIBLIOGRAPHY_TABLES, seed=WITH_BIBLIOGRAPHY),
    output:
        seeds=report(
            "results/tables/seeds.csv",
            caption="../report/seeds.rst",
            category="Tables",
        ),
        works=report(
            "results/tables/works.csv",
            caption="../report/works.rst",
            category="Tables",
        ),
        links=report(
            "results/tables/links.csv",
            caption="../report/links.rst",
            category="Tables",
        ),
        citations_by_year=report(
            "results/tables/citations_by_year.csv",
            caption="../report/citations_by_year.rst",
            category="Tables",
        ),
        journals=report(
            "results/tables/journals.csv",
            caption="../report/journals.rst",
            category="Tables",
        ),
        years=report(
            "results/tables/years.csv",
            caption="../report/years.rst",
            category="Tables",
        ),
        reference_age="results/tables/reference_age.csv",
        bradford="results/tables/bradford.csv",
        bradford_summary="results/tables/bradford_summary.csv",
        fields="results/tables/fields.csv",
        topics="results/tables/topics.csv",
        overlap="results/tables/overlap.csv",
        overlap_matrix="results/tables/overlap_matrix.csv",
        shared_works="results/tables/shared_works.csv",
        reference_matches="results/tables/reference_matches.csv",
        reference_coverage="results/tables/reference_coverage.csv",
        coverage_summary="results/tables/coverage_summary.csv",
        retracted="results/tables/retracted.csv",
    log:
        "logs/pool_tables.log",
    conda:
        "../../environment.yml"
    resources:
        mem_mb=4000,
        runtime=15,
    params:
        files=job_files,
        job=job_params(),
    script:
        "../scripts/run_job.sh"


# What the neighbourhood cites and who writes it, and the maps: tables from the pooled ones;
# and the provenance and status of the whole run, which include the co-cited works described.
rule pool_discovery:
    input:
        seeds="results/tables/seeds.csv",
        works="results/tables/works.csv",
        links="results/tables/links.csv",
        reference_matches="results/tables/reference_matches.csv",
        cocited="results/interim/cocited.csv",
        citing_references="results/interim/citing_references.csv",
        described="results/raw/cocited_works.json",
        seed_tables=expand(SEED_TABLES, seed=SEEDS),
    output:
        cocited=report(
            "results/tables/cocited.csv",
            caption="../report/cocited.rst",
            category="Tables",
        ),
        cocited_works="results/tables/cocited_works.csv",
        derivative_works="results/tables/derivative_works.csv",
        authors="results/tables/authors.csv",
        institutions="results/tables/institutions.csv",
        countries="results/tables/countries.csv",
        map_nodes="results/tables/map_nodes.csv",
        map_edges="results/tables/map_edges.csv",
        map_clusters="results/tables/map_clusters.csv",
        provenance="results/tables/provenance.csv",
        status="results/tables/status.json",
    log:
        "logs/pool_discovery.log",
    conda:
        "../../environment.yml"
    resources:
        mem_mb=4000,
        runtime=15,
    params:
        files=job_files,
        job=job_params(
            map_nodes=config["discovery"]["map_nodes"],
        ),
    script:
        "../scripts/run_job.sh"


rule compare_snapshots:
    input:
        referenced_works=REFERENCED_WORKS,
        seeds=expand("results/raw/seeds/{seed}.json", seed=SEEDS),
        references=expand("results/raw/references/{seed}.json", seed=SEEDS),
        citing=expand("results/raw/citing/{seed}.json", seed=SEEDS),
    output:
        changes=report(
            "results/tables/changes.csv",
            caption="../report/changes.rst",
            category="Tables",
        ),
    log:
        "logs/compare_snapshots.log",
    conda:
        "../../environment.yml"
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        files=job_files,
        job=job_params(
            snapshot_dir=config["snapshot"]["dir"],
        ),
    script:
        "../scripts/run_job.sh"


# With strict: true, the last job: fails when status.json lists anything not fetched.
rule check_complete:
    input:
        outputs(),
        status="results/tables/status.json",
    output:
        complete="results/complete.txt",
    log:
        "logs/check_complete.log",
    conda:
        "../../environment.yml"
    resources:
        mem_mb=500,
        runtime=5,
    params:
        files=job_files,
        job=job_params(),
    script:
        "../scripts/run_job.sh"
