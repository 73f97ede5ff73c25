"""Language of a document (ISO 639-1 where the language has one), offline.

py3langid ships its model in the package (142 languages). Two rules sit around it:

- Cyrillic-heavy text is decided by script first: a script count is free and exact for the
  common case, and langid then only separates Russian from the other Cyrillic languages.
- English news text that langid gives to a near neighbour is English. The model knows
  English-lexified creoles (Nigerian Pidgin, ``pcm``) whose vocabulary is English's: a plain
  English news sentence about Nigeria or a short headline ("Congo government rejects demands
  from rebel group.") scores as Pidgin with English the runner-up. So when the best guess is
  such a creole and English is second, or when langid is undecided (best probability under
  ``UNDECIDED``, which happens on headlines of a few words) and English is among its first
  three guesses, the text is English. A confident guess of another language stands.
"""

from __future__ import annotations

from functools import lru_cache

_SAMPLE_CHARS = 4000
# languages whose words are largely English's: langid's pick of one of them over English
# on text that English also explains is read as English
ENGLISH_LEXIFIED = {"pcm"}
UNDECIDED = 0.5
CYRILLIC_LANGUAGES = {"ru", "uk", "bg", "be", "kk", "ky", "tg", "mn", "sr", "mk"}


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _latin_script_language(sample: str) -> str:
    ranked = [(str(lang), float(p)) for lang, p in _identifier().rank(sample)[:3]]
    (best, p_best), runner_up = ranked[0], ranked[1][0]
    if best in ENGLISH_LEXIFIED and runner_up == "en":
        return "en"
    if p_best < UNDECIDED and "en" in (lang for lang, _ in ranked):
        return "en"
    return best


def detect_language(text: str) -> str | None:
    sample = text[:_SAMPLE_CHARS]
    letters = [c for c in sample if c.isalpha()]
    if len(letters) < 3:
        return None
    cyrillic = sum("\u0400" <= c <= "\u04ff" for c in letters)
    if cyrillic / len(letters) > 0.5:
        lang, _ = _identifier().classify(sample)
        return str(lang) if lang in CYRILLIC_LANGUAGES else "ru"
    return _latin_script_language(sample)
