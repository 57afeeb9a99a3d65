"""GrowthBook's deterministic assignment hashing, as the Vigil server (``@vigil/stats`` ``gbHash``,
``bucketRanges``, ``chooseVariation``) and GrowthBook's JavaScript SDK compute it, so a unit lands in
the same variant whichever of them assigns it."""

from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

_FNV_OFFSET_BASIS = 0x811C9DC5
_FNV_PRIME = 0x01000193
_MASK = 0xFFFFFFFF


def fnv1a32(text: str) -> int:
    """32-bit FNV-1a over the UTF-16 code units of ``text`` (JavaScript's ``charCodeAt``, not UTF-8
    bytes), as an unsigned integer: GrowthBook sdk-js ``hashFnv32a``."""
    h = _FNV_OFFSET_BASIS
    data = text.encode("utf-16-le", "surrogatepass")
    for i in range(0, len(data), 2):
        h ^= data[i] | (data[i + 1] << 8)
        h = (h * _FNV_PRIME) & _MASK
    return h


def gb_hash(seed: str, value: str, version: int) -> Optional[float]:
    """GrowthBook sdk-js ``hash(seed, value, version)``: a number in [0, 1).

    - version 2 (current): ``fnv(str(fnv(seed + value))) % 10000 / 10000``;
    - version 1 (legacy): ``fnv(value + seed) % 1000 / 1000`` (value first);
    - any other version: ``None`` (not in the experiment).
    """
    if version == 2 and not isinstance(version, bool):
        return (fnv1a32(str(fnv1a32(seed + value))) % 10000) / 10000
    if version == 1 and not isinstance(version, bool):
        return (fnv1a32(value + seed) % 1000) / 1000
    return None


def equal_weights(num_variations: int) -> List[float]:
    """GrowthBook sdk-js ``getEqualWeights(n)``: n weights of 1/n, or [] when n <= 0."""
    return [] if num_variations <= 0 else [1 / num_variations] * num_variations


def bucket_ranges(num_variations: int, coverage: float = 1.0, weights: Optional[Sequence[float]] = None) -> List[Tuple[float, float]]:
    """GrowthBook sdk-js ``getBucketRanges(numVariations, coverage, weights)``: coverage clamped to
    [0, 1]; weights fall back to equal ones when missing, of the wrong length or summing outside
    [0.99, 1.01]; range i is [c, c + coverage * w_i) with c the sum of the weights before i."""
    cov = min(1.0, max(0.0, coverage))
    equal = equal_weights(num_variations)
    w: Sequence[float] = equal if weights is None else weights
    if len(w) != num_variations:
        w = equal
    total = 0.0
    for x in w:
        total += x
    if not (0.99 <= total <= 1.01):
        w = equal
    ranges: List[Tuple[float, float]] = []
    cumulative = 0.0
    for wi in w:
        start = cumulative
        cumulative += wi
        ranges.append((start, start + cov * wi))
    return ranges


def choose_variation(n: float, ranges: Sequence[Tuple[float, float]]) -> int:
    """GrowthBook sdk-js ``chooseVariation(n, ranges)``: the first i with ranges[i][0] <= n <
    ranges[i][1], or -1 when n falls in no range."""
    for i, (lo, hi) in enumerate(ranges):
        if lo <= n < hi:
            return i
    return -1


def in_namespace(hash_value: str, namespace: Tuple[str, float, float]) -> bool:
    """GrowthBook sdk-js ``inNamespace``: start <= hash("__" + id, value, 1) < end."""
    n = gb_hash("__" + namespace[0], hash_value, 1)
    assert n is not None
    return namespace[1] <= n < namespace[2]
