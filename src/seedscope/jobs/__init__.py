"""The work of each Snakemake job, one module per rule file of ``workflow/rules/``.

:mod:`~seedscope.jobs.enrich` (the OpenAlex jobs; no pandas), :mod:`~seedscope.jobs.tables`,
:mod:`~seedscope.jobs.reports`, :mod:`~seedscope.jobs.exports`, and
:mod:`~seedscope.jobs.common` for what every job shares. :mod:`~seedscope.jobs.rules` names
each rule's function, :mod:`~seedscope.jobs.runner` runs a job (its ``main``, called by the
rules run once per seed and by ``workflow/scripts/run_job.sh`` for the pooled rules) in a warm
job server's fork
(:mod:`~seedscope.jobs.server`) or in its own process.
"""
