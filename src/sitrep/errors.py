"""Errors a user can act on.

Every error names the input it is about and says what is wrong, in one line; the CLI prints
``str(error)`` and never a traceback for these.
"""

from __future__ import annotations


class SitrepError(Exception):
    """Base class: a problem the user can fix, with a one-line message."""


class InputError(SitrepError):
    """An input (file, URL, feed, corpus line) that cannot be read as a document."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class QueryError(SitrepError):
    """A search query or filter that cannot be run."""


class StoreError(SitrepError):
    """The database cannot be opened or written."""
