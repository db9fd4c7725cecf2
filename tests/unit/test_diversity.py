from assistant.retrieval.diversity import collapse_near_duplicates, maximal_marginal_relevance

VECTORS = {
    "docx:1": [1.0, 0.0, 0.0],
    "pdf:1": [0.99, 0.05, 0.0],  # the same passage in the PDF edition
    "other": [0.0, 1.0, 0.0],
    "near-other": [0.1, 0.95, 0.1],
    "third": [0.0, 0.0, 1.0],
}


def test_near_duplicates_collapse_to_best_rank_with_paged_citation():
    ranked = [("docx:1", 0.9), ("other", 0.8), ("pdf:1", 0.7), ("third", 0.1)]
    got = collapse_near_duplicates(ranked, VECTORS, paged={"pdf:1"}, duplicate_at=0.95)
    assert got == [("pdf:1", 0.9), ("other", 0.8), ("third", 0.1)]


def test_without_a_paged_twin_the_best_ranked_stays():
    ranked = [("docx:1", 0.9), ("pdf:1", 0.7)]
    assert collapse_near_duplicates(ranked, VECTORS, paged=set()) == [("docx:1", 0.9)]


def test_candidates_without_vectors_are_kept_at_the_end():
    got = collapse_near_duplicates([("x", 1.0), ("docx:1", 0.5)], VECTORS, paged=set())
    assert got == [("docx:1", 0.5), ("x", 1.0)]


def test_mmr_prefers_a_new_topic_over_a_near_repeat():
    ranked = [("other", 1.0), ("near-other", 0.95), ("third", 0.9)]
    assert [p for p, _ in maximal_marginal_relevance(ranked, VECTORS, k=2, diversity=0.5)] == ["other", "third"]
    assert [p for p, _ in maximal_marginal_relevance(ranked, VECTORS, k=2, diversity=0.0)] == ["other", "near-other"]
