"""`sendraft questions draft` over the sample corpus and the sample consultation, with the fake
chat model and hash embeddings: every question answered or flagged, every sentence traced to a
point, the answers saved into the response as a new version (accepted ones kept on a second
run), exported as DOCX and CSV in question order; and the same as a workspace job."""

from __future__ import annotations

import csv
import time

import docx
import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.consultation.answers import problems
from assistant.ingest.pipeline import Ingestor
from assistant.settings import Settings
from assistant.workspace import answers as answer_ops
from assistant.workspace.answering import start_answers
from assistant.workspace.operations import set_status
from assistant.workspace.service import Workspace
from tests.conftest import REPO
from tests.jobs import draft_and_wait

CONSULTATION = REPO / "corpus" / "consultation" / "send-reform-consultation-2026.md"
runner = CliRunner()
pytestmark = pytest.mark.integration


@pytest.fixture
def response(fake_store):
    """A response with Funding drafted by the fake model, one point of the editors' own accepted,
    and the sample consultation ingested: (workspace, response id, consultation id)."""
    report = Ingestor(fake_store).ingest([CONSULTATION])
    consultation = next(r.document_id for r in report.results if r.document_id)
    ws = Workspace(Settings(), store=fake_store)
    info = ws.create("Response to the sample consultation", None, None, "test")
    draft_and_wait(ws, info.id, ["funding"])
    _, _, bid = ws.add(info.id, "funding", "positives",
                       "Commitment to a three-year high needs settlement so that schools can plan and recruit", "ann")
    ws.apply(info.id, lambda d: set_status(d, bid, None, "accepted"), "ann")
    return ws, info.id, consultation


def _draft(*args: str, code: int = 0):
    result = runner.invoke(app, ["questions", "draft", *args])
    assert result.exit_code == code, result.output
    return result


def test_every_question_is_answered_or_flagged_saved_and_exported_in_order(response, tmp_path):
    ws, rid, consultation = response
    _, before = ws.drafts.current(rid)
    result = _draft(rid, "--consultation", consultation[:8], "--out", str(tmp_path / "answers.docx"))
    assert "17 questions" in result.stdout and f"saved as version {before + 1}" in result.output
    draft, version = ws.drafts.current(rid)
    answers = draft.consultation.answers
    assert version == before + 1 and draft.consultation.document_id == consultation
    assert [a.number for a in answers] == [str(n) for n in range(1, 18)]
    for a in answers:
        assert a.status == "no_position" and a.reason or a.stance or a.format == "free_text" and a.text
        assert problems(a, draft) == []  # every sentence traced, no stance against an accepted point
        assert a.text == " ".join(s.text for s in a.sentences) and len(a.text.split()) <= 150
    settlement = answers[8]
    assert settlement.stance == "Agree" and "three-year high needs settlement" in settlement.text
    text = "\n".join(p.text for p in docx.Document(tmp_path / "answers.docx").paragraphs)
    assert text.index("Question 1\n") < text.index("Question 9") < text.index("Question 17")
    assert "Our answer: Agree" in text and "No position yet" in text


def test_a_second_run_keeps_the_accepted_answer_and_the_csv_follows_the_questions(response, tmp_path):
    ws, rid, consultation = response
    _draft(rid, "--consultation", consultation)
    draft, _ = ws.drafts.current(rid)
    ws.apply(rid, lambda d: answer_ops.edit_answer(d, "q9", 0, "Strongly agree", draft.consultation.answers[8].text), "ann")
    out = tmp_path / "answers.csv"
    _draft(rid[:5], "--consultation", consultation, "--out", str(out), "--model")  # the fake model chooses the choices
    after, _ = ws.drafts.current(rid)
    assert after.consultation.answers[8].stance == "Strongly agree" and after.consultation.answers[8].status == "edited"
    assert after.consultation.prompt_version == "choose_option/1" and after.consultation.model
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["number", "question", "stance", "answer"] and [r[0] for r in rows[1:]] == [str(n) for n in range(1, 18)]
    assert rows[9][2] == "Strongly agree"


def test_an_unknown_consultation_or_a_response_without_points_is_a_message(response):
    ws, rid, consultation = response
    assert "no ingested document" in _draft(rid, "--consultation", "ffffffff", code=2).output
    briefing = next(d.id for d in ws.store.catalog.documents() if d.title.startswith("Briefing: the 2026"))
    assert "no numbered questions found" in _draft(rid, "--consultation", briefing, code=2).output
    empty = ws.create("Nothing drafted", None, None, "test")
    assert "no points yet" in _draft(empty.id, "--consultation", consultation, code=2).output


def test_the_workspace_job_answers_and_saves(response):
    ws, rid, consultation = response
    job = start_answers(ws, rid, consultation, "ann")
    ws.run_jobs()
    deadline = time.monotonic() + 120
    while ws.jobs.get(job.id).active and time.monotonic() < deadline:
        time.sleep(0.1)
    finished = ws.jobs.get(job.id)
    assert finished.state == "done", finished.error
    assert "of 17 questions" in finished.result
    draft, _ = ws.drafts.current(rid)
    assert len(draft.consultation.answers) == 17
    assert "answers" in ws.drafts.history(rid)[0].author
