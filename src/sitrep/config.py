"""Settings from the environment, with documented defaults.

- ``SITREP_DATABASE_URL``: SQLAlchemy URL of the store (``postgresql+psycopg://...`` for a
  team server); default: a SQLite file ``sitrep.sqlite3`` under ``SITREP_HOME``.
- ``SITREP_HOME``: sitrep's data directory; default: the user data directory of the platform
  (``~/.local/share/sitrep`` on Linux).
- ``SITREP_MAX_INPUT_BYTES``: the largest file, page or corpus line read as one document;
  default 5 MB.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DEFAULT_MAX_INPUT_BYTES = 5_000_000


def sitrep_home() -> Path:
    home = os.environ.get("SITREP_HOME")
    return Path(home).expanduser() if home else Path(platformdirs.user_data_dir("sitrep"))


def database_url() -> str:
    url = os.environ.get("SITREP_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{sitrep_home() / 'sitrep.sqlite3'}"


def max_input_bytes() -> int:
    raw = os.environ.get("SITREP_MAX_INPUT_BYTES")
    if not raw:
        return DEFAULT_MAX_INPUT_BYTES
    try:
        return int(raw)
    except ValueError:
        return DEFAULT_MAX_INPUT_BYTES
