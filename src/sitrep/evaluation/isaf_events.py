"""ISAF press releases scored on their event labels (see ``evaluation/isaf.py`` for the data).

How a release's labels are read from our events (the documented mapping):

- event kind: ``detention`` ↔ a COERCE event with mode ``arrest`` (PLOVER has no ARREST; its
  COERCE ``arrest`` mode is "arrest, detain"; ISAF captures are planned arrests of suspects, so
  they are COERCE ``arrest`` too, not the codebook's ASSAULT ``abduct`` for combatants captured
  in battle); ``insurgentskilled`` ↔ an ASSAULT event with a killed count; ``airstrike`` ↔ an
  ASSAULT with mode ``aerial`` or ``drone``; ``captureandkill`` is both a detention and a killing.
  The labels give an air strike one kind: a release with an air strike is ``airstrike``, not also
  ``insurgentskilled`` (its dead are the strike's; no studied label pairs the two).
  A release is right when the set of kinds is the labelled set (``civiliancasualty`` we do not
  model; it counts as a miss).
- event date: the date of the release's first ASSAULT or COERCE event, exactly the labelled
  ``start_date``.
- killed / captured: the largest count any one event of the release states (releases repeat
  their lead fact — "killed several insurgents ... killing several insurgents" — so counts are
  not summed); 0 when none is stated; exactly the labelled ``min_killed`` / ``min_captured``.
  An event whose own sentence dates it to another day than the release's event date ("In an
  operation in the same area Saturday, a combined force captured ...") is another operation,
  and its figures are not the release's; an event that only inherits an earlier sentence's date
  still counts (that sentence may be background: "Three Afghan citizens were killed in an IED
  attack Sunday. ... The forces detained the individual"). Nor is a figure tallied over a period
  ("have conducted a number of operations ... recently and captured or killed a large number of
  insurgents", "several leaders have been captured and two were killed this month", "so far",
  "to date", "over the past months": many operations, not the release's).
  "several", "multiple", "numerous" and "a number of" count 3, as the labels read them.
- armed group targeted: in releases whose labels name a group, every labelled group is among
  the targets of the release's ASSAULT and COERCE events (or the body a target belongs to).

Every figure is also given on two halves of the releases by their 0-based position in the
file: the even ones are the study half (misses are listed from it alone), the odd ones the
held-out half, never inspected.
"""

from __future__ import annotations

import re
from typing import Any

from sitrep.evaluation import Measure
from sitrep.evaluation.matching import actor_names, norm
from sitrep.model import Event, Record
from sitrep.pipeline.eventdates import find_date_cue

_VIOLENT = ("ASSAULT", "COERCE")
# words that make a figure a tally over a period, not one operation's (see the module doc)
_TALLY = re.compile(
    r"\b(recently|in recent (days|weeks|months)|so far|to date|this (week|month|year)|"
    r"(in|over|during) the (past|last) (few |several )?(weeks|months|years?))\b",
    re.IGNORECASE,
)


def is_held_out(index: int) -> bool:
    """Odd positions are the held-out half, never inspected; even ones the study half."""
    return index % 2 == 1


def halved(name: str, outcomes: dict[int, bool], goal: float) -> list[Measure]:
    """The figure over all releases scored (release index -> right?), then on each half."""
    study = [ok for i, ok in outcomes.items() if not is_held_out(i)]
    held = [ok for i, ok in outcomes.items() if is_held_out(i)]
    return [
        Measure(name, sum(outcomes.values()), len(outcomes), goal=goal),
        Measure(f"{name}, study half", sum(study), len(study), goal=goal),
        Measure(f"{name}, held-out half", sum(held), len(held), goal=goal),
    ]


def predicted_kinds(record: Record) -> set[str]:
    kinds: set[str] = set()
    for e in record.events:
        if e.negated or e.hypothetical:
            continue
        if e.type == "COERCE" and e.mode == "arrest":
            kinds.add("detention")
        if e.type == "ASSAULT" and e.counts.get("killed"):
            kinds.add("insurgentskilled")
        if e.type == "ASSAULT" and e.mode in ("aerial", "drone"):
            kinds.add("airstrike")
    if "airstrike" in kinds:
        kinds.discard("insurgentskilled")  # the strike's dead: the labels' kind is the strike
    return kinds


def gold_kinds(labels: dict[str, Any]) -> set[str]:
    kinds: set[str] = set()
    for item in labels.get("event_type", []):
        for k in item.split(";"):
            if k == "captureandkill":
                kinds |= {"detention", "insurgentskilled"}
            elif k:
                kinds.add(k)
    return kinds


def release_date(record: Record) -> str | None:
    return next((e.date for e in record.events if e.type in _VIOLENT and e.date), None)


def release_count(record: Record, kind: str) -> int:
    """The largest figure of one event of the release's own operation (see the module doc)."""
    day = release_date(record)
    text = record.document.text

    def another_operation(e: Event) -> bool:
        # "In an operation in the same area Saturday, a combined force captured ...": a sentence
        # that dates its own event to another day than the release's reports another operation
        if day is None or e.date is None or e.date == day:
            return False
        return find_date_cue(text[e.sentence.start : e.sentence.end]) is not None

    def tally(e: Event) -> bool:
        # "have conducted a number of operations ... recently and captured or killed a large number
        # of insurgents", "two were killed this month alone": a figure summed over a period
        return _TALLY.search(text[e.sentence.start : e.sentence.end]) is not None

    own = [e for e in record.events if not e.negated and not another_operation(e) and not tally(e)]
    return max((e.counts.get(kind, 0) for e in own), default=0)


def _targets(record: Record, events: list[Event]) -> set[str]:
    names: set[str] = set()
    for e in events:
        for ref in e.target:
            actor = record.actor(ref)
            if actor is None:
                continue
            names |= actor_names(actor)
            for other in (actor.affiliation, actor.part_of, *actor.member_of):
                b = record.actor(other) if other else None
                if b is not None:
                    names |= actor_names(b)
    return names


def isaf_event_measures(
    releases: list[dict[str, Any]],
    records: list[Record],
    group_names: dict[str, set[str]],
    not_groups: set[str],
) -> tuple[list[Measure], list[str]]:
    outcomes: dict[str, dict[int, bool]] = {
        "date": {}, "killed": {}, "captured": {}, "group": {}, "kind": {}
    }  # fmt: skip
    misses: list[str] = []
    for i, (release, record) in enumerate(zip(releases, records, strict=True)):
        labels = release["labels"]
        wrong: list[str] = []
        got_date = release_date(record)
        outcomes["date"][i] = got_date == labels["start_date"]
        if got_date != labels["start_date"]:
            wrong.append(f"release {i}: event date {got_date}, labelled {labels['start_date']}")
        for kind, label in (("killed", "min_killed"), ("captured", "min_captured")):
            got = release_count(record, kind)
            outcomes[kind][i] = got == int(labels.get(label) or 0)
            if not outcomes[kind][i]:
                wrong.append(f"release {i}: {kind} {got}, labelled {labels.get(label)}")
        want, got_kinds = gold_kinds(labels), predicted_kinds(record)
        outcomes["kind"][i] = want == got_kinds
        if want != got_kinds:
            wrong.append(f"release {i}: kinds {sorted(got_kinds)}, labelled {sorted(want)}")
        codes = [c for c in labels.get("target_group", []) if c not in not_groups]
        if codes:
            targets = _targets(record, [e for e in record.events if e.type in _VIOLENT])
            missing = [c for c in codes if not ({norm(n) for n in group_names.get(c, {c})} & targets)]
            outcomes["group"][i] = not missing
            if missing:
                wrong.append(f"release {i}: armed group {', '.join(missing)} not among event targets")
        if not is_held_out(i):
            misses += wrong
    return [
        *halved("event date exact", outcomes["date"], goal=0.90),
        *halved("killed count exact", outcomes["killed"], goal=0.85),
        *halved("captured count exact", outcomes["captured"], goal=0.85),
        *halved("armed group targeted", outcomes["group"], goal=0.90),
        *halved("event kind", outcomes["kind"], goal=0.85),
    ], misses
