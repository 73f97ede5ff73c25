"""HTML for highlighted text, built from offsets and snippet markers with every text piece escaped.

The only place where sitrep writes markup around document text. Text is escaped first and the
tags are added afterwards, so nothing in a document (``<script>``, ``onerror=``) can become markup.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup, escape

from sitrep.model import Record
from sitrep.store.search import END_MARK, START_MARK

# A matched term: the store pairs the markers, but a snippet cut in the middle may leave one alone.
_MARKED = re.compile(re.escape(START_MARK) + r"([^" + START_MARK + END_MARK + r"]*)" + re.escape(END_MARK))


def snippet_html(snippet: str) -> Markup:
    """A search snippet with matched terms in ``<mark>``; stray markers are dropped."""
    out: list[str] = []
    pos = 0
    for m in _MARKED.finditer(snippet):
        out.append(_plain(snippet[pos : m.start()]))
        out.append(f"<mark>{_plain(m.group(1))}</mark>")
        pos = m.end()
    out.append(_plain(snippet[pos:]))
    return Markup("".join(out))


def plain_snippet(snippet: str) -> str:
    """A snippet without its markers, for JSON and CSV."""
    return snippet.replace(START_MARK, "").replace(END_MARK, "")


def _plain(text: str) -> str:
    return str(escape(text.replace(START_MARK, "").replace(END_MARK, "")))


def safe_external_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None: a corpus may carry ``javascript:`` in its url field."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def untitled(source: str | None, published: str | None, text: str | None = None) -> str:
    """What to call a document without a title: its first line when the text is at hand, else its
    source and date (search hits carry no text; ISAF releases have no titles)."""
    if text:
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        if first:
            return first if len(first) <= 120 else first[:117].rstrip() + "…"
    return ", ".join(x for x in (source or "Untitled document", published) if x)


def actor_url(actor_id: str) -> str:
    # ids may hold spaces or slashes: quote everything, the route takes the rest of the path
    return "/actors/" + quote(actor_id, safe="")


_LINE_SEPARATORS = {0x2028: "\n", 0x2029: "\n"}


@dataclass
class _Span:
    start: int
    end: int
    open: str  # the opening tag, already safe
    close: str


def document_html(record: Record) -> Markup:
    """The document's text with quotes, actor mentions, places and event triggers highlighted.

    Quotes are the outer layer (a quote often contains mentions); mentions, places and event
    triggers the inner one, in that priority where they overlap. A span that overlaps one of
    its own layer, or crosses a quote's edge, is left out rather than breaking the nesting:
    the side panel still lists it.
    """
    # U+2028/U+2029 end lines (ISAF releases) but break no line in HTML, where the words around
    # them ran together ("Afghanistan2011-03-S-022For"): shown as newlines, one character for
    # one, so every offset stays where it was
    text = record.document.text.translate(_LINE_SEPARATORS)
    names = {a.id: a.name for a in record.actors}
    outer: list[_Span] = []
    for i, q in enumerate(record.quotes):
        who = names.get(q.speaker or "", q.speaker_text or "unnamed source")
        label = f"{who}{' ' + q.cue if q.cue else ''} ({q.kind} quote)"
        outer.append(
            _Span(
                q.start,
                q.end,
                f'<span class="hl quote" id="t-quote-{i}" data-ref="quote-{i}" title="{escape(label)}">',
                f'</span><a class="ref" href="#quote-{i}" title="{escape(label)}">Q{i + 1}</a>',
            )
        )
    inner: list[_Span] = []
    for m in record.mentions:
        actor = record.actor(m.actor)
        title = f"{actor.name} ({actor.kind})" if actor else m.actor
        kind = actor.kind.replace(" ", "-") if actor else "unknown"
        inner.append(
            _Span(
                m.start,
                m.end,
                f'<a class="hl actor kind-{escape(kind)}" href="{escape(actor_url(m.actor))}" '
                f'title="{escape(title)}">',
                "</a>",
            )
        )
    for i, p in enumerate(record.places):
        if p.start is not None and p.end is not None:
            title = f"{p.name} ({p.kind}{', ' + p.country if p.country else ''})"
            inner.append(
                _Span(
                    p.start, p.end, f'<a class="hl place" href="#place-{i}" title="{escape(title)}">', "</a>"
                )
            )
    for i, e in enumerate(record.events):
        if e.trigger_span is not None:
            title = f"{e.type} event" + (" (negated)" if e.negated else "")
            inner.append(
                _Span(
                    e.trigger_span.start,
                    e.trigger_span.end,
                    f'<a class="hl event" id="t-event-{i}" href="#event-{i}" title="{escape(title)}">',
                    "</a>",
                )
            )
    outer = _non_overlapping(outer, len(text))
    inner = _non_overlapping(inner, len(text))
    # an inner span must lie inside one outer segment (inside a quote or between quotes)
    inner = [s for s in inner if not any(_crosses(s, o) for o in outer)]
    anchors = sentence_anchors(record)

    out: list[str] = []
    pos = 0
    for o in outer:
        out.append(_render_inner(text, pos, o.start, inner, anchors))
        out.append(o.open + _render_inner(text, o.start, o.end, inner, anchors) + o.close)
        pos = o.end
    out.append(_render_inner(text, pos, len(text), inner, anchors))
    return Markup("".join(out))


def sentence_anchors(record: Record) -> list[int]:
    """Where the sentences of the record's events, quotes and commitments start: each gets an
    empty ``<span id="s-<start>">`` in the text, so lists elsewhere link to the sentence
    (``/documents/<id>#s-<start>``)."""
    starts = {e.sentence.start for e in record.events}
    starts |= {c.sentence.start for c in record.commitments}
    starts |= {q.sentence.start if q.sentence else q.start for q in record.quotes}
    return sorted(p for p in starts if 0 <= p < len(record.document.text))


def _escaped(text: str, start: int, end: int, anchors: list[int]) -> str:
    """``text[start:end]`` escaped, with the anchors that fall in it."""
    out: list[str] = []
    pos = start
    for p in anchors[bisect_left(anchors, start) : bisect_left(anchors, end)]:
        out.append(str(escape(text[pos:p])))
        out.append(f'<span class="anchor" id="s-{p}"></span>')
        pos = p
    out.append(str(escape(text[pos:end])))
    return "".join(out)


def _crosses(inner: _Span, outer: _Span) -> bool:
    """Whether ``inner`` overlaps ``outer`` without lying inside it."""
    overlaps = outer.start < inner.end and inner.start < outer.end
    return overlaps and not (outer.start <= inner.start and inner.end <= outer.end)


def _non_overlapping(spans: list[_Span], length: int) -> list[_Span]:
    """Valid spans sorted by start; where two overlap, the one listed first wins."""
    kept: list[_Span] = []
    for s in spans:
        if not (0 <= s.start < s.end <= length):
            continue
        if any(k.start < s.end and s.start < k.end for k in kept):
            continue
        kept.append(s)
    return sorted(kept, key=lambda s: s.start)


def _render_inner(text: str, start: int, end: int, inner: list[_Span], anchors: list[int]) -> str:
    out: list[str] = []
    pos = start
    for s in inner:
        if s.start < start or s.end > end:
            continue
        out.append(_escaped(text, pos, s.start, anchors))
        out.append(s.open + _escaped(text, s.start, s.end, anchors) + s.close)
        pos = s.end
    out.append(_escaped(text, pos, end, anchors))
    return "".join(out)
