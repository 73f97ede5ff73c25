"""Word lists the actor linker consults, kept as data under ``registry/lexicons/``.

- titles (``titles.yaml``): which words form a person's title around a name. A title needs a
  head word ("minister", "analyst"); modifiers ("foreign", "military", "deputy") only count
  next to one.
- not actors (``not_actors.yaml``): strings the NER tags as organisations or persons that never
  name an actor (press-release boilerplate, weapon names).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

_CONNECTORS = {"of", "and"}


@dataclass(frozen=True)
class TitleLexicon:
    heads: frozenset[str]
    modifiers: frozenset[str]

    def is_title_word(self, word: str) -> bool:
        w = word.lower()
        return w in self.heads or w in self.modifiers

    def has_head(self, phrase: str) -> bool:
        words = [w.lower() for w in phrase.split()]
        if not words or words[0] in _CONNECTORS or words[-1] in _CONNECTORS:
            return False
        return any(w in self.heads for w in words)

    def is_title_phrase(self, phrase: str) -> bool:
        """True for a phrase made only of title words ("Foreign Minister"): not a name."""
        words = phrase.split()
        return bool(words) and all(self.is_title_word(w) for w in words) and self.has_head(phrase)


def _read(name: str) -> dict:  # type: ignore[type-arg]
    text = resources.files("sitrep.registry").joinpath(f"lexicons/{name}").read_text(encoding="utf-8")
    return yaml.safe_load(text)  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def load_title_lexicon() -> TitleLexicon:
    data = _read("titles.yaml")
    return TitleLexicon(
        heads=frozenset(w.lower() for w in data["heads"]),
        modifiers=frozenset(w.lower() for w in data["modifiers"]),
    )


@lru_cache(maxsize=1)
def load_not_actor_names() -> frozenset[str]:
    return frozenset(n.casefold() for n in _read("not_actors.yaml")["names"])
