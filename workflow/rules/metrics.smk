# Offline stage: flatten the raw answers into tables and compute the metrics.


rule flatten_seed:
    input:
        seed="results/raw/seeds/{seed}.json",
        references="results/raw/references/{seed}.json",
        citing="results/raw/citing/{seed}.json",
    output:
        seed="results/interim/{seed}/seed.csv",
        works="results/interim/{seed}/works.csv",
        links="results/interim/{seed}/links.csv",
        citations_by_year="results/interim/{seed}/citations_by_year.csv",
        journals="results/interim/{seed}/journals.csv",
        years="results/interim/{seed}/years.csv",
        status="results/interim/{seed}/status.json",
        provenance="results/interim/{seed}/provenance.json",
    log:
        "logs/flatten_seed/{seed}.log",
    conda:
        "../../environment.yml"
    resources:
        mem_mb=2000,
        runtime=10,
    script:
        "../scripts/flatten_seed.py"


rule flatten_matches:
    input:
        seed="results/raw/seeds/{seed}.json",
        matches="results/raw/reference_matches/{seed}.json",
    output:
        matches="results/interim/{seed}/reference_matches.csv",
        coverage="results/interim/{seed}/reference_coverage.csv",
        parsed_journals="results/interim/{seed}/parsed_journals.csv",
        parsed_years="results/interim/{seed}/parsed_years.csv",
    log:
        "logs/flatten_matches/{seed}.log",
    conda:
        "../../environment.yml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/flatten_matches.py"


rule pool_tables:
    input:
        seed=interim("seed.csv"),
        works=interim("works.csv"),
        links=interim("links.csv"),
        citations_by_year=interim("citations_by_year.csv"),
        journals=interim("journals.csv"),
        years=interim("years.csv"),
        status=interim("status.json"),
        provenance=interim("provenance.json"),
        reference_matches=interim("reference_matches.csv", WITH_BIBLIOGRAPHY),
        reference_coverage=interim("reference_coverage.csv", WITH_BIBLIOGRAPHY),
        parsed_journals=interim("parsed_journals.csv", WITH_BIBLIOGRAPHY),
        parsed_years=interim("parsed_years.csv", WITH_BIBLIOGRAPHY),
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
        overlap="results/tables/overlap.csv",
        shared_works="results/tables/shared_works.csv",
        provenance="results/tables/provenance.csv",
        reference_matches="results/tables/reference_matches.csv",
        reference_coverage="results/tables/reference_coverage.csv",
        status="results/tables/status.json",
    log:
        "logs/pool_tables.log",
    conda:
        "../../environment.yml"
    resources:
        mem_mb=4000,
        runtime=15,
    script:
        "../scripts/pool_tables.py"


rule compare_snapshots:
    input:
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
        snapshot_dir=config["snapshot"]["dir"],
    script:
        "../scripts/compare_snapshots.py"
