"""What a phrase in a document refers to: ``ReferenceResolver`` maps a subject or object phrase
to the ids of the actors it names or stands for.

Reads: the processed ``Doc`` (dependency labels, not part-of-speech tags: the tagger is off),
the record's actors and mentions (from ``actors.ActorLinker``), the registry (for collective
bodies the linker had no reason to produce). Writes nothing on the Doc; actors it has to add
(a registry organ such as ``csto-council-of-foreign-ministers``) are kept in ``added`` for the
caller to put in the record.

How a phrase is resolved, first rule that applies (each head of a coordination separately:
"Russia and China" gives both):

1. a mention covers the phrase head, or a name stands in apposition to it: that actor
   ("Russia's Foreign Ministry", "the spokesman, Zabihullah Mujahid");
2. a pronoun: "he"/"she" → the nearest earlier person whose gender, where the text shows it,
   agrees; "they" → the nearest earlier group
   (a collective phrase, a coordination of actors, a collective or a body); "it" → the nearest
   earlier body or country;
3. members of a body speaking as one ("Foreign ministers from the CSTO", "CSTO leaders"):
   the registry organ named by the body plus the phrase ("CSTO foreign ministers" → the CSTO
   Council of Foreign Ministers) when there is one, else the body; a later "the ministers"
   refers back to it;
4. a document ("the statement", "the communique"): whoever issued the nearest earlier one
   ("In a joint statement ..., the ministers said" → the ministers);
5. a definite generic phrase ("the organization", "the ministry", "the president"): the
   nearest earlier actor whose name or title has that word, or of a kind the word can stand
   for (``registry/lexicons/references.yaml``);
6. unnamed people ("a source", "officials", "a Homeland Security Department official"): no
   actor — the caller keeps the words;
7. otherwise the actors whose mentions lie in the phrase, head first.

Cost: one pass over the tokens and mentions at construction; each lookup is a bisection plus
a bounded walk back, so resolving every subject of a long document stays linear.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Doc, Span, Token

from sitrep.model import Actor, Mention
from sitrep.pipeline.lexicons import load_title_lexicon
from sitrep.registry import Registry, load_registry

_BODY_KINDS = frozenset({"intergovernmental", "organization", "government", "armed group", "collective"})
_GROUP_KINDS = _BODY_KINDS | {"country"}
_IT_KINDS = _BODY_KINDS | {"country", "media"}
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_INDEFINITE = frozenset({"a", "an", "some", "several", "many", "two", "three", "one", "other", "unnamed"})
# how far back (in mentions or candidates) an antecedent is looked for: bounded so that a long
# document costs linear time, and far enough for news prose (a few paragraphs)
_MAX_WALK = 80
_MAX_TOKEN_DISTANCE = 400
# Gender, only where the text states it: a title right before a mention of the person ("Mr.
# Obama", "Mrs. Clinton", "Queen Elizabeth"). The registry has no gender field, and first names
# are not used: a name says nothing certain about a person's gender, and a wrong guess is worse
# than taking the nearest person.
_GENDER_TITLES = {
    "mr": "m",
    "mr.": "m",
    "sir": "m",
    "lord": "m",
    "king": "m",
    "prince": "m",
    "mrs": "f",
    "mrs.": "f",
    "ms": "f",
    "ms.": "f",
    "miss": "f",
    "madam": "f",
    "madame": "f",
    "lady": "f",
    "queen": "f",
    "princess": "f",
}
_PRONOUN_GENDER = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}


@dataclass(frozen=True)
class ReferenceLexicon:
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    body_pronouns: frozenset[str]
    generic_nouns: dict[str, frozenset[str]]
    statement_nouns: frozenset[str]
    collective_nouns: frozenset[str]
    unnamed_nouns: frozenset[str]


@lru_cache(maxsize=1)
def load_reference_lexicon() -> ReferenceLexicon:
    path = resources.files("sitrep.registry").joinpath("lexicons/references.yaml")
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))

    def words(items: list[str]) -> frozenset[str]:
        return frozenset(w.lower() for w in items)

    return ReferenceLexicon(
        person_pronouns=words(data["pronouns"]["person"]),
        group_pronouns=words(data["pronouns"]["group"]),
        body_pronouns=words(data["pronouns"]["body"]),
        generic_nouns={k.lower(): frozenset(v) for k, v in data["generic_nouns"].items()},
        statement_nouns=words(data["statement_nouns"]),
        collective_nouns=words(data["collective_nouns"]),
        unnamed_nouns=words(data["unnamed_nouns"]),
    )


@dataclass(frozen=True)
class _Ref:
    """A token span (start, end) that refers to actors."""

    start: int
    end: int
    actors: tuple[str, ...]


class ReferenceResolver:
    """Resolves phrases of one Doc to actor ids; build one per document."""

    def __init__(
        self,
        doc: Doc,
        actors: list[Actor],
        mentions: list[Mention],
        registry: Registry | None = None,
        lexicon: ReferenceLexicon | None = None,
    ) -> None:
        self.doc = doc
        self.actors: dict[str, Actor] = {a.id: a for a in actors}
        self.added: list[Actor] = []  # registry actors the record lacked; the caller adds them
        self._registry = registry
        self.lex = lexicon or load_reference_lexicon()
        self._titles = load_title_lexicon()
        self._parsed = doc.has_annotation("DEP")

        # token index -> the mention covering it; mentions in text order
        self._token_ref: dict[int, _Ref] = {}
        self._refs: list[_Ref] = []
        for m in mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or m.actor not in self.actors:
                continue
            ref = _Ref(span.start, span.end, (m.actor,))
            self._refs.append(ref)
            for i in range(span.start, span.end):
                self._token_ref[i] = ref
        self._refs.sort(key=lambda r: r.start)
        self._ref_starts = [r.start for r in self._refs]
        self._gender = self._genders()

        # group antecedents for "they" and "the ministers": collective phrases and coordinations
        self._groups: list[_Ref] = []
        self._collective_heads: list[tuple[int, str, tuple[str, ...]]] = []  # (token, noun, actors)
        self._collective_starts: list[int] = []
        self._statements: list[int] = []  # tokens naming a document ("statement")
        if self._parsed:
            self._scan()
        self._group_starts = [g.start for g in self._groups]

    # -- public -------------------------------------------------------------------------------

    def actors_in(self, span: Span) -> list[str]:
        """Ids of the actors whose mentions lie in the span, the one covering its head first."""
        found: list[str] = []
        head = span.root.i if self._parsed else None
        if head is not None and head in self._token_ref:
            found.extend(self._token_ref[head].actors)
        i = bisect_left(self._ref_starts, span.start)
        while i < len(self._refs) and self._refs[i].start < span.end:
            ref = self._refs[i]
            if ref.end <= span.end:
                found.extend(a for a in ref.actors if a not in found)
            i += 1
        return found

    def resolve(self, span: Span) -> list[str]:
        """Ids of the actors a subject or object phrase refers to; [] for unnamed sources."""
        if not len(span):
            return []
        if not self._parsed:
            return self.actors_in(span)
        out: list[str] = []
        for head in self._heads(span):
            for actor_id in self._resolve_head(head, span):
                if actor_id not in out:
                    out.append(actor_id)
        return out

    def is_unnamed(self, span: Span) -> bool:
        """True for "a source", "officials", "an official of X": people the text does not name."""
        if not len(span):
            return False
        head = span.root
        return (
            head.lower_ in self.lex.unnamed_nouns
            and head.i not in self._token_ref
            and self._apposed_name(head) is None
            and not self._is_definite(head)
        )

    # -- heads --------------------------------------------------------------------------------

    def _heads(self, span: Span) -> list[Token]:
        """The head of the phrase and the heads coordinated with it inside the phrase."""
        root = span.root
        heads = [root]
        for conj in root.conjuncts:
            if span.start <= conj.i < span.end and conj not in heads:
                heads.append(conj)
        return sorted(heads, key=lambda t: t.i)

    def _resolve_head(self, head: Token, span: Span) -> list[str]:
        lower = head.lower_
        # 1. named: a mention on the head, or a name in apposition
        if head.i in self._token_ref:
            return list(self._token_ref[head.i].actors)
        apposed = self._apposed_name(head)
        if apposed is not None:
            return list(apposed.actors)
        # 2. pronouns
        if lower in self.lex.person_pronouns:
            wanted = _PRONOUN_GENDER.get(lower)
            return self._nearest_ref(
                head.i, lambda a: a.kind == "person" and self._gender.get(a.id, wanted) == wanted
            )
        if lower in self.lex.group_pronouns:
            return self._nearest_group(head.i)
        if lower in self.lex.body_pronouns:
            return self._nearest_ref(head.i, lambda a: a.kind in _IT_KINDS)
        # 3. members of a body speaking as one
        if lower in self.lex.collective_nouns:
            own = self._collective_of(head)
            if own:
                return list(own)
            if self._is_definite(head):
                return self._earlier_collective(head)
        # 4. a document speaks for whoever issued it
        if lower in self.lex.statement_nouns:
            return self._issuer(head)
        definite = self._is_definite(head)
        # 5. definite generic phrases and titles
        if definite and lower in self.lex.generic_nouns:
            found = self._generic(head, self.lex.generic_nouns[lower])
            if found:
                return found
        if definite and self._titles.is_title_word(lower) and lower in self._titles.heads:
            return self._titled_person(head)
        # 6. unnamed people stay unnamed, even with a body named inside ("an ISAF official")
        if lower in self.lex.unnamed_nouns or lower in self._titles.heads:
            return []
        # 7. whatever the phrase names, head first
        sub = self.doc[head.left_edge.i : head.right_edge.i + 1]
        if not (span.start <= sub.start and sub.end <= span.end):
            sub = span
        return self.actors_in(sub)

    def _genders(self) -> dict[str, str]:
        """Actor id -> "m" or "f" where a title before one of its mentions says so; an actor
        titled both ways (two people of one surname) gets neither."""
        seen: dict[str, set[str]] = {}
        for ref in self._refs:
            for i in (ref.start, ref.start - 1):
                if 0 <= i < len(self.doc):
                    gender = _GENDER_TITLES.get(self.doc[i].lower_)
                    if gender is not None:
                        seen.setdefault(ref.actors[0], set()).add(gender)
                        break
        return {actor: next(iter(g)) for actor, g in seen.items() if len(g) == 1}

    @staticmethod
    def _is_definite(head: Token) -> bool:
        return any(c.dep_ in ("det", "poss") and c.lower_ in _DEFINITE for c in head.children)

    def _apposed_name(self, head: Token) -> _Ref | None:
        for child in head.children:
            if child.dep_ == "appos" and child.i in self._token_ref:
                return self._token_ref[child.i]
        return None

    # -- antecedents --------------------------------------------------------------------------

    def _nearest_ref(self, before: int, ok: Callable[[Actor], bool]) -> list[str]:
        """Actors of the nearest earlier mention whose actor passes ``ok``."""
        i = bisect_left(self._ref_starts, before) - 1
        stop = max(-1, i - _MAX_WALK)
        while i > stop:
            ref = self._refs[i]
            if before - ref.start > _MAX_TOKEN_DISTANCE:
                break
            actor = self.actors.get(ref.actors[0])
            if actor is not None and ok(actor):
                return list(ref.actors)
            i -= 1
        return []

    def _nearest_group(self, before: int) -> list[str]:
        """The nearest earlier group: a collective phrase or coordination, else a body."""
        body = self._nearest_ref_pos(before, lambda a: a.kind in _BODY_KINDS)
        g = bisect_left(self._group_starts, before) - 1
        group = self._groups[g] if g >= 0 and before - self._groups[g].start <= _MAX_TOKEN_DISTANCE else None
        if group is not None and (body is None or group.start >= body.start):
            return list(group.actors)
        return list(body.actors) if body is not None else []

    def _nearest_ref_pos(self, before: int, ok: Callable[[Actor], bool]) -> _Ref | None:
        i = bisect_left(self._ref_starts, before) - 1
        stop = max(-1, i - _MAX_WALK)
        while i > stop:
            ref = self._refs[i]
            if before - ref.start > _MAX_TOKEN_DISTANCE:
                return None
            actor = self.actors.get(ref.actors[0])
            if actor is not None and ok(actor):
                return ref
            i -= 1
        return None

    def _earlier_collective(self, head: Token) -> list[str]:
        """ "the ministers": the body whose members were named so earlier in the text."""
        i = bisect_left(self._collective_starts, head.i) - 1
        stop = max(-1, i - _MAX_WALK)
        fallback: list[str] = []
        while i > stop:
            token_i, noun, actors = self._collective_heads[i]
            if noun == head.lower_:
                return list(actors)
            fallback = fallback or list(actors)
            i -= 1
        return fallback

    def _issuer(self, head: Token) -> list[str]:
        """Whoever issued the nearest document noun at or before this one."""
        i = bisect_left(self._statements, head.i + 1) - 1
        stop = max(-1, i - 10)
        while i > stop:
            issuer = self._issuer_of(self.doc[self._statements[i]])
            if issuer:
                return issuer
            i -= 1
        return []

    def _issuer_of(self, noun: Token) -> list[str]:
        # "X issued a statement", "In a statement, X said": climb to the first clause with a
        # subject that is not the document itself
        tok = noun
        for _ in range(6):
            if tok.head == tok:
                break
            tok = tok.head
            for child in tok.children:
                if child.dep_ in ("nsubj", "agent") and child.lower_ not in self.lex.statement_nouns:
                    subj = child
                    if child.dep_ == "agent":
                        subj = next((c for c in child.children if c.dep_ == "pobj"), child)
                    span = self.doc[subj.left_edge.i : subj.right_edge.i + 1]
                    return self.resolve(span)
        # "the statement by the ministers", "the CSTO statement"
        for child in noun.children:
            if child.dep_ in ("poss", "compound") and child.i in self._token_ref:
                return list(self._token_ref[child.i].actors)
            if child.dep_ == "prep" and child.lower_ in ("by", "from", "of"):
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return self.resolve(self.doc[pobj.left_edge.i : pobj.right_edge.i + 1])
        return []

    def _generic(self, head: Token, kinds: frozenset[str]) -> list[str]:
        word = head.lower_

        def ok(actor: Actor) -> bool:
            names = (actor.name, *actor.aliases[:8])
            return actor.kind in kinds or any(word in n.lower().split() for n in names)

        return self._nearest_ref(head.i, ok)

    def _titled_person(self, head: Token) -> list[str]:
        word = head.lower_

        def ok(actor: Actor) -> bool:
            titles = [actor.title or "", *(r.title for r in actor.roles)]
            return actor.kind == "person" and any(word in t.lower().split() for t in titles)

        return self._nearest_ref(head.i, ok)

    # -- collectives --------------------------------------------------------------------------

    def _scan(self) -> None:
        """One pass: collective phrases, coordinations of actors, document nouns."""
        seen_coord: set[int] = set()
        for tok in self.doc:
            lower = tok.lower_
            if lower in self.lex.statement_nouns:
                self._statements.append(tok.i)
            if lower in self.lex.collective_nouns and tok.i not in self._token_ref:
                actors = self._collective_of(tok)
                if not actors and self._is_definite(tok):
                    # "the ministers" again: a group for a following "they" too
                    actors = tuple(self._earlier_collective(tok))
                if actors:
                    self._collective_heads.append((tok.i, lower, actors))
                    self._collective_starts.append(tok.i)
                    self._groups.append(_Ref(tok.left_edge.i, tok.right_edge.i + 1, actors))
            # "Russia and China": a coordination of named actors is a group for "they"
            if tok.i in self._token_ref and tok.dep_ != "conj" and tok.i not in seen_coord:
                conj = [c for c in tok.conjuncts if c.i in self._token_ref]
                if conj:
                    ids: list[str] = []
                    for t in (tok, *conj):
                        seen_coord.add(t.i)
                        ids.extend(a for a in self._token_ref[t.i].actors if a not in ids)
                    self._groups.append(_Ref(tok.i, max(c.i for c in conj) + 1, tuple(ids)))
        for ref in self._refs:
            actor = self.actors.get(ref.actors[0])
            if actor is not None and actor.kind == "collective":
                self._groups.append(ref)
        self._groups.sort(key=lambda g: g.start)

    def _collective_of(self, noun: Token) -> tuple[str, ...]:
        """The body whose members a plural noun names: "Foreign ministers from the CSTO",
        "CSTO leaders", "the ministers of the CSTO member states"."""
        body: _Ref | None = None
        for child in noun.children:
            if child.dep_ in ("compound", "poss", "nmod", "amod") and child.i in self._token_ref:
                body = self._token_ref[child.i]
            elif child.dep_ == "prep" and child.lower_ in ("from", "of", "at"):
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None and pobj.i in self._token_ref:
                    body = self._token_ref[pobj.i]
        if body is None:
            return ()
        actor = self.actors.get(body.actors[0])
        if actor is None or actor.kind not in _GROUP_KINDS - {"country"}:
            return ()
        # the registry may know the members as an organ: "CSTO foreign ministers"
        modifiers = [c.text for c in noun.children if c.dep_ in ("amod", "compound") and c.i < noun.i]
        phrase = " ".join([*modifiers, noun.text])
        organ = self._registry_organ(actor, phrase)
        return (organ,) if organ else body.actors

    def _registry_organ(self, body: Actor, phrase: str) -> str | None:
        registry = self._registry or load_registry()
        for name in (body.name, *body.aliases):
            hits = [h for h in registry.lookup(f"{name} {phrase}") if h.part_of == body.id]
            if hits:
                entry = hits[0]
                if entry.id not in self.actors:
                    actor = entry.to_actor()
                    self.actors[entry.id] = actor
                    self.added.append(actor)
                return entry.id
        return None
