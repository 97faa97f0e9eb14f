"""sumy's summarizers, driven with digest's own sentence splitter so no NLTK data is loaded."""

from __future__ import annotations

import warnings
from collections.abc import Callable

from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from digest.sentences import split_paragraph
from digest.words import snowball, stop_words, to_words

# Edmundson's cue words: news phrasing that marks a key finding (bonus) or an aside (stigma).
_BONUS_WORDS = """
said announced found shows report reported revealed according new first major important
significant key result results decision decided plans plan agreed warned record
""".split()
_STIGMA_WORDS = """
hardly perhaps maybe meanwhile incidentally example instance also however although
reportedly allegedly seemingly somewhat
""".split()


class DigestTokenizer:
    """The tokenizer interface sumy expects, backed by digest's Punkt parameters."""

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        """Split one paragraph into sentences."""
        return tuple(split_paragraph(" ".join(paragraph.split())))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        """Split one sentence into words."""
        return tuple(to_words(sentence))


def sumy_document(paragraph_sentences: list[list[str]]) -> ObjectDocumentModel:
    """Build sumy's document model from already split paragraphs."""
    tokenizer = DigestTokenizer()
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


def sumy_select(paragraph_sentences: list[list[str]], count: int, method: str) -> list[int]:
    """Indices (in document order) of the sentences sumy's `method` picks."""
    flat = [s for sents in paragraph_sentences for s in sents]
    if count <= 0 or not flat:
        return []
    summarizer = SUMY_METHODS[method]()
    with warnings.catch_warnings():
        # sumy's matrix maths warns (0/0) on degenerate articles; its picks are still usable.
        warnings.simplefilter("ignore", RuntimeWarning)
        chosen = summarizer(sumy_document(paragraph_sentences), count)
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
