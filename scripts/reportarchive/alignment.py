"""Aligning two translations block by block, in the manner of Gale and Church.

Translations of one report rarely line up by index: one version drops a
caption, another splits a paragraph in two, a third is abridged. Following
Gale & Church (1993), the cost of pairing ``i`` blocks with ``j`` blocks is
the improbability of their length ratio (translated text keeps a roughly
constant length ratio, normally distributed) plus the improbability of an
``i``–``j`` pairing; the cheapest path through both texts, found by dynamic
programming, is the alignment. Captions only pair with captions, paragraphs
with paragraphs; a block with no counterpart is kept as an unmatched ``1–0``
or ``0–1`` pair.

Two additions make it work across scripts and for abridged versions:

- the length ratio of a pair of languages starts from each language's
  typical length for the same content (``EXPANSION``: Chinese needs about a
  third of the characters of English) and is then learned from the pair's
  own texts: from blocks tied by their anchors, then from the pairs a first
  pass found;
- anchors, what survives translation (numbers, Latin-script names and
  acronyms; ``anchors.py``), lower the cost of pairing blocks that share
  them and raise it for blocks whose numbers all differ; between languages
  of different scripts, or when one version is much shorter than the other,
  lengths say less and anchors decide more.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from . import anchors
from .records import Block

# Prior probability of each kind of pairing (Gale & Church's estimates).
PRIORS = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089, (2, 2): 0.011}
VARIANCE = 6.8  # variance of the length difference per character
# A block with no counterpart costs its prior and this much more, whatever its
# length: Gale & Church's length term would make a long unmatched paragraph so
# expensive that merging it into a neighbour always looks better.
UNMATCHED_COST = 2.0
MAX_OMITTED = 0.45
# Characters a language takes for what English says in one (typical figures
# for news text; a language not listed is taken to be like English). Only the
# ratio of two of them is used, as a starting point that each pair of texts
# corrects (see _learned_ratio).
EXPANSION = {
    "ar": 0.85,
    "da": 1.1,
    "de": 1.2,
    "el": 1.2,
    "en": 1.0,
    "es": 1.2,
    "fa": 0.9,
    "fi": 1.05,
    "fr": 1.2,
    "he": 0.75,
    "hi": 1.05,
    "hu": 1.1,
    "id": 1.2,
    "it": 1.15,
    "ja": 0.4,
    "ko": 0.4,
    "nl": 1.2,
    "no": 1.1,
    "pl": 1.15,
    "pt": 1.15,
    "ro": 1.15,
    "ru": 1.1,
    "sv": 1.05,
    "th": 0.95,
    "tr": 1.05,
    "uk": 1.1,
    "vi": 1.15,
    "zh": 0.32,
}
PRIOR_WEIGHT = 2.0  # the table's ratio counts as this many observed pairs
# Deviation of the log length ratio of a block translated into another
# script, and of an abridged one; how much more short blocks vary.
CROSS_SCRIPT_SIGMA = 0.35
ABRIDGED_SIGMA = 0.7
SHORT_BLOCK_SPREAD = 5.0
# A version this much shorter (or longer) than its language makes it is abridged.
ABRIDGED_BELOW = 0.65
# Cost taken off per anchor two groups share (weighted by how rare it is in
# the texts, up to MAX_SHARED), and added when both have numbers but none in common.
ANCHOR_BONUS = 3.0
MAX_SHARED = 3.0
NUMBER_CONFLICT = 3.0
UNSUPPORTED_MEMBER = 4.0
_FLOOR = 1e-300

# Writing systems of the languages whose lengths are not comparable with Latin text.
_SCRIPTS = {
    "ar": "arab",
    "fa": "arab",
    "he": "hebr",
    "zh": "cjk",
    "ja": "cjk",
    "ko": "hang",
    "th": "thai",
    "hi": "deva",
    "ru": "cyrl",
    "uk": "cyrl",
    "el": "grek",
}


@dataclass(frozen=True)
class Pair:
    """Blocks of the left text facing blocks of the right text (either may be empty)."""

    left: tuple[int, ...]
    right: tuple[int, ...]

    @property
    def matched(self) -> bool:
        return bool(self.left) and bool(self.right)


@dataclass(frozen=True)
class Side:
    """One text to align: its blocks and its language."""

    blocks: tuple[Block, ...]
    language: str


@dataclass(frozen=True)
class LengthModel:
    """How the length of a translation follows from the original's.

    ``ratio``: right characters per left character. Without ``sigma``,
    Gale & Church's: the difference is normal with a variance proportional to
    the length, which suits two full translations in one script. With it,
    the log of the ratio is normal with that deviation (plus more for short
    blocks): the length of a block translated into another script, or of an
    abridged one, varies in proportion, whatever its size.
    """

    ratio: float
    sigma: float | None = None

    def cost_function(self) -> Callable[[int, int], float]:
        """-log P(length difference) for ``left`` chars against ``right`` chars,
        as a plain function of both (called for every move of every pass)."""
        ratio, sigma = self.ratio, self.sigma
        sqrt, log, erfc = math.sqrt, math.log, math.erfc
        root_two = math.sqrt(2)
        sigma_squared = (sigma or 0.0) ** 2

        def gale_church(left: int, right: int) -> float:
            if left == 0 and right == 0:
                return 0.0
            mean = (left + right / ratio) / 2
            delta = (left * ratio - right) / sqrt(VARIANCE * mean * ratio)
            return -log(max(erfc(abs(delta) / root_two), _FLOOR))

        def proportional(left: int, right: int) -> float:
            if left == 0 and right == 0:
                return 0.0
            spread = sqrt(sigma_squared + SHORT_BLOCK_SPREAD / max(min(left, right / ratio), 1))
            delta = log(max(right, 1) / (max(left, 1) * ratio)) / spread
            return -log(max(erfc(abs(delta) / root_two), _FLOOR))

        return gale_church if sigma is None else proportional


def align(left: Side, right: Side) -> list[Pair]:
    """The cheapest sequence of pairs covering both texts, in order. Two
    passes: the first with the ratio learned from the texts' anchors, the
    second with the ratio re-learned from the one-to-one pairs the first found."""
    prior = EXPANSION.get(right.language, 1.0) / EXPANSION.get(left.language, 1.0)
    left_anchors = [anchors.of(b.text) for b in left.blocks]
    right_anchors = [anchors.of(b.text) for b in right.blocks]
    # What the anchors say of a pairing does not change with the length model:
    # worked out once for both passes.
    weigh = _anchor_weights(left_anchors, right_anchors)

    # Only anchors both texts have can tie two blocks: the moves weigh those.
    left_shared = [_within(counts, weigh) for counts in left_anchors]
    right_shared = [_within(counts, weigh) for counts in right_anchors]

    # A group's anchors are summed once, for every pairing it is weighed in.
    left_group = functools.cache(lambda i, di: _together(left_shared[i : i + di]))
    right_group = functools.cache(lambda j, dj: _together(right_shared[j : j + dj]))

    left_numbers = functools.cache(lambda i, di: _has_number(left_group(i, di)))
    right_numbers = functools.cache(lambda j, dj: _has_number(right_group(j, dj)))

    @functools.cache
    def anchor_cost(i: int, di: int, j: int, dj: int) -> float:
        mine, theirs = left_shared[i : i + di], right_shared[j : j + dj]
        totals = (left_group(i, di), right_group(j, dj))
        return _anchor_cost(mine, theirs, weigh, totals, (left_numbers(i, di), right_numbers(j, dj)))

    moves = _moves(left.blocks, right.blocks)
    model = _length_model(left, right, prior, _anchored_pairs(left_anchors, right_anchors))
    pairs = _align(moves, len(left.blocks), len(right.blocks), anchor_cost, model)
    one_to_one = [(p.left[0], p.right[0]) for p in pairs if len(p.left) == 1 and len(p.right) == 1]
    if one_to_one:
        model = _length_model(left, right, prior, one_to_one)
        pairs = _align(moves, len(left.blocks), len(right.blocks), anchor_cost, model)
    return pairs


def _anchored_pairs(left: list[Counter[str]], right: list[Counter[str]]) -> list[tuple[int, int]]:
    """Blocks tied by two or more anchors that no other block of either text shares."""
    tied = [[_shared(mine, theirs) >= 2 for theirs in right] for mine in left]
    pairs = []
    for i, row in enumerate(tied):
        partners = [j for j, tie in enumerate(row) if tie]
        if len(partners) == 1 and [k for k in range(len(left)) if tied[k][partners[0]]] == [i]:
            pairs.append((i, partners[0]))
    return pairs


def _shared(mine: Counter[str], theirs: Counter[str]) -> int:
    """How many anchors two blocks share (``sum((mine & theirs).values())``, without the counter)."""
    if len(theirs) < len(mine):
        mine, theirs = theirs, mine
    return sum(min(n, theirs[a]) for a, n in mine.items() if a in theirs)


def _length_model(left: Side, right: Side, prior: float, pairs: list[tuple[int, int]]) -> LengthModel:
    """The length ratio right/left learned from ``pairs`` (paragraphs only when
    there are any: captions translate less evenly), with the prior counted as
    PRIOR_WEIGHT pairs, averaged in log space; and the model that suits it."""
    paragraphs = [(i, j) for i, j in pairs if left.blocks[i].kind == "paragraph"] or pairs
    logs = [math.log(max(len(right.blocks[j].text), 1) / max(len(left.blocks[i].text), 1)) for i, j in paragraphs]
    ratio = math.exp((PRIOR_WEIGHT * math.log(prior) + sum(logs)) / (PRIOR_WEIGHT + len(logs)))
    ratio = min(max(ratio, 0.125), 8.0)
    if not ABRIDGED_BELOW < ratio / prior < 1 / ABRIDGED_BELOW:
        return LengthModel(ratio, ABRIDGED_SIGMA)
    if _SCRIPTS.get(left.language, "latn") != _SCRIPTS.get(right.language, "latn"):
        return LengthModel(ratio, CROSS_SCRIPT_SIGMA)
    return LengthModel(ratio)


# From a cell (i, j) of the path's grid: (the cell reached, di, dj, the
# move's prior cost, and for a move that pairs blocks the two groups' lengths).
Move = tuple[int, int, int, float, int, int]


def _moves(left: tuple[Block, ...], right: tuple[Block, ...]) -> list[tuple[int, int, int, list[Move]]]:
    """Every cell (its index, i, j) in the order the path is worked out, with
    the moves the blocks' kinds allow from it: what both passes share."""
    n, m = len(left), len(right)
    # Prefix sums of lengths, so that any group's length is one subtraction.
    prefix_left, prefix_right = [0], [0]
    for block in left:
        prefix_left.append(prefix_left[-1] + len(block.text))
    for block in right:
        prefix_right.append(prefix_right[-1] + len(block.text))
    kinds_left, kinds_right = _group_kinds(left), _group_kinds(right)
    priors = [(di, dj, -math.log(prior)) for (di, dj), prior in _priors(n, m).items()]
    cells = []
    for i in range(n + 1):
        for j in range(m + 1):
            moves = []
            for di, dj, prior_cost in priors:
                if i + di > n or j + dj > m:
                    continue
                kind_left, kind_right = kinds_left[di][i], kinds_right[dj][j]
                if _MIXED in (kind_left, kind_right) or (kind_left and kind_right and kind_left != kind_right):
                    continue  # captions pair with captions only, paragraphs with paragraphs
                if (kind_left or kind_right) == "caption" and di + dj > 2:
                    continue  # one photo's captions with one photo's
                lengths = (prefix_left[i + di] - prefix_left[i], prefix_right[j + dj] - prefix_right[j])
                fixed = prior_cost if di and dj else prior_cost + UNMATCHED_COST
                moves.append(((i + di) * (m + 1) + j + dj, di, dj, fixed, *lengths))
            cells.append((i * (m + 1) + j, i, j, moves))
    return cells


def _align(
    cells: list[tuple[int, int, int, list[Move]]],
    n: int,
    m: int,
    anchor_cost: Callable[[int, int, int, int], float],
    lengths: LengthModel,
) -> list[Pair]:
    """The cheapest path through both texts (``n`` and ``m`` blocks; their
    ``_moves``); ``anchor_cost(i, di, j, dj)``: what the anchors say of
    pairing blocks i…i+di with j…j+dj."""
    length_cost = lengths.cost_function()
    width = m + 1
    cost = [math.inf] * ((n + 1) * width)
    back: list[tuple[int, int] | None] = [None] * len(cost)
    cost[0] = 0.0
    for cell, i, j, moves in cells:
        here = cost[cell]
        if here == math.inf:
            continue
        for target, di, dj, fixed, left_length, right_length in moves:
            if di and dj:
                step = fixed + length_cost(left_length, right_length)
                step += anchor_cost(i, di, j, dj)
            else:
                step = fixed
            if here + step < cost[target]:
                cost[target] = here + step
                back[target] = (di, dj)
    pairs: list[Pair] = []
    i, j = n, m
    while i or j:
        step_back = back[i * width + j]
        assert step_back is not None, "every cell on the path was reached"
        di, dj = step_back
        pairs.append(Pair(tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    return pairs[::-1]


_MIXED = "*"  # a group of blocks of more than one kind


def _group_kinds(blocks: tuple[Block, ...]) -> list[list[str]]:
    """``[d][i]``: the kind of the ``d`` blocks from ``i`` ("" for none,
    ``_MIXED`` for more than one), for every group a move can take."""
    kinds = [b.kind for b in blocks]
    groups: list[list[str]] = [[""] * (len(kinds) + 1)]
    for size in (1, 2):
        row = []
        for i in range(len(kinds) + 1):
            found = set(kinds[i : i + size])
            row.append(found.pop() if len(found) == 1 else (_MIXED if found else ""))
        groups.append(row)
    return groups


def _priors(n: int, m: int) -> dict[tuple[int, int], float]:
    """Gale & Church's priors, except that a text with fewer blocks than the
    other has left some out: blocks without a counterpart are then as
    likely as the difference in numbers says (up to MAX_OMITTED)."""
    priors = dict(PRIORS)
    if n > m:
        priors[(1, 0)] = max(priors[(1, 0)], min(MAX_OMITTED, (n - m) / n))
    elif m > n:
        priors[(0, 1)] = max(priors[(0, 1)], min(MAX_OMITTED, (m - n) / m))
    return priors


def _anchor_weights(left: list[Counter[str]], right: list[Counter[str]]) -> dict[str, float]:
    """An anchor found in k blocks of a text ties blocks 1/k as surely."""
    spread_left = Counter(a for counts in left for a in counts)
    spread_right = Counter(a for counts in right for a in counts)
    return {a: 1 / max(spread_left[a], spread_right[a]) for a in spread_left.keys() & spread_right.keys()}


def _within(counts: Counter[str], weigh: dict[str, float]) -> Counter[str]:
    """A block's anchors that the other text has too (``weigh`` holds those)."""
    return Counter({a: n for a, n in counts.items() if a in weigh})


def _anchor_cost(
    mine: list[Counter[str]],
    theirs: list[Counter[str]],
    weigh: dict[str, float],
    totals: tuple[Counter[str], Counter[str]],
    known_numbers: tuple[bool, bool],
) -> float:
    """What the anchors say of pairing the blocks ``mine`` with ``theirs``
    (each block's anchors that the other text has too): a bonus for those
    they share; a cost when both have numbers but none in common, or when a
    group of two holds a block that shares nothing while its partner does
    (more likely left out than merged). ``totals``: each side's anchors
    summed; ``known_numbers``: whether each side has a number (both worked
    out once a group)."""
    all_mine, all_theirs = totals
    if not all_mine or not all_theirs:
        return 0.0
    shared = sum(weigh[a] * min(n, all_theirs[a]) for a, n in all_mine.items() if a in all_theirs)
    if shared:
        return -ANCHOR_BONUS * min(shared, MAX_SHARED) + _unsupported(mine, all_theirs) + _unsupported(theirs, all_mine)
    return NUMBER_CONFLICT if all(known_numbers) else 0.0


def _has_number(anchors: Counter[str]) -> bool:
    return any(a.startswith("#") for a in anchors)


def _together(group: list[Counter[str]]) -> Counter[str]:
    """The anchors of a group of blocks (a block's own, not a copy: the cost runs for every cell)."""
    return group[0] if len(group) == 1 else sum(group, Counter())


def _unsupported(group: list[Counter[str]], other: Counter[str]) -> float:
    if len(group) < 2:
        return 0.0
    return UNSUPPORTED_MEMBER * sum(not any(a in other for a in block) for block in group)
