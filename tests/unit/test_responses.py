"""The seed response must be recovered completely: every area, every section, every bullet."""

from collections import Counter

import pytest

from assistant.framework import load_framework
from assistant.ingest.loaders import load_file
from assistant.ingest.responses import normalise_headings, parse_positions
from assistant.models import Block
from assistant.settings import DEFAULT_FRAMEWORK
from tests.conftest import SEED

# Counted by hand from the seed file (see the issue note): italic sub-headings that make a
# point ("Greater emphasis on inclusion ...") are positions; group labels ("General:",
# "ISPs:", "Specialist packages") are not.
EXPECTED = {
    ("values", "positives"): 8, ("values", "issues"): 6, ("values", "ways_forward"): 2,
    ("curriculum", "positives"): 5, ("curriculum", "issues"): 5, ("curriculum", "ways_forward"): 3,
    ("funding", "positives"): 6, ("funding", "issues"): 19, ("funding", "ways_forward"): 4,
    ("support", "positives"): 4, ("support", "issues"): 8, ("support", "ways_forward"): 2,
    ("workforce", "positives"): 8, ("workforce", "issues"): 16, ("workforce", "ways_forward"): 6,
    ("accountability", "positives"): 4, ("accountability", "issues"): 7, ("accountability", "ways_forward"): 4,
}


@pytest.fixture(scope="module")
def framework():
    return load_framework(DEFAULT_FRAMEWORK)


@pytest.fixture(scope="module")
def positions(framework):
    return parse_positions("seed", load_file(SEED).blocks, framework)


def test_every_area_section_and_bullet_of_the_seed(positions):
    assert Counter((p.area_id, p.section) for p in positions) == EXPECTED
    assert len(positions) == 117


def test_seed_bullets_keep_their_text_and_context(positions):
    by_text = {p.text: p for p in positions}
    first = by_text["Strengthening the mainstream offer"]
    assert (first.area_id, first.section, first.subheading) == ("values", "positives", "Greater emphasis on inclusion and education for all")
    money = by_text["£1.6 billion"]
    assert money.parent == "Investment in mainstream (non-statutory support)"
    assert by_text["Competitive culture between MATs (doesn't support local community responsibility)"].parent == "Preference of MAT groupings vs localities"
    assert by_text["How decided (expected to precede EHCPs in process)?"].subheading == "Specialist packages"
    assert by_text["Recruitment and retention issues"].subheading is None  # after the "ISPs:" list ends
    assert by_text["Lack of clarity about Experts at Hand, what roles will be involved; how they will be trained, what local area capacity will look like"].subheading == "Support services/other"
    last = positions[-1]
    assert (last.area_id, last.section) == ("accountability", "ways_forward")
    assert last.text.startswith("Better evaluation of SEND-related outcomes")


def test_intro_is_not_a_position(positions):
    assert not any("framework for evaluating national SEND policy" in p.text for p in positions)


def test_varied_markup_same_positions(framework):
    """Heading levels, bold lines, colons, nesting and aliases vary between real files."""
    blocks = [
        Block(text="Response", kind="heading", level=1),
        Block(text="FUNDING", kind="paragraph", emphasis="bold"),
        Block(text="Strengths:", kind="heading", level=6),
        Block(text="More money", kind="list_item"),
        Block(text="for mainstream", kind="list_item", level=1),
        Block(text="Concerns", kind="paragraph", emphasis="bold"),
        Block(text="Distribution", kind="paragraph"),
        Block(text="Recommendations", kind="heading", level=3),
        Block(text="Pilot first.", kind="paragraph"),
        Block(text="Curriculum, Assessment and Teaching", kind="heading", level=2),
        Block(text="Positives", kind="heading", level=3),
        Block(text="Flexibility", kind="list_item"),
        Block(text="Conclusion", kind="heading", level=1),
        Block(text="Thanks to all.", kind="paragraph"),
    ]
    got = [(p.area_id, p.section, p.text, p.parent) for p in parse_positions("d", blocks, framework)]
    assert got == [
        ("funding", "positives", "More money", None),
        ("funding", "positives", "for mainstream", "More money"),
        ("funding", "issues", "Distribution", None),
        ("funding", "ways_forward", "Pilot first.", None),
        ("curriculum", "positives", "Flexibility", None),
    ]


def test_normalise_headings_gives_areas_and_sections_levels(framework):
    blocks = normalise_headings(load_file(SEED).blocks, framework)
    curriculum = next(b for b in blocks if b.text.startswith("CURRICULUM"))
    assert (curriculum.kind, curriculum.level) == ("heading", 2)
    ways = [b for b in blocks if b.text.startswith("Ways forward")]
    assert all(b.kind == "heading" and b.level == 3 for b in ways) and len(ways) == 6
