import numpy as np

from assistant.framework import load_framework
from assistant.retrieval.areas import area_queries
from assistant.settings import DEFAULT_FRAMEWORK
from assistant.tagging import framework_key, score_areas


def test_area_queries_cover_description_questions_and_focus():
    funding = load_framework(DEFAULT_FRAMEWORK).area("funding")
    queries = area_queries(funding)
    assert queries[0].startswith("Funding: How money flows to SEND")
    assert len(queries) == 1 + len(funding.guiding_questions)
    focused = area_queries(funding, "  capital   spending ")
    assert focused[:2] == ["capital spending", "Funding: capital spending"]


def test_framework_key_changes_with_areas_or_model():
    fw = load_framework(DEFAULT_FRAMEWORK)
    changed = fw.model_copy(deep=True)
    changed.areas[0].description = "Something else."
    assert framework_key(fw, "m") == framework_key(fw, "m")
    assert framework_key(fw, "m") != framework_key(changed, "m") != framework_key(fw, "other")


def test_score_areas_is_cosine_to_each_profile():
    profiles = {"a": np.array([1.0, 0.0], dtype=np.float32), "b": np.array([0.0, 1.0], dtype=np.float32)}
    scores = score_areas([[3.0, 0.0], [1.0, 1.0]], profiles)
    assert scores[0] == {"a": 1.0, "b": 0.0}
    assert abs(scores[1]["a"] - 2 ** -0.5) < 1e-6


def _hit(pid: str, score: float, **areas: float):
    from assistant.models import SearchHit

    return SearchHit(id=pid, text="t", document_id="d", title="T", kind="policy", page=None, paragraph=None,
                     score=score, area_scores=areas)


def test_about_area_keeps_the_top_hit_the_areas_own_passages_and_strong_hits():
    from assistant.retrieval.per_area import about_area

    hits = [
        _hit("top", 1.0, workforce=0.4, support=0.7),     # the top hit stays whatever its tags
        _hit("own", 0.3, workforce=0.62, support=0.65),   # within the margin of its best area
        _hit("strong", 0.7, workforce=0.2, support=0.8),  # retrieved at 70% of the top score
        _hit("other", 0.5, workforce=0.45, support=0.76), # mainly support, weakly retrieved: dropped
        _hit("untagged", 0.2),
    ]
    kept = about_area(hits, "workforce", margin=0.05, ratio=0.65)
    assert [h.id for h in kept] == ["top", "own", "strong"]
    assert about_area([], "workforce", 0.05, 0.65) == []


def test_front_matter_and_text_about_the_document_are_recognised():
    from assistant.retrieval.areas import about_the_document, is_reference_section

    assert is_reference_section(["Briefing", "1. About this briefing"]) and is_reference_section(["Contents"])
    assert is_reference_section(["8. Sources"]) and not is_reference_section(["4. Funding"])
    assert about_the_document("1.1 This briefing summarises what has been publicly reported about the proposals.")
    assert about_the_document("It rests on public sources. Each numbered paragraph rests on one or more of the sources.")
    assert not about_the_document("4.2 Mainstream schools are to share £1.2 billion of the money over three years.")
    assert not about_the_document("The consultation proposes a layered system above the Universal offer.")
