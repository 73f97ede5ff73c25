"""End-to-end: the two seed articles against their expected extraction (../shared/seeds).

Regression guard for the articles sitrep was founded on: every required actor with its
kind, country, title, affiliation and membership.
"""

from __future__ import annotations

import pytest

from sitrep.evaluation.seeds import check_actor, load_seed_records
from tests.helpers import shared_dir_or_skip


@pytest.fixture(scope="module")
def seed_records():  # type: ignore[no-untyped-def]
    return load_seed_records(shared_dir_or_skip("seeds"))


def test_seed_required_actors_are_found(seed_records) -> None:  # type: ignore[no-untyped-def]
    problems = []
    for gold, record in seed_records:
        for g in gold["actors"]["required"]:
            problem = check_actor(record, g)
            if problem:
                problems.append(f"{gold['document']}: {g['name']}: {problem}")
    assert not problems, "\n".join(problems)


def test_seed_persons_are_not_invented(seed_records) -> None:  # type: ignore[no-untyped-def]
    """The small model tags "Khorasan" and "Tajikistan" oddly; no such person may appear."""
    for _gold, record in seed_records:
        persons = {a.name for a in record.actors if a.kind == "person"}
        assert persons <= {"Imangali Tasmagambetov", "Bismillah Taban"}, persons


@pytest.mark.parametrize("part", ["required", "optional"])
def test_seed_quotes_are_found_with_their_speakers(seed_records, part: str) -> None:  # type: ignore[no-untyped-def]
    """Every gold quote, direct or indirect, with the right speaker, kind and outlet."""
    from sitrep.evaluation.quotes import check_quote

    problems = []
    for gold, record in seed_records:
        for g in gold.get("quotes", {}).get(part, []):
            problem = check_quote(record, g)
            if problem:
                problems.append(f"{gold['document']}: “{g['starts_with']}” ({g['speaker']}): {problem}")
    assert not problems, "\n".join(problems)


def test_seed_events_and_commitments_are_found(seed_records) -> None:  # type: ignore[no-untyped-def]
    """Every required event (type, sentence, source, target) and commitment (kind, by, what)."""
    from sitrep.evaluation.events import seed_event_measures

    measures, misses = seed_event_measures(seed_records)
    assert all(m.right == m.total for m in measures), "\n".join(misses)
