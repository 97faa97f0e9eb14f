"""Quote extraction and speaker attribution, by rule and against the labelled set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.quote_eval import LABELS, score_labels
from digest import Quote, extract_quotes, summarize
from digest.names import clean_name

HEWITT = (
    "Trade Secretary Patricia Hewitt announced the plan on Monday.\n\n"
    '"This is a good day for British business and for workers," Ms Hewitt said.\n\n'
    'She added: "We will keep listening to everyone who has a stake in this."'
)


def speakers(text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in extract_quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"We will win the next game easily," said John Smith.',
         [("We will win the next game easily", "John Smith")]),
        ("“We will win the next game easily,” John Smith said.",
         [("We will win the next game easily", "John Smith")]),
        ('John Smith told reporters: "We will win the next game easily."',
         [("We will win the next game easily.", "John Smith")]),
        ('John Smith: "We will win the next game easily."',
         [("We will win the next game easily.", "John Smith")]),
        ('Growth will slow "for at least two more years", according to Jane Doe.',
         [("for at least two more years", "Jane Doe")]),
        ('Mary Jones spoke. "The economy," she said, "is doing better than expected."',
         [("The economy is doing better than expected.", "Mary Jones")]),
    ],
)
def test_attribution_patterns(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert speakers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A capitalised role opening the sentence is not the speaker's name.
        ("Senior curator Ann Bell described the find as “like reading a letter meant for "
         "someone else.”", "Ann Bell"),
        # The role after the verb, then the name.
        ("“We print in small batches,” said the firm's founder, Nell Orr.", "Nell Orr"),
        # An age between the name and the verb.
        ("Ruth Gale, 71, who said she had come “more times than I can count”, stayed.",
         "Ruth Gale"),
        # "Name, the role, said:".
        ("Tom Pike, the club's chief scout, said: “We looked at forty players this year.”",
         "Tom Pike"),
        # A second verb joined by "but" shares the first verb's subject.
        ("Finance Minister Ada Vos, who has urged a pause, said the bank was independent but "
         "warned that families were “running out of road fast.”", "Ada Vos"),
        # A title's full stop ends no sentence.
        ("“The pumps came on within seconds,” Dr. Jo Lane said.", "Jo Lane"),
        ("“That is a real difference,” said Dr. Jo Lane, the surgeon who led the study.",
         "Jo Lane"),
        # "called … “…”" attributes a quotation of at least four words.
        ("Councillor Ben Roe called the closure date “a slogan dressed up as a plan.”",
         "Ben Roe"),
        # An organisation named with "and" is one speaker.
        ("The Rail and Sea Workers’ Union said it had no assurances, and warned that cuts "
         "“can only come from one place.”", "Rail and Sea Workers' Union"),
    ],
)
def test_general_attribution_rules(text: str, expected: str) -> None:
    assert [s for _, s in speakers(text)] == [expected]


def test_initials_and_title_stops_give_the_full_name() -> None:
    text = ("The method was refined by the chemist J. R. Hale in Oslo.\n\n"
            "“Ten years ago this was impossible,” Dr. Hale said in an interview.")
    assert [s for _, s in speakers(text)] == ["J. R. Hale"]


def test_pronoun_after_a_new_person_in_a_new_paragraph() -> None:
    text = ("“We are pleased,” said Oskar Lind, the chief executive.\n\n"
            "Helen Marsh, 44, a teacher who took part, said she felt better.\n\n"
            "“I got my weekends back,” she said.\n\n"
            "Prof. Ann Ross of the Kell Heart Centre called the findings “encouraging”.\n\n"
            "“Twelve weeks is short,” she said.")
    assert [s for _, s in speakers(text)] == ["Oskar Lind", "Helen Marsh", "Ann Ross"]


def test_generational_suffix_and_possessive_owner() -> None:
    text = ("Former college president Rob Lane III apologised on Saturday.\n\n"
            "“I take full ownership of those words,” Lane said.\n\n"
            "“We will respond firmly to any provocation at all,” the North's Lane said.")
    assert [s for _, s in speakers(text)] == ["Rob Lane III", "Rob Lane III"]


def test_pronoun_goes_to_the_inverted_sayer_not_a_place() -> None:
    text = ("North Valdia was told of the drills on Monday, said Kim Ho-jin, the ministry "
            "spokesman.\n\n"
            "“They have fired in a very similar manner before,” he said.")
    assert [s for _, s in speakers(text)] == ["Kim Ho-jin"]


def test_unattributed_quote_after_reported_speech() -> None:
    text = ("“We are pleased,” said Ann Hale, the mayor.\n\n"
            "The dig began in May. Nick Elsden said the site reveals much about the city. "
            "“A large sample of the population will let us study how people lived.”")
    assert [s for _, s in speakers(text)] == ["Ann Hale", "Nick Elsden"]


def test_name_then_role_without_a_closing_comma() -> None:
    text = ("The ground was used by “a varied cross-section of society over the years,” "
            "Nick Elsden, project manager at the museum told reporters.")
    assert [s for _, s in speakers(text)] == ["Nick Elsden"]


def test_two_quotes_in_one_sentence_are_joined_only_across_an_attribution() -> None:
    text = ('"The situation is again close to the brink," the agency said, noting that the '
            'army "will never remain a passive onlooker in this situation."')
    assert speakers(text) == [
        ("The situation is again close to the brink", None),
        ("will never remain a passive onlooker in this situation.", None),
    ]


def test_an_organisation_gets_its_fullest_name_and_a_pastor_is_a_title() -> None:
    text = ("The Butler County Sheriff's Office posted his picture on Monday.\n\n"
            "“Thanks to our friends for helping turn up the heat,” the Sheriff's Office "
            "tweeted.\n\n"
            "“We love the people and have served alongside them for years,” Pastor Bruce Dick "
            "said.")
    assert [s for _, s in speakers(text)] == ["Butler County Sheriff's Office", "Bruce Dick"]


def test_name_before_a_role_with_and_and_what_x_said() -> None:
    text = ('Nick Bonner, the firm\'s co-founder and director, told CNN on Tuesday, "We are '
            'pleased to announce that tours resume."\n\n'
            'They are banned over what Maduro said was their role in "bombing towns and '
            'villages for years."')
    assert [s for _, s in speakers(text)] == ["Nick Bonner", "Maduro"]


def test_hyphenated_term_is_not_a_quotation() -> None:
    text = "Executives have taken to calling the model “door-to-door rail” in briefings."
    assert extract_quotes(text) == []


def test_a_person_named_by_one_word() -> None:
    text = ("Former racing driver Zed used to sell boats. In 2003 he founded the Brixham Boat "
            "Museum. Zed felt that he had found his calling.\n\n"
            '"I wanted to build things people could touch," he says.')
    assert [s for _, s in speakers(text)] == ["Zed"]


def test_one_word_place_or_company_is_no_person() -> None:
    text = ("Lena Ortiz moved to Brantford in May. Brantford has two mills, and Brantford "
            "pays well. Lena Ortiz told Brantford she liked it.\n\n"
            '"It feels like home now," she said.')
    assert [s for _, s in speakers(text)] == ["Lena Ortiz"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "the club" is the club the article named ("his club Orvale Rovers").
        ("Tim Hale was suspended by his club Orvale Rovers on Monday. \"The club has "
         "confirmed the suspension,\" the club told the Daily Courier.", "Orvale Rovers"),
        # "the space agency" is the agency named last.
        ("The Lunar Survey Agency reported the fault. In a post, the space agency said "
         "\"it is a known issue and of no concern.\"", "Lunar Survey Agency"),
        # A document speaks for whoever issued it.
        ("An FBI statement provided more details: \"The two men wore black hats and fake "
         "beards.\"", "FBI"),
        ("\"The robbers have become bolder at each bank,\" according to a Kelder Police "
         "poster.", "Kelder Police"),
        # An acronym gets the full name the article spelled out.
        ("The National Rail Safety Board opened a review. \"We have read your letter,\" the "
         "NRSB wrote.", "National Rail Safety Board"),
        # "quoted X as saying": X speaks, not the report.
        ("A Herald report quoted Councillor Ada Vos as saying that \"the budget is finished "
         "for this year.\"", "Ada Vos"),
        # A passive verb ("been told") is no one's speech; the verb before it is.
        ("Ada Vos said they have been told the odds are \"about one in a million.\"",
         "Ada Vos"),
        # Someone asked a question is not its speaker.
        ("Tom Reed was asked: \"Why did you stay so long?\"", None),
        # "of Latin American origin" names no one for "she".
        ("Ana Ruiz spoke on Sunday. The pilot is of Latin American origin. She said he "
         "carried \"all kinds of maps and papers.\"", "Ana Ruiz"),
    ],
)
def test_organisations_documents_and_reported_speech(text: str, expected: str | None) -> None:
    assert [s for _, s in speakers(text)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A person named after a body's words, with letters after the name.
        ("Chairman of the Harbour Works Committee Tamsin Roe MP, said: \"The plan leaves the "
         "coast open to every winter storm.\"", "Tamsin Roe"),
        # A speaker of a house is a title.
        ("Assembly Speaker Dana Holt said: \"This bill will bring relief to every farm.\"",
         "Dana Holt"),
        # After a publication's name come its columns, not a person.
        ("The Kelder Post Fact Checker said the claim \"goes well beyond what the record "
         "shows.\"", "Kelder Post Fact Checker"),
    ],
)
def test_person_after_a_body_and_post_nominals(text: str, expected: str) -> None:
    assert [s for _, s in speakers(text)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "the agent" is the person the story was just about.
        ("Rosa Lind's agent has warned the club. Tomas Berg says two offers have come in. "
         "\"Rosa wants to stay and her demands are modest,\" the agent added.", ["Tomas Berg"]),
        # A role brought in unnamed just before is that unnamed person.
        ("Officer Tomas Berg was hurt. Another officer ran to help him. \"Hang on, help is "
         "coming,\" the officer said.", [None]),
        # A friend is someone else, not the person the story is about.
        ("Tomas Berg left for Spain in May. \"He stopped writing to me,\" the friend said.",
         [None]),
    ],
)
def test_the_role_said(text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


def test_quoted_words_as_the_sentence_subject_are_no_quotation() -> None:
    text = ('"Green corridors" were promised in every plan, the Orvale council said. '
            '"Sea Lanes" is the name of the new ferry service.\n\n'
            '"No," said Tomas Berg. "Not again." Ada Vos said: "Yes."')
    assert speakers(text) == [("No", "Tomas Berg"), ("Not again.", "Tomas Berg"),
                              ("Yes.", "Ada Vos")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The attribution before a colon wins over the next sentence after a question.
        ('To goalkeeper Ada Vos, Tomas Berg asked: "Are you tired?" He went on with Ida Lund, '
         'asking: "What about you, are you ready for the final?"',
         ["Tomas Berg", "Tomas Berg"]),
        # A sentence opening with "She" is about the person named before it.
        ("Party leader Ada Vos attacked the plan. She told Radio Kell's Sunday show with Tomas "
         'Berg: "This is a plan for nobody and a bill for everybody."', ["Ada Vos"]),
        # ", saying" shares the subject of the sentence.
        ("The Kell Rights Council condemned the decision, saying that it \"raises grave "
         "questions about the trial.\"", ["Kell Rights Council"]),
        # ... but "When" opens no subject: the inverted "said Roe" speaks.
        ("When officers arrived they were met with gunfire, said Chief Ada Roe, adding that "
         "they were still trying \"to understand what truly happened.\"", ["Ada Roe"]),
    ],
)
def test_colon_attribution_participles_and_opening_pronouns(
    text: str, expected: list[str | None]
) -> None:
    assert [s for _, s in speakers(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A name after a preposition is an object, even with a comma after it: "he" is the
        # person who acts in the sentence.
        ("Ivo Lund once ran the Kell satire show. A film about him is being made by a producer "
         'for Tomas Berg, with whom Lund worked for years. "It is about what we lost," he said.',
         ["Ivo Lund"]),
        # "According to" names a source, not an object.
        ("According to Ada Vos, Ivo Lund promised he would stay. "
         '"He looked me in the eye and said so," she said.', ["Ada Vos"]),
    ],
)
def test_a_name_after_a_preposition_is_no_subject(
    text: str, expected: list[str | None]
) -> None:
    assert [s for _, s in speakers(text)] == expected


def test_the_interviewer_who_asked_is_not_the_one_who_answers() -> None:
    text = ('"We never planned a second series," Ivo Lund told presenter Ada Vos. '
            "Is he now eyeing the prime-time slot, Vos asked, the one Tomas Berg will leave? "
            '"That would be a dream," he said. "But I doubt it."')
    assert [s for _, s in speakers(text)] == ["Ivo Lund", "Ivo Lund", "Ivo Lund"]


@pytest.mark.parametrize(
    "text",
    [
        'Ivo Lund told Radio Kell Sport: "Nothing has been agreed yet, but we will talk."',
        'Ivo Lund, the club\'s agent, told the Orvale Times, "Nothing has been agreed yet."',
    ],
)
def test_told_x_before_a_quote_names_the_listener(text: str) -> None:
    assert [s for _, s in speakers(text)] == ["Ivo Lund"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The role said before the name is given: the person titled so elsewhere.
        ("Orvale's harbour plan is \"a gift to the shipping lobby,\" the Kellish transport "
         "minister said on Monday. Later, Transport Minister Ada Vos met the unions.",
         ["Ada Vos"]),
        # ... but a deputy is not the one the role names.
        ('"We will not sell the harbour," the prime minister said. Deputy Prime Minister '
         "Ivo Lund disagreed.", [None]),
        # Quotations joined by "and" share the attribution after the last one.
        ('Ivo Lund is trying to create "a climate of panic in the port" and "chaos," Ada Vos '
         "said on Monday.", ["Ada Vos"]),
    ],
)
def test_a_titled_role_and_quotations_joined_by_and(
    text: str, expected: list[str | None]
) -> None:
    assert [s for _, s in speakers(text)] == expected


def test_a_quotation_s_own_stop_ends_the_reporter_s_sentence() -> None:
    text = ('Ivo Lund, who was often seen at the bar, told his critics to "get lost." Lund\'s '
            "remarks were discussed on Monday when presenter Tomas Berg criticised the example "
            'he set. "I hate this," he said.')
    assert [s for _, s in speakers(text)] == ["Tomas Berg"]


def test_nested_scare_quote_inside_a_straight_quotation() -> None:
    text = ('The Pell Trust said the ruling "offers a clear answer to the so-called "right" '
            'claimed by the county." The county did not reply.')
    assert [q.text for q in extract_quotes(text)] == [
        'offers a clear answer to the so-called "right" claimed by the county.']


def test_single_quote_closed_by_a_double_quote() -> None:
    text = ("Ada Fenwick, 19, spoke to the Herald. 'Nobody ever thinks we are cousins,\" the "
            'paper quoted Ada Fenwick as saying. "We laugh about it now."')
    assert [q.text for q in extract_quotes(text)] == [
        "Nobody ever thinks we are cousins", "We laugh about it now."]


def test_nickname_between_names_is_not_a_quotation() -> None:
    text = 'The plane carried Tom Reed and J.B. "The Tall Man" Loring when it fell.'
    assert extract_quotes(text) == []


def test_title_stripped_and_full_name_from_earlier_mention() -> None:
    got = speakers(HEWITT)
    assert [s for _, s in got] == ["Patricia Hewitt", "Patricia Hewitt"]


def test_split_quote_across_sentences_keeps_speaker() -> None:
    text = ('"Thanks for all the support," Zully Broussard wrote. '
            '"I know this journey is much bigger than all of us."')
    assert speakers(text) == [
        ("Thanks for all the support", "Zully Broussard"),
        ("I know this journey is much bigger than all of us.", "Zully Broussard"),
    ]


def test_multi_paragraph_quote() -> None:
    text = ('Coach Ann Lee said: "We played well in the first half.\n\n'
            '"After the break we lost our shape and paid for it."')
    assert [s for _, s in speakers(text)] == ["Ann Lee", "Ann Lee"]


def test_scare_quotes_and_titles_are_not_quotations() -> None:
    text = ('Officials called the plan "desperate" and the film "Down the Rabbit Hole" '
            'was a "huge hit".')
    assert extract_quotes(text) == []


def test_unnamed_speaker_is_none() -> None:
    text = '"We are looking into the matter with the police," a spokesman said.'
    assert speakers(text) == [("We are looking into the matter with the police", None)]


def test_summary_quotes_skip_fragments_and_key_sentences() -> None:
    text = (
        "The minister Tom Baker resigned on Friday after a long row over the budget plans.\n\n"
        '"I am proud of what we achieved together in this department," Mr Baker said.\n\n'
        'Critics called him "weak" on spending.\n\n'
        '"Yes," he said.'
    )
    summary = summarize(text, sentences=1, quotes=2)
    assert summary.quotes == [
        Quote("I am proud of what we achieved together in this department", "Tom Baker")]
    repeat = summarize(text, sentences=4, quotes=2)
    assert all(q.text not in " ".join(repeat.sentences) for q in repeat.quotes)


def test_summary_quotes_skip_a_remark_whose_first_sentence_is_a_key_sentence() -> None:
    # the splitter cuts a two-sentence remark; the first half chosen as a key sentence
    # means the whole remark would repeat it
    text = (
        "Engineers on the Tarrow barrier say the flood wall held through the winter storms.\n\n"
        "Lena Ivarsdottir, the chief engineer, said: “We built the wall for a storm like this one."
        " What we did not expect was how quickly the water would rise behind it.”\n\n"
        "“The town owes the engineers a great deal for their careful work,” Mayor Pim Okafor said."
    )
    summary = summarize(text, sentences=2, quotes=2)
    assert any("We built the wall" in s for s in summary.sentences)
    assert [q.speaker for q in summary.quotes] == ["Pim Okafor"]


def test_labelled_set_is_large_enough() -> None:
    items = [json.loads(line) for line in LABELS.read_text().splitlines()]
    assert sum(len(item["quotes"]) for item in items) >= 60


def check_targets(split: str | None, source: str | None = None) -> None:
    """The issue's targets: precision >= 0.95, recall >= 0.90, speaker accuracy >= 0.90."""
    result = score_labels(split=split, source=source)
    assert result is not None
    score, misses = result
    print(f"{split or 'all'}: {score.expected} quotes, precision {score.precision:.3f}, recall "
          f"{score.recall:.3f}, speaker accuracy {score.speaker_accuracy:.3f}")
    print("\n".join(misses))
    assert score.precision >= 0.95
    assert score.recall >= 0.90
    assert score.speaker_accuracy >= 0.90


# The held-out articles measure what was never fixed for; fixing the extractor until they
# pass would make them dev. They are asserted like dev and the whole set. `held-out` is
# batches 1, 4 and 10 and the latest blind batches, 95-98, labelled blind before the
# thirty-first round of rules and scored on its code (44/50 = 0.88), which leaves held-out at
# 92/101 = 0.911. That rests on one good round: the blind rounds on their own have scored
# 0.68-0.88 (round 30's batches left held-out at 79/93), so a later round may well fail this
# again. tests/data/README.md gives the figures batch by batch.


@pytest.mark.corpus
@pytest.mark.parametrize("split", [
    pytest.param("dev", id="dev"),
    pytest.param("held-out", id="held-out"),
    pytest.param(None, id="all"),
])
def test_labelled_quotes(corpus: Path, split: str | None) -> None:
    check_targets(split)


def test_labelled_quotes_in_the_sample_articles() -> None:
    # The ten sample articles ship in seeds/, so this runs without the shared corpus too.
    check_targets(None, source="seeds")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A given name that is also a stop word, mid-sentence, is a name; and "Said Halabi"
        # is not widened to "Omar Said Idris Halabi", whose given name is another.
        ("The court named the man as Omar Said Idris Halabi. \"He told us he was going to "
         "study,\" according to Said Halabi, his father.", ["Said Halabi"]),
        # ... while a surname of two words still finds the full name.
        ("Striker Marco Del Vesco scored twice. \"I love every moment,\" Del Vesco said.",
         ["Marco Del Vesco"]),
        # A relative is someone else than "he": the name set off after the role ...
        ("Ivo Lund was held for a week. \"He is no spy and never was,\" his mother, Ada Lund, "
         "said.", ["Ada Lund"]),
        # ... or given with it ...
        ("Ivo Lund spoke first. \"We kept the lights on for him,\" his sister Mira Voss said.",
         ["Mira Voss"]),
        # ... or named with it earlier ("Lund's father, Tomas"), else no one named.
        ("Lund's father, Tomas, wrote to the court. Ivo Lund was sentenced. \"My son did "
         "nothing wrong,\" his father said. \"We will appeal,\" his cousin said.",
         ["Tomas Lund", None]),
    ],
)
def test_family_names_and_appositions(text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "She will now meet Mira Voss": "she" is the subject, Mira Voss an object; "the
        # 23-year-old" and "she" point back at the person "she" stands for.
        ('Ada Lund won in straight sets. She will now meet Mira Voss. "Bring it on," said the '
         "23-year-old.", ["Ada Lund"]),
        ('Ada Lund won in straight sets. She will now meet Mira Voss. "I played well," she said.',
         ["Ada Lund"]),
        # ... but a sentence opening with "He" whose name speaks is about that speaker.
        ("Ivo Lund was killed in May. He never gave up, his friend Tomas Berg said. \"Ivo was an "
         "idealist,\" he said.", ["Tomas Berg"]),
    ],
)
def test_a_pronoun_subject_makes_the_name_after_it_an_object(
    text: str, expected: list[str | None]
) -> None:
    assert [s for _, s in speakers(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A report's words are its issuer's, though no one in the sentence speaks.
        ("Savings rose again last year. According to the Kelder Institute report the trend "
         "marked young savers out as \"the most careful in a decade of surveys\".",
         ["Kelder Institute"]),
        # "According to X," opens the reporter's sentence; the name set off after a role.
        ("According to the club's lawyer, Ada Vos, \"the contract was never signed by both "
         "sides.\"", ["Ada Vos"]),
    ],
)
def test_according_to_names_the_source_of_the_sentence(
    text: str, expected: list[str | None]
) -> None:
    assert [s for _, s in speakers(text)] == expected


def test_a_passive_report_names_its_agent_and_he_does_not_continue_a_body() -> None:
    text = ("Ivo Lund, a pilot for Kell Air Freight, a cargo company, was at home when he was "
            "notified by the company that there would be \"steps taken against him after the "
            "audit.\" The pilot said he was angry. \"I did not deserve that,\" he said.")
    assert [s for _, s in speakers(text)] == ["Kell Air Freight", "Ivo Lund"]


def test_an_acronym_s_stop_after_a_quote_ending_in_a_comma_ends_no_sentence() -> None:
    text = ('"We will appeal," Ivo Lund said. He was jailed for "insulting the court and his '
            'employers," U.S. Rep. Ada Vos, D-Kell, said in a letter to the embassy.')
    assert [s for _, s in speakers(text)] == ["Ivo Lund", "Ada Vos"]


def test_a_short_sentence_after_words_of_speech_is_a_quotation() -> None:
    text = ('A photo posted online showed the girl with a trophy and her mother\'s words, '
            '"We love you." Officials called the post "a stunt".')
    assert speakers(text) == [("We love you.", None)]


def test_a_capitalised_name_after_an_article_is_no_person() -> None:
    text = ("At a Kell Open event, Ada Lund reached the final. \"I played well,\" she said. "
            "Once the Orvale Sound froze, Tomas Berg walked across. \"It was rough,\" he said.")
    assert [s for _, s in speakers(text)] == ["Ada Lund", "Tomas Berg"]


def test_new_opening_a_body_s_name_is_part_of_it() -> None:
    text = ("Students protested on Monday. According to The New Orvale Times, the board had "
            "\"ignored every warning it was given for a decade.\"")
    assert [s for _, s in speakers(text)] == ["New Orvale Times"]


def test_a_document_speaks_for_the_issuer_it_was_named_with() -> None:
    text = ("Phone use is growing fast, according to a Kell Bank report. \"Access is rising at "
            "an incredible rate,\" said the report. Ada Vos said in a statement that she would "
            "wait. \"We will look at it again,\" the statement said. An aide replied by email: "
            "\"Awesome! Thanks!\" according to the federal report.")
    assert [s for _, s in speakers(text)] == ["Kell Bank", "Ada Vos", None]


def test_with_name_saying_and_an_adverb_before_the_opening_verb() -> None:
    text = ("Critics praised the play, with The Daily Lantern's Ann Roe saying, \"It is the best "
            "thing on stage this year.\" The Weekly Orb's Tom Pike also liked it (despite the "
            "length), writing, \"The cast has never been better than this.\"")
    assert [s for _, s in speakers(text)] == ["Ann Roe", "Tom Pike"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The name right after a role, not the body before it or the noun after it.
        ("Kell City lost again. \"It was a very important win for all of us,\" said City "
         "manager Tomas Berg, who rested his captain.", ["Tomas Berg"]),
        ("\"I am very disappointed with the result today,\" said Borton manager Ada Lund of the "
         "defeat.", ["Ada Lund"]),
        ("\"He had a seizure and rolled over,\" Orvale Kell Academy business manager and chief "
         "instructor Ivo Lund told the radio.", ["Ivo Lund"]),
        # … but not an unnamed official, nor a second person after "and".
        ("\"We know a lot about this deal,\" a senior Kellish official told reporters.", [None]),
    ],
)
def test_the_name_after_a_role_is_the_person(text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


def test_a_role_of_up_to_four_words_points_back_at_the_person() -> None:
    text = ("And Tomas Berg appears as a waiter in the film. \"Great fun being in it this "
            "year,\" the talk show host says.")
    assert [s for _, s in speakers(text)] == ["Tomas Berg"]


def test_an_unnamed_spokesman_for_a_body_is_no_one_named() -> None:
    text = ("\"Prices are rising,\" said Ada Lund of Kell Bank. A spokesman for the Orvale "
            "Summit on Farming (OSF), which meets in Oslo, told the radio: \"The divide is very "
            "real and needs work.\" \"We will keep at it,\" a spokeswoman for Kell Bank said.")
    assert [s for _, s in speakers(text)] == ["Ada Lund", None, None]


def test_a_role_opening_a_sentence_before_a_name_is_no_part_of_it() -> None:
    text = ("Tomas Berg jumped first. Instructor Ada Lund Vos followed him out. The instructor "
            "was calm.\n\n\"I was never worried at all about him,\" Vos said.")
    assert [s for _, s in speakers(text)] == ["Ada Lund Vos"]


def test_the_issuer_is_the_last_one_named_with_the_document() -> None:
    text = ("Phone use is growing fast, according to a Kell Bank report. The report's figures "
            "beat every goal. \"Poor countries are catching up with the rich world,\" the "
            "report said.")
    assert [s for _, s in speakers(text)] == ["Kell Bank"]


def test_told_after_a_quote_is_not_inverted() -> None:
    text = ("Ivo Lund, who described the jump on his blog as \"possibly the scariest moment of "
            "my life,\" told the radio that he would fly again.")
    assert [s for _, s in speakers(text)] == ["Ivo Lund"]


def test_a_name_ending_in_an_initial_keeps_its_stop() -> None:
    text = ("\"No sharks were harmed in the filming of the movie,\" said Ada L. \"It was filmed "
            "in just 18 days,\" tweeted comedian Ivo Lund.")
    assert [s for _, s in speakers(text)] == ["Ada L.", "Ivo Lund"]


def test_a_relative_clause_before_the_verb_is_no_subject() -> None:
    text = ("The figures look bad, but former Kell Police Chief Ivo Lund, who dealt with the "
            "Justice Department during his tenure as chief, said, \"The numbers can be "
            "deceiving because the town is small.\"")
    assert [s for _, s in speakers(text)] == ["Ivo Lund"]


def test_an_occupation_opening_a_name_is_no_part_of_it() -> None:
    text = ("Photographer Ada Lund Vos spent a year in the hills. \"I never took a photo in the "
            "first month,\" Vos said.")
    assert [s for _, s in speakers(text)] == ["Ada Lund Vos"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A peer or a Burmese elder known by one name keeps the honorific.
        ("Party chief executive Lord Kellaway said the plan was good. \"It is a significant "
         "strengthening of the team,\" he said.", ["Lord Kellaway"]),
        ("\"We all watched while a young man was beaten,\" U Tarni, a spokesman for the union, "
         "told reporters. \"They broke a camera and cheered about it,\" Tarni said.",
         ["U Tarni", "U Tarni"]),
        # ... but the article's given name wins where it gives one.
        ("Lord Kellaway spoke first. Ivo Kellaway, the party's chief, said so. \"We are ready "
         "for any election at all,\" Lord Kellaway said.", ["Ivo Kellaway"]),
        # A title with its surname stays dropped.
        ("\"The bill is not the proper form for this change,\" said Lord Chancellor Ivo Vos.",
         ["Ivo Vos"]),
    ],
)
def test_an_honorific_stays_with_a_one_word_name(text: str, expected: list[str]) -> None:
    assert [s for _, s in speakers(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "is quoted as saying": the one quoted speaks.
        ("Fund manager Ada Lund said she would invest more. \"I demand better transparency,\" "
         "she is quoted as saying by the Kell Herald.", ["Ada Lund"]),
        ("Fund manager Ada Lund met the board. She was quoted by the Kell Herald as saying: "
         "\"I demand better transparency.\"", ["Ada Lund"]),
        # A body's name joined by "in" or "of" owns its statement.
        ("The workers \"came to the aid of their ailing colleague,\" according to a Partners "
         "in Kelder Health statement.", ["Partners in Kelder Health"]),
        # "Ann Roe on Sunday released a statement": the name, not the day.
        ("For his part, Ivo Vos on Sunday released a statement: \"Congress must weigh in "
         "before any deal is done.\"", ["Ivo Vos"]),
        # A degree after the name is no part of the phrase.
        ("\"This person has not tested positive for the virus,\" Ada Lund, M.D., medical "
         "director of the unit, said in a statement.", ["Ada Lund"]),
    ],
)
def test_quoted_as_saying_owned_statements_and_degrees(text: str, expected: list[str]) -> None:
    assert [s for _, s in speakers(text)] == expected


def test_a_pronoun_skips_people_named_after_a_preposition() -> None:
    # "he" is not the one the changes were proposed by, nor a place the subject went to.
    text = ("Ivo Vos agreed the law was unfair. The changes proposed by Lord Dubbin were a "
            "\"complex and controversial undertaking raising major issues\", he said.\n\n"
            "Ada Lund was banned from the ground. The club invited him to the return match at "
            "Kell Park but he declined.\n\n\"I won't go, they cannot buy me,\" he said.")
    assert [s for _, s in speakers(text)] == ["Ivo Vos", "Ada Lund"]


def test_an_unattributed_quotation_shares_the_next_one_s_attribution() -> None:
    text = ("\"We will watch them daily,\" Ada Lund said. Three more workers arrived on "
            "Saturday. These workers \"will remain restricted from public places\" and have "
            "\"limited movement, including no mass transport,\" according to a statement from "
            "Ivo Vos, a spokesman for the department.")
    assert [s for _, s in speakers(text)] == ["Ada Lund", "Ivo Vos", "Ivo Vos"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A name qualifying a role ("the French Open champion") is no one "he" stands for.
        ("\"I have taken this difficult decision,\" said Carlo Moyan. The 1998 Kell Open "
         "champion is determined to make an impact. \"I have set some tough goals this "
         "season,\" he said.", ["Carlo Moyan", "Carlo Moyan"]),
        # "it said" with no quote before: the body the reporter last reported speaking.
        ("Fans will have to wait. Kellsoft has said that the game will not be ready. \"The "
         "product is localised into 13 languages,\" it said.", ["Kellsoft"]),
        ("German club Kell Rovers has warned it will go bankrupt. The shares fell after it "
         "said it has \"entered a life-threatening financial situation\".", ["Kell Rovers"]),
        # ... but not a person.
        ("Ada Lund has said that the firm was fine. \"We are shocked by the news today,\" it "
         "said.", [None]),
        # A body's short form gets the fullest form the article writes, "U.S." included.
        ("The U.S. Justice Department opened a review. \"The town's courts acted unlawfully "
         "for years,\" the Justice Department said.", ["U.S. Justice Department"]),
        # "Kell police": the force the article names in full, else as written.
        ("Two people were shot, the Kell-Harbour Police Department said. \"An unidentified "
         "suspect fired several shots from inside the club,\" Kell police said.",
         ["Kell-Harbour Police Department"]),
        ("\"An unidentified suspect fired several shots from the car,\" Kell police said.",
         ["Kell police"]),
    ],
)
def test_roles_after_names_bodies_as_it_and_forces(text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


def test_a_long_appositive_after_the_name_and_the_same_person() -> None:
    text = ("Ada Lund, director of the Kell Association of Veldria and the parent of three "
            "pupils, said the plan was \"a win for our children and for future generations.\" "
            "\"We are part of the fabric of this country,\" she said.\n\n"
            "In a post last year, Ivo Vos allegedly wrote, \"He lives abroad, so nothing can be "
            "done now.\" In an earlier post, the same person wrote, \"It is a duty to find "
            "him.\"")
    assert [s for _, s in speakers(text)] == ["Ada Lund", "Ada Lund", "Ivo Vos", "Ivo Vos"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A one-letter word before a body's name is part of it ("Q Magazine").
        ("Kell Records topped the poll. Q Magazine said: \"The album captured the country's "
         "mood.\" It also said the band sounded \"natural, unforced and under-produced\".",
         ["Q Magazine", "Q Magazine"]),
        # A stop word after an initial opens the next sentence ("identified as Nick G. Like
        # Africa, Nick had …").
        ("Ada came from Kell, said a friend identified only as Ivo G. Like Ada, Ivo had slept "
         "rough for years. \"She wanted to go back home,\" Ivo said.", ["Ivo G."]),
        # A sign's words have no named writer; "reads" introduces them.
        ("A memorial sits on the corner. \"RIP Ada,\" one cardboard sign reads \"Rest in "
         "Peace Kell.\"", [None, None]),
        ("\"I will travel to Kell this summer,\" reads a sign held up by a girl from Veldria.",
         [None]),
        # The agent of a passive "translated by X as" speaks the words after it.
        ("His song contains the lyrics \"fire on the men who ride\", translated by rights "
         "group Kell Watch as \"burn the men who ride behind\".", [None, "Kell Watch"]),
        # "is seen asking", "chimed in".
        ("Ivo Roe appears in a 1964 film. Roe is seen quizzing a clerk. \"But what happened? "
         "How come nobody looked ahead?\" he is seen asking.", ["Ivo Roe"]),
        ("\"So we have to say JIF now? YEAH RIGHT,\" chimed in Ada Vos, creator of the blog. "
         "\"And I suppose the animals are called jiraffes.\"", ["Ada Vos", "Ada Vos"]),
    ],
)
def test_letters_initials_signs_and_passive_agents(text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


def test_she_is_not_a_man_the_article_calls_he() -> None:
    # Kell Vane is "he" (twice), Ada Lund "she": "she said" after a sentence whose subject
    # is Vane goes back to Ada Lund.
    text = ("Ada Lund testified on Friday. She said the car was hers.\n\n"
            "Kell Vane drove it that night. He said he had never seen her. He left at ten.\n\n"
            "Ada Lund spoke again. She said she was scared.\n\n"
            "Kell Vane was comforting to her, the court heard. \"He said everything would be "
            "fine,\" she said.")
    assert [s for _, s in speakers(text)] == ["Ada Lund"]


def test_the_one_who_tells_is_the_subject_of_a_reported_sentence() -> None:
    # "Wallace was kind to her, Jenkins told the jury": Jenkins is the one reporting.
    text = ("Ivo Wall met Ada Jenks at the station. Wall was kind to her, Jenks told the jury. "
            "\"He said everything would be fine in the end,\" Jenks said.\n\n"
            "Wall was comforting, Jenks told the jury. \"I remember telling him the amount,\" "
            "she testified.")
    assert [s for _, s in speakers(text)] == ["Ada Jenks", "Ada Jenks"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # More verbs of saying: "vowed", "promised", "revealed", "screamed", "emphasized".
        ("Ivo Roe quit his post in May and vowed: \"I will not go down that road.\"",
         ["Ivo Roe"]),
        ("Labour chief Ada Lund denied the party was hiding. She promised \"the most "
         "positive campaign Labour has ever run\".", ["Ada Lund"]),
        ("\"We cracked some cases involving people who came back,\" Ivo Zhang revealed.",
         ["Ivo Zhang"]),
        # ... but a participle after "the" is an adjective: "the promised savings".
        ("The Kell Workers' Federation said it had no assurances, and warned that the "
         "promised savings \"can only come from one place.\"", ["Kell Workers' Federation"]),
    ],
)
def test_more_verbs_of_saying_and_participles_as_adjectives(
        text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "said X -- who …": the name before the dash.
        ("Mayor Ivo Knoll spoke on Monday. \"We are committed to keeping our police "
         "department,\" said Knoll -- who has himself been targeted by protesters.",
         ["Ivo Knoll"]),
        # A verb inside a relative clause the sentence has moved past is not its verb.
        ("Ada Lund, chief executive of the Kell Society, said Ivo Roe -- who spoke out about "
         "his illness and called for more funding -- had \"changed the way it is seen.\"",
         ["Ada Lund"]),
        # ... but the quote may sit in the relative clause.
        ("Ivo Lund, who described the jump on his blog as \"possibly the scariest moment of "
         "my life,\" told the radio that he would fly again.", ["Ivo Lund"]),
        # "spoke" reports speech.
        ("In an interview last year, Ivo Roe spoke of the danger: \"I'm a well-known guy, and "
         "this is a safety.\"", ["Ivo Roe"]),
    ],
)
def test_dashes_relative_clauses_and_spoke(text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A title between the subject and the quotation is part of the reporter's sentence.
        ("Some experts worry. Ivo Berg, co-author of \"Kell: the State of Terror,\" told the "
         "paper, \"There are signs some former members have joined.\"", ["Ivo Berg"]),
        # ... and one ending a sentence ends it ("his show "The Racist." "And …").
        ("\"My mom would be arrested,\" he once told an audience at the Kell Theater during his "
         "show \"The Racist.\" \"And my dad was also like, well, you know how it goes.\"",
         [None, None]),
        # "the King told Zakaria": the person the story is about, whom the article titles so.
        ("King Ivo II of Veldria spoke to Ada Lund. The killing rallied the country, he said. "
         "The group is \"always trying to intimidate, scare, put fear in people,\" the King "
         "told Lund.", ["Ivo II"]),
        # Role words before a name: the name.
        ("In an article for the Kell Herald, former chief political commentator Ivo Vos "
         "described the set as \"an incestuous collection of affluent, power-hungry "
         "people.\"", ["Ivo Vos"]),
        # A body named by an adjective and a lower-case noun.
        ("The Veldrian foreign ministry said its embassy had acted \"to locate the abducted "
         "workers and ensure their release.\"", ["Veldrian foreign ministry"]),
    ],
)
def test_titles_in_the_sentence_and_titled_roles(text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Kell Open", None),  # an event's name
        ("Veldria Grand Prix", None),
        ("Gulf War", None),
        ("South America", None),
        ("Lake Waban", None),  # a place's
        ("Meet Ada Lund", "Ada Lund"),  # a headline's verb
        ("Evansville Monday", "Evansville"),  # a day after the name
        ("Freshman Ada Lund Ma", "Ada Lund Ma"),
        ("Michael Bay", "Michael Bay"),  # but a surname that is also a word stays
    ],
)
def test_events_places_and_headline_words_are_no_name(raw: str, expected: str | None) -> None:
    assert clean_name(raw) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Particles inside a name; a nationality or an opening adjective before it.
        ("\"We did it all by hand,\" said Jurgen den Veld, one of the researchers. \"We had "
         "to rewrite the tools,\" Mr den Veld told the paper.",
         ["Jurgen den Veld", "Jurgen den Veld"]),
        ("The horse was trained by American Art Shermer. \"He ran his eyeballs out,\" Shermer "
         "said.", ["Art Shermer"]),
        ("Defiant Matt Willems says his side can still win. \"It is a bizarre analogy,\" he "
         "said.", ["Matt Willems"]),
        # ... but not before a body's name.
        ("The Veldrian Red Cross said via Twitter that \"humanitarian needs will be "
         "enormous.\"", ["Veldrian Red Cross"]),
        # A surname that is also a title.
        ("Foreign Minister Julie Bishopp has spoken. \"They are the model of what prisons "
         "try to achieve,\" Bishopp told the parliament.", ["Julie Bishopp"]),
        ("The minister is Ada Bishop. \"They are the model of what prisons try to achieve,\" "
         "Bishop told the parliament.", ["Ada Bishop"]),
        # A lawsuit speaks for whoever filed the suit; a joint statement for both.
        ("Californian Ivo Slatt filed the suit in San Jose. \"Kell has turned an open "
         "standard into a trap,\" the lawsuit states.", ["Ivo Slatt"]),
        ("Ivo Brown Sr. and Ada McSpad spoke. Brown Sr. and McSpad released a statement "
         "saying they were disappointed. \"We are encouraged by the report,\" the statement "
         "said.", ["Ivo Brown Sr. and Ada McSpad"]),
    ],
)
def test_particles_nationalities_surnames_and_joint_issuers(
        text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


def test_two_apostrophes_make_a_quote_mark() -> None:
    text = ("Ivo Roe, the club's secretary, was angry. ''We want an explanation, there is no "
            "good sending us the same letter,'' he said. ''This is a big issue now.''")
    assert speakers(text) == [
        ("We want an explanation, there is no good sending us the same letter", "Ivo Roe"),
        ("This is a big issue now.", "Ivo Roe")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "our correspondent", "the nonagenarian": the person the story is about.
        ("BBC correspondent Ivo Hardt said Mr Brown would draw \"sharp lines\". \"Mr Brown "
         "will lay out his credentials as a reformer,\" our correspondent said.", ["Ivo Hardt"]),
        ("Ada Sitie goes to school at 92. \"My favorite subject is math,\" the nonagenarian "
         "says.", ["Ada Sitie"]),
        # A future verb of saying, and an event's name is no one.
        ("Cardinal Ivo Murr-O'Connell will give the Christmas Midnight Mass. \"How is it that "
         "peace has not arrived?\" the cardinal will ask.", ["Ivo Murr-O'Connell"]),
        # A short cried sentence is a quotation.
        ("When shooting broke out, Ivo Jumel cried \"I'm hit!\" according to witnesses.",
         ["Ivo Jumel"]),
    ],
)
def test_roles_future_verbs_and_short_cries(text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "the fund", "the encyclopedia": the last name holding the noun as a word.
        ("The kings recorded their campaigns, according to the World Kell Fund, a group that "
         "saves old places. \"Depicted in the reliefs are marauding troops,\" the fund's "
         "website says.", ["World Kell Fund"]),
        ("King Ivo made Nimrud his seat, Encyclopedia Veldrica's website says. Buildings there "
         "\"have yielded thousands of carved ivories,\" the encyclopedia says.",
         ["Encyclopedia Veldrica"]),
        # "the statement said" after the body's own statement.
        ("\"ISIS continues to defy the will of the world,\" the Kell Ministry of Tourism said "
         "in a statement. Damage was unclear. \"Our ministry condemns these acts,\" the "
         "statement said.", ["Kell Ministry of Tourism", "Kell Ministry of Tourism"]),
        # A trophy is no one a pronoun stands for.
        ("Former captain Ivo Wood believes his side can win. After claiming their first Triple "
         "Crown last season, Wood tips his team. \"I think this is the year,\" he said.",
         ["Ivo Wood"]),
    ],
)
def test_bodies_by_their_nouns_and_trophies(text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Special Agent Vicki Andersen", "Vicki Andersen"),
        ("Supervisory Special Agent Jason Pake", "Jason Pake"),
        ("Vice-President Dick Chene", "Dick Chene"),  # titles joined by a hyphen
        ("Secretary-General Ban Ki-moon", "Ban Ki-moon"),
    ],
)
def test_titles_joined_by_a_hyphen_and_agents(raw: str, expected: str) -> None:
    assert clean_name(raw) == expected


def test_a_plural_owner_is_no_part_of_the_name() -> None:
    text = "\"We are ready for the launch,\" said Kell Networks' Sophie Turner Lang."
    assert [s for _, s in speakers(text)] == ["Sophie Turner Lang"]


def test_the_subject_after_a_fronted_clause_of_a_participle() -> None:
    text = ("The Kell Department of Corrections said the drugs looked cloudy. Repeating the "
            "\"abundance of caution\" wording, the department issued a release on Tuesday, "
            "saying, \"The scheduled executions have been postponed.\"")
    assert speakers(text)[-1] == ("The scheduled executions have been postponed.",
                                  "Kell Department of Corrections")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A named spokesperson after the body's name is the speaker.
        ("\"We canceled two round trips,\" Kell Airlines spokeswoman Halley Knig said.",
         ["Halley Knig"]),
        # "al-" names, and "smiles" as a verb of saying.
        ("Nader al-Masru won the race. \"I saw parts of the wall all over,\" says al-Masru. "
         "Ada Jamaan ran too. \"I am running in the Holy Land,\" Jamaan smiles.",
         ["Nader al-Masru", "Ada Jamaan"]),
        # A body's short form gets the "for/of" part the article writes after it.
        ("The Veldrian Observatory for Human Rights counted the dead. \"We believe the real "
         "number is higher than that,\" the Veldrian Observatory said.",
         ["Veldrian Observatory for Human Rights"]),
        # A participle after "began …," shares the sentence's subject.
        ("Mr Ivo Khodor spoke. Mr Khodor began his testimony last week, telling the court "
         "that the \"running of a normal business has been presented as fiction\".",
         ["Ivo Khodor"]),
    ],
)
def test_spokespeople_al_names_and_fuller_bodies(text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A title's portfolio after its "for" or "of" is no part of the name, and "High" is a
        # title word.
        ("The report was grim, \"a merciless devastation of lives and homes,\" said UN High "
         "Commissioner for Human Rights Zed Ra'ad Al Hosni. \"Many have been trapped in "
         "basements without water,\" Zed said.",
         ["Zed Ra'ad Al Hosni", "Zed Ra'ad Al Hosni"]),
        ("\"We will not give up on these talks at all,\" said Assistant Attorney General for "
         "National Security Jon Carlow.", ["Jon Carlow"]),
        # An acronym opening a body's name is kept ("un" is a stop word, "UN" is not), and a
        # dotted one is still given as the article writes it.
        ("The toll rose \"in spite of successive ceasefires,\" the UN Human Rights Office said.",
         ["UN Human Rights Office"]),
        ("\"The team engaged in gunfire with the fugitive,\" the U.S. Marshals Service said "
         "in a news release.", ["U.S. Marshals Service"]),
        # "the 39-year-old actor and humanitarian said": the person the story is about.
        ("Ann Roe attended the show with her children. \"When I was little, I was told that I "
         "was different,\" the 39-year-old actor and humanitarian said.", ["Ann Roe"]),
        # "it said" after a statement from a named body, whatever its name looks like; then
        # "the company said" for the same body.
        ("In a statement from Kell Europe announcing the end of the scheme, the company denied "
         "that this was its fault. \"There is nothing to suggest the plan brought down the "
         "sites,\" it said. \"The idea was simply to slow the spammers' sites down,\" the "
         "company said.", ["Kell Europe", "Kell Europe"]),
        # 'Said the Pew report:' opens with its verb; the report's issuer is the body whose
        # name holds the word.
        ("The report by the US Kell Research Center reveals that most searchers are happy. "
         "Said the Kell report: \"This finding is ironic, since half of users would stop "
         "using search engines.\"", ["US Kell Research Center"]),
    ],
)
def test_portfolios_acronyms_ages_statements_and_reports(
        text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "he said" after a sentence that closes by saying who spoke: that person, whom
        # "the Tory leader" stands for, not the first person the sentence names.
        ("Tory leader Michael Howells has dismissed Gordon Brand's Budget. Mr Brand liked to "
         "rattle off "
         "figures in a bid to convince people, the Tory leader said. \"This dodgy government "
         "is now publishing a dodgy Budget,\" he said.", ["Michael Howells"]),
        ("Tory leader Michael Howells spoke first. Gordon Brand spoke next. \"We will win "
         "this election easily,\" the Tory leader said.", ["Michael Howells"]),
        # A verb that quotes what it judges gives the words to the sentence's subject.
        ("Russia signed a treaty, Dmitry Peskin said. \"It is a new era for us all now,\" he "
         "said. NATO Secretary General Jens Stolberg condemned the \"so-called treaty on "
         "alliance and integration\" in a statement.",
         ["Dmitry Peskin", "Jens Stolberg"]),
        ("Somali President Hassan Sheikh Mohadi condemned the attack as a \"heinous and inhuman "
         "act\" in an interview.", ["Hassan Sheikh Mohadi"]),
        # The name set off after a capitalised role; a hyphenated role before a name.
        ("\"There will not be any toys on board at all,\" Italian designer, Lidia Bersano, told "
         "CNN.", ["Lidia Bersano"]),
        ("Tamir Rice was 12. \"The family maintains that he was shot unnecessarily,\" Rice "
         "family co-counsel Walt Madsen said in a statement.", ["Walt Madsen"]),
        # "a statement on her website": the person the pronoun stands for.
        ("Tennis star Kim Clijsen will make her return in February.\n\n\"Kim had considered "
         "returning to action in Paris,\" a statement on her website said.", ["Kim Clijsen"]),
        # "he" after a sentence opened by an unnamed spokesman is that spokesman.
        ("Kell Energy found gas. A spokesman said the decision showed that it believed there "
         "was gas. But he added: \"It is still too early to say what the extent of it is.\"",
         [None]),
    ],
)
def test_closing_sayers_judging_verbs_and_unnamed_spokesmen(
        text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "Premier" is a title; a day before an owner's 's is a surname ("Mike Friday's").
        ("\"Building a solid defence is fundamental,\" said Premier Li Keqong.", ["Li Keqong"]),
        ("Mike Friday's England side matched Fiji for pace. \"To be honest, England have "
         "wanted to win in Dubai for a very long time now,\" said Friday.", ["Mike Friday"]),
        # An unnamed spokesperson "from" a body is no one named.
        ("Icstis fined the firm. \"We have not yet looked at the complaints in any great "
         "detail,\" a spokesperson from Icstis told the BBC News website.", [None]),
        # A pronoun saying who spoke tells nothing of the gender of the person named beside
        # it: "Muffat, he said, was known as …" is his words about her.
        ("The swimmer Camille Muffet died. Muffet's boyfriend, Will Forges, told BFMTV of his "
         "shock. Muffet, he said, was known as a winner because she succeeded in so many "
         "things. \"To be over there was her choice, 100%,\" he said.", ["Will Forges"]),
        # A clause closing the quote's own sentence names its speaker; a pronoun there is
        # someone named before the sentence, not in it.
        ("About 40 detectives \"worked around the clock\" on the case, leaving the town on "
         "edge, Kenny Parks said.", ["Kenny Parks"]),
        ("The enthusiasm remains undimmed, Alan Milborn, Labour's election strategist told "
         "Radio 4 on Saturday. Mr Blare has \"the same passion and the same commitments for "
         "the job\" as in 1997, he said.", ["Alan Milborn"]),
    ],
)
def test_premiers_day_surnames_closing_clauses_and_reporting_pronouns(
        text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "said Spacey at the premiere": the name before a place or time, not a role.
        ("Hollywood stars Kevin Spacy and Kate Bosworthy attended the premiere. Spacy has long "
         "loved the story. \"Bobby Darin was one of the greatest entertainers the world has "
         "ever known,\" said Spacy at the premiere.", ["Kevin Spacy"]),
        # "…, his lawyer said:" is a subject of its own, not an appositive after a name.
        ("A judge upheld Lee's demand. Of the cut now due to Lee, 82, who created Spider-Man in "
         "1962, his lawyer said: \"It could be tens of millions of dollars, that's no "
         "exaggeration.\"", [None]),
        # After 'He urged Russia to …', a quotation opening its own sentence is his.
        ("Prime Minister Arseny Yatsen, speaking at a Cabinet meeting, accused the separatists "
         "of denying rescue teams access. He urged Russia to tell the separatists to let them "
         "in. \"You took millions of Ukrainians hostage and are now brutalizing miners' "
         "families.\"", ["Arseny Yatsen"]),
    ],
)
def test_names_before_places_own_subjects_and_pronoun_sayers(
        text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 'Notes stylist Ann Roe of red carpets:' opens with its verb; "Notes" is no name.
        ("Reese Witherby supports #AskHerMore: \"It's hard being a woman in Hollywood\" Notes "
         "Hollywood stylist Cristina Ehrle of awards-season red carpets: \"These women are "
         "being paid a great deal of money to wear the dresses.\"",
         ["Reese Witherby", "Cristina Ehrle"]),
        # "said director of Generation Rent, Alex Hilton": a role opening with its role word.
        ("\"We hope our proposal gives MPs a sense of humility and urgency,\" said director of "
         "Generation Rent, Alex Hilten.", ["Alex Hilten"]),
        # A clause closing the quote's sentence with "told …".
        ("Mohammed Emwaz's father spoke. \"There is nothing that proves the accused is my son "
         "Mohammed\" of ISIS, Jassem Emwaz told the Kuwaiti newspaper al Qabas.",
         ["Jassem Emwaz"]),
        # The subject of the sentence before is the name with a past verb after it, not one in
        # a fronted phrase ("with … Blanchett trying …").
        ("Cate Blanchet spoke first. \"I do not drink beer,\" she responded. After more "
         "back-and-forth, with a testy Blanchet trying to steer the talk back to the film, Jon "
         "Hylan finally tried another angle. \"How were you able to get that cat to do what "
         "you wanted?\" he asked.", ["Cate Blanchet", "Jon Hylan"]),
    ],
)
def test_opening_notes_role_words_told_clauses_and_acting_subjects(
        text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A capitalised word before a middle initial and a surname is a given name, even one
        # that is also a stop word ("Per").
        ("Assange's defense lawyer, Per E. Samuels, spoke. \"I think I woke him up, but he "
         "knew I was calling with news,\" Samuels said.", ["Per E. Samuels"]),
        # "equity strategist" is a role before the name, not the bank before it.
        ("In 2005 it \"will rise toward 13,000 and maybe more\", predicted Morgan Stanley "
         "equity strategist Naoki Kamiya.", ["Naoki Kamiya"]),
    ],
)
def test_given_names_before_initials_and_strategists(
        text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 'Stripes quoted Childs as saying': the one quoted speaks, not the paper.
        ("The trek will take weeks. \"For those participating in it, the ride is a unique "
         "opportunity,\" Stripes quoted Childe as saying. Army spokesman Craig Childe agreed.",
         ["Craig Childe"]),
        # A stray comma between the name and "said".
        ("The convoy is \"a highly visible demonstration of commitment to its allies,\" Army "
         "spokesman Lt. Col. Craig Childe, said in a statement, according to the Kell report.",
         ["Craig Childe"]),
    ],
)
def test_quoted_as_saying_and_stray_commas(text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A family speaks together, not the one of them the story is about.
        ("Former Prime Minister Hallam Voss has died. \"It is with deep sadness that we tell "
         "you he died peacefully this morning,\" according to a Voss family statement.",
         ["Voss family"]),
        # "family" is no adverb between a subject and its verb ("the Roe family said").
        ("Mary Roe died on Monday. \"She was the light of our lives and we will miss her,\" "
         "the Roe family said in a statement.", ["Roe family"]),
        # "his publicist's statement": the publicist's words, unnamed here ...
        ("Director Anton Vell has died, his publicist said. \"On set, he inspired the cast and "
         "crew with his perseverance,\" his publicist's statement said.", [None]),
        # ... and here the publicist the article named.
        ("Director Anton Vell has died, his publicist, Ida Marr, said. \"On set, he inspired "
         "the cast and crew with his perseverance,\" his publicist's statement said.",
         ["Ida Marr"]),
    ],
)
def test_families_and_a_relations_statement(text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "Per" is a given name, though a stop word, before a surname.
        ("\"The best team went through,\" Kell defender Per Voskuil told the radio. \"They "
         "deserved it,\" Voskuil said.", ["Per Voskuil", "Per Voskuil"]),
        # A document from a body the article named with the noun ...
        ("The Kell Police Department searched the house. The mother was held, pending the "
         "\"results of the medical examiner's report,\" a release from the police department "
         "said.", ["Kell Police Department"]),
        # ... and no body where the article gave none with it.
        ("Police searched the house. \"We are watching the situation very closely,\" a "
         "statement from the police department said.", [None]),
        # "For Ann Roe, the implications are clear:" gives her view.
        ("Dr. Ivo Lund led the study. \"We saw it,\" said Lund. Professor Ada Marr disagrees. "
         "\"It does not follow,\" Marr wrote. For Lund, the implications of his study are "
         "clear: \"The finding supports breastfeeding.\"", ["Ivo Lund", "Ada Marr", "Ivo Lund"]),
    ],
)
def test_stop_word_given_names_bodies_sending_documents_and_views(
        text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "The Kell State graduate says …": a role pointing back at the person the story is
        # about, for a partial quotation inside the reporter's sentence, and so for the "he
        # writes" that continues it.
        ("Ivo Lund is a lineman for the Kell Rams. \"I love the game,\" Lund wrote. The Kell "
         "State graduate says the reason he plays isn't money or \"for some status that comes "
         "with being an athlete.\" It is simpler. \"I play because I love hitting people,\" he "
         "writes.", ["Ivo Lund", "Ivo Lund", "Ivo Lund"]),
        # A name in the relative clause of a role subject is someone else: "he" is the role.
        ("Theo Marr's son met hatred abroad, Marr writes. The 70-year-old actor, who was "
         "raised by a Jewish father, Abel Marr, and a Catholic mother, said he never felt "
         "Jewish. \"Now, half a century later, I have to defend my son,\" he writes.",
         ["Theo Marr"]),
        # "said the post": whoever "posted" it.
        ("Ann Roe, a drummer for the rock band Velvet Harbour, has died, the band posted on "
         "its Facebook page. \"We are profoundly saddened by the passing of our sister,\" "
         "said the post.", ["Velvet Harbour"]),
        # A sentence naming no one and reporting no speech does not end the reporter's "says
        # Roe" before an unattributed quotation ...
        ("\"We hope the island can be a studio,\" said Ann Roe. Half the money is paid in "
         "cash. But just as important is the island's range, says Roe. The city has hosted "
         "crews from Latvia, and the BBC shot its drama \"X+Y\" there. \"It's a small island. "
         "In half an hour you reach the sea.\"", ["Ann Roe", "Ann Roe"]),
        # ... but a name in the quotation's own sentence does.
        ("\"It works,\" said Ann Roe. But Ivo Lund also says the plan has been in place for "
         "some time. The alignment is shown by the group's videos. Ada Marr, whose book "
         "\"Kell Rising,\" is out next month, agrees the releases point to \"some sort of "
         "inspiration\" from the other group.", ["Ann Roe", None]),
        # A scare quote in the last quotation's own attribution keeps the thread of speakers.
        ("Kevin Doyle said jail was hard. \"I just want this to be over with,\" he told WKRP "
         "before getting word of the \"time served\" ruling. \"I'm away from my family and I "
         "have four dogs.\"", ["Kevin Doyle", "Kevin Doyle"]),
        # A nationality alone names no one.
        ("Fans adore him. \"Lewis is cautious and aggressive at the same time,\" says "
         "Brazilian fan Melissa, who calls herself Mel.", ["Melissa"]),
        # ... but one the article gave as a surname is the person.
        ("Band guitarist Jay Jay French told reporters the news. \"We are devastated,\" "
         "French said.", ["Jay Jay French"]),
    ],
)
def test_role_subjects_posts_passed_over_sentences_scare_quotes_and_nationalities(
        text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The name after "he replied that" is the reported clause's subject, not the one
        # "he" stands for.
        ("\"We are calm,\" said spokesman Ivo Lund. Lund also urged calm, saying that "
         "President Vlad Marr was \"absolutely\" healthy. Asked if the leader's handshake "
         "was firm, he replied that Marr \"can break a hand.\"", ["Ivo Lund", "Ivo Lund"]),
        # ", adding that" after a quotation shares the subject of the sentence the quotation
        # opened, out of view behind it; a name after a preposition is no subject.
        ("Foreign Minister Ann Roe said on Monday that \"we need to close the gaps\" with "
         "Veldria in the talks, adding that those negotiating with Veldrian officials \"are "
         "deeply committed to a fair deal.\" Talks resume next week.",
         ["Ann Roe", "Ann Roe"]),
        # "pro Tempore" is part of the title.
        ("Senate President pro Tempore Ada Marr said the bills will help to \"manage the "
         "drought and strengthen our infrastructure.\"", ["Ada Marr"]),
        # An acronym's "of" joins one organisation's name.
        ("Kell was to issue licences on Monday. \"The ban hurts countless Kell families,\" "
         "the ACLU of Kell said on its Twitter account.", ["ACLU of Kell"]),
    ],
)
def test_names_after_a_pronoun_s_verb_participles_pro_tempore_and_acronym_bodies(
        text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "the CEO" is the one the article titled so before the name ("Veldair CEO Jon
        # Brask"), not the last person named.
        ("Veldair CEO Jon Brask told reporters the plane was safe. \"We checked it twice,\" "
         "Brask said. Lars Holm had flown for the airline since 2013, the company has said. "
         "Holm was 28. That is, \"unless the person inside locks the door,\" the CEO said.",
         ["Jon Brask", "Jon Brask"]),
        # "the star of the hit television show" is a role before "of": the person the story
        # is about.
        ("Actress Ada Vell is apologising. In her interview, the star of the hit television "
         "show \"Kell\" said her son, Tom Vell, 20, was stopped for \"having his hands in his "
         "pockets.\" After the claim, she vowed to move him. \"I am not paying for this,\" "
         "she said.", ["Ada Vell", "Ada Vell"]),
        # A given name tells a gender where the article's pronouns do not: "she" is not Brad.
        ("Ann Kell wrote an essay about the tests. \"I told myself to stay calm,\" she wrote. "
         "Her husband, actor Brad Lott, was on a plane back within hours, she wrote. \"There "
         "is so much clarity,\" she wrote.", ["Ann Kell", "Ann Kell"]),
        # "the paper" is the newspaper named last.
        ("According to the Kellby Daily, the two men were jailed. He later sold the photos, "
         "the report said. \"Although the tricks are cunning, they are totally "
         "preventable,\" the paper said.", ["Kellby Daily"]),
        # "the magazine" is the magazine named last.
        ("Kell Weekly magazine has retracted a story about singer Ada Lind. \"We sincerely "
         "apologize to Ms. Lind and her family,\" the magazine said on its website.",
         ["Kell Weekly"]),
        # "quoted him as saying": he speaks, not the website; a sport's role opening the
        # run is no part of the name.
        ("Golfer Lars Holm lost by a shot on Sunday. But the frustrated 38-year-old Swede "
         "said he was rushed. \"I rushed that putt a little bit,\" the Tour website quoted "
         "him as saying.", ["Lars Holm"]),
        # A poster known by a handle alone is the handle.
        ("Some users doubted it. \"I have photos of the ship, too,\" one person with the "
         "handle @gablo posted on Weibo. \"Countless people have photographed it.\"",
         ["@gablo", "@gablo"]),
        # Initials written without stops before a particle open a person's name.
        ("\"It was an amazing game of cricket,\" JP van Wyk said. \"We gave it our best.\"",
         ["JP van Wyk", "JP van Wyk"]),
        # A quotation standing alone after a sentence opened by "He is" is his.
        ("Comedian Omar Tell now leads study groups. \"Sometimes jokes are annoying,\" Tell "
         "said. His show, \"The Show,\" ran for three seasons. He is also writing a script "
         "for a comedy. \"Satire did not begin or end with my program.\"",
         ["Omar Tell", "Omar Tell"]),
        # "Doctor" before a name is a title.
        ("\"Her condition is stable,\" said Doctor Andres Vela, chief of pediatrics.",
         ["Andres Vela"]),
        # Two capitals before a surname are initials ("PK Shahi"), not a body's acronym.
        ("Education Minister PK Varma told reporters the tests were fair. \"This is a "
         "collective responsibility,\" he said.", ["PK Varma"]),
        # A title's words (all capitalised but the small ones) are no quotation.
        ("That pressure has changed Marr's \"Rule of the River\" in dramatic ways. \"It is "
         "over,\" Ann Roe said.", ["Ann Roe"]),
    ],
)
def test_titled_roles_given_names_mastheads_handles_undotted_initials_and_titles(
        text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "confides" is a verb of saying (as "yells", "shouts" and "whispers" are).
        ("\"I have such a headache raising this child,\" 72-year-old Ada Vell confides.",
         ["Ada Vell"]),
        # A sentence opened by "Wrote one poster," names an unnamed writer, not the body
        # quoted before.
        ("The code says the flag should never be used as \"wearing apparel, bedding, or "
         "drapery,\" according to a Kell Research Service report. Wrote one poster, \"I am "
         "a veteran and find this picture beautiful.\"", ["Kell Research Service", None]),
        # The person whose remark the reporter's sentence reports, named in the possessive.
        ("Jon Brask, a former editor, judged the show. Ivo Lund made a good impression, "
         "even if he was thrown by Mr Brask's suggestion that young drunks should \"be "
         "given a good beating\" and left.", ["Jon Brask"]),
        # Two people named as the subject speak jointly, and "they" after them is the pair.
        ("\"Jobs within reach fell by 7%,\" Ada Vell and Ina Roe wrote in the study. The "
         "issue hits the poor, the authors added. \"Poor areas saw steep declines,\" they "
         "wrote. \"The patterns did not emerge by themselves,\" Vell and Roe wrote. \"Leaders "
         "put them in play.\"", ["Ada Vell and Ina Roe"] * 4),
        # A given name before a shared surname takes the surname.
        ("\"He is a good boy, and we know his heart,\" Brody and Susan Kell said.",
         ["Brody Kell and Susan Kell"]),
        # "their post" after a sentence whose subject is two people: the pair, and the
        # unattributed quote after it too.
        ("In a post on the Kell Church's website, Ada and Ivo Vell accused the church of "
         "leaving the faith. \"We are not to change the book,\" their post said. \"We do not "
         "care who disagrees.\"", ["Ada Vell and Ivo Vell"] * 2),
        # "they" after a police force reported speaking is the force.
        ("Officers arrested the man early Monday, Kell Valley police said. \"There was no "
         "immediate threat to public safety,\" they said in a statement.",
         ["Kell Valley police"]),
        # "the sheriff's office" is the office the article named with the sheriff's title.
        ("On Monday, the Kell County Sheriff's Office named the victim. Rescuers flew her "
         "to a ranger station. \"The cause of death will be pending the tests,\" the "
         "sheriff's office said in a statement.", ["Kell County Sheriff's Office"]),
        # ... and none where the office named is another's.
        ("The Kell Home Office issued new guidance on Monday. \"We will study the guidance "
         "closely,\" the mayor's office said.", [None]),
        # A person's website speaks for its owner, not for the site's name.
        ("Entrepreneur Kyle Vell will ship you snow. \"We will not ship snow to any states "
         "in the northeast!\" says Vell's website, ShipSnowNow.com.", ["Kyle Vell"]),
        # "Comics" names a body; a bracket between the name and its verb is passed over.
        ("Kell Comics (owned by Veldria Media, which also owns a paper) said in a statement "
         "that the cover was pulled. \"Threats of violence and harassment are wrong,\" they "
         "said.", ["Kell Comics"]),
        # A place before "police" is the force's, not a person's name.
        ("\"We are still trying to verify the sequence of events,\" Kell Bay police Lt. "
         "Ivo Lund said.", ["Ivo Lund"]),
        # "Airlines" names a body: a flight number after it is no person.
        ("Twelve months after Veldria Airlines Flight 370 vanished, Ada Vell hasn't given "
         "up hope. \"Now and then I call his phone and it goes to voicemail,\" she says.",
         ["Ada Vell"]),
    ],
)
def test_joint_speakers_bodies_as_they_offices_websites_and_possessive_remarks(
        text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A wife named by one word ending in "i" is a person, and "his wife" tells her
        # gender: "she" is not her husband.
        ("Ivo Kessel runs the stables. Kessel trains the horses with his wife Gerti, a "
         "former rider. \"We train all our horses in dressage,\" she explains. But as Gerti "
         "concedes, it is not for everyone. \"Some people are too scared,\" she says.",
         ["Gerti", "Gerti"]),
        # A pronoun cut by the search window's end ("he" of "her") is no pronoun.
        ("Ada Vell is a tennis player. Ms Ina Vell, her sister, stays away. Their coach "
         "says he is proud. Ada Vell will be the lone Grand Slam winner at a meet, in her "
         "family attending. Ada Vell scoffed at the claims. \"Integrity has been "
         "everything to me,\" she told the paper.", ["Ada Vell"]),
        # A family posting a statement speaks together, "read" as its verb.
        ("Ivo D. Kessel, the actor, died Monday. Kessel' family also posted a statement "
         "on his page. \"The Kessels, with sorrowed hearts, announce his passing,\" the "
         "statement read.", ["Kessel family"]),
        # "… read" after a document: its owner's words, or no one named for "one letter".
        ("Jo Lund answered on Twitter. \"Congratulations to the team for a great weekend!\" "
         "Lund's message read. Many left notes on the bridge. \"Thank you for your "
         "courage,\" one letter read.", ["Jo Lund", None]),
        # A company by its fullest name, with its trade.
        ("Kell Dale ice cream recalled more cups. This is the first recall in the history "
         "of Kell Dale Creameries. In a statement on its website, Kell Dale said \"this "
         "recall in no way includes half gallons or pints.\"", ["Kell Dale Creameries"]),
        # "&" and a nationality opening a body's name join one name.
        ("\"We are providing consular assistance to their families,\" the British Kell & "
         "Veldria Office said in a statement.", ["British Kell & Veldria Office"]),
        # "according to" a station after a named subject's verb of saying: the subject's
        # words, which the station reports.
        ("Ivo Trask lost his partner in the crash. Trask described her as the love of his "
         "life, according to KVLD: \"I'm going to miss her a lot.\"", ["Ivo Trask"]),
        # A role with a relative clause whose verb is of saying: the one the story is about.
        ("Ada Vell wrote an essay in the Kell Times about her surgery. Some worried for the "
         "star, who wrote in her essay that \"the fact is I remain prone to cancer.\"",
         ["Ada Vell"]),
    ],
)
def test_kin_genders_family_statements_documents_read_company_names_and_sources(
        text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "Principal" is a title; a role at a body the article names points back at the
        # person the story is about.
        ("Kell high school Principal Ivo Dane held a bucket. \"She just said 'hold the "
         "bucket,' \" the North Kell High School principal told KVLD. Dane smiled. "
         "\"This is why I do the things that I do,\" said Principal Ivo Dane.",
         ["Ivo Dane", "Ivo Dane"]),
        # "the academy", "the airline": the body the article named holding that word, its
        # "of" part or its plural included.
        ("The Academy of Kell Arts and Sciences bought the lander. \"We're excited to add "
         "it,\" the academy told KVLD in a statement. Ada Vell flew Dale Airlines, which "
         "owns Veldria Air. Pets fly free \"in a normal cabin,\" according to the "
         "airline's website.", ["Academy of Kell Arts and Sciences", "Dale Airlines"]),
        # A page on a body's website: the body, by its fullest name.
        ("Kell Airlines has 69 planes. \"We've been waiting to hit 69 planes for years,\" "
         "reads the offer on Kell's website.", ["Kell Airlines"]),
        # "But he …" opens a sentence with its subject: the man named after a preposition
        # in it is someone else.
        ("Ivo Dane coaches Kell. Kell have lost 12 games under his leadership. But he "
         "rejected the comparison made with Bert Lund, recently sacked as manager. \"How "
         "can two coaches have anything in common?\" he asked.", ["Ivo Dane"]),
        # A clause ending in a colon: its subject, a person named with a role or alone;
        # not a body's fans.
        ("Kell's president, Ada Vell condemned the attack: \"This incident can never be "
         "tolerated.\" Ivo Dane agrees: \"He stays true to himself.\"",
         ["Ada Vell", "Ivo Dane"]),
        ("Kell drew in Paris. The Kell fans can then be heard chanting: \"We're the best "
         "and that's the way we like it.\"", [None]),
        # ... after a dateline, and after "The" and a word of description, a person's full
        # name; not a body's fans described so.
        ("(CNN)The irrepressible Ivo Dane has a message for his critics: \"shut up!\" He "
         "has started one game since May.", ["Ivo Dane"]),
        ("The angry Kell fans chanted: \"Out, out, out!\"", [None]),
    ],
)
def test_principals_bodies_by_a_common_noun_pages_and_conjoined_pronoun_subjects(
        text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A participle of posting shares the sentence's subject, even after "had", and a
        # nationality opening the subject's roles is no subject ("tennis" is no verb).
        ("Ada Vell had her photo taken with the singer, tweeting: \"Just another night in "
         "the desert.\" Danish tennis star and swimsuit model Ina Lund also had her photo "
         "taken, posting: \"What a night it was for all of us.\"", ["Ada Vell", "Ina Lund"]),
        # A relative clause between the subject and its predicate is no subject, and "went
        # on to say", "took to Twitter to say" are the subject's.
        ("Ivo Dane is a singer. Dane, who is raising two children that were conceived "
         "through IVF, took to Twitter to essentially say \"Oh no he didn't,\" and more. "
         "Ada Vell runs a bakery. Vell went on to say \"we will open again in the spring.\"",
         ["Ivo Dane", "Ada Vell"]),
        # The stops of "U.S." end no sentence between the verb and the quotation; a
        # capitalised word ending in "ly" is no adverb ("Ms Kelly said", "Us Weekly said").
        ("Ivo Dane died. Police spokesman Jo Lund said Dane, who recently moved to the "
         "U.S., had never seen snow and \"just like all of us, snow brings the child out in "
         "us.\" Ada Kelly runs a bakery. But Ms Kelly said she \"would not trust him as far "
         "as she could throw him\". Us Weekly said on its website: \"The interview was "
         "conducted by a freelance journalist.\"", ["Jo Lund", "Ada Kelly", "Us Weekly"]),
        # "said Roe after finishing": the name, not a role ending in "finishing"; a body
        # after the speaker's role is the role's ("…, the former head of the agency,
        # Kellmark, told"), and a place after a role is no speaker.
        ("Ina Vell ran the race. \"It's an achievement,\" said Vell after finishing. On "
         "Friday, Ivo Dane, the former head of the city's intelligence agency, Kellmark, "
         "told the paper: \"The person who caused the greatest damage is the mayor.\" And, "
         "Ada Roe, an acting student in Montreal, Quebec, said: \"He is one of the reasons "
         "I still act.\"", ["Ina Vell", "Ivo Dane", "Ada Roe"]),
        # "police said": the one force the article names in full, else no one named.
        ("Ivo Dane turned himself in to Kell Vale Police. He was racing another car \"and "
         "struck several spectators,\" police said.", ["Kell Vale Police"]),
        ("Kell Vale Police and Dale Police searched the area. He was racing another car "
         "\"and struck several spectators,\" police said.", [None]),
    ],
)
def test_participles_after_a_subject_relative_clauses_and_infinitives_of_saying(
        text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A stop before the comma that hands a quotation to its attribution ends no sentence.
        ("Ivo Dane has not turned up. \"The suspect knows he is wanted, and that we are "
         "searching for him.,\" Kell Vale police said in a statement.", ["Kell Vale police"]),
        # "the doctor" is the one person the article titles "Dr." (a possessive after the
        # name is no other doctor); a doctor it never titles is someone unnamed.
        ("Dr. Ada Vell met Ivo Dane. He later shook Dr. Vell's hand. \"Please help me,\" "
         "Dane pleaded with Dr. Vell, to which the doctor responded, \"We've got to get you "
         "cleaned up first.\"", [None, "Ada Vell"]),
        ("Ivo Dane was treated in hospital. \"He will recover fully in a few weeks,\" the "
         "doctor said.", [None]),
        # ... and so for other titles spelt out: "the captain" is the one "Capt." the article
        # names, not the last person named.
        ("Capt. Ada Vell flew the plane with co-pilot Ivo Dane. \"We are late,\" Dane said. "
         "\"You can take over,\" the captain says.", ["Ivo Dane", "Ada Vell"]),
        # A country's possessive before a body's own name of two words or more is dropped,
        # as a person's owner is; not a possessive that opens the body's name.
        ("Veldria's National Intelligence Service told CNN that \"the information you've "
         "obtained is not true.\" The Women's Aid Federation said: \"We are aware of the "
         "reports and are seeking information.\"",
         ["National Intelligence Service", "Women's Aid Federation"]),
    ],
)
def test_a_stop_before_the_comma_the_titled_doctor_and_a_country_owned_body(
        text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A quoted nickname between a given name and a surname: the surname alone is the
        # person the nickname splits, not the next of that surname named in one piece.
        ("Ivo \"The Hammer\" Dane had a good weekend. \"When I was a boy, they took away my "
         "mother,\" Dane said in character. He is the son of the wrestler Rocky Dane.",
         ["Ivo Dane"]),
        # Representatives for someone are unnamed people, not the one they speak for.
        ("Actor Ivo Dane has completed rehab, the site reports. \"With the support of his "
         "partner, Ivo Dane recently completed treatment,\" said representatives for Dane in a "
         "statement to Kell News.", [None]),
        # A ranking before the name is no part of the phrase.
        ("Ivo Dane beat Ada Vell. \"It was an incredible experience,\" said world No. 5 "
         "Dane, who won in two hours. \"I played really well after that.\"",
         ["Ivo Dane", "Ivo Dane"]),
        # A conjunction after a quotation opens no attribution ("although he didn't say").
        ("Ivo Dane and Ada Vell are back. The film is described by Dane as \"one of possibly "
         "two, but for sure one, that we are going to be doing,\" although he didn't say "
         "more.", ["Ivo Dane"]),
        # Adverbs between "with" and its name before a participle of saying.
        ("Ivo Dane and Ada Vell spoke. The talk was at the Kell Party in Vell, NC this weekend, "
         "with Dane somewhat uncertainly telling the crowd that they \"can look forward to a "
         "new film next year.\"", ["Ivo Dane"]),
        # A station's number is part of its name; a book's chapter is not.
        ("Snow fell. \"Move your vehicles from these routes!\" tweets Kell 5 DC. \"Dig out,\" "
         "recommends Vellco.", ["Kell 5 DC", "Vellco"]),
        # A particle capitalised to open a sentence is the name's own ("AB de Villiers").
        ("South Africa captain AB de Vell hit a century. \"It was special,\" De Vell said.",
         ["AB de Vell"]),
        # An inch sign after a digit inside a quotation closes nothing.
        ("Snow fell. \"A solid 1\"+ per hour snowfall rate!\" tweets Ivo Dane.",
         ["Ivo Dane"]),
    ],
)
def test_a_nickname_representatives_a_ranking_a_station_and_an_inch_sign(
        text: str, expected: list[str | None]) -> None:
    assert [s for _, s in speakers(text)] == expected


def test_an_inch_sign_stays_inside_its_quotation() -> None:
    assert [q.text for q in extract_quotes(
        "Snow fell. \"A solid 1\"+ per hour snowfall rate!\" tweets Ivo Dane.")] \
        == ["A solid 1\"+ per hour snowfall rate!"]


def test_a_company_is_named_with_its_trade_from_the_first_ask() -> None:
    from digest.names import NameBook

    book = NameBook.from_text("Kell Dale ice cream is sold widely. Kell Dale Creameries "
                              "recalled cups on Monday.")
    assert [book.full_org("Kell Dale"), book.full_org("Kell Dale")] == ["Kell Dale Creameries"] * 2


@pytest.mark.parametrize("word", [
    "Jakarta", "Elo", "The", "He", "However", "President", "Minister", "Police", "Council",
    "NASA", "BBC", "US", "III", "IV", "I", "A", "Open", "Cup", "de", "van", "Monday",
    "Said", "Will", "Per", "Lord", "Zarni", "Doctor", "Sheikh", "Chinese", "Afghans", "Zoë",
])
def test_one_word_runs_take_a_shortcut_with_the_same_answer(word: str) -> None:
    from digest.names import _pieces, is_org

    name = clean_name(word)
    expected = ((0, name, False),) if name and not is_org(name) else ()
    assert _pieces.__wrapped__(word) == expected


def test_given_names_tell_one_gender_only() -> None:
    from digest.given_names import FEMALE, MALE

    assert not FEMALE & MALE
    assert {"Caryn", "Angelina"} <= FEMALE and {"Carsten", "Brad"} <= MALE


def test_quote_helpers_string_scans_agree_with_their_patterns() -> None:
    # The quote stage finds marks, sentence starts and plain text with string methods where
    # a pattern would scan every position: the same results as the patterns.
    import random
    import re

    from digest.quotes import (
        _BOUNDARY,
        _MARKS,
        _has_mark,
        _last_boundary,
        _mark_positions,
        _plain,
        _plain_lines,
    )

    rng = random.Random(11)
    pieces = ["Ann", "said", "the", " ", "  ", ".", ". ", "? ", "!\" ", '"', "\u201c", "\u201d",
              "\u2019", "\n", "\t", "A", "9", ")", "\u00a0", "U.S."]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        assert _mark_positions(text, 0, len(text)) == [m.start() for m in _MARKS.finditer(text)]
        assert _has_mark(text) == (_MARKS.search(text) is not None)
        last = 0
        for match in _BOUNDARY.finditer(text):
            last = match.end()
        assert _last_boundary(text) == last
        plain = " ".join(re.sub("[\"\u201c\u201d\u201e\u00ab\u00bb]", "", text).lower().split())
        assert _plain(text) == plain
        lines = text.split("\n")
        assert _plain_lines(lines) == "\n".join(_plain(line) for line in lines)
        assert _plain_lines([text, "A"]) == f"{_plain(text)}\na"  # (a line break inside)

