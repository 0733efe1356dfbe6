"""The base of every error whose message is written for the user."""

from __future__ import annotations

__all__ = ["SeedscopeError"]


class SeedscopeError(Exception):
    """An error the user can act on; its message says what went wrong and how to fix it.

    Jobs end on one of these with that message and no traceback (see ``jobs.common.clean_failure``).
    """
