"""The search query language, parsed into a structure no database sees as raw text.

Syntax (what analysts know from web search engines):

- ``taliban kandahar``: every word must occur (AND is the default; an explicit ``AND`` is allowed);
- ``"security operation"``: the words as a phrase;
- ``taliban OR haqqani``: either one (``OR`` in capitals binds tighter than the implicit AND);
- ``-airstrike`` or ``NOT airstrike``: documents without that word or phrase;
- ``insurg*``: a prefix (at least two letters).

Words are the runs of letters and digits, which is how both SQLite FTS5 (``unicode61``) and
PostgreSQL (``simple``) split text, so ``ISIS-K`` becomes the phrase ``isis k`` and any other
character (``:``, ``^``, ``(``, ``'``, a lone ``*``, FTS5 keywords such as ``NEAR``) is plain text
or a separator. The store turns a :class:`ParsedQuery` into an FTS5 MATCH string in which every
term is quoted, or into a tsquery passed as a bound parameter, so no query can produce a
full-text syntax error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitrep.errors import QueryError

MIN_PREFIX_CHARS = 2

_WORD = re.compile(r"[^\W_]+")
# A token is a quoted phrase (possibly unterminated), or a run of anything but space and quotes;
# either may carry a leading "-" (exclusion) and a trailing "*" (prefix).
_TOKEN = re.compile(r'(-?)"([^"]*)("?)(\*?)|([^\s"]+)')
_CURLY_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})


@dataclass(frozen=True)
class Term:
    """One word, or a phrase of words that must occur next to each other, in lower case."""

    words: tuple[str, ...]
    prefix: bool = False  # the last word is a prefix

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    def __str__(self) -> str:
        body = " ".join(self.words)
        text = f'"{body}"' if self.is_phrase else body
        return text + ("*" if self.prefix else "")


@dataclass(frozen=True)
class ParsedQuery:
    """A conjunction of alternatives, minus excluded terms.

    ``groups`` is an AND of ORs: every group must match, and a group matches when any of its terms
    does. ``excluded`` terms must not occur.
    """

    text: str
    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.excluded

    def terms(self) -> list[Term]:
        """The positive terms, in query order (what a snippet highlights)."""
        return [t for g in self.groups for t in g]

    def __str__(self) -> str:
        parts = [" OR ".join(str(t) for t in g) for g in self.groups]
        parts += [f"-{t}" for t in self.excluded]
        return " ".join(parts)


@dataclass
class _Item:
    op: str | None  # "OR", "NOT", "AND" for operators; None for a term
    term: Term | None = None
    negated: bool = False  # written with a leading "-"


def _term(raw: str, prefix: bool, query: str) -> Term | None:
    words = tuple(w.lower() for w in _WORD.findall(raw))
    if not words:
        return None  # only punctuation: dropped, like a search engine does
    if prefix and len(words[-1]) < MIN_PREFIX_CHARS:
        # A one-letter prefix expands to a large part of the vocabulary: slow and never useful.
        raise QueryError(
            f"query {query!r}: prefix {raw + '*'!r} is too short; use at least {MIN_PREFIX_CHARS} letters"
        )
    return Term(words, prefix)


def _tokens(query: str) -> list[_Item]:
    text = query.translate(_CURLY_QUOTES)
    if text.count('"') % 2:
        raise QueryError(f"query {query!r}: unbalanced quotes")
    items: list[_Item] = []
    for m in _TOKEN.finditer(text):
        minus, phrase, _close, star, bare = m.groups()
        if phrase is not None:
            term = _term(phrase, bool(star), query)
            if term is not None:
                items.append(_Item(None, term, negated=bool(minus)))
            continue
        if bare in ("OR", "NOT", "AND"):
            items.append(_Item(bare))
            continue
        negated = bare.startswith("-")
        body = bare.lstrip("-")
        prefix = body.endswith("*")
        term = _term(body.rstrip("*"), prefix, query)
        if term is not None:
            items.append(_Item(None, term, negated=negated))
    return items


def parse_query(text: str) -> ParsedQuery:
    """Parse a search box query; raise :class:`QueryError` naming the query when it is malformed.

    An empty (or all-punctuation) query parses to an empty :class:`ParsedQuery`; whether that is
    acceptable depends on the filters, which the caller knows.
    """
    items = _tokens(text)
    if items and all(i.op for i in items):
        raise QueryError(f"query {text!r}: only operators, nothing to search for")
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    pending_or = False
    pending_not = False
    for n, item in enumerate(items):
        if item.op == "OR":
            if not groups or pending_or or pending_not or n == len(items) - 1:
                raise QueryError(f"query {text!r}: OR needs a term on each side")
            if items[n + 1].op is not None or items[n + 1].negated:
                raise QueryError(f"query {text!r}: OR needs a term on each side")
            pending_or = True
        elif item.op == "NOT":
            if pending_not or pending_or or n == len(items) - 1 or items[n + 1].op is not None:
                raise QueryError(f"query {text!r}: NOT needs a term after it")
            pending_not = True
        elif item.op == "AND":
            if pending_or or pending_not or not groups or n == len(items) - 1:
                raise QueryError(f"query {text!r}: AND needs a term on each side")
        else:
            assert item.term is not None
            if item.negated or pending_not:
                if pending_or:
                    raise QueryError(f"query {text!r}: an excluded term cannot be an OR alternative")
                if n + 1 < len(items) and items[n + 1].op == "OR":
                    raise QueryError(f"query {text!r}: an excluded term cannot be an OR alternative")
                excluded.append(item.term)
            elif pending_or:
                groups[-1].append(item.term)
            else:
                groups.append([item.term])
            pending_or = pending_not = False
    return ParsedQuery(
        text=text,
        groups=tuple(tuple(dict.fromkeys(g)) for g in groups),
        excluded=tuple(dict.fromkeys(excluded)),
    )


def fts5_match(query: ParsedQuery) -> str:
    """The FTS5 MATCH expression for the positive part of ``query`` ('' when it has none).

    Every term is a double-quoted FTS5 string, so nothing in it is read as FTS5 syntax; words
    contain only letters and digits, and quotes are doubled all the same.
    """

    def quoted(t: Term) -> str:
        body = " ".join(t.words).replace('"', '""')
        return f'"{body}"' + (" *" if t.prefix else "")

    def group(g: tuple[Term, ...]) -> str:
        return quoted(g[0]) if len(g) == 1 else "(" + " OR ".join(quoted(t) for t in g) + ")"

    expr = " AND ".join(group(g) for g in query.groups)
    if expr:
        for t in query.excluded:
            expr += f" NOT {quoted(t)}"
    return expr


def fts5_exclusion(query: ParsedQuery) -> str:
    """FTS5 expression matching any excluded term, for queries that only exclude."""
    return fts5_match(ParsedQuery(query.text, groups=(query.excluded,))) if query.excluded else ""


def tsquery_text(terms: tuple[Term, ...] | list[Term], operator: str = "|") -> str:
    """A PostgreSQL ``to_tsquery`` input for ``terms`` joined by ``operator`` (quoted lexemes).

    Words are letters and digits only; they are single-quoted anyway so the text is always a
    valid tsquery. Passed to the database as a bound parameter, never spliced into SQL.
    """

    def one(t: Term) -> str:
        lexemes = [f"'{w}'" for w in t.words]
        if t.prefix:
            lexemes[-1] += ":*"
        return "(" + " <-> ".join(lexemes) + ")"

    return f" {operator} ".join(one(t) for t in terms)


def tsquery(query: ParsedQuery) -> str:
    """The PostgreSQL tsquery text for the positive part of ``query`` ('' when it has none)."""
    expr = " & ".join("(" + tsquery_text(g) + ")" for g in query.groups)
    if expr:
        for t in query.excluded:
            expr += f" & !({tsquery_text([t])})"
    return expr
