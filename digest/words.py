"""Words of a sentence: tokens, stop words and stems for the ranker and the sumy adapter."""

from __future__ import annotations

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


@lru_cache(maxsize=1)
def snowball() -> Stemmer:
    """sumy's English (Snowball) stemmer, which the sumy methods are run with."""
    return Stemmer("english")


_VOWEL = re.compile(r"[aeiouy]")


def light_stem(word: str) -> str:
    """A light English suffix stripper (plurals, -ed, -ing, -ly, final -e) for ranking.

    Snowball is the better stemmer but costs ~30 µs a word on first sight; the ranker only
    needs inflections of one word to meet, and this gets most of them for ~1 µs.
    """
    if len(word) <= 3 or len(word) > 30 or not word.isalpha():
        return word
    if word.endswith("'s"):
        word = word[:-2]
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""),
                         ("ly", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix):
            base = word[: -len(suffix)] + repl
            if len(base) >= 3 and _VOWEL.search(base) and not word.endswith(("ss", "us", "is")):
                if suffix in ("ing", "ed") and base[-1] == base[-2] and base[-1] not in "lsz":
                    base = base[:-1]  # "stopp(ed)" -> "stop"
                word = base
                break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


@lru_cache(maxsize=200_000)
def _term(word: str) -> str:
    """The stem a word counts as, or '' for stop words and bare numbers."""
    low = word.lower().replace("’", "'")
    if low in stop_words() or low.isdigit():
        return ""
    return light_stem(low)


def content_terms(sentence: str) -> list[str]:
    """Stemmed, lower-case words of a sentence without stop words or bare numbers."""
    return [t for t in map(_term, _WORD.findall(sentence)) if t]
