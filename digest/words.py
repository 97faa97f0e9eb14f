"""Words of a sentence: tokens, stop words and stems for the ranker and the sumy adapter."""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from sumy.nlp.stemmers import Stemmer
from sumy.utils import get_stop_words

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def to_words(sentence: str) -> list[str]:
    """Return the words of a sentence, punctuation dropped, case kept."""
    return _WORD.findall(sentence)


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """English stop words as sumy ships them."""
    return frozenset(get_stop_words("english"))


_STOP_WORDS = stop_words()


@lru_cache(maxsize=1)
def snowball() -> Stemmer:
    """sumy's English (Snowball) stemmer, which the sumy methods are run with."""
    return Stemmer("english")


# The suffixes light_stem tries, in order, by the word's last letter (a word ends in at most
# these); each with its replacement.
_SUFFIXES = {
    "s": (("ies", "y"), ("sses", "ss"), ("es", ""), ("s", "")),
    "d": (("ied", "y"), ("ed", "")),
    "g": (("ing", ""),),
    "y": (("ly", ""),),
}
_VOWELS = frozenset("aeiouy")


def light_stem(word: str) -> str:
    """A light English suffix stripper (plurals, -ed, -ing, -ly, final -e) for ranking.

    Snowball is the better stemmer but costs ~30 µs a word on first sight; the ranker only
    needs inflections of one word to meet, and this gets most of them for ~1 µs.
    """
    if len(word) <= 3 or len(word) > 30 or not word.isalpha():
        return word
    suffixes = _SUFFIXES.get(word[-1])
    if suffixes and not word.endswith(("ss", "us", "is")):
        for suffix, repl in suffixes:
            if word.endswith(suffix):
                base = word[: -len(suffix)] + repl
                if len(base) >= 3 and not _VOWELS.isdisjoint(base):
                    if suffix in ("ing", "ed") and base[-1] == base[-2] and base[-1] not in "lsz":
                        base = base[:-1]  # "stopp(ed)" -> "stop"
                    word = base
                    break
    if len(word) > 3 and word[-1] == "e":
        word = word[:-1]
    return word


def _stem_of(word: str) -> str:
    """The stem a word counts as, or '' for stop words and bare numbers."""
    low = word.lower()
    if "’" in low:
        low = low.replace("’", "'")
    if low in _STOP_WORDS or low.isdigit():
        return ""
    return light_stem(low)


_term = lru_cache(maxsize=200_000)(_stem_of)


def content_terms(sentence: str) -> list[str]:
    """Stemmed, lower-case words of a sentence without stop words or bare numbers."""
    return [t for t in map(_term, _WORD.findall(sentence)) if t]


_DROPPED = -1  # the id of a stop word or bare number
_MAX_IDS = 500_000  # forget the ids past this many distinct words, so memory stays bounded


class _TermIds(dict):
    """Word -> an id of its stem (shared by every word with that stem), built on first sight."""

    def __init__(self) -> None:
        super().__init__()
        self.stems: dict[str, int] = {}
        self.next_id = itertools.count()

    def __missing__(self, word: str) -> int:
        term = _stem_of(word)
        # Two threads must not hand one id to two stems: `next` and `setdefault` each run
        # whole under the interpreter lock (an id drawn for a stem another thread has just
        # added is simply never used), which costs less than a lock on every new word.
        ident = self.stems.setdefault(term, next(self.next_id)) if term else _DROPPED
        self[word] = ident
        return ident


class _TokenTerms(dict):
    """A whitespace-separated token ("said,", "well-known", "(BBC)") -> the stem ids of its
    content words, in order, built on first sight. Words never span whitespace, so the words
    of a sentence are the words of its tokens one after another; looking up whole tokens
    skips a regex scan of every sentence."""

    def __init__(self) -> None:
        super().__init__()
        self.words = _TermIds()

    def __missing__(self, token: str) -> tuple[int, ...]:
        words = self.words
        ids = tuple(ident for ident in map(words.__getitem__, _WORD.findall(token))
                    if ident >= 0)
        self[token] = ids
        return ids


_TOKEN_TERMS = _TokenTerms()


def token_terms() -> dict[str, tuple[int, ...]]:
    """Token -> the stem ids of its content words (stop words and bare numbers left out).

    Ids stand for the same stem across calls, so the ranker can count them with numpy without
    looking a string up twice. Usage: `terms[token]` for each token of `sentence.split()`.
    """
    global _TOKEN_TERMS
    if len(_TOKEN_TERMS) + len(_TOKEN_TERMS.words) > _MAX_IDS:
        _TOKEN_TERMS = _TokenTerms()
    return _TOKEN_TERMS
