"""The workspace in a real browser: Debian's Chromium driven by Playwright against `sendraft ui`
(a subprocess on 127.0.0.1, the fake chat model, the real embedding model and Chroma store).

Create a response, draft an area and watch its progress, edit, reject, add a human point,
reload and see the edits, export DOCX and check it; a second browser saving the same point
gets the conflict message; upload a consultation, answer its questions, answer one by hand and
export the answers as CSV and DOCX. Screenshots at 1366x768 go to the artefacts directory."""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import docx
import pytest

from tests.e2e.server import CHROMIUM, serve

REPO = Path(__file__).resolve().parents[2]
ARTEFACTS = Path(os.environ.get("SENDRAFT_TEST_ARTEFACTS", REPO / "artefacts")) / "e2e"
VIEWPORT = {"width": 1366, "height": 768}
CONSULTATION = REPO / "corpus" / "consultation" / "send-reform-consultation-2026.md"

pytestmark = pytest.mark.e2e


@pytest.fixture
def app_url(tmp_path):
    with serve(tmp_path, {"SENDRAFT_LLM_PROVIDER": "fake", "SENDRAFT_FAKE_TOKEN_DELAY": "0.02"}) as url:
        yield url


def _shot(page, name: str) -> Path:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def _area(page, title: str) -> None:
    page.locator("[data-testid='stButtonGroup'] button", has_text=title).first.click()


def _no_traceback(page) -> None:
    body = page.inner_text("body")
    assert "Traceback" not in body and '{"' not in body, body[:2000]


def test_an_editor_drafts_edits_rejects_adds_reloads_exports_and_meets_a_conflict(app_url, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)  # 2 cores, a model and a server: generous, not a speed test
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        page = browser.new_page(viewport=VIEWPORT)
        page.set_default_timeout(60_000)
        page.goto(app_url)
        expect(page.get_by_text("Sample corpus ingested").first).to_be_visible(timeout=120_000)

        page.get_by_label("Title").fill("Response to the 2026 reforms (browser test)")
        page.get_by_role("button", name="Create", exact=True).click()
        expect(page.get_by_role("heading", name="Response to the 2026 reforms (browser test)")).to_be_visible()
        assert "response=" in page.url

        _area(page, "Funding")
        page.get_by_role("button", name="Draft Funding").click()
        expect(page.get_by_text(re.compile(r"Drafting · Job \d+")).first).to_be_visible()  # live progress
        expect(page.get_by_text(re.compile(r"tokens")).first).to_be_visible()
        expect(page.get_by_role("heading", name=re.compile(r"Positives \(\d+\)"))).to_be_visible(timeout=120_000)
        _no_traceback(page)

        cards = page.locator("[class*='st-key-card-']")
        first, second = cards.nth(0), cards.nth(1)
        rejected_text = second.locator("[data-testid='stMarkdownContainer']").nth(1).inner_text()
        first.get_by_role("button", name="Edit", exact=True).click()
        first.locator("textarea").fill("Welcome for the inclusive mainstream fund, edited in the browser")
        first.get_by_role("button", name="Save", exact=True).click()
        expect(first.locator("textarea")).to_have_count(0)
        expect(page.get_by_text("edited in the browser").first).to_be_visible()
        cards.nth(1).get_by_role("button", name="Reject", exact=True).click()
        expect(page.get_by_text(re.compile(r"Rejected \(1\)")).first).to_be_visible()

        page.get_by_text("Add a point to Issues").click()
        point = page.get_by_label("Your point for Issues")
        point.fill("Concern about the loss of statutory backstops, a human point")
        point.press("Tab")  # the text area commits its value on blur, before the form is sent
        page.get_by_role("button", name="Add to Issues").click()
        expect(page.get_by_text(re.compile(r"Added \(version \d+\)")).first).to_be_visible()  # saved: the toast
        expect(page.locator("[data-testid='stMarkdownContainer']", has_text="a human point").first).to_be_visible()

        page.reload()
        _area(page, "Funding")
        expect(page.get_by_text("edited in the browser").first).to_be_visible()
        expect(page.locator("[data-testid='stMarkdownContainer']", has_text="a human point").first).to_be_visible()
        _shot(page, "workspace")

        with page.expect_download() as download:
            page.get_by_role("button", name="Download DOCX").click()
        saved = tmp_path / "export.docx"
        download.value.save_as(saved)
        text = "\n".join(p.text for p in docx.Document(saved).paragraphs)
        assert "edited in the browser" in text and "a human point" in text
        assert rejected_text.strip() and rejected_text.strip() not in text

        # Two editors, one point: A opens the editor, B saves first, A's save is a conflict.
        other = browser.new_context(viewport=VIEWPORT).new_page()
        other.set_default_timeout(60_000)
        other.goto(page.url)
        _area(other, "Funding")
        target = page.locator("[class*='st-key-card-']").nth(0)
        target.get_by_role("button", name="Edit", exact=True).click()
        theirs = other.locator("[class*='st-key-card-']").nth(0)
        theirs.get_by_role("button", name="Edit", exact=True).click()
        theirs.locator("textarea").fill("Bob's wording, saved first")
        theirs.get_by_role("button", name="Save", exact=True).click()
        expect(theirs.locator("textarea")).to_have_count(0)  # B's save is done: the editor closed
        expect(other.get_by_text("Bob's wording, saved first").first).to_be_visible()
        target.locator("textarea").fill("Ann's wording, saved second")
        target.get_by_role("button", name="Save", exact=True).click()
        expect(page.get_by_text("someone else changed this point").first).to_be_visible()
        expect(page.get_by_text("Bob's wording, saved first").first).to_be_visible()
        expect(page.get_by_text("Ann's wording, saved second").first).to_be_visible()

        page.get_by_role("button", name="Keep theirs").click()
        expect(page.get_by_text("someone else changed this point")).to_have_count(0)
        page.get_by_role("tab", name="Coverage").click()
        expect(page.get_by_text("Open a cell").first).to_be_visible()
        expect(page.get_by_role("cell", name=re.compile("passage")).first).to_be_visible()
        _shot(page, "coverage")

        page.get_by_role("link", name="Ask").click()
        page.get_by_label("Question").fill("How much is the Experts at Hand programme worth?")
        page.get_by_role("button", name="Ask", exact=True).click()
        expect(page.get_by_text("1.8 billion").first).to_be_visible()
        expect(page.get_by_text(re.compile(r"^fake · [\d.]+ s( · confidence [\d.]+)?$"))).to_be_visible()  # the answer's footer: all rendered
        expect(page.get_by_role("button", name=re.compile("supported"))).to_be_visible()  # its citation chip
        _no_traceback(page)
        _shot(page, "ask")

        try:
            _answers_one_question_and_exports_it(page, tmp_path)
        except Exception:
            _shot(page, "consultation-failed")  # what the page showed, for whoever reads the failure
            raise
        _unsafe_markup_is_inert(page)
        browser.close()


def _answers_one_question_and_exports_it(page, tmp_path) -> None:
    """The consultation uploaded on the Corpus page, its questions answered from the response's
    points as a job, question 9 answered by hand and accepted, then exported as CSV and DOCX."""
    from playwright.sync_api import expect

    page.get_by_role("link", name="Corpus").click()
    page.get_by_text("Add documents").click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(CONSULTATION))
    expect(page.get_by_test_id("stFileChip")).to_be_visible()  # uploaded: the form would be sent without it before
    page.get_by_role("button", name="Ingest", exact=True).click()
    expect(page.get_by_text(re.compile(r"send-reform-consultation-2026\.md: \w+, \d+ passages")).first).to_be_visible(timeout=120_000)

    page.get_by_role("link", name="Consultation").click()
    expect(page.get_by_text("No answers yet").first).to_be_visible()
    page.get_by_role("button", name="Answer the questions").click()
    expect(page.get_by_text(re.compile(r"17 questions · ")).first).to_be_visible(timeout=120_000)  # the job's answers, shown
    _no_traceback(page)
    q9 = page.locator(".st-key-answer-q9")
    expect(q9.get_by_text("Question 9")).to_be_visible()
    q9.get_by_role("button", name="Edit", exact=True).click()
    expect(q9.locator("textarea")).to_be_visible()  # the editor is drawn (its stance box before the text)
    _choose(page, q9.get_by_test_id("stSelectbox"), "Agree")
    q9.locator("textarea").fill("The forum agrees with a three-year settlement, answered in the browser")
    q9.get_by_role("button", name="Save", exact=True).click()
    expect(q9.locator("textarea")).to_have_count(0)
    expect(q9.get_by_text("answered in the browser")).to_be_visible()
    q9.get_by_role("button", name="Accept", exact=True).click()
    expect(q9.get_by_text("accepted", exact=True)).to_be_visible()
    expect(q9.locator("[data-testid='stAlert']")).to_have_count(0)  # the editors' own words, accepted: nothing flagged
    expect(q9.get_by_role("button", name="Accept")).to_have_count(0)  # the page has settled
    _shot(page, "consultation")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download answers (CSV)").click()
    saved = tmp_path / "answers.csv"
    download.value.save_as(saved)
    with open(saved, encoding="utf-8-sig", newline="") as f:
        rows = {r["number"]: r for r in csv.DictReader(f)}
    assert list(rows) == [str(n) for n in range(1, 18)]
    assert rows["9"]["stance"] == "Agree" and "answered in the browser" in rows["9"]["answer"]
    with page.expect_download() as download:
        page.get_by_role("button", name="Download answers (DOCX)").click()
    saved = tmp_path / "answers.docx"
    download.value.save_as(saved)
    text = "\n".join(p.text for p in docx.Document(saved).paragraphs)
    assert text.index("Question 8") < text.index("Question 9") < text.index("answered in the browser") < text.index("Question 10")


def _choose(page, box, option: str, tries: int = 3) -> None:
    """Pick an option of a select box. A fragment's periodic rerun (the sidebar's job line) can
    close the open list before the click lands, so the list is opened again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(tries):
        box.click()
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=5_000)
            return
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise


def _unsafe_markup_is_inert(page) -> None:
    """No document's link, image, script or handler became live in the page."""
    assert page.locator("img[src*='evil'], img[src='x'], a[href^='javascript'], a[href*='evil'], [onerror], [onclick]").count() == 0
    assert not any("alert(" in (s or "") for s in page.locator("script").all_inner_texts())
    body = page.inner_text("body")
    assert "pwned" not in body and "supports every cut" not in body
