"""sumy's summarizers as sumy runs them, with digest's Punkt parameters so no NLTK data is loaded.

sumy's English tokenizer splits sentences with NLTK's Punkt code and its downloaded English
model, and words with `nltk.word_tokenize`, which loads that model too. Here digest's Punkt
parameters stand in for the model, run by NLTK's own Punkt code (not digest's faster
version of it), and everything else is sumy's: the Treebank word tokenizer `word_tokenize`
runs on each sentence, sumy's test of what counts as a word, its Snowball stemmer and its
stop words.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

from nltk.tokenize.destructive import NLTKWordTokenizer
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.tokenizers import Tokenizer
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from digest.sentences import split_paragraph
from digest.words import snowball, stop_words

# Edmundson's cue words: news phrasing that marks a key finding (bonus) or an aside (stigma).
_BONUS_WORDS = """
said announced found shows report reported revealed according new first major important
significant key result results decision decided plans plan agreed warned record
""".split()
_STIGMA_WORDS = """
hardly perhaps maybe meanwhile incidentally example instance also however although
reportedly allegedly seemingly somewhat
""".split()


_TREEBANK = NLTKWordTokenizer()  # what nltk.word_tokenize runs on each sentence it finds


class DigestTokenizer:
    """sumy's English tokenizer, with digest's Punkt parameters in place of NLTK's model."""

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        """Split one paragraph into sentences."""
        return tuple(split_paragraph(" ".join(paragraph.split()), shortcut=False))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        """The words sumy's `Tokenizer("english").to_words` gives: `nltk.word_tokenize` (split
        into sentences, then the Treebank tokenizer on each), kept where sumy's test says word."""
        tokens = [t for s in split_paragraph(" ".join(sentence.split()), shortcut=False)
                  for t in _TREEBANK.tokenize(s)]
        return tuple(filter(Tokenizer._is_word, tokens))


def sumy_document(
    paragraph_sentences: list[list[str]], tokenizer: DigestTokenizer | None = None
) -> ObjectDocumentModel:
    """Build sumy's document model from already split paragraphs."""
    tokenizer = tokenizer or DigestTokenizer()
    return ObjectDocumentModel(
        [Paragraph([Sentence(s, tokenizer) for s in sents]) for sents in paragraph_sentences]
    )


def _edmundson() -> EdmundsonSummarizer:
    summarizer = EdmundsonSummarizer(snowball())
    summarizer.bonus_words = _BONUS_WORDS
    summarizer.stigma_words = _STIGMA_WORDS
    summarizer.null_words = sorted(stop_words())
    return summarizer


def _plain(cls: type) -> Callable[[], object]:
    def build() -> object:
        summarizer = cls(snowball())
        summarizer.stop_words = stop_words()
        return summarizer

    return build


SUMY_METHODS: dict[str, Callable[[], object]] = {
    "lexrank": _plain(LexRankSummarizer),
    "textrank": _plain(TextRankSummarizer),
    "lsa": _plain(LsaSummarizer),
    "luhn": _plain(LuhnSummarizer),
    "edmundson": _edmundson,
    "kl": _plain(KLSummarizer),
    "sumbasic": _plain(SumBasicSummarizer),
    "reduction": _plain(ReductionSummarizer),
}


def sumy_select(paragraph_sentences: list[list[str]], count: int, method: str, *,
                tokenizer: DigestTokenizer | None = None) -> list[int]:
    """Indices (in document order) of the sentences sumy's `method` picks (`tokenizer`: another
    word tokenizer to drive it with, as the benchmark's comparison does)."""
    flat = [s for sents in paragraph_sentences for s in sents]
    if count <= 0 or not flat:
        return []
    summarizer = SUMY_METHODS[method]()
    with warnings.catch_warnings():
        # sumy's matrix maths warns (0/0) on degenerate articles; its picks are still usable.
        warnings.simplefilter("ignore", RuntimeWarning)
        chosen = summarizer(sumy_document(paragraph_sentences, tokenizer), count)
    # sumy returns Sentence objects; map them back to positions, first unused match wins.
    positions: dict[str, list[int]] = {}
    for i, s in enumerate(flat):
        positions.setdefault(s.strip(), []).append(i)
    picked = []
    for sentence in chosen:
        slots = positions.get(str(sentence), [])
        if slots:
            picked.append(slots.pop(0))
    return sorted(picked)
