"""The report pages: parameterized notebooks (``notebooks/``) rendered to self-contained HTML.

The notebooks stay thin: they load the tables with :mod:`~seedscope.report.load`, and each
section of a page is a call or two to :mod:`~seedscope.report.seed_sections` (a seed's page),
:mod:`~seedscope.report.pooled_sections` (the overview and the index) or
:mod:`~seedscope.report.sections` (both), next to the markdown that explains it. Sections
build HTML with :mod:`~seedscope.report.html` and draw only through
:mod:`~seedscope.report.figures`. :mod:`~seedscope.report.render` executes a notebook with
papermill on the in-process :mod:`~seedscope.report.engine` and exports the page with the
template and stylesheet in ``templates/``.

Determinism: rows are sorted explicitly, figures have fixed sizes and DPI, PNGs are written
without metadata and figure and table numbers restart on every page, so the same tables give
byte-identical pages.
"""
