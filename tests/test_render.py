"""seedscope.report.render: parameters stay literals, failures are clear, output deterministic.

Most tests use tiny notebooks written here, run by the in-process engine
(seedscope.report.engine); one render outside the main thread runs the same notebook on a
kernel and must give the same page. The real report notebooks are tested in
``test_notebooks.py``.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import threading
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from seedscope.errors import SeedscopeError
from seedscope.report import render
from seedscope.report.render import (
    ReportError,
    check_parameters,
    export_html,
    normalise,
    render_report,
)

HOSTILE = [
    "quote \" and ' and \"\"\" and '''",
    "new\nline and \\ backslash and \\n not a newline",
    "__import__('os').system('echo injected')",
    '"; __import__("os").system("echo injected"); x = "',
    '"""\n__import__("os").system("echo injected")\n"""',
    "{0} {seed_id} %s unicode: é ü 中文 \u2028 \x00",
]


def make_notebook(path: Path, *cells: str, parameters: str = 'value = "default"') -> Path:
    nb = new_notebook(
        cells=[
            new_code_cell(parameters, metadata={"tags": ["parameters"]}),
            *(new_markdown_cell(c[3:]) if c.startswith("md:") else new_code_cell(c) for c in cells),
        ],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def echo(tmp_path_factory):
    """A notebook that writes what it received (and its working directory) to its output."""
    tmp = tmp_path_factory.mktemp("echo")
    notebook = make_notebook(
        tmp / "echo.ipynb",
        "md:# Echo",
        "import json, os, sys\n"
        "print(json.dumps({'value': value, 'items': items, 'cwd': os.getcwd()}))\n"
        "print('a warning for the log', file=sys.stderr)",
        "from IPython.display import HTML, display\ndisplay(HTML('<p>shown</p>'))",
        parameters='value = "default"\nitems = []',
    )
    workdir = tmp / "work"
    workdir.mkdir()
    html_path = tmp / "out" / "echo.html"
    executed = tmp / "out" / "echo.ipynb"
    parameters = {"value": HOSTILE[4], "items": HOSTILE}
    render_report(notebook, parameters, html_path, executed_path=executed, cwd=workdir)
    return {
        "html": html_path.read_text(encoding="utf-8"),
        "executed": nbformat.read(executed, as_version=4),
        "parameters": parameters,
        "workdir": workdir,
        "html_path": html_path,
        "notebook": notebook,
    }


def echoed(executed) -> dict:
    for cell in executed.cells:
        for output in cell.get("outputs", []):
            if output.get("name") == "stdout":
                return json.loads(output["text"])
    raise AssertionError("no stdout output")


def test_the_kernel_receives_parameters_as_plain_strings(echo):
    received = echoed(echo["executed"])
    assert received["value"] == echo["parameters"]["value"]
    assert received["items"] == HOSTILE


def test_the_kernel_runs_in_the_given_working_directory(echo):
    assert Path(echoed(echo["executed"])["cwd"]).resolve() == echo["workdir"].resolve()


def test_a_render_outside_the_main_thread_runs_on_a_kernel_and_gives_the_same_page(echo):
    """The in-process engine needs the main thread (its cell timeout is a signal)."""
    html_path = echo["html_path"].parent.parent / "thread" / "echo.html"
    executed = html_path.with_suffix(".ipynb")
    errors: list[BaseException] = []

    def run() -> None:
        try:
            render_report(
                echo["notebook"],
                echo["parameters"],
                html_path,
                executed_path=executed,
                cwd=echo["workdir"],
            )
        except BaseException as error:  # re-raised in the test's thread
            errors.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert not errors
    assert html_path.read_text(encoding="utf-8") == echo["html"]
    assert echoed(nbformat.read(executed, as_version=4)) == echoed(echo["executed"])


def test_executed_notebook_is_normalised(echo):
    executed = echo["executed"]
    assert [cell.id for cell in executed.cells] == [f"cell-{i}" for i in range(len(executed.cells))]
    assert "papermill" not in executed.metadata
    for cell in executed.cells:
        assert "papermill" not in cell.metadata and "execution" not in cell.metadata
        for output in cell.get("outputs", []):
            assert output.get("name") != "stderr"


def test_html_has_outputs_but_no_code_prompts_or_stderr(echo):
    page = echo["html"]
    assert "<p>shown</p>" in page
    assert "Echo" in page
    assert "display(HTML" not in page and "import json" not in page
    assert "a warning for the log" not in page
    assert "In&nbsp;[" not in page
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"<link[^>]*\bhref\s*=\s*[\"']?https?:", page, re.I)


def test_no_temporary_files_are_left_beside_the_page(echo):
    assert sorted(p.name for p in echo["html_path"].parent.iterdir()) == [
        "echo.html",
        "echo.ipynb",
    ]


def injected_source(parameters: dict) -> str:
    """The cell papermill writes for ``parameters`` (no kernel needed)."""
    from papermill.parameterize import parameterize_notebook

    nb = new_notebook(
        cells=[new_code_cell("value = None\nitems = None", metadata={"tags": ["parameters"]})],
        metadata={
            "kernelspec": {"name": "python3", "language": "python", "display_name": "P"},
            "papermill": {},
        },
    )
    done = parameterize_notebook(nb, parameters, kernel_name="python3", language="python")
    cells = [c for c in done.cells if "injected-parameters" in c.metadata.get("tags", [])]
    return cells[0].source


@pytest.mark.parametrize("value", HOSTILE)
def test_papermill_writes_hostile_strings_as_literals(value):
    checked = check_parameters(
        new_notebook(
            cells=[new_code_cell("value = 1\nitems = 1", metadata={"tags": ["parameters"]})]
        ),
        {"value": value, "items": [value, {"key": value}]},
    )
    tree = ast.parse(injected_source(checked))
    assert all(isinstance(statement, ast.Assign) for statement in tree.body)
    values = {s.targets[0].id: ast.literal_eval(s.value) for s in tree.body}
    assert values == {"value": value, "items": [value, {"key": value}]}


def parameters_notebook():
    return new_notebook(
        cells=[
            new_code_cell(
                "seed_id = 'x'\ntables_dir: str = 'y'\nreports = []",
                metadata={"tags": ["parameters"]},
            )
        ]
    )


def test_parameters_are_converted_to_literals():
    checked = check_parameters(
        parameters_notebook(),
        {"seed_id": "a", "tables_dir": Path("results/tables"), "reports": ("a.html", "b.html")},
    )
    assert checked == {
        "seed_id": "a",
        "tables_dir": "results/tables",
        "reports": ["a.html", "b.html"],
    }


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"seedid": "a"}, "unknown parameter 'seedid'"),
        ({"x = 1; import os": "a"}, "not a valid parameter name"),
        ({"seed_id": object()}, "cannot be passed to a notebook"),
        ({"seed_id": {1: "a"}}, "mapping keys must be strings"),
        ({"reports": [b"bytes"]}, "cannot be passed to a notebook"),
    ],
)
def test_bad_parameters_are_refused(parameters, message):
    with pytest.raises(ReportError, match=re.escape(message)):
        check_parameters(parameters_notebook(), parameters)


def test_a_notebook_needs_one_parameters_cell():
    with pytest.raises(ReportError, match="exactly one cell tagged 'parameters'"):
        check_parameters(new_notebook(cells=[new_code_cell("x = 1")]), {})


def test_a_failing_cell_gives_one_clear_error_and_no_page(tmp_path):
    notebook = make_notebook(
        tmp_path / "failing.ipynb",
        "print('fine')",
        "raise ValueError(f'cannot use {value!r}')",
        "print('never')",
    )
    html_path = tmp_path / "out" / "failing.html"
    with pytest.raises(ReportError) as raised:
        render_report(notebook, {"value": "bad"}, html_path)
    message = str(raised.value)
    assert "failing.ipynb" in message
    assert "ValueError: cannot use 'bad'" in message
    assert "raise ValueError" in message  # the failing cell is named by its first line
    assert "Traceback" not in message and len(message.splitlines()) == 1
    assert isinstance(raised.value, SeedscopeError)  # jobs.common.clean_failure reports it cleanly
    assert not html_path.exists()
    assert not html_path.parent.exists() or not any(html_path.parent.iterdir())


def test_a_missing_notebook_is_a_report_error(tmp_path):
    with pytest.raises(ReportError, match="does not exist"):
        render_report(tmp_path / "nope.ipynb", {}, tmp_path / "nope.html")


def test_normalise_drops_ids_and_timings():
    nb = new_notebook(
        cells=[new_code_cell("1", metadata={"papermill": {"duration": 1.5}, "tags": ["t"]})],
        metadata={"papermill": {"start_time": "2026-01-01T00:00:00"}},
    )
    nb.cells[0].metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00"}
    nb.cells[0].outputs = [
        nbformat.v4.new_output("stream", name="stderr", text="warning"),
        nbformat.v4.new_output("stream", name="stdout", text="kept"),
    ]
    normalise(nb, title="A title")
    assert nb.cells[0].id == "cell-0"
    assert nb.cells[0].metadata == {"tags": ["t"]}
    assert "papermill" not in nb.metadata and nb.metadata["title"] == "A title"
    assert [o["name"] for o in nb.cells[0].outputs] == ["stdout"]


def test_export_has_no_external_references_and_an_escaped_title():
    nb = new_notebook(cells=[new_markdown_cell("# Heading\n\nSome $x$ text.")])
    nb.metadata["title"] = "<script>alert(1)</script>"
    page = export_html(nb)
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page
    assert page.lower().count("<script") == 1  # the template's own, the lists' sorter
    assert re.search(r"<script>\s*/\*!\s*\* tablesort", page)
    assert "cdnjs" not in page and "mathjax" not in page.lower()
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", page, re.I)


def test_export_gives_the_page_nbconverts_own_html_exporter_gives():
    """The faster exporter (bytecode cache, a tree walk for nbconvert's CSS selectors) changes
    no byte: images without alt text get nbconvert's, input and output areas its tabindex."""
    from jinja2 import FileSystemLoader
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    image = "data:image/png;base64,iVBORw0KGgo="
    shown = (
        f'<p>one &amp; two &lt;3 &#x27;q&#x27;</p><img src="{image}"><img src="{image}" alt="a">'
        '<div class="jp-OutputArea-output inner"><details open><summary>more</summary>'
        "<table><tr><td>1</td></tr></table></details></div>"
    )
    nb = new_notebook(
        cells=[
            new_markdown_cell("# A *heading*\n\nText with `code` and a [link](https://x.org)."),
            new_code_cell("show()", outputs=[]),
            new_code_cell("print(1)"),
        ],
        metadata={"title": "A title"},
    )
    nb.cells[1].outputs = [
        nbformat.v4.new_output("display_data", data={"text/html": shown}),
        nbformat.v4.new_output("stream", name="stdout", text="printed\n"),
    ]
    stock = HTMLExporter(
        config=Config({"CSSHTMLHeaderPreprocessor": {"enabled": False}}),
        template_name="lab",
        template_file="seedscope_report.html.j2",
        extra_loaders=[FileSystemLoader(render.TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        theme="light",
    )
    expected, _ = stock.from_notebook_node(
        nb, resources={"metadata": {"name": "page"}, "inlining": {"css": []}}
    )
    page = export_html(nb, name="page")
    assert page == expected
    assert page.count('alt="No description has been provided for this image"') == 1
    assert page.count('tabindex="0"') >= 3  # the three cells' outputs and the inner div


def test_a_render_job_process_leaves_out_what_the_page_does_not_use(tmp_path):
    """A render job (lean.report_process, then render_report) imports neither papermill's
    black formatting nor seaborn nor soupsieve nor jsonschema's format checkers, and its page
    is the page rendered without leaving anything out (here, in the test's process)."""
    root = Path(__file__).resolve().parents[1]
    notebook = root / "notebooks" / "seed_report.ipynb"
    parameters = {"seed_id": "example_seed", "data_label": "A label"}
    code = (
        "import sys; from pathlib import Path\n"
        "from seedscope.report import lean; lean.report_process()\n"
        "from seedscope.report.render import render_report\n"
        f"render_report(Path({str(notebook)!r}), {parameters!r}, "
        f"Path({str(tmp_path / 'job.html')!r}), "
        f"executed_path=Path({str(tmp_path / 'x.ipynb')!r}))\n"
        "left_out = {'black', 'seaborn', 'soupsieve', *lean.FORMAT_CHECKERS}\n"
        "print(sorted(m for m in left_out if sys.modules.get(m) is not None))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert "soupsieve" not in out.stderr
    injected = nbformat.read(tmp_path / "x.ipynb", as_version=4).cells[1]
    assert "injected-parameters" in injected.metadata.tags
    assert injected.source == '# Parameters\nseed_id = "example_seed"\ndata_label = "A label"\n'
    render_report(notebook, parameters, tmp_path / "here.html", cwd=notebook.parent)
    assert (tmp_path / "job.html").read_bytes() == (tmp_path / "here.html").read_bytes()


def outputs_of(executed) -> list[list[dict]]:
    return [[dict(o) for o in cell.get("outputs", [])] for cell in executed.cells[1:]]


def test_the_engine_records_outputs_as_a_kernel_would(tmp_path):
    notebook = make_notebook(
        tmp_path / "outputs.ipynb",
        "print('a', end='')\nprint('b')\nimport sys\nprint('c', file=sys.stderr)\n1 + 1",
        "from IPython.display import HTML, display, clear_output\n"
        "display(HTML('<p>gone</p>'))\nclear_output()\n"
        "handle = display(HTML('<p>old</p>'), display_id='x')\nNone",
        "handle.update(HTML('<p>new</p>'))\nx = 1;",
        "defined_here = 1",
    )
    executed_path = tmp_path / "outputs.executed.ipynb"
    render_report(notebook, {}, tmp_path / "outputs.html", executed_path=executed_path)
    executed = nbformat.read(executed_path, as_version=4)
    assert [cell.execution_count for cell in executed.cells if cell.cell_type == "code"] == [
        1,
        2,
        3,
        4,
        5,
    ]
    first, second, third, fourth = outputs_of(executed)
    assert first == [  # stderr went to the log; stdout is one output, then the result
        {"output_type": "stream", "name": "stdout", "text": "ab\n"},
        {
            "output_type": "execute_result",
            "data": {"text/plain": "2"},
            "metadata": {},
            "execution_count": 2,
        },
    ]
    assert [o["data"]["text/html"] for o in second] == ["<p>new</p>"]  # cleared, then updated
    assert third == [] and fourth == []
    # the next notebook starts with a fresh namespace, and the caller's streams are back
    again = make_notebook(tmp_path / "again.ipynb", "print('defined_here' in dir())")
    render_report(again, {}, tmp_path / "again.html", executed_path=executed_path)
    assert nbformat.read(executed_path, as_version=4).cells[1].outputs[0]["text"] == "False\n"
    assert sys.stdout is sys.__stdout__ or "pytest" in type(sys.stdout).__module__
    assert sys.modules["__main__"].__name__ == "__main__"


@pytest.mark.parametrize(
    "cell",
    [
        "import time\ntime.sleep(60)",
        "import time\ntry:\n    time.sleep(60)\nexcept Exception:\n    pass",
    ],
)
def test_a_cell_that_runs_too_long_fails_the_report(tmp_path, monkeypatch, cell):
    monkeypatch.setattr(render, "CELL_TIMEOUT_S", 1)
    notebook = make_notebook(tmp_path / "slow.ipynb", "print('fine')", cell, "print('never')")
    html_path = tmp_path / "slow.html"
    with pytest.raises(ReportError, match=r"slow\.ipynb failed in cell \[3\].*CellTimeout"):
        render_report(notebook, {}, html_path)
    assert not html_path.exists()


def test_a_cell_that_never_ends_after_its_timeout_ends_the_process(tmp_path):
    """It swallows every CellTimeout; the watchdog ends the process (as a kernel is killed)."""
    notebook = make_notebook(
        tmp_path / "stuck.ipynb",
        "import time\nwhile True:\n    try:\n        time.sleep(60)\n    except BaseException:\n"
        "        pass",
    )
    log = tmp_path / "stuck.log"
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from seedscope.report import engine, render\n"
        "render.CELL_TIMEOUT_S = 1\n"
        "engine.HARD_LIMIT_GRACE_S = 1\n"
        f"with open({str(log)!r}, 'w') as log:\n"
        f"    render.render_report(Path({str(notebook)!r}), {{}}, Path({str(tmp_path)!r}) / "
        "'stuck.html', log=log)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    assert log.read_text(encoding="utf-8").startswith("Timeout (")  # faulthandler, in the log
    assert not (tmp_path / "stuck.html").exists()


def test_the_render_job_writes_the_page_and_the_cells_output_to_its_log(tmp_path, monkeypatch):
    from seedscope.jobs.reports import render_page

    notebook = make_notebook(
        tmp_path / "job.ipynb",
        "print(f'cell output for {value}')",
        "from IPython.display import HTML, display\ndisplay(HTML('<p>the page</p>'))",
    )
    monkeypatch.chdir(tmp_path)  # Snakemake runs the job in the workflow's folder
    log = tmp_path / "job.log"
    render_page(str(notebook), {"value": "the job"}, "out/job.html", str(log))
    assert "<p>the page</p>" in (tmp_path / "out" / "job.html").read_text(encoding="utf-8")
    written = log.read_text(encoding="utf-8")
    assert "cell output for the job" in written
    assert "rendered job.html from job.ipynb" in written
