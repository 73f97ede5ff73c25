"""Documentation stays complete: every command and every setting is in the README."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from sitrep.cli import app

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_cli_command_is_documented() -> None:
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    assert commands, "no commands found"
    missing = [name for name in commands if f"| `{name}` |" not in README]
    assert not missing, f"commands missing from README's command table: {missing}"
    undocumented = [name for name, cmd in commands.items() if not (cmd.help or "").strip()]
    assert not undocumented, f"commands without help text: {undocumented}"


def test_every_setting_is_documented() -> None:
    used = set()
    for path in (REPO / "src" / "sitrep").rglob("*.py"):
        used |= set(re.findall(r"SITREP_[A-Z_]+", path.read_text(encoding="utf-8")))
    missing = sorted(s for s in used if f"`{s}`" not in README)
    assert not missing, f"settings missing from README's configuration table: {missing}"


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in README
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
