"""Who said a quote: attribution patterns around it and the fullest name the article gives."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from digest.words import stop_words

_VERBS = (
    "said|says|say|told|tells|added|adds|asked|asks|explained|explains|wrote|writes|stated|"
    "states|noted|notes|warned|warns|insisted|insists|argued|argues|claimed|claims|continued|"
    "replied|replies|recalled|recalls|suggested|suggests|admitted|admits|declared|announced|"
    "commented|remarked|acknowledged|acknowledges|agreed|observed|posted|tweeted|concluded|"
    "stressed|urged|urges|added|testified|shouted|cried|joked|laughed|wondered|conceded|"
    "predicted|predicts|explained|pointed out|went on|responded|responds|answered|countered|"
    "maintained|maintains|reckons|reckoned|believes|thinks|described|tweets|writes"
)
_VERB_ING = (
    "saying|telling|adding|asking|explaining|writing|warning|insisting|arguing|claiming|"
    "noting|declaring|announcing|stressing|urging|suggesting|admitting|insisting"
)
# A name: capitalised words, initials and joined particles ("Abu Bakr al-Baghdadi", "J. K.").
_CAP = r"(?:[A-Z][\w'’\-]*\.?|(?:de|van|von|der|del|da|bin|al|la|le)(?=\s+[A-Z]))"
_NAME = rf"{_CAP}(?:\s+{_CAP}){{0,5}}"
_AUX = r"(?:\s+(?:\w+ly|also|later|then|once|has|had|have|would|will|was|is|were|had|just))*"
_PHRASE = r"[^,.;:!?\"“”\u2063]{1,90}?"

_AFTER_VERB_FIRST = re.compile(rf"^[\s,—–-]*(?:{_VERBS})\s+(?P<np>[^,.;:!?\"“”]{{1,90}})")
_AFTER_SUBJECT_FIRST = re.compile(
    rf"^[\s,—–-]*(?!\s*(?:and|but|or|then)\b)(?P<np>{_PHRASE})(?:\s*,[^,\"“”]{{1,90}},)?{_AUX}\s+(?:{_VERBS})\b"
)
_ACCORDING_AFTER = re.compile(r"according to\s+(?P<np>[^,.;:!?\"“”]{1,90})")
_ACCORDING_BEFORE = re.compile(r"according to\s+(?P<np>[^,.;:!?\"“”]{1,90}?)[\s,:]*$")
_VERB_WORD = re.compile(rf"\b(?:{_VERBS}|{_VERB_ING})\b")
_BEFORE_VERB_FIRST = re.compile(rf"\b(?:{_VERBS})\s+(?P<np>[^,.;:!?\"“”]{{1,80}}?)\s*[:,]\s*$")
_BEFORE_COLON = re.compile(r"(?P<np>[^,.;:!?\"“”]{1,80}?)\s*:\s*$")
_CLAUSE = re.compile(r"[,;:(]|\b(?:that|and|but|while|as|when|after|because|which|who)\b")
_POSSESSIVE = re.compile(r"['’]s?$")
_ORG_WORDS = frozenset("""
institute university department ministry council bank group party association commission
agency company corp inc ltd plc office court police service news newspaper times post
union federation league board committee house senate congress government network channel
""".split())
_PERSON_PRONOUNS = frozenset({"he", "she"})
_GROUP_PRONOUNS = frozenset({"it"})

_TITLES = frozenset("""
mr mrs ms miss dr sir dame lord lady prof professor rev reverend father sister brother
president vice prime minister secretary chancellor chairman chairwoman chair chief executive
officer director manager coach captain skipper boss general gen col lt sgt maj capt adm cmdr
senator sen rep representative congressman congresswoman governor gov mayor judge justice
attorney ambassador commissioner inspector detective sergeant constable superintendent
spokesman spokeswoman spokesperson deputy shadow foreign home trade health education culture
defence defense interior justice transport environment energy treasury economic finance
king queen prince princess pope archbishop bishop cardinal sheikh ayatollah imam rabbi
leader head founder editor analyst economist lawyer star singer actor actress striker
midfielder defender goalkeeper player champion veteran former new labour tory conservative
liberal democrat democratic republican first state party team club mp mep mps
monday tuesday wednesday thursday friday saturday sunday yesterday today
january february march april may june july august september october november december
""".split())
_LOWER_NAMES = frozenset("de van von der del da bin al la le".split())


@dataclass
class NameBook:
    """The people an article names, so 'Ms Hewitt' or 'she' can become 'Patricia Hewitt'."""

    full_by_surname: dict[str, str] = field(default_factory=dict)
    full_by_token: dict[str, str] = field(default_factory=dict)
    mentions: list[tuple[int, str]] = field(default_factory=list)  # (offset, full name)

    @classmethod
    def from_text(cls, text: str) -> NameBook:
        """Index every multi-word capitalised name in the text, first full form first."""
        book = cls()
        for match in re.finditer(_NAME, text):
            name = clean_name(match.group(0))
            if not name or _is_org(name):
                continue
            parts = name.split()
            if len(parts) >= 2:
                book.full_by_surname.setdefault(parts[-1], name)
                for part in parts[:-1]:
                    if len(part) > 2:  # initials and particles identify no one
                        book.full_by_token.setdefault(part, name)
            full = book.full(name)
            if len(full.split()) >= 2:
                book.mentions.append((match.start(), full))
        return book

    def full(self, name: str) -> str:
        """The fullest form of a name given earlier in the article (or the name itself)."""
        parts = name.split()
        full = self.full_by_surname.get(parts[-1])
        if full is None and len(parts) == 1:
            # "Kim" for "Kim Jong Un": family names that come first.
            full = self.full_by_token.get(parts[0])
        if full and len(full.split()) > len(parts) and set(parts) <= set(full.split()):
            return full
        return name

    def last_person_before(self, offset: int) -> str | None:
        """The last named person mentioned before an offset, for 'he said'."""
        best = None
        for at, name in self.mentions:
            if at >= offset:
                break
            best = name
        return best


def _is_org(name: str) -> bool:
    return any(part.lower() in _ORG_WORDS for part in name.split())


def clean_name(raw: str) -> str | None:
    """Strip titles and sentence openers from a capitalised run: the person's name or None."""
    parts = [p if re.fullmatch(r"[A-Z]\.", p) else p.rstrip(".,") for p in raw.split()]
    parts = [p.replace("’", "'") for p in parts if p]
    while parts and (
        parts[0].lower() in _TITLES
        or parts[0].lower() in stop_words()
        or parts[0].lower() in _LOWER_NAMES
        or (parts[0].isupper() and len(parts[0]) > 1 and len(parts) > 1)
    ):
        parts.pop(0)
    while parts and (parts[-1] == "I" or parts[-1].lower() in _LOWER_NAMES):
        parts.pop()
    if not parts or parts[-1].lower() in _TITLES:
        return None
    return " ".join(parts)


@dataclass(frozen=True)
class Attribution:
    """What the context says about a quote's speaker."""

    found: bool  # an attribution pattern matched (its speaker may still be unnamed)
    speaker: str | None = None


@dataclass(frozen=True)
class _Context:
    book: NameBook
    offset: int
    previous: str | None  # the speaker of the quote just before, for "it added"


def speaker_of(phrase: str, ctx: _Context) -> str | None:
    """The person (or, failing that, organisation) a subject phrase names."""
    words = phrase.strip().split()
    if not words:
        return None
    if len(words) == 1 and words[0].lower() in _PERSON_PRONOUNS:
        return ctx.book.last_person_before(ctx.offset)
    if len(words) == 1 and words[0].lower() in _GROUP_PRONOUNS:
        return ctx.previous
    names = []
    for match in re.finditer(_NAME, phrase):
        if _POSSESSIVE.search(match.group(0)):
            continue  # "South Korea's newspaper": the owner is not the speaker
        name = clean_name(match.group(0))
        if name:
            names.append(name)
    if not names:
        return None
    people = [n for n in names if not _is_org(n)]
    chosen = people[0] if people else names[-1]
    return ctx.book.full(chosen)


def _before_subject(before: str) -> str | None:
    """The subject of the last speech verb before a quote ('Kim was insisting ')."""
    verbs = list(_VERB_WORD.finditer(before))
    if not verbs:
        return None
    verb = verbs[-1]
    if re.search(r"[.!?]", before[verb.end() :]):
        return None
    head = before[: verb.start()]
    head = re.sub(rf"{_AUX}\s*$", "", head)
    clauses = [c for c in _CLAUSE.split(head) if c and c.strip()][-3:]
    if not clauses:
        return None
    # "Ken Mayland, president of X, said": an appositive role sits between name and verb.
    last = clauses[-1].strip()
    if (last[:1].islower() and last.lower() not in _PERSON_PRONOUNS | _GROUP_PRONOUNS
            and len(clauses) > 1 and re.search(r"\b[A-Z]", clauses[-2])):
        return clauses[-2]
    return last


def attribute(before: str, after: str, ctx: _Context) -> Attribution:
    """Find the speaker in the text just before and just after a quote (quotes masked out)."""
    for pattern in (_AFTER_VERB_FIRST, _AFTER_SUBJECT_FIRST, _ACCORDING_AFTER):
        match = pattern.search(after)
        if match:
            return Attribution(True, speaker_of(match.group("np"), ctx))
    for pattern in (_ACCORDING_BEFORE, _BEFORE_VERB_FIRST):
        match = pattern.search(before)
        if match:
            return Attribution(True, speaker_of(match.group("np"), ctx))
    subject = _before_subject(before)
    if subject is not None:
        return Attribution(True, speaker_of(subject, ctx))
    match = _BEFORE_COLON.search(before)
    if match:
        speaker = speaker_of(match.group("np"), ctx)
        if speaker:
            return Attribution(True, speaker)
    return Attribution(False)


def context(book: NameBook, offset: int, previous: str | None) -> _Context:
    """What attribution needs to know besides the words around the quote."""
    return _Context(book, offset, previous)
