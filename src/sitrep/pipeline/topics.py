"""Topics: the issue categories of a document and of an event's sentence (multi-label).

The taxonomy is data (``registry/lexicons/topics.yaml``: ids, labels, descriptions, aliases,
PLOVER context codes, weighted English terms and Russian stems); this module loads it and
tags text with it. Reads the tokens of a Doc (any pipeline, a blank one too); writes nothing on
the Doc but a cache of the matches in ``doc.user_data``, so that the document stage and any
number of sentence queries share one matcher pass.

The rule, at both levels: a topic is assigned when its evidence reaches the taxonomy's
threshold (2), counting each different term once: one strong term (weight 2) or two different
weak terms (weight 1 each). Topics come ordered by the total weight of all their occurrences,
then by taxonomy order. Overlapping matches are resolved longest first, across topics, so a
phrase can take its words away from a shorter, ambiguous term ("Doctors Without Borders").

Use (the module functions share one tagger per vocabulary, and so one matcher pass per Doc)::

    from sitrep.pipeline.topics import document_topics, sentence_topics, span_topics
    document_topics(doc)                    # ["terrorism", "regional_security", ...]
    sentence_topics(sent)                   # a spaCy Span of the Doc: a sentence, an event's clause
    span_topics(doc, start_char, end_char)  # or character offsets (``Event.sentence``)
    load_taxonomy().resolve("humanitarian aid")   # "humanitarian_aid": a name -> its id
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import spacy
import yaml
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from sitrep.errors import SitrepError

__all__ = [
    "Taxonomy",
    "Topic",
    "TopicHit",
    "TopicTagger",
    "TaxonomyError",
    "document_topics",
    "load_taxonomy",
    "sentence_topics",
    "span_topics",
    "topic_tagger",
]

_ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
_TOPIC_FIELDS = frozenset({"id", "label", "description", "aliases", "plover", "en", "ru"})
_STRENGTHS = ("strong", "weak")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# The key under which a Doc keeps its matches; the tagger's identity travels with them so a
# second tagger (another taxonomy) never reads the first one's cache.
_CACHE_KEY = "sitrep.topic_hits"
_IGNORE = "_ignore"


class TaxonomyError(SitrepError):
    """The topic taxonomy file is malformed; the message names the topic and the problem."""


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    description: str
    aliases: tuple[str, ...] = ()
    plover: tuple[str, ...] = ()
    # form -> (term, weight): the forms of one term ("ied | ieds | improvised explosive device")
    # count as one piece of evidence. English forms are phrases; Russian ones word stems.
    en: Mapping[str, tuple[str, int]] = field(default_factory=dict)
    ru: Mapping[str, tuple[str, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Taxonomy:
    topics: tuple[Topic, ...]
    threshold: int
    ignore: tuple[str, ...] = ()
    _names: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names: dict[str, str] = {}
        # ids and labels first, so an alias shared by two topics never hides a topic's own name
        for t in self.topics:
            names.setdefault(_fold(t.id), t.id)
            names.setdefault(_fold(t.label), t.id)
        for t in self.topics:
            for a in t.aliases:
                names.setdefault(_fold(a), t.id)
        object.__setattr__(self, "_names", names)

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.topics]

    def get(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)

    def resolve(self, name: str) -> str | None:
        """The id of the topic a name refers to (its id, label or an alias), else None.

        Case, underscores and hyphens are folded: "Humanitarian aid", "humanitarian_aid" and
        "humanitarian-aid" all give ``humanitarian_aid``.
        """
        return self._names.get(_fold(name))


@dataclass(frozen=True)
class TopicHit:
    """One matched term: the evidence behind a topic, for explaining an assignment."""

    form: str  # the matched form as the taxonomy writes it ("en:ieds", "ru:террор")
    # (topic id, term, weight) for each topic the form counts for; the term is the first form
    # of its group, so "IED" and "improvised explosive device" are one piece of evidence
    weights: tuple[tuple[str, str, int], ...]
    start: int  # token offsets into the Doc
    end: int
    start_char: int
    end_char: int


def _fold(name: str) -> str:
    return " ".join(name.casefold().replace("_", " ").replace("-", " ").split())


def _terms(topic_id: str, raw: Any, where: str) -> dict[str, tuple[str, int]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict) or set(raw) - set(_STRENGTHS):
        raise TaxonomyError(f"topic {topic_id!r}: {where} must map 'strong'/'weak' to lists of terms")
    forms: dict[str, tuple[str, int]] = {}
    for strength in _STRENGTHS:
        for entry in raw.get(strength) or []:
            group = [" ".join(f.casefold().split()) for f in str(entry).split("|")]
            if not isinstance(entry, str) or not all(group):
                raise TaxonomyError(f"topic {topic_id!r}: {where}.{strength} has an empty or non-text term")
            for form in group:
                if form in forms:
                    raise TaxonomyError(f"topic {topic_id!r}: {where} term {form!r} is listed twice")
                forms[form] = (group[0], 2 if strength == "strong" else 1)
    return forms


def parse_taxonomy(data: Any) -> Taxonomy:
    """A validated Taxonomy from the YAML's data; TaxonomyError says what is wrong."""
    if not isinstance(data, dict) or not isinstance(data.get("topics"), list):
        raise TaxonomyError("topic taxonomy: expected a mapping with a 'topics' list")
    weights = data.get("weights") or {"strong": 2, "weak": 1}
    if weights != {"strong": 2, "weak": 1}:
        # the threshold's meaning ("one strong or two weak") is written down with these values
        raise TaxonomyError("topic taxonomy: weights must be strong: 2, weak: 1")
    topics: list[Topic] = []
    seen: set[str] = set()
    for raw in data["topics"]:
        topic_id = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(topic_id, str) or not _ID_RE.match(topic_id):
            raise TaxonomyError(f"topic taxonomy: bad or missing id {topic_id!r} (snake_case expected)")
        if topic_id in seen:
            raise TaxonomyError(f"topic {topic_id!r} is defined twice")
        seen.add(topic_id)
        unknown = set(raw) - _TOPIC_FIELDS
        if unknown:
            raise TaxonomyError(f"topic {topic_id!r}: unknown field(s) {sorted(unknown)}")
        for required in ("label", "description"):
            if not isinstance(raw.get(required), str) or not raw[required].strip():
                raise TaxonomyError(f"topic {topic_id!r}: missing {required}")
        en, ru = _terms(topic_id, raw.get("en"), "en"), _terms(topic_id, raw.get("ru"), "ru")
        if not en:
            raise TaxonomyError(f"topic {topic_id!r}: no English terms")
        topics.append(
            Topic(
                id=topic_id,
                label=raw["label"].strip(),
                description=" ".join(raw["description"].split()),
                aliases=tuple(raw.get("aliases") or ()),
                plover=tuple(raw.get("plover") or ()),
                en=en,
                ru=ru,
            )
        )
    ignore = tuple(" ".join(t.casefold().split()) for t in data.get("ignore") or ())
    for t in topics:
        clash = set(ignore) & set(t.en)
        if clash:
            raise TaxonomyError(f"topic {t.id!r}: term(s) {sorted(clash)} are also in 'ignore'")
    return Taxonomy(topics=tuple(topics), threshold=int(data.get("threshold", 2)), ignore=ignore)


@lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    """The shipped taxonomy (``registry/lexicons/topics.yaml``), loaded once."""
    text = resources.files("sitrep.registry").joinpath("lexicons/topics.yaml").read_text(encoding="utf-8")
    return parse_taxonomy(yaml.safe_load(text))


def _stem_regex(stem: str) -> str:
    # Russian texts write "ё" as "е" about half the time
    return "^" + "".join("[её]" if c in "её" else re.escape(c) for c in stem)


class TopicTagger:
    """Assigns taxonomy topics to documents and to sentences (spans) of them."""

    def __init__(self, nlp: Language | None = None, taxonomy: Taxonomy | None = None) -> None:
        # a blank English pipeline tokenizes exactly like the model's, at no loading cost
        self.nlp = nlp if nlp is not None else spacy.blank("en")
        self.taxonomy = taxonomy or load_taxonomy()
        self._weights: dict[str, tuple[tuple[str, str, int], ...]] = {}
        self._phrases = PhraseMatcher(self.nlp.vocab, attr="NORM")
        self._stems = Matcher(self.nlp.vocab)
        en: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        ru: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        for topic in self.taxonomy.topics:
            for form, (term, weight) in topic.en.items():
                en[form].append((topic.id, f"en:{term}", weight))
            for stem, (term, weight) in topic.ru.items():
                ru[stem].append((topic.id, f"ru:{term}", weight))
        for form in self.taxonomy.ignore:
            en.setdefault(form, [])
        for form, weights in en.items():
            key = f"en:{form}"
            self._weights[key] = tuple(weights)
            # one Doc per form through the tokenizer only: patterns tokenize as the text does
            self._phrases.add(key, [self.nlp.make_doc(form)])
        for stem, weights in ru.items():
            key = f"ru:{stem}"
            self._weights[key] = tuple(weights)
            words = [t.lower_ for t in self.nlp.make_doc(stem)]
            self._stems.add(key, [[{"LOWER": {"REGEX": _stem_regex(w)}} for w in words]])
        self._order = {t.id: i for i, t in enumerate(self.taxonomy.topics)}

    # --- matching ---------------------------------------------------------------------------

    def hits(self, doc: Doc) -> list[TopicHit]:
        """Every term matched in the Doc, longest first where they overlap; cached on the Doc."""
        cached = doc.user_data.get(_CACHE_KEY)
        if cached is not None and cached[0] is self:
            return cached[1]  # type: ignore[no-any-return]
        matches = list(self._phrases(doc))
        if self._stems and _CYRILLIC.search(doc.text):
            # the regex matcher is slow compared with the phrase matcher; English text skips it
            matches += list(self._stems(doc))
        hits = self._resolve(doc, matches)
        doc.user_data[_CACHE_KEY] = (self, hits)
        return hits

    def _resolve(self, doc: Doc, matches: Iterable[tuple[int, int, int]]) -> list[TopicHit]:
        # Several terms can match one span (two Russian stems of one word): merge them, keeping
        # each topic's highest weight; then keep the longest of overlapping spans.
        by_span: dict[tuple[int, int], dict[str, tuple[str, int]]] = {}
        forms: dict[tuple[int, int], str] = {}
        strings = self.nlp.vocab.strings
        for match_id, start, end in matches:
            key = strings[match_id]
            merged = by_span.setdefault((start, end), {})
            # a span that is both an ignored phrase and a term stays a term
            forms.setdefault((start, end), key)
            for topic, term, weight in self._weights[key]:
                if weight > merged.get(topic, ("", 0))[1]:
                    merged[topic] = (term, weight)
                    forms[(start, end)] = key
        taken = bytearray(len(doc))
        hits: list[TopicHit] = []
        for start, end in sorted(by_span, key=lambda s: (s[0] - s[1], s[0])):
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            weights = tuple(
                (topic, term, weight)
                for topic, (term, weight) in sorted(
                    by_span[(start, end)].items(), key=lambda x: self._order[x[0]]
                )
            )
            if weights:  # an ignored phrase takes its words and counts for nothing
                hits.append(
                    TopicHit(
                        form=forms[(start, end)],
                        weights=weights,
                        start=start,
                        end=end,
                        start_char=doc[start].idx,
                        end_char=doc[end - 1].idx + len(doc[end - 1]),
                    )
                )
        hits.sort(key=lambda h: h.start)
        return hits

    # --- scoring ----------------------------------------------------------------------------

    def score(self, hits: Iterable[TopicHit]) -> list[tuple[str, int, int]]:
        """(topic, evidence, total weight) of every topic with any hit, assigned ones first.

        Evidence counts each different term once (the threshold applies to it); the total counts
        every occurrence (the order of assigned topics follows it).
        """
        evidence: dict[str, dict[str, int]] = defaultdict(dict)
        total: dict[str, int] = defaultdict(int)
        for hit in hits:
            for topic, term, weight in hit.weights:
                evidence[topic][term] = weight
                total[topic] += weight
        rows = [(t, sum(evidence[t].values()), total[t]) for t in evidence]
        threshold = self.taxonomy.threshold
        rows.sort(key=lambda r: (r[1] < threshold, -r[2], self._order[r[0]]))
        return rows

    def _topics(self, hits: Iterable[TopicHit]) -> list[str]:
        threshold = self.taxonomy.threshold
        return [topic for topic, evidence, _ in self.score(hits) if evidence >= threshold]

    # --- the API other stages call ------------------------------------------------------------

    def document_topics(self, doc: Doc | str) -> list[str]:
        """Topic ids of a whole document (a Doc, or a text that is tokenized here)."""
        if isinstance(doc, str):
            doc = self.nlp.make_doc(doc)
        return self._topics(self.hits(doc))

    def sentence_topics(self, span: Span) -> list[str]:
        """Topic ids of one sentence or any span of a Doc: only terms wholly inside it count.

        The Doc's matches are computed once and cached, so calling this for every event
        sentence costs a filter over the Doc's hits, not a matcher pass.
        """
        return self._topics(h for h in self.hits(span.doc) if h.start >= span.start and h.end <= span.end)

    def span_topics(self, doc: Doc, start_char: int, end_char: int) -> list[str]:
        """Topic ids of the text between two character offsets of the Doc (``Event.sentence``)."""
        return self._topics(
            h for h in self.hits(doc) if h.start_char >= start_char and h.end_char <= end_char
        )


# One tagger per vocabulary: the pipeline's stage and the events stage then share the Doc's
# cached matches. Keyed by id() with the Vocab kept alive in the value, so an id is never reused.
_TAGGERS: dict[int, tuple[Vocab, TopicTagger]] = {}


def topic_tagger(vocab: Vocab | None = None) -> TopicTagger:
    """The shared tagger for Docs of this vocabulary (built on first use, ~0.5 s)."""
    if vocab is None:
        vocab = _blank_vocab()
    entry = _TAGGERS.get(id(vocab))
    if entry is None:
        # a blank English pipeline over the same vocabulary tokenizes the patterns exactly as
        # the model tokenizes text, and shares its NORM table
        entry = (vocab, TopicTagger(spacy.blank("en", vocab=vocab)))
        _TAGGERS[id(vocab)] = entry
    return entry[1]


@lru_cache(maxsize=1)
def _blank_vocab() -> Vocab:
    return spacy.blank("en").vocab


def document_topics(doc: Doc | str) -> list[str]:
    """Topic ids of a document, most evidence first (``Record.topics``)."""
    if isinstance(doc, str):
        return topic_tagger().document_topics(doc)
    return topic_tagger(doc.vocab).document_topics(doc)


def sentence_topics(span: Span) -> list[str]:
    """Topic ids of a sentence (any Span of a Doc), from terms wholly inside it (``Event.context``)."""
    return topic_tagger(span.doc.vocab).sentence_topics(span)


def span_topics(doc: Doc, start_char: int, end_char: int) -> list[str]:
    """Topic ids of the text between two character offsets of a Doc."""
    return topic_tagger(doc.vocab).span_topics(doc, start_char, end_char)
