"""digest's own extractive ranker: position, centrality and coverage on sparse term vectors.

Every step is linear in the number of (sentence, term) pairs: centrality is LexRank's power
iteration run on the factored similarity matrix X·Xᵀ without ever building it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from digest.words import content_terms


@dataclass(frozen=True)
class RankWeights:
    """How much each signal counts; the defaults were tuned on half of each dev set."""

    position: float = 2.0  # lead bias: news puts the point first
    position_span: float = 2.0  # the prior decays over this many summary lengths
    # The larger the share of the article asked for, the less the lead matters: the prior is
    # scaled by exp(-ratio_decay * count / sentences).
    ratio_decay: float = 3.0
    centrality: float = 1.0  # LexRank-style eigenvector centrality (cosine, length-neutral)
    overlap: float = 1.0  # shared content words with the rest: favours full, central sentences
    short_penalty: float = 1.0  # fragments ("Watch the video.") rarely summarise
    short_words: int = 8
    quote_penalty: float = 0.2  # a reporter's own sentence summarises better than a quote
    # Maximal marginal relevance: cost of overlap with chosen sentences. Tuning put it at 0:
    # with long summaries (BBC) any cost hurt, and the duplicate cut-off already stops repeats.
    redundancy: float = 0.0
    duplicate: float = 0.7  # cosine above which a sentence counts as a repeat
    damping: float = 0.15
    iterations: int = 30


# Below this many matrix cells the dense path wins: scipy's per-call overhead dominates small
# articles, while the sparse path keeps 1 MB inputs linear in memory and time.
_DENSE_CELLS = 400_000

def term_matrix(sentences: list[str]) -> np.ndarray | sp.csr_matrix:
    """Sentences × stems, TF-IDF weighted with the article's sentences as documents, rows unit."""
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for i, sentence in enumerate(sentences):
        for term in content_terms(sentence):
            cols.append(vocab.setdefault(term, len(vocab)))
            rows.append(i)
    n, width = len(sentences), max(len(vocab), 1)
    r, c = np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)
    if n * width <= _DENSE_CELLS:
        x = np.zeros((n, width))
        np.add.at(x, (r, c), 1.0)  # repeated stems in a sentence become counts
        df = np.count_nonzero(x, axis=0)
        x *= np.log((n + 1) / (df + 1)) + 1.0
        norms = np.linalg.norm(x, axis=1)
        norms[norms == 0] = 1.0
        return x / norms[:, None]
    x = sp.csr_matrix((np.ones(len(c)), (r, c)), shape=(n, width))
    x.sum_duplicates()
    df = np.bincount(x.indices, minlength=width)
    x = x.multiply(np.log((n + 1) / (df + 1)) + 1.0).tocsr()
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.diags(1.0 / norms) @ x


def _row_dots(x: np.ndarray | sp.csr_matrix) -> np.ndarray:
    if sp.issparse(x):
        return np.asarray(x.multiply(x).sum(axis=1)).ravel()
    return np.einsum("ij,ij->i", x, x)


def similarity_to(x: np.ndarray | sp.csr_matrix, i: int) -> np.ndarray:
    """Cosine similarity of every sentence to sentence i."""
    if sp.issparse(x):
        return (x @ x[i].T).toarray().ravel()
    return x @ x[i]


def lexrank(x: np.ndarray | sp.csr_matrix, *, damping: float, iterations: int) -> np.ndarray:
    """Stationary distribution of the cosine-similarity random walk, without forming X·Xᵀ."""
    n = x.shape[0]
    if n == 0:
        return np.zeros(0)
    xt = x.T.tocsr() if sp.issparse(x) else x.T
    # Row sums of the similarity matrix less the diagonal (each row's self-similarity).
    self_sim = _row_dots(x)
    degree = x @ (xt @ np.ones(n)) - self_sim
    isolated = degree <= 1e-12
    degree[isolated] = 1.0
    p = np.full(n, 1.0 / n)
    for _ in range(iterations):
        share = np.where(isolated, 0.0, p / degree)
        walk = x @ (xt @ share) - self_sim * share
        lost = p[isolated].sum()  # isolated sentences hand their mass out uniformly
        new = damping / n + (1.0 - damping) * (walk + lost / n)
        if np.abs(new - p).sum() < 1e-8:
            p = new
            break
        p = new
    return p


def overlap_degree(x: np.ndarray | sp.csr_matrix) -> np.ndarray:
    """Content words each sentence shares with the others, damped by the log of its length."""
    present = (x > 0).astype(np.float64)
    others = np.asarray(present.sum(axis=0)).ravel() - 1.0
    terms = np.asarray(present.sum(axis=1)).ravel()
    return np.asarray(present @ others).ravel() / np.maximum(np.log(terms + 1.0), 1.0)


def _unit_max(values: np.ndarray) -> np.ndarray:
    top = values.max() if values.size else 0.0
    return values / top if top > 0 else values


def sentence_scores(
    sentences: list[str], count: int, weights: RankWeights,
    x: np.ndarray | sp.csr_matrix | None = None,
) -> tuple[np.ndarray, np.ndarray | sp.csr_matrix]:
    """Score each sentence's worth as a summary sentence; returns the scores and term matrix."""
    if x is None:
        x = term_matrix(sentences)
    n = len(sentences)
    index = np.arange(n, dtype=np.float64)
    # The longer the summary asked for, the deeper into the article it may reach.
    span = max(weights.position_span * max(count, 1), 1.0)
    position = np.exp(-index / span) * np.exp(-weights.ratio_decay * count / n)
    central = _unit_max(lexrank(x, damping=weights.damping, iterations=weights.iterations))
    scores = weights.position * position + weights.centrality * central
    scores += weights.overlap * _unit_max(overlap_degree(x))
    words = np.array([len(s.split()) for s in sentences], dtype=np.float64)
    scores -= weights.short_penalty * np.clip(1.0 - words / weights.short_words, 0.0, 1.0)
    quoted = np.array([s[:1] in "\"“‘'" for s in sentences], dtype=np.float64)
    scores -= weights.quote_penalty * quoted
    return scores, x


def select(
    scores: np.ndarray, x: np.ndarray | sp.csr_matrix, count: int, weights: RankWeights
) -> list[int]:
    """Greedy maximal marginal relevance; near-duplicates of a chosen sentence are never taken."""
    n = scores.shape[0]
    count = min(count, n)
    chosen: list[int] = []
    max_sim = np.zeros(n)
    available = np.ones(n, dtype=bool)
    while len(chosen) < count and available.any():
        gain = np.where(available, scores - weights.redundancy * max_sim, -np.inf)
        best = int(np.argmax(gain))
        chosen.append(best)
        available[best] = False
        max_sim = np.maximum(max_sim, similarity_to(x, best))
        available &= max_sim < weights.duplicate
    return sorted(chosen)


def rank_select(sentences: list[str], count: int, weights: RankWeights | None = None) -> list[int]:
    """Indices, in document order, of the `count` sentences that best summarise the article."""
    if count <= 0 or not sentences:
        return []
    weights = weights or RankWeights()
    scores, x = sentence_scores(sentences, count, weights)
    return select(scores, x, count, weights)
