"""Rebuild the DOCX and PDF editions of the sample briefing from its Markdown source.

    python corpus/build_samples.py
"""

from pathlib import Path

from assistant.ingest.loaders import load_file
from assistant.samples import write_docx, write_pdf

HERE = Path(__file__).parent / "samples"
SOURCE = HERE / "send-reform-briefing-2026.md"
TITLE = "Briefing: the 2026 Schools White Paper and the SEND reform consultation"

if __name__ == "__main__":
    blocks = load_file(SOURCE).blocks
    print(write_docx(blocks, SOURCE.with_suffix(".docx"), TITLE))
    print(write_pdf(blocks, SOURCE.with_suffix(".pdf"), TITLE))
