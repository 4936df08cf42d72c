"""Durations counted in fixed log-spaced buckets, and percentiles read back from them.

A bucket spans a sixteenth of a doubling (4.4%): bucket k >= 1 holds durations from
2**((k-1)/16) up to 2**(k/16) seconds, bucket 0 those under a second. A percentile is
found in its bucket by nearest rank and placed inside it by linear interpolation, so it
is off from the exact nearest-rank value by less than the bucket's width: under 4.4%
(about 50 s at 20 minutes, 9 minutes at 3 hours). Days sum bucket by bucket.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

PER_DOUBLING = 16
# The most a percentile read from buckets is off by, relative to the exact one.
BUCKET_ERROR = 2 ** (1 / PER_DOUBLING) - 1
PERCENTILES = (0.5, 0.9)


def bucket_of(seconds: float) -> int:
    """The bucket a duration falls in (negative durations count as none)."""
    if seconds < 1:
        return 0
    return 1 + math.floor(PER_DOUBLING * math.log2(seconds))


def bounds(bucket: int) -> tuple[float, float]:
    """The seconds a bucket starts at and ends before."""
    if bucket <= 0:
        return 0.0, 1.0
    return 2 ** ((bucket - 1) / PER_DOUBLING), 2 ** (bucket / PER_DOUBLING)


def percentiles(histogram: Mapping[int, int]) -> dict[float, float | None]:
    """The median and 90th percentile in whole seconds; None for an empty histogram."""
    total = sum(histogram.values())
    found: dict[float, float | None] = {}
    for p in PERCENTILES:
        if not total:
            found[p] = None
            continue
        rank = max(math.ceil(p * total), 1)
        below = 0
        for bucket in sorted(histogram):
            n = histogram[bucket]
            if n and below + n >= rank:
                low, high = bounds(bucket)
                # The rank-th of n durations spread evenly over the bucket.
                found[p] = float(round(low + (high - low) * (rank - below - 0.5) / n))
                break
            below += n
    return found
