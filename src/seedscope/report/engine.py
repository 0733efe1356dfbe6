"""A papermill engine that runs a notebook's cells in the calling process.

papermill's default engine starts a Jupyter kernel (a second Python process that imports
IPython, pandas, matplotlib and seaborn again) and talks to it over ZeroMQ. For a report
notebook that costs more than running its cells. :class:`InProcessEngine` runs each cell in
a fresh IPython shell inside the calling process instead, and records what a kernel would
have sent, as nbclient does:

* ``display()`` calls become ``display_data`` outputs (``update_display_data`` and
  ``clear_output`` are honoured), the value of a cell's last expression an
  ``execute_result``, a failure an ``error`` output (then the remaining cells are skipped);
* ``sys.stdout`` and ``sys.stderr`` become ``stream`` outputs (consecutive writes to one
  stream are one output) and are also written to papermill's ``stdout_file`` and
  ``stderr_file``;
* each notebook gets a new shell, so a new namespace and execution counts from 1;
* ``execution_timeout`` bounds every cell: a ``SIGALRM`` timer raises :class:`CellTimeout`
  inside the cell, which fails the notebook like any error (even if the cell swallows it);
  a cell that still does not end is stopped by ending the process (see :func:`_time_limit`).
  Signals work in the main thread only, one reason for :func:`available`.

Papermill drives the engine as usual (parameter injection, its cell metadata, error
collection); the engine is registered with papermill as :data:`ENGINE_NAME`.

Parameter injection: papermill's Python translator writes the injected cell and then formats
it with black when black is installed, importing black for it (0.05 s). The cell's code is not
on the page, and whether black is installed must not matter, so :class:`PlainPythonTranslator`
writes the same literals unformatted; it is registered for the ``python3`` kernel the report
notebooks declare (papermill looks a translator up by kernel name first).
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import faulthandler
import io
import platform
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType
from typing import Any, TextIO

from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import DisplayPublisher
from IPython.core.interactiveshell import InteractiveShell
from nbformat import NotebookNode
from nbformat.v4 import new_output
from papermill.engines import Engine, NotebookExecutionManager, papermill_engines
from papermill.translators import PythonTranslator, papermill_translators
from traitlets import Type
from traitlets.config import Config

__all__ = [
    "ENGINE_NAME",
    "HARD_LIMIT_GRACE_S",
    "KERNEL_NAME",
    "CellTimeout",
    "InProcessEngine",
    "PlainPythonTranslator",
    "available",
]

#: The name under which papermill knows the engine (``engine_name=``).
ENGINE_NAME = "seedscope-inprocess"

#: The kernel the report notebooks declare: its parameters are written by
#: :class:`PlainPythonTranslator`.
KERNEL_NAME = "python3"

#: Seconds a cell may go on after its timeout before the whole process is ended.
HARD_LIMIT_GRACE_S = 60

#: Mime types whose values are text; values of other types (images) are base64-encoded.
_TEXT_MIME = ("text/", "application/json", "application/javascript", "image/svg+xml")


def _output(output_type: str, **fields: Any) -> NotebookNode:
    """An output node, as nbclient makes it from a kernel message."""
    output: NotebookNode = new_output(output_type, **fields)  # type: ignore[no-untyped-call]
    return output


class CellTimeout(TimeoutError):
    """A cell ran longer than papermill's ``execution_timeout``."""


def available() -> bool:
    """Whether the engine can run here.

    Its cell timeout needs the main thread's signals, and its shell must be the process's
    only IPython shell (``display()`` finds the current one), so not inside Jupyter.
    """
    return (
        threading.current_thread() is threading.main_thread() and not InteractiveShell.initialized()
    )


class _Recorder:
    """The outputs of the cell being run, as nbclient would record them.

    Outputs with a ``display_id`` stay known for the whole notebook: a later cell may update
    them.
    """

    def __init__(self, stdout_file: TextIO | None, stderr_file: TextIO | None) -> None:
        self.files = {"stdout": stdout_file, "stderr": stderr_file}
        self.by_display_id: dict[str, list[NotebookNode]] = {}
        self.start_cell()

    def start_cell(self) -> None:
        self.outputs: list[NotebookNode] = []
        self.clear_pending = False
        self.failed = False

    def add(self, output: NotebookNode, display_id: str | None = None) -> None:
        if self.clear_pending:
            self.outputs.clear()
            self.clear_pending = False
        self.outputs.append(output)
        if display_id is not None:
            self.by_display_id.setdefault(display_id, []).append(output)

    def stream(self, name: str, text: str) -> None:
        if not text:
            return
        last = self.outputs[-1] if self.outputs and not self.clear_pending else None
        if last is not None and last.output_type == "stream" and last.name == name:
            last.text += text
        else:
            self.add(_output("stream", name=name, text=text))
        file = self.files[name]
        if file is not None:
            file.write(text)
            file.flush()

    def display(self, data: dict[str, Any], metadata: dict[str, Any], display_id: Any) -> None:
        self.add(_output("display_data", data=data, metadata=metadata), display_id)

    def update(self, data: dict[str, Any], metadata: dict[str, Any], display_id: Any) -> None:
        for output in self.by_display_id.get(display_id, []):
            output.data, output.metadata = data, metadata

    def clear(self, wait: bool) -> None:
        if wait:
            self.clear_pending = True
        else:
            self.outputs.clear()
            self.clear_pending = False


class _Stream(io.TextIOBase):
    """``sys.stdout`` or ``sys.stderr`` while a cell runs."""

    encoding = "utf-8"  # read by pandas when it is first imported, inside a cell

    def __init__(self, recorder: _Recorder, stream: str) -> None:
        self.recorder, self.stream = recorder, stream

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.recorder.stream(self.stream, text)
        return len(text)


def _mime_bundle(data: dict[str, Any]) -> dict[str, Any]:
    """Binary values base64-encoded, as ipykernel sends them."""
    return {
        mime: base64.b64encode(value).decode("ascii")
        if isinstance(value, bytes) and not mime.startswith(_TEXT_MIME)
        else value
        for mime, value in data.items()
    }


class _Publisher(DisplayPublisher):
    """``display()`` and ``clear_output()`` record outputs in the shell's :class:`_Recorder`."""

    shell: _Shell

    def publish(
        self,
        data: dict[str, Any],
        metadata: dict[str, Any] | None = None,
        source: Any = None,
        *,
        transient: dict[str, Any] | None = None,
        update: bool = False,
        **kwargs: Any,
    ) -> None:
        recorder: _Recorder = self.shell.recorder
        display_id = (transient or {}).get("display_id")
        bundle = _mime_bundle(data)
        if update:
            recorder.update(bundle, metadata or {}, display_id)
        else:
            recorder.display(bundle, metadata or {}, display_id)

    def clear_output(self, wait: bool = False) -> None:
        self.shell.recorder.clear(wait)


class _DisplayHook(DisplayHook):
    """The value of a cell's last expression becomes an ``execute_result``."""

    shell: _Shell

    def write_output_prompt(self) -> None:
        pass

    def write_format_data(self, format_dict: dict[str, Any], md_dict: Any = None) -> None:
        self.shell.recorder.add(
            _output(
                "execute_result",
                data=_mime_bundle(format_dict),
                metadata=md_dict or {},
                execution_count=self.prompt_count,
            )
        )

    def finish_displayhook(self) -> None:
        self._is_active = False


class _Shell(InteractiveShell):
    """An IPython shell whose outputs go to a :class:`_Recorder` instead of the terminal."""

    display_pub_class = Type(_Publisher)
    displayhook_class = Type(_DisplayHook)

    recorder: _Recorder

    def _showtraceback(self, etype: type, evalue: BaseException, stb: list[str]) -> None:
        self.recorder.failed = True
        self.recorder.add(_output("error", ename=etype.__name__, evalue=str(evalue), traceback=stb))


#: History off (no SQLite file, no saving thread), no colours in tracebacks.
_SHELL_CONFIG = Config(
    {"HistoryManager": {"enabled": False}, "InteractiveShell": {"colors": "nocolor"}}
)


@contextlib.contextmanager
def _fresh_shell() -> Iterator[_Shell]:
    """A new shell, installed as IPython's current one (``display()`` finds it) meanwhile."""
    main = sys.modules.get("__main__")
    shell = _Shell.instance(config=_SHELL_CONFIG)
    try:
        yield shell
    finally:
        atexit.unregister(shell.atexit_operations)
        _Shell.clear_instance()
        if main is not None:
            sys.modules["__main__"] = main  # the shell installs its namespace as __main__


@contextlib.contextmanager
def _time_limit(seconds: float | None, recorder: _Recorder) -> Iterator[None]:
    """Raise :class:`CellTimeout` in the running cell after ``seconds`` (none: no limit).

    A cell that does not end anyway (it swallows the exception and goes on, or it is stuck in
    native code that never returns to the interpreter) gets :data:`HARD_LIMIT_GRACE_S` more;
    then faulthandler's watchdog thread, which needs no Python code to run, writes every
    thread's traceback to file descriptor 2 (the job's log) and ends the process with status
    1, as a kernel that does not answer is shut down.
    """
    if not seconds:
        yield
        return
    expired = False
    message = f"the cell did not finish within {seconds:g} s"

    def expire(signum: int, frame: FrameType | None) -> None:
        nonlocal expired
        expired = True
        raise CellTimeout(message)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    faulthandler.dump_traceback_later(seconds + HARD_LIMIT_GRACE_S, exit=True, file=2)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if expired and not recorder.failed:  # the cell caught CellTimeout and went on
        recorder.failed = True
        recorder.add(_output("error", ename=CellTimeout.__name__, evalue=message, traceback=[]))


class InProcessEngine(Engine):  # type: ignore[misc]
    """Run the cells in this process, one fresh IPython shell per notebook."""

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man: NotebookExecutionManager,
        kernel_name: str,
        stdout_file: TextIO | None = None,
        stderr_file: TextIO | None = None,
        execution_timeout: float | None = None,
        **kwargs: Any,
    ) -> NotebookNode:
        notebook = nb_man.nb
        recorder = _Recorder(stdout_file, stderr_file)
        with _fresh_shell() as shell:
            shell.recorder = recorder
            for index, cell in enumerate(notebook.cells):
                nb_man.cell_start(cell, index)
                try:
                    if cell.cell_type != "code":
                        continue
                    recorder.start_cell()
                    with (
                        contextlib.redirect_stdout(_Stream(recorder, "stdout")),
                        contextlib.redirect_stderr(_Stream(recorder, "stderr")),
                        _time_limit(execution_timeout, recorder),
                    ):
                        shell.run_cell(cell.source, store_history=True)  # type: ignore[no-untyped-call]
                    cell.execution_count = shell.execution_count - 1
                    cell.outputs = recorder.outputs
                    if recorder.failed:
                        nb_man.cell_exception(cell, cell_index=index)
                        break
                finally:
                    nb_man.cell_complete(cell, cell_index=index)
            notebook.metadata["language_info"] = _language_info()
        return notebook  # type: ignore[no-any-return]


def _language_info() -> dict[str, Any]:
    """The ``language_info`` ipykernel reports (importing ipykernel would cost 0.15 s)."""
    return {
        "name": "python",
        "version": platform.python_version(),
        "mimetype": "text/x-python",
        "codemirror_mode": {"name": "ipython", "version": 3},
        "pygments_lexer": "ipython3",
        "nbconvert_exporter": "python",
        "file_extension": ".py",
    }


class PlainPythonTranslator(PythonTranslator):  # type: ignore[misc]
    """papermill's Python translator without the black formatting of the injected cell."""

    @classmethod
    def codify(cls, parameters: dict[str, Any], comment: str = "Parameters") -> str:
        return str(super(PythonTranslator, cls).codify(parameters, comment))  # Translator's


papermill_engines.register(ENGINE_NAME, InProcessEngine)
papermill_translators.register(KERNEL_NAME, PlainPythonTranslator)
