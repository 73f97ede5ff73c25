"""Line and paragraph breaks start sentences, before the parser runs.

News text reaches us as lines: a headline, a dateline block, paragraphs. spaCy's parser decides
sentence boundaries itself and often runs a sentence across a paragraph break (a headline with
no full stop glued to the lead; the last words of a paragraph made the subject of the next
one's verb). Quotes, events and their actors then cross paragraphs. The parser respects
boundaries set before it, so this component marks the first word after a line break as a
sentence start:

- a blank line, U+2028 or U+2029 (ISAF releases separate their lines with U+2028): always;
- a single ``\\n``: unless it wraps a sentence. In a hard-wrapped text (three lines or more,
  none longer than ``WRAP_WIDTH`` characters: e-mail, plain-text wire copy), a line ends a
  sentence only if it ends with sentence punctuation or is short (under ``SHORT_LINE`` of the
  longest: a headline, a paragraph's last line). Elsewhere a line that does not end a sentence
  and is followed by a lower-case word is a wrap; any other break is a boundary.

Cost: a regular-expression pass over the text and a binary search per break; no loop over
tokens in Python.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc

COMPONENT_NAME = "sitrep_paragraph_breaks"
LINE_BREAK = re.compile(r"[ \t\xa0]*(?:\n[ \t\xa0]*\n|[\u2028\u2029]|\n)[\s]*")
SENTENCE_END = set(".!?:;\"'”’»)]")
LOOK_BACK = 120  # characters before a break read for how its line ends
WRAP_WIDTH = 100
SHORT_LINE = 0.6


def _hard_wrapped(text: str) -> int:
    """The width a hard-wrapped text is wrapped at, or 0 when its lines are not wrapped."""
    lengths = [len(line) for line in text.split("\n") if line.strip()]
    if len(lengths) < 3 or max(lengths) > WRAP_WIDTH:
        return 0
    return max(lengths)


def mark_paragraph_breaks(doc: Doc) -> Doc:
    text = doc.text
    if not LINE_BREAK.search(text):
        return doc
    width = _hard_wrapped(text) if "\n" in text else 0
    starts = doc.to_array("IDX").tolist()
    for found in LINE_BREAK.finditer(text):
        i = bisect_left(starts, found.end())
        while i < len(doc) and doc[i].is_space:  # the first word after the break
            i += 1
        if i == 0 or i >= len(doc):
            continue
        brk = found.group()
        single = brk.count("\n") == 1 and "\u2028" not in brk and "\u2029" not in brk
        if single:
            line = text[max(0, found.start() - LOOK_BACK) : found.start()].rsplit("\n", 1)[-1].rstrip()
            ends_sentence = bool(line) and line[-1] in SENTENCE_END
            if width:
                if not ends_sentence and len(line) >= SHORT_LINE * width:
                    continue  # a wrapped line of a hard-wrapped text
            elif not ends_sentence and doc[i].text[:1].islower():
                continue  # a sentence wrapped by hand
        doc[i].is_sent_start = True
    return doc


@Language.component(COMPONENT_NAME)
def paragraph_breaks(doc: Doc) -> Doc:
    return mark_paragraph_breaks(doc)


def add_paragraph_breaks(nlp: Language) -> None:
    """Put the component in front of the parser (no-op for a pipeline without one)."""
    if "parser" in nlp.pipe_names and COMPONENT_NAME not in nlp.pipe_names:
        nlp.add_pipe(COMPONENT_NAME, before="parser")
