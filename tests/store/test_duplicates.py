"""Near-duplicates: MinHash fingerprints and the store's LSH linking."""

from __future__ import annotations

import itertools
import time

import pytest

from sitrep.pipeline.fingerprint import estimated_jaccard, minhash_signature, shingles
from sitrep.store import Store
from sitrep.store.dedup import DUPLICATE_THRESHOLD, bands, similarity
from tests.store.builders import isaf_texts, plain_record

STORY = (
    "KABUL, Afghanistan (Jan. 25, 2013) During a security operation in Andar district, Ghazni "
    "province, yesterday, an Afghan and coalition force killed the Taliban leader, Alaudin. Alaudin "
    "oversaw a group of insurgents responsible for conducting remote-controlled improvised explosive "
    "device and small-arms fire attacks against Afghan and coalition forces. Prior to his death, "
    "Alaudin was planning attacks against Afghan National Police in Ghazni province. The security "
    "force also seized weapons and explosives. No civilians were harmed during the operation."
)
EDITED = STORY.replace(
    "No civilians were harmed during the operation.", "No civilians were hurt in the raid."
)


def test_signature_is_deterministic_and_folds_form() -> None:
    sig = minhash_signature(STORY)
    assert len(sig) == 128 and all(0 <= v < 2**32 for v in sig)
    assert minhash_signature(STORY) == sig
    assert minhash_signature(STORY.upper().replace(" ", "  ").replace(",", "")) == sig
    assert len(minhash_signature(STORY, num_perm=64)) == 64
    assert minhash_signature("") == minhash_signature("  ...  ")


def test_light_edit_stays_above_threshold_and_other_story_below() -> None:
    a, b = minhash_signature(STORY), minhash_signature(EDITED)
    assert estimated_jaccard(a, b) >= DUPLICATE_THRESHOLD
    other = STORY.replace("Andar district, Ghazni", "Arghandab district, Kandahar").replace(
        "Alaudin", "Mullah Noor"
    )
    other = other.replace("killed", "captured").replace("Prior to his death", "Before his capture")
    assert estimated_jaccard(a, minhash_signature(other)) < DUPLICATE_THRESHOLD


def test_lsh_bands_are_stable_signed_64_bit() -> None:
    bs = bands(minhash_signature(STORY))
    assert len(bs) == 20 and [b for b, _ in bs] == list(range(20))
    assert all(-(2**63) <= h < 2**63 for _, h in bs)
    assert bands(minhash_signature(STORY)) == bs


def test_edited_copy_links_to_the_earliest_original(store: Store) -> None:
    original = plain_record(STORY, published="2013-01-25")
    assert store.add(original).duplicate_of is None
    copy = plain_record(EDITED, published="2013-01-26", source="Reprint")
    outcome = store.add(copy)
    assert outcome.status == "added" and outcome.duplicate_of == original.document.id
    got = store.get_record(copy.document.id)
    assert got is not None and got.document.duplicate_of == original.document.id
    third = plain_record(EDITED + " Reported by wire.", published="2013-01-27")
    assert store.add(third).duplicate_of == original.document.id  # earliest, not the latest match
    assert store.stats()["duplicates"] == 2
    # adding the copy again is unchanged and still reports what it duplicates
    again = store.add(plain_record(EDITED))
    assert again.status == "unchanged" and again.duplicate_of == original.document.id


def test_different_isaf_releases_are_not_linked(store: Store) -> None:
    texts = isaf_texts(60)
    if not texts:
        pytest.skip("shared/data/isaf/dev.jsonl not found next to the repository")
    for text in texts:
        store.add(plain_record(text))
    assert store.stats()["duplicates"] == 0


def test_no_false_positives_among_all_isaf_releases() -> None:
    """All 19,900 pairs of the 200 ISAF dev releases stay below the duplicate threshold."""
    texts = isaf_texts()
    if not texts:
        pytest.skip("shared/data/isaf/dev.jsonl not found next to the repository")
    started = time.perf_counter()
    sigs = [minhash_signature(t) for t in texts]
    per_doc = (time.perf_counter() - started) / len(texts)
    assert per_doc < 0.05  # it runs on every document
    worst = max(similarity(a, b) for a, b in itertools.combinations(sigs, 2))
    assert worst < DUPLICATE_THRESHOLD
    # the exact Jaccard agrees: the releases share templates, not stories
    exact = max(
        len(shingles(a) & shingles(b)) / len(shingles(a) | shingles(b))
        for a, b in itertools.combinations(texts[:80], 2)
    )
    assert exact < 0.7
