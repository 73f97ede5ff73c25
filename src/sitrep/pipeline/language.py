"""Language of a document (ISO 639-1), offline.

py3langid ships its model in the package. Cyrillic-heavy text is decided by script first:
langid confuses short Russian snippets with Bulgarian or Ukrainian less often than with
English headers, but a script count is free and exact for the common case.
"""

from __future__ import annotations

from functools import lru_cache

_SAMPLE_CHARS = 4000


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE)


def detect_language(text: str) -> str | None:
    sample = text[:_SAMPLE_CHARS]
    letters = [c for c in sample if c.isalpha()]
    if len(letters) < 3:
        return None
    cyrillic = sum("\u0400" <= c <= "\u04ff" for c in letters)
    if cyrillic / len(letters) > 0.5:
        # langid separates Russian from other Cyrillic languages well enough; trust it there
        lang, _ = _identifier().classify(sample)
        return lang if lang in {"ru", "uk", "bg", "be", "kk", "ky", "tg", "mn", "sr", "mk"} else "ru"
    lang, _ = _identifier().classify(sample)
    return str(lang)
