# seedscope: citation neighbourhoods of seed papers, from OpenAlex to HTML reports.
# Run with `snakemake --cores 4`; the rules live in workflow/.


include: "workflow/Snakefile"


# An included file's default target is ignored, so the default target is declared here.
rule default:
    default_target: True
    input:
        rules.all.input,
