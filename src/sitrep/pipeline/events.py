"""Events (PLOVER types plus STATEMENT) and the commitments among them, from a parsed Doc.

Reads: sentences and dependency labels of the Doc (the tagger is off, so no part-of-speech),
the record's mentions and actors (and quotes, when that stage has run), the publication date.
Writes: ``Event`` records, and ``Commitment`` records through ``sitrep.pipeline.commitments``.

A cascade per sentence, each step with one reason:

1. triggers: words and phrases of ``registry/lexicons/event_triggers.yaml`` (the documented
   lexicon: which words make which type, and why); a phrase beats the words inside it;
2. nouns only where they name the event: object of a light verb ("held talks"), subject
   ("a roadside bombing killed"), after "during / following / after", or a headline's root;
3. governing words ("threatened to", "urged ... to", "ready to", "committed to") absorb the
   action in their complement: the governing word gives the type, the complement the mode;
4. modality and negation, as the PLOVER codebook folds them: a future or conditional
   cooperative act is an AGREE, a future conflictual act a THREATEN, "X must do Y" in reported
   speech a REQUEST, a negated cooperative act a REJECT; "did not attack" stays an ASSAULT
   with ``negated``; "may send troops" keeps its type with ``hypothetical``;
5. salience: actions inside relative clauses and noun modifiers describe the participants,
   not the news, and are dropped; one event per type per sentence (PLOVER scoring and readers
   both count a sentence's ASSAULT once), the main-clause trigger first;
6. arguments: subject → source, object or "with / against / on / to" → target, passive
   agents swapped; actors are the mentions inside the argument phrase (conjoined actors give
   a list); a pronoun or a bare description ("they", "the ministers") takes the reference
   resolver's answer, else the most recent source of the document;
7. date (``eventdates``: the sentence's main-clause cue, else the last such cue before it), counts
   (killed, wounded, captured), context words, CAMEO code and quad class (``registry/ontology``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml
from spacy.tokens import Doc, Span, Token

from sitrep.model import Event, Record
from sitrep.model import Span as TextSpan
from sitrep.pipeline.dateline import find_dateline, later_datelines
from sitrep.pipeline.eventdates import SentenceDates, SideClause, find_date_cue, sentence_dates
from sitrep.pipeline.references import ReferenceResolver
from sitrep.pipeline.topics import span_topics
from sitrep.registry import Registry, load_registry

# -- the lexicon --------------------------------------------------------------------------------

_IRREGULAR: dict[str, tuple[str, ...]] = {
    "give": ("gave", "given"), "take": ("took", "taken"), "hold": ("held",), "meet": ("met",),
    "send": ("sent",), "shoot": ("shot",), "seek": ("sought",), "fight": ("fought",),
    "strike": ("struck", "stricken"), "swear": ("swore", "sworn"), "lay": ("laid",), "tell": ("told",),
    "say": ("said",), "beat": ("beaten",), "blow": ("blew", "blown"), "break": ("broke", "broken"),
    "freeze": ("froze", "frozen"), "lead": ("led",), "withdraw": ("withdrew", "withdrawn"),
    "undertake": ("undertook", "undertaken"), "forgive": ("forgave", "forgiven"), "overrun": ("overran",),
    "retake": ("retook", "retaken"), "bring": ("brought",), "make": ("made",), "go": ("went", "gone"),
    "run": ("ran",), "write": ("wrote", "written"), "begin": ("began", "begun"), "think": ("thought",),
    "hit": ("hit",), "cut": ("cut",), "set": ("set",), "put": ("put",), "read": ("read",),
    "have": ("had", "has"), "pay": ("paid",), "find": ("found",),
    "wage": ("waged",), "rally": ("rallied",), "stop": ("stopped", "stopping"), "ban": ("banned", "banning"),
    "plan": ("planned", "planning"), "stab": ("stabbed", "stabbing"), "ship": ("shipped",),
    "commit": ("committed", "committing"), "regret": ("regretted",), "refer": ("referred",),
    "kidnap": ("kidnapped", "kidnapping"), "rob": ("robbed",), "slam": ("slammed",), "snub": ("snubbed",),
    "veto": ("vetoed", "vetoes"), "do": ("did", "done"), "be": ("was", "were", "is", "are", "been"),
}  # fmt: skip


def inflections(base: str) -> set[str]:
    """Surface forms of an English verb or noun: attack → attacks, attacked, attacking.

    Over-generation ("visitted") is harmless: such forms never occur in text.
    """
    b = base.lower()
    forms = {b, *_IRREGULAR.get(b, ())}
    if b.endswith("e"):
        forms |= {b + "s", b + "d", b[:-1] + "ing"}
    elif b.endswith("y") and len(b) > 2 and b[-2] not in "aeiou":
        forms |= {b[:-1] + "ies", b[:-1] + "ied", b + "ing"}
    else:
        suffix_s = "es" if b.endswith(("s", "sh", "ch", "x", "z")) else "s"
        forms |= {b + suffix_s, b + "ed", b + "ing"}
        if len(b) > 2 and b[-1] not in "aeiouwxy" and b[-2] in "aeiou" and b[-3] not in "aeiou":
            forms |= {b + b[-1] + "ed", b + b[-1] + "ing"}  # expel → expelled, ban → banning
    return forms


@dataclass(frozen=True)
class TriggerEntry:
    type: str
    mode: str | None
    words: tuple[str, ...]  # a phrase's words after the first (empty for a single word)
    part: str  # "verb" | "noun" | "phrase" | "governing"
    commitment: str | None = None  # commitment | offer | appeal, for governing words


@dataclass
class TriggerLexicon:
    single: dict[str, list[TriggerEntry]] = field(default_factory=dict)
    phrases: dict[str, list[TriggerEntry]] = field(default_factory=dict)
    reporting: frozenset[str] = frozenset()
    light: frozenset[str] = frozenset()
    instruments: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    contexts: dict[str, frozenset[str]] = field(default_factory=dict)
    why: dict[str, str] = field(default_factory=dict)
    appeal: frozenset[str] = frozenset()  # REQUEST words that appeal (CAMEO 02), not demand (10)
    statement_cameo: dict[str, str] = field(default_factory=dict)
    denial_verbs: frozenset[str] = frozenset()
    accusations: frozenset[str] = frozenset()
    comment_verbs: frozenset[str] = frozenset()
    transitive_only: frozenset[str] = frozenset()
    peacekeepers: frozenset[str] = frozenset()  # words that name peacekeeping forces
    peacekeeping_moves: frozenset[str] = frozenset()  # verbs that bring forces into a country
    journeys: frozenset[str] = frozenset()  # "arrived ... for talks": the trip is for the meeting
    noun_forms: set[str] = field(default_factory=set)  # trigger nouns as written, and their plurals

    def _add(self, text: str, entry: TriggerEntry) -> None:
        words = text.lower().split()
        if len(words) == 1 and entry.part == "noun":
            self.noun_forms |= {words[0], words[0] + "s", words[0] + "es"}
        if len(words) == 1:
            for form in inflections(words[0]):
                self.single.setdefault(form, []).append(entry)
            return
        entry = TriggerEntry(
            entry.type,
            entry.mode,
            tuple(words[1:]),
            "phrase" if entry.part != "governing" else "governing",
            entry.commitment,
        )
        for form in inflections(words[0]):
            self.phrases.setdefault(form, []).append(entry)


@lru_cache(maxsize=1)
def load_trigger_lexicon() -> TriggerLexicon:
    root = resources.files("sitrep.registry")
    data = yaml.safe_load(root.joinpath("lexicons/event_triggers.yaml").read_text(encoding="utf-8"))
    lex = TriggerLexicon()
    for type_, spec in data["types"].items():
        lex.why[type_] = " ".join(str(spec.get("why", "")).split())
        for part in ("verbs", "nouns", "phrases"):
            for word, mode in (spec.get(part) or {}).items():
                lex._add(
                    word, TriggerEntry(type_, mode, (), part.rstrip("s") if part != "phrases" else "phrase")
                )
    for type_, kinds in data["governing"].items():
        for kind, words in kinds.items():
            for word in words:
                lex._add(word, TriggerEntry(type_, None, (), "governing", kind))
    lex.reporting = frozenset(f for w in data["reporting"] for f in inflections(w))
    lex.light = frozenset(f for w in data["light_verbs"] for f in inflections(w))
    lex.instruments = [
        (mode, tuple(w.lower() for w in words)) for mode, words in data["assault_instruments"].items()
    ]
    lex.contexts = {c: frozenset(w.lower() for w in words) for c, words in data["contexts"].items()}
    lex.appeal = frozenset(f for w in data["appeal_words"] for f in inflections(w.split()[0]))
    statements = data["statements"]
    lex.statement_cameo = dict(statements["cameo"])
    lex.denial_verbs = frozenset(f for w in statements["denial_verbs"] for f in inflections(w))
    lex.accusations = frozenset(w.lower() for w in statements["accusations"])
    lex.comment_verbs = frozenset(f for w in statements["comment_verbs"] for f in inflections(w))
    lex.transitive_only = frozenset(f for w in data["transitive_only"] for f in inflections(w))
    lex.peacekeepers = frozenset(w.lower() for w in data["peacekeeping"]["forces"])
    lex.peacekeeping_moves = frozenset(f for w in data["peacekeeping"]["moves"] for f in inflections(w))
    lex.journeys = frozenset(f for w in data["journey_verbs"] for f in inflections(w))
    for word, mode in statements["nouns"].items():
        lex._add(word, TriggerEntry("STATEMENT", mode, (), "noun"))
    return lex


@dataclass(frozen=True)
class PloverType:
    quad: int
    cameo: str
    modes: dict[str, str]


@lru_cache(maxsize=1)
def load_plover_ontology() -> dict[str, PloverType]:
    text = resources.files("sitrep.registry").joinpath("ontology/plover.yaml").read_text(encoding="utf-8")
    return {
        name: PloverType(spec["quad"], spec["cameo"], dict(spec.get("modes") or {}))
        for name, spec in yaml.safe_load(text)["types"].items()
    }


def plover_quad(event_type: str) -> int:
    """PLOVER quad category of a type: 0 statement, 1 verbal / 2 material cooperation,
    3 verbal / 4 material conflict."""
    return load_plover_ontology()[event_type].quad


# -- per-sentence analysis ----------------------------------------------------------------------

COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})
MATERIAL_CONFLICT = frozenset({"PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})
_FUTURE = {"will", "'ll", "shall", "would", "wo"}
_POSSIBLE = {"may", "might", "could", "can"}
_OBLIGATION = {"must", "should"}
_VERBAL_DEPS = {"ROOT", "ccomp", "xcomp", "advcl", "relcl", "acl", "pcomp", "csubj", "parataxis", "conj"}
# relative clauses and noun modifiers describe a participant; a subject clause ("removing the
# sanctions is out of the question") names a proposition, not a happening
_EMBEDDING_DEPS = {"relcl", "acl", "csubj", "csubjpass"}
_ADJUNCT_PREPS = {"during", "following"}
_BE_FORMS = {"is", "are", "was", "were", "be", "been"}
# verbs whose subject noun is the event itself ("fighting broke out", "the meeting took place")
_HAPPEN_VERBS = {
    f
    for b in (
        "occur",
        "happen",
        "erupt",
        "continue",
        "take",
        "break",
        "begin",
        "start",
        "end",
        "resume",
        "rock",
        "leave",
        "claim",
        "hit",
        "kill",
        "wound",
        "injure",
        "destroy",
        "damage",
    )
    for f in inflections(b)
}
_MARKED_SUBORDINATE = {"because", "since", "after", "before", "when", "while", "until", "although",
                       "though", "once", "as", "whereas"}  # fmt: skip
_CONDITIONAL = {"if", "unless"}
_UNDOING = frozenset({"REJECT", "CONCEDE", "RETREAT"})  # types whose object can be another event
_TARGET_PREPS = {
    "to",
    "with",
    "against",
    "on",
    "upon",
    "at",
    "into",
    "toward",
    "towards",
    "between",
    "from",
    "for",
}
_NOT_PARTICIPLE = {"including", "according", "regarding", "following", "during", "concerning", "something",
                   "nothing", "anything", "morning", "evening", "building", "meeting", "bombing",
                   "fighting", "shelling", "killing", "killings", "funding", "training",
                   "spring"}  # fmt: skip
_PRONOUNS = {
    "he",
    "she",
    "they",
    "it",
    "we",
    "his",
    "her",
    "their",
    "its",
    "our",
    "them",
    "him",
    "us",
    "i",
    "you",
}
# What one modifier word says about how many (ISAF labels read "several" as at least three)
_NUMBER_WORDS = {
    "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "hundred": 100, "dozen": 12, "several": 3, "multiple": 3, "numerous": 3,
    "some": 2, "few": 2, "dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000,
    "both": 2, "couple": 2,
    "the": 1, "his": 1, "her": 1, "this": 1, "that": 1, "another": 1, "its": 1,
}  # fmt: skip
_COUNT_KIND = {
    "kill": "killed", "assassinate": "killed", "massacre": "killed", "murder": "killed", "execute": "killed",
    "wound": "wounded", "injure": "wounded", "arrest": "captured", "detain": "captured",
    "capture": "captured",
    "apprehend": "captured", "take into custody": "captured",
    "death": "killed",  # "resulted in the deaths of five enemy fighters"
}  # fmt: skip
_COUNT_FORMS = {f: kind for base, kind in _COUNT_KIND.items() if " " not in base for f in inflections(base)}
_TAKE = inflections("take")


def _custody(tok: Token) -> str | None:
    """ "were taken into custody", "took him into custody": the verb of the phrase counts as an arrest."""
    if tok.lower_ not in _TAKE:
        return None
    rest = [t.lower_ for t in tok.doc[tok.i + 1 : tok.i + 7]]  # "took the two men into Afghan custody"
    into = rest.index("into") if "into" in rest[:5] else None
    return "captured" if into is not None and "custody" in rest[into + 1 : into + 3] else None


_PURSUIT = {"search", "searching", "pursuit", "targeting", "seeking", "hunt", "hunting", "pursuing"}
_NOT_VICTIM_HEADS = {
    "operation",
    "operations",
    "compound",
    "ammunition",
    "weapons",
    "cache",
    "material",
    "materials",
}


@dataclass
class Candidate:
    type: str
    mode: str | None
    start: int  # token index of the first trigger word
    end: int  # token index after the last trigger word
    head: Token  # the word whose clause the event belongs to
    part: str
    commitment: str | None = None
    inner: Candidate | None = None  # the action a governing word governs
    complement: Span | None = None
    negated: bool = False
    hypothetical: bool = False
    reported_by: Token | None = None  # "X said Sudan must return ..." → the X of a REQUEST
    absorbed: bool = False
    embedded: bool = False
    adjunct: bool = False  # "during / following / after X": a happening the sentence presupposes
    background: bool = False  # "during / following X" not the actors' own: see _sentence
    purpose: bool = False  # "to demand reforms" after an act: what the act was for


@dataclass
class Finding:
    """One event as found, with what the commitment stage needs beyond the record."""

    event: Event
    candidate: Candidate
    sentence: Span
    # people the text says were taken / killed *in addition* to an earlier event's ("two
    # additional suspects were detained", "also detained one other"), per count kind
    additive: dict[str, int] = field(default_factory=dict)
    # kinds whose figure the sentence sums over several groups ("captured a leader and several
    # other suspects"): such a lead already counts the others a later sentence restates
    summed: set[str] = field(default_factory=set)


def _is_verbal(token: Token) -> bool:
    if token.dep_ in ("ROOT", "ccomp", "xcomp", "advcl", "relcl", "pcomp", "csubj", "parataxis", "acl"):
        return True
    if token.dep_ == "conj":
        return _is_verbal(token.head) or any(c.dep_ in ("nsubj", "dobj", "aux") for c in token.children)
    return any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "dobj") for c in token.children)


def _clause_head(token: Token) -> Token:
    """The verb (or root) whose clause a word belongs to."""
    t = token
    while t.dep_ not in _VERBAL_DEPS and t.head.i != t.i:
        t = t.head
    return t


def _participial_segments(sent: Span) -> list[int]:
    """Token indices where a ", <verb>-ing" participial clause starts: the small parser often
    hangs such a clause on the wrong word, so the comma is the better evidence."""
    starts = []
    for tok in sent[:-1]:
        nxt = tok.doc[tok.i + 1]
        w = nxt.lower_
        if tok.text in (",", "—", "–") and w.endswith("ing") and len(w) > 5 and w not in _NOT_PARTICIPLE:
            starts.append(nxt.i)
    return starts


def _segment_of(i: int, starts: list[int]) -> int:
    return sum(1 for s in starts if s <= i)


class EventExtractor:
    """Turns a parsed Doc and the record's actors into events (see the module docstring)."""

    def __init__(self, lexicon: TriggerLexicon | None = None, registry: Registry | None = None) -> None:
        self.lex = lexicon or load_trigger_lexicon()
        self.ontology = load_plover_ontology()
        self.registry = registry or load_registry()
        self._body_start = 0  # where the text after the dateline starts, in the Doc being read

    # -- public ---------------------------------------------------------------------------------

    def extract(self, doc: Doc, record: Record) -> list[Finding]:
        if not doc.has_annotation("DEP"):
            return []  # no parse (a language without a statistical model yet): no events
        self._current_doc = doc
        published = record.document.published
        dateline = find_dateline(doc.text)
        body_start = dateline.end if dateline is not None else 0
        self._body_start = body_start
        appended = later_datelines(doc.text, body_start, published)  # reports appended below the first
        mention_spans = sorted((m.start, m.end, m.actor) for m in record.mentions)
        state = _DocState(record=record, mentions=mention_spans)
        state.resolver = ReferenceResolver(doc, record.actors, record.mentions, registry=self.registry)
        findings: list[Finding] = []
        for sent in doc.sents:
            # a date cue in this sentence's main clause (after the dateline) dates its events and
            # those after it; one in a side remark ("who was killed last week") only the remark's
            cue_text_start = max(sent.start_char, body_start)
            while appended and appended[0].start < sent.end_char:
                # an appended report's dateline dates the text after it, and its narrative starts afresh
                later = appended.pop(0)
                published, state.date = later.date or published, None
                cue_text_start = max(cue_text_start, later.end)
            state.dates = None
            if cue_text_start < sent.end_char:
                state.dates = sentence_dates(sent, cue_text_start, published, self.lex.single)
                if state.dates.dated:
                    state.date = state.dates.date
            pursued = self._pursued(sent, state)
            if pursued:
                state.pursued = pursued
            found = self._sentence(sent, state)
            for f in found:
                # the operation's events also target whom it went after, from the release's latest
                # "in search of / searching for / targeting a Taliban leader" clause
                e = f.event
                if e.type in ("ASSAULT", "COERCE") and not e.negated and not e.hypothetical:
                    e.target += [a for a in state.pursued if a not in e.target and a not in e.source]
            findings.extend(found)
        _add_additional_counts(findings)
        # bodies the resolver took from the registry ("the ministers" → the CSTO Council of
        # Foreign Ministers) join the record, so that every event actor id resolves in it
        known = {a.id for a in record.actors}
        added = state.resolver.added if state.resolver is not None else []
        record.actors += [a for a in added if a.id not in known]
        return findings

    # -- one sentence ---------------------------------------------------------------------------

    def _sentence(self, sent: Span, state: _DocState) -> list[Finding]:
        candidates = self._candidates(sent)
        segments = _participial_segments(sent)
        named = {id(c) for c in candidates if self._noun_names_event(c)}
        for c in candidates:
            # ", reaffirming support for ...": a participial clause is a main clause of its own
            c.adjunct = c.adjunct or c.start in segments
        # every trigger may be the action a governing word governs ("urged ... to increase aid"),
        # but only those that name an event stand on their own
        self._govern(candidates, sent, segments)
        candidates = [c for c in candidates if id(c) in named]
        self._drop_acted_upon(candidates)
        for c in candidates:
            self._modality(c)
            self._statement_shape(c)
        live = [c for c in candidates if not c.absorbed]
        main = [c for c in live if not c.embedded]
        if any(not c.background and not c.purpose and c.type != "STATEMENT" for c in main):
            # "offered to negotiate following the invasions", "surrendered following a government
            # offensive": what the sentence presupposes as its setting is not its news
            main = [c for c in main if not c.background]
        main = _without_protest_topics(main)
        if any(not c.purpose and c.type != "STATEMENT" for c in main):
            # "staged demonstrations to demand reforms", "resigned to allow elections": when the
            # act is an event, its purpose infinitive says what it was for and is not news of its
            # own; "summoned the envoy to complain" (no event in "summoned") keeps the complaint
            main = [c for c in main if not c.purpose]
        chosen = main or []
        findings: list[Finding] = []
        seen: dict[str, Finding] = {}
        # a statement with a mode ("expressed condolences": empathy) says more than its verb
        for c in sorted(
            chosen, key=lambda c: (c.type == "STATEMENT" and c.mode is None, self._depth(c.head), c.start)
        ):
            if c.type in seen:
                self._merge_counts(seen[c.type].event, c, sent, state.dates, seen[c.type])
                continue
            finding = self._finding(c, sent, state)
            seen[c.type] = finding
            findings.append(finding)
        plover = [f for f in findings if f.event.type != "STATEMENT"]
        if plover:
            findings = plover
        elif findings:
            findings = findings[:1]
        for f in findings:
            if f.event.source:
                state.last_source = list(f.event.source)
        if not findings:
            subj = self._subject_actors(sent.root, state)
            if subj:
                state.last_source = subj
        return findings

    def _drop_acted_upon(self, candidates: list[Candidate]) -> None:
        """A noun event that is the object of another event's verb is what that event acts on,
        not news of its own: "rejected a US offer", "dismissed an appeal", "lifted a state of
        emergency" (verbs that refuse or undo: REJECT, CONCEDE, RETREAT)."""
        verbs = {
            c.head.i
            for c in candidates
            if c.type in _UNDOING and c.part in ("verb", "governing") and _is_verbal(c.head)
        }
        for c in candidates:
            tok = c.head
            if (
                not _is_verbal(tok)
                and c.part in ("noun", "phrase", "governing")
                and tok.dep_ in ("dobj", "nsubjpass")
                and tok.head.i in verbs
                and tok.head.i != tok.i
            ):
                c.absorbed = True

    def _depth(self, token: Token) -> int:
        d = 0
        while token.head.i != token.i:
            token = token.head
            d += 1
        return d

    # -- step 1: triggers -------------------------------------------------------------------------

    def _candidates(self, sent: Span) -> list[Candidate]:
        found: list[Candidate] = []
        taken: set[int] = set()
        # phrases first: they beat the single words inside them
        for tok in sent:
            if tok.i > sent.start and tok.doc[tok.i - 1].text == "-":
                continue  # the tail of a hyphenated word: "open-ended strike" is no "ended strike"
            for entry in self.lex.phrases.get(tok.lower_, ()):
                end = self._match_rest(tok.i, entry.words, sent.end)
                if end is None:
                    continue
                span_ids = set(range(tok.i, end))
                if span_ids & taken:
                    continue
                found.append(Candidate(entry.type, entry.mode, tok.i, end, tok, entry.part, entry.commitment))
                taken |= {tok.i, end - 1}
                break
        for tok in sent:
            if tok.i in taken:
                continue
            entries = self.lex.single.get(tok.lower_)
            verbal = _is_verbal(tok)
            if (
                verbal
                and tok.lower_ in self.lex.transitive_only
                and not any(k.dep_ in ("dobj", "nsubjpass", "auxpass") for k in tok.children)
            ):
                continue
            picked = self._pick(entries, verbal, tok) if entries else None
            if (
                picked is not None
                and picked.type == "REQUEST"
                and picked.part == "verb"
                and tok.lower_ in self.lex.reporting
                and _asserts(tok)
            ):
                picked = None  # "insisted unrest there reflected ethnic tensions": a claim, not a demand
            if picked is not None and picked.type == "AGREE" and _shares_an_opinion(tok):
                # "said they agree with Tantan that governors should not welcome deputies"
                found.append(Candidate("STATEMENT", None, tok.i, tok.i + 1, tok, "verb"))
                continue
            if picked is None:
                if verbal and tok.lower_ in self.lex.reporting:
                    # a plain statement; kept only when the sentence has no other event
                    found.append(Candidate("STATEMENT", None, tok.i, tok.i + 1, tok, "verb"))
                continue
            found.append(
                Candidate(picked.type, picked.mode, tok.i, tok.i + 1, tok, picked.part, picked.commitment)
            )
        # "Russia said Sudan must return the helicopter": the reporter asks it of the subject
        for tok in sent:
            if tok.dep_ == "aux" and tok.lower_ in _OBLIGATION:
                verb = tok.head
                reporter = _reporter(verb, self.lex.reporting)
                if reporter is None or any(c.head.i == verb.i and c.part == "governing" for c in found):
                    continue
                found.append(
                    Candidate(
                        "REQUEST", None, tok.i, tok.i + 1, verb, "governing", "appeal", reported_by=reporter
                    )
                )
        self._peacekeeping(sent, found)
        found.sort(key=lambda c: c.start)
        return found

    def _peacekeeping(self, sent: Span, found: list[Candidate]) -> None:
        """Peacekeepers sent, deployed or arriving are military aid to the country that receives
        them (PLOVER AID, mode peacekeeping; CAMEO 074), not a force posture (MOBILIZE)."""
        by_head = {c.head.i: c for c in found if c.part in ("verb", "phrase")}
        for tok in sent:
            if tok.lower_ not in self.lex.peacekeeping_moves or not _is_verbal(tok):
                continue
            movers = [k for k in tok.children if k.dep_ in ("nsubj", "nsubjpass", "dobj")]
            if not any(t.lower_ in self.lex.peacekeepers for k in movers for t in k.subtree):
                continue
            c = by_head.get(tok.i)
            if c is None:
                found.append(Candidate("AID", "peacekeeping", tok.i, tok.i + 1, tok, "verb"))
            elif c.type in ("MOBILIZE", "STATEMENT"):
                c.type, c.mode = "AID", "peacekeeping"

    def _match_rest(self, i: int, words: tuple[str, ...], limit: int) -> int | None:
        doc_tokens = self._doc_tokens
        j = i + 1
        for w in words:
            gap = 0
            while j < limit and doc_tokens[j].lower_ != w:
                if doc_tokens[j].is_punct and doc_tokens[j].text != "-":
                    return None
                # a hyphenated word counts once: "lifted Friday a day-old blockade"
                if doc_tokens[j].text != "-" and doc_tokens[j - 1].text != "-":
                    if gap >= 4:
                        return None
                    gap += 1
                j += 1
            if j >= limit:
                return None
            j += 1
        return j

    def _pick(self, entries: list[TriggerEntry], verbal: bool, tok: Token) -> TriggerEntry | None:
        governing = [e for e in entries if e.part == "governing"]
        verbs = [e for e in entries if e.part == "verb"]
        nouns = [e for e in entries if e.part == "noun"]
        # "tell", "call", "order", "need" only ask when they take an infinitive
        if (
            governing
            and (verbal or tok.dep_ in ("acomp", "dobj", "attr", "nsubj", "pobj", "conj"))
            and (tok.lower_ not in _ASK_NEEDS_INFINITIVE or any(c.dep_ == "xcomp" for c in tok.children))
        ):
            return governing[0]
        if verbal and verbs:
            return verbs[0]
        if not verbal and nouns:
            return nouns[0]
        if verbal:
            # a trigger noun the parser read as a verb ("talks", "clashes") is still the noun; a
            # verb made from it is another word: "struck" is no labour strike, "dealing a blow"
            # no deal
            return nouns[0] if nouns and tok.lower_ in self.lex.noun_forms else None
        # a verb form in a nominal slot ("welcoming remarks") is a modifier, not an event
        return None

    # -- step 2: nouns that name the event ----------------------------------------------------------

    def _noun_names_event(self, c: Candidate) -> bool:
        if c.part in ("verb", "phrase"):
            return True
        tok = c.head
        light = self._light_before(tok)
        if light is not None:
            # "reaffirming support", "expressed readiness", "reaffirm our determination"
            c.start = light.i
            return True
        if _is_verbal(tok) or c.part == "governing":
            if c.part == "governing" and not _is_verbal(tok):
                # "readiness", "demand": governing nouns under a light or reporting verb
                return tok.dep_ not in ("pobj",) or tok.head.lower_ in ("for",)
            return True
        head = tok.head
        if tok.dep_ in ("dobj", "attr", "oprd") and (
            head.lower_ in self.lex.light or head.lower_ in self.lex.reporting
        ):
            c.start = min(c.start, head.i) if head.lower_ in self.lex.light else c.start
            c.head = head
            return True
        if (
            tok.dep_ == "attr"
            and head.lower_ in _BE_FORMS
            and any(k.dep_ == "prep" and k.lower_ == "of" for k in tok.children)
        ):
            # "Also confirmed today was the capture of a Haqqani leader": the event is what "be" says
            return True
        if tok.dep_ in ("nsubj", "nsubjpass"):
            return head.lower_ in _HAPPEN_VERBS or head.lower_ in self.lex.single
        if tok.dep_ in ("pobj", "dobj") and head.lower_ in _ADJUNCT_PREPS:
            # "following a precision airstrike": the parser often reads "following" as a verb
            c.adjunct = True
            # "following a government offensive" is the setting; "following their annual meeting"
            # (the actors' own) is news of those actors
            c.background = not any(k.dep_ == "poss" for k in tok.children)
            return True
        if (
            c.type == "CONSULT"
            and tok.dep_ == "pobj"
            and head.lower_ in ("for", "on")
            and head.head.lower_ in self.lex.journeys
        ):
            c.head = head.head  # "arrived in Beijing for talks": the journey is for the meeting
            return True
        if tok.dep_ == "ROOT":
            return True
        if tok.dep_ == "conj":
            return self._noun_names_event(Candidate(c.type, c.mode, c.start, c.end, _conj_root(tok), c.part))
        return False

    def _light_before(self, tok: Token) -> Token | None:
        """A light verb just before a noun ("reaffirming support", "expressed their readiness")."""
        doc = tok.doc
        j = tok.i - 1
        while j >= 0 and j >= tok.i - 3 and doc[j].dep_ in ("det", "poss", "amod", "compound", "nummod"):
            if doc[j].lower_ in self.lex.light:
                return doc[j]
            j -= 1
        if j >= 0 and doc[j].lower_ in self.lex.light and doc[j].dep_ not in ("aux", "auxpass"):
            return doc[j]
        return None  # "has rejected": an auxiliary, not a light verb

    # -- step 3: governing words ----------------------------------------------------------------

    def _govern(self, candidates: list[Candidate], sent: Span, segments: list[int]) -> None:
        for g in candidates:
            if g.part != "governing" or g.absorbed:
                continue
            if g.reported_by is not None:
                verb = g.head
                region = sent.doc[g.end : verb.right_edge.i + 1] if verb.right_edge.i >= g.end else None
            else:
                region = self._complement(g, sent)
            if region is None:
                continue
            g.complement = region
            seg = _segment_of(g.start, segments)
            for c in candidates:
                if c is g or c.absorbed:
                    continue
                if region.start <= c.start < region.end and _segment_of(c.start, segments) == seg:
                    c.absorbed = True
                    if g.inner is None and c.part != "governing":
                        g.inner = c
                    elif g.inner is None and c.inner is not None:
                        g.inner = c.inner
        for c in candidates:
            if c.part != "governing" or c.absorbed:
                continue
            inner = c.inner
            if (
                c.type == "AGREE"
                and c.commitment == "commitment"
                and inner is not None
                and inner.type not in COOPERATIVE | {"REQUEST"}
                and inner.start - c.end <= 3
            ):
                # "vowed to fight": a promise of conflict is a threat; an agreement or offer is
                # not ("agreed to postpone the protest", "offered to send troops to help")
                c.type, c.commitment = "THREATEN", None
            c.mode = _governed_mode(c.type, inner)
            # "threatened to attack": the threat happened, the attack is only threatened
            c.hypothetical = c.type == "THREATEN" or c.hypothetical

    def _complement(self, g: Candidate, sent: Span) -> Span | None:
        """The words a governing word governs: its infinitive, clause or object, to its right."""
        tok = g.head if g.part != "governing" else self._doc_tokens[g.end - 1]
        kids = [k for k in tok.children if k.i >= tok.i]
        comp = None
        for dep in ("xcomp", "ccomp", "acl", "prep", "dobj", "pobj", "advcl", "dative"):
            found = [k for k in kids if k.dep_ == dep]
            if found:
                comp = found[-1] if dep in ("xcomp", "ccomp") else found[0]
                if dep == "prep":
                    inner = [k for k in comp.children if k.dep_ in ("pcomp", "pobj")]
                    comp = inner[0] if inner else comp
                break
        if comp is None and tok.head.lower_ in self.lex.light and tok.dep_ == "dobj":
            # "expressed readiness, to ..." parsed loosely: fall back to the light verb's clause
            deps = ("xcomp", "advcl", "acl", "ccomp")
            kids = [k for k in tok.head.children if k.i > tok.i and k.dep_ in deps]
            comp = kids[0] if kids else None
        if comp is None:
            return None
        # an addressee object before the infinitive ("urged the community to increase aid",
        # "call on the community to step up aid")
        first = self._doc_tokens[g.start]
        xcomps = [k for k in (*tok.children, *first.children) if k.dep_ in ("xcomp", "ccomp") and k.i > tok.i]
        if comp.dep_ in ("dobj", "pobj") and xcomps:
            comp = xcomps[-1]
        elif comp.dep_ in ("dobj", "pobj"):
            infinitives = [k for k in comp.children if k.dep_ in ("acl", "relcl", "xcomp") and k.i > comp.i]
            if infinitives and any(a.lower_ == "to" for a in infinitives[0].children):
                comp = infinitives[0]
        left = min(t.i for t in comp.subtree)
        right = max(t.i for t in comp.subtree) + 1
        left = max(left, tok.i + 1)
        return sent.doc[left : min(right, sent.end)]

    # -- step 4: modality and negation -----------------------------------------------------------

    def _modality(self, c: Candidate) -> None:
        if c.absorbed:
            return
        clause = c.head if _is_verbal(c.head) else _clause_head(c.head)
        c.embedded = not c.adjunct and self._is_embedded(c, clause)
        auxes = {k.lower_ for k in clause.children if k.dep_ in ("aux", "auxpass")}
        if clause.dep_ in ("xcomp", "conj") and clause.head.i != clause.i:
            auxes |= {k.lower_ for k in clause.head.children if k.dep_ in ("aux", "auxpass")}
        negated = (
            any(k.dep_ == "neg" for k in clause.children)
            or any(k.dep_ == "neg" for k in c.head.children)
            or _nobody_subject(clause)
        )
        conditional = any(
            k.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CONDITIONAL for m in k.children)
            for k in clause.children
        ) or any(m.dep_ == "mark" and m.lower_ in _CONDITIONAL for m in clause.children)
        unless = any(
            m.dep_ == "mark" and m.lower_ == "unless"
            for k in clause.children
            if k.dep_ == "advcl"
            for m in k.children
        )
        going_to = clause.dep_ == "xcomp" and clause.head.lower_ == "going"
        future = bool(auxes & _FUTURE) or going_to
        possible = bool(auxes & _POSSIBLE)
        obligation = bool(auxes & _OBLIGATION)
        reporter = _reporter(clause, self.lex.reporting)
        if c.reported_by is not None and not negated:
            return  # a REQUEST made by the obligation pre-pass: already what it is
        if negated:
            if c.type in COOPERATIVE and c.part != "governing" or c.type == "AGREE":
                c.type, c.mode, c.commitment = "REJECT", _governed_mode("REJECT", c), None
            else:
                c.negated = True
            return
        if obligation and reporter is not None and c.type not in ("REQUEST", "THREATEN", "REJECT", "ACCUSE"):
            c.mode = _governed_mode("REQUEST", c)
            c.type, c.reported_by, c.commitment = "REQUEST", reporter, "appeal"
            return
        if future or conditional:
            c.hypothetical = conditional or "would" in auxes
            if c.type in COOPERATIVE and c.part != "governing" and unless:
                # "will withdraw its force unless ...": a conditional concession is an ultimatum
                c.mode = "relations"
                c.type, c.hypothetical, c.commitment = "THREATEN", True, None
            elif c.type in ("CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT") and c.part != "governing":
                c.mode = _governed_mode("AGREE", c)
                c.type, c.commitment = "AGREE", "commitment"
            elif c.type in MATERIAL_CONFLICT and c.part != "governing":
                c.mode = _threat_mode(c)
                c.type, c.hypothetical = "THREATEN", True
            return
        if possible:
            c.hypothetical = True

    def _statement_shape(self, c: Candidate) -> None:
        """A REJECT that rejects no proposal is a statement with a CAMEO 01 code: denying an
        accusation ("denied charges that", "rejected accusations of", "denied that it had") and
        declining to comment."""
        if c.type != "REJECT" or c.absorbed or c.negated:
            return
        first = self._doc_tokens[c.start]
        verb = first if c.part == "governing" else c.head
        if first.lower_ in self.lex.denial_verbs:
            objects = [k for k in verb.children if k.dep_ in ("dobj", "nsubjpass")]
            denies_that = first.lower_.startswith("den") and any(k.dep_ == "ccomp" for k in verb.children)
            if denies_that or any(o.lower_ in self.lex.accusations for o in objects):
                c.type, c.mode, c.commitment = "STATEMENT", "deny", None
                return
        if c.part == "governing":
            comp = c.complement
            words = {t.lower_ for t in comp[:3]} if comp is not None else set()
            if (c.inner is None or c.inner.type == "STATEMENT") and words & self.lex.comment_verbs:
                c.type, c.mode, c.commitment = "STATEMENT", "decline-comment", None

    def _is_embedded(self, c: Candidate, clause: Token) -> bool:
        c.purpose = _is_purpose(clause)
        t = clause
        while t.head.i != t.i:
            if (
                t.dep_ in _EMBEDDING_DEPS
                and not (t.dep_ == "acl" and t.head.dep_ == "dobj" and t.head.head.lower_ in self.lex.light)
                and not _states_a_result(t)
                and not _continues_the_story(t)
            ):
                # "issued a declaration demanding that ..." is the news, not a description
                return True
            if t.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in _MARKED_SUBORDINATE | _CONDITIONAL for m in t.children
            ):
                # "would meet the mediator if he gave them a veto": a condition is not news
                return True
            if t.dep_ == "pcomp" and t.head.lower_ in _MARKED_SUBORDINATE | {"of", "for", "by"}:
                return True
            t = t.head
        return False

    # -- steps 6-7: the record ------------------------------------------------------------------

    def _finding(self, c: Candidate, sent: Span, state: _DocState) -> Finding:
        doc = sent.doc
        trigger = doc[c.start : c.end]
        clause = c.head if _is_verbal(c.head) else _clause_head(c.head)
        if c.reported_by is not None:
            source = self._subject_actors(c.reported_by, state)
            target = self._subject_actors(clause, state, fallback=False)
        else:
            source = self._subject_actors(sent.root if c.adjunct and c.part == "noun" else clause, state)
            if not _is_verbal(c.head) and c.part == "noun":
                poss = [k for k in c.head.children if k.dep_ == "poss"]
                if poss and not source:
                    source = self._actors_in(poss[0], state)
            target = self._target_actors(c, clause, state, sent)
            passive = self._passive_parts(clause, state)
            if passive is not None:
                source, target = passive
        target = [t for t in target if t not in source]
        ptype = self.ontology[c.type]
        mode = c.mode
        if c.type == "ASSAULT" and mode is None:
            mode = self._instrument(sent)
        cameo = ptype.modes.get(mode or "", ptype.cameo)
        if c.type == "STATEMENT":
            cameo = self.lex.statement_cameo.get(mode or "", cameo)
        elif c.type == "REQUEST" and c.reported_by is None and {t.lower_ for t in trigger} & self.lex.appeal:
            cameo = "02" + cameo[2:]  # an appeal, not a demand: urged ... to provide aid is 023, not 103
        event = Event(
            type=c.type,
            trigger=trigger.text,
            sentence=TextSpan(sent.start_char, sent.end_char),
            source=source,
            target=target,
            mode=mode,
            context=self._contexts(sent),
            date=state.dates.date_at(trigger.start_char, state.date) if state.dates else state.date,
            negated=c.negated,
            hypothetical=c.hypothetical,
            counts={},
            cameo=cameo,
            quad_class=ptype.quad,
            trigger_span=TextSpan(trigger.start_char, trigger.end_char),
        )
        finding = Finding(event, c, sent)
        self._merge_counts(event, c, sent, state.dates, finding)
        return finding

    def _subject_actors(self, clause: Token, state: _DocState, fallback: bool = True) -> list[str]:
        t = clause
        for _ in range(6):
            subj = [k for k in t.children if k.dep_ in ("nsubj", "csubj", "expl")]
            if subj and subj[0].dep_ != "nsubj" and t.dep_ == "ccomp" and t.head.lower_ in self.lex.reporting:
                # "US authorities said that removing the sanctions is out of the question": a
                # clause or "it" as subject acts for nobody; the one who says so does
                t = t.head
                continue
            if subj:
                return self._actors_in(subj[0], state, fallback)
            if (
                t.dep_ in ("xcomp", "conj", "advcl", "acl", "pcomp", "acomp", "prep", "dobj")
                and t.head.i != t.i
            ):
                t = t.head
                continue
            break
        return []

    def _passive_parts(self, clause: Token, state: _DocState) -> tuple[list[str], list[str]] | None:
        subj = [k for k in clause.children if k.dep_ == "nsubjpass"]
        if not subj:
            return None
        agents = [p for k in clause.children if k.dep_ == "agent" for p in k.children if p.dep_ == "pobj"]
        source = self._actors_in(agents[0], state, fallback=False) if agents else []
        return source, self._actors_in(subj[0], state, fallback=False)

    def _target_actors(self, c: Candidate, clause: Token, state: _DocState, sent: Span) -> list[str]:
        heads = [c.head] if c.head.i == clause.i else [c.head, clause]
        if c.part == "governing":
            heads.append(self._doc_tokens[c.end - 1])
        objects: list[Token] = []
        for h in heads:
            for k in h.children:
                if k.dep_ in ("dobj", "dative", "attr") and k.i > h.i:
                    objects.append(k)
                elif k.dep_ == "prep" and k.lower_ in _TARGET_PREPS:
                    objects += [p for p in k.children if p.dep_ == "pobj"]
        found: list[str] = []
        for o in objects:
            for a in self._actors_in(o, state, fallback=False):
                if a not in found:
                    found.append(a)
        if not found and c.complement is not None:
            found = self._actors_in_span(c.complement.start_char, c.complement.end_char, state)
        if c.type in ("ASSAULT", "COERCE"):
            # "during a search for a Haqqani network leader": whom the operation went after
            for tok in sent:  # (Token.sent walks the Doc's sentences: costly per call)
                if _is_pursuit(tok) and tok.i > clause.i:
                    sub = list(tok.subtree)
                    for a in self._actors_in_span(tok.idx, sub[-1].idx + len(sub[-1].text), state):
                        if a not in found:
                            found.append(a)
        return found

    def _pursued(self, sent: Span, state: _DocState) -> list[str]:
        """Actors named after a pursuit word of the sentence ("in search of a Haqqani leader")."""
        found: list[str] = []
        for tok in sent:
            if _is_pursuit(tok):
                sub = list(tok.subtree)
                for a in self._actors_in_span(tok.idx, sub[-1].idx + len(sub[-1].text), state):
                    if a not in found:
                        found.append(a)
        return found

    def _actors_in(self, token: Token, state: _DocState, fallback: bool = True) -> list[str]:
        """Actors named in the phrase a word heads, relative clauses aside; a pronoun or bare
        description resolves through the reference resolver or the document's last source."""
        resolved: list[str] = []
        left = token.left_edge.i
        skip: set[int] = set()
        if token.left_edge.idx < self._body_start <= token.right_edge.idx:
            # a headline run into the dateline sentence is no part of the body's phrase
            # ("Afghan, Coalition Forces Detain Taliban Leader ... KABUL (Dec. 21) – Afghan and
            # coalition forces captured ...": the subject is "Afghan and coalition forces")
            body = [t for t in token.subtree if t.idx >= self._body_start]
            if any(True for t in body for _ in state.actor_at(t.idx, t.idx + len(t.text))):
                skip = {t.i for t in token.subtree if t.idx < self._body_start}
                left = body[0].i
        if state.resolver is not None:
            resolved = state.resolver.resolve(token.doc[left : token.right_edge.i + 1])
        for t in token.subtree:
            if t.dep_ in ("relcl", "acl", "advcl") and t.i != token.i:
                skip |= {s.i for s in t.subtree}
        tokens = [t for t in token.subtree if t.i not in skip]
        # the resolver's answer first (the head: "Alaudin"), then other actors the phrase
        # names ("the Taliban leader, Alaudin": the Taliban too)
        found: list[str] = list(resolved)
        for t in tokens:
            for a in state.actor_at(t.idx, t.idx + len(t.text)):
                if a not in found:
                    found.append(a)
        if found or not fallback:
            return found
        span = token.doc[left : token.right_edge.i + 1]
        if state.resolver is not None:
            resolved = state.resolver.resolve(span)
            if resolved:
                return resolved
            if state.resolver.is_unnamed(span):
                return []  # "officials", "a source": the text names nobody
        if token.lower_ in _PRONOUNS:
            # "Hungary has said it will support ...": the pronoun is the one who speaks
            reporter = _reporter(_clause_head(token), self.lex.reporting)
            speakers = [k for k in reporter.children if k.dep_ == "nsubj"] if reporter is not None else []
            if speakers and speakers[0].i != token.i:
                got = self._actors_in(speakers[0], state, fallback=False)
                if got:
                    return got
        if token.lower_ in _PRONOUNS or any(t.lower_ in ("the", "these", "those") for t in token.lefts):
            return list(state.last_source)
        return []

    def _actors_in_span(self, start: int, end: int, state: _DocState) -> list[str]:
        found: list[str] = []
        for a in state.actor_at(start, end):
            if a not in found:
                found.append(a)
        return found

    def _instrument(self, sent: Span) -> str | None:
        text = " " + " ".join(t.lower_ for t in sent) + " "
        for mode, words in self.lex.instruments:
            if any(f" {w} " in text for w in words):
                return mode
        return None

    def _contexts(self, sent: Span) -> list[str]:
        """The sentence's topic ids (``topics.span_topics``: the Doc's cached topic hits), then
        the lexicon's PLOVER context words not already among them."""
        found = span_topics(sent.doc, sent.start_char, sent.end_char)
        words = {t.lower_ for t in sent}
        return found + [c for c, cue in self.lex.contexts.items() if words & cue and c not in found]

    # -- counts -----------------------------------------------------------------------------------

    def _merge_counts(
        self,
        event: Event,
        c: Candidate,
        sent: Span,
        dates: SentenceDates | None,
        finding: Finding | None = None,
    ) -> None:
        """The sentence's count per kind: the sum over its distinct trigger words ("arrested a
        leader and detained three suspects" is 4); an event keeps the largest figure it is given.
        A count word in a side remark with a time of its own (``eventdates.sentence_dates``: "a
        commander who was wounded in a clash on Feb. 2", "(first detained on Jan. 3, 2009)")
        tells an earlier event: it counts only for an event whose trigger is in that remark."""
        if c.type not in ("ASSAULT", "COERCE") or c.negated:
            return
        remarks = dates.side if dates is not None else ()
        own_remark = _remark_at(remarks, c.head.idx)
        totals: dict[str, int] = {}
        groups: dict[str, int] = {}
        extra: dict[str, int] = {}
        # a headline run into the dateline sentence restates the lead ("Several Suspected
        # Insurgents Detained ... KABUL (Oct. 8) - forces detained several suspected insurgents")
        body = self._body_start if sent.start_char < self._body_start < sent.end_char else 0
        for tok in sent:
            kind = _COUNT_FORMS.get(tok.lower_) or _custody(tok)
            if kind is None or tok.idx < body:
                continue
            if _is_purpose(tok) or (tok.dep_ == "xcomp" and any(a.lower_ == "to" for a in tok.children)):
                continue  # "during an operation to arrest a Taliban leader": not (yet) arrested
            if c.type == "COERCE" and kind != "captured" or c.type == "ASSAULT" and kind == "captured":
                continue
            if _remark_at(remarks, tok.idx) != own_remark:
                continue  # the figure of an earlier event a side remark tells, or of the main one
            figures = _victim_groups(tok, sent.end, body)
            n = sum(figures)
            if not n:
                continue
            totals[kind] = totals.get(kind, 0) + n
            groups[kind] = groups.get(kind, 0) + len(figures)
            if _is_additional(tok):
                extra[kind] = extra.get(kind, 0) + n
        for kind, n in totals.items():
            if n > event.counts.get(kind, 0):
                event.counts[kind] = n
        if finding is not None:
            finding.summed |= {kind for kind, g in groups.items() if g > 1}
            for kind, n in extra.items():
                if n == totals[kind]:  # all of the sentence's figure is in addition to an earlier one
                    finding.additive[kind] = n

    # the Doc being read, for the helpers that only get token indices
    @property
    def _doc_tokens(self) -> Doc:
        return self._current_doc


_ASK_NEEDS_INFINITIVE = {"tell", "told", "tells", "telling", "call", "called", "calls", "calling", "order",
                         "ordered", "orders", "need", "needs", "needed", "press", "pressed", "invite",
                         "invited", "encourage", "encouraged", "ask", "asked", "asks"}  # fmt: skip


@dataclass
class _DocState:
    record: Record
    mentions: list[tuple[int, int, str]]
    date: str | None = None  # the narrative's: the last main-clause date cue's
    dates: SentenceDates | None = None  # the current sentence's, side remarks included
    last_source: list[str] = field(default_factory=list)
    pursued: list[str] = field(default_factory=list)  # whom the operation went after
    resolver: ReferenceResolver | None = None

    def actor_at(self, start: int, end: int) -> Iterable[str]:
        for s, e, a in self.mentions:
            if s >= end:
                break
            if e > start:
                yield a


def _remark_at(remarks: tuple[SideClause, ...], char: int) -> SideClause | None:
    """The side remark of the sentence that holds the word at ``char``, if any."""
    return next((r for r in remarks if r.start <= char < r.end), None)


def _is_purpose(clause: Token) -> bool:
    """A subjectless "to" infinitive adjoined to an action (advcl), or to the noun of one
    ("a hunger strike to demand"): a clause of purpose."""
    if clause.dep_ not in ("advcl", "acl") or clause.head.i == clause.i:
        return False
    kids = list(clause.children)
    if not any(k.dep_ == "aux" and k.lower_ == "to" for k in kids):
        return False
    if any(k.dep_ in ("nsubj", "nsubjpass", "mark") for k in kids):
        return False
    return clause.dep_ == "advcl" or clause.head.dep_ in ("dobj", "nsubj", "pobj")


def _is_pursuit(tok: Token) -> bool:
    """A word whose phrase names whom an operation went after: "in search of", "targeting",
    and an arrest the operation was for ("during an operation to arrest a Taliban leader")."""
    if tok.lower_ in _PURSUIT:
        return True
    return _COUNT_FORMS.get(tok.lower_) == "captured" and _is_purpose(tok)


_NOBODY = {"none", "nobody", "no-one", "nothing"}


def _nobody_subject(clause: Token) -> bool:
    """ "No Afghan or coalition forces were killed", "No shots were fired", "none were hurt":
    a subject that names nobody negates its clause."""
    for k in clause.children:
        if k.dep_ in ("nsubj", "nsubjpass"):
            if k.lower_ in _NOBODY or any(d.dep_ == "det" and d.lower_ == "no" for d in k.children):
                return True
            if k.i > 0 and k.doc[k.i - 1].lower_ == "no" and k.doc[k.i - 1].dep_ == "det":
                return True
    return False


def _without_protest_topics(main: list[Candidate]) -> list[Candidate]:
    """The PLOVER codebook on PROTEST: "generally the topic of the protest --- which will
    typically be a REQUEST --- is not coded as a separate event", and a riot is violence that
    intends "physical injury and/or property damage". So after a protest, its demands
    ("demonstrated, calling for independence", "rioted ... in demanding a referendum") and, after
    a riot, its property damage ("setting fire to their mattresses") are the protest itself."""
    protests = [c for c in main if c.type == "PROTEST" and not c.negated and not c.hypothetical]
    if not protests:
        return main
    first = min(c.start for c in protests)
    riot = any(c.mode == "riot" for c in protests)
    damage = {"destroy"} if riot else set()
    return [
        c
        for c in main
        if c.start < first or not (c.type == "REQUEST" or c.type == "ASSAULT" and c.mode in damage)
    ]


_FINITE = {"is", "are", "was", "were", "has", "have", "had", "does", "did", "am"}


def _asserts(verb: Token) -> bool:
    """A demanding verb that is also a verb of saying ("insist") demands only "on" something or
    with a mandative subjunctive ("insisted that the army withdraw": a bare verb, no auxiliary,
    no -s or -ed); otherwise it asserts ("insisted unrest there reflected ethnic tensions")."""
    if any(k.dep_ == "prep" and k.lower_ == "on" for k in verb.children):
        return False
    for comp in (k for k in verb.children if k.dep_ == "ccomp"):
        auxes = [k.lower_ for k in comp.children if k.dep_ in ("aux", "auxpass")]
        if any(a in _OBLIGATION for a in auxes):
            return False  # "insisted the army must withdraw": the obligation pre-pass makes the demand
        word = comp.lower_
        return bool(auxes) or word in _FINITE or word.endswith(("s", "ed"))
    return True


def _shares_an_opinion(verb: Token) -> bool:
    """ "agree with someone" on nothing to do ("with Tantan that ...", "with the decision") shares
    an opinion: no commitment to cooperate (PLOVER AGREE). "agreed with Egypt on a ceasefire",
    "agreed with China to hold talks" commit to something."""
    if not verb.lower_.startswith("agree"):
        return False
    kids = list(verb.children)
    with_ = any(k.dep_ == "prep" and k.lower_ == "with" for k in kids)
    committed = any(
        k.dep_ in ("xcomp", "dobj") or k.dep_ == "prep" and k.lower_ in ("on", "to", "upon") for k in kids
    )
    return with_ and not committed


_RESULTING = {"resulting", "resulted"}


def _states_a_result(clause: Token) -> bool:
    """ "callouts at two compounds resulting in two men taken into custody": a participle
    "resulting in" reports what the action led to, wherever the parser hangs it, and so does the
    participle on the people it led to ("two men taken into custody", "one insurgent killed"),
    and a relative clause on an operation ("conducted an operation that resulted in the death of
    a Taliban leader", also where the parser hangs the clause on a place after the operation)."""
    if clause.dep_ == "relcl":
        if clause.lower_ not in _RESULTING:
            return False
        before = clause.doc[clause.sent.start : clause.i]
        return clause.head.lower_ in _EVENT_NOUNS or any(
            t.lower_ in _EVENT_NOUNS and t.dep_ in ("dobj", "nsubj", "nsubjpass") for t in before
        )
    if clause.dep_ != "acl":
        return False
    if clause.lower_ in _RESULTING:
        return True
    people = clause.head
    return people.dep_ == "pobj" and people.head.lower_ == "in" and people.head.head.lower_ in _RESULTING


def _continues_the_story(clause: Token) -> bool:
    """ "helped identify the targeted individual, who was detained along with several of his
    associates": a relative clause set off by a comma, on the object of the main verb, that says
    the person was then taken or killed, tells what happened next; it describes no participant.
    One with a time of its own ("the activist, who was arrested last year") is background."""
    if clause.dep_ != "relcl" or _COUNT_FORMS.get(clause.lower_) not in ("captured", "killed"):
        return False
    who = [k for k in clause.children if k.dep_ == "nsubjpass" and k.lower_ == "who"]
    if not who or who[0].i == 0 or who[0].doc[who[0].i - 1].text != "," or clause.head.dep_ != "dobj":
        return False
    doc = clause.doc
    return find_date_cue(doc[clause.left_edge.i : clause.right_edge.i + 1].text) is None


def _conj_root(tok: Token) -> Token:
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _reporter(clause: Token, reporting: frozenset[str]) -> Token | None:
    """The reporting verb whose complement this clause is ("Russia said Sudan must ...")."""
    t = clause
    for _ in range(3):
        if t.dep_ in ("ccomp", "conj") and t.head.i != t.i:
            if t.head.lower_ in reporting:
                return t.head
            t = t.head
            continue
        break
    return None


def _governed_mode(governing_type: str, inner: Candidate | None) -> str | None:
    """The PLOVER mode an embedded action gives a REQUEST / AGREE / REJECT."""
    if inner is None:
        return None
    t = inner.type
    if governing_type in ("REQUEST", "AGREE", "REJECT"):
        if t == "AID":
            return "aid" if governing_type != "REJECT" else "assist"
        if t in ("COOPERATE", "SUPPORT"):
            return "assist"
        if t in ("RETREAT", "CONCEDE"):
            return "yield"
        if t == "CONSULT":
            return "meet"
        if governing_type == "REQUEST":
            return "change"
    if governing_type == "THREATEN":
        return _threat_mode(inner)
    return inner.mode if governing_type == inner.type else None


def _threat_mode(c: Candidate) -> str | None:
    return {"ASSAULT": "violence", "MOBILIZE": "violence", "SANCTION": "relations", "PROTEST": "relations",
            "COERCE": "restrict"}.get(c.type)  # fmt: skip


_NUMBER = re.compile(r"^\d[\d,]*$")
_YEAR = re.compile(r"^(19|20)\d\d$")  # "2010-09-CA-062", "in 2010": a year, not a head count


def _quantity(noun: Token) -> int | None:
    """How many a noun phrase names: "two insurgents" 2, "several associates" 3, "a leader" 1,
    bare plural 2 (at least two); None when it names none (an operation, a cache)."""
    if noun.lower_ in _NOT_VICTIM_HEADS or noun.lower_ in _EVENT_NOUNS:
        return None  # "executing attacks": an event, not people
    if noun.lower_ in _QUANTITY_NOUNS:
        return _QUANTITY_NOUNS[noun.lower_]  # "a couple of militants": the noun is the figure, not its "a"
    best: int | None = None
    for k in noun.children:
        if k.dep_ in ("nummod", "det", "amod", "quantmod", "poss", "predet"):
            w = k.lower_
            if _NUMBER.match(w) and not _YEAR.match(w):
                n = int(w.replace(",", ""))
                if any(q.lower_ in ("than",) for q in k.children):
                    n += 1  # "more than 100" is at least 101
                best = max(best or 0, n)
            elif w in _NUMBER_WORDS and (
                w not in ("the", "his", "her", "this", "that", "its", "a", "an")
                or not noun.lower_.endswith("s")
            ):
                best = max(best or 0, _NUMBER_WORDS[w])
    if best is None:
        if noun.lower_ in _NUMBER_WORDS and noun.lower_ not in ("a", "an", "the"):
            return _NUMBER_WORDS[noun.lower_]  # "two were killed", "several were detained"
        if _NUMBER.match(noun.lower_) and not _YEAR.match(noun.lower_):
            return int(noun.lower_.replace(",", ""))
        if noun.lower_ in ("him", "her", "he", "she", "individual", "person", "man"):
            return 1
        if noun.lower_ in ("them", "they"):
            return 2
        if noun.text[:1].isupper() and not noun.lower_.endswith("s"):
            return 1  # a name: "killed Alaudin"
        if noun.lower_.endswith("s") and noun.is_alpha:
            return 2
        return 1 if noun.is_alpha else None
    # "a number of insurgents"
    return best


_EVENT_NOUNS = frozenset(
    {"attack", "attacks", "operation", "operations", "ambush", "ambushes", "bombing", "bombings", "raid",
     "raids", "strike", "strikes", "airstrike", "airstrikes", "assault", "assaults", "plot", "plots"}
)  # fmt: skip
_ADDITIONAL = {"additional", "other", "another", "more", "further"}
# Nouns that are a figure of the people after their "of" ("a couple of other militants")
_QUANTITY_NOUNS = {"couple": 2, "pair": 2, "number": 3}
_REFERS_BACK = {"he", "she", "him", "her", "they", "them", "it", "who"}
_DEFINITE = {"the", "this", "that", "these", "those", "his", "her", "their", "its"}


def _is_additional(trigger: Token) -> bool:
    """Whether a count word's figure is in addition to one stated before: "two additional
    suspects were detained", "one other suspected insurgent", "also detained"."""
    heads = [k for k in trigger.children if k.dep_ in ("dobj", "nsubjpass")]
    if any(k.dep_ == "advmod" and k.lower_ == "also" for k in trigger.children):
        # "also detained two suspects" adds; "he was also killed", "also detained the leader"
        # refer back to someone the release has counted already
        dets = [k for h in heads for k in h.children if k.dep_ in ("det", "poss")]
        definite = [k for k in dets if k.lower_ in _DEFINITE]
        return bool(heads) and not definite and not any(h.lower_ in _REFERS_BACK for h in heads)
    mods = [k for h in heads for k in h.children if k.dep_ in ("amod", "det", "advmod", "poss")]
    if any(k.dep_ in ("det", "poss") and k.lower_ in _DEFINITE for k in mods):
        return False  # "detained the other occupants": people the release has introduced already
    return any(k.lower_ in _ADDITIONAL for k in mods)


def _add_additional_counts(findings: list[Finding]) -> None:
    """A figure the text gives as additional joins the first earlier event of its type that
    states a figure of that kind (the lead event of the release): its count becomes the total.
    A lead that sums several groups ("captured a leader and two other militants ... Two other
    insurgents were also captured") already counts them: the later sentence restates a part."""
    for i, f in enumerate(findings):
        for kind, n in f.additive.items():
            lead = next(
                (
                    g
                    for g in findings[:i]
                    if g.event.type == f.event.type and not g.event.negated and g.event.counts.get(kind)
                ),
                None,
            )
            if lead is not None and kind not in lead.summed:
                lead.event.counts[kind] += n


def _along_with(trigger: Token, heads: list[Token], sent_end: int) -> list[Token]:
    """ "detained the targeted leader based on questioning at the scene along with one suspected
    insurgent": the parser hangs "along with" on the nearest noun; the people it names were taken
    with the trigger's object when no other count word stands between them."""
    found: list[Token] = []
    for tok in trigger.doc[trigger.i + 1 : sent_end]:
        if tok.lower_ in _COUNT_FORMS:
            break
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if tok.lower_ == "along" and nxt is not None and nxt.lower_ == "with":
            found += [p for p in (*tok.children, *nxt.children) if p.dep_ == "pobj" and p not in heads]
    return found


def _hyphenated_to_next(tok: Token) -> bool:
    """Whether ``tok`` is a part of a hyphenated word before its last ("sub" or "-" in "sub-commander")."""
    doc = tok.doc
    if tok.whitespace_ or tok.i + 1 >= len(doc):
        return False
    nxt = doc[tok.i + 1]
    if tok.text in ("-", "‐"):
        return nxt.is_alpha
    return nxt.text in ("-", "‐") and not nxt.whitespace_ and tok.is_alpha


def _victim_groups(trigger: Token, sent_end: int, body_start: int = 0) -> list[int]:
    """Killed / wounded / captured figures of a trigger verb, one per group of people it names:
    its object (or passive subject), conjoined nouns, "along with three of his associates".
    Nouns before ``body_start`` (the dateline the parser ran into the lead) name nobody."""
    heads = [k for k in trigger.children if k.dep_ in ("dobj", "nsubjpass")]
    if not heads:
        # "detained a key facilitator linked to the murder": the parser reads the object and its
        # participle as a clause; the clause's subject, right after the verb, is the object
        heads = [
            k
            for clause in trigger.children
            if clause.dep_ == "ccomp"
            for k in clause.children
            if k.dep_ == "nsubj" and k.left_edge.i == trigger.i + 1
        ]
    if not heads and trigger.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass", "appos", "attr"):
        # a noun: "confirmed the arrest of Taliban leader Mullah Abdul Rahman"
        heads = [
            p
            for prep in trigger.children
            if prep.dep_ == "prep" and prep.lower_ == "of"
            for p in prep.children
            if p.dep_ == "pobj"
        ]
    if not heads and trigger.dep_ in ("acl", "amod") and trigger.head.i != trigger.i:
        heads = [trigger.head]  # "insurgents killed in the strike"
    # "killed a Taliban sub-commander": the parser may read each part of a hyphenated word as an
    # object of its own; the word is one noun, its last part
    heads = [h for h in heads if not _hyphenated_to_next(h)]
    if not heads:
        return []
    figures: list[int] = []
    heads += [
        p
        for prep in trigger.children
        if prep.dep_ == "prep" and prep.lower_ == "along"
        for w in prep.children
        if w.lower_ == "with"
        for p in w.children
        if p.dep_ == "pobj"
    ]
    if not any(h.head.lower_ == "with" for h in heads):
        heads += _along_with(trigger, heads, sent_end)
    for head in heads:
        nouns = [head] + [c for c in head.conjuncts if c.i > head.i]
        if trigger.dep_ == "acl" and head.i == trigger.head.i:
            # "two suicide bombers killed in action and ten hostages freed": a conjoined group
            # with a participle of its own had another fate
            nouns = [head] + [n for n in nouns[1:] if not any(k.dep_ == "acl" for k in n.children)]
        if head.idx < body_start:  # the parser hung the lead's people on the dateline's place
            for a in head.children:
                if a.dep_ == "appos" and a.idx >= body_start:
                    nouns += [a] + [c for c in a.conjuncts if c.i > a.i]
        for n in nouns:
            q = _quantity(n) if n.idx >= body_start else None
            if q:
                figures.append(q)
            for prep in n.children:
                if prep.dep_ == "prep" and prep.lower_ in ("with", "along"):
                    for p in prep.subtree:
                        if p.dep_ == "pobj" and p.head.lower_ == "with":
                            companions = _quantity(p)
                            if companions:
                                figures.append(companions)
                            break
    return figures
