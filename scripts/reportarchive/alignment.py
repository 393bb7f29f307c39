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

import hashlib
import json
import math
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
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
PARALLEL_MIN = 16  # fewer alignments than twice this are not worth starting processes for


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


# Alignments computed by this process, by the content of both texts: the
# compare data and the TMX export need the same ones. Between builds, their
# results are kept with each report's (see compare.py and memo.py).
_memo: dict[str, list] = {}


def _memo_key(left: tuple[Block, ...], right: tuple[Block, ...]) -> str:
    content = json.dumps([[(b.kind, b.text) for b in left], [(b.kind, b.text) for b in right]], ensure_ascii=False)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def _align_job(texts: tuple[list, list]) -> list:
    left, right = ([Block(kind, text, 0) for kind, text in side] for side in texts)
    return [[list(p.left), list(p.right)] for p in _align_texts(tuple(left), tuple(right))]


def align_all(jobs: list[tuple[tuple[Block, ...], tuple[Block, ...]]], workers: int | None = None) -> None:
    """Align every pair of texts not aligned yet, on every core; ``align``
    then finds them in the memo."""
    missing = {}
    for left, right in jobs:
        key = _memo_key(left, right)
        if key not in _memo:
            missing[key] = ([(b.kind, b.text) for b in left], [(b.kind, b.text) for b in right])
    workers = workers or os.cpu_count() or 1
    if len(missing) < 2 * PARALLEL_MIN or workers < 2:
        results = map(_align_job, missing.values())
    else:
        # Spawned, not forked: the build runs MkDocs from threads meanwhile.
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
        try:
            results = list(pool.map(_align_job, missing.values(), chunksize=max(1, len(missing) // (8 * workers))))
        finally:
            pool.shutdown()
    for key, pairs in zip(missing, results):
        _memo[key] = pairs


def align(left: tuple[Block, ...], right: tuple[Block, ...]) -> list[Pair]:
    """The cheapest sequence of pairs covering both texts, in order.

    The length ratio between the two languages is first taken from the whole
    texts, then re-estimated from the one-to-one pairs found (text present in
    one version only would otherwise skew it) for a second, final pass.
    """
    key = _memo_key(left, right)
    if key not in _memo:
        _memo[key] = [[list(p.left), list(p.right)] for p in _align_texts(left, right)]
    return [Pair(tuple(a), tuple(b)) for a, b in _memo[key]]


def _align_texts(left: tuple[Block, ...], right: tuple[Block, ...]) -> list[Pair]:
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
    # Prefix sums of lengths, so that any group's length is one subtraction.
    prefix_left, prefix_right = [0], [0]
    for block in left:
        prefix_left.append(prefix_left[-1] + len(block.text))
    for block in right:
        prefix_right.append(prefix_right[-1] + len(block.text))
    kinds_left, kinds_right = [b.kind for b in left], [b.kind for b in right]
    moves = [(di, dj, -math.log(prior)) for (di, dj), prior in PRIORS.items()]
    cost = [[math.inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        row = cost[i]
        for j in range(m + 1):
            here = row[j]
            if here == math.inf:
                continue
            for di, dj, prior_cost in moves:
                if i + di > n or j + dj > m:
                    continue
                kinds = set(kinds_left[i:i + di])
                kinds.update(kinds_right[j:j + dj])
                if len(kinds) > 1:  # captions pair with captions only
                    continue
                if di and dj:
                    step = prior_cost + _length_cost(prefix_left[i + di] - prefix_left[i], prefix_right[j + dj] - prefix_right[j], ratio)
                else:
                    step = prior_cost + UNMATCHED_COST
                if here + step < cost[i + di][j + dj]:
                    cost[i + di][j + dj] = here + step
                    back[i + di][j + dj] = (di, dj)
    pairs: list[Pair] = []
    i, j = n, m
    while i or j:
        di, dj = back[i][j]
        pairs.append(Pair(tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    return pairs[::-1]
