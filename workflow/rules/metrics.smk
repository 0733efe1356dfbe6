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
    script:
        "../scripts/flatten_seed.py"


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
    output:
        seeds="results/tables/seeds.csv",
        works="results/tables/works.csv",
        links="results/tables/links.csv",
        citations_by_year="results/tables/citations_by_year.csv",
        journals="results/tables/journals.csv",
        years="results/tables/years.csv",
        overlap="results/tables/overlap.csv",
        shared_works="results/tables/shared_works.csv",
        provenance="results/tables/provenance.csv",
        status="results/tables/status.json",
    log:
        "logs/pool_tables.log",
    conda:
        "../../environment.yml"
    script:
        "../scripts/pool_tables.py"
