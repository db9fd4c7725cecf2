"""Pure checks of an answer against its question (generation/answer_checks.py). The cases are
the failures seen on public web pages the project had never seen: a headline passed as an
answer, a topical sentence for "what share", a neighbouring grant for "what grant", a passage
about the attainment gap for an Attainment 8 question, a copy cut at a double quote."""

from assistant.generation.answer_checks import (answer_like, fits_question, gives_date, gives_share, head_noun, headline, mentions,
                                               named_terms, neighbours, restored_copy)
from assistant.generation.sentences import Sentence


def test_a_question_names_what_it_asks_about():
    assert named_terms("What is the new Attainment 8 target for disadvantaged pupils?") == ["Attainment 8"]
    assert named_terms("How much funding is committed to the Experts at Hand offer?") == ["Experts at Hand"]
    assert named_terms("According to the NEU, what does the Inclusion Grant equate to?") == ["NEU", "Inclusion Grant"]
    # "and" and "in" join no names: two organisations, and a name with a year after it.
    assert named_terms("What did the LGA and County Councils Network find?") == ["LGA", "County Councils Network"]
    assert named_terms("What was the score of pupils with EHCPs in 2018?") == ["EHCPs"]
    assert named_terms("When was it published?") == []


def test_a_name_is_mentioned_in_a_plural_or_longer_form():
    assert mentions("EHCP", "around 639,000 young people hold EHCPs")
    assert mentions("Experts at Hand", "an 'experts at hand' service")
    assert not mentions("Safety Valve", "councils' deficits will be written off")
    assert not mentions("Attainment 8", "halve the attainment gap by 2035")
    assert mentions("Disabled Children Partnership", "the Disabled Children's Partnership said")
    assert mentions("Individual Support Plan", "failures to deliver an ISP would be challenged")
    assert mentions("LGA", "analysis for the Local Government Association found")
    assert not mentions("LGA", "analysis for the councils found")


def test_an_answer_fits_its_question_only_from_a_passage_that_names_its_subject():
    passage = "The government says it intends to halve the attainment gap between disadvantaged pupils and their peers."
    sentence = passage
    assert not fits_question("What is the new Attainment 8 target for disadvantaged pupils?", sentence, sentence, passage)
    grant = 'All local councils with a SEND deficit will be eligible to receive a "high needs stability grant".'
    other = "The Ministry said the deficits will be written off through the largest intervention ever."
    question = "What grant will councils with a SEND deficit be eligible to receive?"
    assert head_noun(question) == "grant"
    assert fits_question(question, grant, grant, f"{other} {grant}")
    assert not fits_question(question, other, other, f"{other} {grant}")  # the answer names no grant
    assert head_noun("What share of deficits will be written off?") is None  # a share is checked by its form


def test_what_share_is_answered_by_a_share():
    question = "What share of councils' historic SEND deficits will the government write off?"
    assert gives_share("The government has pledged to write off 90 per cent of the deficits.", question)
    assert gives_share("Fewer than half were issued within 20 weeks.", "What share of EHCPs were issued on time?")
    assert gives_share("One in five pupils receives support.", "What proportion of pupils receive support?")
    assert not gives_share("The deficits up to 2025-26 will be written off.", question)
    assert not answer_like("The deficits up to 2025-26 will be written off.", question)
    assert gives_share("anything", "How much is the fund?")  # not asked for a share


def test_a_distance_or_an_age_needs_a_figure_that_is_not_a_year():
    question = "What is the statutory walking distance for free travel?"
    assert not answer_like("Changes to EHCPs by 2035 were set out.", question)
    assert answer_like("Two miles for children under eight.", question) is False  # a number in words is not a figure
    assert answer_like("The distance is 2 miles for children under 8.", question)


def test_a_headline_is_never_an_answer_in_its_own_words():
    assert headline("What the SEND White Paper Means for EHCPs by 2035")
    assert not headline("Strengthen early support in mainstream schools and colleges")
    assert not headline("The Government aims to publish the Standards by 2028.")
    question = "What will change for EHCPs by 2035?"
    assert not answer_like("What the SEND White Paper Means for EHCPs by 2035", question, own_words=True)


def test_a_copy_cut_at_a_double_quote_is_restored_to_its_sentence():
    whole = 'The Ministry said the deficits will be written off through "the largest intervention on SEND deficits ever".'
    chosen = [Sentence("S4", "P3", whole)]
    assert restored_copy("The Ministry said the deficits will be written off through", chosen) == whole
    assert restored_copy("The deficits will be written off.", chosen) is None  # a complete answer of its own
    assert restored_copy("Written off through", chosen) is None  # not the sentence's opening


def test_the_sentence_after_a_topical_one_is_looked_at_next():
    sentences = [Sentence("S1", "P1", "Have your say The proposed reforms are now open for consultation."),
                 Sentence("S2", "P1", "Parents, young people and professionals can share their views until 18 May 2026."),
                 Sentence("S3", "P2", "The consultation closed on 18 May 2026 in another source.")]
    found = neighbours("Until when is the consultation open for views?", sentences, sentences[:1])
    assert [s.label for s in found] == ["S2"]  # the next sentence of the same source, not another source's


def test_items_of_a_list_read_as_one_sentence_are_not_an_answer_in_their_own_words():
    run_on = ("From 2026-27, a new £1.6 billion fund will give leaders flexibility. - Individual support plans (ISPs): "
              "Every learner with additional needs has the right to an ISP.")
    assert not answer_like(run_on, "How many inclusion bases will primary schools receive?", own_words=True)
    assert answer_like("A new £1.6 billion fund will give leaders flexibility - from 2026-27.",
                       "How much is the new fund?", own_words=True)


def test_when_is_answered_by_a_date_not_by_any_digit():
    question = "Until when is the SEND reform consultation open for views?"
    assert not gives_date("You can respond by post to Sanctuary Buildings, London, SW1P 3BT.", question)
    assert gives_date("Views can be shared until 18 May 2026.", question)
    assert gives_date("Councils will receive the grant in the autumn.", "When will councils receive the grant?")
    assert gives_date("anything", "What happens to a plan when a child moves school?")  # "when" as a conjunction
