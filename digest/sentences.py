"""Sentence splitting with NLTK's Punkt algorithm and parameters that ship in the package.

Nothing here loads NLTK data: the Punkt parameters (abbreviations, frequent sentence starters)
are built in code, so splitting works the same on a fresh offline machine.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from nltk.tokenize.punkt import (
    PunktLanguageVars,
    PunktParameters,
    PunktSentenceTokenizer,
    PunktToken,
)

# Lower-case, without the final period, as Punkt stores them; inner periods stay ("u.s").
_ABBREVIATIONS = """
mr mrs ms messrs mssrs dr prof rev fr sr jr st mt ft
gov sen rep reps pres supt lt col gen maj capt cmdr adm sgt cpl pvt brig cdr insp det
hon atty amb gens sens
jan feb mar apr jun jul aug sep sept oct nov dec
mon tue tues wed thu thur thurs fri sat sun
inc corp co ltd plc llc bros assn dept univ inst est
no nos vol vols pp fig eg ie viz approx vs v cf al etc ca
ave blvd rd hwy
a.m p.m a.d b.c u.s u.k u.n u.s.a e.u d.c l.a n.y e.g i.e
ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont
neb nev okla ore pa tenn tex va vt wash wis wyo
""".split()

# Capitalised words that, after an abbreviation such as "U.S.", nearly always open a sentence.
_SENTENCE_STARTERS = """
the a an he she it they we i you this that these those there his her its their our
but and however in on at after before when while if as for so yet meanwhile still
mr mrs ms dr according some many most one two three last since although though
""".split()

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_LOWER_START = re.compile(r"^[a-z]")
_QUOTED_EXCLAMATION = re.compile(r"[?!][\"”’']$")
_NAMED_ATTRIBUTION = re.compile(
    r"^(?:[A-Z][\w'’.-]*\s+){1,4}(?:said|says|asked|asks|told|tells|added|wrote|tweeted)\b"
)
_TAG = re.compile(r"<[^>]{0,200}>")


class _NewsLanguageVars(PunktLanguageVars):
    """Punkt's English settings; curly quotes and brackets may close a sentence too."""

    sent_end_chars = (".", "?", "!")
    internal_punctuation = ",:;"
    re_boundary_realignment = re.compile(
        r'["\')\]}\u2018\u2019\u201c\u201d\xab\xbb]+?(?:\s+|(?=--)|$)', re.MULTILINE
    )

    # Punkt's own patterns, compiled with the standard library: NLTK's guarded regex engine
    # costs more than the splitting itself, and neither pattern can backtrack badly.
    def _word_tokenizer_re(self) -> re.Pattern:
        return _compiled(self._word_tokenize_fmt % {
            "NonWord": self._re_non_word_chars,
            "MultiChar": self._re_multi_char_punct,
            "WordStart": self._re_word_start,
        })

    def period_context_re(self) -> re.Pattern:
        return _compiled(self._period_context_fmt % {
            "NonWord": self._re_non_word_chars,
            "SentEndChars": self._re_sent_end_chars,
        })


class _Token(PunktToken):
    """Punkt's token with its patterns compiled by the standard library (see above)."""

    __slots__ = ()
    _RE_ELLIPSIS = re.compile(r"\.\.+$")
    _RE_NUMERIC = re.compile(r"^-?[\.,]?\d[\d,\.-]*\.?$")
    _RE_INITIAL = re.compile(r"[^\W\d]\.$", re.UNICODE)
    _RE_ALPHA = re.compile(r"[^\W\d]+$", re.UNICODE)


@lru_cache(maxsize=4)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.UNICODE | re.VERBOSE)


# "days. The": a plain word (letters, ending in lower case, not an abbreviation) before a
# period. Punkt always breaks there: such a token is not an abbreviation, initial, number or
# ellipsis, so no heuristic of its second pass applies.
_PLAIN_PERIOD = re.compile(r"([A-Za-z]*[a-z])\.\s+\S+")


class _NewsPunkt(PunktSentenceTokenizer):
    """Punkt with a shortcut for its most common, unambiguous decision."""

    def text_contains_sentbreak(self, text: str) -> bool:
        plain = _PLAIN_PERIOD.fullmatch(text)
        if plain:
            word = plain.group(1)
            if len(word) > 1 and word.lower() not in self._params.abbrev_types:
                return True
        return super().text_contains_sentbreak(text)


def _parameters() -> PunktParameters:
    params = PunktParameters()
    params.abbrev_types = set(_ABBREVIATIONS)
    params.sent_starters = set(_SENTENCE_STARTERS)
    return params


@lru_cache(maxsize=2)
def _tokenizer(shortcut: bool = True) -> PunktSentenceTokenizer:
    cls = _NewsPunkt if shortcut else PunktSentenceTokenizer
    return cls(_parameters(), lang_vars=_NewsLanguageVars(), token_cls=_Token)


def clean_text(text: str) -> str:
    """Undo HTML entities and tags, which feeds and pasted pages often carry."""
    if "&" in text:
        text = html.unescape(text)
    if "<" in text:
        text = _TAG.sub(" ", text)
    return text.replace("\u00a0", " ").replace("\r\n", "\n")


def paragraphs(text: str) -> list[str]:
    """Return the paragraphs of a text, whitespace collapsed, empty ones dropped."""
    out = []
    for block in _PARAGRAPH_BREAK.split(clean_text(text)):
        block = " ".join(block.split())
        if block:
            out.append(block)
    return out


def split_paragraph(paragraph: str) -> list[str]:
    """Split one paragraph (whitespace already collapsed) into sentences."""
    if not paragraph:
        return []
    pieces = _tokenizer().tokenize(paragraph)
    merged: list[str] = []
    for piece in pieces:
        # A sentence does not open with a lower-case letter: such a piece continues the
        # previous one after a quoted question ('"Why?" asked the magazine.') or an ellipsis.
        # Likewise '"Great potential!" Trump said in a tweet.' is one sentence.
        if merged and (_LOWER_START.match(piece) or (
                _QUOTED_EXCLAMATION.search(merged[-1]) and _NAMED_ATTRIBUTION.match(piece))):
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    return merged


def split_sentences(text: str) -> list[str]:
    """Return the sentences of a text whose paragraphs are separated by blank lines."""
    out: list[str] = []
    for paragraph in paragraphs(text):
        out.extend(split_paragraph(paragraph))
    return out
