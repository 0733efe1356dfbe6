"""A pasted bibliography's bytes as text, checked the same way when the config is validated
(:mod:`seedscope.config`, before any job) and when the file is parsed
(:func:`seedscope.references.read_bibliography`): its size, its encoding, and whether it holds
any text. Light: the config check imports it at every start of the workflow.
"""

from __future__ import annotations

__all__ = ["MAX_BIBLIOGRAPHY_BYTES", "bibliography_text"]

#: A pasted bibliography larger than this is refused (a paste of 5 MB is thousands of pages).
MAX_BIBLIOGRAPHY_BYTES = 5 * 1024 * 1024


def bibliography_text(data: bytes) -> tuple[str, list[int]]:
    """The text of a pasted bibliography's ``data`` (UTF-8, with or without a byte order
    mark), and the numbers of its lines that are not UTF-8, whose bytes are replaced by
    U+FFFD (none for a UTF-8 file).

    Raises :class:`ValueError` with what to do when ``data`` is larger than
    :data:`MAX_BIBLIOGRAPHY_BYTES` or holds no text.
    """
    if len(data) > MAX_BIBLIOGRAPHY_BYTES:
        limit = MAX_BIBLIOGRAPHY_BYTES // 2**20
        raise ValueError(
            f"{len(data) / 2**20:.1f} MB is more than the {limit} MB a pasted bibliography may "
            "have; paste the reference list only"
        )
    try:
        text, bad = data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        bad = [n for n, line in enumerate(text.splitlines(), 1) if "\ufffd" in line]
    if not text.strip():
        raise ValueError("the file is empty; paste the seed's reference list")
    return text, bad
