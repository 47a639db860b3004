"""How cost grows with content: the time factor for twice the pages, from two measured sizes."""

from __future__ import annotations

import math


def doubling_cost(pages_a: int, seconds_a: float, pages_b: int, seconds_b: float) -> float:
    """2^k for t ∝ n^k fitted through two points: 2.0 means linear, below it sub-linear.

    For sizes exactly 2x apart this is simply t_b / t_a; for 5k vs 2k (2.5x) it is the same
    growth rate expressed per doubling.
    """
    if pages_a <= 0 or pages_b <= pages_a or seconds_a <= 0 or seconds_b <= 0:
        raise ValueError("need two sizes, the second larger, with positive times")
    exponent = math.log(seconds_b / seconds_a) / math.log(pages_b / pages_a)
    return float(2.0**exponent)
