"""Who said a quote: attribution patterns around it and the fullest name the article gives."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from digest.names import (
    _MAGAZINE,
    GIVEN_STOP_WORDS,
    NAME,
    NAME_RE,
    NATIONALITIES,
    ORG_NOUNS,
    PERSON_ROLES,
    POSSESSIVE,
    PREPOSITION_BEFORE,
    SPEECH_VERB_AT_END,
    SPEECH_VERBS,
    TITLES,
    NameBook,
    _could_be_one_name,
    clean_name,
    clean_org,
    is_org,
    is_org_word,
    portfolio_end,
    title_stop_lookbacks,
)
from digest.words import stop_words

_VERB_ING = (
    "called|calls|calling|saying|telling|adding|asking|explaining|writing|warning|insisting|arguing|claiming|"
    "noting|declaring|announcing|stressing|urging|suggesting|admitting|insisting|tweeting|posting"
)
# (an adverb: a lower-case word ending in "ly", but not "family": "the Smith family said";
# not "Us Weekly said")
_AUX = (r"(?:\s+(?:(?!family\b)[a-z]\w*ly|also|later|then|once|has|had|have|would|will|was|is|"
        r"were|had|just))*")
_PHRASE = r"[^,.;:!?\"“”\u2063]{1,90}?"

_AFTER_VERB_FIRST = re.compile(rf"^[\s,—–-]*(?:{SPEECH_VERBS})\s+(?P<np>[^,.;:!?\"“”]{{1,90}})")
_AFTER_VERB_ROLE_NAME = re.compile(
    rf"^[\s,—–-]*(?:{SPEECH_VERBS})\s+(?P<role>[^,.;:!?\"“”]{{1,60}}?),\s+(?P<np>{NAME})"
    r"\s*(?:[,.;!?]|$)"
)
_AFTER_SUBJECT_FIRST = re.compile(
    rf"^[\s,—–-]*(?!\s*(?:and|but|or|then|although|though|because|unless|since|if|even)\b)(?P<np>{_PHRASE})(?:\s*,(?P<appos>[^,\"“”]{{1,90}}),)?{_AUX}\s+(?:{SPEECH_VERBS}|(?:quoted\s+as|seen|heard)\s+(?:saying|asking|telling|shouting)|ask|tell)\b"
)
# "…," Nick Elsden, project manager from MOLA (…) told CNN.": no comma closes the role.
_AFTER_NAME_ROLE = re.compile(
    rf"^[\s,—–-]*(?P<np>{NAME}),\s+[^,.;:!?\"“”]{{1,90}}?\s+(?:{SPEECH_VERBS})\b"
)
_ACCORDING_AFTER = re.compile(r"according to\s+(?P<np>[^,.;:!?\"“”]{1,90})")
_ACCORDING_BEFORE = re.compile(r"according to\s+(?P<np>[^,.;:!?\"“”]{1,90}?)[\s,:]*$")
# The named subject of a verb of saying in the clause before "according to" a source.
_SAYER_BEFORE_SOURCE = re.compile(
    rf"(?:^|[.!?\u2063]\s+)(?P<np>{NAME})\s+(?:{SPEECH_VERBS})\b[^.!?;:\u2063]*,\s*$")
# 'Said the Pew report: "…"', 'Notes stylist Ann Roe of red carpets: "…"': the verb
# opening the sentence, its subject after it.
_OPENING_VERB_FIRST = re.compile(
    r"(?:^\s*|[.!?\u2063]\s+|\s\s)(?:Said|Says|Added|Adds|Wrote|Writes|Notes|Noted|Explains)\s+"
    r"(?P<np>(?:the|a|an|one|another)\s+[\w'’-]+(?:\s+[\w'’-]+)?|[A-Z][^:.!?\"“”]{1,80}?)"
    r"(?:\s+of\s+[a-z][^:.!?\"“”]*)?\s*[:,]\s*$")
_VERB_WORD = re.compile(rf"\b(?:{SPEECH_VERBS}|{_VERB_ING})\b")
# A sentence's subject, then its verb: "He turned", "Shane Warne continued".
_OPENING_SUBJECT = re.compile(
    rf"\s*(?P<np>He|She|They|{NAME})\s+(?:(?:also|[a-z]+ly)\s+)?(?:[a-z]+(?:ed|s)|went|took|came|made|gave|spoke|"
    r"wrote|told|left|sent|struck|hit|put|set|began|became|held|kept|ran|met|saw|won|lost|"
    r"said|got|brought|thought|stood|led|felt|had|did)\b")
# A subject after its roles: "Danish tennis star and swimsuit model Ann Roe also had".
_ROLES_SUBJECT = re.compile(
    rf"\s*[A-Z][a-z]+\s+(?:(?:[a-z-]+|[A-Z][a-z]+)\s+){{1,8}}?(?P<np>{NAME})\s+"
    r"(?:also\s+)?(?:[a-z]+ed|had|has|was|did|went|took|made|gave|wrote|told|posted)\b")
_CLAUSE_SUBJECT = re.compile(
    rf"(?P<np>(?:the|its)\s+[a-z]+|{NAME})\s+(?:(?:also|[a-z]+ly)\s+)?"
    r"(?:issued|released|said|posted|wrote|sent|put|added|told)\b")
# ("with Ward somewhat uncertainly telling": adverbs between the name and the participle)
_WITH_NAME = re.compile(
    rf"\bwith\s+(?P<np>{NAME})(?:\s+(?:[a-z]+ly|somewhat|also|still|then|again)){{0,2}}\s*$")
_INVERTED_BEFORE = re.compile(rf"\b(?:said|says|added|adds)\s+(?P<np>{NAME})\s*,\s*$")
_BREAK = re.compile(r"[.!?:;•]\s")
_OPENING_PRONOUN = re.compile(r"[\s\u2063]*(?:He|She)\b")
_VERB_COLON = re.compile(rf"\b(?:{SPEECH_VERBS}|{_VERB_ING})\s*:\s*$")
# 'said Ann Roe:' names the sayer, but in 'Ann Roe told BBC Sport:' the listener follows.
_TOLD = ("told ", "tells ")
_TOLD_NEXT = re.compile(r"[\s,—–-]*told\s")
_BEFORE_VERB_FIRST = re.compile(
    rf"\b(?:{SPEECH_VERBS})\s+(?P<np>(?:the|a|an)\s+[\w'’-]+(?:\s+[\w'’-]+)?|{NAME})"
    r"(?:,[^,.;:!?\"“”]{1,60})?\s*[:,]\s*$"
)
_ORG_RUN = re.compile(
    r"[A-Z][\w'’&\-]*(?:\s+(?:(?:and|of|for|&)\s+(?:the\s+)?)?[A-Z][\w'’&\-]*)*"
)
# "X said A but warned that …", "X said, noting that …": the later verb shares X.
_WHAT_NAME = re.compile(rf"\bwhat\s+(?P<np>{NAME})\s*$")
_COORDINATED = re.compile(
    rf"(?:(?:^|[\s,])(?:and|but)(?:\s+(?:also|then|later))?|\b(?:{SPEECH_VERBS}),)\s*$"
)
# A person's name opening an appositive: "Marisol Okafor-Lindqvist" but not "In London".
_PERSON_FIRST = re.compile(rf"(?!(?:In|On|At|For|By|With|From|After|Before|The|A|An)\b){NAME}")
_FOR_NAME_COLON = re.compile(rf"\s*For\s+(?P<np>{NAME}),[^:\"“”\u2063]{{1,150}}:\s*$")
_BEFORE_COLON = re.compile(r"(?P<np>[^,.;:!?\"“”]{1,80}?)\s*:\s*$")
# The subject opening a clause that ends in a colon: a word or two of role, the name, its
# verb ("Kell's president, Ann Roe condemned the attack"; not "The Kell fans can be heard
# chanting").
# After a dateline ("(CNN)") and "The" with a word or two of description ("The irrepressible
# Mario Balotelli has a message for his critics:"), the name must be a person's full name.
_COLON_SUBJECT = re.compile(
    r"\s*(?:[^()]{0,40}\([A-Z][\w.]*\)\s*(?:--?\s+)?)?(?P<the>[Tt]he\s+(?:[a-z-]+\s+){1,2})?"
    r"(?!(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hat|[Tt]hese|[Tt]hose)\s)(?:[A-Z]?[a-z-]+\s+){0,2}?"
    rf"(?P<np>{NAME})\s+(?:[a-z]+ly\s+)?[a-z]+(?:s|ed)\b")
# Both open with what they must match first (a capital, a stop), not with a look-back or a
# word boundary, so the scanner jumps from one capital or stop to the next instead of trying
# every position.
_INITIALS = re.compile(r"[A-Z](?<=\s[A-Z])\.(?:[A-Z]\.)*(?=\s+[A-Z])")
_TITLES_WITH_STOP = (
    "Mr Mrs Ms Dr Prof St Gen Gov Sen Rep Lt Col Sgt Capt Rev Hon Supt Insp Det Maj Cpl".split())
# A title's stop ("Dr." before a name): the stop, then a look-back for the title, one for the
# titles of each length (a look-back has a fixed width).
_TITLE_STOP = re.compile(
    r"\.(?:" + "|".join(title_stop_lookbacks(_TITLES_WITH_STOP, negative=False)) + r")(?=\s+[A-Z])")
# "Fox 5 DC", "KTLA 5": a capitalised name with a channel's number in it.
_NUMBERED_NAME = re.compile(
    r"\s*(?P<name>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*\s+\d{1,2}(?:\s+[A-Z][\w-]*){0,2})\s*")
# "said world No. 5 Murray": a ranking before the name is no part of the phrase.
_RANKING = re.compile(r"\b(?:[Ww]orld\s+)?No\.\s*\d+\s+(?=[A-Z])")
_CLAUSE = re.compile(r"[,;:(]|\b(?:that|and|but|while|as|when|after|because|which|who)\b")
_NATIONALITY = re.compile(r"(?:an|ese|ish|man|woman|Scot|Swede|Dane|Swiss|Briton|Greek|Thai)$")
_PERSON_PRONOUNS = frozenset({"he", "she", "his", "her"})
_GENDER_OF = {"he": "m", "his": "m", "she": "f", "her": "f"}
# Unnamed speakers ("a spokesman said"): never read as a role pointing back at a person.
_UNNAMED = frozenset("""
spokesman spokeswoman spokesperson statement official officials source sources aide aides
representative release report analyst analysts expert experts observers critics
authorities police investigators prosecutors witnesses residents
""".split())
_GROUP_PRONOUNS = frozenset({"it"})

# Roles of the person a story is about ("the agent added", "the artist says"); a relative,
# a friend or a neighbour is someone else.
_OCCUPATIONS = PERSON_ROLES - frozenset("""
twin son daughter wife husband brother sister mother father friend neighbor neighbour
""".split())
# Lower-case heads that name a person by role: "the American said", "the striker added".
_JOBS = frozenset("""
instructor host presenter comedian scientist researcher photographer producer filmmaker
businessman businesswoman
""".split())
_ROLE_NOUNS = (TITLES | _OCCUPATIONS | frozenset("""
winger forward singer rapper musician entrepreneur teenager woman man mother father
american briton scot frenchman principal correspondent reporter octogenarian nonagenarian
centenarian graduate alumnus alumna native rookie quarterback linebacker lineman
""".split()) | _JOBS) - _UNNAMED
_UNNAMED_OPENERS = frozenset({"a", "an", "the", "another", "one"})
_SPOKESPERSON_FOR = re.compile(
    r"\s*\w+\s+(?:[\w-]+\s+)?(?:spokesman|spokeswoman|spokesperson|representative)\s+"
    r"(?:for|of|at|from|with)\s")
# "representatives for Jon Hamm said": several unnamed people speak for him, not he.
_SPOKESPEOPLE = frozenset(
    "representatives reps spokesmen spokeswomen spokespeople spokespersons publicists".split())
_SPOKESPEOPLE_FOR = re.compile(
    r"\s*(?:(?:the|two|several|his|her|their)\s+)?(?:[\w-]+\s+)?"
    rf"(?:{'|'.join(_SPOKESPEOPLE)})\s+(?:for|of)\s")
_WHO_SUBJECT = re.compile(rf"(?P<np>\b[Tt]he\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?|{NAME}),\s+who\s*$")
_WHO_CLAUSE = re.compile(r",\s+who\s[^,.;:!?]+(?:,[^,.;:!?]+)?,\s*$")
# A subject, its verb and a few words leading to the verb of saying's "to".
_SUBJECT_THEN_TO = re.compile(
    rf"(?P<np>{NAME})\s+(?:[a-z]+ed|went|took|came|goes|go|began|rose|stood)\s+"
    r"(?:[\w'’-]+\s+){0,4}?to(?:\s+[a-z]+ly)?")
_WHO_CLAUSE_THEN = re.compile(
    r",\s+who\s[^,.;:!?]+,\s+(?=[a-z][\w'’-]*\s+(?:[\w'’-]+\s+){0,5}[\w'’-]*\s*$)")
_FORMER_NAME = re.compile(rf"(?:former|retired|late|then)[\s-]+{NAME}\s*$")
_BRACKETED = re.compile(r"\s*\([^()]*\)")
# Roles written before a name ("Kell manager Ann Roe", "chief instructor Ann Roe").
# ... including a spokesperson's, once a name follows ("Alaska Airlines spokeswoman Halley
# Knigge": the spokeswoman, named).
_ROLE_BEFORE_NAME = (PERSON_ROLES | _JOBS | frozenset(
    "critic columnist doctor nurse surgeon stylist designer strategist".split())) - _UNNAMED \
    | frozenset("spokesman spokeswoman spokesperson".split())
_ROLE_THEN_NAME = re.compile(rf"(?<![\w'’-])(?:[a-z]+-)?(?P<role>[a-z]+)\s+(?P<np>{NAME})")
_INDEFINITE = frozenset({"a", "an", "another", "one"})
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]+\b")
# Before a role: a preposition ("the wife of striker Ann Roe"), or a name joined by "and"
# ("Jo Lee and shadow chancellor Ann Roe": two people).
_OBJECT_WORD = re.compile(r"\b(?:of|for|to|with|by|from|at)\s|[A-Z][\w'’-]*\s+and\s")
# People a person's words point to as someone else: "his mother", "her attorney".
_ASSOCIATES = frozenset("""
mother father mom dad son daughter wife husband brother sister aunt uncle cousin grandmother
grandfather grandson granddaughter nephew niece parent parents stepfather stepmother widow
fiancee fiancée fiance fiancé girlfriend boyfriend partner friend neighbor neighbour attorney
lawyer publicist agent manager coach teammate colleague co-host co-star classmate roommate
assistant aide spokesman spokeswoman spokesperson boss
""".split())
_ORG_NOUNS = frozenset("newspaper paper agency ministry company firm group club magazine".split())
# What an organisation or a person issues: "An FBI statement", "the group's website".
_DOCUMENTS = (
    "statement|statements|release|report|poster|order|ruling|letter|website|filing|memo|"
    "notice|document|complaint|affidavit|indictment|lawsuit|tweet|post|email|message|"
    "announcement|bulletin|advisory|guidance|judgment|opinion|decision|blog"
)
_DOCUMENT_WORDS = frozenset(_DOCUMENTS.split("|"))
_DOCUMENT_FROM = re.compile(
    rf"\s*(?:an?|the)\s+(?:[a-z-]+\s+)?(?:{_DOCUMENTS})\s+from\s+the\s+(?:[a-z-]+\s+){{0,2}}?"
    rf"(?P<noun>{'|'.join(ORG_NOUNS)})\s*$")
_FAMILY = re.compile(
    rf"\s*(?:(?:an?|the)\s+)?(?P<name>[A-Z][\w'’-]+)\s+family(?:['’]s)?(?:\s+(?:{_DOCUMENTS})\b|\s*$)")
_OWNED_DOCUMENT = re.compile(
    rf"^\s*(?:(?:an?|the)\s+)?(?:(?P<owner>{NAME}(?:\s+(?:of|for|in|on|and)\s+(?:the\s+)?{NAME})?)|(?:the|its|their)\s+(?P<noun>{'|'.join(ORG_NOUNS)})['’]s)"
    rf"\s+(?:[a-z-]+\s+){{0,2}}?(?:{_DOCUMENTS})\b"
)
# "the offer on Spirit's website": the words of the page's owner.
_ON_OWNERS_DOCUMENT = re.compile(
    rf"^\s*(?:the|an?)\s+[a-z-]+\s+(?:on|from|in)\s+(?P<owner>{NAME})['’]s\s+"
    rf"(?:{_DOCUMENTS})\s*$")
_ACCORDING_COMMA = re.compile(
    rf"\b[Aa]ccording to\s+(?P<np>[^,.;:!?\"“”]{{1,90}}?),(?:(?P<appos>\s*{NAME}\s*),)?")
_ACCORDING_OPENS = re.compile(
    rf"\b[Aa]ccording to\s+(?P<np>(?:(?:the|an?)\s+)?(?:{NAME}\s+)?(?:[a-z-]+\s+)?"
    rf"(?:{_DOCUMENTS})|{NAME})\b")
# A passive report names its speaker after "by": "was told by his employer that …".
# 'translated by Kell Watch as "…"', 'described by the judge as "…"': the agent's words.
_BY_AGENT_AS = re.compile(
    rf"\b(?:described|translated|branded|labelled|labeled|dubbed|called)\s+by\s+"
    rf"(?P<np>(?:the|an?|his|her|its|their)\s+[\w'’-]+(?:\s+[\w'’-]+)?|(?:[a-z-]+\s+){{0,3}}{NAME})"
    r"\s+as\s*$")
_BY_AGENT = re.compile(
    rf"\b(?:told|notified|informed|warned|assured|advised|reminded)\s+by\s+"
    rf"(?P<np>(?:the|an?|his|her|its|their)\s+[\w'’-]+(?:\s+[\w'’-]+)?|{NAME})"
    r"\s+that\b[^.!?:\"“”]*$")
# "Phil Smith, M.D., medical director": a degree after a name is no part of the phrase.
_DEGREE = re.compile(r",\s+(?:M\.D|Ph\.D|D\.O|R\.N|Esq|M\.P|J\.D)\.(?=,)")
_NAME_APPOSITIVE = re.compile(rf"\s*(?P<np>{NAME}),\s+[^.!?;:\"“”\u2063]{{3,200}},\s*$")
# "said Pratchett -- who spoke out about his illness -- had …": not the sentence's verb.
_RELATIVES = ("who ", "which ")
_ROLE_APPOSITIVE = re.compile(r",\s+(?:a|an|the|his|her|their)\s+[a-z]")
_ROLE_WORDS_NAME = re.compile(rf"(?:[a-z][\w'’-]*\s+){{1,5}}(?P<np>{NAME})")
_DASH = re.compile(r"\s+(?:--|—|–|-)\s+")
_POSTS = re.compile(r"\b(?:tweets?|posts?)\b")
# '"…," the statement read.': a document's words, in the past tense ("read" is no verb of
# saying elsewhere: "Ann Roe read a poem"). A definite or qualified document whose owner is
# not named ("their statement", "a comment on a page in her name") is read from context;
# "one letter read" has no named writer.
_DOCUMENT_READ = re.compile(
    rf"\s*(?P<np>(?P<det>the|its|his|her|their|an?|one|another|[A-Z][\w'’-]*['’]s?)\s+"
    rf"(?:[a-z-]+\s+)?(?:{_DOCUMENTS}|note|comment|description|listing)"
    rf"(?P<qualified>\s+(?:from|on|in)\s+[^,.;:!?]{{1,60}}?)?)\s+read\b")
_UNNAMED_DETS = frozenset({"a", "an", "one", "another"})
_SIGNS = frozenset("sign signs banner banners placard placards caption card note".split())
_DETERMINERS = tuple(f"{c}{w} " for w in "the a an its his her their our".split()
                     for c in " \u2063(")
_QUOTED_AS_HEAD = re.compile(
    r"\s+(?:was|is|were|are|been|being)\s+quoted\s+(?:[\w'’-]+\s+){0,5}?as\s*$")
_QUOTED_AS = re.compile(rf"\bquoted\s+(?P<np>{NAME})(?:\s+as\b|\s*$)")
# "they've been told the odds are …": a passive verb reports no one's speech.
_PASSIVE = re.compile(r"\b(?:been|was|were|being|be|is|are|get|got|gets)\s+$")


_STOP_WORDS = stop_words()

# Patterns the functions below use, compiled once (a pattern built or looked up per call
# costs more than most of the matches).
_WORDS_OF = re.compile(r"[\w'’\-]+")
_LEADING_THE = re.compile(r"^The\s+")
_OWN_PAGE = re.compile(
    r"^(?:a|an|the)\s+(?:[\w-]+\s+)?(?:statement|post|message|note|posting)\s+"
    r"(?:on|from)\s+(?P<pro>his|her)\s+(?:official\s+)?(?:website|web\s+site|blog|page|account)$")
_AFTER_OWNER = re.compile(r"(?<=['’]s)\s+|(?<=s['’])\s+")
_NAME_COMMA = re.compile(rf"\s*({NAME})\s*,")
_AGED = re.compile(r"\d+-year-old")
_ORG_JOIN = re.compile(r"\s+(?:and|of|for|&)\s+(?:the\s+)?")
_OWNER_JOIN = re.compile(r"\s+(?:of|for|in|on|and)\s+")
# A police force by its name: "Los Angeles Police", "the Kell Police Department".
_FORCE_TAIL = r"\s+Police(?:\s+(?:Department|Service|Force|Bureau|Office))?"
_NAMED_FORCE = re.compile(
    rf"(?<![\w'’-])(?!The\b)[A-Z][\w'’-]*(?:\s+(?!The\b)[A-Z][\w'’-]*){{0,3}}{_FORCE_TAIL}"
    r"(?![\w'’-])")
_ANY_STOP = re.compile(r"[!?]|(?<!\b[A-Z])\.")  # (not the stops of "U.S.")
_PAIR = re.compile(rf"\s*(?:both\s+)?{NAME}\s+and\s+{NAME}\s*")
# A sentence whose subject is two people, after an opening clause ending in a comma at most.
_PAIR_SUBJECT = re.compile(
    rf"\s*(?:[^,.]+,\s+)?(?P<first>{NAME})\s+and\s+(?P<second>{NAME})\s+(?:also\s+)?[a-z]+")
_TRAILING_AUX = re.compile(rf"{_AUX}\s*$")
_BARE_NUMBER = re.compile(r"\s*\d+\s*")
_CAPITAL_WORD = re.compile(r"\b[A-Z]")
_HANDLE = re.compile(r"(?<![\w@])@\w{2,}")
_NAME_ALONE = re.compile(rf"\s*({NAME})\s*")
_ARTICLE_START = re.compile(r"(?:the|a|an)\s")
_BARE_DOCUMENT = re.compile(rf"\s*(?:the|an?)\s+(?:[a-z-]+\s+)?(?:{_DOCUMENTS})\s*")


class Attribution(NamedTuple):
    """What the context says about a quote's speaker."""

    found: bool  # an attribution pattern matched (its speaker may still be unnamed)
    speaker: str | None = None


class _Context(NamedTuple):
    """What attribution knows besides the words around a quote (a named tuple: one is made
    for every quote, and a frozen dataclass costs several times more to make)."""

    book: NameBook
    sentence_start: int  # where the quote's sentence begins, for resolving "he" and "the Scot"
    previous: str | None  # the speaker of the quote just before, for "he added" and "it added"
    follows_quote: bool = False  # a quote came just before (its speaker may be unnamed)
    quote_start: int = 0
    it_previous: str | None = None  # the last quote's speaker, however far back, for "it"


def speaker_of(phrase: str, ctx: _Context) -> str | None:
    """The named person (or organisation) a subject phrase stands for, else None."""
    words = _WORDS_OF.findall(phrase)
    if not words:
        return None
    if words[0][:1].isupper() and any(w.isdigit() for w in words[1:]):
        station = _NUMBERED_NAME.fullmatch(phrase)
        if station and (not words[-1].isdigit() or any(w.isupper() for w in words)):
            # "tweets Fox 5 DC", "KTLA 5", "Il Sole 24 Ore": the number is in the name (but
            # "Isaiah 53:7 says" is a book's chapter, not a name).
            return station["name"]
    if words[-1] in ("Weekly", "Monthly", "Magazine"):
        masthead = _MAGAZINE.fullmatch(_LEADING_THE.sub("", phrase.strip()))
        if masthead:
            return masthead[0]  # "Us Weekly said": the magazine ("Us" is no stop word here)
    if words[-1].islower() and words[0][:1].isupper():
        placed = _NAME_THEN_PLACE.match(phrase)
        name = clean_name(placed["np"]) if placed else None
        if name and not is_org(name) and " " in ctx.book.full(name):
            # "said Spacey at the premiere": the name, not a role ending in "premiere".
            phrase = placed["np"]
            words = _WORDS_OF.findall(phrase)
    lower = [w.lower() for w in words]
    if "@" in phrase and not _CAPITAL_WORD.search(phrase):
        handle = _HANDLE.search(phrase)
        if handle:
            return handle[0]  # "one person with the handle @gablio posted": the poster
    if "family" in lower:
        family = _FAMILY.match(phrase)
        if family:
            # "according to a Fraser family statement", "the Smith family said": the family
            # speaks together, not the one of them the story is about.
            return family["name"].rstrip("'’") + " family"
    if lower[0] in ("his", "her", "their") and len(words) > 2 and words[1].islower() \
            and words[1].endswith(("'s", "’s")):
        # "his publicist's statement said": the publicist's words, and the publicist is
        # the one the article gave as "his publicist, Ann Roe", else no one named.
        return ctx.book.associate(lower[0], words[1][:-2], ctx.quote_start)
    if lower[0] in ("his", "her") and len(words) > 1:
        associate = next((w for w in lower[1:3] if w in _ASSOCIATES), None)
        if associate is not None and words[1].islower():
            # "his mother said": someone else than "he"; the one named in the phrase ("his
            # attorney Bert Fulk") or the one the article gave that way ("Ann Roe, his
            # mother"), else no one named.
            if not _CAPITAL_WORD.search(phrase, 4):
                return ctx.book.associate(lower[0], associate, ctx.quote_start)
            lower[0] = "the"  # the name in the phrase, below
    if lower[-1] in _PERSON_PRONOUNS or (lower[0] in {"his", "her"} and len(words) <= 4):
        # "Clare Balding ... took to Twitter: '…,' she tweeted": the sentence's own subject;
        # but a sentence opening with "He" is about someone named before it.
        gender = _GENDER_OF.get(lower[-1]) if lower[-1] in _PERSON_PRONOUNS \
            else _GENDER_OF.get(lower[0])
        same = None
        if not _OPENING_PRONOUN.match(ctx.book.reporter, ctx.sentence_start):
            # The sentence's subject comes before the pronoun: in 'he replied that Putin
            # "…"' Putin is the reported clause's subject, not the one "he" stands for.
            said_at = _last_word(ctx.book.reporter, lower[-1] if lower[-1] in _PERSON_PRONOUNS
                                 else lower[0], ctx.sentence_start, ctx.quote_start)
            same = ctx.book.first_between(ctx.sentence_start, said_at, subject=True)
        if same and ctx.book.gender(same) in (None, gender):
            return same
        if same is None and _after_unnamed_sayer(ctx):
            return None  # 'A spokesman said the find was big. But he added: "…"'
        if ctx.follows_quote and not (ctx.previous and ctx.book.is_body(ctx.previous)) \
                and (ctx.previous is None or ctx.book.gender(ctx.previous) in (None, gender)):
            return ctx.previous  # (a body's words are not continued by "he", nor a man's by "she")
        # 'Mr Brown's plans are a con, the Tory leader said. "…," he said': the one the
        # sentence before reports speaking at its end, not the first it names.
        sayer = _closing_sayer(ctx)
        if sayer is not None and ctx.book.gender(sayer) in (None, gender):
            return sayer
        person = ctx.book.last_person_before(ctx.sentence_start, gender)
        if person is not None and ctx.it_previous not in (None, person) \
                and ctx.book.asker_before(ctx.sentence_start) == person:
            # 'Is he running, Ann Roe asked, for the seat? "…," he said': the interviewer
            # asked; "he" answers, the person quoted before.
            return ctx.it_previous
        return person
    if len(words) > 2 and lower[0] in _UNNAMED_OPENERS \
            and ("spokes" in phrase or "representative" in phrase) \
            and _SPOKESPERSON_FOR.match(phrase) and not _NAME_COMMA.search(phrase):
        # "a spokesman for the Kell Bank": an unnamed speaker, not the bank.
        return None
    if len(words) > 2 and not _SPOKESPEOPLE.isdisjoint(lower[:3]) \
            and _SPOKESPEOPLE_FOR.match(phrase) and not _NAME_COMMA.search(phrase):
        # "representatives for Hamm said in a statement": unnamed, not the one they speak for.
        return None
    if lower[:2] == ["the", "same"] and len(words) <= 3:
        return ctx.it_previous  # "the same person wrote": the one quoted last
    if lower[0] in _UNNAMED_OPENERS and not _SIGNS.isdisjoint(lower[1:4]):
        return None  # "a sign held up by a girl from China": whoever wrote it is unnamed
    if lower in (["police"], ["the", "police"]):
        # "police said": the force, if the article names one force in full ("turned himself
        # in to Los Angeles Police"), else no one named.
        forces = {m[0] for m in _NAMED_FORCE.finditer(ctx.book.reporter)}
        return forces.pop() if len(forces) == 1 else None
    if len(words) == 1 and lower[0] in _UNNAMED:
        return None  # "Authorities called the shooting …"
    if lower[-1] == "police" and words[-1] == "police" and len(words) <= 3 \
            and words[0][:1].isupper() and lower[0] != "the":
        # "Charlotte police said": the force the article names in full ("the
        # Charlotte-Mecklenburg Police Department"), else the police as written.
        place = " ".join(words[:-1])
        named = re.search(
            rf"(?<![\w-]){re.escape(place)}[\w-]*(?:\s+[A-Z][\w'’-]*)*{_FORCE_TAIL}\b",
            ctx.book.reporter)
        return named[0] if named else f"{place} police"
    if len(words) == 2 and lower[0] == "their" and lower[1] in _DOCUMENT_WORDS:
        # 'Jean and Robert Gorney accused the church … "…," their post said': the two the
        # sentence before has as its subject.
        pair = _pair_subject_before(ctx)
        if pair is not None:
            return pair
    if lower == ["they"]:
        # '"…," Ann Roe and Bo Lee wrote. … "…," they wrote': the pair quoted last.
        # '…, West Midlands police said. "…," they said in a statement': a body (a
        # police force, a company) reported speaking just before.
        last = ctx.previous or ctx.it_previous
        if last and " and " in last and not ctx.book.is_body(last):
            return last
        body = _it_sayer(ctx)  # (a body, not a plural such as "the MPs")
        return body if body and (is_org(body) or ctx.book.is_body(body)) else None
    if lower[-1] in _GROUP_PRONOUNS:
        # '"…," it says.' after 'the order states': the body named last; with no quote
        # before, the body the reporter last reported speaking ('Sony has said …').
        return ctx.previous or ctx.it_previous or _it_sayer(ctx) or _statement_issuer(ctx)
    quoted = _QUOTED_AS.search(phrase) if "quoted" in lower else None
    if quoted and clean_name(quoted["np"]):
        # "A news report quoted Director Ann Roe as noting that": Ann Roe speaks.
        return ctx.book.full(clean_name(quoted["np"]) or "", fuzzy=True)
    own_page = _OWN_PAGE.match(phrase) if "his" in lower or "her" in lower else None
    if own_page:
        # "a statement on her website said": the person the pronoun stands for.
        return ctx.book.last_person_before(ctx.sentence_start, _GENDER_OF[own_page["pro"]])
    owned = _OWNED_DOCUMENT.match(phrase) if _DOCUMENT_WORDS.intersection(lower) else None
    sent = _DOCUMENT_FROM.match(phrase) if owned is None and "from" in lower else None
    if sent:
        # "a release from the police department said": the body whose name the article
        # gave with the noun ("the Detroit Police Department"), else no one named.
        body = ctx.book.last_org_before(ctx.quote_start, sent["noun"])
        return body if body and sent["noun"] in body.lower().split() else None
    page = _ON_OWNERS_DOCUMENT.match(phrase) \
        if owned is None and _DOCUMENT_WORDS.intersection(lower) else None
    if page:
        return _owner_speaker(page["owner"], ctx)  # "the offer on Spirit's website"
    if owned:
        # "An FBI statement", "according to an FBI wanted poster", "the group's website".
        if owned["noun"]:
            return ctx.book.last_org_before(ctx.quote_start, owned["noun"])
        raw = owned["owner"]
        if " " in raw and not is_org(raw):
            # "a Partners in Health statement", but "Corker on Sunday released a statement".
            raw = _OWNER_JOIN.split(raw, maxsplit=1)[0]
        owner = _owner_speaker(raw, ctx)
        if owner:  # "University President Ann Roe issued a statement", "An FBI statement"
            return owner
    if lower[0] == "the" and lower[-1] in _DOCUMENT_WORDS and len(words) <= 3 \
            and phrase.islower() and "'" not in phrase and "’" not in phrase:
        # "said the report": the issuer the article named with it ("a World Bank report"),
        # else the body quoted just before ('"…," the ministry said in a statement. "…,"
        # the statement said').
        issuer = _issuer(lower[-1], ctx)
        if issuer is None and lower[-1] in _POSTED:
            # '…, the band posted on its Facebook page. "…," said the post': whoever posted.
            posters = list(_POSTED[lower[-1]].finditer(
                ctx.book.reporter, max(0, ctx.quote_start - _UNNAMED_REACH), ctx.quote_start))
            if posters:
                return speaker_of(posters[-1]["np"], ctx)
        if issuer is None and ctx.it_previous and ctx.book.is_body(ctx.it_previous):
            return ctx.it_previous
        return issuer
    if lower[0] == "the" and lower[-1] == "office" and 3 <= len(words) <= 4 \
            and phrase.islower() and POSSESSIVE.search(words[-2]):
        # "the sheriff's office said": the office the article named ("the Marin County
        # Sheriff's Office"), else no one named.
        office = ctx.book.last_org_before(ctx.quote_start, "office")
        owner = POSSESSIVE.sub("", words[-2]).title() + "'s"
        return office if office and owner in office.replace("’", "'").split() else None
    if lower[0] == "the" and lower[-1] in ORG_NOUNS and len(words) <= 3 \
            and all(w.islower() for w in words[1:]):
        # "the club told …", "the space agency said": the organisation the article named,
        # else the body quoted last ("…," it said. … "…," the company said).
        return ctx.book.last_org_before(ctx.quote_start, lower[-1], within=1000) or (
            ctx.it_previous if ctx.it_previous and ctx.book.is_body(ctx.it_previous) else None)
    if lower[0] == "the" and lower[-1] in ORG_NOUNS and words[-1].islower() \
            and 3 <= len(words) <= 4 and words[1][:1].isupper() \
            and all(w.islower() for w in words[2:]):
        # "The Philippine foreign ministry said": the body as the article names it.
        return " ".join(words[1:])
    # "The Rail and Road Transport Workers' Federation", "Bank of Veldria": one organisation.
    orgs = [m for m in _ORG_RUN.finditer(phrase) if _is_org_run(m[0], ctx.book)] \
        if _may_join(phrase) else []
    names: list[tuple[int, str]] = []
    for match in NAME_RE.finditer(phrase):
        org = next((m for m in orgs if m.start() <= match.start() < m.end()), None)
        if org is not None:
            name = _LEADING_THE.sub("", org[0]).replace("’", "'")
            if not names or names[-1][1] != name:
                names.append((org.start(), name))
            continue
        run = match.group(0)
        if POSSESSIVE.search(run):
            continue  # "South Korea's newspaper": the owner is not the speaker
        if phrase.startswith(" police ", match.end()) and match.end() + 8 < len(phrase):
            continue  # "Palm Bay police Lt. Mario Augello": the force's place, not a person
        skip = portfolio_end(phrase, match.start(), run)
        if skip:
            run = run[skip:]  # "Commissioner for Human Rights Zeid Ra'ad Al Hussein"
            if not run:
                continue
        # "CNN's Eliott C. McLaughlin": the name after an owner's possessive.
        raw = _AFTER_OWNER.split(run)[-1] if "'" in run or "’" in run else run
        name = clean_name(raw)
        if name is None and len(raw) > 3 and raw in ctx.book.full_by_surname \
                and not phrase.startswith(".", match.end()):
            # "Bishop told the parliament" after "Foreign Minister Julie Bishop": a surname
            # that is also a title.
            name = ctx.book.full_by_surname[raw]
        if name and name[0] in "SW" and name.startswith(GIVEN_STOP_WORDS) \
                and not any(full == name for _, full in ctx.book.mentions):
            # 'Said Roe: "…"' opening a sentence is the verb; "according to Said Roe" is a
            # given name, as the article wrote it mid-sentence.
            name = name.split(" ", 1)[1]
        if name is None or is_org(name) or len(ctx.book.full(name).split()) < 2:
            name = clean_name(run)  # "Alzheimer's Society" is one name
        if name and is_org(name):
            # "the Justice Department": a body keeps the words a person's title would lose.
            name = _owned_body(clean_org(run) or name)
        if name:
            names.append((match.start(), name))
    named = _NAME_COMMA.match(phrase) if "," in phrase else None  # (most phrases hold none)
    if named and clean_name(named.group(1)):
        # "Jo Smith, a spokeswoman for X, said": the name comes first, set off by a comma.
        return ctx.book.full(clean_name(named.group(1)) or "")
    if (len(names) > 1 or (names and words[-1].islower())) \
            and (not _ROLE_BEFORE_NAME.isdisjoint(lower)
                 or ("-" in phrase and any(w.rsplit("-", 1)[-1] in _ROLE_BEFORE_NAME
                                           for w in lower if "-" in w))):
        # "City manager Ann Roe", "said Borton manager Ann Roe of the defeat", "Rice family
        # co-counsel Walter Madison": the name right after a person's role is the person,
        # not the body before it or the noun after.
        role_named = _role_named(phrase) if lower[0] not in _INDEFINITE else None
        if role_named:
            return ctx.book.full(role_named, fuzzy=True)
    if len(words) >= 4 and lower[0] == "the" and lower[2] == "of" and lower[1] in _ROLE_NOUNS \
            and phrase.islower():
        # "the star of the hit television show said": the role before "of" is the subject.
        return speaker_of(f"{words[0]} {words[1]}", ctx)
    head = words[-1]
    if len(words) == 2 and lower[0] == "the" and lower[1] in _SPELLED_TITLES:
        # "to which the doctor responded" after "Dr. Phil McGraw", "the senator said" after
        # "Sen. Ann Roe": the one person the article titles so, spelt out or short; a doctor
        # it never titles is someone unnamed (a patient's), anyone else the role rule's.
        titled = ctx.book.all_titled([_SPELLED_TITLES[lower[1]]]) \
            | ctx.book.all_titled([lower[1]])
        if len(titled) == 1:
            return titled.pop()
        if lower[1] == "doctor":
            return None
    # "the King told Zakaria", "the Prime Minister said": a capitalised title is a role too.
    titled_role = lower[0] == "the" and 2 <= len(words) <= 4 and not head.islower() \
        and all(w in TITLES and v in (w.title(), w.upper())  # "the CEO said"
                for w, v in zip(lower[1:], words[1:], strict=True))
    if (head.islower() or titled_role) and lower[-1] not in _ORG_NOUNS:
        # "A spokesman for Michael Howard", "NATO foreign ministers", "the American": an
        # unnamed speaker, unless the role points back at the person the story is about.
        role = lower[-1] in _ROLE_NOUNS or _AGED.fullmatch(lower[-1])
        if titled_role and len(words) == 2:
            # "the King told Zakaria": the person the story is about if the article titles
            # them so, else the one person it does, else the person the story is about.
            last = ctx.book.last_person_before(ctx.sentence_start)
            titled = ctx.book.all_titled(lower)
            if last in titled or len(titled) != 1:
                return last
            return titled.pop()
        if lower[0] == "the" and (3 <= len(words) <= 5 or titled_role) \
                and lower[-1] in TITLES:
            # "the Iranian foreign minister said": the person the article titles "Foreign
            # Minister" before the name, wherever it does.
            titled = ctx.book.titled(lower)
            if titled:
                return titled
        # "the 39-year-old actor and humanitarian said": an age points back at the person
        # the story is about, whatever the roles after it.
        aged = lower[0] == "the" and 2 < len(words) <= 7 and _AGED.fullmatch(lower[1]) is not None
        # "the North High School principal told": a role at a body the article names.
        at_body = len(words) > 4 and all(w[:1].isupper() for w in words[1:-1])
        if (lower[0] in ("the", "our") and (len(words) <= 4 or at_body) and role) or aged:
            if _introduced_unnamed(lower[-1], ctx):
                return None  # "a snowplow driver, who saw it …" then "the driver said"
            if lower[0] == "the" and len(words) >= 3 and not aged:
                # "the Tory leader said": the person the article introduced as "Tory
                # leader Michael Howard", if it did.
                introduced = ctx.book.introduced_as(" ".join(phrase.split()[1:]))
                if introduced:
                    return introduced
            return ctx.book.last_person_before(ctx.sentence_start)
        return None
    if lower[0] == "the" and len(words) <= 3 and _NATIONALITY.search(words[-1]):
        return ctx.book.last_person_before(ctx.sentence_start)
    if not names:
        return None
    # (A nationality alone is no one, "says Brazilian fan Melissa" is Melissa, unless the
    # article gave it as a surname: "French said" after "guitarist Jay Jay French".)
    people = [n for _, n in names if not is_org(n) and (
        n not in NATIONALITIES or len(ctx.book.full(n).split()) > 1)]
    # "Senior curator Benedikt Aarnio": a lone capitalised word the article never gives as
    # part of a full name is a role opening the sentence, not the speaker.
    full = [n for n in people if len(ctx.book.full(n).split()) > 1]
    if len(people) == 2 and len(names) == 2 and _PAIR.fullmatch(phrase):
        # "Elizabeth Kneebone and Natalie Holmes wrote": the two speak jointly.
        return _jointly(people, ctx)
    if people:
        person = ctx.book.full((full or people)[0], fuzzy=True)
        # "Blue Bell said" after "Blue Bell Creameries": a company, by its fullest name.
        return ctx.book.with_trade(person) if " " in person else person
    return ctx.book.full_org(names[-1][1])


# A clause closing a sentence with its sayer: "…, the Tory leader said."
_CLOSING_VERBS = ("said", "says", "added", "argued", "insisted", "claimed")
_CLOSING_SAYS = re.compile(
    r",\s+(?P<np>(?:the\s+)?[A-Za-z][\w'’.-]*(?:\s+[A-Za-z][\w'’.-]*){0,4}?)\s+"
    rf"(?:{'|'.join(_CLOSING_VERBS)})[.!?]\s*$")


@lru_cache(maxsize=16)
def _word_pattern(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'’-]){word}(?![\w'’-])", re.IGNORECASE)


def _last_word(text: str, word: str, start: int, end: int) -> int:
    """Where the word last stands whole in text[start:end]; `end` if nowhere."""
    found = end
    for match in _word_pattern(word).finditer(text, start, end):
        found = match.start()
    return found


def _closing_sayer(ctx: _Context) -> str | None:
    """Who the reporter's sentence just before the quote's says spoke, in a clause closing
    it ('…, the Tory leader said.', '…, Mr Howard said.'): the person, else None."""
    reporter = ctx.book.reporter
    tail = reporter[max(0, ctx.sentence_start - 14) : ctx.sentence_start]
    if not any(verb in tail for verb in _CLOSING_VERBS):
        return None  # (most sentences end otherwise: spare the pattern's scan)
    match = _CLOSING_SAYS.search(reporter, max(0, ctx.sentence_start - 300), ctx.sentence_start)
    if match is None:
        return None
    np = match["np"]
    lower = np.lower().split()
    if lower[0] == "the":
        if len(lower) > 4 or not all(w.isalpha() for w in lower):
            return None
        return ctx.book.introduced_as(" ".join(np.split()[1:]))
    runs = list(NAME_RE.finditer(np)) if lower[0] not in _PERSON_PRONOUNS else []
    # "CNN aviation correspondent Richard Quest", "Roy's friend Michael De Dora": the name
    # closing the phrase.
    name = clean_name(runs[-1][0]) if runs and runs[-1].end() == len(np) else None
    if name is None or is_org(name):
        return None
    full = ctx.book.full(name, fuzzy=True)
    return full if " " in full else None


# Verbs that quote the words they judge: 'Ann Roe condemned the "so-called treaty"', 'Jo
# Lee has dismissed the Budget as "vote now, pay later" spending plans'.
_JUDGING_SUBJECT = re.compile(
    rf"[\s\u2063]*(?:[\w'’-]+\s+){{0,3}}?(?P<np>{NAME})\s+(?:(?:has|had|have|also|again)\s+)*"
    r"(?:condemn|dismiss|denounc|describ|brand|label|criticis|criticiz|prais|hail|slamm?|"
    r"blast|welcom|reject|attack)(?:ed|es|s|e)?\b[^.!?]*$")


# The rest of a quote's own sentence, closing with its sayer: '" during their careers, the
# statement said.', '" of ISIS, Jassem Emwazi told the newspaper.'
_CLOSING_CLAUSE = re.compile(
    r"[^.!?;:\"“”\u2063]{0,120}?,\s+(?P<np>(?:the\s+)?[A-Za-z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*){0,4}?)"
    r"\s+(?:said|says|added|reported|stated|told\s[^.!?;:\"“”\u2063]{1,60})\s*[.!?]")


def closing_attribution(after: str, ctx: _Context) -> str | None:
    """The speaker a clause closing the quote's own sentence names, for a quotation inside
    the reporter's words ('The stars "made France shine" during their careers, the
    statement said.'), else None."""
    match = _CLOSING_CLAUSE.match(after)
    if match is None:
        return None
    np = match["np"].lower()
    if np in _GENDER_OF:
        # 'Mr Blair has "the same passion" as in 1997, he said': not the person the
        # sentence names, but the one named before it.
        return ctx.book.last_person_before(ctx.sentence_start, _GENDER_OF[np])
    return speaker_of(match["np"], ctx)


def judging_subject(book: NameBook, sentence_start: int, quote_start: int) -> str | None:
    """The person opening the quote's sentence, if a verb that quotes what it judges follows
    ('NATO Secretary General Jens Stoltenberg condemned the "so-called treaty"'), else None."""
    match = _JUDGING_SUBJECT.match(book.reporter, sentence_start, quote_start)
    if match is None or POSSESSIVE.search(match["np"]):
        return None
    name = clean_name(match["np"])
    return book.full(name, fuzzy=True) if name and not is_org(name) else None


# "Mr MacKenzie's suggestion that young drunks should "be given a good beating"": the
# words of the person whose remark the reporter's sentence reports.
_POSSESSIVE_REMARK = re.compile(
    rf"(?P<np>{NAME})['’]s\s+(?:[a-z-]+\s+){{0,2}}?(?:suggestion|claim|remark|comment|"
    r"assertion|argument|warning|promise|pledge|insistence|description|plea|advice|reply|"
    r"response|words)s?\b(?=[^.!?]*$)")


def possessive_sayer(book: NameBook, sentence_start: int, quote_start: int) -> str | None:
    """The person whose remark the quote's sentence reports, named in the possessive before
    the quotation with no one else named between ('by Mr MacKenzie's suggestion that …
    should "…"'), else None."""
    sentence = book.reporter[sentence_start:quote_start]
    if "'s " not in sentence and "’s " not in sentence:
        return None
    found = None
    for match in _POSSESSIVE_REMARK.finditer(book.reporter, sentence_start, quote_start):
        found = match
    if found is None or book.first_between(found.end(), quote_start) is not None \
            or _VERB_WORD.search(book.reporter, found.end(), quote_start) \
            or "pointing out" in book.reporter[found.end() : quote_start]:
        return None  # (not 'Falwell picked up on Cruz's assertion, pointing out that "…"')
    name = clean_name(found["np"])
    return book.full(name, fuzzy=True) if name and not is_org(name) else None


# A sentence opened by an unnamed sayer: "A spokesman said the find was big."
_UNNAMED_SAYER = re.compile(
    r"[\s\u2063]*(?:(?:But|And|However,)\s+)?(?:A|An|One|Another)\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:spokesman|spokeswoman|spokesperson|official|source|representative|aide)\b[^.!?]*?"
    r"\b(?:said|says|told|added)\b")


def _after_unnamed_sayer(ctx: _Context) -> bool:
    """Whether the reporter's sentence just before the quote's opens with an unnamed sayer
    and names no one ('A spokesman said the company's find was big.'): "he" is that sayer."""
    begin = ctx.book.sentence_before(ctx.sentence_start)
    if begin >= ctx.sentence_start or ctx.sentence_start - begin > 600:
        return False
    return _UNNAMED_SAYER.match(ctx.book.reporter, begin, ctx.sentence_start) is not None \
        and ctx.book.first_between(begin, ctx.sentence_start) is None


# A sentence opened by a pronoun that speaks or is spoken of: "He urged Russia to …", "He is
# also writing a script."
_PRONOUN_SAYS = re.compile(
    rf"[\s\u2063]*(?:But\s+|And\s+)?(He|She)\s+(?:(?:also|later|then)\s+)?(?:{SPEECH_VERBS}|is|was|has)\b")


def pronoun_sayer(ctx: _Context) -> str | None:
    """For a quotation with no attribution after a sentence opening 'He urged Russia to …' or
    'He is also writing …': the person that "he" stands for there, else None."""
    begin = ctx.book.sentence_before(ctx.sentence_start)
    match = _PRONOUN_SAYS.match(ctx.book.reporter, begin, ctx.sentence_start)
    if match is None:
        return None
    return speaker_of(match[1], ctx._replace(sentence_start=begin, quote_start=begin,
                                             follows_quote=False, previous=None))


# A name, then where or when it spoke: "Spacey at the premiere", "Roe after finishing".
_NAME_THEN_PLACE = re.compile(
    rf"\s*(?P<np>{NAME})\s+(?:(?:at|in|on|during|after|before|outside|inside|while|when)\s+"
    r"(?:the|a|an|his|her|their)\b|(?:after|before|while|when)\s+[a-z]+ing\b)")
# After a quote: "Stripes quoted Childs as saying".
_AFTER_QUOTED_NAME = re.compile(
    rf"^[\s,—–-]*[^,.;:!?\"“”]{{1,60}}?\s+quoted\s+(?P<np>{NAME}|him|her)\s+as\s+"
    r"(?:saying|telling|asking|writing)\b")
# After a quote, a comma between the name and its verb: "spokesman Craig Childs, said".
_STRAY_COMMA = re.compile(r"^([\s,—–-]*[A-Z][^,.;:!?\"“”]{1,60}[a-z]),(?=\s+(?:said|told)\b)")
_IT_REACH = 600
_SAYER = re.compile(
    rf"(?<![\w'’-])(?P<np>{NAME}(?:\s+police)?)(?:\s+\([^()]{{1,80}}\))?"
    rf"\s+(?:(?:has|had|also|have)\s+)?(?:{SPEECH_VERBS})\b"
    r"(?P<it>\s+(?:that\s+)?its?\b)?")


def _it_sayer(ctx: _Context) -> str | None:
    """The body a reporter's sentence shortly before the quote says spoke, for "it said"
    ('Sony has said the game is late.', 'Kell Rovers has warned it will go bankrupt'): not a
    person the article names, unless "it" follows its verb."""
    reporter = ctx.book.reporter
    lo = max(0, ctx.quote_start - _IT_REACH)
    found = None
    for match in _SAYER.finditer(reporter, lo, ctx.quote_start):
        name = clean_org(POSSESSIVE.sub("", match["np"]))
        if not name or name.lower() in _STOP_WORDS:
            continue
        person = clean_name(match["np"])
        if match["it"] or is_org(name) or person is None or (
                " " not in person and not any(full == person for _, full in ctx.book.mentions)):
            found = name
        else:
            found = None  # a person spoke since
    return ctx.book.full_org(found) if found else None


def _statement_issuer(ctx: _Context) -> str | None:
    """For "it said" with no body reported speaking: the issuer of the statement named
    shortly before ('In a statement from Lycos Europe …, the company denied …'), a body
    from then on."""
    reporter = ctx.book.reporter
    at = reporter.rfind("statement", max(0, ctx.quote_start - _IT_REACH), ctx.quote_start)
    by = _issued_by("statement").match(reporter, at) if at >= 0 else None
    if by is None or POSSESSIVE.search(by["owner"]):
        return None
    # "it" tells that the issuer is a body, whatever its name looks like ("Kell Europe").
    issuer = _owner_speaker(by["owner"], ctx) or clean_org(by["owner"])
    if issuer:
        ctx.book.mark_body(issuer)
    return issuer


def _role_named(phrase: str) -> str | None:
    """The person named right after a lower-case role in a phrase ('Kell manager Ann Roe'),
    unless a preposition comes first ('the wife of striker Ann Roe')."""
    for match in _ROLE_THEN_NAME.finditer(phrase):
        if match["role"] in _ROLE_BEFORE_NAME:
            if _OBJECT_WORD.search(phrase, 0, match.start()) \
                    or len(_LOWER_WORD.findall(phrase, 0, match.start())) > 4:
                return None  # "a poster showing Ann Roe and shadow chancellor Jo Lee"
            raw = POSSESSIVE.sub("", match["np"])
            name = clean_name(raw)
            # One word only if the run had more ("Per Roe"): not "the senior Kell official".
            return name if name and not is_org(name) and (" " in raw or " " in name) else None
    return None


_UNNAMED_REACH = 400
# Who wrote "the post" or "the tweet" the article quotes: the subject of "posted", "tweeted".
_POSTED = {
    noun: re.compile(rf"(?P<np>(?:the|its|their)\s+[a-z]+|{NAME})\s+(?:also\s+)?{verb}\b")
    for noun, verb in (("post", "posted"), ("tweet", "tweeted"), ("blog", "blogged"),
                       ("email", "emailed"))
}


_ISSUES = (r"(?:(?:also\s+)?(?:issued|released|published|posted|sent|filed|put\s+out|"
           r"(?:said|says|added|wrote)\s+in))")


@lru_cache(maxsize=64)
def _issued(noun: str) -> re.Pattern[str]:
    # "a World Bank report", "the Kell Institute's report", "a report by the Kell Institute",
    # "Kell Bank said in a statement", "Ann Roe issued a statement".
    return re.compile(
        rf"(?<![\w'’-])(?P<owner>{NAME}(?:\s+and\s+{NAME})?)(?:['’]s?)?(?P<family>\s+family)?\s+"
        rf"(?:{_ISSUES}\s+(?:an?|its|his|her|their|the)\s+)?"
        rf"(?:(?P<adj>[a-z-]+)\s+)?{noun}\b"
        rf"|\b{noun}\s+(?:by|from)\s+(?:the\s+)?(?P<owner2>{NAME})")


@lru_cache(maxsize=64)
def _issued_by(noun: str) -> re.Pattern[str]:
    return re.compile(rf"{noun}\s+(?:by|from)\s+(?:the\s+)?(?P<owner>{NAME})")


# The end of a longer name before an owner: "Ministry of Tourism said in a statement".
_JOINERS = ("of ", "for ", "and ", "& ")
_PLACE_OWNER = re.compile(r"(?:^|\s)(?:[A-Z]\.)+$")
_NOT_ADJECTIVE = frozenset("a an the its his her their this that has had have is was".split())
_DOCUMENT_REACH = 3000


def _issuer(noun: str, ctx: _Context) -> str | None:
    """Who issued the document 'the report' refers back to: the last one the reporter named
    with that noun ('according to a World Bank report'), else no one named."""
    for form in _NOUN_FORMS.get(noun, (noun,)):
        speaker = _issuer_of(form, ctx)
        if speaker:
            return speaker
    return None


# "the lawsuit" after "Ann Roe filed the suit".
_NOUN_FORMS = {"lawsuit": ("lawsuit", "suit")}


def _issuer_of(noun: str, ctx: _Context) -> str | None:
    reporter = ctx.book.reporter
    lo = max(0, ctx.quote_start - _DOCUMENT_REACH)
    at = reporter.rfind(noun, lo, ctx.quote_start)
    # The pattern (names before and after the noun) runs only around the noun's sightings,
    # last first.
    while at >= 0:
        found = None
        for match in _issued(noun).finditer(reporter, max(lo, at - 120),
                                            min(ctx.quote_start, at + len(noun) + 90)):
            adj = match["adj"]
            owner = match["owner"] or match["owner2"]
            if match.start() <= at < match.end() \
                    and (adj is None or (adj not in _NOT_ADJECTIVE and not adj.endswith("ed"))) \
                    and not _PLACE_OWNER.search(owner) \
                    and not (match["owner2"] and POSSESSIVE.search(owner)) \
                    and not reporter.endswith(_JOINERS, 0, match.start()):
                # Not "Ann Roe issued a statement", nor a place: "a U.S. congressional
                # report", "a statement from Thailand's supreme court".
                found = owner
                if match["family"]:
                    # "Middlebrooks' family also posted a statement": the family speaks.
                    return owner.split()[-1].rstrip("'’") + " family"
        if found is None:
            # "In a statement from Kell Europe": the pattern above took "In" for an owner.
            by = _issued_by(noun).match(reporter, at)
            if by and not POSSESSIVE.search(by["owner"]):
                found = by["owner"]
        speaker = _owner_speaker(found, ctx) if found else None
        if speaker:
            return speaker
        at = reporter.rfind(noun, lo, at)  # "The report's figures": no issuer named there
    return None


def _pair_subject_before(ctx: _Context) -> str | None:
    """Two people the sentence before the quote's own opens with as its subject ('Jean and
    Robert Gorney accused …', 'In a post, Ann Roe and Bo Lee wrote …'), jointly."""
    if ctx.sentence_start == 0:
        return None
    begin = ctx.book.sentence_before(ctx.sentence_start)
    pair = _PAIR_SUBJECT.match(ctx.book.reporter[begin:ctx.sentence_start])
    return _people_jointly([pair["first"], pair["second"]], ctx) if pair else None


def _people_jointly(raw: list[str], ctx: _Context) -> str | None:
    """Two written names as `_jointly` gives them, if both are people's; else None."""
    people = [clean_name(name) for name in raw]
    if all(p and not is_org(p) for p in people):
        return _jointly([p for p in people if p], ctx)
    return None


def _jointly(pair: list[str], ctx: _Context) -> str:
    """Two people who speak together, each by the fullest name the article gives; a given
    name before a shared surname takes the surname ("Brody and Susan Pettit")."""
    first, second = (ctx.book.full(name, fuzzy=True) for name in pair)
    if " " not in first and " " in second:
        first = f"{first} {second.rsplit(' ', 1)[1]}"
    return f"{first} and {second}"


def _owner_speaker(raw: str, ctx: _Context) -> str | None:
    """The person or body a document's owner names ('University President Ann Roe', 'FBI');
    two people for a joint one ('Brown Sr. and McSpadden released a statement')."""
    if " and " in raw:
        joint = _people_jointly([POSSESSIVE.sub("", part) for part in raw.split(" and ", 1)],
                                ctx)
        if joint:
            return joint
        if not is_org(raw):
            raw = raw.split(" and ", 1)[1]  # "Ferguson and the City Council": the last
    owner = clean_org(POSSESSIVE.sub("", raw))
    person = clean_name(POSSESSIVE.sub("", raw))
    if person and not is_org(person):
        full = ctx.book.full(person, fuzzy=True)
        if " " not in person:
            # "the Pew report": a word of a body's name ("the US Pew Research Center"), where
            # the article names no one fuller by it than its words ("Pew Research").
            org = ctx.book.org_holding(person)
            if org and (full == person or full in org):
                return org
        return full
    if owner and is_org(owner):
        return ctx.book.full_org(owner)
    return None


_INDEFINITE_HEAD = re.compile(r"\b(?:an?|another|one)\s+", re.I)
_WORD_SPACE = re.compile(r"[\w'’-]+\s+")
_WORD_CHAR = re.compile(r"\w")


def _introduced_unnamed(role: str, ctx: _Context) -> bool:
    """Whether the reporter brought the role in unnamed just before the quote ('A neighbor
    told Reuters …'), so 'the neighbor' is that person, not the last one named. Further back
    ('A former judge …' opening the story) the person is usually named since."""
    # "a", "another" or "one", up to two words, then the role as a whole word. (Patterns
    # compiled once: one pattern per role cost more to compile than the search.)
    reporter, end = ctx.book.reporter, ctx.quote_start
    size = len(role)
    for head in _INDEFINITE_HEAD.finditer(reporter, max(0, end - _UNNAMED_REACH), end):
        at = head.end()
        for _ in range(3):
            stop = at + size
            if stop <= end and reporter[at:stop].lower() == role \
                    and (stop == end or not _WORD_CHAR.match(reporter, stop)):
                return True
            word = _WORD_SPACE.match(reporter, at, end)
            if word is None:
                break
            at = word.end()
    return False


# Titles spelt out, and as the article may write them before a name.
_SPELLED_TITLES = {
    "doctor": "dr", "professor": "prof", "reverend": "rev", "senator": "sen", "governor": "gov",
    "general": "gen", "captain": "capt", "sergeant": "sgt", "lieutenant": "lt", "colonel": "col",
    "major": "maj", "detective": "det", "inspector": "insp", "superintendent": "supt",
    "corporal": "cpl"}
# Plural nouns whose possessive opens a body's own name ("Women's Aid Federation").
_NAMING_OWNERS = frozenset("""
women men children people peoples veterans workers farmers nurses teachers writers artists
students parents citizens consumers taxpayers girls boys ladies mothers fathers soldiers
""".split())


def _owned_body(name: str) -> str:
    """A body's name without the owner's possessive before it ("South Korea's National
    Intelligence Service": National Intelligence Service), when what follows is a body's name
    of two words or more; "Alzheimer's Society", "Butler County Sheriff's Office" and
    "Women's Aid Federation" stay whole."""
    if "'s " not in name:
        return name
    owner, _, body = name.rpartition("'s ")
    if " " in body and is_org(body) and not is_org(owner) \
            and owner.split()[-1].lower() not in _NAMING_OWNERS:
        return body
    return name


def _may_join(text: str) -> bool:
    """Whether the text holds a word `_ORG_JOIN` joins with ('and', 'of', 'for', '&')."""
    return "and" in text or "of" in text or "for" in text or "&" in text


def _is_org_run(run: str, book: NameBook) -> bool:
    """Whether capitalised words joined by 'and', 'of' or '&' name one organisation: the
    first part is an organisation ('Bank of Veldria', 'Muslim Council of Britain'), or the
    whole ends like one and does not open with a person ('Rail and Road Transport Workers'
    Federation', not 'Dr Piers Mitchell of the University of Cambridge')."""
    if not _may_join(run):
        return False  # (no joining word, so no parts: most runs, spared the patterns)
    parts = _ORG_JOIN.split(_LEADING_THE.sub("", run))
    if len(parts) < 2:
        return False
    first = parts[0].split()
    if is_org_word(first[-1]):
        return True
    if len(first) == 1 and is_org(first[0]) and first[0].lower() not in TITLES \
            and _LEADING_THE.sub("", run).split()[1:2] == ["of"]:
        return True  # an acronym: "the ACLU of Nebraska" (but "the CEO of Apple" is a role)
    if not is_org_word(run.split()[-1]):
        return False
    if first[0] in NATIONALITIES or " & " in run:
        return True  # "British Foreign & Commonwealth Office": no person opens it
    person = clean_name(parts[0])
    return person is not None and not is_org(person) and len(person.split()) == 1 \
        and len(book.full(person).split()) == 1


def _before_subject(before: str, book: NameBook) -> str | None:
    """The subject of the last speech verb before a quote ('Kim was insisting ')."""
    # Not a participle used as an adjective or passive ("the promised savings", "the thing
    # revealed by the report").
    verbs = [v for v in _VERB_WORD.finditer(before)
             if not before.endswith(_DETERMINERS, 0, v.start())
             and not before.startswith(" by ", v.end())]
    # A verb in a relative clause the sentence has moved past is not the sentence's ("said
    # Pratchett -- who spoke out about his illness and called for funding -- had …"); the
    # last verb may be ('Jones, who described the jump as "…"').
    if len(verbs) > 1:
        verbs = [v for v in verbs[:-1] if not before.endswith(_RELATIVES, 0, v.start())] \
            + verbs[-1:]
    if verbs and not verbs[-1][0].endswith("ing") \
            and _PASSIVE.search(before, max(0, verbs[-1].start() - 8), verbs[-1].start()):
        # "Kevin Roe was asked:" names no speaker; in "Ann said they've been told the odds
        # are …" the passive is reported, and the verb before it speaks.
        if not before[verbs[-1].end() :].strip(" ,:—–-"):
            return ""  # found, but no one named
        verbs.pop()
    if not verbs:
        return None
    verb = verbs[-1]
    if _ANY_STOP.search(before, verb.end()):
        return None
    head = _TRAILING_AUX.sub("", before[: verb.start()])
    if head.endswith("who"):
        # 'Some worried for the star, who wrote in her op-ed that "…"': the one the
        # relative clause is about.
        relative = _WHO_SUBJECT.search(head)
        if relative:
            return relative["np"]
    if verb[0] == "saying" and "quoted" in head:
        # "He was quoted by the paper as saying": the one quoted speaks.
        head = _QUOTED_AS_HEAD.sub("", head)
    if len(verbs) > 1 and _COORDINATED.search(head):
        # "X said the vote was fair but warned that …": the second verb shares X.
        return _before_subject(before[: verbs[-2].end()], book)
    if verb[0].endswith("ing") and "with " in head:
        # "Critics praised it, with The Daily Orb's Ann Roe saying": the name before it.
        with_name = _WITH_NAME.search(head)
        if with_name:
            return with_name["np"]
    if verb[0].endswith("ing") and head.rstrip().endswith(","):
        # "He turned to Steve Smith, asking:": the participle shares the sentence's subject.
        inverted = _INVERTED_BEFORE.search(head)
        if inverted:  # "…, said Chief Ada Roe, adding that": the inverted verb's name
            return inverted["np"]
        opener = _OPENING_SUBJECT.match(head)
        if opener and opener["np"] in NATIONALITIES:
            # "Danish tennis star Ann Roe also had …": the nationality opens the subject's
            # roles ("tennis" is no verb); the subject is the name the roles lead to.
            opener = _ROLES_SUBJECT.match(head)
        if opener is None and head.lstrip()[:1].isupper() and ", " in head:
            # 'Repeating the wording, the department issued a release, saying, "…"': the
            # subject after a fronted clause.
            fronted = _CLAUSE_SUBJECT.match(head, head.index(", ") + 2)
            if fronted:
                return fronted["np"]
        # … but "When" or "It's" opens no subject ("When officers came, said Roe, adding").
        if opener and not _BREAK.search(head, opener.end()) and (
                opener["np"] in ("He", "She", "They") or any(
                POSSESSIVE.sub("", w).lower() not in stop_words()
                for w in opener["np"].split())):
            return opener["np"]
        if opener is None and head.lstrip()[:1].islower() and not any(
                not PREPOSITION_BEFORE.search(head, max(0, run.start() - 14), run.start())
                for run in _ORG_RUN.finditer(head)):
            # 'Kerry said that "…" with Iran, adding that those negotiating "…"': the
            # subject is in the sentence before the last quotation, out of view here.
            return None
    # "The Rail and Road Transport Workers' Federation said": an organisation's "and" joins.
    # (Only a run with an "and" can change, so only such runs are tested.)
    if " and " in head:
        head = _ORG_RUN.sub(lambda m: m[0].replace(" and ", " \0 ")
                            if " and " in m[0] and _is_org_run(m[0], book) else m[0], head)
    what = _WHAT_NAME.search(head)
    if what:  # "banned because of what Maduro said was …"
        return what["np"]
    if "(" in head and _SPOKESPERSON_FOR.search(head):
        # "A spokesman for the Kell Summit (KS), which meets …, told": the bracket holds
        # no subject.
        head = _BRACKETED.sub("", head)
    appositive = _NAME_APPOSITIVE.match(head) if head.count(",") >= 2 \
        and ")" not in head else None  # (not a dateline: "Coral Gables, Florida (CNN)")
    if appositive and _PERSON_FIRST.fullmatch(appositive["np"]):
        # "Ann Roe, director of the Kell Association and the parent of three pupils,
        # said": the name opening the sentence, whatever its appositive holds.
        name = clean_name(appositive["np"])
        if name and not is_org(name) and (" " in name or (
                _ROLE_APPOSITIVE.match(head, appositive.end("np"))
                and _could_be_one_name(name) and name.lower() not in _STOP_WORDS)):
            return appositive["np"]  # (one word only before "a friend", "the owner", …)
    if "who " in head:
        # "Ann Roe, who dealt with the board as chief, said": the relative clause is no
        # subject; what comes before it is.
        relative = _WHO_CLAUSE.search(head)
        if relative and relative.start() > 0:
            head = head[: relative.start()]
        else:
            # "John, who … conceived through IVF, took to Twitter to say": the clause is
            # no subject, and the predicate after it is the subject's.
            relative = _WHO_CLAUSE_THEN.search(head)
            if relative and relative.start() > 0:
                head = f"{head[: relative.start()]} {head[relative.end() :]}"
    clauses = [c.replace("\0", "and") for c in _CLAUSE.split(head) if c and c.strip()]
    # "Marguerite Dolan, 71, who said": an age is no subject.
    clauses = [c for c in clauses if not _BARE_NUMBER.fullmatch(c)][-3:]
    if not clauses:
        return None
    # "Ken Mayland, president of X, said": an appositive role sits between name and verb.
    last = clauses[-1].strip()
    if len(clauses) >= 3 and last[:1].isupper() and clauses[-2].strip()[:1].islower() \
            and _PERSON_FIRST.fullmatch(clauses[-3].strip()):
        # "Meir Dagan, the former head of Israel's intelligence agency, Mossad, told": the
        # body after the role is the role's, and the person before them speaks.
        person = clean_name(clauses[-3].strip())
        body = clean_name(last)
        if person and not is_org(person) and len(book.full(person).split()) > 1 \
                and (body is None or is_org(body) or len(book.full(body).split()) < 2):
            return clauses[-3]
    infinitive = _SUBJECT_THEN_TO.fullmatch(last)
    if infinitive:
        # "John went on to say", "Roe took to Twitter to essentially say": the subject.
        return infinitive["np"]
    pronoun = last.lower().split()[-1] in _PERSON_PRONOUNS | _GROUP_PRONOUNS
    if last[:1].islower() and not pronoun:
        role_name = _ROLE_WORDS_NAME.fullmatch(last)
        if role_name and " " in role_name["np"]:
            # "former chief political commentator Peter Oborne described": the name after
            # the role words.
            return role_name["np"]
    if last[:1].islower() and not pronoun and not last.startswith(_SUBJECT_OPENERS) \
            and not _FORMER_NAME.match(last):  # "former Police Chief Ann Roe" is the name
        # "Nick Bonner, Koryo Tour's co-founder and director, told": the name itself.
        for clause in reversed(clauses[:-1]):
            name = clean_name(clause.strip()) if _PERSON_FIRST.fullmatch(clause.strip()) \
                else None
            if name and "'" not in clause and "’" not in clause and not is_org(name) \
                    and len(book.full(name).split()) > 1:
                return clause
        if len(clauses) > 1 and _CAPITAL_WORD.search(clauses[-2]):
            return clauses[-2]
    # "Jana Ruiz, the port's director, said": the name before "the <role>".
    if (_ARTICLE_START.match(last) and len(clauses) > 1
            and _PERSON_FIRST.fullmatch(clauses[-2].strip())):
        return clauses[-2]
    return last


# A last clause opening so is a subject of its own ("…, his lawyer said"), no appositive.
_SUBJECT_OPENERS = ("the ", "his ", "her ", "their ", "its ")


def _appositive_name(phrase: str) -> str | None:
    """The person an appositive names, if it is a name alone (' Ann Roe')."""
    match = _NAME_ALONE.fullmatch(phrase)
    name = clean_name(match[1]) if match else None
    return name if name and not is_org(name) else None


def _undotted(match: re.Match[str]) -> str:
    return match[0].replace(".", "")


def attribute(before: str, after: str, ctx: _Context) -> Attribution:
    """Find the speaker in the text just before and just after a quote (quotes masked out)."""
    # "said Dr. Amara Castellanos-Reid": a title's stop is no phrase boundary (titles are
    # dropped from names anyway), nor a middle initial's ("said Lt. Gen. James L. Terry"; the
    # book restores the stop). Both need a stop, which most contexts lack.
    if "." in before:
        if ".," in before:
            before = _DEGREE.sub("", before)
        if "No." in before:
            before = _RANKING.sub("", before)
        before = _INITIALS.sub(_undotted, _TITLE_STOP.sub("", before))
    if "." in after:
        if ".," in after:
            after = _DEGREE.sub("", after)
        if "No." in after:
            after = _RANKING.sub("", after)
        after = _INITIALS.sub(_undotted, _TITLE_STOP.sub("", after))
    match = _AFTER_QUOTED_NAME.match(after) if " quoted " in after else None
    if match:
        # '"…," Stripes quoted Childs as saying': the one quoted speaks, not the paper; for
        # "quoted her as saying", whoever "she" stands for, and not the quoting body.
        pronoun = {"him": "he", "her": "she"}.get(match["np"])
        if pronoun:
            return Attribution(True, speaker_of(pronoun, ctx._replace(follows_quote=False,
                                                                      previous=None)))
        return Attribution(True, speaker_of(match["np"], ctx))
    if ", said" in after or ", told" in after:
        # "…," spokesman Craig Childs, said in a statement: a stray comma before the verb.
        after = _STRAY_COMMA.sub(r"\1", after, count=1)
    # (The name follows the role after a comma: most contexts hold none.)
    match = _AFTER_VERB_ROLE_NAME.search(after) if "," in after else None
    if match and (match["role"].split()[-1].islower()
                  or match["role"].split()[0] in _ROLE_BEFORE_NAME) \
            and not (match["role"].split()[-1] in _DOCUMENT_WORDS
                     and POSSESSIVE.search(match["role"].split()[0])):
        # (but 'says Waring's website, ShipSnowYo.com' is the website's owner's, below)
        # "said Gullhaven's founder, Nell Abara-Whitcombe.", "said director of Generation
        # Rent, Alex Hilton.": the role, then the name.
        name = clean_name(match["np"])
        if name and not is_org(name):
            return Attribution(True, ctx.book.full(name, fuzzy=True))
    if after[:1].isspace() and before.rstrip().endswith(":") and after.lstrip()[:1].isupper() \
            and _VERB_COLON.search(before):
        # 'Warne asked: "You feeling thirsty?" He continued …': the quote's own attribution
        # comes first; the capital after it opens the next sentence.
        subject = _before_subject(before, ctx.book)
        if subject:
            return Attribution(True, speaker_of(subject, ctx))
    match = _DOCUMENT_READ.match(after) if " read" in after else None
    if match:
        speaker = speaker_of(match["np"], ctx)
        if speaker is None and (match["qualified"] or match["det"] not in _UNNAMED_DETS):
            return Attribution(False)
        return Attribution(True, speaker)
    for pattern in (_AFTER_VERB_FIRST, _AFTER_SUBJECT_FIRST, _AFTER_NAME_ROLE,
                    _ACCORDING_AFTER):
        # (_AFTER_NAME_ROLE sets the role off with a comma: most contexts hold none.)
        match = pattern.search(after) if pattern is not _AFTER_NAME_ROLE or "," in after \
            else None
        if match and pattern is _AFTER_VERB_FIRST and "told" in match[0] \
                and _TOLD_NEXT.match(after):
            # 'Ann Roe, who called it "a mess," told the radio that …': "told" is not
            # inverted; the listener follows it and the sayer comes before the quote.
            continue
        if match:
            if pattern is _AFTER_SUBJECT_FIRST and match["appos"] \
                    and match["np"].split()[-1].islower():
                # '"…," his mother, Ann Roe, said', '"…," Italian designer, Ann Roe, told
                # CNN': the name set off after the role.
                name = _appositive_name(match["appos"])
                if name:
                    return Attribution(True, ctx.book.full(name, fuzzy=True))
            if pattern is _ACCORDING_AFTER and SPEECH_VERB_AT_END.search(before):
                break  # 'Ann Roe cried "I'm hit!" according to police': she cried it
            if pattern is _ACCORDING_AFTER and _BARE_DOCUMENT.fullmatch(match["np"]):
                # '…: "Awesome!" according to the federal report': the report cites the
                # words; it did not say them.
                return Attribution(True, None)
            phrase = match["np"]
            if pattern is _AFTER_VERB_FIRST and (" -" in phrase or " —" in phrase
                                                 or " –" in phrase):
                # "said Knowles -- who has himself been targeted": the name before the dash.
                phrase = _DASH.split(phrase, maxsplit=1)[0]
            speaker = speaker_of(phrase, ctx)
            if speaker is None and "reads" in match[0] and _POSTS.search(match["np"]):
                # '"…," the first tweet in the series reads': the account's owner, found as
                # for an unattributed quote, not an unnamed writer.
                return Attribution(False)
            return Attribution(True, speaker)
    # _BEFORE_VERB_FIRST and _BEFORE_COLON only match a context ending in ':' or ',' (and
    # spaces): a cheap test spares their slow scan of every other one.
    tail = before.rstrip()[-1:]
    ends_a_clause = tail in (":", ",")
    for pattern in (_ACCORDING_BEFORE, _OPENING_VERB_FIRST, _BEFORE_VERB_FIRST) \
            if ends_a_clause else (_ACCORDING_BEFORE,):
        match = pattern.search(before)
        if match and not match[0].startswith(_TOLD):
            source = speaker_of(match.group("np"), ctx)
            if pattern is _ACCORDING_BEFORE and source and ctx.book.is_body(source):
                reported = _SAYER_BEFORE_SOURCE.search(before, 0, match.start())
                if reported:
                    # 'Roe described her as the love of his life, according to KUTV: "…"':
                    # the station reports Roe's words.
                    return Attribution(True, speaker_of(reported["np"], ctx))
            return Attribution(True, source)
    match = (_BY_AGENT.search(before) or _BY_AGENT_AS.search(before)) if " by " in before \
        else None
    if match:
        # "he was notified by the company that there would be "…"": the agent speaks.
        return Attribution(True, speaker_of(match.group("np"), ctx))
    topic = _FOR_NAME_COLON.match(before) if tail == ":" and "For " in before else None
    if topic:
        # "For Lessa Horta, the implications of his study are clear: "…"": the view of the
        # person the sentence is for, whom the article names in full.
        name = clean_name(topic["np"])
        full = ctx.book.full(name, fuzzy=True) if name and not is_org(name) else None
        if full and " " in full:
            return Attribution(True, full)
    subject = _before_subject(before, ctx.book)
    if subject is not None:
        return Attribution(True, speaker_of(subject, ctx))
    match = _BEFORE_COLON.search(before) if tail == ":" else None
    if match:
        speaker = speaker_of(match.group("np"), ctx)
        if speaker:
            return Attribution(True, speaker)
        subject = _COLON_SUBJECT.match(match.group("np"))
        name = clean_name(subject["np"]) if subject else None
        full = ctx.book.full(name, fuzzy=True) if name and not is_org(name) else None
        if full and (subject["the"] is None or " " in full):
            # 'Ann Roe condemned the attack: "…"', 'Roe agrees: "…"': the clause's subject.
            return Attribution(True, full)
    if "ccording to" in before:
        # "According to the Kell report the trend marked them out as "…"": the source of
        # the reporter's sentence, where no one in it speaks.
        match = _ACCORDING_COMMA.search(before) or _ACCORDING_OPENS.search(before)
        if match:
            name = _appositive_name(match["appos"]) if match.re is _ACCORDING_COMMA \
                and match["appos"] and match["np"][:1].islower() else None
            if name:  # "According to the student's attorney, Ann Roe, …"
                return Attribution(True, ctx.book.full(name, fuzzy=True))
            return Attribution(True, speaker_of(match.group("np"), ctx))
    return Attribution(False)


def context(
    book: NameBook, sentence_start: int, previous: str | None, *, follows_quote: bool,
    quote_start: int, last_speaker: str | None = None
) -> _Context:
    """What attribution needs to know besides the words around the quote."""
    return _Context(book, sentence_start, previous, follows_quote, quote_start, last_speaker)
