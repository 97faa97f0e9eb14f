"""Words of a sentence: tokens, stop words and stems for the ranker and the sumy adapter."""

from __future__ import annotations

import itertools
import re
import string
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


# Words of several sentences joined by newlines, and the newlines themselves, in one scan.
_WORD_OR_BREAK = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|\n")
BREAK = -2  # the id of a sentence break
ASCII_BREAK = "\x01"  # the word of a sentence break in text split as ASCII (see below)
_DROPPED = -1  # the id of a stop word or bare number
_MAX_IDS = 500_000  # forget the ids past this many distinct words, so memory stays bounded


class _TermIds(dict):
    """Word -> an id of its stem (shared by every word with that stem), built on first sight."""

    def __init__(self) -> None:
        super().__init__({"\n": BREAK, ASCII_BREAK: BREAK})
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


_TERM_IDS = _TermIds()


def term_ids(sentences: list[str]) -> list[int]:
    """The stem id of every word of the sentences, in order, with BREAK between sentences.

    Ids stand for the same stem across calls, so the ranker can count them with numpy
    without looking a string up twice; stop words and bare numbers come back as _DROPPED.
    """
    global _TERM_IDS
    if len(_TERM_IDS) > _MAX_IDS:
        _TERM_IDS = _TermIds()
    ids = _TERM_IDS
    joined = "\n".join(sentences)
    if joined.count("\n") != len(sentences) - 1:  # a sentence holding a newline of its own
        joined = "\n".join(" ".join(s.split()) for s in sentences)
    return list(map(ids.__getitem__, _words_and_breaks(joined)))


# Common non-ASCII marks that are neither letters, digits nor apostrophes: blanking them
# changes no word (a space is no more a part of a word than they are).
_NON_ASCII_MARKS = "“”‘—–£€…"
# On ASCII text every character but letters, digits, apostrophes and newlines separates words;
# capitals are made lower-case in the same pass ("The" and "the" have one stem, and as one
# word they take one entry in the shared word table instead of two, which keeps it smaller
# and the common words' entries more often in the CPU's caches). (One character for one:
# translate() runs a fast path only for such a table.)
_ASCII_SEPARATORS = str.maketrans(
    {chr(c): " " for c in range(128) if not (chr(c).isalnum() or chr(c) in "'\n")}
    | {c: c.lower() for c in string.ascii_uppercase})


def _words_and_breaks(text: str) -> list[str]:
    """_WORD_OR_BREAK.findall(text), with curly apostrophes made straight (the stems are the
    same: `_stem_of` straightens them too); where the text is split as ASCII, the words are
    lower-case (as `_stem_of` makes them too) and a break is ASCII_BREAK rather than a
    newline (both are BREAK's words)."""
    plain = text.replace("’", "'")
    if not plain.isascii():
        for mark in _NON_ASCII_MARKS:
            plain = plain.replace(mark, " ")
        if not plain.isascii():
            return _WORD_OR_BREAK.findall(text)
    # ASCII text is split by string methods, which cost less than the regex scan: separators
    # become spaces, each newline the word ASCII_BREAK (a control character the text no longer
    # holds, and no whitespace: one whitespace split then gives the words and the breaks), and
    # an apostrophe stays only between two letters or digits ("rock'n'roll", but not "'Tis",
    # "dogs'" or "a''b").
    spaced = plain.translate(_ASCII_SEPARATORS).replace("\n", f" {ASCII_BREAK} ")
    if "'" in spaced:
        spaced = f" {spaced} "
        while "''" in spaced:
            spaced = spaced.replace("''", "  ")
        spaced = spaced.replace(" '", "  ").replace("' ", "  ")
    return spaced.split()
