"""Redrafting one area of a saved draft, and measuring a saved draft, through the CLI."""

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.drafts.repository import load_draft, save_draft
from assistant.errors import SendraftError
from assistant.models import ResponseDraft
from assistant.store import Store

pytestmark = pytest.mark.usefixtures("hash_embeddings")


@pytest.fixture
def store(fake_store) -> Store:
    return fake_store


def test_redraft_keeps_other_areas_and_edits_and_never_replaces_the_saved_draft(store):
    runner = CliRunner()
    assert runner.invoke(app, ["draft", "--area", "values", "--area", "funding", "--json"]).exit_code == 0
    (first,) = sorted((store.settings.home / "drafts").glob("draft-*.json"))
    edited = load_draft(first)
    edited.areas[0].positives[0].text = "An editor's own words."
    first.write_text(edited.model_dump_json(indent=2), encoding="utf-8")

    result = runner.invoke(app, ["redraft", "--area", "support", "--json"])  # the latest draft
    assert result.exit_code == 0, result.output
    redrafted = ResponseDraft.model_validate_json(result.stdout)
    assert [a.area_id for a in redrafted.areas] == ["values", "funding", "support"]  # framework order
    assert redrafted.areas[0].positives[0].text == "An editor's own words." and redrafted.based_on == first.name
    assert load_draft(first) == edited  # the draft it revises is untouched
    (new,) = set((store.settings.home / "drafts").glob("draft-*.json")) - {first}
    assert load_draft(new) == redrafted

    again = runner.invoke(app, ["redraft", str(first), "--area", "funding", "--json"])
    assert again.exit_code == 0 and [a.area_id for a in ResponseDraft.model_validate_json(again.stdout).areas] == ["values", "funding"]


def test_redraft_and_eval_draft_refuse_bad_input_clearly(store, tmp_path):
    runner = CliRunner()
    none_yet = runner.invoke(app, ["redraft", "--area", "funding"])
    assert none_yet.exit_code == 2 and "no saved drafts" in none_yet.output
    broken = tmp_path / "broken.json"
    broken.write_text('{"title": "x"}', encoding="utf-8")
    bad = runner.invoke(app, ["eval", "draft", str(broken)])
    assert bad.exit_code == 2 and "broken.json" in bad.output and "not a saved draft" in bad.output
    missing = runner.invoke(app, ["redraft", str(tmp_path / "nope.json"), "--area", "funding"])
    assert missing.exit_code == 2 and "no such draft file" in missing.output
    assert runner.invoke(app, ["draft", "--area", "funding", "--json"]).exit_code == 0
    unknown = runner.invoke(app, ["redraft", "--area", "money"])
    assert unknown.exit_code == 2 and "unknown area" in unknown.output


def test_eval_draft_json_figures(store):
    runner = CliRunner()
    assert runner.invoke(app, ["draft", "--area", "funding", "--json"]).exit_code == 0
    figures = json.loads(runner.invoke(app, ["eval", "draft", "--json"]).stdout)
    (area,) = figures["areas"]
    assert area["area_id"] == "funding" and area["bullets"] >= 1
    assert set(figures["total"]) >= {"bullets", "citations", "supported", "supported_share", "needs_evidence", "copied",
                                      "copied_share", "off_area_citations", "empty_sections"}
    assert 0 <= figures["total"]["supported_share"] <= 1 and figures["missing_passages"] == []


def test_two_drafts_in_the_same_second_get_two_files(tmp_path):
    a = ResponseDraft(title="a", created_at="2026-12-01T10:00:00+00:00", areas=[])
    b = a.model_copy(update={"title": "b"})
    first, second = save_draft(tmp_path, a), save_draft(tmp_path, b)
    assert first != second and load_draft(first).title == "a" and load_draft(second).title == "b"
    assert save_draft(tmp_path, a) == first  # saving the same draft again is not a new file
    with pytest.raises(SendraftError, match="not a saved draft"):
        load_draft(_corrupt(tmp_path))


def _corrupt(tmp_path):
    path = tmp_path / "corrupt.json"
    path.write_bytes(b"\xff\xfe not json")
    return path


def test_an_overlong_question_or_focus_is_refused_before_any_model_call(store):
    runner = CliRunner()
    long_text = "inclusion " * 300  # 3,000 characters: it would crowd the sources out of the context
    asked = runner.invoke(app, ["ask", long_text])
    assert asked.exit_code == 2 and "the question is 2,999 characters long; at most 2,000" in asked.output
    drafted = runner.invoke(app, ["draft", "--area", "funding", "--focus", long_text])
    assert drafted.exit_code == 2 and "the focus is 2,999 characters long" in drafted.output
    assert not (store.settings.home / "drafts").exists() or not list((store.settings.home / "drafts").glob("*.json"))
