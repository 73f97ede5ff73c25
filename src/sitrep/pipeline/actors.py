"""Actors and their mentions in one document, from a processed spaCy Doc.

Reads: ``doc.ents`` (registry matches carry ``ent_id_``; the rest come from the statistical
NER), sentences, the document's publication date. Writes: ``Actor`` and ``Mention`` records.

A cascade, each stage fixing what the one before cannot see:

1. registry matches: canonical id, kind, country, relations, roles;
2. "Long Name (ACR)" and "ACR (Long Name)" definitions: the document teaches its own acronyms;
3. statistical NER spans (PERSON, ORG, NORP) not in the registry become new actors, with a kind
   guessed from their head words ("Ministry" → government, "TV" → media);
4. titles before or after a name ("CSTO Secretary General Imangali Tasmagambetov",
   "Imangali Tasmagambetov, Secretary General of the CSTO") give role and affiliation;
5. in-document name linking: a later "Tasmagambetov" is the person named in full earlier.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from spacy.tokens import Doc, Span, Token

from sitrep.model import Actor, Mention, Role
from sitrep.pipeline.lexicons import TitleLexicon, load_not_actor_names, load_title_lexicon
from sitrep.pipeline.placenames import is_place_name
from sitrep.registry import Registry, RegistryEntry

# NER labels that can name an actor; GPE/LOC/FAC that are not countries are places, not actors
ACTOR_LABELS = {"PERSON", "ORG", "NORP", "GPE"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}

_GOVERNMENT_WORDS = {
    "ministry",
    "government",
    "parliament",
    "cabinet",
    "police",
    "army",
    "forces",
    "force",
    "embassy",
    "presidency",
    "kremlin",
    "senate",
    "majlis",
    "mfa",
    "service",
    "committee",
    "directorate",
    "guard",
    "navy",
    "command",
}
_MEDIA_WORDS = {
    "tv",
    "television",
    "radio",
    "news",
    "agency",
    "times",
    "post",
    "journal",
    "press",
    "media",
    "broadcasting",
    "gazette",
    "daily",
    "herald",
    "telegraph",
    "tribune",
    "channel",
}
_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"\s*['’]s$|['’]$")


def _name_token(token: Token) -> bool:
    """A word that can be part of a person's name: capitalised letters, maybe hyphenated."""
    return (
        token.is_title
        and token.is_alpha
        or (token.text[:1].isupper() and "-" in token.text and token.text.replace("-", "").isalpha())
    )


_PLACE_NOUNS = {
    "district",
    "province",
    "city",
    "village",
    "valley",
    "region",
    "area",
    "town",
    "oblast",
    "raion",
    "county",
    "river",
    "mountains",
    "pass",
    "airport",
    "airfield",
    "base",
    "border",
    "bazaar",
    "governorate",
}
_MEMBER_NOUNS = {
    "leader",
    "leaders",
    "commander",
    "commanders",
    "sub-commander",
    "facilitator",
    "facilitators",
    "fighter",
    "fighters",
    "militant",
    "militants",
    "insurgent",
    "insurgents",
    "member",
    "members",
    "operative",
    "operatives",
    "cell",
    "financier",
    "supporter",
    "supporters",
    "network",
    "associate",
    "associates",
    "official",
    "officials",
    "weapons",
    "bomb",
    "suicide",
}
_NAME_PARTICLES = {"al", "bin", "ibn", "ul", "ud", "de", "van", "von", "el", "ad", "ur"}
_CONNECTORS = {"and", "of", "the", "&"}
_HEADLINE_SMALL_WORDS = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "by",
    "for",
    "from",
    "in",
    "into",
    "of",
    "on",
    "or",
    "the",
    "to",
    "with",
}


_NAME_IN_PARENS = re.compile(r"^[A-ZА-Я][\w.&'’+-]*(?: (?:of|the|for|and|on|in|[A-ZА-Я][\w.&'’+-]*)){0,9}$")


def _looks_like_name(text: str) -> bool:
    """A parenthesis that can define a name: "(CSTO)", "(Islamic State Khorasan)".

    Not a date ("(Jan. 25, 2013)"), a number, or a lowercase aside: a month name or a digit
    outside an acronym ("C5+1" stays) means it is not a name.
    """
    if not _NAME_IN_PARENS.match(text):
        return False
    words = text.split()
    if any(w.rstrip(".").lower() in _MONTHS for w in words):
        return False
    return not any(c.isdigit() for c in text) or (len(words) == 1 and any(c.isupper() for c in text[1:]))


_MONTHS = {
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
}


def _trimmed(span: Span) -> Span | None:
    """ "National Security and": the NER sometimes runs over a connector at either end."""
    start, end = span.start, span.end
    while start < end and span.doc[start].lower_ in _CONNECTORS:
        start += 1
    while end > start and span.doc[end - 1].lower_ in _CONNECTORS:
        end -= 1
    if start == end:
        return None
    return span if (start, end) == (span.start, span.end) else Span(span.doc, start, end, label=span.label_)


def _headline_lines(text: str) -> list[tuple[int, int]]:
    """Character ranges of title-cased lines (headlines), where capitals do not mark names."""
    ranges = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        stripped = line.strip()
        words = [
            w
            for w in stripped.replace("-", " ").split()
            if w[:1].isalpha() and w.lower() not in _HEADLINE_SMALL_WORDS
        ]
        if (
            len(words) >= 4
            and not stripped.endswith((".", '"', "”"))
            and sum(w[:1].isupper() for w in words) / len(words) >= 0.8
        ):
            ranges.append((start, end))
        start = end + 1
    return ranges


def _with_hyphenated_tail(span: Span) -> Span:
    """ "Ivan Petrovsky-Kolmogorov": the tokenizer splits the hyphen and the NER often stops at it."""
    doc, end = span.doc, span.end
    while (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].text[:1].isupper()
    ):
        end += 2
    return span if end == span.end else Span(doc, span.start, end, label=span.label_)


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9а-яё]+", "-", text.lower()).strip("-") or "actor"


def clean_name(text: str) -> str:
    text = " ".join(text.split())
    text = _LEADING_ARTICLE.sub("", text)
    return _POSSESSIVE.sub("", text).strip(" ,;:")


@dataclass
class _DocActors:
    """The actors of one document as they are assembled, and which token span names which."""

    doc: Doc
    actors: dict[str, Actor] = field(default_factory=dict)
    span_actor: dict[tuple[int, int], str] = field(default_factory=dict)  # token span -> actor id
    # spaCy rebuilds doc.text from the tokens on every access: read it once
    text: str = field(init=False)
    headlines: list[tuple[int, int]] = field(init=False)
    place_names: set[str] = field(init=False)

    def __post_init__(self) -> None:
        self.text = self.doc.text
        self.headlines = _headline_lines(self.text)
        # names the NER reads as a place somewhere in the document ("Tarin Kowt" as GPE twice,
        # PERSON once after "the city of"): a place there, so a place everywhere
        self.place_names = {e.text.casefold() for e in self.doc.ents if e.label_ in _PLACE_LABELS}

    def in_headline(self, span: Span) -> bool:
        return any(s <= span.start_char and span.end_char <= e for s, e in self.headlines)

    def add(self, span: Span, actor_id: str, make: Callable[[], Actor] | None = None) -> None:
        if actor_id not in self.actors:
            assert make is not None, f"actor {actor_id} added without a way to make it"
            self.actors[actor_id] = make()
        self.span_actor[(span.start, span.end)] = actor_id

    def covers(self, span: Span) -> bool:
        return any(s < span.end and span.start < e for (s, e) in self.span_actor)

    def result(self) -> tuple[list[Actor], list[Mention]]:
        text = self.text
        mentions = []
        for (start, end), actor_id in self.span_actor.items():
            span = self.doc[start:end]
            mentions.append(
                Mention(actor_id, span.start_char, span.end_char, text[span.start_char : span.end_char])
            )
            actor = self.actors[actor_id]
            alias = clean_name(span.text)
            # the forms the text used, so that a reader (and search) finds them on the actor
            if (
                actor.kind not in ("country",)
                and alias
                and alias != actor.name
                and alias not in actor.aliases
            ):
                actor.aliases.append(alias)
        mentions.sort(key=lambda m: (m.start, m.end))
        return list(self.actors.values()), mentions


class ActorLinker:
    """Turns a processed Doc into the document's actors and mentions."""

    def __init__(self, registry: Registry, titles: TitleLexicon | None = None) -> None:
        self.registry = registry
        self.titles = titles or load_title_lexicon()
        self.not_actors = load_not_actor_names()

    # -- public -------------------------------------------------------------------------------

    def link(self, doc: Doc, published: str | None = None) -> tuple[list[Actor], list[Mention]]:
        state = _DocActors(doc)
        ents = [e for e in doc.ents if e.label_ in ACTOR_LABELS]

        # 1. registry matches, and statistical entities the registry knows under another form
        pending: list[Span] = []
        for ent in ents:
            entry = self.registry.get(ent.ent_id_) if ent.ent_id_ else None
            if entry is None:
                entry = self._lookup(ent)
            if entry is None:
                pending.append(ent)
                continue
            entry = self._in_force(entry, clean_name(ent.text), published)
            state.add(ent, entry.id, partial(self._actor_from_entry, entry, published))

        # 2. names next to a title are persons, whatever the small model called them
        titled = self._titled_names(doc, state)
        pending = [e for e in pending if not any(t.start < e.end and e.start < t.end for t in titled)]
        pending += titled

        pending = [t for t in (_trimmed(_with_hyphenated_tail(e)) for e in pending) if t is not None]
        self._attributive_groups(doc, state)
        pending = [e for e in pending if not state.covers(e)]

        # 3. new organisations, except names the text defines in a parenthesis (stage 4 links them)
        defined = self._parenthesised(state.text)
        persons: list[Span] = []
        deferred: list[Span] = []
        for ent in pending:
            name = clean_name(ent.text)
            if not self._plausible(ent, name, state):
                continue
            if ent.label_ == "PERSON":
                persons.append(ent)
            elif ent.label_ == "ORG":
                if name in defined:
                    deferred.append(ent)
                else:
                    self._add_new(state, ent, name, self._guess_org_kind(name), self._country_in(name))
            # a NORP or GPE unknown to the registry is a group or place, not an actor we track

        # 4. acronym definitions taught by the text, then the names that waited for them
        taught = self._definitions(doc, state)
        for ent in deferred:
            name = clean_name(ent.text)
            if name in taught:
                state.add(ent, taught[name])
            elif not state.covers(ent):
                self._add_new(state, ent, name, self._guess_org_kind(name), self._country_in(name))

        # 5. persons: full names first, so that a later surname joins the full name
        persons.sort(key=lambda s: -len(s))
        for ent in persons:
            if state.covers(ent):
                continue
            name = clean_name(ent.text)
            owner = self._full_name_for(name, state)
            if owner is not None:
                state.add(ent, owner)
            elif (
                len(ent) > 1
                or self._title_ends_at(doc, ent.start)
                or self._title_and_comma_before(doc, ent.start)
            ):
                # a lone capitalised word is a person only with a title ("the Taliban leader,
                # Alaudin"); otherwise it is mostly a place or a word the model misread
                self._add_new(state, ent, name, "person")
        self._link_surnames(doc, state)

        # 6. titles and affiliations around person mentions
        for (start, end), actor_id in list(state.span_actor.items()):
            actor = state.actors[actor_id]
            if actor.kind != "person":
                continue
            role = self._title_around(doc, doc[start:end], state.span_actor)
            if role is not None:
                self._set_role(actor, role[0], role[1], published)

        # pull in the bodies people speak for and units belong to, so those ids resolve in the
        # record; memberships stay ids (Russia is a member of a dozen bodies it did not mention)
        for actor in list(state.actors.values()):
            for ref in (actor.affiliation, actor.part_of):
                entry = self.registry.get(ref) if ref and ref not in state.actors else None
                if entry is not None:
                    state.actors[entry.id] = self._actor_from_entry(entry, published)
        return state.result()

    def _add_new(
        self, state: _DocActors, span: Span, name: str, kind: str, country: str | None = None
    ) -> None:
        state.add(
            span,
            self._new_id(name, kind),
            lambda: Actor(id=self._new_id(name, kind), name=name, kind=kind, country=country),
        )

    # -- registry -----------------------------------------------------------------------------

    def _lookup(self, ent: Span) -> RegistryEntry | None:
        name = clean_name(ent.text)
        if ent.label_ == "NORP":
            return self.registry.demonym(name)
        hits = self.registry.lookup(name)
        if not hits and len(ent) == 1 and ent.label_ == "ORG":
            # "Haqqani" tagged as an organisation is the Haqqani network
            hits = [
                h
                for v in (f"{name} network", f"{name}s")
                for h in self.registry.lookup(v)
                if h.kind == "armed group"
            ]
        return hits[0] if hits and all(h.id == hits[0].id for h in hits) else None

    def _attributive_groups(self, doc: Doc, state: _DocActors) -> None:
        """ "a Haqqani facilitator", "Haqqani fighters": a group named by its attributive form.

        The registry names the group "Haqqani network"; before a member noun the bare word is
        the group, not a person called Haqqani.
        """
        for tok in doc[:-1]:
            if not tok.is_title or doc[tok.i + 1].lower_ not in _MEMBER_NOUNS:
                continue
            span = doc[tok.i : tok.i + 1]
            if state.covers(span):
                continue
            for variant in (f"{tok.text} network", f"{tok.text} group", f"{tok.text}s"):
                hits = [h for h in self.registry.lookup(variant) if h.kind == "armed group"]
                if hits:
                    entry = hits[0]
                    state.add(span, entry.id, entry.to_actor)
                    break

    def _in_force(self, entry: RegistryEntry, text: str, published: str | None) -> RegistryEntry:
        """The entry a name referred to on the publication date.

        "Taliban" names the insurgency in a 2011 release and the de-facto government since
        August 2021; the registry gives such names validity periods.
        """
        if not entry.periods_for(text):
            return entry
        hits = self.registry.lookup(text, on=published[:10] if published else None)
        return hits[0] if hits else entry

    def _actor_from_entry(self, entry: RegistryEntry, published: str | None) -> Actor:
        return entry.to_actor(on=published[:10] if published else None)

    # -- definitions --------------------------------------------------------------------------

    @staticmethod
    def _parenthesised(text: str) -> set[str]:
        """Every short name written in parentheses: candidates for a definition."""
        return {clean_name(m.group(1)) for m in re.finditer(r"\(([^()]{1,60})\)", text)}

    def _definitions(self, doc: Doc, state: _DocActors) -> dict[str, str]:
        """Names the document defines with a parenthesis, mapped to actor ids.

        "the Collective Security Treaty Organization (CSTO)" teaches CSTO; "ISIS-K (Islamic State
        Khorasan)" teaches the long form. A name the registry already knows keeps its registry
        meaning.
        """
        taught: dict[str, str] = {}
        by_end = {end: actor for (_start, end), actor in state.span_actor.items()}
        for tok in doc:
            if tok.text != "(":
                continue
            close = next((t.i for t in doc[tok.i + 1 : tok.i + 12] if t.text == ")"), None)
            if close is None or close == tok.i + 1 or (tok.i + 1, close) in state.span_actor:
                continue
            inner = doc[tok.i + 1 : close]
            inner_text = clean_name(inner.text)
            # "the Islamic Emirate's (IEA)": the name may end before a possessive
            end = tok.i - 1 if tok.i > 0 and doc[tok.i - 1].lower_ in {"'s", "’s"} else tok.i
            owner = by_end.get(end)
            if owner is None or not _looks_like_name(inner_text) or self.registry.lookup(inner_text):
                continue
            taught[inner_text] = owner
            state.add(inner, owner)
        # later uses the NER did not mark
        for name, actor_id in taught.items():
            for match in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", state.text):
                span = doc.char_span(match.start(), match.end(), alignment_mode="strict")
                if span is not None and not state.covers(span):
                    state.add(span, actor_id)
        return taught

    # -- new actors ---------------------------------------------------------------------------

    def _plausible(self, ent: Span, name: str, state: _DocActors) -> bool:
        """Filters the small model's typical misfires on news copy.

        Numbers and single letters; boilerplate ("For Immediate Release"); places taken for
        persons or organisations ("Logar", "KABUL", "Baraki Barak district", "the city of Tarin
        Kowt", a name the NER reads as a place elsewhere in the document); entities in
        title-cased headlines, where capitals say nothing; persons written with lowercase
        words or made only of title words.
        """
        if len(name) < 2 or not any(c.isalpha() for c in name):
            return False
        if name.casefold() in self.not_actors or is_place_name(name):
            return False
        if ent.label_ in ("PERSON", "ORG") and ent.text.casefold() in state.place_names:
            return False
        if ent.end < len(ent.doc) and ent.doc[ent.end].lower_ in _PLACE_NOUNS:
            return False
        if (
            ent.start >= 2
            and ent.doc[ent.start - 1].lower_ == "of"
            and ent.doc[ent.start - 2].lower_ in _PLACE_NOUNS
        ):
            return False  # "the city of Tarin Kowt", "the province of Helmand"
        if state.in_headline(ent):
            return False
        if ent.label_ == "PERSON":
            words = name.split()
            if any(not w[:1].isupper() for w in words if w.lower() not in _NAME_PARTICLES):
                return False
            if self.titles.is_title_phrase(name):
                return False
        return True

    def _guess_org_kind(self, name: str) -> str:
        words = {w.lower().strip(".,") for w in name.split()}
        if words & _MEDIA_WORDS:
            return "media"
        if words & _GOVERNMENT_WORDS:
            return "government"
        return "organization"

    def _country_in(self, name: str) -> str | None:
        for word in re.findall(r"[A-Z][\w’'-]+", name):
            entry = self.registry.demonym(word)
            if entry is None:
                hits = [h for h in self.registry.lookup(word) if h.kind == "country"]
                entry = hits[0] if hits else None
            if entry is not None:
                return entry.country
        return None

    def _new_id(self, name: str, kind: str) -> str:
        slug = slugify(name)
        if self.registry.get(slug) is not None:
            slug = f"{slug}-{slugify(kind)}"
        return slug

    @staticmethod
    def _full_name_for(name: str, state: _DocActors) -> str | None:
        """The one person already named in full whose name ends (or starts) with this one."""
        words = name.split()
        candidates = set()
        for actor_id, actor in state.actors.items():
            if actor.kind != "person":
                continue
            for full in [actor.name, *actor.aliases]:
                full_words = full.split()
                if len(full_words) > len(words) and (
                    full_words[-len(words) :] == words or full_words[: len(words)] == words
                ):
                    candidates.add(actor_id)
        return candidates.pop() if len(candidates) == 1 else None

    def _link_surnames(self, doc: Doc, state: _DocActors) -> None:
        """Later bare surnames of persons named in full ("Tasmagambetov" after "Imangali
        Tasmagambetov"), which the small model often misses or calls an organisation."""
        surnames: dict[str, set[str]] = {}
        for actor_id, actor in state.actors.items():
            words = actor.name.split()
            if actor.kind == "person" and len(words) >= 2 and words[-1][:1].isupper():
                surnames.setdefault(words[-1], set()).add(actor_id)
        for surname, owners in surnames.items():
            if len(owners) != 1:
                continue  # two persons share it: a bare surname is ambiguous
            owner = next(iter(owners))
            for match in re.finditer(r"(?<![\w-])" + re.escape(surname) + r"(?![\w-])", state.text):
                span = doc.char_span(match.start(), match.end(), alignment_mode="strict")
                if span is None:
                    continue
                clash = [k for k in state.span_actor if k[0] < span.end and span.start < k[1]]
                # a span the registry or a person already claims stays theirs; an NER guess yields
                if any(
                    state.actors[state.span_actor[k]].registry
                    or state.actors[state.span_actor[k]].kind == "person"
                    for k in clash
                ):
                    continue
                for k in clash:
                    del state.span_actor[k]
                state.add(span, owner)

    def _titled_names(self, doc: Doc, state: _DocActors) -> list[Span]:
        """Capitalised names right after a title or right before ", <title>": persons.

        "Military analyst Bismillah Taban", "Karim Salehzada, deputy spokesman of ...".
        """
        names: list[Span] = []
        i = 0
        while i < len(doc):
            if not _name_token(doc[i]) or self.titles.is_title_word(doc[i].text):
                i += 1
                continue
            j = i
            while (
                j < len(doc)
                and j - i < 4
                and _name_token(doc[j])
                and not self.titles.is_title_word(doc[j].text)
            ):
                j += 1
            span = doc[i:j]
            if not state.covers(span) and (
                j - i >= 2
                and (self._title_ends_at(doc, i) or self._title_follows(doc, j))
                # "the Taliban leader, Alaudin,": one name in apposition to a title
                or self._title_and_comma_before(doc, i)
                and j < len(doc)
                and doc[j].is_punct
            ):
                names.append(Span(doc, i, j, label="PERSON"))
            i = j
        return names

    def _title_start(self, doc: Doc, end: int, floor: int = 0) -> int:
        """Start of the title ("CSTO Secretary General") that ends right before ``end``, not
        reaching before ``floor``; ``end`` itself when no title with a head word ends there."""
        k = end
        while k > floor and self.titles.is_title_word(doc[k - 1].text):
            k -= 1
        return k if k < end and self.titles.has_head(doc[k:end].text) else end

    def _title_ends_at(self, doc: Doc, end: int) -> bool:
        return self._title_start(doc, end) < end

    def _title_and_comma_before(self, doc: Doc, start: int) -> bool:
        """ "the Taliban leader, Alaudin": a name in apposition after a title and a comma."""
        return start > 0 and doc[start - 1].text == "," and self._title_ends_at(doc, start - 1)

    def _title_follows(self, doc: Doc, start: int) -> bool:
        if start >= len(doc) or doc[start].text != ",":
            return False
        k = start + 1
        if k < len(doc) and doc[k].lower_ in {"the", "a", "an"}:
            k += 1
        m = self._title_run_end(doc, k)
        return m > k and self.titles.has_head(doc[k:m].text)

    def _title_run_end(self, doc: Doc, start: int) -> int:
        """End of the run of title words from ``start``, not counting a trailing "of"/"and"."""
        end = start
        while end < len(doc) and self.titles.is_title_word(doc[end].text):
            end += 1
        while end > start and doc[end - 1].lower_ in ("of", "and"):
            end -= 1
        return end

    # -- titles -------------------------------------------------------------------------------

    def _title_around(
        self, doc: Doc, name: Span, span_actor: dict[tuple[int, int], str]
    ) -> tuple[str, str | None] | None:
        """(title, affiliation id) stated right before or after a person's name."""
        before = self._title_before(doc, name, span_actor)
        return before if before is not None else self._title_after(doc, name, span_actor)

    def _title_before(
        self, doc: Doc, name: Span, span_actor: dict[tuple[int, int], str]
    ) -> tuple[str, str | None] | None:
        # "CSTO Secretary General Imangali Tasmagambetov", "Military analyst Bismillah Taban"
        sent_start = name.sent.start if doc.has_annotation("SENT_START") else 0
        start = self._title_start(doc, name.start, sent_start)
        if start == name.start:
            return None
        affiliation = self._actor_ending_at(start, span_actor)
        return self._format_title(doc[start : name.start], sent_start), affiliation

    def _title_after(
        self, doc: Doc, name: Span, span_actor: dict[tuple[int, int], str]
    ) -> tuple[str, str | None] | None:
        # "Imangali Tasmagambetov, Secretary General of the CSTO, said"
        i = name.end
        if i >= len(doc) or doc[i].text != ",":
            return None
        i += 1
        if i < len(doc) and doc[i].lower_ in {"the", "a", "an"}:
            i += 1
        affiliation = None
        for (s, e), actor_id in span_actor.items():
            if s == i:
                affiliation, i = actor_id, e
                break
        j = self._title_run_end(doc, i)
        title_tokens = doc[i:j]
        if not len(title_tokens) or not self.titles.has_head(title_tokens.text):
            return None
        if j < len(doc) and doc[j].lower_ in {"of", "at", "for"}:
            k = j + 1
            if k < len(doc) and doc[k].lower_ == "the":
                k += 1
            for (s, _e), actor_id in span_actor.items():
                if s == k:
                    affiliation = affiliation or actor_id
                    break
        return self._format_title(title_tokens, None), affiliation

    @staticmethod
    def _actor_ending_at(token_index: int, span_actor: dict[tuple[int, int], str]) -> str | None:
        for (_s, e), actor_id in span_actor.items():
            if e == token_index:
                return actor_id
        return None

    @staticmethod
    def _format_title(tokens: Span, sent_start: int | None) -> str:
        words = [t.text for t in tokens]
        first: Token = tokens[0]
        # "Military analyst" at the start of a sentence is "military analyst"; "Secretary General" stays
        if sent_start is not None and first.i == sent_start and all(w.islower() for w in words[1:]):
            words[0] = words[0].lower()
        return " ".join(words)

    @staticmethod
    def _set_role(actor: Actor, title: str, affiliation: str | None, published: str | None) -> None:
        if actor.title is None:
            actor.title = title
            actor.affiliation = actor.affiliation or affiliation
        known = {(r.title.lower(), r.affiliation) for r in actor.roles}
        if (title.lower(), affiliation) not in known:
            actor.roles.append(
                Role(title=title, affiliation=affiliation, since=published[:10] if published else None)
            )
