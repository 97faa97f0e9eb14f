"""The public summarize API: methods, order, duplicates, bad input, a ranking sanity check."""

from __future__ import annotations

import random
import statistics
from pathlib import Path

import pytest
from rouge_score import rouge_scorer

from bench.corpus import bbc
from digest import Summary, summarize
from digest.summarize import METHODS, summary_to_dict

ARTICLE = "\n\n".join([
    "The city council approved a new budget on Tuesday that raises spending on schools.",
    "Council leader Maria Gomez said the plan would hire 200 teachers over two years.",
    '"This budget puts our children first and keeps taxes flat," Ms Gomez said.',
    "Opponents argued the plan relies on optimistic forecasts of property tax revenue.",
    "The budget also funds road repairs and extends library opening hours at weekends.",
    "The council approved a new budget on Tuesday that raises spending on schools.",
    "A final vote on the transport levy is expected next month.",
])

SUMY_NAMES = ["lexrank", "textrank", "lsa", "luhn", "edmundson", "kl", "sumbasic", "reduction"]


def test_registry_has_every_sumy_method() -> None:
    assert set(SUMY_NAMES) <= set(METHODS)
    assert "default" in METHODS


@pytest.mark.parametrize("method", ["default", "lead", *SUMY_NAMES])
def test_every_method_returns_sentences_in_document_order(method: str) -> None:
    summary = summarize(ARTICLE, sentences=3, method=method)
    assert isinstance(summary, Summary)
    assert 1 <= len(summary.sentences) <= 3
    positions = [ARTICLE.index(s) for s in summary.sentences]
    assert positions == sorted(positions)


def test_sumy_methods_see_the_words_sumys_own_tokenizer_gives() -> None:
    # sumy's English tokenizer is nltk.word_tokenize (Treebank: "didn't" is "did" + "n't")
    # kept where sumy's word test passes (no numbers, no "Mr." with its stop); digest's own
    # word regex would keep "didn't" whole and "3".
    from digest.sumy_methods import DigestTokenizer

    words = DigestTokenizer().to_words("Mr. Vance didn't pay 3 dollars, the firm said. He left.")
    assert words == ("Vance", "did", "n't", "pay", "dollars", "the", "firm", "said", "He",
                     "left")


@pytest.mark.parametrize("text", [
    'Dr. Ruiz arrived at 4.30 p.m. on Jan. 5. "It works." She left; U.S. officials stayed... '
    'Then the U.S. Senate voted. Why? Nobody knew!',
    # A word opening with a currency sign, and a number before an opening quote mark.
    'Profits rose to $8bn. A rival made £2.5m. Sales fell in 2009. "We lost," he said. It was '
    '2009. “Never again,” she said. Costs hit 40. they said.',
    # No stop before the last character, with and without one there; none at all.
    "Weather: sunny, then rain", "One sentence only.  ", "Why not?", "",
])
def test_nltks_punkt_code_and_digests_faster_version_split_alike(text: str) -> None:
    from digest.sentences import split_paragraph

    assert split_paragraph(text, shortcut=False) == split_paragraph(text)


def test_digests_faster_punkt_splits_the_sample_into_sentences() -> None:
    from digest.sentences import split_paragraph

    text = ('Dr. Ruiz arrived at 4.30 p.m. on Jan. 5. "It works." She left; U.S. officials '
            'stayed... Then the U.S. Senate voted. Why? Nobody knew!')
    assert len(split_paragraph(text)) >= 4


def test_unknown_method_is_an_error_naming_the_choices() -> None:
    with pytest.raises(ValueError, match="lexrank"):
        summarize(ARTICLE, method="nope")


def test_default_never_repeats_a_sentence() -> None:
    summary = summarize(ARTICLE, sentences=6)
    first = "The city council approved a new budget on Tuesday that raises spending on schools."
    repeat = "The council approved a new budget on Tuesday that raises spending on schools."
    assert not (first in summary.sentences and repeat in summary.sentences)


def test_quotes_keyword_and_json() -> None:
    summary = summarize(ARTICLE, sentences=2, quotes=1)
    assert len(summary.quotes) == 1
    data = summary_to_dict(summary)
    assert data["quotes"][0]["speaker"] == "Maria Gomez"
    assert summarize(ARTICLE, quotes=0).quotes == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "Just one sentence here.",
        "no punctuation at all just words running on and on " * 200,
        "THE PRESIDENT SAID ON MONDAY. THE MARKETS FELL SHARPLY. TRADERS WERE WORRIED. " * 5,
        "Le gouvernement a annoncé mardi une réforme. Les syndicats ont protesté. "
        "La grève continue jeudi. Le ministre a dit « non ».",
        "Prices rose &amp; fell &mdash; traders said &quot;wait&quot;. &lt;b&gt;Markets&lt;/b&gt; "
        "closed&nbsp;early. It was &#8220;chaos&#8221; said one.",
        "<p>Markup in a feed.</p><p>Second line here.</p>",
        "...!!!???",
    ],
)
def test_bad_input_gives_sensible_output(text: str) -> None:
    summary = summarize(text, sentences=3)
    assert len(summary.sentences) <= 3
    assert all(s.strip() for s in summary.sentences)
    assert all("&amp;" not in s and "&quot;" not in s for s in summary.sentences)
    if text.strip(" \n.!?"):
        assert summary.sentences


def test_megabyte_text() -> None:
    rng = random.Random(3)
    vocab = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9)))
             for _ in range(3000)]
    sentences = [" ".join(rng.choice(vocab) for _ in range(rng.randint(6, 25))).capitalize() + "."
                 for _ in range(1500)]
    paragraphs = [" ".join(sentences[i : i + 6]) for i in range(0, len(sentences), 6)]
    text = "\n\n".join(paragraphs * 10)
    assert len(text) > 1_000_000
    summary = summarize(text, sentences=5)
    assert len(summary.sentences) == 5
    assert len(set(summary.sentences)) == 5


def test_megabyte_of_quotes_in_one_paragraph() -> None:
    rng = random.Random(5)
    people = [f"{rng.choice(['Ann', 'Bob', 'Cy', 'Di'])} Name{i}" for i in range(4000)]
    pieces = [f'"We will look at item {i} again tomorrow," said {rng.choice(people)}. '
              f"Officials met on day {i}. Name{rng.randrange(4000)} said so."
              for i in range(10_000)]
    text = " ".join(pieces)
    assert len(text) > 1_000_000
    summary = summarize(text, sentences=3, quotes=2)
    assert len(summary.sentences) == 3
    assert len(summary.quotes) == 2 and all(q.speaker for q in summary.quotes)


def test_megabyte_without_punctuation() -> None:
    text = "word " * 220_000
    summary = summarize(text, sentences=3)
    assert len(summary.sentences) == 1


@pytest.mark.corpus
def test_default_beats_lexrank_on_a_bbc_sample(corpus: Path) -> None:
    """A small sanity check; the full comparison is bench/summarize_bench.py."""
    scorer = rouge_scorer.RougeScorer(["rouge2"], use_stemmer=True)
    scores: dict[str, list[float]] = {"default": [], "lexrank": []}
    for item in bbc(limit=30):
        for method in scores:
            got = summarize(item.text, sentences=len(item.reference), quotes=0, method=method)
            result = scorer.score("\n".join(item.reference), "\n".join(got.sentences))
            scores[method].append(result["rouge2"].fmeasure)
    assert statistics.mean(scores["default"]) > statistics.mean(scores["lexrank"])


def test_module_path_call_works() -> None:
    import digest.summarize

    assert digest.summarize.summarize(ARTICLE, sentences=1, quotes=0).sentences


@pytest.mark.parametrize("n", [3, 25, 400])
def test_centrality_is_each_sentences_similarity_to_the_others(n: int) -> None:
    # Short articles use the similarity matrix, long ones its factors (sparse X·Xᵀ unbuilt):
    # both must give each sentence's summed cosine similarity to the other sentences.
    import numpy as np
    import scipy.sparse as sp

    from digest.rank import Similarity, degree_centrality

    rng = np.random.default_rng(n)
    x = rng.random((n, 12)) * (rng.random((n, 12)) < 0.3)
    x[0] = 0.0  # a sentence sharing nothing
    norms = np.linalg.norm(x, axis=1)
    x[norms > 0] /= norms[norms > 0, None]
    sim = x @ x.T
    expected = sim.sum(axis=1) - sim.diagonal()
    assert np.allclose(degree_centrality(Similarity(x)), expected)
    factored = Similarity(sp.csr_matrix(x))
    assert (factored.dense is None) == (n > 300)
    assert np.allclose(degree_centrality(factored), expected)
    assert degree_centrality(Similarity(x))[0] == 0.0


@pytest.mark.parametrize("text", [
    "Rock'n'roll isn't dead, the dogs' owner said.\n'Tis the season.",
    "a''b ''quoted'' it's 'x' y' 'z\n'\n''",
    "U.S.-based 3-D e-mail_address #tag $5.30 (50%)\n\nnew\r\nline\tend",
    "\u201cQuotes\u201d and the \u2019curly\u2019 one\u2019s end\u2026 \u2014 \u00a35",
])
def test_the_rankers_word_split_is_its_word_pattern(text: str) -> None:
    # Text that is ASCII once curly apostrophes are straightened (and dashes, curly quotes
    # and the like blanked) is split by string methods instead of the pattern: same words,
    # lower-case (which gives them the same stems).
    from digest.words import _WORD_OR_BREAK, ASCII_BREAK, _words_and_breaks

    words = ["\n" if word == ASCII_BREAK else word for word in _words_and_breaks(text)]
    expected = _WORD_OR_BREAK.findall(text.replace("’", "'"))
    plain = text.replace("’", "'")
    for mark in "“”‘—–£€…":
        plain = plain.replace(mark, " ")
    assert words == ([word.lower() for word in expected] if plain.isascii() else expected)


def test_selection_without_redundancy_cost_is_the_plain_greedy_selection() -> None:
    # With no redundancy cost the best scores are taken in turn (the first on ties), past
    # near-duplicates: the same picks as the general greedy loop, on scores with ties and
    # similarities at the cut-off.
    import numpy as np

    from digest.rank import RankWeights, _select_by_score, _select_plain

    rng = random.Random(7)
    weights = RankWeights(redundancy=0.0)
    for _ in range(500):
        n = rng.randint(1, 12)
        values = [rng.choice([0.5, 1.0, 1.5, rng.random()]) for _ in range(n)]
        dense = np.array([[rng.choice([0.0, 0.3, weights.duplicate, 0.9, rng.random()])
                           for _ in range(n)] for _ in range(n)])
        dense = np.maximum(dense, dense.T)
        np.fill_diagonal(dense, 1.0)
        count = rng.randint(1, n)
        assert _select_by_score(values, dense, count, weights.duplicate) \
            == _select_plain(values, dense, count, weights)


def test_scores_are_the_plain_formulas() -> None:
    # The dense path's shortcuts (no norm floor unless a sentence has no content word, the
    # shortness penalty only worked out for short sentences, the lead prior and the overlap's
    # damping taken from tables) give exactly the scores of the formulas worked out in full,
    # on random articles with stop-word-only, short, quoted and very long sentences.
    import math

    import numpy as np

    from digest.rank import _DEFAULT_WEIGHTS, RankWeights, _idf, sentence_scores
    from digest.words import BREAK, term_ids

    def plain(sentences: list[str], count: int, weights: RankWeights) -> list[float]:
        n = len(sentences)
        column: dict[int, int] = {}
        rows: list[list[int]] = [[]]
        for ident in term_ids(sentences):
            if ident >= 0:
                rows[-1].append(column.setdefault(ident, len(column)))
            elif ident == BREAK:
                rows.append([])
        counts = np.zeros((n, max(len(column), 1)), dtype=np.int64)
        for row, cols in enumerate(rows):
            for col in cols:
                counts[row, col] += 1
        present = counts != 0
        df = present.sum(axis=0)
        x = counts * _idf(n)[df]
        x = x / np.maximum(np.sqrt(np.einsum("ij,ij->i", x, x)), 1.0)[:, None]
        dense = x @ x.T
        central = (dense.sum(axis=1) - dense.diagonal()).tolist()
        held = present.sum(axis=1).tolist()
        shared = (present @ df).tolist()
        overlap = [(s - t) / max(math.log(t + 1.0), 1.0) for s, t in zip(shared, held, strict=True)]
        top_c, top_o = max(central), max(overlap)
        c_scale = weights.centrality / top_c if top_c > 0 else weights.centrality
        o_scale = weights.overlap / top_o if top_o > 0 else weights.overlap
        span = max(weights.position_span * max(count, 1), 1.0)
        lead = weights.position * math.exp(-weights.ratio_decay * count / n)
        return [
            lead * math.exp(-i / span) + c_scale * c + o_scale * o
            - weights.short_penalty
            * min(max(1.0 - (s.count(" ") + 1) / weights.short_words, 0.0), 1.0)
            - weights.quote_penalty * (s[:1] in "\"“‘'")
            for i, (s, c, o) in enumerate(zip(sentences, central, overlap, strict=True))
        ]

    rng = random.Random(11)
    vocabulary = [f"w{i}x" for i in range(400)] + ["the", "and", "of", "12", "it"]
    weight_sets = [_DEFAULT_WEIGHTS, RankWeights(short_words=3, short_penalty=2.0),
                   RankWeights(short_words=-2)]
    for trial in range(300):
        sentences = []
        for _ in range(rng.randint(1, 25)):
            size = rng.choice([1, 2, 6, 7, 8, 9, 15, 30, 700 if trial % 10 == 0 else 3])
            words = rng.choices(vocabulary[:rng.choice([5, 60, 400])] + ["the", "of"], k=size)
            sentences.append(rng.choice(["", "\"", "‘"]) + " ".join(words) + ".")
        if rng.random() < 0.3:
            sentences.insert(rng.randrange(len(sentences) + 1), "And it was the 12 of them.")
        count = rng.randint(1, 6)
        weights = weight_sets[trial % len(weight_sets)]
        scores, _ = sentence_scores(sentences, count, weights)
        assert scores == plain(sentences, count, weights)
