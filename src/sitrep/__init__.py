"""sitrep: news reports and official statements in, a structured, cited situation picture out.

    >>> from sitrep import analyze
    >>> record = analyze("CSTO Secretary General Imangali Tasmagambetov said ...")

Heavy parts (spaCy, the registry) load on first use, not on import.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["analyze", "analyze_many", "resolve_toponyms", "__version__"]


def __getattr__(name: str) -> Any:
    if name in ("analyze", "analyze_many"):
        from sitrep.pipeline import analyze as _analyze

        return getattr(_analyze, name)
    if name == "resolve_toponyms":
        from sitrep.pipeline.places import resolve_toponyms

        return resolve_toponyms
    raise AttributeError(f"module 'sitrep' has no attribute {name!r}")
