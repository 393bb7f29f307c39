"""Aligning two translations block by block, in the manner of Gale and Church.

Translations of one report rarely line up by index: one version drops a
caption, another splits a paragraph in two. Following Gale & Church (1993),
the cost of pairing ``i`` blocks with ``j`` blocks is the improbability of
their length ratio (translated text keeps a roughly constant length ratio,
normally distributed) plus the improbability of an ``i``–``j`` pairing; the
cheapest path through both texts, found by dynamic programming, is the
alignment. Captions only pair with captions, paragraphs with paragraphs;
a block with no counterpart is kept as an unmatched ``1–0`` or ``0–1`` pair.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .records import Block

# Prior probability of each kind of pairing (Gale & Church's estimates).
PRIORS = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089, (2, 2): 0.011}
VARIANCE = 6.8  # variance of the length difference per character
# A block with no counterpart costs its prior and this much more, whatever its
# length: Gale & Church's length term would make a long unmatched paragraph so
# expensive that merging it into a neighbour always looks better.
UNMATCHED_COST = 2.0
_FLOOR = 1e-300


@dataclass(frozen=True)
class Pair:
    """Blocks of the left text facing blocks of the right text (either may be empty)."""

    left: tuple[int, ...]
    right: tuple[int, ...]

    @property
    def matched(self) -> bool:
        return bool(self.left) and bool(self.right)


def _length_cost(left: int, right: int, ratio: float) -> float:
    """-log P(length difference) for ``left`` chars against ``right`` chars."""
    if left == 0 and right == 0:
        return 0.0
    mean = (left + right / ratio) / 2
    delta = (left * ratio - right) / math.sqrt(VARIANCE * mean * ratio)
    return -math.log(max(math.erfc(abs(delta) / math.sqrt(2)), _FLOOR))


def _same_kind(blocks: list[Block]) -> bool:
    return len({block.kind for block in blocks}) <= 1


def _step_cost(group_left: list[Block], group_right: list[Block], prior: float, ratio: float) -> float:
    if not group_left or not group_right:
        return -math.log(prior) + UNMATCHED_COST
    return -math.log(prior) + _length_cost(
        sum(len(b.text) for b in group_left), sum(len(b.text) for b in group_right), ratio
    )


def align(left: tuple[Block, ...], right: tuple[Block, ...]) -> list[Pair]:
    """The cheapest sequence of pairs covering both texts, in order.

    The length ratio between the two languages is first taken from the whole
    texts, then re-estimated from the one-to-one pairs found (text present in
    one version only would otherwise skew it) for a second, final pass.
    """
    total_left = sum(len(b.text) for b in left) or 1
    total_right = sum(len(b.text) for b in right) or 1
    pairs = _align(left, right, total_right / total_left)
    ratios = sorted(
        len(right[pair.right[0]].text) / max(len(left[pair.left[0]].text), 1)
        for pair in pairs if len(pair.left) == 1 and len(pair.right) == 1
    )
    if len(ratios) >= 2:
        pairs = _align(left, right, min(max(ratios[len(ratios) // 2], 0.2), 5.0))
    return pairs


def _align(left: tuple[Block, ...], right: tuple[Block, ...], ratio: float) -> list[Pair]:
    n, m = len(left), len(right)
    cost = [[math.inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if cost[i][j] == math.inf:
                continue
            for (di, dj), prior in PRIORS.items():
                if i + di > n or j + dj > m:
                    continue
                group_left, group_right = list(left[i:i + di]), list(right[j:j + dj])
                if not _same_kind(group_left + group_right):
                    continue
                step = _step_cost(group_left, group_right, prior, ratio)
                if cost[i][j] + step < cost[i + di][j + dj]:
                    cost[i + di][j + dj] = cost[i][j] + step
                    back[i + di][j + dj] = (di, dj)
    pairs: list[Pair] = []
    i, j = n, m
    while i or j:
        di, dj = back[i][j]
        pairs.append(Pair(tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    return pairs[::-1]
