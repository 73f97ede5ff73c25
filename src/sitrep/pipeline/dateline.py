"""Reading the dateline (place and date a report was filed) from the head of a document.

Pure and cheap: regexes with a month table over the first ``HEAD_CHARS`` characters, because it
runs on every document that came without a publication date. Cascade, strongest evidence first:

1. a news dateline: ``KABUL, Afghanistan (Jan. 25, 2013)``, ``MOSCOW, Nov 5 (Reuters) -``,
   ``BISHKEK, 12 November 2026 /TASS/``, ``МОСКВА, 5 ноября. /ТАСС/.``, ``(Sept. 1) -``;
2. a header date: in the title line, at the start of a line (``June 20: Afghan-ISAF ...``,
   ``5 ноября 2025 г. ...``), after a label (``Published:``) or on a short line (an ISO date);
3. a date without a year takes it from the rest of the head: a release number such as
   ``2010-12-S-223`` (year and month) or another full date; the year closest to that anchor wins,
   so a ``Dec. 30`` dateline under a January release number falls in the previous year.

A date is never invented: without a year anywhere in the head, ``date`` is None.

``later_datelines`` finds the datelines of reports appended below the first one (a release and
its update in one text: "UPDATE ... KABUL, Afghanistan (Oct. 19) --"): a line that opens with
an upper-case place and a date in the dateline's form. Each dates the text after it; one without
a year takes the year that puts it nearest the first report's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

HEAD_CHARS = 600

_EN_MONTHS: dict[str, int] = {
    "january": 1, "jan": 1,
    "february": 2, "feb": 2,
    "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "may": 5,
    "june": 6, "jun": 6,
    "july": 7, "jul": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_RU_MONTHS: dict[str, int] = {
    "января": 1, "январь": 1,
    "февраля": 2, "февраль": 2,
    "марта": 3, "март": 3,
    "апреля": 4, "апрель": 4,
    "мая": 5, "май": 5,
    "июня": 6, "июнь": 6,
    "июля": 7, "июль": 7,
    "августа": 8, "август": 8,
    "сентября": 9, "сентябрь": 9,
    "октября": 10, "октябрь": 10,
    "ноября": 11, "ноябрь": 11,
    "декабря": 12, "декабрь": 12,
}  # fmt: skip


def _month_alternation() -> str:
    # English names only Capitalised or UPPER ("may" and "march" are ordinary words in prose);
    # Russian month names are always lower case in dates.
    forms: set[str] = set()
    for name in _EN_MONTHS:
        forms.update({name.capitalize(), name.upper()})
    forms.update(_RU_MONTHS)
    forms.update(name.capitalize() for name in _RU_MONTHS)
    return "|".join(sorted((re.escape(f) for f in forms), key=len, reverse=True))


_MONTH = _month_alternation()
_YEAR = r"(?:19|20)\d\d"
# The year may be followed by the Russian "г." (год); it belongs to the date span.
_YEAR_TAIL = rf"(?:,?\s+(?P<y>{_YEAR})(?!\d)(?:\s*г\.)?)?"
_DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    # Jan. 25, 2013 / August 19 / Nov 5
    re.compile(rf"(?<![\w])(?P<m>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d){_YEAR_TAIL}"),
    # 12 November 2026 / 5 ноября 2025 г. / 5 ноября
    re.compile(rf"(?<![\w])(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH})(?![\w]){_YEAR_TAIL}"),
    # 2025-11-05 (also the date part of an ISO datetime)
    re.compile(rf"(?<![\w-])(?P<y>{_YEAR})-(?P<m>\d\d)-(?P<d>\d\d)(?![\d-])"),
    # 05.11.2025, the usual numeric form in Russian and European outlets
    re.compile(rf"(?<![\w.])(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<y>{_YEAR})(?!\d)"),
)
# ISAF-style release numbers: 2010-12-S-223, 2010-06-CA-074, 2011-02-D-117
_RELEASE_NUMBER = re.compile(rf"(?<![\w-])(?P<y>{_YEAR})-(?P<m>\d\d)-[A-Z]{{1,3}}-\d{{1,4}}\b")

# Text between the start of the line and the date in a dateline: an upper-case place, optionally
# followed by a country or region, then "(" or ","; or a bare "(" as in "(Sept. 1) -".
_UPPER = "A-ZА-ЯЁ"
_DATELINE_PREFIX = re.compile(
    rf"^\s*(?:(?P<place>[{_UPPER}][{_UPPER}.'’\- ]*[{_UPPER}.](?:\s*,\s*[{_UPPER}][\w.'’\- ]{{0,40}}?)?)\s*)?"
    r"(?P<open>[(,])\s*$"
)
# What follows the date in a dateline: a closing parenthesis, an agency in parentheses or
# slashes ("(Reuters)", "/TASS/", ". /ТАСС/."), or a dash that starts the story.
_DATELINE_SUFFIX_PAREN = re.compile(r"\s*\)(?:\s*[-–—−])?")
_DATELINE_SUFFIX_COMMA = re.compile(
    r"\.?\s*(?:\([^()\n]{1,30}\)|/[^/\n]{1,30}/\.?)(?:\s*[-–—−])?|\s*[-–—−]|\s*\.?\s*$",
    re.MULTILINE,
)
_HEADER_LABEL = re.compile(
    r"(?:published|posted|updated|date|released?|опубликовано|дата|обновлено)\s*:?\s*$", re.IGNORECASE
)
_SHORT_LINE_WORDS = 8
_TITLE_WORDS = 16
# A year taken from the anchor must put the date this close to it, else the head is ambiguous.
_MAX_ANCHOR_DAYS = 183


@dataclass
class Dateline:
    date: str | None  # ISO YYYY-MM-DD; None when the head gives no year
    start: int  # character offsets of the dateline (or header date) in the text
    end: int
    place: str | None  # "KABUL, Afghanistan"; None for a header date


@dataclass
class _DateMention:
    start: int
    end: int
    year: int | None
    month: int
    day: int


def _month_number(token: str) -> int | None:
    if token.isdigit():
        n = int(token)
        return n if 1 <= n <= 12 else None
    key = token.lower().rstrip(".")
    return _EN_MONTHS.get(key) or _RU_MONTHS.get(key)


def _valid(year: int | None, month: int, day: int) -> bool:
    try:
        date(year or 2000, month, day)  # 2000 is a leap year, so "Feb. 29" without a year passes
    except ValueError:
        return False
    return True


def _date_mentions(head: str) -> list[_DateMention]:
    found: list[_DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(head):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            month = _month_number(m.group("m"))
            day = int(m.group("d"))
            year = int(m.group("y")) if m.group("y") else None
            if month is None or not _valid(year, month, day):
                continue
            taken.append((m.start(), m.end()))
            found.append(_DateMention(m.start(), m.end(), year, month, day))
    found.sort(key=lambda d: d.start)
    return found


def _line_bounds(head: str, pos: int) -> tuple[int, int]:
    start = head.rfind("\n", 0, pos) + 1
    end = head.find("\n", pos)
    return start, len(head) if end == -1 else end


def _as_dateline(head: str, mention: _DateMention) -> Dateline | None:
    line_start, line_end = _line_bounds(head, mention.start)
    prefix = _DATELINE_PREFIX.match(head[line_start : mention.start])
    if prefix is None:
        return None
    place = prefix.group("place")
    if prefix.group("open") == ",":
        if not place:
            return None
        suffix = _DATELINE_SUFFIX_COMMA.match(head, mention.end, line_end)
    else:
        suffix = _DATELINE_SUFFIX_PAREN.match(head, mention.end, line_end)
    if suffix is None:
        return None
    start = line_start + prefix.start("place") if place else line_start + prefix.start("open")
    return Dateline(date=None, start=start, end=suffix.end(), place=place.strip(" ,") if place else None)


def _first_line(head: str) -> tuple[int, int]:
    return _line_bounds(head, len(head) - len(head.lstrip()))


def _is_header_date(head: str, mention: _DateMention, first_line: tuple[int, int]) -> bool:
    line_start, line_end = _line_bounds(head, mention.start)
    before = head[line_start : mention.start]
    if not before.strip():
        return True
    # a title line; a first "line" that is a whole paragraph is prose, and its dates are events
    if (line_start, line_end) == first_line and len(head[line_start:line_end].split()) <= _TITLE_WORDS:
        return True
    if _HEADER_LABEL.search(before):
        return True
    return len(head[line_start:line_end].split()) <= _SHORT_LINE_WORDS


def _anchor(head: str, mentions: list[_DateMention], before: int) -> tuple[int, int, int] | None:
    """The (year, month, day) a date without a year is placed near; None without any year.

    Only header evidence counts (a release number, or a header date before ``before``, where the
    dateline starts): a full date in the body is usually an earlier event.
    """
    release = _RELEASE_NUMBER.search(head)
    if release is not None and 1 <= int(release.group("m")) <= 12:
        # mid-month: the release number says the month, not the day
        return int(release.group("y")), int(release.group("m")), 15
    first_line = _first_line(head)
    for mention in mentions:
        if mention.start >= before:
            break
        if mention.year is not None and _is_header_date(head, mention, first_line):
            return mention.year, mention.month, mention.day
    return None


def _complete(mention: _DateMention, anchor: tuple[int, int, int] | None) -> str | None:
    if mention.year is not None:
        return date(mention.year, mention.month, mention.day).isoformat()
    if anchor is None:
        return None
    target = date(*anchor)
    options = []
    for year in (anchor[0] - 1, anchor[0], anchor[0] + 1):
        if _valid(year, mention.month, mention.day) and not (
            mention.month == 2 and mention.day == 29 and year % 4
        ):
            candidate = date(year, mention.month, mention.day)
            options.append((abs((candidate - target).days), candidate))
    if not options:
        return None
    distance, best = min(options)
    return best.isoformat() if distance <= _MAX_ANCHOR_DAYS else None


_SAME_LENGTH_SPACES = {0x2028: "\n", 0x2029: "\n", 0x85: "\n", 0xA0: " ", 0x202F: " "}
# where a later dateline may start: a line opening with an upper-case place name
_LINE_WITH_PLACE = re.compile(rf"^[ \t]*[{_UPPER}]{{2}}", re.MULTILINE)
_DATELINE_LINE_CHARS = 120


def _normalized_head(text: str) -> str:
    # Same length as the original slice so offsets carry over: other line separators become
    # "\n" (ISAF releases use U+2028), no-break spaces become spaces.
    return text[:HEAD_CHARS].translate(_SAME_LENGTH_SPACES)


def later_datelines(text: str, after: int, published: str | None) -> list[Dateline]:
    """Datelines of reports appended after offset ``after`` (see the module doc), in text order;
    ``published`` (the first report's date) completes one without a year."""
    try:
        base = date.fromisoformat(published[:10]) if published else None
    except ValueError:
        base = None
    found: list[Dateline] = []
    normalized = text.translate(_SAME_LENGTH_SPACES)
    for line in _LINE_WITH_PLACE.finditer(normalized, after):
        start = line.start()
        end = normalized.find("\n", start, start + _DATELINE_LINE_CHARS)
        window = normalized[start : end if end != -1 else start + _DATELINE_LINE_CHARS]
        mentions = _date_mentions(window)
        dateline = _as_dateline(window, mentions[0]) if mentions else None
        if dateline is None or not dateline.place:
            continue
        anchor = (base.year, base.month, base.day) if base else None
        found.append(
            Dateline(
                _complete(mentions[0], anchor), start + dateline.start, start + dateline.end, dateline.place
            )
        )
    return found


def find_dateline(text: str) -> Dateline | None:
    """The dateline, or failing that a header date, in the head of ``text``; None if neither."""
    head = _normalized_head(text)
    mentions = _date_mentions(head)
    if not mentions:
        return None
    for mention in mentions:
        dateline = _as_dateline(head, mention)
        if dateline is not None:
            dateline.date = _complete(mention, _anchor(head, mentions, before=dateline.start))
            return dateline
    anchor = _anchor(head, mentions, before=len(head))
    first_line = _first_line(head)
    for mention in mentions:
        if not _is_header_date(head, mention, first_line):
            continue
        iso = _complete(mention, anchor)
        if iso is not None:
            return Dateline(date=iso, start=mention.start, end=mention.end, place=None)
    return None
