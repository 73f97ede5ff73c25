"""Name matching shared by the scorers: the rules of ``../shared/tools/seedcheck.py``.

Names match after NFKC, case folding, curly-apostrophe folding and dropping "the ".
"""

from __future__ import annotations

import unicodedata

from sitrep.model import Actor, Record


def norm(text: str | None) -> str:
    s = unicodedata.normalize("NFKC", text or "").replace("’", "'").replace("‘", "'")
    return " ".join(s.lower().replace("the ", " ").split())


def actor_names(actor: Actor) -> set[str]:
    return {norm(actor.name)} | {norm(a) for a in actor.aliases}


def find_actor(record: Record, names: set[str]) -> Actor | None:
    wanted = {norm(n) for n in names}
    return next((a for a in record.actors if actor_names(a) & wanted), None)


def kind_matches(found: str | None, gold: str) -> bool:
    def k(x: str | None) -> str:
        return norm(x).replace("_", " ").replace("-", " ")

    return k(found) == k(gold)
