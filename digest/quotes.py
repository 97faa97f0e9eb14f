"""Direct quotations: find them in straight or curly quote marks and say who spoke them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from digest.models import Quote
from digest.names import SENTENCE_STOP, SPEECH_VERB_AT_END, SPEECH_WORD
from digest.sentences import paragraphs
from digest.speakers import (
    NameBook,
    attribute,
    closing_attribution,
    context,
    judging_subject,
    possessive_sayer,
    pronoun_sayer,
)

_OPENERS = "“"
_CLOSERS = "”"
_MARK_CHARS = '"“”'  # the marks a quotation opens and closes with
_MARKS = re.compile(f"[{_MARK_CHARS}]")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SENTENCE_END = re.compile(r"[.!?]\W*$")
# "Dr. Halvorsen said" and "J. R. Smith" do not end a sentence at the stop.
_BOUNDARY = re.compile(rf"{SENTENCE_STOP}[\"”’')\]]*\s+(?=[\"“A-Z0-9]|$)")
_NOT_NEWLINE = re.compile(r"[^\n]+")
# (Not '… for him.," police said': a comma after the stop hands the sentence on to its
# attribution.)
_ENDS_FULL_STOP = re.compile(r"\.[^\w,]*$")
_NEXT_SENTENCE = re.compile(r"\s+[A-Z\"“]")
_ACRONYM_STOP = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,}$")
_NEXT_CAPITAL = re.compile(r"\s+[A-Z]")
_SPEECH_BEFORE = re.compile(r"\b(?:said|says|added|asked|reads|told \w+)[,:]?\s*$")
_LOWER_WORD = re.compile(r"(?<![\w'’])[a-z]")
_SPEECH_NOUN_BEFORE = re.compile(
    r"\b(?:words|message|reply|response|remarks?|comments?|answer|tweet|caption|plea)"
    r"[,:]\s*$")
_STOP = re.compile(r"[.!?]")
_LOWER = re.compile(r"[a-z]")
_ATTRIBUTION_END = re.compile(r"[,:—–-]\s*$")
_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(]))(['‘])(?=[A-Z])")
_STOP_BEFORE = re.compile(r"[.!?][\"'’”)\]]*$")
_NEXT_SENTENCE_START = re.compile(r" +(?=[A-Z\"“])")
_NAME_NEXT = re.compile(r"\s*[A-Z][a-z]")
# A verb whose subject is the quoted words: '"Sustainable communities" were promoted'.
_SUBJECT_OF = re.compile(
    r"\s+(?:is|are|was|were|will|would|has|have|had|can|could|may|might|must|should)\b")
_JOINED = re.compile(r",?\s+(?:and|or)\s+")
_MIN_EMBEDDED_WORDS = 4  # a shorter phrase inside the reporter's sentence is a scare quote
_FEATURE_MIN_WORDS = 6


@dataclass
class _Span:
    start: int  # index of the opening mark in the text
    end: int  # index just after the closing mark (or the paragraph's end if unclosed)
    inner: str


def _is_opening(text: str, i: int) -> bool:
    """A straight double quote opens when it follows a space or bracket and precedes a word."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-/") and not after.isspace()


def _spans(text: str, start: int, end: int) -> list[_Span]:
    """Quoted spans of one paragraph text[start:end], pairing marks left to right."""
    spans: list[_Span] = []
    open_at: int | None = None
    skip = -1
    for i in _mark_positions(text, start, end):
        if i <= skip:
            continue
        mark = text[i]
        opening = mark in _OPENERS or (mark == '"' and (open_at is None or _is_opening(text, i)))
        if mark in _CLOSERS:
            opening = False
        if open_at is not None and mark == '"' and text[i - 1].isdigit() and i + 1 < end \
                and (text[i + 1] in "+×" or text[i + 1].isalpha()):
            continue  # 'A solid 1"+ per hour snowfall rate!': an inch sign, no closing mark
        if open_at is None:
            if mark == '"' and i > start and not text[i - 1].isspace() \
                    and not _word_at(text, i + 1):
                # A closing mark with no opener: "'No one believes it," the paper said.'
                # opened with a single quote; otherwise the stray mark opens nothing.
                single = _single_opener(text, spans[-1].end if spans else start, i)
                if single is not None:
                    spans.append(_Span(single, i + 1, text[single + 1 : i].strip()))
                continue
            if opening or mark == '"':
                open_at = i
            continue
        if opening and mark == '"' and _nested(text, i, end):
            # 'same-sex "marriage" employed': a quote inside the quote.
            skip = text.index('"', i + 1)
            continue
        if opening:
            # A new opening mark while a quote is open: the first runs on (newspaper style
            # opens each paragraph of a long quote again), unless it never ended a sentence.
            inner = text[open_at + 1 : i].strip()
            if _SENTENCE_END.search(inner):
                spans.append(_Span(open_at, i, inner))
            open_at = i
            continue
        spans.append(_Span(open_at, i + 1, text[open_at + 1 : i].strip()))
        open_at = None
    if open_at is not None:
        inner = text[open_at + 1 : end].strip()
        if inner:
            spans.append(_Span(open_at, end, inner))
    return spans


def _mark_positions(text: str, start: int, end: int) -> list[int]:
    """Where `_MARKS` matches in text[start:end], in order: a scan for each mark finds them
    faster than the pattern, whose character set the scanner tests at every position."""
    found = []
    for mark in _MARK_CHARS:
        at = text.find(mark, start, end)
        while at >= 0:
            found.append(at)
            at = text.find(mark, at + 1, end)
    found.sort()
    return found


def _has_mark(text: str) -> bool:
    """Whether the text holds a quote mark (one `_MARKS` matches; the three tests written
    out cost less than a loop over _MARK_CHARS)."""
    return '"' in text or "“" in text or "”" in text


def _sentence_after(span: _Span, text: str) -> int | None:
    """Where the next sentence starts if the quotation ends in a stop ('"… stuffed." Warne's')."""
    if not _STOP_BEFORE.search(text, max(0, span.end - 5), span.end - 1):
        return None
    nxt = _NEXT_SENTENCE_START.match(text, span.end)
    return nxt.end() if nxt else None


def _word_at(text: str, i: int) -> bool:
    return i < len(text) and (text[i].isalnum() or text[i] in "'‘(")


def _single_opener(text: str, lo: int, hi: int) -> int | None:
    """Where a single quote opens a quotation in text[lo:hi] (after a space or the start,
    before a capital), if one does."""
    last = None
    for match in _SINGLE_OPEN.finditer(text, lo, hi):
        last = match.start(1)
    return last


def _nested(text: str, i: int, end: int) -> bool:
    """Whether the straight quote at i and the next mark enclose a short term inside a longer
    quotation ('of same-sex "marriage" employed by'): a few words, then the quote runs on to
    a closing mark."""
    after = _MARKS.search(text, i + 1, end)
    if after is None or text[after.start()] != '"':
        return False
    j = after.start()
    inner = text[i + 1 : j]
    return (0 < len(inner.split()) <= 3 and not re.search(r"[.!?,]$", inner)
            and bool(re.match(r" [a-z]", text[j + 1 : j + 3]))
            and _MARKS.search(text, j + 1, end) is not None)


# A quoted nickname between a given name and a surname: Dwayne "The Rock" Johnson.
_GIVEN_BEFORE = re.compile(r"(?<![\w'’.-])[A-Z][a-z]+[ ]$")
_SURNAME_AFTER = re.compile(
    r" (?P<surname>(?:Mc|Mac|O'|O’)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b(?![\w'’-])")


def _nickname_between(text: str, span: _Span) -> tuple[str, str] | None:
    """The given name and surname a short quoted nickname stands between, else None."""
    if not span.inner[:1].isupper() or "," in span.inner or span.inner.endswith((".", "!", "?")):
        return None
    given = _GIVEN_BEFORE.search(text, max(0, span.start - 20), span.start)
    if given is None or given[0].rstrip() in _NOT_GIVEN:
        return None
    surname = _SURNAME_AFTER.match(text, span.end)
    if surname is None or surname["surname"] in _NOT_GIVEN:
        return None
    return given[0].rstrip(), surname["surname"]


_NOT_GIVEN = frozenset(
    "The A An And Or But In On At Of For To From By With As His Her Their Its Our My Your "
    "This That These Those When While After Before Said Says".split())


def _masked(text: str, spans: list[_Span]) -> str:
    """The text with quote interiors blanked, so attribution patterns only see the reporter."""
    parts = []
    pos = 0
    for span in sorted(spans, key=lambda span: span.start):
        start = max(span.start, pos)
        if span.end <= start:
            continue
        parts.append(text[pos:start])
        inner = text[start : span.end]
        parts.append(_NOT_NEWLINE.sub(lambda m: "\u2063" * len(m.group()), inner)
                     if "\n" in inner else "\u2063" * len(inner))
        pos = span.end
    parts.append(text[pos:])
    return "".join(parts)


def _last_boundary(before: str) -> int:
    """Where the last sentence in `before` starts (0 if none ends in it). Most sentences are
    short, so the stops are tried from the end, and the first that makes a boundary gives it
    (a boundary holds no other stop: only the closing marks and spaces after its own, so the
    last of a scan from the start is the one at the last stop that makes one)."""
    at = len(before)
    while at > 0:
        at = max(before.rfind(".", 0, at), before.rfind("!", 0, at), before.rfind("?", 0, at))
        if at < 0:
            break
        boundary = _BOUNDARY.match(before, at)  # (its look-backs see the text before `at`)
        if boundary:
            return boundary.end()
    return 0


def _context(masked: str, span: _Span, spans: list[_Span], k: int,
             floor: int = 0) -> tuple[str, str, bool, int]:
    """Reporter's text in the quote's sentence before and after it, whether the quote opens
    the sentence, and where the sentence starts. `floor`: where the last quotation before it
    ends (a title or a scare quote in between is part of the reporter's sentence: 'J.M.
    Berger, co-author of "ISIS: the State of Terror," told CNN, "…"')."""
    # Searches stay within a window around the quote, so a megabyte without paragraph
    # breaks costs linear time.
    lo = max(floor, span.start - 2000)
    para = masked.rfind("\n\n", lo, span.start)
    lo = max(lo, para + 2 if para >= 0 else 0)
    before = masked[lo : span.start]
    cut = _last_boundary(before)
    if cut:
        lo += cut
        before = before[cut:]
    hi = spans[k + 1].start if k + 1 < len(spans) else len(masked)
    after_at = span.end
    if hi - span.end < 6 and _JOINED.fullmatch(masked, span.end, hi):
        # 'to create "an atmosphere of hysteria" and "fear-mongering," the minister said':
        # quotations joined by "and" share the attribution after the last.
        after_at = spans[k + 1].end
        hi = spans[k + 2].start if k + 2 < len(spans) else len(masked)
    hi = min(hi, after_at + 2000)
    para = masked.find("\n\n", after_at, hi)
    hi = para if para >= 0 else hi
    after = masked[after_at : hi]
    # A quote ending its own sentence with a full stop ('… growth." The') has no
    # after-context; after '?' or '!' the attribution may follow ('"Why?" asked Ann.').
    if _ENDS_FULL_STOP.search(span.inner) and _NEXT_SENTENCE.match(after):
        after = ""
    boundary = _BOUNDARY.search(after)
    while boundary and span.inner[-1:] == "," and after[boundary.start() - 1].isupper() \
            and _ACRONYM_STOP.search(after, max(0, boundary.start() - 8), boundary.start() + 1):
        # '"…," U.S. Rep. Jo Roe said': after a quote ending in a comma its attribution
        # follows, so the stop of "U.S." ends no sentence.
        boundary = _BOUNDARY.search(after, boundary.end())
    if boundary:
        after = after[: boundary.start() + 1]
    opens_sentence = not before.strip() or before.rstrip().endswith(":")
    # Attribution sits next to the quote; bounding the context keeps run-on text linear.
    before, after = before[-300:], after[:300]
    return before.replace("\u2063", ""), after.replace("\u2063", ""), opens_sentence, lo


# The small words a title leaves lower-case ("Law of the Jungle").
_TITLE_SMALL_WORDS = frozenset("a an the of and or in on at to for with from by as vs".split())


def _is_quotation(inner: str, opens_sentence: bool, before: str, after: str) -> bool:
    """Speech rather than a scare quote, a title or a nickname."""
    # The quote's words are listed only where a test needs them: most quotations are known
    # by the reporter's words around them.
    if not _WORD.search(inner):
        return False
    if inner[-1:].isalnum() and _NAME_NEXT.match(after):
        words = _WORD.findall(inner)
        if len(words) < _MIN_EMBEDDED_WORDS and all(w[:1].isupper() for w in words):
            return False  # a nickname before a surname: 'J.P. "The Big Bopper" Richardson'
    if opens_sentence or _SPEECH_BEFORE.search(before):
        return True
    if (inner[-1:] in "!?" or (inner[-1:] == "." and _LOWER_WORD.search(inner))) \
            and SPEECH_VERB_AT_END.search(before):
        return True  # 'Al-Jumaili cried "I'm hit!"': a short sentence after a verb of saying
    if inner[-1:] in ".!?" and inner[:1].isupper() and _SPEECH_NOUN_BEFORE.search(before):
        return True  # 'his father's words, "That's my boy."': a sentence of speech
    if len(inner.split()) < _MIN_EMBEDDED_WORDS:  # "door-to-door rail" is two words
        return False
    words = _WORD.findall(inner)
    # Titles of works and names are mostly capitalised words, and start with one.
    if words[0][:1].islower() and words[0] not in ("the", "a", "an"):
        return True  # "bombing Iraq, Syria and Vietnam", but not "the Next Big Thing"
    capitalised = sum(w[:1].isupper() for w in words)
    if inner[-1:].isalnum() and len(words) <= 8 and capitalised < len(words) \
            and all(w[:1].isupper() for w in words if w.lower() not in _TITLE_SMALL_WORDS):
        return False  # 'Kipling's "Law of the Jungle"': a title's words, small ones aside
    return capitalised < 0.6 * len(words)


def _is_subject_term(inner: str, opens_sentence: bool, after: str) -> bool:
    """A few quoted words that are the subject of the reporter's sentence ('"Sustainable
    communities" were being promoted …'), a term rather than speech."""
    # Cheapest tests first: most quotes end in punctuation.
    return (opens_sentence and inner[-1:].isalnum() and _SUBJECT_OF.match(after) is not None
            and len(inner.split()) < _MIN_EMBEDDED_WORDS)


def _same_sentence(masked: str, first: _Span, second: _Span) -> bool:
    """Only an attribution (no sentence or paragraph end) lies between two quoted spans."""
    between = masked[first.end : second.start]
    return (len(between) < 120 and "\n" not in between and not _STOP.search(between)
            and bool(_ATTRIBUTION_END.search(between)))  # '"…," he said, "…"'


def _same_sentence_run(masked: str, first: _Span, second: _Span) -> bool:
    """No sentence or paragraph ends between two quoted spans (nor with the first: '"…
    over." The "…"')."""
    between = masked[first.end : second.start]
    return len(between) < 200 and "\n" not in between and not _STOP.search(between) \
        and not (_SENTENCE_END.search(first.inner) and _NEXT_CAPITAL.match(between))


def _shares_sentence(masked: str, first: _Span, second: _Span) -> bool:
    """Only the reporter's words of one sentence lie between two quoted spans ('"…" and
    have "…"'), and the first does not end a sentence of its own."""
    between = masked[first.end : second.start]
    return (_same_sentence_run(masked, first, second) and not _SENTENCE_END.search(first.inner)
            # (not 'lyrics "…", translated by X as "…"': that attribution is the second's)
            and " by " not in between and not SPEECH_WORD.search(between))


def _clean(inner: str) -> str:
    return " ".join(inner.split()).strip(" ,;—–-")


_DOUBLED_APOSTROPHES = re.compile(r"(?<!\w)''(?=\w)|(?<=[\w.,!?])''(?!\w)")


def _as_mark(match: re.Match[str]) -> str:
    """An opening pair becomes a space and a mark (''We → "We), a closing one a mark and a
    space (it,'' he → it," he): a mark after a space opens, one after a word closes."""
    return ' "' if match.string[match.end() : match.end() + 1].isalnum() else '" '


def extract_quotes(text: str) -> list[Quote]:
    """Every direct quotation in the text, in order, with the fullest name of its speaker."""
    return quotes_in(paragraphs(text))


def quotes_in(paragraph_list: list[str]) -> list[Quote]:
    """Every direct quotation in already cleaned paragraphs (see `paragraphs`)."""
    body = "\n\n".join(paragraph_list)
    if "''" in body:
        # ''Two apostrophes'' for a double quote mark (some feeds write them so): the same
        # length, so offsets stay.
        body = _DOUBLED_APOSTROPHES.sub(_as_mark, body)
    # (A scan for each mark finds a text's marks faster than _MARKS, whose character set the
    # scanner tests at every position.)
    if not _has_mark(body):
        return []
    spans: list[_Span] = []
    offset = 0
    for para in body.split("\n\n"):
        if _has_mark(para):
            spans.extend(_spans(body, offset, offset + len(para)))
        offset += len(para) + 2
    masked = _masked(body, spans)
    ends = [end for span in spans if (end := _sentence_after(span, body)) is not None]
    nicknamed = [pair for span in spans if span.end - span.start < 28
                 and (pair := _nickname_between(body, span)) is not None]
    book = NameBook.from_text(body, masked, quote_ends=ends, nicknamed=nicknamed)
    quotes: list[Quote] = []
    previous: tuple[_Span, str | None] | None = None
    pending: tuple[_Span, int] | None = None  # an unattributed quote, and its index
    floor = 0  # where the last quotation ended
    for k, span in enumerate(spans):
        before, after, opens, sentence_start = _context(masked, span, spans, k, floor)
        if _is_subject_term(span.inner, opens, after):
            continue  # part of the reporter's sentence: the thread of speakers runs on
        if not _is_quotation(span.inner, opens, before, after):
            # A scare quote ends the thread of speakers, unless it sits in the last
            # quotation's own attribution ('"…," he told WSB before getting word of the
            # "time served" adjustment. "…"').
            if previous is not None and not _same_sentence_run(masked, previous[0], span):
                previous = None
            if _SENTENCE_END.search(span.inner):
                floor = span.end  # 'his show "The Racist." "And my dad …"': a sentence ends
            continue
        # "he added" after a quote in the sentence before continues that speaker.
        near = False
        if previous is not None and sentence_start - previous[0].end < 300:
            # Names in the previous quote's own attribution do not break the thread, but a
            # sentence naming someone new after it does ('Keeper Tony Bullock agreed.').
            prev = previous[0]
            if _SENTENCE_END.search(prev.inner) and _NEXT_CAPITAL.match(masked, prev.end):
                gap_start = prev.end
            else:
                boundary = _BOUNDARY.search(masked, prev.end, sentence_start + 1)
                gap_start = boundary.end() if boundary else sentence_start
            near = book.first_between(gap_start, sentence_start) is None
        last = previous[1] if near and previous is not None else None
        ctx = context(book, sentence_start, last, follows_quote=near, quote_start=span.start,
                      last_speaker=quotes[-1].speaker if quotes else None)
        found = attribute(before, after, ctx)
        speaker = found.speaker
        if not found.found:
            # An unattributed quote is, in turn: the one a clause closing its own sentence
            # names ('…, Park said.'); the subject of a verb that quotes what it judges ('Ann
            # Roe condemned the "…"'); Elsden's after the reporter's 'Elsden said the dig
            # reveals much.'; right after another quote, that speaker's; the person a 'He
            # urged …' just before stands for; else the last quote's speaker.
            since = previous[0].end if previous is not None else max(0, sentence_start - 600)
            speaker = closing_attribution(after, ctx) \
                or judging_subject(book, sentence_start, span.start) \
                or possessive_sayer(book, sentence_start, span.start) \
                or book.reported_speaker(since, sentence_start, span.start) \
                or (previous[1] if previous is not None and near else None) \
                or (pronoun_sayer(ctx) if opens else None) \
                or (previous[1] if previous is not None else None)
        if speaker and found.found and pending is not None \
                and _shares_sentence(masked, pending[0], span):
            # 'workers "will remain restricted" and have "limited movement," according to
            # X': a quotation with no attribution of its own shares the next one's, in the
            # same sentence.
            quotes[pending[1]] = Quote(quotes[pending[1]].text, speaker)
        text_ = _clean(span.inner)
        # '"The economy," he said, "is doing fine."' is one sentence split by its attribution.
        if (quotes and previous is not None and _LOWER.match(text_)
                and previous[0].inner.rstrip().endswith(",") and not opens
                and _same_sentence(masked, previous[0], span)):
            joined = f"{quotes[-1].text.rstrip(',')} {text_}"
            quotes[-1] = Quote(joined, quotes[-1].speaker or speaker)
        else:
            quotes.append(Quote(text_, speaker))
        previous = (span, quotes[-1].speaker)
        pending = (span, len(quotes) - 1) if not found.found else None
        floor = span.end
    return quotes


_QUOTE_MARKS = '"“”„«»'
# (A space after a stop: opening with the space lets the scanner jump from one to the next.)
_REMARK_END = re.compile(r"\s(?<=[.!?…]\s)\s*")


def _unmarked(text: str) -> str:
    """The text without quote marks (a replace() for each mark runs faster than a pattern
    whose character set the scanner tests at every position)."""
    for mark in _QUOTE_MARKS:
        text = text.replace(mark, "")
    return text


def _spaced_singly(lines: str) -> bool:
    """Whether lines joined by line breaks hold only single spaces between their words, so
    splitting and joining each would give them back (every whitespace character but the
    space and the line break is unprintable)."""
    return not ("  " in lines or " \n" in lines or "\n " in lines or lines[:1] == " "
                or lines[-1:] == " ") and lines.replace("\n", "").isprintable()


def _plain(text: str) -> str:
    plain = _unmarked(text).lower()
    # (Text spaced singly already, as most quotes are, needs no split and join.)
    return plain if "\n" not in plain and _spaced_singly(plain) else " ".join(plain.split())


def _plain_lines(sentences: list[str]) -> str:
    """Each sentence made `_plain`, one a line. Sentences without line breaks of their own (as
    the splitter gives them) have their marks dropped and case lowered in one pass."""
    joined = "\n".join(sentences)
    if joined.count("\n") != len(sentences) - 1:
        return "\n".join(_plain(sentence) for sentence in sentences)
    plain = _unmarked(joined).lower()
    # (The splitter's sentences are spaced singly, unless a dropped mark left two spaces.)
    if _spaced_singly(plain):
        return plain
    return "\n".join(" ".join(line.split()) for line in plain.split("\n"))


def _repeats(quote: str, shown: str) -> bool:
    """A quote repeats a key sentence when the sentence already carries any whole part of it.
    `shown`: the key sentences, plain, one a line (a part has no newline, so it is in the
    joined text exactly when it is in one of them)."""
    if not shown:
        return False
    whole = _plain(quote)
    remarks = _REMARK_END.split(quote)
    plain = [whole] if len(remarks) == 1 else map(_plain, remarks)  # (one remark: the whole)
    return any(part in shown for part in (p.rstrip(",") for p in plain)
               if len(part.split()) >= _FEATURE_MIN_WORDS or part == whole)


def feature_quotes(
    paragraph_list: list[str], *, count: int, key_sentences: list[str]
) -> list[Quote]:
    """The most telling quotes: whole remarks with a speaker, none repeating a key sentence."""
    candidates = []
    for index, quote in enumerate(quotes_in(paragraph_list)):
        words = len(quote.text.split())
        if words < _FEATURE_MIN_WORDS:
            continue
        # Prefer attributed remarks of readable length, then earlier ones (news order).
        score = (quote.speaker is not None) * 2.0 + min(words, 35) / 35 - index * 0.02
        if words > 80:
            score -= 1.0
        candidates.append((score, index, quote))
    # Best first (a stable sort: the earlier on ties); only as many are tested against the
    # key sentences as it takes to find `count` that repeat none, and the key sentences are
    # made plain only if one is tested.
    best = []
    shown = None
    for candidate in sorted(candidates, key=lambda c: -c[0]) if count > 0 else ():
        if shown is None:
            shown = _plain_lines(key_sentences)
        if not _repeats(candidate[2].text, shown):
            best.append(candidate)
            if len(best) == count:
                break
    return [quote for _, _, quote in sorted(best, key=lambda c: c[1])]
