# Snakemake wrapper of the pooled rules: their job as seedscope.jobs.rules runs it, handed to a
# warm job server or run in this process (see seedscope.jobs.runner), as the per-seed rules'
# `shell:` command does. A bash script, not a Python one: the preamble Snakemake writes into a
# Python script unpickles its `snakemake` object, importing Snakemake (about 0.07 s of CPU per
# job); into a bash script, it declares arrays. The job's named inputs and outputs and its
# params (the rule's params `files` and `job`, JSON texts) reach it on standard input: with
# many seeds, they outgrow what one command-line argument may hold (128 KB).
printf '%s\0%s' "${snakemake_params[files]}" "${snakemake_params[job]}" |
    "$SEEDSCOPE_PYTHON" -P -c "$SEEDSCOPE_JOB" "${snakemake[rule]}" - - "${snakemake_log[0]}"
