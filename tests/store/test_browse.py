"""Browse queries: events, timeline, quotes, commitments, an actor's co-actors and activity.

Every test runs on SQLite and on PostgreSQL (the ``store`` fixture), so both give the same rows.
"""

from __future__ import annotations

import pytest

from sitrep.errors import QueryError
from sitrep.model import Actor, Commitment, Event, Mention, Place, Quote, Record, Span
from sitrep.store import Store
from sitrep.store.browse import Browser, CommitmentQuery, EventQuery, QuoteQuery
from tests.store.builders import full_record, plain_record, province_records, span_of

TALIBAN = Actor(id="taliban", name="Taliban", kind="armed group", country="AF", aliases=["Islamic Emirate"])
ANSF = Actor(id="ansf", name="Afghan National Security Forces", kind="government", country="AF")
KANDAHAR = Place("geonames:1138336", "Kandahar", "admin1", country="AF", lat=31.6, lon=65.7)

RAID = (
    "KANDAHAR, Afghanistan (Jan. 25, 2013)\n"
    "Afghan forces arrested a Taliban leader in Kandahar province. "
    "The Taliban attacked a checkpoint last week. "
    'A Taliban spokesman said: "We will answer."'
)
LATER = "Afghan forces called on the Taliban to lay down their arms in 2011."


def _raid() -> Record:
    r = plain_record(RAID, title="Taliban leader arrested", published="2013-01-25", source="ISAF")
    s1 = Span(*span_of(RAID, "Afghan forces arrested a Taliban leader in Kandahar province."))
    s2 = Span(*span_of(RAID, "The Taliban attacked a checkpoint last week."))
    s3 = Span(*span_of(RAID, 'A Taliban spokesman said: "We will answer."'))
    r.actors = [TALIBAN, ANSF]
    r.mentions = [Mention("taliban", *span_of(RAID, "Taliban"), "Taliban")]
    r.places = [KANDAHAR]
    r.events = [
        Event(
            type="COERCE",
            trigger="arrested",
            sentence=s1,
            source=["ansf"],
            target=["taliban"],
            place=KANDAHAR.id,
            date=None,  # falls back to the published date
            counts={"captured": 1},
            trigger_span=Span(*span_of(RAID, "arrested")),
        ),
        # a week date: placed in time by the published date (2013-01-25)
        Event(type="ASSAULT", trigger="attacked", sentence=s2, source=["taliban"], date="2013-W03"),
        Event(type="STATEMENT", trigger="said", sentence=s3, source=["taliban"], date="2013"),
    ]
    q = span_of(RAID, "We will answer.")
    r.quotes = [Quote("taliban", "A Taliban spokesman", "said", "direct", "We will answer.", *q, sentence=s3)]
    r.topics = ["terrorism"]
    return r


def _later() -> Record:
    r = plain_record(LATER, published="2013-03-02", source="ISAF")
    s = Span(0, len(LATER))
    r.actors = [TALIBAN, ANSF]
    r.events = [Event(type="REQUEST", trigger="called on", sentence=s, source=["ansf"], target=["taliban"])]
    r.commitments = [
        Commitment(kind="appeal", by=["ansf"], to=["taliban"], what="lay down their arms", sentence=s)
    ]
    r.topics = ["diplomacy"]
    return r


@pytest.fixture
def browse(store: Store) -> Browser:
    for record in (full_record(), _raid(), _later()):
        store.add(record)
    return Browser(store)


def test_events_newest_first_with_provenance(browse: Browser) -> None:
    page = browse.events(EventQuery())
    assert page.total == 6 and not page.more
    assert [r.type for r in page.rows] == ["SUPPORT", "AGREE", "REQUEST", "COERCE", "ASSAULT", "STATEMENT"]
    when = ["2024-03-12", "2024-03-12", "2013-03-02", "2013-01-25", "2013-01-25", "2013"]
    assert [r.when for r in page.rows] == when
    arrest = page.rows[3]
    assert arrest.sentence == RAID[arrest.sentence_start : arrest.sentence_end]
    assert arrest.sentence.startswith("Afghan forces arrested")
    assert RAID[arrest.trigger_start : arrest.trigger_end] == "arrested"  # type: ignore[misc]
    assert [(a.id, a.name) for a in arrest.source] == [("ansf", "Afghan National Security Forces")]
    assert [a.name for a in arrest.target] == ["Taliban"]
    assert (arrest.place_name, arrest.place_country, arrest.counts) == ("Kandahar", "AF", {"captured": 1})
    support = page.rows[0]
    assert [a.id for a in support.source] == ["csto", "imangali-tasmagambetov"]
    assert support.counts == {"killed": 0, "wounded": 2} and support.place_name == "Tajikistan"
    assert page.rows[1].negated and page.rows[1].hypothetical


def test_event_filters(browse: Browser) -> None:
    def types(**filters: object) -> list[str]:
        return [r.type for r in browse.events(EventQuery(**filters)).rows]  # type: ignore[arg-type]

    assert types(type="assault") == ["ASSAULT"]
    assert types(actor="taliban", role="target") == ["REQUEST", "COERCE"]
    assert types(actor="Islamic Emirate", role="source") == ["ASSAULT", "STATEMENT"]
    assert types(actor="taliban") == ["REQUEST", "COERCE", "ASSAULT", "STATEMENT"]
    assert types(actor="nobody") == []
    assert types(country="tj") == ["SUPPORT"]  # by the event's place, and by its actors' country
    assert set(types(country="AF")) == {"REQUEST", "COERCE", "ASSAULT", "STATEMENT"}
    assert types(place=KANDAHAR.id) == ["COERCE"]
    assert types(topic="diplomacy") == ["SUPPORT", "AGREE", "REQUEST"]
    # the week-dated event counts on its document's date; the year-only one as its year's start
    assert types(since="2013-01-20", until="2013-01-31") == ["COERCE", "ASSAULT"]
    assert types(since="2013-02", until="2013") == ["REQUEST"]
    assert types(until="2013-01") == ["COERCE", "ASSAULT", "STATEMENT"]


def test_province_filter_takes_the_province_and_places_in_it(store: Store) -> None:
    for record in province_records():
        store.add(record)
    browse = Browser(store)

    def types(**filters: object) -> set[str]:
        return {r.type for r in browse.events(EventQuery(**filters)).rows}  # type: ignore[arg-type]

    # a town of Helmand (one document) and Helmand itself (the other); not Kandahar's town
    for name in ("Helmand", "helmand", " HELMAND "):
        assert types(province=name) == {"ASSAULT", "MOBILIZE"}
    assert browse.events(EventQuery(province="helmand")).total == 2
    assert types(province="Kandahar") == {"COERCE"}
    # a province stored without admin1 is matched by its own name
    assert types(province="uruzgan") == {"CONSULT"}
    # two provinces share a name: the country narrows to one
    assert types(province="Punjab") == {"PROTEST", "AID"}
    assert types(province="punjab", country="pk") == {"PROTEST"}
    assert types(province="Helmand", country="PK") == set()
    assert types(province="Helmand", type="assault") == {"ASSAULT"}
    # a name that is no province, or only part of one, matches nothing and is no error
    assert types(province="Atlantis") == set() and types(province="Helm") == set()
    assert types(province="  ") == types()  # blank means no filter
    timeline = browse.timeline(EventQuery(province="HELMAND"), "day")
    assert timeline.counts == {"2013-01-10": {"ASSAULT": 1}, "2013-01-20": {"MOBILIZE": 1}}
    # the downloads' stream reads past the page with the filter kept
    streamed = browse.stream("events", EventQuery(province="punjab", limit=1))
    assert sorted(r.type for r in streamed) == ["AID", "PROTEST"]


def test_event_paging_and_bad_input(browse: Browser) -> None:
    first = browse.events(EventQuery(limit=4))
    second = browse.events(EventQuery(limit=4, offset=4))
    assert first.more and not second.more and len(second.rows) == 2
    keys = {(r.document_id, r.ord) for r in first.rows}
    assert keys.isdisjoint((r.document_id, r.ord) for r in second.rows)
    for bad in (EventQuery(since="2013-13"), EventQuery(limit=0), EventQuery(offset=-1)):
        with pytest.raises(QueryError):
            browse.events(bad)
    with pytest.raises(QueryError, match="role"):
        browse.events(EventQuery(actor="taliban", role="victim"))  # type: ignore[arg-type]


def test_stream_reads_every_row_past_a_page(browse: Browser) -> None:
    rows = list(browse.stream("events", EventQuery(limit=1)))
    assert [(r.document_id, r.ord) for r in rows] == [
        (r.document_id, r.ord) for r in browse.events(EventQuery(limit=100)).rows
    ]
    assert len(list(browse.stream("events", EventQuery(offset=5)))) == 1


def test_timeline_buckets(browse: Browser) -> None:
    month = browse.timeline(EventQuery(since="2013", until="2013"), "month")
    assert month.buckets == ["2013-01", "2013-02", "2013-03"]  # the empty month is kept
    assert month.counts["2013-01"] == {"COERCE": 1, "ASSAULT": 1}
    assert month.total("2013-02") == 0 and month.counts["2013-03"] == {"REQUEST": 1}
    assert month.undated == 1  # "2013" says no month
    week = browse.timeline(EventQuery(type="REQUEST"), "week")
    assert week.buckets == ["2013-02-25"]  # the Monday of 2013-03-02's ISO week
    year = browse.timeline(EventQuery(), "year")
    assert year.buckets[0] == "2013" and year.buckets[-1] == "2024" and len(year.buckets) == 12
    assert year.counts["2013"]["STATEMENT"] == 1 and year.undated == 0
    assert year.types[0] in ("AGREE", "ASSAULT", "COERCE", "REQUEST", "STATEMENT", "SUPPORT")
    assert browse.timeline(EventQuery(since="2013-01-20", until="2013-01-31")).bucket == "day"
    with pytest.raises(QueryError, match="bucket"):
        browse.timeline(EventQuery(), "fortnight")


def test_quotes(browse: Browser) -> None:
    page = browse.quotes(QuoteQuery())
    assert page.total == 3
    told = next(r for r in page.rows if r.cue == "told")
    assert told.speaker and told.speaker.name == "Imangali Tasmagambetov"
    assert told.via and told.via.name == "Amu TV"
    assert [r.text for r in browse.quotes(QuoteQuery(speaker="taliban")).rows] == ["We will answer."]
    assert [r.document_id for r in browse.quotes(QuoteQuery(text="ALLIES")).rows] == [told.document_id]
    assert browse.quotes(QuoteQuery(since="2014")).total == 2
    assert browse.quotes(QuoteQuery(kind="indirect")).total == 1
    raid = browse.quotes(QuoteQuery(speaker="Taliban")).rows[0]
    assert RAID[raid.start : raid.end] == raid.text
    with pytest.raises(QueryError):
        browse.quotes(QuoteQuery(kind="hearsay"))


def test_commitments(browse: Browser) -> None:
    page = browse.commitments(CommitmentQuery())
    assert [r.kind for r in page.rows] == ["commitment", "appeal"]
    csto = page.rows[0]
    assert [a.id for a in csto.by] == ["csto"] and [a.id for a in csto.to] == ["tajikistan", "amu-tv"]
    assert csto.sentence == "The ministers agreed to send additional instructors to Tajikistan."
    to_taliban = browse.commitments(CommitmentQuery(actor="taliban", role="to")).rows
    assert [r.kind for r in to_taliban] == ["appeal"]
    assert browse.commitments(CommitmentQuery(actor="taliban", role="by")).total == 0
    assert browse.commitments(CommitmentQuery(kind="offer")).total == 0
    assert browse.commitments(CommitmentQuery(since="2014")).total == 1
    with pytest.raises(QueryError):
        browse.commitments(CommitmentQuery(kind="threat"))


def test_actor_co_actors_and_activity(browse: Browser) -> None:
    co = browse.co_actors("taliban")
    assert [(c.actor.id, c.documents) for c in co] == [("ansf", 2)]
    assert co[0].actor.name == "Afghan National Security Forces" and co[0].kind == "government"
    assert browse.activity("taliban") == [("2013-01", 1), ("2013-03", 1)]
    assert browse.activity("nobody") == [] and browse.co_actors("nobody") == []


def test_actor_by_exact_id_with_counts(browse: Browser) -> None:
    found = browse.actor("csto")
    assert found is not None
    actor, documents, mentions = found
    assert actor.name == "Collective Security Treaty Organization" and actor.aliases == ["CSTO", "ОДКБ"]
    assert (documents, mentions) == (1, 1)
    assert browse.actor("cst") is None and browse.actor("nobody") is None


def test_search_facets_count_documents_per_value(browse: Browser, store: Store) -> None:
    ids = [full_record().document.id, _raid().document.id, _later().document.id]
    f = browse.facets(ids)
    assert [(v.value, v.count) for v in f["published"]] == [("2024", 1), ("2013", 2)]
    assert [(v.value, v.label, v.count) for v in f["actor"][:2]] == [
        ("ansf", "Afghan National Security Forces", 2),
        ("taliban", "Taliban", 2),
    ]
    assert {(v.value, v.count) for v in f["kind"]} >= {("armed group", 2), ("intergovernmental", 1)}
    # the country filter's reading: an actor of the country or a place in it
    # (Amu TV is an Afghan outlet; Tasmagambetov is from Kazakhstan); ties go by value
    assert [(v.value, v.count) for v in f["country"]] == [("AF", 3), ("KZ", 1), ("TJ", 1)]
    assert {(v.value, v.count) for v in f["event_type"]} >= {("COERCE", 1), ("SUPPORT", 1)}
    assert {(v.value, v.count) for v in f["topic"]} == {
        ("diplomacy", 2),
        ("terrorism", 1),
        ("border security", 1),
    }
    assert [(v.value, v.count) for v in f["source"]] == [("ISAF", 2), ("Amu TV", 1)]
    one_year = browse.facets(ids[1:])
    assert [(v.value, v.count) for v in one_year["published"]] == [("2013-01", 1), ("2013-03", 1)]
    assert browse.facets([]) == {name: [] for name in f}
