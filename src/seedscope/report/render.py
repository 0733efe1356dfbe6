"""Execute a parameterized report notebook and export it as one deterministic HTML page.

:func:`render_report` runs the notebook with papermill, normalises the executed notebook so
identical data gives a byte-identical page, and exports it with nbconvert's ``lab`` template
without code cells or prompts.

Execution: papermill injects the parameters and drives seedscope's in-process engine
(:mod:`seedscope.report.engine`): the cells run in a fresh IPython shell inside this process,
so no kernel process is started and the libraries the notebooks use are imported once, not
once in the caller and again in a kernel. Each cell still has :data:`CELL_TIMEOUT_S` (a timer
signal; see :func:`seedscope.report.engine.available`). Called outside the main thread, where
that timer cannot work, papermill's standard engine runs the notebook on the ``python3``
kernel instead. The notebooks themselves are plain Jupyter notebooks: they run in Jupyter and
with the ``papermill`` command line as before.

What makes the page self-contained (it must work from ``file://`` with the network off):

* figures are PNGs embedded as ``data:`` URIs by the notebooks
  (:func:`seedscope.report.figures.figure`);
* nbconvert's lab template loads require.js and MathJax with ``<script src=https://cdnjs…>``,
  mermaid.js through an inline module script importing from cdnjs, and the jupyter-widgets
  loader when a notebook has widget state. The template used here
  (``templates/seedscope_report.html.j2``, in :data:`TEMPLATES`) extends
  ``lab/index.html.j2`` and empties those four blocks, so the page holds no ``<script src>``
  and no ``<link href>``. Reports contain no math, diagrams or widgets; without MathJax a
  ``$`` in a title also stays a plain ``$``;
* JupyterLab's stylesheets and pygments' are left out (no widgets, no code on the page); the
  report stylesheet (``templates/report.css``) and the lists' script (vendored tablesort and
  ``templates/report.js``) are inline, and a Content-Security-Policy allows nothing else.

Determinism: cell ids are renumbered (``cell-0``, ``cell-1``, …), papermill's per-cell
timings and execution metadata are dropped, and stderr output (warnings) goes to the log
instead of the page. The notebooks themselves sort every table and write PNGs without
metadata.

Safety: papermill writes each parameter as a Python literal (a string becomes an escaped
``"…"`` literal), but it writes values of other types with ``str()``. :func:`check_parameters`
therefore accepts only strings, numbers, booleans, None and lists/dicts of these (paths are
turned into strings), and only names the notebook's ``parameters`` cell defines.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import keyword
import logging
import os
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

import nbformat
from nbformat import NotebookNode

from seedscope.errors import SeedscopeError
from seedscope.fileio import atomic_write

__all__ = [
    "CELL_TIMEOUT_S",
    "TEMPLATES",
    "ReportError",
    "check_parameters",
    "export_html",
    "normalise",
    "render_report",
]

log = logging.getLogger("seedscope.render")

#: Seconds one cell may run before the report fails (a hung cell must not hang the workflow).
CELL_TIMEOUT_S = 900
#: The folder holding the ``seedscope`` package; a kernel gets it on ``PYTHONPATH`` so the
#: notebooks import the same ``seedscope.report`` as the caller.
PACKAGE_PARENT = Path(__file__).resolve().parents[2]

#: The nbconvert template (lab without external scripts) and the report stylesheet it includes.
TEMPLATES = Path(__file__).resolve().parent / "templates"
_TEMPLATE_FILE = "seedscope_report.html.j2"


class ReportError(SeedscopeError):
    """A report could not be rendered; the message names the notebook and what failed."""


def render_report(
    notebook: Path,
    parameters: dict[str, Any],
    html_path: Path,
    *,
    executed_path: Path | None = None,
    cwd: Path | None = None,
    log: TextIO | None = None,
) -> None:
    """Execute ``notebook`` with ``parameters`` and write the page to ``html_path``.

    ``cwd`` is the working directory of the cells: relative paths in ``parameters`` resolve
    against it. By default it is the notebook's folder, where the notebooks' default
    parameters find ``example-data/``. ``executed_path``, if given, receives the executed
    (normalised) notebook; ``log`` receives the cells' stdout and stderr.

    The HTML is written atomically (temporary file + rename), and only when every cell ran.
    Raises :class:`ReportError` naming the notebook and the failing cell's error.
    """
    started = time.monotonic()
    notebook = Path(notebook).resolve()
    html_path = Path(html_path).absolute()
    source = _read_notebook(notebook)
    values = check_parameters(source, parameters, notebook)
    run_dir = Path(cwd).resolve() if cwd is not None else notebook.parent
    executed = _execute(notebook, values, run_dir, log)
    normalise(executed, title=_title(source, values, html_path))
    if executed_path is not None:
        atomic_write(Path(executed_path), str(nbformat.writes(executed)))  # type: ignore[no-untyped-call]
    atomic_write(html_path, export_html(executed, name=html_path.stem))
    _logger_for(log).info(
        "rendered %s from %s in %.1f s", html_path.name, notebook.name, time.monotonic() - started
    )


def check_parameters(
    notebook: NotebookNode, parameters: Mapping[str, Any], path: Path | str = "notebook"
) -> dict[str, Any]:
    """The parameters as plain literals, checked against the notebook's ``parameters`` cell.

    Raises :class:`ReportError` for a name the notebook does not define (a typo would
    otherwise silently leave the default, i.e. the example data, in place) and for a value
    that is not a string, number, boolean, None, or a list or dict of these.
    """
    known = _parameter_defaults(notebook, path)
    checked: dict[str, Any] = {}
    for name, value in parameters.items():
        if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
            raise ReportError(f"{path}: {name!r} is not a valid parameter name.")
        if name not in known:
            raise ReportError(
                f"{path}: unknown parameter {name!r}; the notebook's parameters are "
                f"{', '.join(sorted(known))}."
            )
        checked[name] = _plain(value, f"{path}: parameter {name!r}")
    return checked


def normalise(notebook: NotebookNode, title: str | None = None) -> NotebookNode:
    """Make an executed notebook deterministic, in place (and return it).

    Cell ids become ``cell-<index>``; papermill's and Jupyter's execution metadata
    (timestamps, durations, status) are dropped; stderr streams (warnings) are removed from
    the page and logged instead. ``title`` becomes the page title.
    """
    notebook.metadata.pop("papermill", None)
    notebook.metadata.pop("widgets", None)
    if title:
        notebook.metadata["title"] = title
    notebook.nbformat_minor = max(int(notebook.get("nbformat_minor", 0)), 5)
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index}"
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        cell.metadata.pop("collapsed", None)
        cell.metadata.pop("scrolled", None)
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                log.warning("cell %d wrote to stderr: %s", index, str(output.get("text")).strip())
                continue
            kept.append(output)
        cell.outputs = kept
    return notebook


def export_html(notebook: NotebookNode, name: str = "report") -> str:
    """The notebook as a self-contained HTML page without code, prompts or external scripts."""
    from jinja2 import FileSystemLoader
    from traitlets.config import Config

    exporter = _exporter_class()(
        config=Config(
            {
                # no code is shown: pygments' stylesheet for it stays out of the page
                "CSSHTMLHeaderPreprocessor": {"enabled": False},
                # one validation after the preprocessors, not one after each (12): same page
                "Exporter": {"optimistic_validation": True},
            }
        ),
        template_name="lab",
        template_file=_TEMPLATE_FILE,
        extra_loaders=[FileSystemLoader(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        theme="light",
    )
    body, _ = exporter.from_notebook_node(
        notebook, resources={"metadata": {"name": name}, "inlining": {"css": []}}
    )
    return str(body)


@functools.cache
def _exporter_class() -> type[Any]:
    """nbconvert's ``HTMLExporter``, made faster without changing a byte of the page.

    * Its templates' compiled code is kept in Jinja's bytecode cache (a folder of the user's
      own in the temporary directory, keyed by each template's source): a render job no longer
      compiles nbconvert's fourteen templates (0.05 s).
    * Its last step parses the page with BeautifulSoup to give images without ``alt`` a text
      and to make the cells' input and output areas focusable (``tabindex="0"``), finding them
      with CSS selectors (soupsieve: 0.09 s on a seed report). The same elements are found
      here by walking the parsed page, and changed the same way.
    """
    from bs4 import BeautifulSoup
    from jinja2 import Environment, FileSystemBytecodeCache
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class ReportExporter(HTMLExporter):
        def _create_environment(self) -> Environment:
            environment: Environment = super()._create_environment()  # type: ignore[no-untyped-call]
            environment.bytecode_cache = FileSystemBytecodeCache()
            return environment

        def from_notebook_node(  # type: ignore[override]
            self, nb: NotebookNode, resources: dict[str, Any] | None = None, **kw: Any
        ) -> tuple[str, dict[str, Any]]:
            # HTMLExporter.from_notebook_node (nbconvert 7), its selectors as a tree walk
            language = nb.metadata.get("language_info", {})
            lexer = language.get("pygments_lexer", language.get("name", None))
            highlight = Highlight2HTML(pygments_lexer=lexer, parent=self)  # type: ignore[no-untyped-call]
            self.register_filter("highlight_code", self.filters.get("highlight_code", highlight))  # type: ignore[no-untyped-call]
            resources = self._init_resources(resources)  # type: ignore[no-untyped-call]
            data_type = WidgetsDataTypeFilter(  # type: ignore[no-untyped-call]
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            )
            self.register_filter("filter_data_type", data_type)  # type: ignore[no-untyped-call]
            html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            soup = BeautifulSoup(html, features="html.parser")
            missing_alt = 0
            for element in soup.find_all("img"):  # "img:not([alt])"
                if "alt" not in element.attrs:
                    element.attrs["alt"] = "No description has been provided for this image"
                    missing_alt += 1
            if missing_alt:
                self.log.warning("Alternative text is missing on %s image(s).", missing_alt)
            # ".jp-Notebook div.jp-Cell-inputWrapper", ".jp-Notebook div.jp-OutputArea-output"
            for wrapper in ("jp-Cell-inputWrapper", "jp-OutputArea-output"):
                for element in soup.find_all("div", class_=wrapper):
                    if any("jp-Notebook" in (p.get("class") or ()) for p in element.parents):
                        element.attrs["tabindex"] = "0"
            return str(soup), resources

    return ReportExporter


# --------------------------------------------------------------------------------------------


def _read_notebook(path: Path) -> NotebookNode:
    if not path.is_file():
        raise ReportError(f"report notebook {path} does not exist.")
    try:
        notebook: NotebookNode = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
        return notebook
    except Exception as error:  # nbformat raises several unrelated types for a bad file
        raise ReportError(f"report notebook {path} cannot be read: {error}") from None


def _parameter_defaults(notebook: NotebookNode, path: Path | str) -> dict[str, Any]:
    """The names the ``parameters`` cell assigns, with their values where they are literals."""
    cells = [c for c in notebook.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise ReportError(f"{path}: needs exactly one cell tagged 'parameters', has {len(cells)}.")
    try:
        tree = ast.parse(cells[0].source)
    except SyntaxError as error:
        raise ReportError(f"{path}: the parameters cell is not valid Python: {error}") from None
    defaults: dict[str, Any] = {}
    for statement in tree.body:
        value: ast.expr | None
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign):
            targets, value = [statement.target], statement.value
        else:
            continue
        try:
            literal = ast.literal_eval(value) if value is not None else None
        except ValueError:
            literal = None
        defaults.update((t.id, literal) for t in targets if isinstance(t, ast.Name))
    return defaults


def _plain(value: Any, where: str) -> Any:
    """``value`` as something papermill writes as a literal; anything else is refused."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, list | tuple):
        return [_plain(item, where) for item in value]
    if isinstance(value, Mapping):
        plain: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise ReportError(f"{where}: mapping keys must be strings, not {key!r}.")
            plain[key] = _plain(item, where)
        return plain
    raise ReportError(
        f"{where}: a {type(value).__name__} cannot be passed to a notebook; use a string, "
        "number, boolean, None, or a list or mapping of these."
    )


def _title(source: NotebookNode, parameters: Mapping[str, Any], html_path: Path) -> str:
    """The page title: the notebook's ``seedscope.title`` filled in with the parameters."""
    template = source.metadata.get("seedscope", {}).get("title")
    if not template:
        return html_path.stem
    values = _parameter_defaults(source, html_path) | dict(parameters)
    try:
        return str(template).format_map(values)
    except (KeyError, IndexError, ValueError):
        return str(template)


def _execute(
    notebook: Path, parameters: dict[str, Any], run_dir: Path, log_file: TextIO | None
) -> NotebookNode:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from seedscope.report import engine

    if not run_dir.is_dir():
        raise ReportError(f"{notebook}: working directory {run_dir} does not exist.")
    in_process = engine.available()
    kernel_path = contextlib.nullcontext() if in_process else _kernel_imports_this_package()
    with kernel_path, _stderr_to(log_file):
        try:
            executed: NotebookNode = papermill.execute_notebook(
                str(notebook),
                None,
                parameters=parameters,
                engine_name=engine.ENGINE_NAME if in_process else None,
                kernel_name=engine.KERNEL_NAME,
                progress_bar=False,
                request_save_on_cell_execute=False,
                execution_timeout=CELL_TIMEOUT_S,
                log_output=False,
                stdout_file=log_file,
                stderr_file=log_file,
                cwd=str(run_dir),
            )
        except PapermillExecutionError as error:
            _logger_for(log_file).error("%s", "\n".join(_strip_ansi(error.traceback)))
            first_line = next((ln for ln in error.source.splitlines() if ln.strip()), "").strip()
            raise ReportError(
                f"report notebook {notebook.name} failed in cell [{error.exec_count}] "
                f"({first_line[:80]!r}): {error.ename}: {error.evalue}"
            ) from None
        except Exception as error:  # no kernel, kernel died, kernel timeout, unreadable notebook
            raise ReportError(
                f"report notebook {notebook.name} could not be executed: "
                f"{type(error).__name__}: {error}"
            ) from error
    return executed


@contextlib.contextmanager
def _kernel_imports_this_package() -> Iterator[None]:
    """Put the folder holding ``seedscope`` on the kernel's ``PYTHONPATH`` while it starts.

    The kernel is a child process and inherits the environment. Restored afterwards.
    """
    previous = os.environ.get("PYTHONPATH")
    if PACKAGE_PARENT.name == "site-packages":  # an installed package: the kernel sees it
        yield
        return
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(PACKAGE_PARENT), *([previous] if previous else [])]
    )
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = previous


@contextlib.contextmanager
def _stderr_to(stream: TextIO | None) -> Iterator[None]:
    """Send file descriptor 2 (inherited by a kernel) to ``stream`` meanwhile.

    Libraries writing to the descriptor directly while cells run, and a kernel's start-up
    warnings and occasional zmq event-loop tracebacks at shutdown, belong in the job's log,
    not on the user's terminal.
    """
    try:
        target = stream.fileno() if stream is not None else None
    except (AttributeError, OSError, ValueError):
        target = None
    if target is None:
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    os.dup2(target, 2)
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)


def _strip_ansi(lines: list[str]) -> list[str]:
    import re

    pattern = re.compile(r"\x1b\[[0-9;]*m")
    return [pattern.sub("", line) for line in lines]


class _StreamLogger:
    """Log lines to a text stream (the ``log`` argument) or to the module logger."""

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream

    def _write(self, level: int, message: str, *args: Any) -> None:
        if self.stream is None:
            log.log(level, message, *args)
        else:
            self.stream.write((message % args) + "\n")

    def info(self, message: str, *args: Any) -> None:
        self._write(logging.INFO, message, *args)

    def error(self, message: str, *args: Any) -> None:
        self._write(logging.ERROR, message, *args)


def _logger_for(stream: TextIO | None) -> _StreamLogger:
    return _StreamLogger(stream)
