"""Making a Document from text and whatever metadata a source gave.

The one place where a document's text is normalised, its id computed, its language detected
and, when the source gave no publication date, its dateline read. Every source and
``analyze(str)`` go through ``new_document`` so the same text always yields the same document.
"""

from __future__ import annotations

from sitrep.model import Document, document_id, normalize_text
from sitrep.pipeline.dateline import find_dateline
from sitrep.pipeline.language import detect_language


def new_document(
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    published: str | None = None,
    language: str | None = None,
    path: str | None = None,
) -> Document:
    text = normalize_text(text)
    published_from = "metadata" if published else None
    if not published:
        dateline = find_dateline(text)
        if dateline is not None and dateline.date:
            published, published_from = dateline.date, "dateline"
    return Document(
        id=document_id(text),
        text=text,
        title=" ".join(title.split()) if title else None,
        url=url,
        source=source,
        published=published,
        published_from=published_from,
        language=language or detect_language(text),
        path=path,
    )
