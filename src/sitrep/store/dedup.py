"""Near-duplicate detection over stored MinHash signatures, by LSH banding.

The pipeline computes the signature (``sitrep.pipeline.fingerprint``); the store only splits it
into bands, looks the bands up, and verifies candidates.
"""

from __future__ import annotations

import hashlib
import struct

# Two texts whose estimated shingle Jaccard is at least this are the same story re-published or
# lightly edited. Measured on shared/data/isaf/dev.jsonl: distinct releases reach at most ~0.6
# (same template, same province, different operation), a dropped header or a few changed words
# keep a copy above 0.8.
DUPLICATE_THRESHOLD = 0.8

# 20 bands of 6 rows (120 of the 128 signature positions): a pair at Jaccard 0.8 shares at least
# one band with probability 1 - (1 - 0.8**6)**20 = 0.998, a pair at 0.5 only 0.27 and at 0.3
# 0.015, so true duplicates are found and few candidates need verifying.
BAND_ROWS = 6
MAX_BANDS = 20


def bands(signature: list[int]) -> list[tuple[int, int]]:
    """``(band index, band hash)`` pairs of a signature; the hash is a signed 64-bit int."""
    out = []
    for b in range(min(MAX_BANDS, len(signature) // BAND_ROWS)):
        chunk = signature[b * BAND_ROWS : (b + 1) * BAND_ROWS]
        digest = hashlib.blake2b(struct.pack(f"<{len(chunk)}Q", *chunk), digest_size=8).digest()
        out.append((b, int.from_bytes(digest, "little", signed=True)))
    return out


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity: the share of positions where two signatures agree."""
    if not a or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)
