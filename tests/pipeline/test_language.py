"""Language identification: English news text is English, other languages keep their own."""

from __future__ import annotations

import pytest

from sitrep.pipeline.language import detect_language


@pytest.mark.parametrize(
    "text",
    [
        # English sentences about West Africa that langid alone gives to Nigerian Pidgin
        "Former Nigerian President on Sunday held separate talks with opposition party leader in Abuja.",
        "Rebel group rejects demands from Congo government.",
        # a headline of a few words on which langid is undecided
        "U.S. Lifts Travel Ban to Lebanon.",
        "The Collective Security Treaty Organization held talks in Bishkek on Tuesday.",
    ],
)
def test_english_news_text_is_english(text: str) -> None:
    assert detect_language(text) == "en"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Министры иностранных дел государств ОДКБ провели встречу в Бишкеке.", "ru"),
        ("Les ministres des affaires étrangères se sont réunis à Bichkek mardi pour discuter.", "fr"),
        ("Die Außenminister der Organisation trafen sich am Dienstag in Bischkek zu Gesprächen.", "de"),
        ("Los ministros de Asuntos Exteriores se reunieron el martes en Biskek para dialogar.", "es"),
    ],
)
def test_other_languages_keep_their_own(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_too_few_letters_is_unknown() -> None:
    assert detect_language("12:30 — 4") is None
