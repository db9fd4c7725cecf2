import pytest

from assistant.errors import FrameworkError
from assistant.framework import load_framework
from assistant.settings import DEFAULT_FRAMEWORK


def test_default_framework_has_six_areas_and_three_sections():
    fw = load_framework(DEFAULT_FRAMEWORK)
    assert [a.id for a in fw.areas] == ["values", "curriculum", "funding", "support", "workforce", "accountability"]
    assert [s.id for s in fw.sections] == ["positives", "issues", "ways_forward"]
    assert all(a.description and len(a.guiding_questions) >= 3 for a in fw.areas)


def test_heading_matching_ignores_case_markup_and_ampersands():
    fw = load_framework(DEFAULT_FRAMEWORK)
    assert fw.match_area("**CURRICULUM, ASSESSMENT & TEACHING:**").id == "curriculum"
    assert fw.match_area("Curriculum, Assessment and Teaching").id == "curriculum"
    assert fw.match_section("Ways Forward:").id == "ways_forward"
    assert fw.match_area("Introduction") is None


def test_another_forum_can_swap_in_its_own_framework(tmp_path):
    path = tmp_path / "fw.yaml"
    path.write_text(
        "name: Other forum\nsections:\n  - {id: pros, title: Pros}\n  - {id: cons, title: Cons}\n"
        "areas:\n  - id: housing\n    title: Housing\n    description: Homes.\n    guiding_questions: ['Enough homes?']\n"
    )
    fw = load_framework(path)
    assert fw.area("housing").title == "Housing"
    with pytest.raises(KeyError, match="unknown area 'values'"):
        fw.area("values")


@pytest.mark.parametrize(
    "content, message",
    [
        ("name: x\nsections: []\nareas: []\n", "sections"),
        ("name: x\nsections:\n  - {id: a, title: A}\nareas:\n  - {id: Bad Id, title: T, description: d, guiding_questions: [q]}\n", "lower-case"),
        ("name: x\nsections:\n  - {id: a, title: A}\n  - {id: a, title: B}\nareas:\n  - {id: v, title: V, description: d, guiding_questions: [q]}\n", "duplicate section ids: a"),
        ("name: x\nsections:\n  - {id: a, title: A}\nareas:\n  - {id: v, title: V, description: d}\n", "guiding_questions"),
        ("name: x\nsections:\n  - {id: a, title: A, openers: ['(.*)']}\nareas:\n  - {id: v, title: V, description: d, guiding_questions: [q]}\n", "plain words"),
        ("[1, 2", "not valid YAML"),
        ("- just a list\n", "expected a mapping"),
    ],
)
def test_invalid_framework_names_file_and_problem(tmp_path, content, message):
    path = tmp_path / "bad.yaml"
    path.write_text(content)
    with pytest.raises(FrameworkError) as info:
        load_framework(path)
    assert str(path) in str(info.value) and message in str(info.value)


def test_missing_framework_file(tmp_path):
    with pytest.raises(FrameworkError, match="not found"):
        load_framework(tmp_path / "nope.yaml")
