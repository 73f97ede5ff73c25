"""``analyze(document) -> Record``: the whole pipeline, pure, no I/O.

The same function runs in one process, in a worker pool and on a cluster with identical
output, because nothing here reads or writes anything but its arguments (the model and the
registry are loaded once per process and never changed).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from sitrep.documents import new_document
from sitrep.model import Document, Record
from sitrep.pipeline.actor_ruler import add_actor_ruler
from sitrep.pipeline.actors import ActorLinker
from sitrep.pipeline.commitments import events_and_commitments
from sitrep.pipeline.fingerprint import minhash_signature
from sitrep.pipeline.nlp import load_spacy_model
from sitrep.pipeline.paragraphs import add_paragraph_breaks
from sitrep.pipeline.places import PlaceLinker, record_places
from sitrep.pipeline.quotes import QuoteExtractor
from sitrep.pipeline.topics import document_topics
from sitrep.registry import Registry, load_registry

# Components the statistical English model runs; other languages get the registry ruler only
# until a model for them lands (natasha for Russian).
_STATISTICAL = ("tok2vec", "sitrep_paragraph_breaks", "parser", "ner")

# spaCy refuses longer texts by default (1M chars); the parser's memory grows with length, so
# sitrep's input limit (SITREP_MAX_INPUT_BYTES, 5 MB) is the real bound.
_MAX_TEXT_CHARS = 5_000_000


class Pipeline:
    """The loaded model and registry, and the stages that run over each document."""

    def __init__(self, nlp: Language | None = None, registry: Registry | None = None) -> None:
        self.registry = registry or load_registry()
        self.nlp = nlp or load_spacy_model()
        self.nlp.max_length = _MAX_TEXT_CHARS
        add_paragraph_breaks(self.nlp)
        add_actor_ruler(self.nlp, self.registry)
        self.actor_linker = ActorLinker(self.registry)
        self.quote_extractor = QuoteExtractor(self.registry)
        self.place_linker = PlaceLinker()

    def analyze(self, document: Document | str) -> Record:
        return next(self.analyze_many([document]))

    def analyze_many(self, documents: Iterable[Document | str], batch_size: int = 64) -> Iterator[Record]:
        """Records in input order; English runs are batched through ``nlp.pipe`` for speed."""
        batch: list[Document] = []
        for item in documents:
            document = item if isinstance(item, Document) else new_document(item)
            if _is_english(document):
                batch.append(document)
                if len(batch) >= batch_size:
                    yield from self._analyze_english(batch, batch_size)
                    batch = []
                continue
            yield from self._analyze_english(batch, batch_size)
            batch = []
            with self.nlp.select_pipes(disable=[p for p in _STATISTICAL if p in self.nlp.pipe_names]):
                yield self._record(document, self.nlp(document.text))
        yield from self._analyze_english(batch, batch_size)

    def _analyze_english(self, batch: list[Document], batch_size: int) -> Iterator[Record]:
        if not batch:
            return
        docs = self.nlp.pipe((d.text for d in batch), batch_size=batch_size)
        for document, doc in zip(batch, docs, strict=True):
            yield self._record(document, doc)

    def _record(self, document: Document, doc: Doc) -> Record:
        """Run the stages in order; each reads the Doc and what earlier stages put in the record."""
        record = Record(document=document, fingerprint=minhash_signature(document.text))
        record.actors, record.mentions = self.actor_linker.link(doc, document.published)
        record.quotes, speakers = self.quote_extractor.extract(doc, record.actors, record.mentions)
        record.actors += speakers  # bodies speaker resolution took from the registry
        record.events, record.commitments = events_and_commitments(doc, record, self.registry)
        record.places = record_places(self.place_linker, doc, record)  # after events: places them
        record.topics = document_topics(doc)  # last: reuses the matches an events stage cached on the Doc
        return record


def _is_english(document: Document) -> bool:
    # an undetected language (very short text) is most likely English in this corpus
    return document.language in (None, "en")


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    return Pipeline()


def analyze(document: Document | str) -> Record:
    """Analyze one document (or a text) with the default pipeline."""
    return default_pipeline().analyze(document)


def analyze_many(documents: Iterable[Document | str], batch_size: int = 64) -> Iterator[Record]:
    """Analyze documents in order, batched; one record per document."""
    return default_pipeline().analyze_many(documents, batch_size=batch_size)
