"""Rebuild the DOCX and PDF editions of the sample documents from their Markdown sources.

    python corpus/build_samples.py

The briefing (corpus/samples/) and the consultation whose questions are extracted
(corpus/consultation/, kept out of corpus/samples so that the draft and Q&A evaluations'
corpus stays as it was).
"""

from pathlib import Path

from assistant.ingest.loaders import load_file
from assistant.samples import write_docx, write_pdf

CORPUS = Path(__file__).parent
HERE = CORPUS / "samples"
SOURCES = {
    HERE / "send-reform-briefing-2026.md": "Briefing: the 2026 Schools White Paper and the SEND reform consultation",
    CORPUS / "consultation" / "send-reform-consultation-2026.md":
        "Consultation on reforming support for children and young people with SEND (fictional sample)",
}

if __name__ == "__main__":
    for source, title in SOURCES.items():
        blocks = load_file(source).blocks
        print(write_docx(blocks, source.with_suffix(".docx"), title))
        print(write_pdf(blocks, source.with_suffix(".pdf"), title))
