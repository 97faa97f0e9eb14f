"""Sentence splitting with NLTK's Punkt algorithm and parameters that ship in the package.

Nothing here loads NLTK data: the Punkt parameters (abbreviations, frequent sentence starters)
are built in code, so splitting works the same on a fresh offline machine.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
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
# How a sentence ends after a quoted exclamation or question ('… potential!"').
_QUOTED_EXCLAMATION = tuple(f"{stop}{mark}" for stop in "?!" for mark in "\"”’'")
_NAMED_ATTRIBUTION = re.compile(
    r"^(?:[A-Z][\w'’.-]*\s+){1,4}(?:said|says|asked|asks|told|tells|added|wrote|tweeted)\b"
)
_TAG = re.compile(r"<[^>]{0,200}>")


# The marks that close a sentence after its stop; a boundary that opens with one moves back.
_CLOSING_MARKS = "\"')]}\u2018\u2019\u201c\u201d\xab\xbb"


class _NewsLanguageVars(PunktLanguageVars):
    """Punkt's English settings; curly quotes and brackets may close a sentence too."""

    sent_end_chars = (".", "?", "!")
    internal_punctuation = ",:;"
    re_boundary_realignment = re.compile(
        rf"[{re.escape(_CLOSING_MARKS)}]+?(?:\s+|(?=--)|$)", re.MULTILINE
    )

    # Punkt's own patterns, compiled with the standard library: NLTK's guarded regex engine
    # costs more than the splitting itself, and neither pattern can backtrack badly.
    def _word_tokenizer_re(self) -> re.Pattern:
        try:
            return self._re_word_tokenizer
        except AttributeError:
            self._re_word_tokenizer = _compiled(self._word_tokenize_fmt % {
                "NonWord": self._re_non_word_chars,
                "MultiChar": self._re_multi_char_punct,
                "WordStart": self._re_word_start,
            })
            return self._re_word_tokenizer

    def period_context_re(self) -> re.Pattern:
        try:
            return self._re_period_context
        except AttributeError:
            self._re_period_context = self._context_re(self._re_sent_end_chars)
            return self._re_period_context

    def period_only_context_re(self) -> re.Pattern:
        """The context pattern with a period for its stop: the same matches on a text with no
        "?" or "!" to match, found faster (the regex engine skips ahead to a literal first
        character, where a character class is tested at every position)."""
        try:
            return self._re_period_only_context
        except AttributeError:
            self._re_period_only_context = self._context_re(r"\.")
            return self._re_period_only_context

    def _context_re(self, stops: str) -> re.Pattern:
        return _compiled(self._period_context_fmt % {
            "NonWord": self._re_non_word_chars, "SentEndChars": stops})


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


# Most of Punkt's decisions at a period need none of its machinery. The context is the word
# before the period, the period, and what follows: the next token or a closing mark.
_NON_WORD = "[)\";}\\]*:@'({\\[‘’“”«»?!]"  # Punkt's characters that cannot be in a word
_WORD_CHAR = r"[\w£$€%/&+=]"
# (A word may open with a currency sign, "$8bn", which Punkt's tokens may open with too.)
_PERIOD_CONTEXT = re.compile(
    rf"[\"(\[]*(?P<word>[$£€]?[^\W_](?:{_WORD_CHAR}|[-,.](?={_WORD_CHAR}))*)\."
    rf"(?:\s+(?P<next>\S+)|{_NON_WORD})"
)
# 'hero". The', "(book). Well": the period stands as a token of its own after a closing
# mark, and Punkt's second pass never undoes such a break.
# ". Watch" (nothing before the period) likewise.
_MARK_BREAK = re.compile(rf"(?:\S*{_NON_WORD})?\.(?:\s+\S+|{_NON_WORD})")
_LETTERS = re.compile(r"[A-Za-z]+")
_OPENING_QUOTES = "\"“‘"
_WHITESPACE = " \t\n\r\x0b\x0c"  # string.whitespace, what Punkt looks back for


class _NewsPunkt(PunktSentenceTokenizer):
    """Punkt with shortcuts for its most common, unambiguous decisions, and its span search
    (`_match_potential_end_contexts`, `_slices_from_text`, `_realign_boundaries`) in one
    loop without generators; `spans` gives the same sentences as `tokenize`."""

    def text_contains_sentbreak(self, text: str) -> bool:
        decided = self._decide(text)
        if decided is not None:
            return decided
        return super().text_contains_sentbreak(text)

    def _decide(self, text: str) -> bool | None:
        """Punkt's decision on a period's context where it follows from the word before the
        period alone (and the next word, after an abbreviation); None where it may not."""
        found = _PERIOD_CONTEXT.fullmatch(text)
        if found is None:
            return True if _MARK_BREAK.fullmatch(text) else None
        word = found.group("word")
        if len(word) == 1 and not word.isdecimal():
            return None  # an initial
        low = word.lower()
        nxt = found.group("next")
        abbreviations = self._params.abbrev_types
        if low in abbreviations or low.rsplit("-", 1)[-1] in abbreviations:
            # An abbreviation ends a sentence only before a capitalised frequent starter
            # (no orthographic data ships, so the orthographic heuristic never says yes).
            if nxt is not None and _LETTERS.fullmatch(nxt):
                return nxt[0].isupper() and nxt.lower() in self._params.sent_starters
            return None
        if _Token._RE_NUMERIC.match(low + "."):
            # A number ends a sentence unless a lower-case word or punctuation follows: a
            # capital or an opening quote mark after it keeps the break ('2009. "We').
            return True if nxt is not None and ("A" <= nxt[0] <= "Z" or nxt[0] in _OPENING_QUOTES) \
                else None
        # Any other word: the first pass's break, which the second pass keeps.
        return True

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each sentence, exactly as Punkt's `span_tokenize` gives them."""
        end = len(text.rstrip())
        # (A stop matches the context pattern only with a character after it, so none from
        # the last character on does.)
        exclaims = text.find("?", 0, end - 1) >= 0 or text.find("!", 0, end - 1) >= 0
        if not exclaims and text.find(".", 0, end - 1) < 0:
            # No stop before the last character (a third of news paragraphs): a break needs
            # a character after its stop, so the paragraph is one sentence.
            return [(0, end)] if end > 0 else []
        lang_vars = self._lang_vars
        context_re = lang_vars.period_context_re() if exclaims \
            else lang_vars.period_only_context_re()
        # (Five tests written out: a generator over _WHITESPACE costs more than they do.)
        plain_spaces = "\n" not in text and "\t" not in text and "\r" not in text \
            and "\x0b" not in text and "\x0c" not in text
        # Candidate breaks: each match with the word before it; a match whose word overlaps
        # the previous match's is dropped in favour of the later one, as Punkt does.
        candidates = []  # (match, word start, word end = the stop's index)
        prev = None
        stop = word_start = 0  # the previous match's stop and word start
        for match in context_re.finditer(text):
            start = match.start()
            if plain_spaces:
                space = text.rfind(" ", stop, start) - stop
            else:
                space = max(text.rfind(c, stop, start) for c in _WHITESPACE) - stop
            if space > 0:
                word_start = space + stop + 1
                if prev is not None:
                    candidates.append(prev)
            elif prev is not None and stop <= word_start:  # (the previous word was empty)
                candidates.append(prev)
            prev = (match, word_start, start)
            stop = start
        if prev is not None:
            candidates.append(prev)
        abbreviations = self._params.abbrev_types
        cuts: list[tuple[int, int]] = []  # (sentence end, next sentence start)
        closing = False  # whether a sentence after a break opens with a closing mark
        for match, word_start, word_end in candidates:
            # After "?" or "!" Punkt always breaks: the mark is a token of its own, which its
            # second pass (about periods) never revisits, and a token follows it. After a plain
            # word of two or more letters that is no abbreviation, `_decide` says break too (its
            # context pattern always matches such a word), so that common case skips it.
            if text[word_end] == ".":
                word = text[word_start:word_end]
                if not (len(word) > 1 and word.isalpha() and word.lower() not in abbreviations) \
                        and not self.text_contains_sentbreak(f"{word}.{match.group(1)}"):
                    continue
            # (The match is its stop alone, the rest a look-ahead: the next sentence opens
            # after the whitespace, or at the punctuation right after the stop.)
            nxt = match.start(2)
            if nxt < 0:
                nxt = word_end + 1
            closing = closing or text[nxt] in _CLOSING_MARKS
            cuts.append((word_end + 1, nxt))
        out: list[tuple[int, int]] = []
        last = 0
        if not closing:
            # Slices between the breaks, the last without trailing whitespace.
            for cut, nxt in cuts:
                if last < cut:
                    out.append((last, cut))
                last = nxt
            if last < end:
                out.append((last, end))
            return out
        # Closing punctuation after a break moves onto the sentence it closes.
        bounds = []
        for cut, nxt in cuts:
            bounds.append((last, cut))
            last = nxt
        bounds.append((last, end))
        realign_re = lang_vars.re_boundary_realignment
        realign = 0
        for k, (a, b) in enumerate(bounds):
            a += realign
            if k + 1 == len(bounds):
                if a < b:
                    out.append((a, b))
                break
            a2, b2 = bounds[k + 1]
            # (Most sentences open with no closing mark: the test spares the pattern.)
            m = realign_re.match(text, a2, b2) \
                if a2 < b2 and text[a2] in _CLOSING_MARKS else None
            if m:
                out.append((a, a2 + len(m.group(0).rstrip())))
                realign = m.end() - a2
            else:
                realign = 0
                if a < b:
                    out.append((a, b))
        return out


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
    text = clean_text(text)
    # Whether the text's only whitespace is spaces and newlines: an ASCII text (a flag Python
    # keeps) holds no other if it holds none of these eight, tests far cheaper than
    # `isprintable` on each block (a test of every character).
    spaced = text.isascii() and "\t" not in text and "\r" not in text and "\x0b" not in text \
        and "\x0c" not in text and "\x1c" not in text and "\x1d" not in text \
        and "\x1e" not in text and "\x1f" not in text
    out = []
    for block in _PARAGRAPH_BREAK.split(text):
        # A block already spaced singly is kept as it is: splitting it into words and joining
        # them again costs more than the test. (Every whitespace character but the space is
        # unprintable, so a printable block holds spaces only.)
        if not (spaced and "\n" not in block or block.isprintable()) or "  " in block \
                or block[:1] == " " or block[-1:] == " ":
            block = " ".join(block.split())
        if block:
            out.append(block)
    return out


def split_paragraph(paragraph: str, *, shortcut: bool = True) -> list[str]:
    """Split one paragraph (whitespace already collapsed) into sentences.

    `shortcut=False` runs NLTK's own Punkt code with the same parameters, for the same
    sentences: slower, it is what sumy's methods run on (see `digest.sumy_methods`)."""
    if not paragraph:
        return []
    spans = _tokenizer().spans(paragraph) if shortcut \
        else _tokenizer(False).span_tokenize(paragraph)
    return _merged(paragraph, spans)


def split_paragraphs(paragraph_list: list[str]) -> list[list[str]]:
    """`split_paragraph` of each paragraph, in one call."""
    spans = _tokenizer().spans
    return [_merged(p, spans(p)) if p else [] for p in paragraph_list]


def _merged(paragraph: str, spans: Iterable[tuple[int, int]]) -> list[str]:
    merged: list[str] = []
    for a, b in spans:
        piece = paragraph[a:b]
        # A sentence does not open with a lower-case letter: such a piece continues the
        # previous one after a quoted question ('"Why?" asked the magazine.') or an ellipsis.
        # Likewise '"Great potential!" Trump said in a tweet.' is one sentence (the attribution
        # opens with a capital, the cheapest test first).
        # (String tests, cheaper than patterns on every sentence.)
        first = piece[:1]
        if merged and ("a" <= first <= "z" or ("A" <= first <= "Z" and _ends_quoted_exclamation(
                merged[-1]) and _NAMED_ATTRIBUTION.match(piece))):
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    return merged


def _ends_quoted_exclamation(sentence: str) -> bool:
    """Whether a sentence ends in a stop and a quote mark (or those and a newline, where "$"
    would match)."""
    return sentence.endswith(_QUOTED_EXCLAMATION) or (
        sentence.endswith("\n") and sentence[:-1].endswith(_QUOTED_EXCLAMATION))


def split_sentences(text: str) -> list[str]:
    """Return the sentences of a text whose paragraphs are separated by blank lines."""
    out: list[str] = []
    for paragraph in paragraphs(text):
        out.extend(split_paragraph(paragraph))
    return out
