"""Placeholder summarizer for the walking skeleton; the summarizer work replaces this module."""

from __future__ import annotations

import re

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.utils import get_stop_words

from digest.models import Quote, Summary

_PARAMS = PunktParameters()
_PARAMS.abbrev_types = {"mr", "mrs", "ms", "dr", "st", "gov", "sen", "gen", "u.s", "u.k", "inc"}
_PUNKT = PunktSentenceTokenizer(_PARAMS)
_QUOTE = re.compile(r"[\"“]([^\"”]{20,}?)[\"”]")
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['-])*")


class _Tokenizer:
    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return _PUNKT.tokenize(paragraph)

    def to_words(self, sentence: str) -> list[str]:
        return _WORD.findall(sentence)


def split_sentences(text: str) -> list[str]:
    """Split text into sentences."""
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = " ".join(paragraph.split())
        if paragraph:
            out.extend(_PUNKT.tokenize(paragraph))
    return out


def extract_quotes(text: str) -> list[Quote]:
    """Return every direct quotation in the text, in order."""
    return [Quote(m.group(1).strip(" ,")) for m in _QUOTE.finditer(text)]


def summarize(
    text: str, *, sentences: int = 3, quotes: int = 2, method: str = "default"
) -> Summary:
    """Condense text into its key sentences and quotes."""
    tokenizer = _Tokenizer()
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    document = ObjectDocumentModel([
        Paragraph([Sentence(s, tokenizer) for s in _PUNKT.tokenize(" ".join(p.split()))])
        for p in paragraphs
    ])
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    chosen = [str(s) for s in summarizer(document, sentences)]
    return Summary(chosen, extract_quotes(text)[:quotes])
