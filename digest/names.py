"""The people an article names, so "Ms Hewitt", "Kim" or "he" can become a full name."""

from __future__ import annotations

import bisect
import re
import string
from dataclasses import dataclass, field
from functools import lru_cache

from digest.given_names import FEMALE, MALE
from digest.words import stop_words

_STOP_WORDS = stop_words()

def _trie(words: list[str]) -> str:
    """An alternation matching exactly these words, laid out as a tree of shared prefixes
    ("s(?:a(?:id|ys?)|…)"), which the regex engine tries far faster than a flat list."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + emit(child)
                    for char, child in sorted(node.items(), reverse=True) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and len(branches[0]) <= 1 \
            else "(?:" + "|".join(branches) + ")"
        if len(branches) == 1 and not ends:
            return branches[0]
        return body + "?" if ends else body

    return "|".join(re.escape(char) + emit(child) for char, child in sorted(tree.items()))


SPEECH_VERB_WORDS = (
    "said|says|say|told|tells|added|adds|asked|asks|explained|explains|wrote|writes|stated|"
    "states|noted|notes|warned|warns|insisted|insists|argued|argues|claimed|claims|continued|"
    "replied|replies|recalled|recalls|suggested|suggests|admitted|admits|declared|announced|"
    "commented|remarked|acknowledged|acknowledges|agreed|observed|posted|tweeted|concluded|"
    "stressed|urged|urges|added|testified|shouted|cried|joked|laughed|wondered|conceded|"
    "predicted|predicts|explained|pointed out|went on|responded|responds|answered|countered|"
    "maintained|maintains|reckons|reckoned|believes|thinks|described|describes|tweets|writes|"
    "reported|reports|repeated|chimed in|reads|quipped|quips|mused|muses|boasted|boasts|"
    "complained|complains|lamented|laments|conceded|concedes|vowed|vows|"
    "promised|promises|pledged|pledges|confirmed|confirms|revealed|reveals|disclosed|"
    "retorted|snapped|yelled|screamed|whispered|exclaimed|cautioned|cautions|"
    "emphasized|emphasizes|emphasised|emphasises|reiterated|reiterates|texted|"
    "emailed|recounted|recounts|gushed|sighed|scoffed|shot back|opined|reasoned|spoke|speaks|"
    "smiles|smiled|grins|grinned|confides|confided|yells|shouts|screams|whispers|exclaims|"
    "recommends|recommended"
).split("|")
SPEECH_VERBS = _trie(SPEECH_VERB_WORDS)
# A name: capitalised words, initials and joined particles ("Abu Bakr al-Baghdadi", "J. K.").
_NAME_TITLES = "Mr Mrs Ms Dr St Jr Sr Gen Gov Sen Rep Lt Col Sgt Capt Prof".split()
_NAME_PARTICLES = "de van von der del da bin al la le".split()
_PARTICLE_WORDS = frozenset(_NAME_PARTICLES) | frozenset("den ter ten du des dos das di".split())
_CAP = (
    rf"(?:(?:{'|'.join(_NAME_TITLES)})\.|(?:[A-Z]\.)+"
    rf"|[A-Z][\w'’\-]*|al-[A-Z][\w'’\-]*|(?:{'|'.join(_NAME_PARTICLES)})(?=\s+[A-Z]))"
)
# Inside a name, more particles ("Jurgen den Hartog", "Ana dos Santos"); they are not looked
# for at a name's start, where the scanner would have to try every "t", "e" or "o".
_CAP_INSIDE = _CAP.replace("|le)", "|le|den|ter|ten|du|des|dos|das|di|el|ibn|zu)")
# Up to eight words: "St. Louis County Police Chief Jon Belmar".
NAME = rf"(?<![\w'’\-]){_CAP}(?:\s+{_CAP_INSIDE}){{0,7}}"
_ORG_WORDS = frozenset("""
institute university department ministry council bank group party association commission
agency company corp inc ltd plc office court police service news newspaper times post
union federation league board committee house senate congress government network channel
magazine observatory parliament comics airlines airways
centre center hospital clinic foundation trust society college school authority
corporation institution studio studios partners securities holdings capital
museum library zoo airport embassy constabulary administration bureau
organization organisation laboratory club army navy
""".split())
# The trade a company's full name ends with ("Blue Bell Creameries", "Kell Foods Inc").
_COMPANY_WORD = re.compile(
    r"(Creamery|Creameries|Dairy|Dairies|Foods|Brands|Industries|Enterprises|Holdings|"
    r"Group|Company|Corporation|Corp|Inc|Ltd|Motors|Brewing|Brewery|Pharmaceuticals|"
    r"Technologies|Entertainment|Pictures|Records|Studios|Airlines|Airways)\b")
# Lower-case nouns that stand for an organisation the article names: "the club",
# "the space agency", "BJUnity, a group that …".
ORG_NOUNS = frozenset("""
club agency group newspaper paper company firm magazine ministry network party union team
charity court organization organisation association department bureau broadcaster fund
foundation institute council commission committee board museum university encyclopedia
band academy hospital school airline bank church league federation authority studio college
""".split())
_ORG_NOUN = "|".join(sorted(ORG_NOUNS))
# "his club Sunderland", "the agency NASA"; "BJUnity, a group that …".
_ALIAS_BEFORE = re.compile(
    rf"\b(?P<noun>{_ORG_NOUN})\s+(?P<name>[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){{0,4}})")
_ALIAS_AFTER = re.compile(
    rf"(?P<name>[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){{0,4}}),\s+(?:a|an|the)\s+"
    rf"(?:[\w'’-]+\s+){{0,3}}?(?P<noun>{_ORG_NOUN})\b")
# A place or a body is named after these; a person rarely is ("envoy to Denmark").
_PLACE_BEFORE = re.compile(
    r"\b(?:the|in|on|about|over|for|with|by|against|under|around|throughout|between|among|at|"
    r"from|to|into|near|across|of|outside|inside|via|toward|towards)\s+$")
# Nationalities, faiths and plurals ("Chinese", "Buddhist", "Afghans", "Iraqi", "Saudi") are
# no one's name; a given name may end in "i" ("Gerti", "Naomi").
_NOT_A_PERSON = re.compile(
    r"(?:ese|ish|ist|ian|ean|can|ban|ern|ani|qi|eli|ali|ili|udi|indi|aiti|ati|eni|ini|ari|iri|ori|eshi|hai|abi|eki|iki|s)$")
# A relation that tells a gender, just before a name ("his wife Gerti").
_KIN_BEFORE = re.compile(
    r"\b(wife|husband|mother|father|daughter|son|sister|brother|girlfriend|boyfriend|widow|"
    r"widower|grandmother|grandfather|aunt|uncle|niece|nephew|stepmother|stepfather),? $")
_MALE_KIN = frozenset("husband father son brother boyfriend widower grandfather uncle nephew "
                      "stepfather".split())
# "Elo felt that he came to a crossroads": a person pronoun later in the same clause.
_PERSON_AFTER = re.compile(r"\s+(?:[a-z]+\s+){1,2}(?:that\s+)?(?:he|she|his|her)\b")
_PLACE_WORDS = _PLACE_BEFORE.pattern.removesuffix(r"\s+$")
# ... and not after a preposition for a body ("told CNN" is caught as a speech verb).
PREPOSITION_BEFORE = re.compile(_PLACE_WORDS.replace("the|", "", 1) + r"\s+$")
# Before a one-word person: no preposition, "the", speech verb ("told Televisa").
_NOT_BEFORE_A_PERSON = frozenset(
    _PLACE_WORDS.removeprefix(r"\b(?:").removesuffix(")").replace('"', "").replace("\n", "")
    .split("|") + SPEECH_VERB_WORDS)
# A publication is found by what the article calls it ("the magazine Mobile PC"), not as
# the last body named.
_PUBLICATIONS = frozenset({"newspaper", "paper", "magazine", "broadcaster"})
# A newspaper's name: "the Dalian Daily", "The Sydney Morning Herald".
_MASTHEAD = re.compile(
    r"(?<![\w'’.-])(?:[A-Z][\w'’&-]*\s+){1,4}(?:Daily|Times|Post|Herald|Journal|Gazette|Tribune|"
    r"Telegraph|Guardian|Observer|Mail|Express|Mirror|Chronicle|Globe|Inquirer|Examiner|"
    r"Courier|Standard|Register|Bulletin)\b(?!['’-])")
# A magazine's: "Us Weekly".
_MAGAZINE = re.compile(
    r"(?<![\w'’.-])(?:[A-Z][\w'’&-]*\s+){1,4}(?:Weekly|Monthly|Magazine)\b(?!['’-])")
_NATIONALITY_FIRST = ("Latin", "South", "North", "East", "West", "Central", "Middle",
                      "African", "Asian", "Native")
_NATIONALITY_PAIR = re.compile(
    r"(?:Latin|South|North|East|West|Central|Southeast|Middle|African|Asian|Native)\s+"
    r"[A-Z]\w*(?:an|ese|ish|i)$")
TITLES = frozenset("""
mr mrs ms miss dr sir dame lord lady prof professor rev reverend father sister brother pastor
councillor councilor councilman councilwoman alderman senior lead retired assistant acting
interim opposition high premier
president vice prime minister secretary chancellor chairman chairwoman chair chief executive
officer director manager coach captain skipper boss general gen col lt sgt maj capt adm cmdr
senator sen rep representative congressman congresswoman governor gov mayor judge justice
attorney ambassador commissioner inspector detective sergeant constable superintendent
principal
spokesman spokeswoman spokesperson deputy shadow foreign home trade health education culture
defence defense interior justice transport environment energy treasury economic finance
affairs envoy spokesman sheriff prosecutor trooper marshal coroner commander admiral speaker
lieutenant colonel ceo cfo coo chairperson special agent counsel tempore
king queen prince princess pope archbishop bishop cardinal sheikh ayatollah imam rabbi
leader head founder editor analyst economist lawyer star singer actor actress striker
midfielder defender goalkeeper keeper player champion veteran former new labour tory conservative
liberal democrat democratic republican first state party team club mp mep mps
monday tuesday wednesday thursday friday saturday sunday yesterday today
january february march april may june july august september october november december
""".split())
# Lower-case nouns after which a name is a qualifier, not a person acting ("The 1998 French
# Open champion", "a Jo Roe spokesman").
_ROLE_AFTER_WORDS = """
champion champions winner winners star player players striker captain coach manager boss
spokesman spokeswoman spokesperson chairman chairwoman founder leader director minister
secretary official officials fan fans supporter supporters veteran legend team squad side
""".split()


def _after_first_letter(letter: str) -> str:
    """What may follow a name's first letter: _CAP's alternatives that open with the letter,
    in their order, without it."""
    alternatives = []
    titles = [title[1:] for title in _NAME_TITLES if title[0] == letter]
    if titles:
        alternatives.append(rf"(?:{'|'.join(titles)})\.")
    if letter.isupper():
        alternatives += [r"\.(?:[A-Z]\.)*", r"[\w'’\-]*"]
    if letter == "a":
        alternatives.append(r"l-[A-Z][\w'’\-]*")
    particles = [particle[1:] for particle in _NAME_PARTICLES if particle[0] == letter]
    if particles:
        alternatives.append(rf"(?:{'|'.join(particles)})(?=\s+[A-Z])")
    return "|".join(alternatives)


# NAME, written as one alternative per first letter: a pattern that opens with a letter (not
# with a look-behind) lets the scanner jump from one such letter to the next in C instead of
# trying every position (the same matches; the look-behind, taken after the letter, tests the
# character before it). The empty group at the end takes part in a match only when a role word
# follows the name (`match.lastindex` is then 1), which costs the scan next to nothing.
_FIRST_LETTERS = sorted({title[0] for title in _NAME_TITLES} | set(string.ascii_uppercase)
                        | {particle[0] for particle in _NAME_PARTICLES})
NAME_RE = re.compile(
    "(?:" + "|".join(rf"{letter}(?<![\w'’\-].)(?:{_after_first_letter(letter)})"
                     for letter in _FIRST_LETTERS) + ")"
    + rf"(?:\s+{_CAP_INSIDE}){{0,7}}(?:(?= (?:{_trie(_ROLE_AFTER_WORDS)})\b)())?")
# A character a name's word may hold, and a name after the words before it (see
# `NameBook.introduced_as`).
_NAME_CHAR = re.compile(r"[\w'’-]")
_SPACED_NAME = re.compile(rf"\s+(?P<name>{NAME})")
POSSESSIVE = re.compile(r"['’]s?$")
_PRESS_WORDS = frozenset("news newspaper times post channel network studio studios".split())
_PLAIN_WORD = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?")
_POSSESSIVE_SPLIT = re.compile(r"(?<=['’]s)\s+|(?<=['’])\s+")
_ROLE_COMPOUND = re.compile(r"[A-Z][\w']*-[a-z][\w-]*")
_INITIALS_ONLY = re.compile(r"(?:[A-Z]\.)+")


def _initials(word: str) -> re.Match[str] | None:
    """'J.', 'J.R.', 'U.S.': dotted capitals only (most words fail on their last letter)."""
    return _INITIALS_ONLY.fullmatch(word) if word[-1:] == "." else None


# A sentence's stop, but not a title's or an initial's ("Dr. Brenner", "J. R. Halvorsen",
# "No. 3"); "U.S." (an initial after a dot) still may end one. The checks look back from the
# stop, so they only run where a stop is; titles of one length share one look-back (a
# look-back needs a fixed width), which runs faster than one each.
_STOP_TITLES = (
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Jr", "Sr", "Gen", "Gov", "Sen", "Rep", "Lt", "Col",
    "Sgt", "Capt", "Rev", "Hon", "Mt", "No", "Messrs", "Supt", "Insp", "Det", "Maj", "Cpl")


def title_stop_lookbacks(titles: list[str] | tuple[str, ...], *, negative: bool) -> list[str]:
    """Look-backs from just after a stop for a title's stop ("Dr."), one for the titles of
    each length (a look-back has a fixed width): negative ones, all of which must hold, or
    positive ones, any of which may."""
    sign = "!" if negative else "="
    return [rf"(?<{sign}\b(?:{'|'.join(t for t in titles if len(t) == width)})\.)"
            for width in sorted({len(t) for t in titles})]


SENTENCE_STOP = "[.!?]" + "".join(title_stop_lookbacks(_STOP_TITLES, negative=True)) \
    + r"(?<!(?<![.\w])[A-Z]\.)"
# (One alternative per stop, so the pattern opens with a character the scanner jumps to.)
_SENTENCE_GAP = re.compile("|".join(rf"\{stop}{SENTENCE_STOP.removeprefix('[.!?]')}\S*\s+"
                                    for stop in ".!?") + r"|\n\s*\n")
_SAYS_AFTER = re.compile(
    rf"(?:\s*,[^,.;:!?]{{1,80}},)?\s+(?:(?:also|later|has|had|then)\s+)?(?:{SPEECH_VERBS})\b"
)
_CLAUSE_END = re.compile(r"\s*(?:[,.;:!?\u2063]|$)")
# A verb of saying anywhere, and one just before a quotation ('he cried "I'm hit!"').
SPEECH_WORD = re.compile(rf"\b(?:{SPEECH_VERBS})\b")
SPEECH_VERB_AT_END = re.compile(rf"\b(?:{SPEECH_VERBS})[,:]?\s*$")
# "…, said Kim Min-seok": an inverted verb before the name makes it the sayer (but in
# "Irwin said Robinson served", "told X" or "asked X" the name after the verb is not).
_SAYS_BEFORE = re.compile(
    r"[,\u2063]\s*(?:said|says|added|adds|wrote|writes|explained|continued)\s+$"
)
_OBJECT_BEFORE = re.compile(r"(?<![Aa]ccording )" + PREPOSITION_BEFORE.pattern)
# A place or a body named after these is no one a later "he" stands for ("the fixture at
# Stamford Bridge"); after "of", "to" or "for" it may be ("Secretary of State Jo Roe",
# "the view of Jo Roe").
_PLACE_OBJECT = re.compile(
    r"\b(?:at|in|on|over|by|against|from|into|near|across|under|inside|outside|throughout|"
    r"via|toward|towards|around|between|among)\s+$")
_FEMININE = frozenset({"she", "her", "hers", "herself"})
_CAPITALISED_RUN = re.compile(r"(?<![\w'’.-])(?:(?:[A-Z]\.)+\s+|[A-Z][\w'’&-]*\s+){1,4}$")
_FEMALE_HINTS = ("she", "She", "hers", "Mrs", "Ms", "Miss")
# (Written to open with a letter, which the scanner jumps to; "(?<!\w.)" after it is the
# word boundary before it.)
_MALE_WORD = re.compile(r"[HhM](?<!\w.)(?:(?<=[Hh])(?:e|is|imself)|(?<=M)r)\b")
_FEMALE_WORD = re.compile(
    r"[SsHhM](?<!\w.)(?:(?<=[Ss])he|(?<=[Hh])(?:ers|erself)|(?<=M)(?:rs|s|iss))\b")
# Subject and possessive pronouns (an object, "him" or "her", is mostly someone else).
_GENDERED = re.compile(r"\b(?:[Hh]e|[Hh]is|[Hh]imself|[Ss]he|[Hh]ers|[Hh]erself)\b")
_ACCORDING_TO_END = re.compile(r"[Aa]ccording to\s+$")
_PAST_VERB = re.compile(r"\s+(?:[a-z]+ed|went|took|came|made|gave|spoke|wrote|told|left|began)\b")
_QUESTION_END = re.compile(r"\?[\u2063\"”’')\]]*\s+$")
_PRONOUN_SUBJECT = re.compile(
    r"[\s\u2063]*(?:He|She|(?:But|And|Yet|So|Still|Now|Then|Instead|However,)\s+(?:he|she))\b")
_ROLE_SUBJECT_WHO = re.compile(
    r"[\s\u2063]*The\s+(?:[\w'’-]+\s+){0,3}?(?P<role>[a-z]+),\s+who\s")
_ASKS = re.compile(r"\s+(?:asked|asks)\b")
# What follows a name that acts: a comma, a verb of saying, an auxiliary, or a past verb
# ("Hyla finally tried"; not "Blanchett trying" in a fronted phrase).
_ACTS = re.compile(rf"\s*(?:,|(?:{SPEECH_VERBS}|has|had|was|is|who|will|would|called)\b"
                   r"|\s(?:[a-z]+ly\s+)?[a-z]{3,}ed\b)")
# Dotted letters that abbreviate a place or body rather than a person's initials ("J.K.").
_DOTTED_ACRONYMS = frozenset("U.S. U.K. U.N. E.U. D.C. L.A. N.Y. U.A.E. U.S.A.".split())
# Given names that are also stop words ("Said Roe", "Will Roe"), and what comes before a name
# in the middle of a sentence, where they cannot be the sentence's first word.
GIVEN_STOP_WORDS = ("Said ", "Will ")
# ... and given names that are stop words anywhere ("Arsenal defender Per Mertesacker").
_GIVEN_NAMES = frozenset(w.strip() for w in GIVEN_STOP_WORDS) | {"Per"}
_MID_SENTENCE = re.compile(r"[a-z,]\s+$")
_DOTTED_SUFFIXES = frozenset(("Jr.", "Sr."))  # "Michael Brown Sr." keeps its stop
_SUFFIXES = frozenset("II III IV V VI VII VIII Jr Jr. Sr Sr.".split())
_LOWER_NAMES = frozenset(
    "de van von der del da bin al la le den ter ten du des dos das di el ibn zu".split())
# Titles that are part of how a person is known when the article gives no given name: a
# peer ("Lord Rennard"), a knight, royalty, a Burmese honorific ("U Zarni").
HONORIFICS = frozenset("""
Lord Lady Baron Baroness Viscount Viscountess Earl Countess Sir Dame King Queen Prince
Princess Pope Sheikh Emir U Daw
""".split())
# Two capitals that stand for a country or a body, not a person's initials.
_PLACE_CODES = frozenset("US UK UN EU LA NY TV FA FC AC".split())
# Letters after a name that are no part of it ("Peter Ainsworth MP", "Jo Roe QC").
_POST_NOMINALS = frozenset("MP MPs MEP MSP MLA QC KC OBE MBE CBE".split())
_DAYS = frozenset("""monday tuesday wednesday thursday friday saturday sunday yesterday today
""".split())


# Lower-case roles that stand before a person's name ("model Elo", "striker Kane").
PERSON_ROLES = (TITLES | frozenset("""
model designer singer rapper artist actor actress author writer poet chef farmer teacher
student pilot driver rider boxer striker winger defender midfielder goalkeeper runner
twin son daughter wife husband brother sister mother father friend neighbor neighbour
agent owner publicist
""".split())) - frozenset("""
monday tuesday wednesday thursday friday saturday sunday yesterday today first state party
team club new former january february march april may june july august september october
november december
""".split())


# The last word of an event's, a law's or a place's name, never a person's; the first word
# of a place's.
_EVENT_OR_PLACE_LAST = frozenset("""
Open Cup War Wars Festival Prize Award Awards Championship Championships Games Olympics
Code Act Treaty Accord Convention Conference Marathon Prix America Africa Asia Europe Island
Islands City Square Avenue Peninsula Desert Airport Stadium Mass Crown Slam Trophy
""".split())
_PLACE_FIRST = frozenset("Lake Mount Fort Port Cape".split())
NATIONALITIES = frozenset("""
American British English Scottish Welsh Irish Scot Briton Californian Texan Floridian
Canadian Mexican Brazilian Argentine Argentinian Chilean Colombian Peruvian Venezuelan Cuban
Jamaican French German Spanish Italian Portuguese Dutch Belgian Swiss Austrian Swedish
Norwegian Danish Finnish Icelandic Polish Czech Slovak Hungarian Romanian Bulgarian Serbian
Croatian Bosnian Slovenian Greek Turkish Russian Ukrainian Belarusian Georgian Armenian
Israeli Palestinian Lebanese Syrian Jordanian Iraqi Iranian Saudi Emirati Qatari Egyptian
Libyan Tunisian Moroccan Algerian Nigerian Ghanaian Kenyan Ethiopian Somali Ugandan
Zimbabwean Zambian Chinese Japanese Korean Taiwanese Vietnamese Thai Filipino Malaysian
Indonesian Singaporean Indian Pakistani Afghan Bangladeshi Australian Kiwi Zealander
""".split())
_BODY_TAILS = frozenset("Cross Crescent Airlines Airways Railways Telecom".split())
# Adjectives, not given names, that open a sentence before a name ("Defiant Matt Williams").
_ADJECTIVE_END = re.compile(r"(?:iant|ful|less|ous)$")
# Words that open a sentence, never a given name ("The J. Paul Getty Museum").
_FUNCTION_WORDS = frozenset("""
the a an and but or so if as at in on for to by of with from when while then this that
these those it its he she they we i you his her their our my your yet nor
""".split())
# Words opening a headline or a link before a name ("Meet Parisa Tabriz", "Watch Kanye"), or
# a sentence whose verb comes first ("Notes stylist Ann Roe:").
_HEADLINE_VERBS = frozenset(
    "Meet Watch Read See Listen Photos Video Opinion Notes Adds Writes Explains".split())
# Occupations that open a name at a sentence's start ("Photographer Ann Roe said"); as the
# first of three or more capitalised words they are no given name.
_OPENING_ROLES = frozenset("""
photographer instructor model designer singer rapper artist actor actress author writer poet
chef teacher student pilot driver rider boxer striker winger defender midfielder goalkeeper
runner agent owner publicist host presenter comedian scientist researcher producer filmmaker
freshman sophomore student golfer swimmer skier cyclist sprinter jockey trainer
entrepreneur businessman businesswoman
""".split())


@dataclass
class NameBook:
    """The people an article names, so 'Ms Hewitt' or 'she' can become 'Patricia Hewitt'."""

    full_by_surname: dict[str, str] = field(default_factory=dict)
    full_by_token: dict[str, str] = field(default_factory=dict)
    mentions: list[tuple[int, str]] = field(default_factory=list)  # (offset, full name)
    sentence_starts: list[int] = field(default_factory=list)
    reporter: str = ""
    _text: str = ""
    _orgs: dict[str, str] = field(default_factory=dict)
    _titled: dict[str, list[tuple[list[str], str]]] | None = None
    _plain: str | None = None  # the reporter's words with straight apostrophes
    _genders: dict[str, list[int]] | None = None
    _by_name: dict[str, list[int]] | None = None

    @classmethod
    def from_text(cls, text: str, reporter_text: str | None = None, *,
                  quote_ends: list[int] | None = None,
                  nicknamed: list[tuple[str, str]] | None = None) -> NameBook:
        """Index the text's multi-word names; mentions come from the reporter's own words
        (`reporter_text` is the text with quotations blanked, same length); `quote_ends` are
        where sentences start after quotations that end in a stop; `nicknamed` are the given
        names and surnames a quoted nickname stands between (Dwayne "The Rock" Johnson)."""
        book = cls()
        reporter = reporter_text if reporter_text is not None else text
        book.reporter = reporter
        found = _names(text)
        book._text = text
        for given, surname in nicknamed or ():
            # "Johnson said" is Dwayne Johnson, whom the nickname splits in two, not the next
            # Johnson the article names in one piece ("his father, Rocky Johnson").
            book.full_by_surname.setdefault(surname, f"{given} {surname}")
            book.full_by_token.setdefault(given, f"{given} {surname}")
        singles: dict[str, list[int]] = {}
        for offset, name, _ in found:
            parts = name.split()
            if len(parts) >= 2:
                known = book.full_by_surname.setdefault(parts[-1], name)
                if known.split(" ", 1)[0] in HONORIFICS and parts[0] not in HONORIFICS:
                    book.full_by_surname[parts[-1]] = name  # "Chris Rennard" over "Lord …"
                if parts[-1] in _SUFFIXES and len(parts) >= 3:  # "Bob Jones III" is Jones
                    book.full_by_surname.setdefault(parts[-2], name)
                for part in parts[:-1]:
                    if len(part) > 2 and part not in HONORIFICS:  # nor do initials, particles
                        book.full_by_token.setdefault(part, name)
            elif _could_be_one_name(name):
                singles.setdefault(name, []).append(offset)
        starts = [m.end() for m in _SENTENCE_GAP.finditer(reporter)]
        # 'to "get stuffed." Warne's …': a quotation's own stop (blanked in the reporter's
        # words) ends the reporter's sentence too.
        book.sentence_starts = sorted(starts + quote_ends) if quote_ends else starts
        people = book._single_names(singles)
        # What each name mentions: its fullest form, if that names a person ("of Latin
        # American origin" does not), or a one-word person; else None.
        mentioned: dict[str, str | None] = {}
        for offset, name, possessive in found:
            if possessive or reporter[offset] != text[offset]:
                continue  # "Mr Blair's leadership", or a name inside a quotation
            if reporter[offset - 2] in "ean" and (
                    (before := reporter[offset - 4 : offset]) == "the " or before == " an "
                    or before[1:] == " a ") and text.startswith(name, offset):
                continue  # "a Grand Slam event", "the Gulf War": no person (but "the Rev. X")
            if name in mentioned:
                full = mentioned[name]
            else:
                if name[0] in "SW" and name.startswith(GIVEN_STOP_WORDS) \
                        and not _MID_SENTENCE.search(reporter, max(0, offset - 3), offset):
                    # 'Said Roe: "…"' opening a sentence is the verb; "according to Said
                    # Roe", mid-sentence, a given name (first seen decides).
                    name = name.split(" ", 1)[1]
                full = book.full(name)
                if " " in full:
                    if full.startswith(_NATIONALITY_FIRST) and _NATIONALITY_PAIR.fullmatch(full):
                        full = None
                elif full not in people:
                    full = None
                mentioned[name] = full
            if full is not None:
                book.mentions.append((offset, full))
        return book

    def _single_names(self, singles: dict[str, list[int]]) -> set[str]:
        """People the article names by one word only ("Former male model Elo … Elo felt"):
        a word no longer name contains, met at least twice in the reporter's words, never
        after a preposition, an object-taking verb or a number ("envoy to Denmark", "told
        Televisa", "50 Cent"), no nationality or plural, and once with a role before it
        ("model Elo") or a 'he'/'she' just after ("Elo felt that he …")."""
        twice = [name for name, offsets in singles.items() if len(offsets) >= 2
                 and name not in self.full_by_surname and name not in self.full_by_token]
        if not twice:
            return set()
        seen: dict[str, int] = {}
        banned: set[str] = set()
        acts: set[str] = set()
        for name, offset in ((n, o) for n in twice for o in singles[n]):
            if name in banned or self.reporter[offset] != name[0]:
                continue
            at = bisect.bisect_left(self.sentence_starts, offset)
            if offset == 0 or (at < len(self.sentence_starts)
                               and self.sentence_starts[at] == offset):
                seen[name] = seen.get(name, 0) + 1  # "Zed felt": counts, proves nothing
                continue
            before = self.reporter[max(0, offset - 20) : offset].split()
            previous = before[-1] if before else ""
            if previous.lower() in _NOT_BEFORE_A_PERSON or previous.endswith("ed") \
                    or previous[-1:].isdigit():
                banned.add(name)
                continue
            seen[name] = seen.get(name, 0) + 1
            # A person: "Elo felt that he …", or a role before the name ("model Elo").
            end = offset + len(name)
            if previous.lower() in PERSON_ROLES or _PERSON_AFTER.match(
                    self.reporter, end, min(len(self.reporter), end + 80)):
                acts.add(name)
        return {name for name, count in seen.items()
                if count >= 2 and name in acts and name not in banned
                and self.full(name, fuzzy=True) == name}  # not a misspelt surname

    def last_org_before(self, offset: int, noun: str | None = None, *,
                        within: int = 3000) -> str | None:
        """The organisation named last before an offset, within so many characters of it;
        for a noun ("the club"), the one the article called that ("his club Sunderland"), if
        it did. (Only a window before the offset is read, so this stays linear.)"""
        text, reporter = self._text, self.reporter
        if noun is not None:
            lo = max(0, offset - 3000)
            aliases = sorted(
                (m.start(), m["noun"], m["name"])
                for pattern in (_ALIAS_BEFORE, _ALIAS_AFTER)
                for m in pattern.finditer(reporter, lo, offset))
            for _, alias_noun, raw in reversed(aliases):
                name = clean_org(POSSESSIVE.sub("", raw))
                # Not "department Officer Ann Roe": a titled person.
                if alias_noun == noun and name and clean_name(name) in (name, None):
                    self._orgs.setdefault(name, name)
                    return name
            if noun in _PUBLICATIONS:
                # "the paper said" after "according to the Dalian Daily": the last masthead
                # ("the magazine", the last magazine's name).
                mastheads = list((_MAGAZINE if noun == "magazine" else _MASTHEAD).finditer(
                    reporter, lo, offset)) if noun != "broadcaster" else []
                if not mastheads:
                    return None
                words = mastheads[-1][0].split()
                return " ".join(words[1:] if words[0] == "The" and len(words) > 2 else words)
            # "the fund" after "the World Monuments Fund", "the encyclopedia" after
            # "Encyclopedia Britannica": the last name holding the noun as a word.
            title = noun.title()
            at = reporter.rfind(title, lo, offset)
            while at >= 0:
                run = _raw_name_at(reporter, _run_start(reporter, at))
                words = run.split()
                # ("the airline" in "American Airlines")
                name = clean_org(POSSESSIVE.sub("", run)) \
                    if title in words or f"{title}s" in words else None
                where = reporter.find(name, max(0, at - 80)) if name else -1
                if name and " " not in name and where >= 0:
                    # "the academy" after "the Academy of Motion Picture Arts and Sciences".
                    name = _org_tail(reporter, where, name)
                if name and " " in name and clean_name(name) in (name, None):
                    return self.full_org(_org_tail(reporter, where, name) if where >= 0
                                         else name)
                at = reporter.rfind(title, lo, at)
        found = None
        for o, n in _org_names(text, max(0, offset - within), offset):
            if reporter[o] == text[o] \
                    and not PREPOSITION_BEFORE.search(reporter, max(0, o - 12), o) \
                    and not (reporter[o - 1 : o] == "(" and reporter[o + len(n) : o + len(n) + 1]
                             == ")") \
                    and not reporter.startswith(("'s", "’s"), o + len(n)):
                found = (o, n)  # not "told CNN", "(CNN)" or "CNN's"
        return self.full_org(_org_tail(reporter, *found)) if found else None

    def full(self, name: str, *, fuzzy: bool = False) -> str:
        """The fullest form of a name given earlier in the article (or the name itself)."""
        parts = name.split()
        full = self.full_by_surname.get(parts[-1])
        if len(parts) == 2 and parts[0] in HONORIFICS and full and full != name \
                and full.split(" ", 1)[0] not in HONORIFICS:
            return full  # "Lord Rennard" is "Chris Rennard" where the article says so
        if full is None and len(parts[-1]) == 1:
            full = self.full_by_surname.get(parts[-1] + ".")  # "said Annie B.": "Annie B."
        if len(parts) == 1 and (full is None or full.split(" ", 1)[0] in HONORIFICS):
            # "Kim" for "Kim Jong Un": family names that come first; "Violet" is "Violet
            # Crawley" rather than "Lady Violet".
            full = self.full_by_token.get(parts[0], full)
        # (Only on articles of ordinary size: the scan is linear in the names known.)
        if fuzzy and full is None and len(parts) == 1 and len(name) > 4 \
                and len(self.full_by_surname) < 500:
            # A misspelt surname ("Daveport") still names the person given in full earlier.
            for surname, candidate in self.full_by_surname.items():
                if _one_edit(surname, name):
                    return candidate
        if full and len(full.split()) > len(parts) and set(parts) <= set(full.split()) \
                and (len(parts) == 1 or full.startswith(parts[0]) or full.endswith(" " + name)):
            # … but "Said Roe" is not "Ali Said Roe": the fuller form opens with the given
            # name, or ends with the whole name ("Del Piero", "Al Bukhaiti").
            return full
        if full and full != name and full.replace(".", "") == name.replace(".", ""):
            return full  # "James L Terry" as the article writes it, "James L. Terry"
        if full and len(parts) == 2 and parts[0].lower() in _PARTICLE_WORDS \
                and full.endswith(f" {parts[0].lower()} {parts[1]}"):
            return full  # '"…," De Villiers said' opening a sentence: "AB de Villiers"
        return name

    def is_body(self, name: str) -> bool:
        """Whether a speaker is an organisation: by its words, or found as one ('the company'
        for 'Global Aerospace Logistics, an aerospace company')."""
        return is_org(name) or name in self._orgs.values()

    def org_holding(self, word: str) -> str | None:
        """The organisation the article names with a word of its name ('the Pew report' after
        'the US Pew Research Center'): the longest capitalised run holding the word that
        names a body (the first of equals), in its fullest form."""
        best: str | None = None
        at = self.reporter.find(word)
        while at >= 0:
            end = at + len(word)
            if not self.reporter[end : end + 1].isalnum() and (
                    at == 0 or not self.reporter[at - 1].isalnum()):
                run = _raw_name_at(self.reporter, _run_start(self.reporter, at))
                name = clean_org(POSSESSIVE.sub("", run)) if run else None
                if name and " " in name and word in name.split() and is_org(name) \
                        and (best is None or len(name.split()) > len(best.split())):
                    best = name
            at = self.reporter.find(word, end)
        return self.full_org(best) if best else None

    def introduced_as(self, role: str) -> str | None:
        """The person the article introduces with a role's words, as written, before the
        name ('Tory leader Michael Howard' for "the Tory leader"), else None."""
        words = role.split()
        if not words:
            return None
        # The reporter's words are spaced singly within a paragraph (see `paragraphs`), so
        # the role is found as written and the name after it by one pattern compiled once,
        # not one pattern per role (compiling NAME each time cost more than the search).
        spelt = " ".join(words)
        reporter = self.reporter
        at = reporter.find(spelt)
        while at >= 0:
            match = None
            if at == 0 or not _NAME_CHAR.match(reporter, at - 1):
                match = _SPACED_NAME.match(reporter, at + len(spelt))
            if match is None:
                at = reporter.find(spelt, at + 1)
                continue
            before = reporter[max(0, at - 20) : at].split()
            if not (before and _is_title(before[-1])):
                # ("the prime minister" is not "Deputy Prime Minister Jo Roe")
                name = clean_name(match["name"])
                if name and " " in name and not is_org(name):
                    return self.full(name)
            at = reporter.find(spelt, match.end())
        return None

    def mark_body(self, name: str) -> None:
        """Count a speaker as an organisation from now on ("it said" showed it is one)."""
        self._orgs.setdefault(name, name)

    def full_org(self, name: str) -> str:
        """An organisation's fullest form in the article: 'Sheriff's Office' after 'the
        Butler County Sheriff's Office' was named."""
        if name in self._orgs:
            return self._orgs[name]
        if re.fullmatch(r"[A-Z]{2,6}", name) and len(self.reporter) <= 100_000:
            # "the NTSB" after "the National Transportation Safety Board": the words whose
            # initials spell the acronym.
            spelt = r"\s+(?:(?:of|and|for|on|the|&)\s+)*".join(rf"{c}[a-z][\w'’-]*" for c in name)
            match = re.search(rf"(?<![\w'’-]){spelt}\b", self.reporter)
            self._orgs[name] = match[0] if match else name
            return self._orgs[name]
        if " " not in name or len(self.reporter) > 100_000:
            # (Only on articles of ordinary size: each new name scans the text once.)
            return self._orgs.get(name, name)
        given = name
        first, rest = name.split(" ", 1)
        if first.isupper() and 1 < len(first) < 5 and f"{first} {rest}" not in self.reporter:
            dotted = f"{'.'.join(first)}. {rest}"
            if dotted in self.reporter:  # "US Marshals Service" read from "U.S. Marshals …"
                name = dotted
        found = self._capitalised_before(name)
        full = name
        if found:
            # "Australia's Department of …": the owner is no part of the name.
            words = found.split()
            owned = re.split(r"(?<=['’]s)\s+", found)[-1].split()
            if len(owned) >= 2 and is_org(" ".join(owned)):  # not "Sheriff's Office"
                words = owned
            # (A capitalised "New" opens a place's name, "The New York Times", no title.)
            while words and words[0] != "New" and (words[0].lower() in _STOP_WORDS
                                                   or _is_title(words[0])):
                words.pop(0)
            if len(words) > len(name.split()):
                full = " ".join(words).replace("’", "'")
        if full == name and name in self.reporter:
            # "the Syrian Observatory" after "the Syrian Observatory for Human Rights".
            full = _org_tail(self.reporter, self.reporter.find(name), name)
        if full == name:
            full = self.with_trade(name)
        self._orgs[given] = full
        return full

    def with_trade(self, name: str) -> str:
        """A company's name with the trade the article writes after it ("Blue Bell" after
        "Blue Bell Creameries"), else the name."""
        at = self.reporter.find(name + " ")
        while at >= 0:
            tail = _COMPANY_WORD.match(self.reporter, at + len(name) + 1)
            if tail and (at == 0 or not self.reporter[at - 1].isalnum()):
                return f"{name} {tail[1]}"
            at = self.reporter.find(name + " ", at + 1)
        return name

    def gender(self, name: str) -> str | None:
        """'m' or 'f' if the article's own pronouns (or a Mr/Ms before the name) tell a
        person's gender, else None. Counted on first use, from sentences that name one
        person only ('Jenkins said her fiance …', then 'She went to a bank.')."""
        if self._genders is None:
            self._genders = {}
            self._by_name = {}
            # An article whose own words give only one gender can put no pronoun at odds
            # with anyone: every count would be of that gender or none.
            text = self.reporter
            if any(w in text for w in _FEMALE_HINTS) and _FEMALE_WORD.search(text) \
                    and _MALE_WORD.search(text):  # (the hints skip most texts' full scan)
                for k, (_, full) in enumerate(self.mentions):
                    self._by_name.setdefault(full, []).append(k)
        votes = self._genders.get(name)
        if votes is None:
            votes = self._genders[name] = self._count_gender(name)
        if not votes or votes[0] == votes[1]:
            # The pronouns are silent: a given name that tells ("Caryn Franklin").
            first = name.split(" ", 1)[0] if " " in name else ""
            return "f" if first in FEMALE else "m" if first in MALE else None
        return "m" if votes[0] > votes[1] else "f"

    def _count_gender(self, name: str) -> list[int]:
        """[he, she] votes for a person: a Mr/Ms before the name, and a pronoun soon after
        it (or opening the next sentence) where its sentence names no one else."""
        count = [0, 0]
        reporter, starts, mentions = self.reporter, self.sentence_starts, self.mentions
        for k in self._by_name.get(name, ()) if self._by_name else ():
            offset = mentions[k][0]
            if reporter.startswith(("Mr ", "Mr. "), offset):
                count[0] += 2
            elif reporter.startswith(("Mrs", "Ms ", "Ms. ", "Miss "), offset):
                count[1] += 2
            elif kin := _KIN_BEFORE.search(reporter, max(0, offset - 16), offset):
                count[kin[1] not in _MALE_KIN] += 2  # "his wife Gerti", "her son Tom"
            at = bisect.bisect_right(starts, offset)
            begin = starts[at - 1] if at else 0
            end = starts[at] if at < len(starts) else len(reporter)
            lo = bisect.bisect_left(mentions, (begin, ""))
            hi = bisect.bisect_left(mentions, (end, ""), lo)
            if any(other != name for _, other in mentions[lo:hi]):
                continue
            # "Jenkins told the jury she …", then "She went to a bank."
            # (Not a pronoun set off to say who spoke: "Muffat, he said, was known as …" is
            # someone else's words about her, and so is the "He said" after it.)
            reported = False
            near = None
            for match in _GENDERED.finditer(reporter, offset, min(end, offset + 60)):
                if reporter[match.end() : match.end() + 1].isalnum():
                    break  # a word cut by the window's end: "he" of "her"
                if reporter.endswith(", ", 0, match.start()) \
                        and _SAYS_AFTER.match(reporter, match.end()):
                    reported = True
                    continue
                near = match
                break
            if near:
                count[near[0].lower() in _FEMININE] += 1
            opening = _PRONOUN_SUBJECT.match(reporter, end) if end < len(reporter) else None
            if opening and not reported:
                count[opening[0].strip().lower() in _FEMININE] += 1
        return count

    def _capitalised_before(self, name: str) -> str | None:
        """The first place the reporter writes the name with one to four capitalised words
        (or dotted initials) just before it, those words and the name ('Butler County
        Sheriff's Office' for "Sheriff's Office"); curly and straight apostrophes alike.
        (A search for the name's text and a fixed pattern before each sighting, rather than
        a pattern made for each name: compiling one costs more than the search.)"""
        if self._plain is None:
            self._plain = self.reporter.replace("’", "'")
        plain, target = self._plain, name.replace("’", "'")
        ends_in_word = target[-1].isalnum() or target[-1] == "_"
        at = plain.find(target)
        while at >= 0:
            end = at + len(target)
            after = plain[end : end + 1]
            if ends_in_word != (after.isalnum() or after == "_"):  # a word ends there
                run = _CAPITALISED_RUN.search(self.reporter, max(0, at - 200), at)
                if run:
                    return self.reporter[run.start() : end]
            at = plain.find(target, at + 1)
        return None

    def last_person_before(self, offset: int, gender: str | None = None, *,
                           _tries: int = 4) -> str | None:
        """The subject of the last sentence before an offset that names someone: its first
        named person ('Madison is now married to Pasquale Rotella.' gives Madison); with a
        pronoun's `gender`, no one the article gives the other gender."""
        at = bisect.bisect_left(self.mentions, (offset, ""))
        if at == 0:
            return None
        for _ in range(4 if gender else 3):
            last = self.mentions[at - 1][0]
            starts = bisect.bisect_right(self.sentence_starts, last)
            sentence_start = self.sentence_starts[starts - 1] if starts else 0
            first = bisect.bisect_left(self.mentions, (sentence_start, ""))
            if first == 0:
                break
            # (A name in a role subject's relative clause is someone else, even if "said"
            # follows it: the role says.)
            if not self._role_subject(sentence_start, self.mentions[first][0]) and (
                    any(self._says(o) for o, _ in self.mentions[first:at]) or not (
                        _PRONOUN_SUBJECT.match(self.reporter, sentence_start)
                        or all(_PLACE_OBJECT.search(self.reporter, max(0, o - 12), o)
                               for o, _ in self.mentions[first:at]))):
                break
            # 'Molik won. She will now meet Ann Roe.': "she" is the sentence's subject, and
            # whoever it names is an object; the person is the one named before. So is one
            # who is named only after prepositions ("invited him to play at Stamford Bridge").
            at = first
        found = self._subject(self.mentions[first:at])
        if gender and first > 0 and self.gender(found) not in (None, gender):
            # "she" is not a man the article calls "he": the first who may be, in this
            # sentence or the ones before.
            agreeing = [(o, n) for o, n in self.mentions[first:at] if self.gender(n) == gender]
            if agreeing:
                return self._subject(agreeing)
            earlier = self.last_person_before(self.mentions[first][0], gender,
                                              _tries=_tries - 1) if _tries > 1 else None
            return earlier if earlier and self.gender(earlier) == gender else found
        return found

    def _role_subject(self, sentence_start: int, first_name: int) -> bool:
        """Whether the sentence's subject is a role with a relative clause after it, holding
        the first name: 'The 70-year-old actor, who was raised by a Jewish father, Kirk
        Douglas, …, said': the actor is the one named before, the father someone else."""
        role = _ROLE_SUBJECT_WHO.match(self.reporter, sentence_start, first_name)
        return role is not None and role["role"] in PERSON_ROLES

    def titled(self, role: list[str]) -> str | None:
        """The one person the article gives with this title before the name: 'the Iranian
        foreign minister' is 'Foreign Minister Javad Zarif', but 'the prime minister' is not
        'Deputy Prime Minister Jo Roe'. `role` is the phrase's lower-case words."""
        if self._titled is None:
            # Built on the first call only (few articles need it): one pass over the names.
            self._titled = {}
            for match in NAME_RE.finditer(self._text):
                words = match[0].split()
                at = max((i for i, w in enumerate(words[:-1])
                          if w.lower() in TITLES or w[-1:] == "." and w[:-1].lower() in TITLES),
                         default=-1)
                name = clean_name(POSSESSIVE.sub("", " ".join(words[at + 1 :]))) \
                    if at >= 0 else None  # ("Dr. Phil's hand": Dr. Phil)
                if name is None or is_org(name):
                    continue
                title = [w.lower().rstrip(".") for w in words[: at + 1]]  # ("Dr.": "dr")
                self._titled.setdefault(" ".join(title[-2:]), []).append(
                    (title, self.full(name)))
        found = self.all_titled(role)
        return found.pop() if len(found) == 1 else None

    def all_titled(self, role: list[str]) -> set[str]:
        """Everyone the article gives with this title before the name (see `titled`)."""
        if self._titled is None:
            self.titled(["the", "-"])
        assert self._titled is not None
        role = role[1:] if role[:1] == ["the"] else role
        found = {full for title, full in self._titled.get(" ".join(role[-2:]), ())
                 if len(title) <= 2 or title[-3] in role or _NOT_A_PERSON.search(title[-3])}
        if not found and len(role) == 1:
            # "the CEO" after "Lufthansa CEO Carsten Spohr": the body's name before the title
            # qualifies it; "Deputy CEO" would be another post.
            found = {full for key, titled in self._titled.items() if key.endswith(" " + role[0])
                     for title, full in titled if title[-2] not in TITLES}
        return found

    def associate(self, pronoun: str, noun: str, offset: int) -> str | None:
        """The person the article gave as 'his mother' before an offset ('Ann Roe, his
        mother', 'his mother, Ann Roe', 'his mother Ann Roe'), else None."""
        found = owner = None
        for match in _associate(pronoun, noun).finditer(self.reporter, max(0, offset - 3000),
                                                          offset):
            found = match["before"] or match["after"]
            owner = match["owner1"] or match["owner2"]
        name = clean_name(found) if found else None
        if name and " " not in name and owner:
            name = f"{name} {owner}"  # "Huskins' father, Michael": Michael Huskins
        return self.full(name) if name and not is_org(name) else None

    def sentence_before(self, offset: int) -> int:
        """Where the reporter's sentence ending at an offset (a sentence start) begins."""
        at = bisect.bisect_left(self.sentence_starts, offset)
        return self.sentence_starts[at - 1] if at >= 1 else 0

    def asker_before(self, offset: int) -> str | None:
        """Who asks the reporter's question ending just before an offset ('Is he running,
        Ann Roe asked, for the seat?'), else None."""
        if not _QUESTION_END.search(self.reporter, max(0, offset - 8), offset):
            return None
        begin = self.sentence_before(offset)
        lo = bisect.bisect_left(self.mentions, (begin, ""))
        hi = bisect.bisect_left(self.mentions, (offset, ""))
        for at_name, name in self.mentions[lo:hi]:
            if _ASKS.match(self.reporter, at_name + len(_raw_name_at(self.reporter, at_name))):
                return name
        return None

    def _subject(self, mentions: list[tuple[int, str]]) -> str:
        """Who a sentence is about: whoever a 'said' comes just before ('North Korea was told
        …, said Kim Min-seok'), else the first name that acts ('Mikhail Vanin said') rather
        than one in a fronted phrase ('In Jyllands Posten on Saturday, ...'), else the first."""
        for offset, name in mentions:
            if self._inverted_sayer(offset):
                return name
        if len(mentions) > 1:
            for offset, name in mentions:  # "According to Ada Vos, Ivo Lund promised …"
                if _ACCORDING_TO_END.search(self.reporter, max(0, offset - 14), offset):
                    return name
            for offset, name in mentions:  # "Wallace was kind, Jenkins told the jury"
                if _SAYS_AFTER.match(self.reporter, offset + len(_raw_name_at(self.reporter,
                                                                              offset))) \
                        and not _OBJECT_BEFORE.search(self.reporter, max(0, offset - 22),
                                                      offset):
                    return name  # (not "a stand on Lagos Island said")
        # A name after a preposition is an object ('a producer for Jon Roe, with whom Ann
        # Lee worked'), even when a comma follows it; "according to" names a source.
        objects = False
        for offset, name in mentions:
            if _OBJECT_BEFORE.search(self.reporter, max(0, offset - 22), offset):
                objects = True
            elif _ACTS.match(self.reporter, offset + len(_raw_name_at(self.reporter, offset))):
                return name
        if objects:
            for offset, name in mentions:  # "… with whom Ann Lee worked": a verb follows
                if _PAST_VERB.match(self.reporter, offset + len(_raw_name_at(self.reporter,
                                                                             offset))) \
                        and not _OBJECT_BEFORE.search(self.reporter, max(0, offset - 22),
                                                      offset):
                    return name
        return mentions[0][1]

    def _inverted_sayer(self, offset: int) -> bool:
        """'…, said Kim Min-seok, the spokesman': the name after an inverted speech verb,
        ending its clause (in 'Agassi, who …, said Melzer was' Melzer is not the sayer)."""
        end = offset + len(_raw_name_at(self.reporter, offset))
        return bool(_SAYS_BEFORE.search(self.reporter, max(0, offset - 20), offset)
                    and _CLAUSE_END.match(self.reporter, end))

    def _says(self, offset: int) -> bool:
        """Whether the name at an offset speaks: 'X said' or '…, said X'."""
        return self._inverted_sayer(offset) or bool(_SAYS_AFTER.match(
            self.reporter, offset + len(_raw_name_at(self.reporter, offset))))

    def reported_speaker(self, start: int, end: int, quote_start: int | None = None) -> str | None:
        """Who the reporter's sentence just before `end` (and after `start`) says spoke:
        'Elsden said the dig reveals much.' gives Elsden; None if it reports no speech. With
        the `quote_start` of a quotation in the sentence from `end`, which names no one
        before it, a sentence between that names no one and reports no speech is passed over
        ('…, says Jao. The city has hosted crews from Latvia. "…"')."""
        at = bisect.bisect_left(self.sentence_starts, end - 1)
        begin = max(self.sentence_starts[at - 1] if at >= 1 else 0, start)
        if not SPEECH_WORD.search(self.reporter, begin, end):
            # (No one named from the passed-over sentence to the quotation.)
            if quote_start is None or at < 2 or self.sentence_starts[at - 2] < start \
                    or self.first_between(begin, quote_start) is not None:
                return None
            end, begin = begin, self.sentence_starts[at - 2]
            if not SPEECH_WORD.search(self.reporter, begin, end):
                return None
        lo = bisect.bisect_left(self.mentions, (begin, ""))
        hi = bisect.bisect_left(self.mentions, (end, ""))
        for k, (offset, name) in enumerate(self.mentions[lo:hi], lo):
            after = offset + len(_raw_name_at(self.reporter, offset))
            if self._inverted_sayer(offset) or \
                    _SAYS_AFTER.match(self.reporter, after):
                if k > lo and self.reporter.endswith(" and ", 0, offset):
                    # "Kneebone and Holmes wrote": the two, jointly.
                    first_at, first = self.mentions[k - 1]
                    if first_at + len(_raw_name_at(self.reporter, first_at)) + 5 == offset:
                        return f"{first} and {name}"
                return name
        return None  # "…, he argued.": the pronoun's person is the previous speaker's

    def first_between(self, start: int, end: int, *, subject: bool = False) -> str | None:
        """The first named person mentioned in text[start:end]; with `subject`, the first
        not after a preposition ("The changes proposed by Lord Dubs were …": not him)."""
        at = bisect.bisect_left(self.mentions, (start, ""))
        while at < len(self.mentions) and self.mentions[at][0] < end:
            offset, name = self.mentions[at]
            if not subject or not _OBJECT_BEFORE.search(self.reporter, max(0, offset - 22),
                                                         offset):
                return name
            at += 1
        return None


@lru_cache(maxsize=256)
def _associate(pronoun: str, noun: str) -> re.Pattern[str]:
    # "his father", or with the person's name: "Aslan's father, Mehmet Aslan".
    whose = rf"(?:(?i:{pronoun})|(?<![\w'’-])(?P<owner{{}}>[A-Z][\w-]*)['’]s?)"
    return re.compile(rf"(?P<before>{NAME}),\s+{whose.format(1)}\s+(?:[a-z]+\s+)?{noun}\b"
                      rf"|{whose.format(2)}\s+(?:[a-z]+\s+)?{noun},?\s+(?P<after>{NAME})")


def _run_start(text: str, offset: int) -> int:
    """Where the capitalised run holding the word at an offset starts (up to four words back,
    joined by spaces, "of", "for", "and" or "&")."""
    start = offset
    for _ in range(4):
        match = _WORD_BEFORE.search(text, max(0, start - 40), start)
        if not match:
            break
        start = match.start()
    return start


_WORD_BEFORE = re.compile(r"(?<![\w'’-])[A-Z][\w'’&-]*\s+(?:(?:of|for|and|&)\s+)?$")


def _raw_name_at(text: str, offset: int) -> str:
    match = NAME_RE.match(text, offset)
    return match.group(0) if match else ""


# Words of a title's portfolio after its "for" or "of" ("High Commissioner for Human Rights",
# "Secretary of State", "Director of Public Prosecutions"): in the capitalised run after them
# they are still the title, not the name that follows.
_PORTFOLIO = frozenset("""
State Human Rights Refugees Foreign Home Affairs Commonwealth Health Education Defence Defense
Justice Trade Industry Energy Environment Transport Culture Media Sport Sports Finance Economy
Economic Labour Labor Agriculture Interior Commerce Treasury Exchequer Housing Communities
Local Government Public Prosecutions Works Science Technology Social Security Welfare Work
Pensions Employment Immigration Veterans Homeland National Intelligence Information Tourism
Youth Women Children Equalities Equality Development International Policy Planning Climate
Change Digital Innovation Skills Business Enterprise Disarmament Peace Police Prisons Staff
Navy Army Operations Communications Research Services
""".split())
# (The look-back after the capital, not before it: the scanner then jumps between capitals.)
_TITLE_OF_BEFORE = re.compile(r"([A-Z](?<![\w'’-][A-Z])[\w-]*)\s+(?:for|of)\s+(?:the\s+)?$")


def portfolio_end(text: str, start: int, run: str) -> int:
    """Where the name starts in a capitalised run that follows a title's "for" or "of"
    ('Commissioner for Human Rights Zeid Ra'ad Al Hussein', 'Secretary of State John
    Kerry'): past the title's portfolio words; 0 if the run opens with none, and the run's
    length if it holds nothing else."""
    if not (text.endswith(("of ", "for "), 0, start) or text.endswith("the ", 0, start)):
        return 0
    title = _TITLE_OF_BEFORE.search(text, max(0, start - 40), start)
    if title is None or not _is_title(title[1]):
        return 0
    end = 0
    for word in _PORTFOLIO_WORD.finditer(run):
        if word[0] not in _PORTFOLIO:
            return word.start() if end else 0
        end = word.end()
    return len(run)


_PORTFOLIO_WORD = re.compile(r"[^\s]+")


def _names(text: str) -> list[tuple[int, str, bool]]:
    """Offsets, cleaned forms and possessiveness of the people-like names in a text."""
    out: list[tuple[int, str, bool]] = []
    append = out.append  # most runs hold one name: a plain loop beats building a list each
    for match in NAME_RE.finditer(text):
        start = match.start()
        pieces = _pieces(match[0])
        if pieces and text.endswith(("r ", "f ", "e "), 0, start):
            skip = portfolio_end(text, start, match[0])
            if skip:
                # "High Commissioner for Human Rights Zeid Ra'ad Al Hussein": the name after
                # the title's portfolio.
                start += skip
                pieces = _pieces(match[0][skip:]) if skip < len(match[0]) else ()
        if pieces:
            for at, name, possessive in pieces:
                append((start + at, name, possessive))
            if match.lastindex:
                # "The 1998 French Open champion", "a Jo Roe spokesman": the name qualifies
                # someone else, as an owner's name does ("Jo Roe's aide").
                out[-1] = (out[-1][0], out[-1][1], True)
    return out


@lru_cache(maxsize=50_000)
def _could_be_one_name(name: str) -> bool:
    """'Elo', but not 'NASA', 'Chinese', 'Afghans' or 'Al'."""
    return len(name) > 2 and name[1:].islower() and name.isalpha() \
        and not _NOT_A_PERSON.search(name)


def _org_names(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Offsets and names of the organisations text[start:end] names."""
    orgs = []
    for match in NAME_RE.finditer(text, start, end):
        org = _org_piece(match[0])
        if org is not None:
            orgs.append((match.start() + org[0], org[1]))
    return orgs


_OF_TAIL = re.compile(
    r"\s+(?:of|for|on)\s+(?:the\s+)?[A-Z][\w'’&-]*(?:\s+(?:and\s+)?[A-Z][\w'’&-]*){0,5}")


def _org_tail(text: str, offset: int, name: str) -> str:
    """'Ministry' named as 'Ministry of Tourism and Antiquities', 'Organization for Black
    Struggle': the name with its 'of'/'for' part."""
    end = offset + len(name)
    if not text.startswith(name, offset):
        return name
    tail = _OF_TAIL.match(text, end)
    return name + tail[0] if tail else name


@lru_cache(maxsize=50_000)
def _org_piece(raw: str) -> tuple[int, str] | None:
    """The organisation a capitalised run names, if it does ('FBI', 'Durham Constabulary',
    'the Alabama Supreme Court'), with its offset in the run."""
    offset = 0
    for piece in _POSSESSIVE_SPLIT.split(raw) if "'" in raw or "’" in raw else [raw]:
        name = clean_org(POSSESSIVE.sub("", piece))
        person = clean_name(piece)
        if name and is_org(name) and (person is None or is_org(person)):  # not "SJPD Officer X"
            return offset + piece.find(name.split()[0]), name
        offset += len(piece) + 1
    return None


@lru_cache(maxsize=50_000)
def clean_org(raw: str) -> str | None:
    """An organisation's name from a capitalised run: sentence openers dropped ('The',
    'Today'), the rest kept ('Butler County Sheriff's Office')."""
    parts = [p.rstrip(".,") if not _initials(p) else p for p in raw.split()]
    while parts and (parts[0].lower() in _STOP_WORDS or parts[0].lower() in _DAYS) \
            and not (len(parts[0]) == 1 and parts[0] not in "AI" and len(parts) > 1) \
            and not (len(parts[0]) > 1 and parts[0].isupper() and parts[0].isalpha()):
        # (but "Q Magazine", "E Corp": a letter naming the body; "UN Human Rights Office",
        # "WHO": an acronym, not the stop word "un" or "who")
        parts.pop(0)
    return " ".join(parts).replace("’", "'") if parts else None


# A word that is no one's name on its own: a particle, "I", an event's or a place's last word.
_NO_ONE_WORD_NAME = _LOWER_NAMES | {"I"} | _EVENT_OR_PLACE_LAST


@lru_cache(maxsize=50_000)
def _pieces(raw: str) -> tuple[tuple[int, str, bool], ...]:
    if raw.isalpha():
        # One plain word (a quarter of new runs): `clean_name` and `is_org` come down to these
        # word tests (a sentence's first word, a title, a body's word, an acronym, …), which
        # spare a new word their passes (tests/test_quotes.py checks that they agree).
        low = raw.lower()
        if low in _STOP_WORDS or low in TITLES or low in _ORG_WORDS \
                or raw in _NO_ONE_WORD_NAME \
                or (len(raw) > 1 and raw.isupper() and raw not in _SUFFIXES):
            return ()
        return ((0, raw, False),)
    if " " not in raw and raw.lower() in _STOP_WORDS:
        return ()  # a sentence's first word
    # "Hugh Hefner's Playboy Mansion" holds the name "Hugh Hefner" and a place.
    if "'" not in raw and "’" not in raw:  # most runs: one piece, no possessive
        name = clean_name(raw)
        return ((0, name, False),) if name and not is_org(name) else ()
    out = []
    offset = 0
    for piece in _POSSESSIVE_SPLIT.split(raw):
        possessive = bool(POSSESSIVE.search(piece))
        name = clean_name(POSSESSIVE.sub("", piece) if possessive else piece)
        if possessive and name and " " not in name:
            # "Mike Friday's England side": a day before an owner's 's is a surname, not the
            # date ("Evansville Monday").
            words = POSSESSIVE.sub("", piece).split()
            if len(words) >= 2 and words[-1].lower() in _DAYS and words[-2] == name:
                name = f"{name} {words[-1]}"
        if name and not is_org(name):
            out.append((offset, name, possessive))
        offset += len(piece) + 1
    return tuple(out)


def _one_edit(a: str, b: str) -> bool:
    """Whether two words differ by one inserted, deleted or replaced letter."""
    if a == b or abs(len(a) - len(b)) > 1 or a[:1] != b[:1]:
        return False
    if len(a) < len(b):
        a, b = b, a
    for i in range(len(b)):
        if a[i] != b[i]:
            return a[i + 1 :] == b[i + 1 :] or a[i + 1 :] == b[i:]
    return True


def is_org_word(word: str) -> bool:
    """A word that makes a name an organisation's ('Federation', 'Council')."""
    return word.lower() in _ORG_WORDS


def _opening_initials(parts: list[str]) -> bool:
    """Whether a run opens with two capitals that belong to the name, not an acronym before
    it: initials written without stops before a particle ("AB de Villiers"), or before one
    word more, a person's initials or a body's letters ("PK Shahi", "DC Comics"); not a
    country's or a body's own code ("US Airways", "UN de …"), nor before a role ("DPS
    spokesman")."""
    first = parts[0]
    if len(first) != 2 or not first.isalpha() or not first.isupper() or first in _PLACE_CODES:
        return False
    if len(parts) >= 3:
        return parts[1] in _LOWER_NAMES
    return len(parts) == 2 and parts[1][1:].islower() and not _is_title(parts[1]) \
        and parts[1].lower() not in _STOP_WORDS


@lru_cache(maxsize=50_000)
def is_org(name: str) -> bool:
    """An organisation rather than a person: 'Labor Department', 'Arizona DPS' (but not 'Bob
    Jones III' nor 'AB de Villiers')."""
    parts = name.split()
    for k, part in enumerate(parts):
        if part.lower() in _ORG_WORDS or (
                len(part) > 1 and part.isalpha() and part.isupper() and part not in _SUFFIXES
                and not (k == 0 and _opening_initials(parts))):
            return True
    return False


@lru_cache(maxsize=50_000)
def _is_title(word: str) -> bool:
    # "Owner-breeder", "Playboy-centered": a hyphenated word ending in lower case is a role;
    # "Vice-President", "Secretary-General": titles joined by a hyphen are one.
    return word.lower() in TITLES or ("-" in word and (
        bool(_ROLE_COMPOUND.fullmatch(word))
        or all(part in TITLES for part in word.lower().split("-"))))


@lru_cache(maxsize=50_000)
def clean_name(raw: str) -> str | None:
    """Strip titles and sentence openers from a capitalised run: the person's name or None."""
    parts = raw.split()
    if "." in raw or "," in raw:
        parts = [p for p in (p if _initials(p) or p in _DOTTED_SUFFIXES else p.rstrip(".,")
                             for p in parts) if p]
    if "’" in raw:
        parts = [p.replace("’", "'") for p in parts]
    for i in range(1, len(parts)):
        if parts[i - 1][-1:] == "." and parts[i].lower() in _STOP_WORDS \
                and parts[i] not in _GIVEN_NAMES:
            parts = parts[:i]  # "Nick G. Like Africa, Nick …": the next sentence's words
            break
    # "Russian Ambassador Mikhail Vanin", "Trade Secretary Patricia Hewitt": the name follows
    # the last title word.
    for i in range(len(parts) - 2, -1, -1):
        if _is_title(parts[i]) and not (
                parts[i] == "Sheikh" and i >= 2 and _is_title(parts[i - 2])
                and not _is_title(parts[i - 1])):  # "President Hassan Sheikh Mohamud"
            parts = parts[i + 1 :]
            break
    while parts and (
        _is_title(parts[0])
        or (parts[0].lower() in _STOP_WORDS
            # "Said Roe", "Will Roe": a given name (the callers tell a sentence's verb)
            and not (parts[0] in _GIVEN_NAMES and len(parts) > 1 and parts[1][:1].isupper()
                     and parts[1].lower() not in _STOP_WORDS and not _is_title(parts[1]))
            # "Per E. Samuelsson": a capitalised word before a middle initial and a surname
            and not (len(parts) == 3 and parts[0][1:].islower() and len(parts[1]) == 2
                     and _initials(parts[1]) and parts[2][1:].islower()
                     and parts[0].lower() not in _FUNCTION_WORDS))
        or parts[0] in _LOWER_NAMES  # "de", "van" written lower-case; "Van Duncan" is a name
        or (parts[0] == "Doctor" and len(parts) > 2)  # "Doctor Ann Roe" (not "Doctor Who")
        # an acronym opening the run ("DPS spokesman"), but not an initial ("J. R. Halvorsen")
        # nor two initials written without stops ("AB de Villiers", "PK Shahi")
        or (parts[0].isupper() and len(parts[0]) > 1 and len(parts) > 1
            and not (_initials(parts[0])
                     and parts[0] not in _DOTTED_ACRONYMS)
            and not _opening_initials(parts))
    ):
        parts.pop(0)
    if len(parts) >= 3 and parts[0].lower() in _OPENING_ROLES and parts[0][1:].islower():
        parts = parts[1:]  # "Photographer Ann Roe", "Instructor Ann Roe": an occupation
    if len(parts) >= 2 and parts[0] in _HEADLINE_VERBS:
        parts = parts[1:]  # "Meet Parisa Tabriz", "Watch Kanye West": a headline's verb
    if len(parts) >= 3 and (parts[0] in NATIONALITIES or _ADJECTIVE_END.search(parts[0])) \
            and parts[-1] not in _BODY_TAILS:  # (not "Australian Red Cross")
        # "Californian Thomas Slattery", "trained by American Art Sherman", "Defiant Matt
        # Williams says": a nationality or an adjective before the name.
        parts = parts[1:]
    while parts and (parts[-1] == "I" or parts[-1] in _LOWER_NAMES
                     or (parts[-1] in _POST_NOMINALS and len(parts) > 2)
                     or (parts[-1].lower() in _DAYS and len(parts) > 1)):
        parts.pop()  # (and "Evansville Monday": a day after the name)
    if parts and (parts[-1] in _EVENT_OR_PLACE_LAST
                  or (len(parts) > 1 and parts[0] in _PLACE_FIRST)):
        return None  # "Australian Open", "Gulf War", "South America", "Lake Waban"
    # "Environmental Audit Committee Peter Ainsworth": a person named after the body's words
    # (the body's last word acts as a title); after a publication's ("Washington Post Fact
    # Checker") come its columns and sections.
    bodies = [i for i, p in enumerate(parts[:-2]) if p.lower() in _ORG_WORDS] \
        if len(parts) > 2 else []
    if bodies and parts[bodies[-1]].lower() in _PRESS_WORDS:
        bodies = []
    if bodies and all(_PLAIN_WORD.fullmatch(p) and p.lower() not in _ORG_WORDS
                      for p in parts[bodies[-1] + 1 :]):
        parts = parts[bodies[-1] + 1 :]
    if not parts or (len(parts) == 1 and _is_title(parts[0])):
        return None
    if len(parts) == 1:
        # "Lord Rennard", "U Zarni": a one-word name keeps the honorific written before it.
        words = raw.split()
        at = len(words) - 1 - words[::-1].index(parts[0]) if parts[0] in words else 0
        if at and words[at - 1] in HONORIFICS:
            return f"{words[at - 1]} {parts[0]}"
    return " ".join(parts)
