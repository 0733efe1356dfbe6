"""``python -m seedscope.jobs RULE FILES PARAMS LOG``: run one job of a rule run once per seed.

``FILES`` is the job's named inputs and outputs as one JSON object, ``PARAMS`` its params as
another (``job_files`` and ``job_params`` in ``workflow/rules/common.smk`` write them), ``LOG``
its log file. The job is handed to a warm job
server or run here (:mod:`seedscope.jobs.runner`); this process imports nothing more until it
must run the job itself.
"""

import json
import sys

from seedscope.jobs import runner
from seedscope.jobs.rules import Job

rule, files, params, log = sys.argv[1:5]
named = json.loads(files)
runner.run(Job(rule, named["input"], named["output"], json.loads(params), log))
