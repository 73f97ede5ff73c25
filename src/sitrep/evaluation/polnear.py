"""Quote attribution on the PolNeAR dev split (``../shared/data/quotes/polnear-dev``).

PolNeAR (Newell, Margolin and Ruths, LREC 2018) annotates attributions in 84 US political news
articles as BRAT standoff: ``Source``, ``Cue`` and ``Content`` spans tied together by ``E``
lines. The articles run through the whole pipeline (their text unchanged, so gold offsets
stay valid) and the record's quotes are scored:

- **content**: a predicted quote matches a gold Content span when they share at least half of
  the tokens of each (overlap ≥ 0.5 × the longer of the two; tokens are ``\\w+`` runs, a gold
  span in several pieces counts as their union). Matching is one-to-one, best overlap first.
  Precision, recall and F1 count every attribution, with or without a source.
- **speaker**: on matched pairs whose gold attribution has a Source, the predicted speaker is
  right when the words naming it — its ``speaker_text`` and, when resolved, the actor's name
  and aliases — share a word with the gold Source span (case-folded, ignoring "the", "a",
  "an", "of", "'s"). PolNeAR's sources are the words in the text, not resolved entities: a gold
  "He" is matched by a predicted "he", and by the actor that "he" was resolved to only if the
  gold source names it.
- **one attribution, several quotes**: PolNeAR gives a quote split around its cue, or run
  on over several sentences of a paragraph, one Content span (“I would,” Melanie said. “I
  would, Donald.”); sitrep gives one quote per quoted run, the later ones continuing the
  first's speaker. Consecutive direct quotes of one paragraph with the same speaker words and
  no cue of their own (or the same cue) are therefore scored as one attribution, the union of
  their spans; so is a quotation left open at a paragraph's end and continued in the next
  paragraph, which opens with a mark (the journalistic convention for a quote over several
  paragraphs; PolNeAR gives a transcript turn quoted that way one Content span).
- **annotators**: two articles were annotated by several people (one file each); the first
  file in name order is the gold, so every article counts once.

``Discard`` and ``Discuss`` spans (boilerplate, transcripts the annotators set aside) are not
attributions and are ignored.

**halves**: the articles in name order alternate between a *study half* (even positions: its
misses may be read to improve the rules) and a *held-out half* (odd positions: read only as
figures), so a rule tuned on one half is checked on articles it was not written from. Misses are
listed for the study half only.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.evaluation import EvaluationResult, Measure
from sitrep.model import Document, Quote, Record, document_id
from sitrep.pipeline.analyze import default_pipeline

DATA = ("data", "quotes", "polnear-dev")
_WORD = re.compile(r"\w+")
_IGNORED_WORDS = frozenset({"the", "a", "an", "of", "s"})


@dataclass
class GoldAttribution:
    content: list[tuple[int, int]]  # char spans; several when the annotators split it
    source: list[tuple[int, int]] = field(default_factory=list)
    source_text: str = ""
    cue_text: str = ""


def read_annotations(path: Path, text: str) -> list[GoldAttribution]:
    """The attributions of one BRAT file: every ``E`` line with a Content."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            ident, info, _text = line.split("\t", 2)
            label, _, offsets = info.partition(" ")
            pieces = [tuple(int(x) for x in part.split()) for part in offsets.split(";")]
            spans[ident] = (label, [(p[0], p[1]) for p in pieces])
        elif line.startswith("E"):
            _ident, args = line.split("\t", 1)
            events.append({role: ref for role, _, ref in (a.partition(":") for a in args.split())})
    out = []
    for event in events:
        content = spans.get(event.get("Content", ""))
        if content is None:
            continue
        source = spans.get(event.get("Source", ""), ("", []))[1]
        cue = spans.get(event.get("Cue", ""), ("", []))[1]
        out.append(
            GoldAttribution(
                content=content[1],
                source=source,
                source_text=" ".join(text[s:e] for s, e in source),
                cue_text=" ".join(text[s:e] for s, e in cue),
            )
        )
    return out


def _tokens(text: str, spans: list[tuple[int, int]]) -> frozenset[int]:
    """Start offsets of the word tokens inside the spans."""
    return frozenset(m.start() for s, e in spans for m in _WORD.finditer(text, s, e))


def _words(text: str) -> set[str]:
    return {w for w in (m.group().casefold() for m in _WORD.finditer(text)) if w not in _IGNORED_WORDS}


# what lies between a quote left open at its paragraph's end and the next paragraph's mark
_OPEN_CONTINUATION = re.compile(r"\s*\n\s*(?:[\"“«„]|``|'')")


def attributions(text: str, quotes: list[Quote]) -> list[list[Quote]]:
    """Quotes grouped as PolNeAR counts attributions: a direct quote continues the one before
    it in the same paragraph when it names the same speaker and has no other cue, and in the
    next paragraph when the one before ran to its paragraph's end and this one opens the next
    (a quotation left open over paragraphs, which PolNeAR annotates as one content)."""
    groups: list[list[Quote]] = []
    for q in sorted(quotes, key=lambda q: q.start):
        last = groups[-1][-1] if groups else None
        between = text[last.end : q.start] if last is not None else ""
        if (
            last is not None
            and q.kind == last.kind == "direct"
            and q.speaker_text == last.speaker_text
            and q.cue in (None, last.cue, groups[-1][0].cue)
            and ("\n" not in between or _OPEN_CONTINUATION.fullmatch(between) is not None)
        ):
            groups[-1].append(q)
        else:
            groups.append([q])
    return groups


def match(
    text: str, predicted: list[Quote], gold: list[GoldAttribution]
) -> list[tuple[Quote, GoldAttribution]]:
    """One-to-one pairs whose token overlap is at least half of the longer span, best first.

    Each pair gives the first quote of the predicted attribution."""
    groups = attributions(text, predicted)
    pred_tokens = [_tokens(text, [(q.start, q.end) for q in group]) for group in groups]
    gold_tokens = [_tokens(text, g.content) for g in gold]
    by_start: dict[int, list[int]] = defaultdict(list)  # token -> gold indices covering it
    for gi, toks in enumerate(gold_tokens):
        for t in toks:
            by_start[t].append(gi)
    candidates = []
    for pi, toks in enumerate(pred_tokens):
        shared: dict[int, int] = defaultdict(int)
        for t in toks:
            for gi in by_start.get(t, ()):
                shared[gi] += 1
        for gi, n in shared.items():
            score = n / max(len(toks), len(gold_tokens[gi]), 1)
            if score >= 0.5:
                candidates.append((score, pi, gi))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _score, pi, gi in candidates:
        if pi in used_p or gi in used_g:
            continue
        used_p.add(pi)
        used_g.add(gi)
        pairs.append((groups[pi][0], gold[gi]))
    return pairs


def speaker_right(record: Record, quote: Quote, gold: GoldAttribution) -> bool:
    names = [quote.speaker_text or ""]
    actor = record.actor(quote.speaker) if quote.speaker else None
    if actor is not None:
        names += [actor.name, *actor.aliases]
    gold_words = _words(gold.source_text)
    return any(_words(n) & gold_words for n in names)


def load_articles(folder: Path) -> list[tuple[str, str, list[GoldAttribution]]]:
    """(name, text, gold) per article; the first annotator's file where there are several."""
    articles = []
    for text_path in sorted((folder / "text").glob("*.txt")):
        files = sorted((folder / "attributions").glob(f"{text_path.stem}_*.ann"))
        if not files:
            continue
        text = text_path.read_text(encoding="utf-8")
        articles.append((text_path.stem, text, read_annotations(files[0], text)))
    return articles


def is_held_out(position: int) -> bool:
    """Whether the article at this position of the name-sorted list is in the held-out half."""
    return position % 2 == 1


def evaluate(shared_dir: Path) -> EvaluationResult:
    folder = shared_dir.joinpath(*DATA)
    articles = load_articles(folder)
    # the raw text as the document: gold offsets refer to it, so it must not be normalised
    documents = [Document(id=document_id(text), text=text, language="en") for _n, text, _g in articles]
    records = default_pipeline().analyze_many(documents)
    predicted = quotes = gold_total = matched = with_source = speakers_right = 0
    halves = {False: [0, 0, 0], True: [0, 0, 0]}  # held out? -> matched, predicted, gold
    misses: list[str] = []
    for position, ((name, text, gold), record) in enumerate(zip(articles, records, strict=True)):
        pairs = match(text, record.quotes, gold)
        n_predicted = len(attributions(text, record.quotes))
        predicted += n_predicted
        quotes += len(record.quotes)
        gold_total += len(gold)
        matched += len(pairs)
        half = halves[is_held_out(position)]
        half[0] += len(pairs)
        half[1] += n_predicted
        half[2] += len(gold)
        for quote, g in pairs:
            if not g.source:
                continue
            with_source += 1
            if speaker_right(record, quote, g):
                speakers_right += 1
            elif len(misses) < 200 and not is_held_out(position):
                misses.append(
                    f"{name[:40]}: speaker {quote.speaker_text!r} ({quote.speaker}) for gold "
                    f"{g.source_text!r}: “{quote.text[:70]}”"
                )
    precision = Measure("attribution content precision", matched, predicted)
    recall = Measure("attribution content recall", matched, gold_total)
    f1_total = predicted + gold_total
    return EvaluationResult(
        dataset="polnear",
        measures=[
            precision,
            recall,
            # F1 = 2·matched / (predicted + gold), kept as a count ratio like every measure
            Measure("attribution content F1", 2 * matched, f1_total, goal=0.80),
            Measure("speaker accuracy on matched quotes", speakers_right, with_source, goal=0.86),
            *(
                Measure(f"attribution content F1, {part} half", 2 * h[0], h[1] + h[2])
                for part, h in (("study", halves[False]), ("held-out", halves[True]))
            ),
        ],
        notes=[
            f"{len(articles)} articles, {gold_total} gold attributions "
            f"({gold_total - sum(1 for _n, _t, g in articles for a in g if a.source)} without a source), "
            f"{predicted} predicted attributions ({quotes} quotes); first annotator's file where "
            "there are several"
        ],
        misses=misses,
    )
