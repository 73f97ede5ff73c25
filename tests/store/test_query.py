"""The search query language: parsing, errors, and the FTS5 / tsquery text it becomes."""

from __future__ import annotations

import pytest

from sitrep.analysis.query import Term, fts5_match, parse_query, tsquery
from sitrep.errors import QueryError


def test_words_are_anded() -> None:
    q = parse_query("Taliban Kandahar")
    assert q.groups == ((Term(("taliban",)),), (Term(("kandahar",)),))
    assert fts5_match(q) == '"taliban" AND "kandahar"'


def test_phrase_or_not_prefix() -> None:
    q = parse_query('"security operation" taliban OR haqqani -airstrike NOT "night raid" insurg*')
    assert q.groups == (
        (Term(("security", "operation")),),
        (Term(("taliban",)), Term(("haqqani",))),
        (Term(("insurg",), prefix=True),),
    )
    assert q.excluded == (Term(("airstrike",)), Term(("night", "raid")))
    assert fts5_match(q) == (
        '"security operation" AND ("taliban" OR "haqqani") AND "insurg" * NOT "airstrike" NOT "night raid"'
    )
    assert tsquery(q) == (
        "(('security' <-> 'operation')) & (('taliban') | ('haqqani')) & (('insurg':*))"
        " & !(('airstrike')) & !(('night' <-> 'raid'))"
    )


def test_words_split_like_the_indexes_do() -> None:
    q = parse_query("ISIS-K Afghanistan's")
    assert q.groups == ((Term(("isis", "k")),), (Term(("afghanistan", "s")),))


@pytest.mark.parametrize(
    "text",
    [
        '"',
        'taliban "kandahar',
        "OR taliban",
        "taliban OR",
        "NOT",
        "taliban NOT",
        "OR",
        "OR AND NOT",
        "a OR OR b",
        "-a OR b",
        "a OR -b",
        "NOT NOT a",
        "AND taliban",
        "k*",
    ],
)
def test_malformed_queries_are_rejected_naming_the_query(text: str) -> None:
    with pytest.raises(QueryError) as info:
        parse_query(text)
    message = str(info.value)
    assert repr(text) in message and "\n" not in message


@pytest.mark.parametrize(
    "text",
    [
        "title:taliban",
        "^start",
        "(a OR b)",
        "a NEAR b",
        "*",
        "**",
        "'",
        "a'b",
        "col:",
        '""',
        "\\",
        "a AND b",
        "NEAR(a b)",
        "{a b}",
        "a + b",
        "-",
        "--x",
        "x*y",
        "ünïcödé",
        "Талибан*",
    ],
)
def test_fts_syntax_is_literal(text: str) -> None:
    q = parse_query(text)
    match = fts5_match(q)
    # every bare word sits inside double quotes
    outside = "".join(part for i, part in enumerate(match.split('"')) if i % 2 == 0)
    assert set(outside.replace("AND", "").replace("OR", "").replace("NOT", "")) <= set(" ()*")


def test_empty_and_punctuation_only_queries_parse_to_nothing() -> None:
    assert parse_query("").is_empty
    assert parse_query("  ").is_empty
    assert parse_query("*** ::: '").is_empty


def test_lowercase_operators_are_words_and_curly_quotes_are_quotes() -> None:
    q = parse_query("war or peace")
    assert len(q.groups) == 3
    assert parse_query("\u201cnight raid\u201d").groups == ((Term(("night", "raid")),),)


def test_exclusion_only_query() -> None:
    q = parse_query("-taliban")
    assert q.groups == () and q.excluded == (Term(("taliban",)),) and not q.is_empty
    assert fts5_match(q) == ""
