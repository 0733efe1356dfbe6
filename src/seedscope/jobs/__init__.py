"""The work of each Snakemake job, one module per rule file of ``workflow/rules/``.

:mod:`~seedscope.jobs.enrich` (the OpenAlex jobs; no pandas), :mod:`~seedscope.jobs.tables`,
:mod:`~seedscope.jobs.reports`, :mod:`~seedscope.jobs.exports`, and
:mod:`~seedscope.jobs.common` for what every job shares.
Each wrapper in ``workflow/scripts/`` calls one function of them.
"""
