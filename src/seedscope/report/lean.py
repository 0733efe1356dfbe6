"""A render job's process: leave out the optional work its one page never uses.

``workflow/scripts/render_report.py`` calls :func:`report_process` before its other imports.
Everything left out here is optional in the library that would do it, so the page is the same
bytes with it or without it (``tests/test_render.py`` renders a page both ways); a process
that imports the report package without calling it (Jupyter, the tests) is not changed.
"""

from __future__ import annotations

import os
import sys
import warnings

__all__ = ["FORMAT_CHECKERS", "report_process"]

#: The optional packages jsonschema imports for its format checkers (dates, colours, URIs…).
#: nbformat validates notebooks against a schema that checks none of these formats.
FORMAT_CHECKERS = (
    *("fqdn", "isoduration", "jsonpointer", "rfc3339_validator"),
    *("rfc3986_validator", "rfc3987", "uri_template", "webcolors"),
)


def report_process() -> None:
    """Set up this process to render one page with less work (about 0.1 s less).

    * jsonschema's optional format checkers are not imported (:data:`FORMAT_CHECKERS`);
    * nbformat validates with jsonschema instead of fastjsonschema, which first compiles the
      notebook schema to Python, twice (0.03 s), to validate three notebooks;
    * soupsieve (CSS selectors for BeautifulSoup) is not imported: the report's exporter finds
      what nbconvert's selectors find by walking the page (:mod:`seedscope.report.render`).
    """
    for name in (*FORMAT_CHECKERS, "soupsieve"):
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]
    os.environ.setdefault("NBFORMAT_VALIDATOR", "jsonschema")
    warnings.filterwarnings("ignore", "The soupsieve package is not installed", UserWarning)
