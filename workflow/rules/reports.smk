# Report stage: execute the parameterized notebooks with papermill and export HTML without code.


# The seeds of the run (their ids, in the config's order), whose pages every navigation bar
# links: rewritten only when a seed is added or removed, and then every page is drawn again
# (each render rule takes it as an input). A local rule: writing one small file is not worth a
# cluster submission.
rule list_seeds:
    output:
        seed_list=SEED_LIST,
    log:
        "logs/list_seeds.log",
    localrule: True
    conda:
        "../../environment.yml"
    resources:
        mem_mb=500,
        runtime=5,
    params:
        files=job_files,
        job=job_params(
            seeds=list(SEEDS),
        ),
    script:
        "../scripts/run_job.sh"


# A seed's page reads a folder of tables: the job writes its interim files out as a temporary
# one (seedscope.jobs.rules).
rule render_seed_report:
    input:
        unpack(bibliography_tables),
        tables=SEED_TABLES,
        notebook="notebooks/seed_report.ipynb",
        seed_list=SEED_LIST,
    output:
        html=report(
            "results/reports/{seed}.html",
            caption="../report/seed_report.rst",
            category="Reports",
            subcategory="Seeds",
        ),
    log:
        "logs/render_seed_report/{seed}.log",
    conda:
        "../../environment.yml"
    resources:
        mem_mb=4000,
        runtime=20,
    params:
        files=job_files,
        job=job_params(
            parameters=lambda wildcards: {
                "seed_id": wildcards.seed,
                "bibliography": wildcards.seed in WITH_BIBLIOGRAPHY,
                "data_label": "",
            },
        ),
    shell:
        '"$SEEDSCOPE_PYTHON" -P -c "$SEEDSCOPE_JOB" render_seed_report {params.files:q} {params.job:q} {log:q}'


rule render_overview:
    input:
        notebook="notebooks/overview.ipynb",
        seed_list=SEED_LIST,
        seeds="results/tables/seeds.csv",
        works="results/tables/works.csv",
        links="results/tables/links.csv",
        journals="results/tables/journals.csv",
        years="results/tables/years.csv",
        reference_age="results/tables/reference_age.csv",
        bradford="results/tables/bradford.csv",
        bradford_summary="results/tables/bradford_summary.csv",
        overlap="results/tables/overlap.csv",
        overlap_matrix="results/tables/overlap_matrix.csv",
        shared_works="results/tables/shared_works.csv",
        provenance="results/tables/provenance.csv",
        changes="results/tables/changes.csv",
        retracted="results/tables/retracted.csv",
        cocited="results/tables/cocited.csv",
        cocited_works="results/tables/cocited_works.csv",
        derivative_works="results/tables/derivative_works.csv",
        authors="results/tables/authors.csv",
        institutions="results/tables/institutions.csv",
        countries="results/tables/countries.csv",
        map_nodes="results/tables/map_nodes.csv",
        map_edges="results/tables/map_edges.csv",
        map_clusters="results/tables/map_clusters.csv",
        status="results/tables/status.json",
    output:
        html=report(
            "results/reports/overview.html",
            caption="../report/overview.rst",
            category="Reports",
        ),
    log:
        "logs/render_overview.log",
    conda:
        "../../environment.yml"
    resources:
        mem_mb=4000,
        runtime=20,
    params:
        files=job_files,
        job=job_params(
            parameters={
                "tables_dir": "results/tables",
                "data_label": "",
            },
        ),
    script:
        "../scripts/run_job.sh"


rule render_index:
    input:
        notebook="notebooks/index.ipynb",
        seed_list=SEED_LIST,
        seeds="results/tables/seeds.csv",
        links="results/tables/links.csv",
        provenance="results/tables/provenance.csv",
        retracted="results/tables/retracted.csv",
        cocited="results/tables/cocited.csv",
        derivative_works="results/tables/derivative_works.csv",
        status="results/tables/status.json",
    output:
        html=report(
            "results/reports/index.html",
            caption="../report/index.rst",
            category="Reports",
        ),
    log:
        "logs/render_index.log",
    conda:
        "../../environment.yml"
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        files=job_files,
        job=job_params(
            parameters={
                "tables_dir": "results/tables",
                "data_label": "",
            },
        ),
    script:
        "../scripts/run_job.sh"
