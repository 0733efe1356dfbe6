# Export stage: the corpus for reference managers (RIS, BibTeX), the citation network (GraphML)
# and the large tables as Parquet, in results/exports/.


rule export_bibliography:
    input:
        seeds=expand("results/raw/seeds/{seed}.json", seed=SEEDS),
        references=expand("results/raw/references/{seed}.json", seed=SEEDS),
        citing=expand("results/raw/citing/{seed}.json", seed=SEEDS),
    output:
        ris=report(
            "results/exports/corpus.ris",
            caption="../report/corpus.rst",
            category="Exports",
        ),
        bib=report(
            "results/exports/corpus.bib",
            caption="../report/corpus.rst",
            category="Exports",
        ),
    log:
        "logs/export_bibliography.log",
    conda:
        "../../environment.yml"
    resources:
        mem_mb=2000,
        runtime=15,
    script:
        "../scripts/export_bibliography.py"


rule export_network:
    input:
        seeds="results/tables/seeds.csv",
        works="results/tables/works.csv",
        links="results/tables/links.csv",
    output:
        graphml=report(
            "results/exports/citations.graphml",
            caption="../report/citations_graphml.rst",
            category="Exports",
        ),
        works="results/exports/works.parquet",
        links="results/exports/links.parquet",
    log:
        "logs/export_network.log",
    conda:
        "../../environment.yml"
    resources:
        mem_mb=2000,
        runtime=15,
    script:
        "../scripts/export_network.py"
