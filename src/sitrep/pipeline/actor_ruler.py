"""spaCy component ``sitrep_actor_ruler``: the curated registry in front of the statistical NER.

Reads: tokens. Writes: ``doc.ents`` spans with ``ent_id_`` = registry entry id, labelled
PERSON, ORG, GPE (countries) or NORP (demonyms), so the statistical NER that runs after it
keeps them and only fills the gaps. The small English model misses or mangles exactly the
names analysts care about ("CSTO", "Amu TV", "ISIS-K"), and a registry match gives a
canonical id for free.

Names and long aliases match case-insensitively on the token NORM (which also folds curly
apostrophes); short all-caps acronyms match case-sensitively, so "SCO" and "UN" do not fire on
"sco" or "un".
"""

from __future__ import annotations

from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokenizer import Tokenizer

from sitrep.registry import Registry, load_registry

COMPONENT_NAME = "sitrep_actor_ruler"

LABEL_BY_KIND = {"person": "PERSON", "country": "GPE"}


def registry_patterns(registry: Registry, tokenizer: Tokenizer) -> list[dict[str, object]]:
    """EntityRuler patterns for every name, alias and demonym in the registry."""
    patterns: list[dict[str, object]] = []
    for entry in registry:
        label = LABEL_BY_KIND.get(entry.kind, "ORG")
        exact = entry.case_sensitive_aliases
        for name in dict.fromkeys(entry.names):
            if not name.strip():
                continue
            if name in exact:
                # a token pattern, so the match is case-sensitive while other patterns use NORM
                tokens = [t.text for t in tokenizer(name)]
                patterns.append({"label": label, "pattern": [{"ORTH": t} for t in tokens], "id": entry.id})
            else:
                patterns.append({"label": label, "pattern": name, "id": entry.id})
        for demonym in entry.demonyms:
            patterns.append({"label": "NORP", "pattern": demonym, "id": entry.id})
    return patterns


def add_actor_ruler(nlp: Language, registry: Registry | None = None) -> EntityRuler:
    """Put the registry ruler in front of ``ner`` (or last, in a model without NER)."""
    registry = registry or load_registry()
    where: dict[str, str] = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe(
        "entity_ruler",
        name=COMPONENT_NAME,
        config={"phrase_matcher_attr": "NORM", "overwrite_ents": True, "validate": False},
        **where,  # type: ignore[arg-type]
    )
    assert isinstance(ruler, EntityRuler)
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(registry_patterns(registry, nlp.tokenizer))  # type: ignore[arg-type]
    return ruler
