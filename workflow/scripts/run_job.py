"""Snakemake wrapper of the pooled rules: their job as seedscope.jobs.rules runs it.

The job is handed to a warm job server or run here (see seedscope.jobs.runner).
"""

from seedscope.jobs import runner

runner.run(*runner.job_of(snakemake).texts())
