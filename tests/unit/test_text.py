"""The text toolkit (assistant/text.py): each helper on the class of inputs it serves."""

import numpy as np

from assistant.text import (
    complete_part, content_words, find_run, fingerprint, first_sentence, jaccard, longest_run, overlap, quote_in_passage,
    sentence_spans, unit_rows, word_spans, words,
)

PASSAGE = "4.2 Mainstream schools are to share £1.2 billion of the money over three years,\nwhich is £400 million a year."


def test_words_are_letters_or_digits_in_any_script_and_pound_and_percent_on_their_own():
    assert words("£1.2 billion, a rise of 66%") == ["£", "1", "2", "billion", "a", "rise", "of", "66", "%"]
    assert words("The forum’s ISP_plan: naïve 前线") == ["the", "forum", "s", "isp", "plan", "naïve", "前线"]
    assert words("") == [] and words(" -- ... ") == []


def test_word_spans_are_the_same_words_with_their_offsets():
    text = "Share £1.2 billion."
    spans = word_spans(text)
    assert [w for w, _, _ in spans] == words(text)
    assert all(text[s:e].lower() == w for w, s, e in spans)


def test_content_words_leave_out_stopwords_and_short_words():
    assert content_words("What does the White Paper say about the funding of EHCPs?") == {
        "white", "paper", "say", "about", "funding", "ehcps"}


def test_fingerprint_ignores_layout_case_and_punctuation_but_not_words_or_figures():
    assert fingerprint("4.2 Mainstream schools,\n\nshare £1.2 billion") == fingerprint("4.2  Mainstream Schools share £1.2 billion.")
    assert fingerprint("share £1.2 billion") != fingerprint("share 1.2 billion")
    assert fingerprint("share £1.2 billion") != fingerprint("share £1.3 billion")


def test_a_run_of_words_is_found_contiguously_and_in_order():
    hay = words("one two three four five")
    assert find_run(["three", "four"], hay) == 2
    assert find_run(["four", "three"], hay) is None and find_run(["two", "four"], hay) is None
    assert find_run([], hay) is None and find_run(["one"], []) is None


def test_a_quote_is_in_a_passage_whatever_its_layout_but_not_with_changed_words():
    assert quote_in_passage("share £1.2 billion of the money over three years, which is", PASSAGE)  # across a line break
    assert quote_in_passage("“Mainstream  SCHOOLS are to share”", PASSAGE)
    assert not quote_in_passage("share £2 billion of the money", PASSAGE)
    assert not quote_in_passage("share 1.2 billion of the money", PASSAGE)  # the pound sign is a word
    assert not quote_in_passage("over three years, which is 前线", PASSAGE)  # another script's word is a word
    assert not quote_in_passage("Mainstream schools", PASSAGE)  # two words prove nothing


def test_longest_run_counts_consecutive_shared_words():
    assert longest_run(words("fund SEND training for staff in every school"), words(PASSAGE + " training for staff in every school")) == 6
    assert longest_run(words("nothing shared here"), words(PASSAGE)) == 0
    assert longest_run([], words(PASSAGE)) == 0


def test_overlap_is_the_share_of_the_querys_content_words_the_text_holds():
    assert overlap("How much money do mainstream schools share?", PASSAGE) == 4 / 5  # all but "much"
    assert overlap("the and for", PASSAGE) == 0.0  # no content words
    assert overlap("Mainstream schools", "") == 0.0


def test_jaccard_compares_word_sets():
    assert jaccard("The Tribunal loses placement powers", "the tribunal LOSES placement powers!") == 1.0
    assert jaccard("a b c d", "a b c e") == 3 / 5
    assert jaccard("", "anything") == 0.0


def test_sentences_end_at_a_stop_before_a_capital_digit_quote_or_bracket_not_after_an_abbreviation():
    text = 'Funding rises. 4.2 Schools share it, e.g. Mr. Smith’s. “It is late,” she said. (See p. 4.) Then more'
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Funding rises.", "4.2 Schools share it, e.g. Mr. Smith’s.", "“It is late,” she said.", "(See p. 4.)", "Then more"]
    assert sentence_spans("") == [] and sentence_spans("no stop at all") == [(0, 14)]


def test_first_sentence_and_the_complete_part_follow_the_same_rule():
    assert first_sentence("  Welcome for the proposal on funding. The forum will evaluate it.  ") == "Welcome for the proposal on funding."
    assert first_sentence("Risk that £1.2 billion is not enough") == "Risk that £1.2 billion is not enough"
    assert first_sentence("Risk that the 2026 fund is late. 50 councils have no plan.") == "Risk that the 2026 fund is late."
    assert first_sentence("Welcome for support, e.g. Speech therapy in schools.") == "Welcome for support, e.g. Speech therapy in schools."
    assert complete_part("Strong start. The independent review published its final report,") == "Strong start."
    assert complete_part("The independent review published its final report,") is None
    assert complete_part("Support, e.g. speech therapy and") is None  # no sentence ends after an abbreviation


def test_unit_rows_normalise_each_row_and_leave_a_zero_row_zero():
    rows = unit_rows([[3.0, 4.0], [0.0, 0.0], [0.0, 2.0]])
    assert rows.dtype == np.float32
    assert np.allclose(rows, [[0.6, 0.8], [0.0, 0.0], [0.0, 1.0]])
    assert np.isclose((rows @ rows.T)[0, 2], 0.8)  # a product of unit rows is their cosine
    assert unit_rows([[1.0, 1.0]], np.float64).dtype == np.float64
