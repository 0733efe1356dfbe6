"""``python -m seedscope.jobs RULE FILES PARAMS LOG``: run one job of a rule, as the workflow
does (with ``python -c``, which skips runpy: ``SEEDSCOPE_JOB`` in
``workflow/rules/common.smk``).

``FILES`` is the job's named inputs and outputs as one JSON object, ``PARAMS`` its params as
another (``job_files`` and ``job_params`` in ``workflow/rules/common.smk`` write them), ``LOG``
its log file; ``- -`` for both reads them from standard input, separated by a NUL character
(the pooled rules'). The job is handed to a warm job
server, its arguments as they are, or run here (:mod:`seedscope.jobs.runner`); this process
imports nothing more, not even ``json``, until it must run the job itself.
"""

from seedscope.jobs import runner

runner.main()
