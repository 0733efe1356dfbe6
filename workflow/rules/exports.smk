# Export stage: the corpus for reference managers (RIS, BibTeX), the citation network (GraphML),
# the large tables as Parquet and the maps for VOSviewer (JSON), in results/exports/.


rule export_bibliography:
    input:
        referenced_works=REFERENCED_WORKS,
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
    params:
        files=job_files,
        job=job_params(),
    script:
        "../scripts/run_job.sh"


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
    params:
        files=job_files,
        job=job_params(),
    script:
        "../scripts/run_job.sh"


rule export_maps:
    input:
        nodes="results/tables/map_nodes.csv",
        edges="results/tables/map_edges.csv",
        works="results/tables/works.csv",
        cocited_works="results/tables/cocited_works.csv",
    output:
        cocitation=report(
            "results/exports/cocitation.vosviewer.json",
            caption="../report/vosviewer.rst",
            category="Exports",
        ),
        coupling=report(
            "results/exports/coupling.vosviewer.json",
            caption="../report/vosviewer.rst",
            category="Exports",
        ),
    log:
        "logs/export_maps.log",
    conda:
        "../../environment.yml"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        files=job_files,
        job=job_params(),
    script:
        "../scripts/run_job.sh"
