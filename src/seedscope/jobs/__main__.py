"""``python -m seedscope.jobs RULE JOB LOG``: run one job of a rule run once per seed.

``JOB`` is the job's named inputs, outputs and params as one JSON object (``job_spec`` in
``workflow/rules/common.smk`` writes it), ``LOG`` its log file. The job is handed to a warm job
server or run here (:mod:`seedscope.jobs.runner`); this process imports nothing more until it
must run the job itself.
"""

import json
import sys

from seedscope.jobs import runner
from seedscope.jobs.rules import Job

rule, spec, log = sys.argv[1:4]
job = json.loads(spec)
runner.run(Job(rule, job["input"], job["output"], job["params"], log))
