"""Search: full text with the query language, every filter, snippets, bad input."""

from __future__ import annotations

import pytest

from sitrep.errors import QueryError
from sitrep.model import Actor, Event, Mention, Place, Record, Span
from sitrep.store import SearchQuery, Store
from sitrep.store.search import END_MARK, START_MARK
from tests.store.builders import full_record, plain_record


def _doc(
    text: str,
    *,
    actors: list[Actor] | None = None,
    places: list[Place] | None = None,
    events: list[str] | None = None,
    topics: list[str] | None = None,
    **document: object,
) -> Record:
    r = plain_record(text, **document)
    r.actors = actors or []
    r.mentions = [Mention(a.id, 0, 1, text[:1]) for a in r.actors]
    r.places = places or []
    r.events = [Event(type=t, trigger="x", sentence=Span(0, 5)) for t in events or []]
    r.topics = topics or []
    return r


TALIBAN = Actor(id="taliban", name="Taliban", kind="armed group", country="AF", aliases=["Islamic Emirate"])
ISAF = Actor(
    id="isaf", name="International Security Assistance Force", kind="intergovernmental", aliases=["ISAF"]
)
CSTO = Actor(
    id="csto", name="Collective Security Treaty Organization", kind="intergovernmental", aliases=["CSTO"]
)
KABUL = Place("1138958", "Kabul", "city", country="AF")
DUSHANBE = Place("1221874", "Dushanbe", "city", country="TJ")


@pytest.fixture
def corpus(store: Store) -> dict[str, str]:
    records = {
        "raid": _doc(
            "An Afghan and coalition security force captured a Taliban leader in Kandahar province. "
            "The security operation also detained two suspected insurgents.",
            title="Taliban leader captured in Kandahar",
            source="ISAF Joint Command",
            published="2012-05-03",
            language="en",
            actors=[TALIBAN, ISAF],
            places=[Place("1138336", "Kandahar", "admin1", country="AF")],
            events=["ASSAULT"],
            topics=["terrorism"],
        ),
        "airstrike": _doc(
            "A precision airstrike killed an insurgent commander in Helmand. No civilians were harmed "
            "in the airstrike, officials said.",
            title="Airstrike in Helmand",
            source="isaf joint command",
            published="2012-05-20T08:30:00",
            language="en",
            actors=[ISAF],
            places=[KABUL],
            events=["ASSAULT", "STATEMENT"],
            topics=["terrorism"],
        ),
        "csto": _doc(
            "CSTO foreign ministers adopted a joint statement on the situation in Afghanistan and "
            "pledged to reinforce the Tajik border against drug trafficking.",
            title="CSTO ministers on Afghanistan",
            source="Amu TV",
            published="2024-03-12",
            language="en",
            actors=[CSTO],
            places=[DUSHANBE],
            events=["AGREE"],
            topics=["diplomacy", "drugs"],
        ),
        "ru": _doc(
            "Министры иностранных дел ОДКБ обсудили ситуацию в Афганистане и угрозы терроризма.",
            title="ОДКБ об Афганистане",
            source="ТАСС",
            published="2024-03-13",
            language="ru",
            actors=[CSTO],
            topics=["diplomacy"],
        ),
        "undated": _doc("An undated note about insurgency trends and insurgents.", source="Note"),
    }
    for r in records.values():
        store.add(r)
    return {k: r.document.id for k, r in records.items()}


def ids(store: Store, **query: object) -> list[str]:
    return [h.document_id for h in store.search(SearchQuery(**query)).hits]  # type: ignore[arg-type]


def test_words_phrase_or_not_prefix(store: Store, corpus: dict[str, str]) -> None:
    assert ids(store, text="taliban kandahar") == [corpus["raid"]]
    assert ids(store, text='"security operation"') == [corpus["raid"]]
    assert ids(store, text='"operation security"') == []
    assert set(ids(store, text="kandahar OR helmand")) == {corpus["raid"], corpus["airstrike"]}
    assert ids(store, text="insurgent* -airstrike", sort="date") == [corpus["raid"], corpus["undated"]]
    assert ids(store, text="insurgent* NOT airstrike NOT undated") == [corpus["raid"]]
    assert set(ids(store, text="insurg*")) == {corpus["raid"], corpus["airstrike"], corpus["undated"]}
    assert ids(store, text="Афганистане") == [corpus["ru"]]
    assert ids(store, text="ОДКБ") == [corpus["ru"]]


def test_title_counts_and_relevance_order(store: Store, corpus: dict[str, str]) -> None:
    page = store.search(SearchQuery(text="airstrike"))
    assert page.total == 1 and page.hits[0].document_id == corpus["airstrike"]
    assert page.hits[0].score > 0
    assert page.hits[0].title == "Airstrike in Helmand"
    assert page.hits[0].published == "2012-05-20T08:30:00"
    assert page.hits[0].source == "isaf joint command"


def test_snippet_marks_matches(store: Store, corpus: dict[str, str]) -> None:
    (hit,) = store.search(SearchQuery(text="coalition")).hits
    assert f"{START_MARK}coalition{END_MARK}" in hit.snippet
    (hit,) = store.search(SearchQuery(text='"joint statement"')).hits
    assert START_MARK in hit.snippet and END_MARK in hit.snippet
    assert "joint" in hit.snippet.replace(START_MARK, "").replace(END_MARK, "")


def test_filter_only_lists_newest_first_with_plain_snippets(store: Store, corpus: dict[str, str]) -> None:
    page = store.search(SearchQuery(language="en"))
    assert [h.document_id for h in page.hits] == [corpus["csto"], corpus["airstrike"], corpus["raid"]]
    assert page.total == 3
    assert all(START_MARK not in h.snippet for h in page.hits)
    assert page.hits[0].snippet.startswith("CSTO foreign ministers")


def test_empty_query_lists_everything_newest_first(store: Store, corpus: dict[str, str]) -> None:
    page = store.search(SearchQuery())
    assert page.total == 5
    assert [h.document_id for h in page.hits][-1] == corpus["undated"]  # no date: last


def test_actor_filter_matches_id_name_or_alias(store: Store, corpus: dict[str, str]) -> None:
    for value in ("taliban", "TALIBAN", "Islamic Emirate", "islamic  emirate"):
        assert ids(store, actor=value) == [corpus["raid"]], value
    assert set(ids(store, actor="isaf")) == {corpus["raid"], corpus["airstrike"]}
    assert set(ids(store, actor="Collective Security Treaty Organization")) == {corpus["csto"], corpus["ru"]}
    assert ids(store, actor="nobody") == []
    assert ids(store, text="insurgents", actor="isaf") == [corpus["raid"]]


def test_kind_country_source_filters(store: Store, corpus: dict[str, str]) -> None:
    assert ids(store, kind="armed group") == [corpus["raid"]]
    assert set(ids(store, kind="intergovernmental")) == {
        corpus["raid"],
        corpus["airstrike"],
        corpus["csto"],
        corpus["ru"],
    }
    # country: an actor of that country (Taliban) or a place in it (Kabul)
    assert set(ids(store, country="af")) == {corpus["raid"], corpus["airstrike"]}
    assert ids(store, country="TJ") == [corpus["csto"]]
    assert set(ids(store, source="ISAF JOINT COMMAND")) == {corpus["raid"], corpus["airstrike"]}
    assert ids(store, source="ISAF") == []  # exact outlet, not a substring
    assert ids(store, source="тасс") == [corpus["ru"]]


def test_date_filters_are_inclusive_prefixes(store: Store, corpus: dict[str, str]) -> None:
    assert ids(store, since="2012-05-20", until="2012-05-20") == [corpus["airstrike"]]
    assert ids(store, since="2012-05", until="2012-05") == [corpus["airstrike"], corpus["raid"]]
    assert ids(store, since="2024") == [corpus["ru"], corpus["csto"]]
    assert ids(store, until="2012") == [corpus["airstrike"], corpus["raid"]]
    assert ids(store, until="2012-05-03") == [corpus["raid"]]
    assert ids(store, until="2012-12-31", since="2012-05-04") == [corpus["airstrike"]]


def test_event_type_topic_language_filters(store: Store, corpus: dict[str, str]) -> None:
    assert ids(store, event_type="assault") == [corpus["airstrike"], corpus["raid"]]
    assert ids(store, event_type="STATEMENT") == [corpus["airstrike"]]
    assert ids(store, topic="drugs") == [corpus["csto"]]
    assert ids(store, topic="Diplomacy") == [corpus["ru"], corpus["csto"]]
    assert ids(store, language="ru") == [corpus["ru"]]
    assert ids(store, text="afghanistan", topic="diplomacy", language="en") == [corpus["csto"]]


def test_paging(store: Store, corpus: dict[str, str]) -> None:
    first = store.search(SearchQuery(limit=2))
    second = store.search(SearchQuery(limit=2, offset=2))
    assert first.total == second.total == 5
    assert len(first.hits) == len(second.hits) == 2
    assert not {h.document_id for h in first.hits} & {h.document_id for h in second.hits}


def test_exclusion_only_query(store: Store, corpus: dict[str, str]) -> None:
    assert set(ids(store, text="-insurg*", limit=10)) == {corpus["csto"], corpus["ru"]}


@pytest.mark.parametrize(
    "text",
    ['taliban "kandahar', "OR", "taliban OR", "NOT", "OR NOT AND", "::: ***", "k*"],
)
def test_bad_queries_raise_query_error_and_change_nothing(
    store: Store, corpus: dict[str, str], text: str
) -> None:
    before = store.table_counts()
    with pytest.raises(QueryError) as info:
        store.search(SearchQuery(text=text))
    assert repr(text) in str(info.value)
    assert store.table_counts() == before


@pytest.mark.parametrize(
    "query",
    [
        SearchQuery(since="yesterday"),
        SearchQuery(until="2012-13"),
        SearchQuery(until="2012-02-30"),
        SearchQuery(limit=0),
        SearchQuery(offset=-1),
    ],
)
def test_bad_filters_raise_query_error(store: Store, query: SearchQuery) -> None:
    with pytest.raises(QueryError):
        store.search(query)


@pytest.mark.parametrize(
    "text",
    [
        "title:taliban",
        "^taliban",
        "(taliban",
        "taliban)",
        "taliban NEAR kandahar",
        "NEAR(taliban kandahar)",
        "*",
        "taliban*",
        "'",
        "taliban's",
        "a:b:c",
        '"AND"',
        '"OR" taliban',
        "{taliban}",
        "taliban + kandahar",
        "x' OR 1=1 --",
        "col:^*",
        "\\",
        "!@#$%^&*() taliban",
        "\x00taliban",
        "::: ***",
    ],
)
def test_special_characters_never_reach_the_engine_raw(
    store: Store, corpus: dict[str, str], text: str
) -> None:
    page = store.search(SearchQuery(text=text, country="AF"))  # a filter makes punctuation-only valid
    assert page.total >= 0


def test_punctuation_only_query_with_a_filter_is_filter_only(store: Store, corpus: dict[str, str]) -> None:
    assert ids(store, text="***", topic="drugs") == [corpus["csto"]]


def test_full_record_is_found_by_each_of_its_facts(store: Store) -> None:
    record = full_record()
    store.add(record)
    doc = record.document.id
    assert ids(store, actor="ОДКБ") == [doc]
    assert ids(store, actor="imangali-tasmagambetov") == [doc]
    assert ids(store, country="KZ") == [doc]
    assert ids(store, event_type="SUPPORT") == [doc]
    assert ids(store, topic="border security") == [doc]
    assert ids(store, source="amu tv", text='"allies alone"') == [doc]


def test_broad_queries_rank_the_most_recent_window_and_count_to_the_cap(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sitrep.store import search

    monkeypatch.setattr(search, "COUNT_CAP", 3)
    records = [plain_record(f"Report {n}: border incident number {n} near the river.") for n in range(6)]
    for r in records:
        store.add(r)
    page = store.search(SearchQuery(text="border incident", limit=2))
    assert (page.total, page.total_is_lower_bound) == (3, True)
    if store.url.startswith("sqlite"):
        # only the three most recently ingested are ranked on SQLite
        assert {h.document_id for h in page.hits} <= {r.document.id for r in records[3:]}
    assert len(page.hits) == 2
    assert all(START_MARK in h.snippet for h in page.hits)
    # a page reaching past the window reads (and counts) as many matches as it needs
    every = store.search(SearchQuery(text="border incident", limit=10))
    assert {h.document_id for h in every.hits} == {r.document.id for r in records}
    assert (every.total, every.total_is_lower_bound) == (6, False)
    by_date = store.search(SearchQuery(text="border", sort="date", limit=2))
    assert (by_date.total, by_date.total_is_lower_bound) == (3, True)
    monkeypatch.setattr(search, "COUNT_CAP", 1000)
    assert store.search(SearchQuery(text="border", sort="date", limit=2)).total == 6


def _all_hits(store: Store, **query: object) -> list[str]:
    return ids(store, limit=1000, **query)


def test_totals_past_the_cap_are_lower_bounds(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from sitrep.store import search

    records = [
        _doc(f"Patrol {n}: insurgents seen near the river.", published=f"2012-0{n + 1}-01", actors=[ISAF])
        for n in range(5)
    ]
    for r in records:
        store.add(r)
    exact = store.search(SearchQuery(text="insurgents"))
    assert (exact.total, exact.total_is_lower_bound) == (5, False)
    monkeypatch.setattr(search, "COUNT_CAP", 3)
    for query in (
        SearchQuery(text="insurgents", limit=2),
        SearchQuery(text="insurg*", sort="date", limit=2),
        SearchQuery(actor="isaf", limit=2),
        SearchQuery(text="river", since="2012", limit=2),
        SearchQuery(limit=2),
    ):
        page = store.search(query)
        assert (page.total, page.total_is_lower_bound) == (3, True), query
        assert len(page.hits) == 2, query
    # a page reaching past the cap counts as far as it reads
    page = store.search(SearchQuery(text="insurgents", limit=10))
    assert (page.total, page.total_is_lower_bound, len(page.hits)) == (5, False, 5)
    # at the cap exactly, the count is still exact
    monkeypatch.setattr(search, "COUNT_CAP", 5)
    page = store.search(SearchQuery(text="insurgents"))
    assert (page.total, page.total_is_lower_bound) == (5, False)
    # date order is right whichever way the page is found
    newest_first = [r.document.id for r in reversed(records)]
    monkeypatch.setattr(search, "COUNT_CAP", 2)
    assert ids(store, text="insurgents", sort="date", limit=3) == newest_first[:3]
    assert ids(store, text="insurgents", sort="date", limit=2, offset=2) == newest_first[2:4]
    assert ids(store, actor="isaf", limit=3) == newest_first[:3]


@pytest.mark.parametrize("materialize_max", [0, 1_000_000])
@pytest.mark.parametrize("count_cap", [1, 1000])
def test_every_plan_gives_the_same_documents(
    store: Store,
    corpus: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    materialize_max: int,
    count_cap: int,
) -> None:
    """Filters read as lists or probed per row, counts capped or not: the same hits."""
    from sitrep.store import search

    queries = [
        {"text": "insurg*"},
        {"text": "insurg*", "sort": "date"},
        {"text": "taliban OR airstrike", "actor": "isaf"},
        {"text": "insurgent*", "country": "AF", "since": "2012"},
        {"text": "afghanistan", "kind": "intergovernmental", "language": "en"},
        {"kind": "intergovernmental", "until": "2024-03-12"},
        {"country": "af", "event_type": "ASSAULT", "topic": "terrorism"},
        {"text": "-insurg*", "source": "Amu TV"},
        {"text": "airstrike", "actor": "nobody"},
    ]
    expected = {n: set(_all_hits(store, **query)) for n, query in enumerate(queries)}
    monkeypatch.setattr(search, "MATERIALIZE_MAX", materialize_max)
    monkeypatch.setattr(search, "COUNT_CAP", count_cap)
    for n, query in enumerate(queries):
        assert set(_all_hits(store, **query)) == expected[n], query
    assert expected[0] == {corpus["raid"], corpus["airstrike"], corpus["undated"]}
    assert expected[3] == {corpus["raid"], corpus["airstrike"]}
    assert expected[8] == set()


def test_prefix_expansion_matches_what_fts5_matches(
    store: Store, corpus: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sitrep.store import search

    queries = ["insurg*", "insurgen*", '"security oper"*', "kandahar OR helm*", "airstr* -civil*", "афган*"]
    expanded = {q: ids(store, text=q) for q in queries}
    monkeypatch.setattr(search, "MAX_PREFIX_TERMS", 0)  # every prefix left to FTS5
    for q in queries:
        assert set(ids(store, text=q)) == set(expanded[q]), q
    assert expanded['"security oper"*'] == [corpus["raid"]]
    assert expanded["афган*"] == [corpus["ru"]]
