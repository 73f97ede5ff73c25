"""When an event happened, from the words of its sentence and the publication (dateline) date.

Own rules rather than ``dateparser``: the cues news and press releases use are few and the stage
runs on every sentence, where dateparser's search costs milliseconds. Resolved against
``published`` (the dateline date):

- "today", "this morning", "tonight", "over the past 24 hours" → that day; "overnight" → that
  day too (a night raid reported in the morning release ends, and mostly takes place, after
  midnight: the ISAF labels date 4 of 8 "overnight" releases on the publication day, 2 the day
  before); "yesterday", "last night" → the day before. Relative words are matched in any case
  ("Today, in ...", a headline's "Captured Overnight");
- a calendar date or year after "since" starts a period ("the 60th leader since Oct. 1",
  "active since 2009"), and is no event date;
- "on Tuesday" → the latest Tuesday on or before the publication date;
- "Jan. 5", "5 January 2013" → that date (the year of publication, or the year before when
  the date would fall after publication); a number before a month that a day follows is no
  day of it ("on Highway 1 August 31" is Aug. 31);
- "last week" → the ISO week before ("2013-W03"), "last month" → "2013-01", "in 2023" → "2023":
  never a day the text does not give.

Without a cue, or without a publication date to resolve a relative one, the date is None: the
publication date is never used silently.

In a parsed sentence (``sentence_dates``) a cue inside a side remark dates only that remark, not
the sentence's main clause, and is not the date the narrative carries on to later sentences:

- a relative clause opened by "who / whom / whose / which / that" (its subject or object, in a
  phrase before its verb, "in which", or owning one, "whose brother") whose verb (or its object)
  names an event: "the commander who was killed in an air strike last week", "the network that
  attacked the base on Feb. 26", "the leader, whose brother was killed by police on May 3,
  planned ...". One that only describes ("a leader who operated out of Kandahar ..., along with
  one suspected insurgent during an operation yesterday") tells no event of its own: a time the
  parser hung in it belongs to the main clause. The sentence's final time belongs to the main
  clause too when that has none and the relative clause has a time of its own before it, with
  words between, and the final time hangs on the same verb (a clause tells one time: "arrested
  two smugglers who were detained on Monday in Kandahar yesterday") or is set off from its own
  verb by a comma ("... who were detained on Monday and released, in Helmand province today").
  A lone final time stays the clause's ("a commander who was killed in an air strike last
  week"), as do "... and released today" and "on Monday and Tuesday";
- a clause opened by "since" ("has led attacks since he was released in 2009");
- a clause opened by "after", "before" or "until" ("detained ... today, a year after he
  escaped from prison on Jan. 5") when the main clause has a cue of its own; when it has none,
  the clause's time dates the sentence ("killed two insurgents after they attacked a checkpoint
  Tuesday": the parser often hangs a sentence's final time phrase in the clause before it);
- a parenthesis, or a pair of dashes, holding more than the date ("(detained Feb. 3)"); a
  bare "(March 3)", a dateline's date, is no remark.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Span, Token

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}

# Month names must be capitalised: "may" and "march" are ordinary words in prose.
_MONTH_RE = (
    r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_CUES = re.compile(
    rf"\b(?P<md>{_MONTH_RE}\s+(?P<md_day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<md_year>(?:19|20)\d\d))?)\b"
    rf"|\b(?P<dm>(?P<dm_day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE}(?:,?\s+(?P<dm_year>(?:19|20)\d\d)\b|\b(?!\.?\s+\d)))"
    r"|\b(?P<iso>(?:19|20)\d\d-\d\d-\d\d)\b"
    r"|\b(?P<rel>(?i:yesterday|today|tonight|this morning|this afternoon|this evening|last night|overnight|"
    r"earlier today|last week|last month|last year|this week|(?:the\s+)?(?:past|last)\s+24\s+hours))\b"
    r"|\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?:in|since|during)\s+(?P<year>(?:19|20)\d\d)\b",
)
_DAY_BEFORE = {"yesterday", "last night"}
_SAME_DAY = {
    "today", "tonight", "this morning", "this afternoon", "this evening", "earlier today", "overnight",
}  # fmt: skip
_SINCE = re.compile(r"\bsince\s*$", re.IGNORECASE)
_RELATIVE_WORDS = {"who", "whom", "whose", "which", "that"}
_OPEN_CLOSE = (("(", ")"), ("—", "—"), ("–", "–"))
_CLAUSE_DEPS = {"ROOT", "relcl", "advcl", "ccomp", "xcomp", "acl", "pcomp", "csubj", "csubjpass"}
# what stands between two cues of one time: "Monday overnight", "Monday and Tuesday", "Jan. 5 to 7"
_JOINING = re.compile(r"[\s,]*(?:(?:and|or|to|through|until|till|night|morning|evening|afternoon)[\s,]*)*")
_TIME_APART = {"after", "before", "until"}  # conjunctions of a clause whose time is not the main clause's


def _published_date(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _month_number(text: str) -> int:
    key = text.rstrip(".").lower()
    return _MONTHS.get(key) or _MONTHS[key[:3]]


def _calendar(year: int | None, month: int, day: int, base: date | None) -> str | None:
    if year is None:
        if base is None:
            return None
        year = base.year
        try:
            if date(year, month, day) > base + timedelta(days=1):
                year -= 1  # "Dec. 30" in a January report is last year's
        except ValueError:
            return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _specificity(match: re.Match[str]) -> int:
    # "overnight ... Monday": the weekday says which night; a calendar date says most
    if match.group("md") or match.group("dm") or match.group("iso"):
        return 0
    if match.group("wd"):
        return 1
    return 2 if match.group("rel") else 3


def _date_cues(text: str) -> list[re.Match[str]]:
    """Every date expression of ``text`` but those that start a period ("since Oct. 1")."""
    return [
        m
        for m in _CUES.finditer(text)
        if not _SINCE.search(text, max(0, m.start() - 8), m.start())
        and not (m.group("year") and m.group(0).lower().startswith("since"))
    ]


def _best(matches: list[re.Match[str]]) -> re.Match[str] | None:
    return min(matches, key=_specificity) if matches else None


def find_date_cue(text: str) -> re.Match[str] | None:
    """The most specific date expression in ``text`` (the first among equals), if any."""
    return _best(_date_cues(text))


def resolve_event_date(text: str, published: str | None) -> str | None:
    """The date the best date cue of ``text`` names, resolved against ``published``; None
    when ``text`` has no cue or a relative cue has no publication date to count from."""
    match = find_date_cue(text)
    return resolve_cue(match, published) if match else None


def resolve_cue(match: re.Match[str], published: str | None) -> str | None:
    base = _published_date(published)
    if match.group("md"):
        month_word = match.group("md").split()[0]
        year = match.group("md_year")
        return _calendar(
            int(year) if year else None, _month_number(month_word), int(match.group("md_day")), base
        )
    if match.group("dm"):
        words = match.group("dm").replace(",", " ").split()
        month_word = next(w for w in words if w.rstrip(".").lower() in _MONTHS)
        year = match.group("dm_year")
        return _calendar(
            int(year) if year else None, _month_number(month_word), int(match.group("dm_day")), base
        )
    if match.group("iso"):
        return match.group("iso")
    if match.group("year"):
        return match.group("year")
    if base is None:
        return None
    if match.group("wd"):
        back = (base.weekday() - _WEEKDAYS[match.group("wd").lower()]) % 7
        return (base - timedelta(days=back)).isoformat()
    rel = " ".join(match.group("rel").lower().split())
    if rel.endswith("24 hours"):
        return base.isoformat()
    if rel in _SAME_DAY:
        return base.isoformat()
    if rel in _DAY_BEFORE:
        return (base - timedelta(days=1)).isoformat()
    if rel == "last week":
        year, week, _ = (base - timedelta(days=7)).isocalendar()
        return f"{year}-W{week:02d}"
    if rel == "this week":
        year, week, _ = base.isocalendar()
        return f"{year}-W{week:02d}"
    if rel == "last month":
        first = base.replace(day=1) - timedelta(days=1)
        return f"{first.year}-{first.month:02d}"
    if rel == "last year":
        return str(base.year - 1)
    return None


@dataclass(frozen=True)
class SideClause:
    """A side remark of a sentence with a date of its own: character offsets in the text."""

    start: int
    end: int
    date: str | None


@dataclass(frozen=True)
class SentenceDates:
    """The dates one sentence gives: its main clause's (``dated`` says whether it has a cue;
    only that date dates the sentence's events and those after it) and its side remarks'."""

    dated: bool
    date: str | None
    side: tuple[SideClause, ...] = ()

    def date_at(self, char: int, narrative: str | None) -> str | None:
        """The date of the word at ``char``: its side remark's, else the narrative's."""
        for clause in self.side:
            if clause.start <= char < clause.end:
                return clause.date
        return narrative


def sentence_dates(
    sent: Span, start_char: int, published: str | None, event_words: Container[str]
) -> SentenceDates:
    """The dates of ``sent`` from ``start_char`` on (after a dateline), resolved against
    ``published``; ``event_words`` are the lower-case words that name events (see the module doc)."""
    text = sent.text  # offsets below are relative to the sentence
    skip = start_char - sent.start_char
    main: list[re.Match[str]] = []
    adverbial: dict[tuple[int, int], list[re.Match[str]]] = {}
    side: dict[tuple[int, int], list[re.Match[str]]] = {}
    clause_heads: dict[tuple[int, int], Token] = {}
    root = sent.root
    for m in _date_cues(text[skip:]):
        start, end = skip + m.start(), skip + m.end()
        clause = _enclosing_pair(text, start, end)
        kind = "remark"
        if clause is None:
            kind, head = _side_clause(sent, root, start, end, event_words)
            if head is not None:
                clause = _token_range(sent, head.left_edge, head.right_edge)
                clause_heads[clause] = head
        if clause is None:
            main.append(m)
        else:
            (adverbial if kind == "adverbial" else side).setdefault(clause, []).append(m)
    if not main:
        # "arrested two smugglers who were detained on Monday ..., in Helmand today": a final
        # time the parser hung in a remark with a time of its own is the main clause's
        for clause, head in clause_heads.items():
            final = _final_cue_of_main(sent, skip, head, side.get(clause, []))
            if final is not None:
                side[clause].remove(final)
                main.append(final)
                break
    if not main:
        # "killed two insurgents after they attacked a checkpoint Tuesday": an adverbial clause's
        # time dates the sentence when its main clause has none (the parser often hangs a final
        # time phrase in the clause before it)
        main = [m for matches in adverbial.values() for m in matches]
    else:
        side.update(adverbial)
    best = _best(main)
    remarks = []
    for (start, end), matches in sorted(side.items()):
        cue = _best(matches)
        at = sent.start_char
        remarks.append(SideClause(at + start, at + end, resolve_cue(cue, published) if cue else None))
    return SentenceDates(best is not None, resolve_cue(best, published) if best else None, tuple(remarks))


def _token_range(sent: Span, left: Token, right: Token) -> tuple[int, int]:
    return left.idx - sent.start_char, right.idx + len(right) - sent.start_char


def _final_cue_of_main(
    sent: Span, skip: int, head: Token, matches: list[re.Match[str]]
) -> re.Match[str] | None:
    """The cue among ``matches`` (offsets after ``skip``) of the remark headed by ``head`` that
    the main clause owns: the sentence's last words, after another cue of the remark with words
    between ("detained on Monday in Helmand yesterday"; not "Monday overnight"), hung on the
    verb that other cue dates (a clause tells one time) or set off from its own verb by a comma
    ("detained on Monday and released, in Helmand today"; not "... and released today")."""
    if len(matches) < 2 or head.dep_ != "relcl":
        return None
    final = max(matches, key=lambda m: m.start())
    text = sent.text
    if re.search(r"\w", text[skip + final.end() :]):
        return None
    earlier = [
        m
        for m in matches
        if m.end() <= final.start() and not _JOINING.fullmatch(text[skip + m.end() : skip + final.start()])
    ]
    if not earlier:
        return None
    final_span = sent.char_span(skip + final.start(), skip + final.end(), alignment_mode="expand")
    if final_span is None:
        return None
    verb = _verb_of(final_span.root, head)
    for m in earlier:
        span = sent.char_span(skip + m.start(), skip + m.end(), alignment_mode="expand")
        if span is not None and _verb_of(span.root, head).i == verb.i:
            return final
    if any(t.text == "," for t in sent.doc[verb.i + 1 : final_span.start]):
        return final
    return None


def _verb_of(tok: Token, head: Token) -> Token:
    """The verb of the remark headed by ``head`` that ``tok`` hangs on: the nearest head of a
    clause, or of a verb coordinated with one ("detained ... and released today")."""
    while tok.i != head.i and tok.head.i != tok.i and not _heads_clause(tok):
        tok = tok.head
    return tok


def _heads_clause(tok: Token) -> bool:
    # the stage parses without a tagger: clauses are told by their dependency labels
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ in _CLAUSE_DEPS


def _side_clause(
    sent: Span, root: Token, start: int, end: int, event_words: Container[str]
) -> tuple[str, Token | None]:
    """The kind and head of the clause the cue at ``start:end`` (relative to ``sent``) dates
    apart from the main clause: ("remark", head), ("adverbial", head) or ("", None) for the main
    clause."""
    cue = sent.char_span(start, end, alignment_mode="expand")
    if cue is None:
        return "", None
    tok = cue.root
    while tok.i != root.i and tok.head.i != tok.i:
        kind = _clause_kind(tok, event_words)
        if kind:
            return kind, tok
        tok = tok.head
    return "", None


def _clause_kind(tok: Token, event_words: Container[str]) -> str:
    """ "remark" for a relative clause that tells an event of its own or a "since" clause;
    "adverbial" for a clause opened by "after", "before", "until" (see the module doc)."""
    if tok.dep_ == "advcl":
        marks = {k.lower_ for k in tok.children if k.dep_ == "mark"}
        if "since" in marks:
            return "remark"
        return "adverbial" if marks & _TIME_APART else ""
    if tok.dep_ != "relcl":
        return ""
    if _opens_with_relative_word(tok) and (
        tok.lower_ in event_words or any(k.dep_ == "dobj" and k.lower_ in event_words for k in tok.children)
    ):
        return "remark"
    return ""


def _opens_with_relative_word(verb: Token) -> bool:
    """Whether a relative word comes before ``verb`` in its clause, as its subject or object
    ("who", "that"), inside a phrase before it ("in which"), or owning one ("whose brother")."""
    for word in verb.doc[verb.left_edge.i : verb.i]:
        if word.lower_ not in _RELATIVE_WORDS:
            continue
        tok = word
        while tok.head.i != verb.i and tok.head.i != tok.i and tok.head.pos_ not in ("VERB", "AUX"):
            tok = tok.head
        if tok.head.i == verb.i:
            return True
    return False


def _enclosing_pair(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A parenthesis or dash pair in ``text`` around ``start:end`` that holds more than the cue."""
    for opening, closing in _OPEN_CLOSE:
        left = text.rfind(opening, 0, start)
        if left == -1 or (opening != closing and text.find(closing, left, start) != -1):
            continue
        right = text.find(closing, end)
        if right == -1 or (opening != closing and text.find(opening, end, right) != -1):
            continue
        if text[left + 1 : start].strip(" ,") or text[end:right].strip(" ,.)"):
            return left, right + 1
    return None
