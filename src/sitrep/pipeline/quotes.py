"""Quotes and their speakers: ``QuoteExtractor`` turns a processed Doc into ``Quote`` records.

Reads: the Doc's dependency parse and sentences (no part-of-speech tags: the tagger is off, so
reporting verbs are matched on their inflected forms, ``registry/lexicons/reporting_verbs.yaml``),
the record's actors and mentions. Writes: ``Quote`` records; the registry actors that speaker
resolution had to add (a body's organ, "CSTO foreign ministers") are returned with them.

A cascade, each stage seeing what the one before could not:

1. direct quotes: transcript turns ("PENCE: …", also when each turn opens with a quote mark;
   a capitalised label on several lines is a speaker even if the text never names them in
   full; a turn left open goes on in the next paragraphs that open with a mark and no label);
   text between “ ”, « » or straight quotes (a straight mark closed by a curly one too); a
   paragraph whose quote is left open continues in the next paragraph that opens with a mark;
   a paragraph that ends on its cue and a colon ("Limbaugh added:") introduces the next one,
   set without marks, as a block quotation. The cue is looked for right
   after the closing mark (“…,” said Tasmagambetov; “…,” the statement read), unless a full
   stop ends the quote (“… change.” She adds, “…”: the next sentence's cue), and then right
   before the opening one (He says: “…”). A quote with no cue of its own that opens a sentence
   continues the speaker of the quote just before it (“…,” the statement read. “…”), also past
   a quoted title between them (“…,” he said on “Fox and Friends.” “…”), and so does a second
   quotation that the parser hangs on the first one's cue as a conjunct after its "and", with no
   verb of its own (“…,” Mosko wrote in an email, and “full of s---.”). Short
   quoted phrases without a cue are scare quotes or titles (so-called “peace plan”), not
   quotes of anyone, and so is anything quoted in mid-sentence without a cue, or a few words
   quoted inside a clause that goes on past the marks ('specified “Christian” as their
   religion', 'called for compensation to be “clawed back” for …': the clause is the content).
2. indirect speech: a reporting verb with a content clause ("said that …", "warned the talks
   would fail"), with an object and a to-infinitive ("urged the international community to
   increase aid", "called on X to …"), or with an object that is the statement itself
   ("underscored the importance of dialogue"); "according to X" attributes its clause to X. As
   PolNeAR annotates attribution, stances, intentions and beliefs count too: a stance verb's
   object ("endorsed Clinton", "described Clinton as …"), an intention's infinitive ("agreed to
   clean up the mines"), a belief's clause ("knows that …"), and a noun cue's object or clause
   ("questions about …", "her decision to …"; its holder is the possessor or the subject of the
   verb it is the object of). A clause that is a direct quote already found is not repeated.
   Inside reported speech only speech is a second attribution ("Merrill says Machado promised to
   …"); a belief or stance there is part of what was said ("Clinton said she thinks …"). Cues
   coordinated under one subject give one attribution each ("said he would … and warned against
   …"), and content that the parser cut at a false sentence break or before a modifier it hung
   on the verb is taken whole (a second clause hung on the cue right after the first: "said
   Trump has “enormous respect” for the military and his comment | was instead …"; infinitives
   coordinated with the first: "wants to triple …, grow … and create …"; what describes a
   stance's object, not when or where it was taken: "cited his endorsements from 88 generals",
   "attacked Machado | in tweets"). Content the parser ended inside a quotation it opened runs
   on to the closing mark and a clause hung on the cue right after it ('said there remains a
   "significant difference …," when it comes to …'). Clauses the parser did not hang on their
   cue as one are still read as content ("called for | the fines to be paid back", with the
   particle as the clause's conjunction or before it; "told a meeting of leaders that …", "said
   after the convention he would …": the time phrase is the saying's). A passive cue with its
   agent reports the subject ("was first reported by The Post", "is supported by few papers").
   Content closed by a cue of speech ("…, Mr. Van Voorhis said.") that opens its sentence takes
   the sentences before it in the paragraph back to one with a cue, a quote mark or the
   speaker's name (the writer's introduction of the speaker); content that stops at a colon
   goes on through what the colon introduces in its sentence ("notes that three things are
   happening at once: home values are rising, …"), unless that has a cue or quote of its own.
   An object or infinitive goes on through a second part after "and" or "then" that the parser
   hung on the cue or a verb above it, when that part is of the same kind, without a subject or
   auxiliary and no cue itself: a gerund after a gerund ("mentioned refinancing student loans
   and forcing universities to …"), a bare verb after an infinitive ("planned to revitalize …,
   then hand over …"), the same preposition again ("her years as secretary of State and as a
   senator"), a determiner's noun after an object ("emphasizing economic fairness, and a need
   to …").
   Content never reaches into
   another paragraph than its cue's, nor does a direct quote take a
   cue from another paragraph. It ends before the writer's aside: an apposition ("with NATO, the
   existing alliance that …"; not one on a common noun with a coordination in it, more likely
   the rest of a list: "called for tax fairness, the closure of loopholes … and for relief …"),
   a relative clause on a name ("… Hillary Clinton, who has not been charged"), a contrast (",
   although he …") or the speaker's next cue (", arguing that …"); a wh-word object ("what she
   calls a war") is no content. A word that is both ("reports", "charges") is a verb cue where
   the parser makes it a verb, else a noun cue, whose holder may be a name before it ("a Times
   report that …"). Cues in capitals are a section heading's, not an attribution.
3. speakers: the subject of the cue (or of the clause it hangs from: "…, saying that …",
   "responded … by saying …"; the noun a participle of speech describes: "footage of Trump
   saying, “…”"; or a name the parser folded into the phrase that opens the
   sentence: "In a meeting with the board of the Post Trump said …"),
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
from typing import Any, Literal

import yaml
from spacy.tokens import Doc, Span, Token

from sitrep.model import Actor, Mention, Quote
from sitrep.model import Span as CharSpan
from sitrep.pipeline.references import ReferenceResolver
from sitrep.registry import Registry

_CLOSER = {"“": "”", "«": "»", '"': '"', "„": "“"}
# the marks a quote opens and closes with; "''" and "``" are typewriter and newswire forms
_MARK = re.compile(r"''|``|[“”«»\"„]")
_OPENERS = frozenset({"“", "«", '"', "„", "''", "``"})
_CLOSERS = {
    # a straight mark closed by a curly one or the other way round: copy typed in two editors
    "“": frozenset({"”", '"'}),
    "«": frozenset({"»"}),
    '"': frozenset({'"', "”"}),
    "„": frozenset({"“", "”"}),
    "''": frozenset({"''"}),
    "``": frozenset({"''"}),
}
# a dash or colon after a bare name introduces what the name says ("Sonya Herridge ― “…”")
_LABEL_MARKS = frozenset({":", "—", "―", "–"})
# "WALLACE: Let’s start …", "Pat Caddell: Voters …": a capitalised label of up to four words
# opening a line, a colon, the words said
# opening; a transcript pasted as one quotation per turn opens each line with a mark
# ('"PENCE: Well, look, …'), which then belongs to the turn, not to a quote inside it
_LABEL_LINE = re.compile(
    r"(?m)^(?:\"|“|``)?([A-Z][\w.'’-]*(?:[ \t][A-Z][\w.'’-]*){0,3}):[ \t]+(\S[^\n]*?)\"?\s*$"
)
# a paragraph ending on a word and a colon, and the blank lines after it
_INTRODUCING = re.compile(r"(?<=\w):[ \t]*\n\s*")
_QUOTE_MARKS = frozenset("“”«»\"„‘’'")
_TERMINATORS = frozenset({".", "!", "?"})
_HONORIFICS = frozenset({"Mr", "Mrs", "Ms", "Dr", "Sen", "Rep", "Gov", "The", "A", "An"})
# a quoted phrase this short with no cue is a term, a title or a scare quote
_MIN_CUELESS_WORDS = 4
# how far a cue may sit from the quote it introduces, in tokens
_AFTER_WINDOW = 6
_BEFORE_WINDOW = 25
_SUBJECT_DEPS = ("nsubj",)
_WORD = re.compile(r"\w")
_STRIP_EDGE = frozenset({",", ";", ":", "—", "–", "-", "(", ")"})


@dataclass(frozen=True)
class ReportingLexicon:
    forms: dict[str, str]  # inflected form -> base
    clause: frozenset[str]
    object: frozenset[str]
    infinitive: frozenset[str]
    particles: dict[str, frozenset[str]]
    document_verbs: frozenset[str]
    stance: frozenset[str] = frozenset()
    nouns: dict[str, frozenset[str]] = field(default_factory=dict)  # form -> its particles
    speech: frozenset[str] = frozenset()  # acts of saying: attributions even inside another

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
    stance = frozenset(data.get("stance") or ())
    nouns: dict[str, frozenset[str]] = {}
    for noun, particles_of in (data.get("nouns") or {}).items():
        plural = noun[:-1] + "ies" if noun.endswith("y") else noun + ("es" if noun.endswith("s") else "s")
        for form in (noun, plural):
            nouns[form] = frozenset(particles_of or ())
    forms: dict[str, str] = {}
    explicit: dict[str, list[str]] = data.get("forms") or {}
    particles = {k: frozenset(v) for k, v in (data.get("particles") or {}).items()}
    for base in sorted(clause | obj | infinitive | document_verbs | stance | set(particles)):
        for form in [base, *(explicit.get(base) or _inflections(base))]:
            forms.setdefault(form.lower(), base)
    return ReportingLexicon(
        forms=forms,
        clause=clause,
        object=obj,
        infinitive=infinitive,
        particles=particles,
        document_verbs=document_verbs,
        stance=stance,
        nouns=nouns,
        speech=frozenset(data.get("speech") or ()),
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
    mark_lengths: tuple[int, int] = (1, 1)  # "''" and "``" are two characters


@dataclass
class _Attribution:
    speaker: str | None
    speaker_text: str | None
    cue: str | None
    via: str | None
    cue_tokens: set[int] = field(default_factory=set)
    cue_span: tuple[int, int] | None = None  # char span of the cue fragment, for the sentence

    def quote(
        self, text: str, start: int, end: int, kind: Literal["direct", "indirect"], sentence: CharSpan | None
    ) -> Quote:
        """The quote of ``text[start:end]`` this attribution gives its speaker, cue and outlet."""
        return Quote(
            speaker=self.speaker,
            speaker_text=self.speaker_text,
            cue=self.cue,
            kind=kind,
            text=text[start:end],
            start=start,
            end=end,
            via=self.via,
            sentence=sentence,
        )


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
        text = doc.text  # built from the tokens on every access: read it once
        segments = list(_quoted_segments(doc, text))
        labelled, consumed = self._labelled(doc, text, segments, resolver)
        if consumed:
            segments = [s for s in segments if s.start not in consumed]
        direct = (
            self._direct(doc, text, segments, resolver) + labelled + self._introduced(doc, text, resolver)
        )
        marked = [(s.start, s.end) for s in segments]
        indirect, embedded = self._indirect(doc, text, resolver, direct, marked)
        # a quoted phrase inside reported speech is part of that speech, not a quote of its own
        # ("Warren said a cashier who “steals a handful of $20s” is held accountable")
        direct = [q for q in direct if id(q) not in embedded]
        quotes = sorted(direct + indirect, key=lambda q: (q.start, q.end))
        return quotes, list(resolver.added)

    # -- direct -------------------------------------------------------------------------------

    def _direct(
        self, doc: Doc, text: str, segments: list[_Segment], resolver: ReferenceResolver
    ) -> list[Quote]:
        # chains: a quote left open at a paragraph end and the paragraphs that continue it
        chains: list[list[_Segment]] = []
        for seg in segments:
            if seg.continues and chains and chains[-1][-1].open_end:
                chains[-1].append(seg)
            else:
                chains.append([seg])
        quotes: list[Quote] = []
        previous: tuple[_Attribution, int] | None = None  # last attribution and where its quote ended
        titles: list[tuple[int, int]] = []  # quoted runs that are no one's words ("on “Fox and Friends.”")
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
            if found is None and previous is not None and _second_piece(doc, chain[0], previous[0]):
                found = previous[0]  # “…,” Mosko wrote in an email, and “…”: the same cue's
            if found is None:
                first = chain[0]
                if (
                    previous is not None
                    and words >= _MIN_CUELESS_WORDS
                    and _opens_sentence(text, first)
                    and _near(text, previous[1], first.start, titles)
                ):
                    # “…,” the statement read. “…”: the speaker goes on
                    found = _Attribution(previous[0].speaker, previous[0].speaker_text, None, previous[0].via)
                else:
                    titles.extend((seg.start, seg.end) for seg in chain)
                    continue
            for seg in chain:
                start, end = seg.content
                if end <= start:
                    continue
                quotes.append(
                    found.quote(text, start, end, "direct", _sentence_of(doc, seg.tokens, found.cue_span))
                )
            previous = (found, chain[-1].end)
        return quotes

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
            if words < _MIN_CUELESS_WORDS and _runs_past(tok, lo, hi):
                continue  # "called for compensation to be “clawed back” for …": words in a clause
            if (
                tok.dep_ in ("ccomp", "parataxis", "dobj")
                and not lo <= head.i < hi
                and self.lex.base(head.text) is not None
                and head.sent == tok.sent
                and not _paragraph_between(doc, tok, head)
            ):
                found = self._attribution_at(doc, head, resolver, seg)
                if found is not None:
                    return found
        return None

    def _cue_after(self, doc: Doc, seg: _Segment, resolver: ReferenceResolver) -> _Attribution | None:
        """ "“…,” said Tasmagambetov." / "“…,” the statement read." / "“…?” he asks." """
        if seg.tokens is None or seg.open_end or _ends_sentence(doc.text, seg):
            return None
        i, limit = seg.tokens.end, min(len(doc), seg.tokens.end + _AFTER_WINDOW)
        while i < limit:
            tok = doc[i]
            if tok.text in _TERMINATORS or tok.text in _CLOSER or "\n" in tok.text or tok.is_space:
                break
            found = self._attribution_at(doc, tok, resolver, seg)
            if found is not None and self._adjacent(doc, seg.tokens.end, tok):
                return found
            if "\n" in tok.whitespace_:
                break
            i += 1
        return None

    @staticmethod
    def _adjacent(doc: Doc, start: int, cue: Token) -> bool:
        """Only the cue's subject, adverbs and punctuation between the mark and the cue: "“…,”
        Warren said" is a cue for the quote, "“…” is held accountable, Warren said" is not."""
        subject = _subject_of(cue)
        inside = range(subject.left_edge.i, subject.right_edge.i + 1) if subject is not None else range(0)
        return all(
            t.i in inside or t.is_punct or t.dep_ in ("advmod", "aux", "neg") for t in doc[start : cue.i]
        )

    def _cue_before(self, doc: Doc, seg: _Segment, resolver: ReferenceResolver) -> _Attribution | None:
        """ "He says: “…”" / "Tasmagambetov said, “…”" / "…, according to X: “…”" """
        if seg.tokens is None or seg.tokens.start == 0:
            return None
        j = seg.tokens.start - 1
        last = doc[j]
        if last.text in _LABEL_MARKS:
            labelled = self._label_before(doc, j, resolver)
            if labelled is not None:
                return labelled
        # a quote introduced in mid-sentence must be introduced as one: a colon, a comma, or the
        # cue itself right before the mark ("said “…”"); "so-called “peace plan”" is not
        if last.text not in (":", ","):
            # 'said “…”': only a clause verb right before the mark, and not "so-called"
            hyphened = j > 0 and doc[j - 1].text == "-"
            base = self.lex.base(last.text)
            if base is None or base not in self.lex.clause or hyphened:
                return None
            nxt = doc[seg.tokens.end] if seg.tokens.end < len(doc) else None
            words = sum(1 for t in seg.tokens if t.is_alpha)
            if nxt is not None and words < _MIN_CUELESS_WORDS and nxt.is_alpha and nxt.sent == last.sent:
                return None  # 'specified “Christian” as their religion': a word of the content
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

    def _label_before(self, doc: Doc, mark: int, resolver: ReferenceResolver) -> _Attribution | None:
        """ "Sonya Herridge ― “…”", "Pence: “…”": a name alone before a dash or colon, opening its
        line, is the speaker of what follows."""
        k = mark
        while k > 0 and mark - k < 6 and "\n" not in doc[k - 1].whitespace_ and not doc[k - 1].is_space:
            k -= 1
        if k == mark or (k > 0 and "\n" not in doc[k - 1].whitespace_ and not doc[k - 1].is_space):
            return None
        label = doc[k:mark]
        ids = self._label_speaker(label, resolver)
        if not ids:
            return None
        return _Attribution(
            speaker=ids[0],
            speaker_text=label.text,
            cue=doc[mark].text,
            via=None,
            cue_span=(label.start_char, doc[mark].idx + len(doc[mark].text)),
        )

    @staticmethod
    def _label_speaker(label: Span, resolver: ReferenceResolver) -> list[str]:
        """A speaker label: one named person or body, or a capitalised surname of one
        ("WALLACE" in a transcript after "Chris Wallace")."""
        if not all(t.text[:1].isupper() or t.is_punct for t in label) or not any(t.is_alpha for t in label):
            return []
        ids = resolver.actors_in(label)
        if len(ids) == 1 and len(label) <= 5:
            return ids
        if ids:
            return []
        last = label[-1].text.casefold()
        owners = [
            a.id
            for a in resolver.actors.values()
            if a.kind == "person" and a.name.split()[-1].casefold() == last
        ]
        return owners if len(owners) == 1 else []

    def _labelled(
        self, doc: Doc, text: str, segments: list[_Segment], resolver: ReferenceResolver
    ) -> tuple[list[Quote], set[int]]:
        """Transcripts and headlines: "WALLACE: Let’s start with …", "Pat Caddell: Voters …".

        A line that opens with a speaker label and a colon, and holds no quote marks of its
        own, is a quote of the speaker the label names. A line opened by a mark before its label
        ('"PENCE: Well, …' in a transcript quoted turn by turn) is one too, and the quoted run
        that mark opens is the turn itself: its start is returned so that it is not read again.
        """
        quotes: list[Quote] = []
        consumed: set[int] = set()
        starts = [s.start for s in segments]
        lines = list(_LABEL_LINE.finditer(text))
        turn_starts = {line.start() for line in lines}
        # a capitalised label that opens several lines is a transcript's speaker even when the
        # text never names them in full ("WALLACE:" for a host introduced only in the show)
        turns: dict[str, int] = {}
        for line in lines:
            if line.group(1).isupper() and len(line.group(1)) >= 3:
                turns[line.group(1)] = turns.get(line.group(1), 0) + 1
        for line in lines:
            colon = line.end(1)
            i = bisect_left(starts, line.start())
            opener = line.start(1) > line.start()
            if opener:
                # the mark before the label opens a run that covers the turn, and no other run
                if i >= len(segments) or segments[i].start != line.start():
                    continue
                if i + 1 < len(segments) and segments[i + 1].start < line.end() and not segments[i].open_end:
                    continue
            elif i < len(segments) and segments[i].start < line.end():
                continue
            label = doc.char_span(line.start(1), line.end(1), alignment_mode="contract")
            if label is None:
                continue
            ids: list[str | None] = list(self._label_speaker(label, resolver))
            if not ids and turns.get(line.group(1), 0) >= 2:
                ids = [None]
            if not ids:
                continue
            spans = [(line.start(2), line.end(2))]
            if opener:
                consumed.add(line.start())
                # a turn left open goes on in the paragraphs that open with a mark and no label
                k = i
                while (
                    k + 1 < len(segments)
                    and segments[k].open_end
                    and segments[k + 1].continues
                    and segments[k + 1].start not in turn_starts
                ):
                    k += 1
                    consumed.add(segments[k].start)
                    spans.append(segments[k].content)
            for start, end in spans:
                if end <= start:
                    continue
                tokens = doc.char_span(start, end, alignment_mode="expand")
                quotes.append(
                    Quote(
                        speaker=ids[0],
                        speaker_text=label.text,
                        cue=":",
                        kind="direct",
                        text=text[start:end],
                        start=start,
                        end=end,
                        sentence=_sentence_of(doc, tokens, (line.start(), colon + 1)),
                    )
                )
        return quotes, consumed

    def _introduced(self, doc: Doc, text: str, resolver: ReferenceResolver) -> list[Quote]:
        """A block quotation: a paragraph that ends on its cue and a colon ("Limbaugh added:")
        introduces the next paragraph, set without quote marks, as the speaker's words."""
        quotes: list[Quote] = []
        for colon in _INTRODUCING.finditer(text):
            start, end = colon.end(), text.find("\n", colon.end())
            end = len(text) if end < 0 else end
            while end > start and text[end - 1].isspace():
                end -= 1
            if end <= start or text[start] in _QUOTE_MARKS or _LABEL_LINE.match(text, start):
                continue
            cue = doc.char_span(colon.start() - 1, colon.start(), alignment_mode="expand")
            if cue is None or self.lex.base(cue[-1].text) not in self.lex.speech:
                continue
            verb = cue[-1]
            subject = _subject_of(verb)
            if subject is None or subject.i > verb.i:
                continue
            found = self._attribution(doc, verb, verb.text, subject, resolver, {verb.i})
            tokens = doc.char_span(start, end, alignment_mode="expand")
            quotes.append(found.quote(text, start, end, "direct", _sentence_of(doc, tokens, found.cue_span)))
        return quotes

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
        if subject is not None and subject.i > tok.i and _in_title(doc, tok.i, subject.i):
            # "“…,” Flynn, a top surrogate, said on “Fox and Friends.”": a title after the cue,
            # which the parser took for its subject; the name right after the quote says it
            subject = _name_after(doc, seg.tokens.end, tok.i)
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
        text: str,
        resolver: ReferenceResolver,
        direct: list[Quote],
        marked: list[tuple[int, int]],
    ) -> tuple[list[Quote], set[int]]:
        """Reported speech, and the direct quotes (by ``id``) that turn out to lie inside it."""
        quotes: list[Quote] = []
        embedded: set[int] = set()
        marked_starts = [s for s, _e in marked]
        by_start = sorted(direct, key=lambda q: q.start)
        direct_starts = [q.start for q in by_start]
        found_at: list[tuple[Quote, Token, list[Quote]]] = []
        for tok in doc:
            if _in_ranges(tok.idx, marked, marked_starts):
                continue
            if len(tok.text) > 1 and tok.text.isupper():
                continue  # a cue in capitals is a section heading's ("EVEN HIS BOSS THINKS …")
            if tok.lower_ == "according":
                found = self._according(doc, tok, resolver)
            else:
                # "reports", "charges", "claims": a noun cue, unless the parse makes it a verb
                base = self.lex.base(tok.text)
                verbal = base is not None and tok.dep_ in _VERBAL_DEPS
                found = self._reported(doc, tok, base, resolver) if base is not None and verbal else None
                if found is None and tok.lower_ in self.lex.nouns:
                    found = self._nominal(doc, tok, resolver)
                if found is None and base is not None and not verbal:
                    found = self._reported(doc, tok, base, resolver)
            if found is None:
                continue
            content, attribution = found
            start, end = _within_paragraph(text, tok.idx, *_run_on(doc, *content))
            overlapping = _overlapping(by_start, direct_starts, start, end)
            if end <= start or _covered(start, end, overlapping):
                continue  # the clause is a direct quote already found ("“…,” he said")
            if end <= tok.idx and not overlapping and _is_speech(tok):
                start = self._uncued_run(doc, text, start, attribution)
            elif tok.idx < start:
                end = self._past_colon(doc, text, end)
            inner = _within(by_start, direct_starts, start, end)
            quote = attribution.quote(text, start, end, "indirect", _char_sentence(doc, tok))
            found_at.append((quote, tok, inner))
        kept = self._unnested(found_at)
        for quote, _tok, inner in found_at:
            if id(quote) in kept:
                quotes.append(quote)
                embedded.update(id(q) for q in inner)
        return quotes, embedded

    def _uncued_run(self, doc: Doc, text: str, start: int, attribution: _Attribution) -> int:
        """Where content closed by its cue ("…, Mr. Van Voorhis said.") begins: a run of
        sentences before it in the paragraph is part of what was said when none of them has a
        cue, a quote mark or the speaker's name of its own ("C2I's business is planting trees.
        The trees soak up carbon dioxide. An acre of trees can convert 156 tons of carbon, Mr.
        Van Voorhis said." is all his); the sentence that introduces the speaker is the writer's."""
        first = doc.char_span(start, start + 1, alignment_mode="expand")
        if first is None or first[0].sent.start != first.start:
            return start  # the content does not open its sentence: "Crops wither, he noted"
        names = {
            w.lower()
            for w in (attribution.speaker_text or "").split()
            if w[:1].isupper() and w.rstrip(".") not in _HONORIFICS
        }
        sent = first[0].sent
        while sent.start > 0:
            previous = doc[sent.start - 1].sent
            if _paragraph_between(doc, previous[-1], sent[0]) or not self._uncued(previous, names):
                break
            start, sent = previous.start_char, previous
        return start

    def _past_colon(self, doc: Doc, text: str, end: int) -> int:
        """Content that stops at a colon goes on through what the colon introduces, to the end
        of its sentence ("notes that three things are happening at once: home values are rising,
        rates are low …"; the parser makes the part after the colon the sentence's root), unless
        that part has a cue or a quotation of its own."""
        k = end
        while k < len(text) and text[k] in " \t”\"'’":
            k += 1
        if k >= len(text) or text[k] != ":":
            return end
        colon = doc.char_span(k, k + 1, alignment_mode="expand")
        if colon is None or colon[0].i + 1 >= len(doc):
            return end
        sent = colon[0].sent
        rest = doc[colon[0].i + 1 : sent.end]
        if not any(t.is_alpha for t in rest) or _paragraph_between(doc, colon[0], rest[-1]):
            return end
        if not self._uncued(rest, set()):
            return end
        last = len(rest)
        while last > 0 and (rest[last - 1].is_punct or rest[last - 1].is_space):
            last -= 1
        return rest[last - 1].idx + len(rest[last - 1].text)

    def _uncued(self, sent: Span, names: set[str]) -> bool:
        """A sentence with no cue, quote mark or speaker's name of its own."""
        for tok in sent:
            if tok.text in _QUOTE_MARKS or tok.text in _OPENERS:
                return False
            if tok.lower_ in names or tok.lower_ == "according":
                return False
            if tok.dep_ in _VERBAL_DEPS and self.lex.base(tok.text) is not None:
                return False
        return True

    def _unnested(self, found: list[tuple[Quote, Token, list[Quote]]]) -> set[int]:
        """The reported speech to keep (by ``id``) where one attribution lies inside another.

        PolNeAR annotates the outer attribution and, inside it, only what is itself speech:
        in "Clinton said she thinks America is strongest", "she thinks …" is what Clinton said,
        not a second attribution; in "Merrill says Machado promised to …" the promise is one.
        A stance noun that is the outer verb's object is the better reading of the two ("expressed
        concern that …": the concern and its clause, not the verb and its object)."""
        starts = sorted((q.start, i) for i, (q, _t, _n) in enumerate(found))
        keys = [s for s, _i in starts]
        dropped: set[int] = set()
        for i, (_quote, cue, _inner) in enumerate(found):
            # the attributions whose content holds this one's cue
            j = bisect_left(keys, cue.idx + 1)
            for _s, k in starts[:j]:
                outer, outer_cue, _ = found[k]
                if k == i or not outer.start <= cue.idx < outer.end:
                    continue
                if (
                    cue.head.i == outer_cue.i
                    and cue.lower_ in self.lex.nouns
                    and cue.dep_ not in _VERBAL_DEPS
                ):
                    dropped.add(k)
                elif self.lex.base(cue.text) not in self.lex.speech:
                    dropped.add(i)
        return {id(q) for i, (q, _t, _n) in enumerate(found) if i not in dropped}

    def _reported(
        self, doc: Doc, verb: Token, base: str, resolver: ReferenceResolver
    ) -> tuple[tuple[int, int], _Attribution] | None:
        if verb.dep_ in ("amod", "compound", "nsubj", "dobj", "pobj", "nsubjpass"):
            return None  # "the said agreement", "a report": a noun, not a cue
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
            # only what is said or stood for is reported in the passive ("was first reported by
            # The Post", "is supported by few papers"); "was heard by ten judges" is not
            if base not in self.lex.speech and (base not in self.lex.stance or base in _ACTS):
                return None
            return self._passive(doc, verb, resolver)
        content = self._content(doc, verb, base)
        if content is None:
            return None
        clause = base in self.lex.clause and any(c.dep_ == "ccomp" for c in verb.children)
        content = _aside_cut(doc, content, relative=not clause)
        if not clause:
            content = _coordinated_run(doc, verb, content, base in self.lex.infinitive)
        subject = _subject_of(verb)
        if subject is None:
            return None
        attribution = self._attribution(
            doc, verb, self._cue_text(doc, verb, base), subject, resolver, {verb.i}
        )
        return content, attribution

    def _passive(
        self, doc: Doc, verb: Token, resolver: ReferenceResolver
    ) -> tuple[tuple[int, int], _Attribution] | None:
        """ "The registration issue was first reported by The Washington Post", "Clinton has been
        endorsed by dozens of papers": the passive subject is what the agent said or holds. With
        no agent ("it was announced") nobody is named, and nothing is taken."""
        subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        speaker = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if subject is None or speaker is None or subject.i > verb.i:
            return None
        content = _trimmed(doc, subject.left_edge.i, subject.right_edge.i + 1, keep_one=True)
        if content is None:
            return None
        cue = doc[verb.i : agent.i + 1].text if agent is not None else verb.text
        return content, self._attribution(doc, verb, cue, speaker, resolver, {verb.i})

    def _content(self, doc: Doc, verb: Token, base: str) -> tuple[int, int] | None:
        children = list(verb.children)
        if base in self.lex.clause:
            clause = next((c for c in children if c.dep_ == "ccomp"), None) or _misparsed_clause(verb)
            if clause is not None:
                end = self._before_next_cue(doc, clause)
                if end == clause.right_edge.i + 1:
                    end = _past_quotation(verb, clause.left_edge.i, _clauses_end(verb, clause)) + 1
                return _trimmed(doc, _clause_start(verb, clause), end)
            if (
                verb.dep_ == "parataxis"
                and verb.head != verb
                and not any(c.dep_ in ("dobj", "xcomp") for c in children)
            ):
                # "Climate change, Mr. Obama often says, is the greatest threat": the clause the
                # cue interrupts, read whole, cue included
                head = verb.head
                return _trimmed(doc, head.left_edge.i, head.right_edge.i + 1)
        if base in self.lex.infinitive:
            xcomp = next((c for c in children if c.dep_ == "xcomp"), None)
            target = next((c for c in children if c.dep_ in ("dobj", "dative")), None)
            particles = self.lex.particles.get(base, frozenset())
            if target is None and particles:
                # the one asked, told or called on: "called on X to …", "appealed to X to …"
                addressee = particles.intersection(_ADDRESSEE)
                prep = next((c for c in children if c.dep_ == "prep" and c.lower_ in addressee), None)
                target = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
            if xcomp is None and target is not None:
                # "called on X to do": the parser hangs the infinitive on X
                xcomp = next(
                    (c for c in target.children if c.dep_ in ("acl", "relcl", "xcomp") and _has_to(c)), None
                )
            if xcomp is not None and _has_to(xcomp):
                start = target.left_edge.i if target is not None and target.i < xcomp.i else xcomp.left_edge.i
                return _trimmed(doc, start, _infinitives_end(verb, xcomp) + 1)
            if base in self.lex.particles and target is not None and base not in self.lex.object:
                return None
        if base in self.lex.particles:
            # "called for restraint", "complained about the mic", "accused X of lying": the
            # particle's object; "pointed out the risks": the verb's
            prep = next(
                (c for c in children if c.dep_ in ("prep", "prt") and c.lower_ in self.lex.particles[base]),
                None,
            )
            pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) if prep else None
            if pobj is not None and pobj.lower_ not in _PRONOUNS:
                end = _reach(verb, pobj.right_edge.i) + 1
                return _trimmed(doc, pobj.left_edge.i, _without_aside(doc, pobj.left_edge.i, end))
            if pobj is None:
                # "called for compensation to be clawed back": the parser hangs the clause that
                # is the particle's object on the verb, or makes the particle its conjunction
                bounds = _particle_clause(verb, prep, self.lex.particles[base])
                if bounds is not None:
                    return _trimmed(doc, bounds[0], bounds[1] + 1)
        if base in self.lex.object:
            obj = next((c for c in children if c.dep_ == "dobj"), None)
            called = [c for c in children if c.dep_ == "oprd" and c.i > verb.i]
            if obj is None and len(called) >= 2:
                obj = called[0]  # "called Trump a “pathological liar”": the parser's two oprd
            # a lone word is content only with what it is called ("called Oz a quack")
            if (
                obj is not None
                and (obj.right_edge.i > obj.left_edge.i or any(c.i > obj.i for c in called))
                and obj.lower_ not in _PRONOUNS
            ):
                # "called the charges unsubstantiated": the object and what it is called
                end = max([obj.right_edge.i] + [c.right_edge.i for c in children if c.dep_ == "oprd"])
                end = _reach(verb, end) + 1
                return _trimmed(doc, obj.left_edge.i, _without_aside(doc, obj.left_edge.i, end))
        if base in self.lex.stance:
            # "endorsed Hillary Clinton", "cited her years as secretary of State": the position
            # taken is the object; a lone word only when it names someone ("backed Clinton")
            obj = next((c for c in children if c.dep_ == "dobj"), None)
            named = obj is not None and (obj.right_edge.i > obj.left_edge.i or obj.text[:1].isupper())
            if obj is not None and named and obj.lower_ not in _PRONOUNS:
                # with what the object is called or held for: "described Clinton as “a
                # lifetime politician”", "attacked Clinton for her support of …"
                end = max(
                    [obj.right_edge.i]
                    + [
                        c.right_edge.i
                        for c in children
                        if c.i > obj.i
                        and (c.dep_ in ("oprd", "ccomp") or (c.dep_ == "prep" and c.lower_ in _AS_FOR))
                    ]
                )
                # what the parser hung on the verb that still describes the object ("cited his
                # endorsements | from 88 generals"), not when or where the stance was taken
                end = _without_aside(doc, obj.left_edge.i, _reach(verb, end, _SETTING) + 1)
                return _trimmed(doc, obj.left_edge.i, end, keep_one=True)
        return None

    def _before_next_cue(self, doc: Doc, clause: Token) -> int:
        """The end of a content clause, before a second cue coordinated into it: "said he would
        order a review and warned against hackers" is two attributions, and the parser hangs
        "warned" on "order". The second cue has no subject of its own."""
        end = clause.right_edge.i + 1
        lex = self.lex
        for tok in doc[clause.i + 1 : end]:
            if tok.dep_ != "conj" or tok.head.dep_ not in _CLAUSE_DEPS:
                continue
            base = lex.base(tok.text)
            if base is None or base not in lex.clause | lex.object | lex.infinitive | lex.stance:
                continue
            deps = {c.dep_ for c in tok.children}
            cc = next((c for c in tok.head.children if c.dep_ == "cc" and c.i < tok.i), None)
            # a verb of its own (with an object or a clause, no subject): "… and warned against"
            if deps & _SUBJECT_DEPS_SET or not deps & _VERB_DEPS or (cc is not None and cc.lower_ != "and"):
                continue
            cut = tok.left_edge.i
            while cut > clause.i and (doc[cut - 1].dep_ == "cc" or doc[cut - 1].is_punct):
                cut -= 1
            return cut
        return end

    def _nominal(
        self, doc: Doc, noun: Token, resolver: ReferenceResolver
    ) -> tuple[tuple[int, int], _Attribution] | None:
        """A noun that reports a stance: "questions about his microphone", "her decision to meet
        with Bill Clinton", "claims that the vote was rigged". The content is the particle's
        object or the clause the noun takes; the speaker is the noun's possessor ("editorial
        boards’ disdain for …"), else the subject of the verb that has the noun as its object
        ("Trump is raising questions about …"), else nobody named."""
        particles = self.lex.nouns[noun.lower_]
        content: tuple[int, int] | None = None
        for child in noun.children:
            if child.i < noun.i:
                continue
            if child.dep_ == "prep" and child.lower_ in particles:
                pobj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
                if pobj is not None and pobj.lower_ not in _PRONOUNS:
                    end = pobj.right_edge.i
                    if noun.dep_ == "dobj" and end == noun.right_edge.i:
                        # "raising questions about his microphone problems during Monday's
                        # debate": what the parser hung on the verb still belongs to the object
                        end = _reach(noun.head, end)
                    content = _trimmed(doc, pobj.left_edge.i, end + 1, keep_one=True)
            elif child.dep_ in ("acl", "ccomp", "relcl") and (
                ("to" in particles and _has_to(child)) or ("that" in particles and _has_that(child))
            ):
                content = _trimmed(doc, child.left_edge.i, child.right_edge.i + 1)
            if content is not None:
                break
        if content is None:
            return None
        # the possessor, or a name before the noun ("Trump charges that …", "a Times report that …")
        holder = next((c for c in noun.children if c.dep_ == "poss"), None) or next(
            (c for c in noun.lefts if c.dep_ == "compound" and c.text[:1].isupper()), None
        )
        head = noun
        # "raising questions about …", "sounded a call for …", "with an interest in …"
        while holder is None and head.dep_ in _NOUN_PATH and head.head is not head:
            head = head.head
            if head.dep_ not in _NOUN_PATH:
                holder = _subject_of(head)
                break
        if holder is None:
            cue_span = (noun.idx, noun.idx + len(noun.text))
            return content, _Attribution(None, None, noun.text, None, {noun.i}, cue_span)
        return content, self._attribution(doc, noun, noun.text, holder, resolver, {noun.i})

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

_AS_FOR = ("as", "for")
_ADDRESSEE = ("on", "upon", "to")
_CLAUSE_DEPS = ("ccomp", "conj", "xcomp", "ROOT", "advcl")
# where the parser puts a verb: a word in one of these is read as a verb cue, not a noun cue
_VERBAL_DEPS = frozenset({"ROOT", "ccomp", "xcomp", "advcl", "relcl", "parataxis", "pcomp"})
_VERB_DEPS = frozenset({"dobj", "prep", "ccomp", "xcomp", "prt", "dative", "oprd"})
_SUBJECT_DEPS_SET = frozenset({"nsubj", "nsubjpass"})
_NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "conj", "dative"})
_NOUN_PATH = ("dobj", "pobj", "prep", "conj", "appos")
# "what she calls a war of words": a wh-word object is the writer's frame, not the content
_PRONOUNS = frozenset(
    {"it", "this", "that", "them", "him", "her", "so", "these", "those", "one", "what", "which", "whom"}
)
_SUBJECT_PRONOUNS = frozenset({"i", "we", "you", "he", "she", "they"})
# cues whose object is the one told, with the content clause after it ("told the leaders that …")
_TELL_VERBS = frozenset({"tell", "inform", "assure", "warn", "remind", "promise", "show", "convince"})


# stance verbs that, in the passive, are mostly deeds rather than positions ("defended by troops")
_ACTS = frozenset({"defend", "attack", "challenge", "promote"})


def _lex_base(verb: Token) -> str | None:
    return load_reporting_lexicon().base(verb.text)


_REACH = ("prep", "npadvmod", "oprd")
# prepositions that set a stance in time or place ("attacked Machado in tweets", "cited the
# figure at last week's forum") rather than say more about its object
_SETTING = frozenset({"in", "at", "on", "during", "since", "before", "until", "over", "amid", "throughout"})


def _reach(verb: Token, end: int, skip: frozenset[str] = frozenset()) -> int:
    """The last token of a verb's content that ends at ``end``, taking in the verb's later
    modifiers that the parser hung on the verb rather than on the object ("complained about
    his mic the morning after the debate", "cited remarks Trump had made about Machado")."""
    for child in verb.rights:
        if child.i <= end:
            continue
        if child.dep_ not in _REACH or child.left_edge.i != end + 1 or child.lower_ in skip:
            break
        if skip and child.dep_ == "npadvmod":
            break  # "supports Trump | this year": when, as the prepositions skipped
        end = child.right_edge.i
    return end


_INFLECTIONS = ("ed", "ing", "s")


def _infinitives_end(verb: Token, xcomp: Token) -> int:
    """The last token of an infinitive content with the infinitives coordinated with it, which
    the parser often hangs on the cue instead ("wants to triple the size of AmeriCorps, grow the
    Peace Corps and create …"). Such a verb has no subject and, unlike a second finite verb of
    the cue's subject ("agreed to meet and asked …"), not the cue's ending."""
    end = xcomp.right_edge.i
    doc = verb.doc
    suffix = next((s for s in _INFLECTIONS if verb.lower_.endswith(s)), None)
    for conj in verb.rights:
        if conj.i <= end or conj.dep_ != "conj":
            continue
        between = doc[end + 1 : conj.left_edge.i]
        if any(not (t.is_punct or t.dep_ in ("cc", "advmod")) or t.lower_ in ("but", "or") for t in between):
            break
        # a verb of its own: with a subject or an auxiliary ("but has said …"), or a cue itself
        if any(c.dep_ in _SUBJECT_DEPS_SET or c.dep_ == "aux" for c in conj.children) or not conj.is_lower:
            break
        if _lex_base(conj) is not None:
            break
        if suffix is not None and conj.lower_.endswith(suffix):
            break
        end = conj.right_edge.i
    return end


# what may stand between content and a second part coordinated with it: "…, and", "…, then"
_COORDINATORS = frozenset({"and", "then"})
_OWN_VERB_DEPS = frozenset({"nsubj", "nsubjpass", "aux", "auxpass", "expl"})
_DETERMINER_DEPS = frozenset({"det", "poss", "nummod"})


def _coordinated_run(doc: Doc, verb: Token, content: tuple[int, int], infinitive: bool) -> tuple[int, int]:
    """Content that goes on through a second part coordinated with it which the parser hung on
    the cue (or on a verb above it) rather than on the content: "has mentioned refinancing
    student loans and forcing universities to …", "planned to revitalize ticket sales, then
    hand over the property", "cited her years as secretary of State and as a senator",
    "emphasizing economic fairness, and a need to …". The second part is of the same kind as
    the first (a gerund after a gerund, a bare verb after an infinitive, the same preposition
    again, a noun phrase opened by a determiner after an object) and has no subject or
    auxiliary of its own, nor is it a cue itself."""
    start, end = content
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return content
    first, last = span[0], span[-1]
    j = last.i
    while j > first.i and (doc[j].text in (",", ";") or doc[j].lower_ in _COORDINATORS):
        j -= 1  # "refinancing student debts and": the parser gave the object the "and"
    j += 1
    coordinated = False
    while j < len(doc) and (doc[j].is_punct and doc[j].text in (",", ";") or doc[j].lower_ in _COORDINATORS):
        coordinated = coordinated or doc[j].lower_ in _COORDINATORS
        j += 1
    if not coordinated or j >= len(doc) or doc[j].sent != verb.sent:
        return content
    part = doc[j]
    while part.dep_ not in ("conj", "dep", "xcomp") and part.head != part and part.head.left_edge.i == j:
        part = part.head  # "a need": the part opened by its determiner
    above = part.head == verb or part.head.is_ancestor(verb)
    if (
        part.dep_ not in ("conj", "dep", "xcomp")
        or not above
        or not part.is_lower
        or _lex_base(part) is not None
    ):
        return content
    children = list(part.children)
    if any(c.dep_ in _OWN_VERB_DEPS for c in children) or part.left_edge.i != j:
        return content
    gerund = part.lower_.endswith("ing") and first.lower_.endswith("ing") and not verb.lower_.endswith("ing")
    bare = (
        infinitive
        and first.lower_ == "to"
        and not any(part.lower_.endswith(s) for s in _INFLECTIONS)
        and any(c.dep_ in ("dobj", "prt") for c in children)
    )
    preposition = any(t.dep_ == "prep" and t.lower_ == part.lower_ for t in span)
    nominal = (
        any(c.dep_ in _DETERMINER_DEPS and c.i < part.i for c in children)
        and not any(c.dep_ == "dobj" for c in children)
        and any(t.dep_ == "dobj" for t in span)
    )
    if not (gerund or bare or preposition or nominal):
        return content
    stop = part.right_edge
    while stop.i > part.i and (stop.is_punct or stop.is_space):
        stop = doc[stop.i - 1]
    return start, stop.idx + len(stop.text)


def _second_piece(doc: Doc, seg: _Segment, before: _Attribution) -> bool:
    """A quotation coordinated with the cue of the quotation before it ("“smart as hell,” Mosko
    wrote in an email, and “full of s---.”"): its words hang on that cue as a conjunct, right
    after an "and" of the cue, with no verb of their own to say it."""
    if seg.tokens is None or not before.cue_tokens:
        return False
    lo, hi = seg.tokens.start, seg.tokens.end
    j = lo - 1
    while j >= 0 and doc[j].text in _QUOTE_MARKS:
        j -= 1
    if j < 0 or doc[j].lower_ != "and" or doc[j].head.i not in before.cue_tokens:
        return False
    roots = [t for t in seg.tokens if not lo <= t.head.i < hi]
    return any(t.dep_ == "conj" and t.head.i in before.cue_tokens for t in roots) and not any(
        c.dep_ in _OWN_VERB_DEPS for t in roots for c in t.children
    )


def _within_paragraph(text: str, cue: int, start: int, end: int) -> tuple[int, int]:
    """Content cut to the paragraph of its cue: the parser sometimes runs a sentence on over a
    paragraph break (after a closing quote mark most often), but what a cue reports never
    reaches into another paragraph. Empty (end <= start) when nothing of it is left."""
    first = text.rfind("\n", 0, cue) + 1
    last = text.find("\n", cue)
    if last < 0:
        last = len(text)
    start, end = max(start, first), min(end, last)
    while start < end and (text[start].isspace() or text[start] in ",;:—–"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–"):
        end -= 1
    if not _WORD.search(text, start, end):
        return start, start  # only a quote mark or a dash was left
    return start, end


def _paragraph_between(doc: Doc, a: Token, b: Token) -> bool:
    lo, hi = min(a.i, b.i), max(a.i, b.i)
    return any("\n" in t.text or "\n" in t.whitespace_ for t in doc[lo:hi])


def _run_on(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Content cut short by a sentence boundary the parser put in mid-sentence ("Clinton cited
    disparaging remarks | Trump had made about Machado as …"): a sentence that ends on a word,
    with the next one on the same line, goes on into it."""
    last = doc.char_span(end - 1, end, alignment_mode="expand")
    if last is None:
        return start, end
    tok = last[-1]
    for _ in range(3):
        sent = tok.sent
        if (
            tok.i != sent.end - 1
            or not tok.text[-1:].isalnum()
            or "\n" in tok.whitespace_
            or sent.end >= len(doc)
            or not doc[sent.end].text[:1].isalnum()
        ):
            break
        following = doc[sent.end].sent
        k = following.end
        while k > following.start + 1 and (doc[k - 1].is_punct or doc[k - 1].is_space):
            k -= 1
        tok = doc[k - 1]
    return start, tok.idx + len(tok.text)


def _quoted_segments(doc: Doc, text: str) -> Iterable[_Segment]:
    """Quoted runs, paragraph by paragraph; an unclosed quote runs to its paragraph's end."""
    previous_open = False
    for para in re.finditer(r"[^\n]+", text):
        p_start, p_end = para.span()
        opened: re.Match[str] | None = None
        first = True
        for mark in _MARK.finditer(text, p_start, p_end):
            if opened is None:
                if mark.group() in _OPENERS:
                    opened = mark
                continue
            if mark.group() not in _CLOSERS[opened.group()]:
                continue
            seg = _Segment(
                start=opened.start(), end=mark.end(), mark_lengths=(len(opened.group()), len(mark.group()))
            )
            seg.continues = first and previous_open and not text[p_start : opened.start()].strip()
            _fill(doc, text, seg)
            yield seg
            first = False
            opened = None
        if opened is not None:
            seg = _Segment(
                start=opened.start(), end=p_end, open_end=True, mark_lengths=(len(opened.group()), 0)
            )
            seg.continues = first and previous_open and not text[p_start : opened.start()].strip()
            _fill(doc, text, seg)
            yield seg
        previous_open = opened is not None


def _fill(doc: Doc, text: str, seg: _Segment) -> None:
    start, end = seg.start + seg.mark_lengths[0], seg.end - seg.mark_lengths[1]
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    seg.content = (start, end)
    seg.tokens = doc.char_span(seg.start, seg.end, alignment_mode="expand")


def _in_title(doc: Doc, cue: int, subject: int) -> bool:
    """Is there a quote mark between the cue and its subject after it (a quoted title)?"""
    return any(t.text in _QUOTE_MARKS for t in doc[cue + 1 : subject + 1])


def _name_after(doc: Doc, start: int, cue: int) -> Token | None:
    """The last word of a capitalised name that opens the words between a quote and its cue and
    is set off by a comma: "“…,” Flynn, a top Trump surrogate, said"."""
    i = start
    while i < cue and (doc[i].is_punct or doc[i].is_space):
        i += 1
    j = i
    while j < cue and doc[j].text[:1].isupper():
        j += 1
    if j == i or j >= cue or doc[j].text != ",":
        return None
    return doc[j - 1]


def _runs_past(tok: Token, lo: int, hi: int) -> bool:
    """Does the phrase of a quoted word go on outside the quote marks at [lo, hi)? Then the
    quote is some words of a longer clause ("specified “Christian” as their religion")."""
    return any(not (lo <= t.i < hi or t.is_punct or t.is_space) for t in tok.subtree)


def _ends_sentence(text: str, seg: _Segment) -> bool:
    """A full stop before the closing mark ends the sentence: "“… change.” She adds, “…”" —
    what follows is the next sentence, whose cue is not this quote's ("“…,” she said" and
    "“…?” he asks" run on)."""
    k = seg.content[1]
    return k > 1 and text[k - 1] == "." and not text[k - 2].isupper()


def _opens_sentence(text: str, seg: _Segment) -> bool:
    """Nothing but space or a sentence end between the previous sentence and the mark."""
    k = seg.start - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    return k < 0 or text[k] in '.!?\n”»"' or text[k] == ":"


def _near(text: str, end: int, start: int, titles: list[tuple[int, int]]) -> bool:
    """A quote continues the previous speaker only right after it (same or next paragraph), with
    no other quote between them; a quoted title is none (“…,” he said on “Fox and Friends.” “…”)."""
    between = text[end:start]
    for t_start, t_end in reversed(titles):
        if t_end <= end:
            break
        if t_start >= end and t_end <= start:
            between = between[: t_start - end] + " " * (t_end - t_start) + between[t_end - end :]
    return len(between) < 400 and between.count("\n") <= 1 and not re.search(r"[“«\"]", between)


def _clause_start(verb: Token, clause: Token) -> int:
    """Where a content clause starts: without "that", a time or place phrase between the cue
    and the clause's subject tells when or where it was said ("said after the convention he
    would not …", "said Friday the talks had failed")."""
    start = clause.left_edge.i
    if _has_that(clause) or start != verb.i + 1:
        return start
    subject = next((c for c in clause.lefts if c.dep_ in _SUBJECT_DEPS_SET), None)
    if subject is None:
        return start
    for child in clause.lefts:
        if child.i >= subject.i:
            break
        if child.dep_ not in ("prep", "npadvmod", "punct") or child.left_edge.i != start:
            return clause.left_edge.i
        start = child.right_edge.i + 1
    return subject.left_edge.i if start == subject.left_edge.i else clause.left_edge.i


def _particle_clause(verb: Token, prep: Token | None, particles: frozenset[str]) -> tuple[int, int] | None:
    """First and last token of a clause that is a particle's object, hung on the verb: "called
    for | compensation to be clawed back" (after the particle) or "called for(mark) the fines
    to be paid back"."""
    for clause in verb.rights:
        if clause.dep_ not in ("ccomp", "advcl"):
            continue
        if prep is not None and clause.dep_ == "ccomp" and clause.left_edge.i == prep.i + 1:
            return clause.left_edge.i, clause.right_edge.i
        mark = next((c for c in clause.children if c.dep_ == "mark"), None)
        if prep is None and mark is not None and mark.lower_ in particles and mark.i == verb.i + 1:
            return mark.i + 1, clause.right_edge.i
    return None


def _past_quotation(verb: Token, start: int, end: int) -> int:
    """The last token of content [start, end] that ends inside a quotation it opened: the
    parser, thrown by the marks, ended the clause early and hung the rest on the cue ('said
    there remains a "significant difference in private practice and government," | when it
    comes to how many lawyers …'). The content runs to the closing mark and, when a clause
    the parser hung on the cue follows it, on to that clause's end."""
    doc = verb.doc
    marks = [t.text for t in doc[start : end + 1]]
    if not (
        marks.count('"') % 2 == 1
        or marks.count("“") > marks.count("”")
        or marks.count("``") > marks.count("''")
    ):
        return end
    k = end + 1
    limit = min(len(doc), end + 12)
    while k < limit and doc[k].text not in ('"', "”", "''") and "\n" not in doc[k].text:
        k += 1
    if k >= limit or doc[k].text not in ('"', "”", "''"):
        return end
    following = next((c for c in verb.rights if c.i > k), None)
    if following is not None and following.dep_ == "advcl" and following.left_edge.i == k + 1:
        return following.right_edge.i
    return k


def _clauses_end(verb: Token, clause: Token) -> int:
    """The last token of a content clause with the clauses the parser hung on the cue right
    after it, though they go on the same content: "said Trump has “enormous respect” for the
    military and his rubble comment | was instead an expression of …" (a second subject read
    as an object), "said her proposals were … and, even more important, | would not …"."""
    end = clause.right_edge.i
    doc = verb.doc
    for later in verb.rights:
        if later.i <= end or later.dep_ in ("punct", "cc"):
            continue
        if later.dep_ != "ccomp" or any(
            not (t.is_punct or t.dep_ == "cc") for t in doc[end + 1 : later.left_edge.i]
        ):
            break
        end = later.right_edge.i
    return end


def _misparsed_clause(verb: Token) -> Token | None:
    """A content clause the parser did not hang on its cue as a clause: "said after the
    convention he would not accept …" (read as an adverbial clause: it has a subject of its own
    and no conjunction such as "when" or "if"), "told a meeting of leaders that few people
    understood …" (read as a relative clause on the addressee, with "that" as its conjunction)."""
    for child in verb.rights:
        if child.dep_ == "advcl" and any(c.dep_ == "nsubj" for c in child.children):
            # "said when she resigned": a conjunction or a wh-adverb makes it adverbial
            marks = [c for c in child.children if c.dep_ in ("mark", "advmod") and c.i < child.i]
            if all(m.lower_ == "that" for m in marks):
                return child
        elif child.dep_ in ("dobj", "dative") and _lex_base(verb) in _TELL_VERBS:
            for clause in child.rights:
                if clause.dep_ in ("relcl", "acl") and _has_that(clause):
                    return clause
    return None


def _fronted_subject(verb: Token) -> Token | None:
    """ "In a meeting with the editorial board of the Washington Post Trump said …": a name the
    parser took into the prepositional phrase that opens the sentence, right before the verb."""
    doc = verb.doc
    if verb.i == 0 or verb.dep_ != "ROOT":
        return None
    before = doc[verb.i - 1]
    if before.dep_ != "pobj" or not (before.text[:1].isupper() or before.lower_ in _SUBJECT_PRONOUNS):
        return None
    fronted = (p for p in verb.lefts if p.dep_ == "prep")
    return before if any(p.left_edge.i <= before.i <= p.right_edge.i for p in fronted) else None


def _speaking_participle(verb: Token) -> bool:
    """ "footage of Trump saying …", "a statement saying that …": a participle of speech on the
    noun before it, which names the speaker. Other participles on a noun ("anyone wanting to
    learn more", "a suit challenging the law") describe it rather than report it."""
    return (
        verb.dep_ == "acl"
        and verb.lower_.endswith("ing")
        and verb.head.i < verb.i
        and verb.head.dep_ in _NOMINAL_DEPS
        and _is_speech(verb)
    )


def _subject_of(verb: Token) -> Token | None:
    tok = verb
    for step in range(3):
        subjects = [c for c in tok.children if c.dep_ in _SUBJECT_DEPS]
        if len(subjects) > 1:
            # a live blog's time stamp parsed as a second subject ("5:45 p.m.\n\nJohnson’s
            # doctor is calling …"): the one on the verb's own line, nearest to it
            doc = tok.doc
            on_line = [
                c
                for c in subjects
                if c.ent_type_ not in ("TIME", "DATE")
                and not any("\n" in t.text or "\n" in t.whitespace_ for t in doc[c.i : tok.i])
            ]
            subjects = on_line[-1:] or subjects
        if subjects:
            return subjects[0]
        fronted = _fronted_subject(tok) if step == 0 else None
        if fronted is not None:
            return fronted
        if _speaking_participle(tok):
            return tok.head  # "footage of Trump saying …": the one the participle describes
        # "…, saying that …", "stood up and said": the subject of the clause it hangs from
        if tok.dep_ in ("conj", "advcl", "xcomp", "acl") and tok.head != tok:
            tok = tok.head
        elif tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.head.dep_ in _CLAUSE_DEPS:
            tok = tok.head.head  # "responded … by saying that …"
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
    # "Trump saying …": the participle's clause is not part of the name
    hi = min([hi] + [c.left_edge.i for c in head.rights if c.dep_ == "acl"])
    for i in range(head.i + 1, hi):
        if doc[i].text in (",", "(", "—", "–") or doc[i].text in _QUOTE_MARKS or doc[i].dep_ == "relcl":
            hi = i
            break
    for i in range(head.i - 1, lo - 1, -1):
        if doc[i].text in (",", "”", "“", '"', "(", ")"):
            lo = i + 1
            break
    return doc[lo:hi]


def _trimmed(doc: Doc, start: int, end: int, keep_one: bool = False) -> tuple[int, int] | None:
    """Char offsets of tokens [start, end) without edge punctuation (quote marks stay when
    they close the clause, so that a quoted ending keeps its words); None when fewer than two
    words are left, or none with ``keep_one``."""
    while start < end and (doc[start].text in _STRIP_EDGE or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].text in _STRIP_EDGE or doc[end - 1].is_space):
        if doc[end - 1].text == ")" and any(t.text == "(" for t in doc[start : end - 1]):
            break  # "Rep. Don Beyer (D-Va.)": the bracket closes one the content opened
        end -= 1
    if end - start < (1 if keep_one else 2):
        return None
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _without_aside(doc: Doc, start: int, end: int, trailing: bool = False, relative: bool = True) -> int:
    """The end of tokens [start, end) before a trailing aside set off by a comma or a dash: a
    non-restrictive relative clause or an apposition ("not to pardon Hillary Clinton, who has not
    been charged …", "Rep. Don Beyer (D-Va.), a former lieutenant governor …") describes a
    name in the content; it is the writer's, not part of what is attributed. So are a contrast
    the writer adds (", although he again refused …") and a second cue of the speaker's own
    (", arguing that …"), which is an attribution of its own."""
    for i in range(start + 2, end - 1):
        if doc[i].text not in _ASIDE_MARKS:
            continue
        nxt = doc[i + 1]
        # the phrase the word after the mark opens: its highest head after the mark ("a former
        # governor": the noun, not "a"; "which he said were …": "said"; ", although he …": the
        # clause the conjunction opens)
        aside = nxt
        while aside.head.i > i and aside.head.i != aside.i:
            aside = aside.head
        if aside.left_edge.i != i + 1 or aside.head.i >= i or (trailing and aside.right_edge.i < end - 1):
            continue
        # without ``relative``, only a relative clause on a name: "… Hillary Clinton, who has not …"
        on_name = aside.head.text[:1].isupper()
        # an apposition on a common noun with a coordination in it is more likely the rest of
        # a list ("called for tax fairness, the closure of loopholes … and for relief …")
        listed = not on_name and any(t.dep_ == "cc" for t in aside.subtree)
        if (aside.dep_ == "relcl" and (relative or on_name)) or (
            aside.dep_ == "appos" and aside.right_edge.i >= end - 1 and not listed
        ):
            return i
        contrast = nxt.lower_ in _CONTRASTS
        second_cue = aside == nxt and aside.lower_.endswith("ing") and _is_speech(aside)
        if (
            aside.dep_ == "advcl"
            and doc[i].text == ","
            and aside.right_edge.i >= end - 1
            and (contrast or second_cue)
        ):
            return i
    return end


_ASIDE_MARKS = frozenset({",", "—", "–", "--"})
_CONTRASTS = frozenset({"although", "though", "whereas", "while"})


def _is_speech(verb: Token) -> bool:
    lex = load_reporting_lexicon()
    return lex.base(verb.text) in lex.speech


def _aside_cut(doc: Doc, content: tuple[int, int], relative: bool = True) -> tuple[int, int]:
    """Char offsets of content without an aside that ends it (``_without_aside``); one in the
    middle ("found that in the three counties, which include Cleveland, voters …") stays, and
    so does a relative clause ending a content clause unless ``relative`` ("wrote that Trump
    had claimed a loss, which could have allowed him …" is what The Times wrote)."""
    span = doc.char_span(*content, alignment_mode="expand")
    if span is None:
        return content
    end = _without_aside(doc, span.start, span.end, trailing=True, relative=relative)
    if end == span.end:
        return content
    return _trimmed(doc, span.start, end, keep_one=True) or content


def _has_that(tok: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children)


def _has_to(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _in_ranges(pos: int, ranges: list[tuple[int, int]], starts: list[int]) -> bool:
    """Is ``pos`` strictly inside one of the sorted, disjoint ranges?"""
    i = bisect_left(starts, pos) - 1
    return i >= 0 and ranges[i][0] < pos < ranges[i][1]


def _within(by_start: list[Quote], starts: list[int], start: int, end: int) -> list[Quote]:
    """Direct quotes lying inside [start, end) (their marks may sit just outside)."""
    i = bisect_left(starts, start - 2)
    out = []
    while i < len(by_start) and by_start[i].start < end:
        if by_start[i].end <= end + 2:
            out.append(by_start[i])
        i += 1
    return out


def _overlapping(by_start: list[Quote], starts: list[int], start: int, end: int) -> list[Quote]:
    # quotes are disjoint and sorted, so only the one before ``start`` can reach into the span
    i = max(0, bisect_left(starts, start) - 1)
    out = []
    while i < len(by_start) and by_start[i].start < end:
        if by_start[i].end > start:
            out.append(by_start[i])
        i += 1
    return out


def _covered(start: int, end: int, quoted: list[Quote]) -> bool:
    """Is more than half of [start, end) direct quotes already found?"""
    return sum(_overlap(start, end, q.start, q.end) for q in quoted) > 0.5 * (end - start)


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
