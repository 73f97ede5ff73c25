"""When an event happened, from the words of its sentence and the publication (dateline) date.

Own rules rather than ``dateparser``: the cues news and press releases use are few and the stage
runs on every sentence, where dateparser's search costs milliseconds. Resolved against
``published`` (the dateline date):

- "today", "this morning", "tonight", "over the past 24 hours" → that day; "overnight" → that
  day too (a night raid reported in the morning release ends, and mostly takes place, after
  midnight: the ISAF labels date 4 of 8 "overnight" releases on the publication day, 2 the day
  before); "yesterday", "last night" → the day before. Relative words are matched in any case
  ("Today, in ...", a headline's "Captured Overnight");
- a calendar date after "since" starts a period ("the 60th leader since Oct. 1"), and is no
  event date;
- "on Tuesday" → the latest Tuesday on or before the publication date;
- "Jan. 5", "5 January 2013" → that date (the year of publication, or the year before when
  the date would fall after publication);
- "last week" → the ISO week before ("2013-W03"), "last month" → "2013-01", "in 2023" → "2023":
  never a day the text does not give.

Without a cue, or without a publication date to resolve a relative one, the date is None: the
publication date is never used silently.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

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
    rf"|\b(?P<dm>(?P<dm_day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE}(?:,?\s+(?P<dm_year>(?:19|20)\d\d))?)\b"
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


def find_date_cue(text: str) -> re.Match[str] | None:
    """The most specific date expression in ``text`` (the first among equals), if any."""
    matches = [m for m in _CUES.finditer(text) if not _SINCE.search(text, max(0, m.start() - 8), m.start())]
    return min(matches, key=_specificity) if matches else None


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
