"""The neutral framework (evals/frameworks/neutral.yaml, issue 22 part 5): the shipped schema and
areas, and no wording taken from the forum's response that coverage grades."""

from __future__ import annotations

from assistant.framework import load_framework
from assistant.settings import DEFAULT_FRAMEWORK, REPO_ROOT
from assistant.text import longest_run, words

NEUTRAL = REPO_ROOT / "evals" / "frameworks" / "neutral.yaml"
GOLD = REPO_ROOT / "corpus" / "samples" / "forum-response-2026-05-15.md"


def test_same_schema_areas_and_sections_as_the_shipped_framework():
    neutral, shipped = load_framework(NEUTRAL), load_framework(DEFAULT_FRAMEWORK)
    assert [(a.id, a.title) for a in neutral.areas] == [(a.id, a.title) for a in shipped.areas]
    assert [s.id for s in neutral.sections] == [s.id for s in shipped.sections]
    # Headings of past responses are recognised the same way (titles and aliases are headings, not points).
    assert [a.labels() for a in neutral.areas] == [a.labels() for a in shipped.areas]
    assert [s.labels() for s in neutral.sections] == [s.labels() for s in shipped.sections]
    assert all(s.openers for s in neutral.sections) and all(len(a.guiding_questions) >= 3 for a in neutral.areas)


def test_no_guiding_question_or_opener_shares_four_words_in_a_row_with_the_gold():
    neutral, gold = load_framework(NEUTRAL), words(GOLD.read_text(encoding="utf-8"))
    texts = [q for a in neutral.areas for q in a.guiding_questions] + [o for s in neutral.sections for o in s.openers]
    shared = {t: longest_run(words(t), gold) for t in texts}
    assert max(shared.values()) < 4, [t for t, n in shared.items() if n >= 4]


def test_descriptions_and_values_share_only_the_fields_common_terms_with_the_gold():
    # "for children and young people" (5 words) is the field's name for its subject, not a point.
    neutral, gold = load_framework(NEUTRAL), words(GOLD.read_text(encoding="utf-8"))
    texts = [a.description for a in neutral.areas] + [neutral.values]
    assert max(longest_run(words(t), gold) for t in texts) <= 5


def test_the_word_run_matcher_finds_the_longest_shared_run():
    assert longest_run(words("how will the money be spent"), words("We ask how the money will be spent.")) == 2  # "the money", "be spent"
    assert longest_run(words("nothing shared"), words("at all")) == 0


def test_the_draft_neutral_suite_runs_leave_one_out_under_the_neutral_framework(tmp_path, monkeypatch):
    from assistant.evals.suites import load_suite, parse_suite

    suite = load_suite("draft-neutral")
    assert suite.settings["framework_path"] == str(NEUTRAL)
    assert [t.task for t in suite.tasks] == ["coverage", "draft", "editor"]
    assert all(t.options.get("leave_out") == [GOLD.name] for t in suite.tasks if t.task != "coverage")
    # A framework named in a suite is the repository's file wherever the run starts.
    monkeypatch.chdir(tmp_path)
    parsed = parse_suite({"name": "x", "tasks": [{"task": "editor", "settings": {"framework_path": "evals/frameworks/neutral.yaml"}}]})
    assert parsed.tasks[0].settings["framework_path"] == str(NEUTRAL)
