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
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from sitrep.model import Actor, Mention, Role
from sitrep.pipeline.titles import TitleLexicon, load_title_lexicon
from sitrep.registry import Registry, RegistryEntry

# NER labels that can name an actor; GPE/LOC/FAC that are not countries are places, not actors
ACTOR_LABELS = {"PERSON", "ORG", "NORP", "GPE"}

_GOVERNMENT_WORDS = {
    "ministry", "government", "parliament", "cabinet", "police", "army", "forces", "force",
    "embassy", "presidency", "kremlin", "senate", "majlis", "mfa", "service", "committee",
    "directorate", "guard", "navy", "command",
}
_MEDIA_WORDS = {"tv", "television", "radio", "news", "agency", "times", "post", "journal", "press", "media",
                "broadcasting", "gazette", "daily", "herald", "telegraph", "tribune", "channel"}
_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"\s*['’]s$|['’]$")


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9а-яё]+", "-", text.lower()).strip("-") or "actor"


def clean_name(text: str) -> str:
    text = " ".join(text.split())
    text = _LEADING_ARTICLE.sub("", text)
    return _POSSESSIVE.sub("", text).strip(" ,;:")


@dataclass
class _Found:
    """An actor being assembled for this document."""

    actor: Actor
    entry: RegistryEntry | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)


class ActorLinker:
    """Turns a processed Doc into the document's actors and mentions."""

    def __init__(self, registry: Registry, titles: TitleLexicon | None = None) -> None:
        self.registry = registry
        self.titles = titles or load_title_lexicon()

    # -- public -------------------------------------------------------------------------------

    def link(self, doc: Doc, published: str | None = None) -> tuple[list[Actor], list[Mention]]:
        found: dict[str, _Found] = {}
        span_actor: dict[tuple[int, int], str] = {}  # token span -> actor id

        def add_registry(entry: RegistryEntry, span: Span | None) -> str:
            entry = self._in_force(entry, published)
            if entry.id not in found:
                found[entry.id] = _Found(self._actor_from_entry(entry, published), entry)
            if span is not None:
                found[entry.id].mentions.append((span.start_char, span.end_char))
                span_actor[(span.start, span.end)] = entry.id
            return entry.id

        def add_new(name: str, kind: str, span: Span, country: str | None = None) -> str:
            key = self._new_id(name, kind)
            if key not in found:
                found[key] = _Found(Actor(id=key, name=name, kind=kind, country=country))
            found[key].mentions.append((span.start_char, span.end_char))
            span_actor[(span.start, span.end)] = key
            return key

        # 1. registry matches, and statistical entities the registry knows under another form
        pending: list[Span] = []
        for ent in doc.ents:
            if ent.label_ not in ACTOR_LABELS:
                continue
            entry = self.registry.get(ent.ent_id_) if ent.ent_id_ else None
            if entry is None:
                entry = self._lookup(ent)
            if entry is not None:
                add_registry(entry, ent)
            else:
                pending.append(ent)

        # 2. acronym definitions taught by the text
        taught = self._definitions(doc, span_actor, found)

        # 3. new actors from the statistical NER; surnames wait for stage 5
        persons: list[Span] = []
        for ent in pending:
            name = clean_name(ent.text)
            if not self._plausible(ent, name):
                continue
            if name in taught:
                found[taught[name]].mentions.append((ent.start_char, ent.end_char))
                span_actor[(ent.start, ent.end)] = taught[name]
            elif ent.label_ == "PERSON":
                persons.append(ent)
            elif ent.label_ == "ORG":
                add_new(name, self._guess_org_kind(name), ent, self._country_in(name))
            # a NORP or GPE unknown to the registry is a group or place, not an actor we track

        # 5 (before 4, so that surnames join their full names first): longest names first
        persons.sort(key=lambda s: -len(s))
        for ent in persons:
            name = clean_name(ent.text)
            owner = self._full_name_for(name, found)
            if owner is not None:
                found[owner].mentions.append((ent.start_char, ent.end_char))
                span_actor[(ent.start, ent.end)] = owner
            else:
                add_new(name, "person", ent)

        # 4. titles and affiliations around person mentions
        for (start, end), actor_id in list(span_actor.items()):
            item = found[actor_id]
            if item.actor.kind != "person":
                continue
            role = self._title_around(doc, doc[start:end], span_actor)
            if role is not None:
                title, affiliation = role
                self._set_role(item.actor, title, affiliation, published)

        # pull in the actors that relations point to, so every id in the record resolves
        for item in list(found.values()):
            for ref in [item.actor.affiliation, item.actor.part_of, *item.actor.member_of]:
                if ref and ref not in found:
                    entry = self.registry.get(ref)
                    if entry is not None:
                        found[ref] = _Found(self._actor_from_entry(entry, published), entry)

        actors: list[Actor] = []
        mentions: list[Mention] = []
        for item in found.values():
            for alias in self._aliases_used(doc, item):
                if alias != item.actor.name and alias not in item.actor.aliases:
                    item.actor.aliases.append(alias)
            actors.append(item.actor)
            for start_char, end_char in sorted(set(item.mentions)):
                mentions.append(Mention(item.actor.id, start_char, end_char, doc.text[start_char:end_char]))
        mentions.sort(key=lambda m: (m.start, m.end))
        return actors, mentions

    # -- registry -----------------------------------------------------------------------------

    def _lookup(self, ent: Span) -> RegistryEntry | None:
        name = clean_name(ent.text)
        if ent.label_ == "NORP":
            return self.registry.demonym(name)
        hits = self.registry.lookup(name)
        return hits[0] if len(hits) == 1 else None

    def _in_force(self, entry: RegistryEntry, published: str | None) -> RegistryEntry:
        """An entry the registry marks as replaced before the publication date gives way.

        "Taliban" names the insurgency in a 2011 release and the de-facto government since
        August 2021; the registry says which with validity dates.
        """
        resolve = getattr(self.registry, "resolve_in_time", None)
        if resolve is not None and published:
            resolved = resolve(entry, published[:10])
            if resolved is not None:
                return resolved  # type: ignore[no-any-return]
        return entry

    def _actor_from_entry(self, entry: RegistryEntry, published: str | None) -> Actor:
        roles = [
            Role(title=r.title, affiliation=r.affiliation, since=r.since, until=r.until)
            for r in entry.roles
        ]
        actor = Actor(
            id=entry.id,
            name=entry.name,
            kind=entry.kind,
            country=entry.country,
            aliases=list(dict.fromkeys([*entry.aliases])),
            member_of=list(entry.member_of),
            part_of=entry.part_of,
            roles=roles,
            registry=True,
        )
        current = _role_at(roles, published)
        if current is not None:
            actor.title, actor.affiliation = current.title, current.affiliation
        return actor

    def _aliases_used(self, doc: Doc, item: _Found) -> list[str]:
        """Names the text used for a registry actor that are not its canonical name."""
        used = []
        for start, end in item.mentions:
            text = clean_name(doc.text[start:end])
            if text and text != item.actor.name and item.actor.kind != "country":
                used.append(text)
        return list(dict.fromkeys(used))

    # -- definitions --------------------------------------------------------------------------

    def _definitions(
        self, doc: Doc, span_actor: dict[tuple[int, int], str], found: dict[str, _Found]
    ) -> dict[str, str]:
        """Names the document defines with a parenthesis, mapped to actor ids.

        "the Collective Security Treaty Organization (CSTO)" teaches CSTO; "ISIS-K (Islamic State
        Khorasan)" teaches the long form. An acronym the registry already gives to another
        actor keeps its registry meaning.
        """
        taught: dict[str, str] = {}
        by_end = {end: (start, actor) for (start, end), actor in span_actor.items()}
        for tok in doc:
            if tok.text != "(":
                continue
            close = next((t.i for t in doc[tok.i + 1 : tok.i + 12] if t.text == ")"), None)
            if close is None or close == tok.i + 1 or (tok.i + 1, close) in span_actor:
                continue
            inner = doc[tok.i + 1 : close]
            inner_text = clean_name(inner.text)
            # "the Islamic Emirate's (IEA)": the name may end before a possessive
            end = tok.i - 1 if tok.i > 0 and doc[tok.i - 1].lower_ in {"'s", "’s"} else tok.i
            before = by_end.get(end)
            if before is None or not inner_text[:1].isupper():
                continue
            if self.registry.lookup(inner_text):
                continue  # the registry's meaning wins over a local one
            taught[inner_text] = before[1]
            self._mention_span(found, span_actor, before[1], inner)
        # later uses of a taught acronym that the NER did not mark
        for name, actor_id in taught.items():
            for match in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", doc.text):
                span = doc.char_span(match.start(), match.end(), alignment_mode="strict")
                if span is not None and not any(s <= span.start < e for (s, e) in span_actor):
                    self._mention_span(found, span_actor, actor_id, span)
        return taught

    @staticmethod
    def _mention_span(found: dict[str, _Found], span_actor: dict[tuple[int, int], str], actor_id: str, span: Span) -> None:
        found[actor_id].mentions.append((span.start_char, span.end_char))
        span_actor[(span.start, span.end)] = actor_id

    # -- new actors ---------------------------------------------------------------------------

    def _plausible(self, ent: Span, name: str) -> bool:
        """Filters the small model's typical misfires: lowercase words, numbers, one letter."""
        if len(name) < 2 or not any(c.isalpha() for c in name):
            return False
        if ent.label_ == "PERSON":
            words = name.split()
            if any(not w[:1].isupper() for w in words if w.lower() not in {"al", "bin", "ibn", "ul", "ud", "de", "van", "von"}):
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
    def _full_name_for(name: str, found: dict[str, _Found]) -> str | None:
        """The person already named in full whose name ends (or starts) with this one."""
        words = name.split()
        candidates = []
        for actor_id, item in found.items():
            if item.actor.kind != "person":
                continue
            for full in [item.actor.name, *item.actor.aliases]:
                full_words = full.split()
                if len(full_words) > len(words) and (
                    full_words[-len(words):] == words or full_words[: len(words)] == words
                ):
                    candidates.append(actor_id)
                    break
        return candidates[0] if len(set(candidates)) == 1 else None

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
        i = name.start - 1
        sent_start = name.sent.start if doc.has_annotation("SENT_START") else 0
        while i >= sent_start and self.titles.is_title_word(doc[i].text):
            i -= 1
        title_tokens = doc[i + 1 : name.start]
        if not len(title_tokens) or not self.titles.has_head(title_tokens.text):
            return None
        affiliation = self._actor_ending_at(i + 1, span_actor)
        return self._format_title(title_tokens, sent_start), affiliation

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
        j = i
        while j < len(doc) and self.titles.is_title_word(doc[j].text):
            j += 1
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
            actor.roles.append(Role(title=title, affiliation=affiliation, since=published[:10] if published else None))


def _role_at(roles: list[Role], published: str | None) -> Role | None:
    """The role held on the publication date (or the latest one when the date is unknown)."""
    if not roles:
        return None
    day = (published or "")[:10]
    if day:
        current = [r for r in roles if (r.since or "") <= day and (r.until is None or day <= r.until)]
        if current:
            return current[-1]
        return None
    open_roles = [r for r in roles if r.until is None]
    return open_roles[-1] if open_roles else None
