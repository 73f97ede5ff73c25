"""Quotes and their speakers: ``QuoteExtractor`` turns a processed Doc into ``Quote`` records.

Reads: the Doc's dependency parse and sentences (no part-of-speech tags: the tagger is off, so
reporting verbs are matched on their inflected forms, ``registry/lexicons/reporting_verbs.yaml``),
the record's actors and mentions. Writes: ``Quote`` records; the registry actors that speaker
resolution had to add (a body's organ, "CSTO foreign ministers") are returned with them.

A cascade, each stage seeing what the one before could not:

1. direct quotes: text between “ ”, « » or straight quotes; a paragraph whose quote is left
   open continues in the next paragraph that opens with a mark. The cue is looked for right
   after the closing mark (“…,” said Tasmagambetov; “…,” the statement read) and then right
   before the opening one (He says: “…”). A quote with no cue of its own that opens a sentence
   continues the speaker of the quote just before it (“…,” the statement read. “…”). Short
   quoted phrases without a cue are scare quotes or titles (so-called “peace plan”), not
   quotes of anyone, and so is anything quoted in mid-sentence without a cue.
2. indirect speech: a reporting verb with a content clause ("said that …", "warned the talks
   would fail"), with an object and a to-infinitive ("urged the international community to
   increase aid", "called on X to …"), or with an object that is the statement itself
   ("underscored the importance of dialogue"); "according to X" attributes its clause to X.
   A clause that is a direct quote already found is not repeated.
3. speakers: the subject of the cue (or of the clause it hangs from: "…, saying that …"),
   resolved by ``references.ReferenceResolver`` (surnames, pronouns, "the statement", "the
   ministers"); unnamed sources ("a source", "officials") keep their words with no actor.
   The outlet a quote was given to ("told Amu TV", "said in an interview with Amu TV") is
   ``via``.

Every quote's ``text`` is exactly ``doc.text[start:end]``: the content without the quote
marks (and without the comma that closes a quote before its cue).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Doc, Span, Token

from sitrep.model import Actor, Mention, Quote
from sitrep.model import Span as CharSpan
from sitrep.pipeline.references import ReferenceResolver
from sitrep.registry import Registry

_CLOSER = {"“": "”", "«": "»", '"': '"', "„": "“"}
_QUOTE_MARKS = frozenset("“”«»\"„‘’'")
_TERMINATORS = frozenset({".", "!", "?"})
# a quoted phrase this short with no cue is a term, a title or a scare quote
_MIN_CUELESS_WORDS = 4
# how far a cue may sit from the quote it introduces, in tokens
_AFTER_WINDOW = 6
_BEFORE_WINDOW = 25
_SUBJECT_DEPS = ("nsubj",)
_STRIP_EDGE = frozenset({",", ";", ":", "—", "–", "-", "(", ")"})


@dataclass(frozen=True)
class ReportingLexicon:
    forms: dict[str, str]  # inflected form -> base
    clause: frozenset[str]
    object: frozenset[str]
    infinitive: frozenset[str]
    particles: dict[str, frozenset[str]]
    document_verbs: frozenset[str]

    def base(self, word: str) -> str | None:
        return self.forms.get(word.lower())


def _inflections(base: str) -> list[str]:
    """Regular -s, -ed and -ing forms: enough for reporting verbs, with exceptions in the YAML."""
    if base.endswith("e"):
        return [base + "s", base + "d", base[:-1] + "ing"]
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        return [base[:-1] + "ies", base[:-1] + "ied", base + "ing"]
    if base.endswith(("s", "sh", "ch", "x", "z")):
        return [base + "es", base + "ed", base + "ing"]
    return [base + "s", base + "ed", base + "ing"]


@lru_cache(maxsize=1)
def load_reporting_lexicon() -> ReportingLexicon:
    path = resources.files("sitrep.registry").joinpath("lexicons/reporting_verbs.yaml")
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    clause = frozenset(data["clause"])
    obj = frozenset(data["object"])
    infinitive = frozenset(data["infinitive"])
    document_verbs = frozenset(data["document_verbs"])
    forms: dict[str, str] = {}
    explicit: dict[str, list[str]] = data.get("forms") or {}
    for base in sorted(clause | obj | infinitive | document_verbs):
        for form in [base, *(explicit.get(base) or _inflections(base))]:
            forms.setdefault(form.lower(), base)
    return ReportingLexicon(
        forms=forms,
        clause=clause,
        object=obj,
        infinitive=infinitive,
        particles={k: frozenset(v) for k, v in (data.get("particles") or {}).items()},
        document_verbs=document_verbs,
    )


@dataclass
class _Segment:
    """One run of quoted text: the marks at ``start``/``end`` (end exclusive)."""

    start: int
    end: int
    open_end: bool = False  # the paragraph ended before the closing mark
    continues: bool = False  # opens a paragraph that continues the previous open quote
    content: tuple[int, int] = (0, 0)
    tokens: Span | None = None


@dataclass
class _Attribution:
    speaker: str | None
    speaker_text: str | None
    cue: str | None
    via: str | None
    cue_tokens: set[int] = field(default_factory=set)
    cue_span: tuple[int, int] | None = None  # char span of the cue fragment, for the sentence


class QuoteExtractor:
    """Direct and indirect quotes with resolved speakers, for one Doc at a time."""

    def __init__(self, registry: Registry | None = None, lexicon: ReportingLexicon | None = None) -> None:
        self.registry = registry
        self.lex = lexicon or load_reporting_lexicon()

    def extract(
        self, doc: Doc, actors: list[Actor], mentions: list[Mention]
    ) -> tuple[list[Quote], list[Actor]]:
        """Quotes in text order, and the actors speaker resolution added to the record."""
        if not doc.has_annotation("DEP"):
            return [], []  # no parse (a language without a model yet): no reliable cues
        resolver = ReferenceResolver(doc, actors, mentions, registry=self.registry)
        segments = list(_quoted_segments(doc))
        direct, used_cues = self._direct(doc, segments, resolver)
        quoted = [(q.start, q.end) for q in direct]
        marked = [(s.start, s.end) for s in segments]
        indirect = self._indirect(doc, resolver, used_cues, quoted, marked)
        quotes = sorted(direct + indirect, key=lambda q: (q.start, q.end))
        return quotes, list(resolver.added)

    # -- direct -------------------------------------------------------------------------------

    def _direct(
        self, doc: Doc, segments: list[_Segment], resolver: ReferenceResolver
    ) -> tuple[list[Quote], set[int]]:
        # chains: a quote left open at a paragraph end and the paragraphs that continue it
        chains: list[list[_Segment]] = []
        for seg in segments:
            if seg.continues and chains and chains[-1][-1].open_end:
                chains[-1].append(seg)
            else:
                chains.append([seg])
        quotes: list[Quote] = []
        used: set[int] = set()
        previous: tuple[_Attribution, int] | None = None  # last attribution and where its quote ended
        for chain in chains:
            found: _Attribution | None = None
            for seg in chain:
                found = (
                    found
                    or self._cue_by_parse(doc, seg, resolver)
                    or self._cue_after(doc, seg, resolver)
                    or self._cue_before(doc, seg, resolver)
                )
            words = sum(1 for seg in chain for t in seg.tokens or () if t.is_alpha)
            if found is None:
                first = chain[0]
                if (
                    previous is not None
                    and words >= _MIN_CUELESS_WORDS
                    and _opens_sentence(doc, first)
                    and _near(doc.text, previous[1], first.start)
                ):
                    # “…,” the statement read. “…”: the speaker goes on
                    found = _Attribution(previous[0].speaker, previous[0].speaker_text, None, previous[0].via)
                else:
                    continue
            used |= found.cue_tokens
            for seg in chain:
                start, end = seg.content
                if end <= start:
                    continue
                quotes.append(
                    Quote(
                        speaker=found.speaker,
                        speaker_text=found.speaker_text,
                        cue=found.cue,
                        kind="direct",
                        text=doc.text[start:end],
                        start=start,
                        end=end,
                        via=found.via,
                        sentence=_sentence_of(doc, seg.tokens, found.cue_span),
                    )
                )
            previous = (found, chain[-1].end)
        return quotes, used

    def _cue_by_parse(self, doc: Doc, seg: _Segment, resolver: ReferenceResolver) -> _Attribution | None:
        """The parser hangs the quoted clause on its cue: "“…,” Mujahid, spokesman of …, said"."""
        if seg.tokens is None:
            return None
        lo, hi = seg.tokens.start, seg.tokens.end
        words = sum(1 for t in seg.tokens if t.is_alpha)
        for tok in seg.tokens:
            head = tok.head
            # a quoted object is a quote only when it is more than a term ("announced a “new era”")
            if tok.dep_ == "dobj" and words < _MIN_CUELESS_WORDS:
                continue
            if (
                tok.dep_ in ("ccomp", "parataxis", "dobj")
                and not lo <= head.i < hi
                and self.lex.base(head.text) is not None
                and head.sent == tok.sent
            ):
                found = self._attribution_at(doc, head, resolver, seg)
                if found is not None:
                    return found
        return None

    def _cue_after(self, doc: Doc, seg: _Segment, resolver: ReferenceResolver) -> _Attribution | None:
        """ "“…,” said Tasmagambetov." / "“…,” the statement read." / "“…?” he asks." """
        if seg.tokens is None or seg.open_end:
            return None
        i, limit = seg.tokens.end, min(len(doc), seg.tokens.end + _AFTER_WINDOW)
        while i < limit:
            tok = doc[i]
            if tok.text in _TERMINATORS or tok.text in _CLOSER or "\n" in tok.text or tok.is_space:
                break
            found = self._attribution_at(doc, tok, resolver, seg)
            if found is not None:
                return found
            if "\n" in tok.whitespace_:
                break
            i += 1
        return None

    def _cue_before(self, doc: Doc, seg: _Segment, resolver: ReferenceResolver) -> _Attribution | None:
        """ "He says: “…”" / "Tasmagambetov said, “…”" / "…, according to X: “…”" """
        if seg.tokens is None or seg.tokens.start == 0:
            return None
        j = seg.tokens.start - 1
        last = doc[j]
        # a quote introduced in mid-sentence must be introduced as one: a colon, a comma, or the
        # cue itself right before the mark ("said “…”"); "so-called “peace plan”" is not
        if last.text not in (":", ","):
            # 'said “…”': only a clause verb right before the mark, and not "so-called"
            hyphened = j > 0 and doc[j - 1].text == "-"
            base = self.lex.base(last.text)
            if base is None or base not in self.lex.clause or hyphened:
                return None
            return self._attribution_at(doc, last, resolver, seg)
        lo = max(0, seg.tokens.start - _BEFORE_WINDOW)
        k = j
        while k > lo:
            prev = doc[k - 1]
            if prev.text in _TERMINATORS or prev.text in _QUOTE_MARKS or "\n" in prev.whitespace_:
                break
            k -= 1
        for tok in reversed(doc[k : j + 1]):
            found = self._attribution_at(doc, tok, resolver, seg)
            if found is not None:
                return found
        return None

    def _attribution_at(
        self, doc: Doc, tok: Token, resolver: ReferenceResolver, seg: _Segment
    ) -> _Attribution | None:
        """The speaker of a quote if ``tok`` is its cue: a reporting verb with a subject outside
        the quote, a document verb with a document as subject, or "according to X"."""
        assert seg.tokens is not None
        inside = range(seg.tokens.start, seg.tokens.end)
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            to = doc[tok.i + 1]
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if pobj is None or pobj.i in inside:
                return None
            return self._attribution(doc, tok, doc[tok.i : tok.i + 2].text, pobj, resolver, {tok.i, to.i})
        base = self.lex.base(tok.text)
        if base is None:
            return None
        subject = _subject_of(tok)
        if subject is None or subject.i in inside:
            # "“…,” said Tasmagambetov": the parser may leave the inverted subject unattached
            subject = _inverted_subject(doc, tok, inside)
        if subject is None or subject.i in inside:
            return None
        document = subject.lower_ in resolver.lex.statement_nouns
        if base == "read" and not document:
            return None  # "read" cues a quote only as "the statement read"
        return self._attribution(doc, tok, self._cue_text(doc, tok, base), subject, resolver, {tok.i})

    def _attribution(
        self,
        doc: Doc,
        cue: Token,
        cue_text: str,
        subject: Token,
        resolver: ReferenceResolver,
        cue_tokens: set[int],
    ) -> _Attribution:
        phrase = _phrase(doc, subject)
        ids = resolver.resolve(phrase)
        lo = min(cue.i, phrase.start)
        hi = max(cue.i + 1, phrase.end)
        return _Attribution(
            speaker=ids[0] if ids else None,
            speaker_text=phrase.text,
            cue=cue_text,
            via=self._via(doc, cue, resolver),
            cue_tokens=cue_tokens,
            cue_span=(doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)),
        )

    # -- indirect -----------------------------------------------------------------------------

    def _indirect(
        self,
        doc: Doc,
        resolver: ReferenceResolver,
        used: set[int],
        quoted: list[tuple[int, int]],
        marked: list[tuple[int, int]],
    ) -> list[Quote]:
        quotes: list[Quote] = []
        marked_starts = [s for s, _e in marked]
        for tok in doc:
            if tok.i in used or _in_ranges(tok.idx, marked, marked_starts):
                continue
            if tok.lower_ == "according":
                found = self._according(doc, tok, resolver)
            else:
                base = self.lex.base(tok.text)
                found = self._reported(doc, tok, base, resolver) if base else None
            if found is None:
                continue
            content, attribution = found
            start, end = content
            if end <= start or _covered(start, end, quoted):
                continue
            quotes.append(
                Quote(
                    speaker=attribution.speaker,
                    speaker_text=attribution.speaker_text,
                    cue=attribution.cue,
                    kind="indirect",
                    text=doc.text[start:end],
                    start=start,
                    end=end,
                    via=attribution.via,
                    sentence=_char_sentence(doc, tok),
                )
            )
        return quotes

    def _reported(
        self, doc: Doc, verb: Token, base: str, resolver: ReferenceResolver
    ) -> tuple[tuple[int, int], _Attribution] | None:
        if verb.dep_ in ("amod", "compound", "nsubj", "dobj", "pobj", "nsubjpass"):
            return None  # "the said agreement", "a report": a noun, not a cue
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
            return None  # "it was announced": no speaker in the clause
        content = self._content(doc, verb, base)
        if content is None:
            return None
        subject = _subject_of(verb)
        if subject is None:
            return None
        attribution = self._attribution(
            doc, verb, self._cue_text(doc, verb, base), subject, resolver, {verb.i}
        )
        return content, attribution

    def _content(self, doc: Doc, verb: Token, base: str) -> tuple[int, int] | None:
        children = list(verb.children)
        if base in self.lex.clause:
            clause = next((c for c in children if c.dep_ == "ccomp"), None)
            if clause is not None:
                return _trimmed(doc, clause.left_edge.i, clause.right_edge.i + 1)
        if base in self.lex.infinitive:
            xcomp = next((c for c in children if c.dep_ == "xcomp"), None)
            target = next((c for c in children if c.dep_ in ("dobj", "dative")), None)
            particles = self.lex.particles.get(base, frozenset())
            if target is None and particles:
                prep = next((c for c in children if c.dep_ == "prep" and c.lower_ in particles), None)
                target = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
            if xcomp is None and target is not None:
                # "called on X to do": the parser hangs the infinitive on X
                xcomp = next(
                    (c for c in target.children if c.dep_ in ("acl", "relcl", "xcomp") and _has_to(c)), None
                )
            if xcomp is not None and _has_to(xcomp):
                start = target.left_edge.i if target is not None and target.i < xcomp.i else xcomp.left_edge.i
                return _trimmed(doc, start, xcomp.right_edge.i + 1)
            if base in self.lex.particles and target is not None and base not in self.lex.object:
                return None
        if base in self.lex.object:
            obj = next((c for c in children if c.dep_ == "dobj"), None)
            if obj is None and base in self.lex.particles:
                # "called for restraint", "pointed out the risks"
                prep = next(
                    (c for c in children if c.dep_ == "prep" and c.lower_ in self.lex.particles[base]), None
                )
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
            if obj is not None and obj.right_edge.i - obj.left_edge.i >= 1 and obj.lower_ not in _PRONOUNS:
                return _trimmed(doc, obj.left_edge.i, obj.right_edge.i + 1)
        return None

    def _according(
        self, doc: Doc, tok: Token, resolver: ReferenceResolver
    ) -> tuple[tuple[int, int], _Attribution] | None:
        """ "According to X, the talks failed" / "The talks failed, according to X." """
        if tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
            return None
        to = doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        clause = tok.head
        if pobj is None or clause is tok:
            return None
        lo, hi = clause.left_edge.i, clause.right_edge.i + 1
        a_lo, a_hi = tok.left_edge.i, tok.right_edge.i + 1
        if a_lo <= lo and a_hi >= hi:
            return None
        # the clause minus the attribution phrase: the longer side of it
        before, after = (lo, a_lo), (a_hi, hi)
        start, end = after if after[1] - after[0] >= before[1] - before[0] else before
        content = _trimmed(doc, start, end)
        if content is None:
            return None
        attribution = self._attribution(doc, tok, "according to", pobj, resolver, {tok.i, to.i})
        return content, attribution

    # -- cue and via --------------------------------------------------------------------------

    def _cue_text(self, doc: Doc, verb: Token, base: str) -> str:
        particles = self.lex.particles.get(base)
        if particles:
            for child in verb.children:
                if child.dep_ in ("prep", "prt") and child.lower_ in particles and child.i == verb.i + 1:
                    return f"{verb.text} {child.text}"
        return verb.text

    def _via(self, doc: Doc, verb: Token, resolver: ReferenceResolver) -> str | None:
        """The outlet the words were given to: "told Amu TV", "said in an interview with Amu TV",
        "speaking to Amu TV"."""
        candidates: list[Token] = []
        for child in verb.children:
            if child.dep_ in ("dobj", "dative"):
                candidates.append(child)
            elif child.dep_ == "prep" and child.lower_ in ("to", "in", "with"):
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    candidates.append(pobj)
                    for prep in (c for c in pobj.children if c.dep_ == "prep" and c.lower_ in ("with", "to")):
                        candidates.extend(c for c in prep.children if c.dep_ == "pobj")
            elif child.dep_ == "advcl":  # "…, speaking to Amu TV"
                for prep in (c for c in child.children if c.dep_ == "prep" and c.lower_ in ("to", "with")):
                    candidates.extend(c for c in prep.children if c.dep_ == "pobj")
        for cand in candidates:
            for actor_id in resolver.actors_in(doc[cand.left_edge.i : cand.right_edge.i + 1]):
                actor = resolver.actors.get(actor_id)
                if actor is not None and actor.kind == "media":
                    return actor_id
        return None


# -- helpers ------------------------------------------------------------------------------------

_PRONOUNS = frozenset({"it", "this", "that", "them", "him", "her", "so", "these", "those", "one"})


def _quoted_segments(doc: Doc) -> Iterable[_Segment]:
    """Quoted runs, paragraph by paragraph; an unclosed quote runs to its paragraph's end."""
    text = doc.text
    previous_open = False
    for para in re.finditer(r"[^\n]+", text):
        p_start, p_end = para.span()
        i = p_start
        first = True
        while i < p_end:
            mark = text[i]
            if mark not in _CLOSER:
                i += 1
                continue
            at_start = first and not text[p_start:i].strip()
            j = text.find(_CLOSER[mark], i + 1, p_end)
            seg = _Segment(start=i, end=p_end if j == -1 else j + 1, open_end=j == -1)
            seg.continues = at_start and previous_open
            _fill(doc, seg)
            yield seg
            first = False
            if j == -1:
                break
            i = j + 1
        previous_open = bool(text[p_start:p_end].strip()) and _ends_open(text, p_start, p_end)


def _ends_open(text: str, p_start: int, p_end: int) -> bool:
    """Does this paragraph end inside a quote (an opening mark never closed)?"""
    i = p_start
    while i < p_end:
        mark = text[i]
        if mark in _CLOSER:
            j = text.find(_CLOSER[mark], i + 1, p_end)
            if j == -1:
                return True
            i = j + 1
        else:
            i += 1
    return False


def _fill(doc: Doc, seg: _Segment) -> None:
    text = doc.text
    start, end = seg.start + 1, seg.end if seg.open_end else seg.end - 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    seg.content = (start, end)
    seg.tokens = doc.char_span(seg.start, seg.end, alignment_mode="expand")


def _opens_sentence(doc: Doc, seg: _Segment) -> bool:
    """Nothing but space or a sentence end between the previous sentence and the mark."""
    text = doc.text
    k = seg.start - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    return k < 0 or text[k] in '.!?\n”»"' or text[k] == ":"


def _near(text: str, end: int, start: int) -> bool:
    """A quote continues the previous speaker only right after it (same or next paragraph)."""
    between = text[end:start]
    return len(between) < 400 and between.count("\n") <= 1 and not re.search(r"[“«\"]", between)


def _subject_of(verb: Token) -> Token | None:
    tok = verb
    for _ in range(3):
        subject = next((c for c in tok.children if c.dep_ in _SUBJECT_DEPS), None)
        if subject is not None:
            return subject
        # "…, saying that …", "stood up and said": the subject of the clause it hangs from
        if tok.dep_ in ("conj", "advcl", "xcomp", "acl") and tok.head is not tok:
            tok = tok.head
        else:
            break
    return None


def _inverted_subject(doc: Doc, verb: Token, inside: range) -> Token | None:
    """ "said Tasmagambetov": the words right after the verb, up to punctuation."""
    i = verb.i + 1
    j = i
    while j < len(doc) and j - i < 8 and not doc[j].is_punct and "\n" not in doc[j].text:
        j += 1
    if j == i or i in inside:
        return None
    return doc[i:j].root


def _phrase(doc: Doc, head: Token) -> Span:
    """The words naming a speaker: the head's phrase, cut before an apposition or a clause."""
    lo, hi = head.left_edge.i, head.right_edge.i + 1
    for i in range(head.i + 1, hi):
        if doc[i].text in (",", "(", "—", "–") or doc[i].text in _QUOTE_MARKS or doc[i].dep_ == "relcl":
            hi = i
            break
    for i in range(head.i - 1, lo - 1, -1):
        if doc[i].text in (",", "”", "“", '"', "(", ")"):
            lo = i + 1
            break
    return doc[lo:hi]


def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Char offsets of tokens [start, end) without edge punctuation (quote marks stay when
    they close the clause, so that a quoted ending keeps its words)."""
    while start < end and (doc[start].text in _STRIP_EDGE or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].text in _STRIP_EDGE or doc[end - 1].is_space):
        end -= 1
    if end - start < 2:
        return None
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _has_to(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _in_ranges(pos: int, ranges: list[tuple[int, int]], starts: list[int]) -> bool:
    """Is ``pos`` strictly inside one of the sorted, disjoint ranges?"""
    i = bisect_left(starts, pos) - 1
    return i >= 0 and ranges[i][0] < pos < ranges[i][1]


def _covered(start: int, end: int, quoted: list[tuple[int, int]]) -> bool:
    """Is more than half of [start, end) a direct quote already found?"""
    return sum(_overlap(start, end, s, e) for s, e in quoted) > 0.5 * (end - start)


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _char_sentence(doc: Doc, tok: Token) -> CharSpan:
    sent = tok.sent
    return CharSpan(sent.start_char, sent.end_char)


def _sentence_of(doc: Doc, tokens: Span | None, cue: tuple[int, int] | None) -> CharSpan | None:
    if tokens is None:
        return None
    start, end = tokens[0].sent.start_char, tokens[-1].sent.end_char
    if cue is not None:
        start, end = min(start, cue[0]), max(end, cue[1])
        first = doc.char_span(start, start + 1, alignment_mode="expand")
        last = doc.char_span(end - 1, end, alignment_mode="expand")
        if first is not None and last is not None:
            start, end = min(start, first[0].sent.start_char), max(end, last[-1].sent.end_char)
    return CharSpan(start, end)
