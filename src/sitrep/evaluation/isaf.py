"""ISAF press releases 2009–2013 (``../shared/data/isaf/dev.jsonl``), scored on their labels.

- armed groups targeted: in releases whose ``target_group`` names a group, the share where
  every named group is found among the record's actors (label codes mapped to registry
  names below; "criminal" is not an armed group and is left out);
- dateline date: the share of releases whose publication date, read from the dateline and
  release number, falls 0–7 days after the labelled event date (releases report "yesterday",
  "on Tuesday" ...). A release with no date in its text at all counts as a miss; the same
  figure is also given over the releases that carry a "KABUL, Afghanistan (date)" dateline.

Each figure is given on the whole set, then on the study half (even release positions; misses
are listed from it alone) and the held-out half (odd positions, never inspected).
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path

from sitrep.documents import new_document
from sitrep.evaluation import EvaluationResult
from sitrep.evaluation.isaf_events import halved, is_held_out, isaf_event_measures
from sitrep.evaluation.matching import actor_names, norm
from sitrep.model import Record
from sitrep.pipeline.analyze import default_pipeline
from sitrep.pipeline.dateline import find_dateline

# label code -> names (canonical or alias) any of which identifies the group
GROUP_NAMES: dict[str, set[str]] = {
    "taliban": {"Taliban", "Taliban insurgency", "Islamic Emirate of Afghanistan"},
    "haqqani": {"Haqqani network"},
    "aq": {"al-Qaeda", "al Qaeda"},
    "hig": {"Hezb-e-Islami", "Hezb-e-Islami Gulbuddin", "HIG"},
    "imu": {"Islamic Movement of Uzbekistan", "IMU"},
    "iju": {"Islamic Jihad Union", "IJU"},
    "ttp": {"Tehrik-i-Taliban Pakistan", "TTP"},
    "let": {"Lashkar-e-Taiba", "LeT"},
}
NOT_ARMED_GROUPS = {"", "criminal"}
MAX_REPORTING_DELAY_DAYS = 7


def load_releases(path: Path) -> list[dict]:  # type: ignore[type-arg]
    # split on "\n" only: the texts contain U+2028, which str.splitlines() also splits on
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def group_found(record: Record, code: str) -> bool:
    wanted = {norm(n) for n in GROUP_NAMES.get(code, {code})}
    return any(actor_names(a) & wanted for a in record.actors)


def dateline_right(record: Record, event_date: str) -> bool:
    published = record.document.published
    if not published:
        return False
    delay = (date.fromisoformat(published[:10]) - date.fromisoformat(event_date)).days
    return 0 <= delay <= MAX_REPORTING_DELAY_DAYS


@lru_cache(maxsize=2)
def analyzed_releases(path: Path) -> tuple[tuple[dict, Record], ...]:  # type: ignore[type-arg]
    """Each release with its record. The pipeline is pure, so one analysis serves every scorer
    that reads these releases (this set's and the geo set's); they only read the records."""
    releases = load_releases(path)
    records = default_pipeline().analyze_many(new_document(r["text"]) for r in releases)
    return tuple(zip(releases, records, strict=True))


def evaluate(shared_dir: Path) -> EvaluationResult:
    pairs = analyzed_releases(shared_dir / "data" / "isaf" / "dev.jsonl")
    releases = [release for release, _ in pairs]
    records = [record for _, record in pairs]
    groups: dict[int, bool] = {}
    dates: dict[int, bool] = {}
    datelined: dict[int, bool] = {}
    misses = []
    for i, (release, record) in enumerate(zip(releases, records, strict=True)):
        labels = release["labels"]
        wrong = []
        codes = [c for c in labels.get("target_group", []) if c not in NOT_ARMED_GROUPS]
        if codes:
            missing = [c for c in codes if not group_found(record, c)]
            groups[i] = not missing
            if missing:
                wrong.append(f"release {i}: armed group {', '.join(missing)} not found")
        dates[i] = dateline_right(record, labels["start_date"])
        dateline = find_dateline(record.document.text)
        if dateline is not None and dateline.place:
            datelined[i] = dates[i]
        if not dates[i]:
            wrong.append(f"release {i}: date {record.document.published}, event {labels['start_date']}")
        if not is_held_out(i):
            misses += wrong
    # events: date, counts, kinds, groups targeted (mapping documented in isaf_events)
    event_measures, event_misses = isaf_event_measures(releases, records, GROUP_NAMES, NOT_ARMED_GROUPS)
    misses += event_misses
    return EvaluationResult(
        dataset="isaf",
        measures=[
            *halved("armed groups targeted found", groups, goal=0.90),
            *halved("dateline date parsed", dates, goal=0.98),
            *halved("dateline date parsed, releases with a dateline", datelined, goal=0.98),
            *event_measures,
        ],
        notes=[
            "a release without a year anywhere in its text cannot be dated without guessing; "
            "those count as misses (12 of 200 have none, 5 more only a year and month)"
        ],
        misses=misses,
    )
