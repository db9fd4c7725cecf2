import numpy as np

from assistant.framework import load_framework
from assistant.retrieval.areas import area_queries, framework_key, score_areas
from assistant.settings import DEFAULT_FRAMEWORK


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
