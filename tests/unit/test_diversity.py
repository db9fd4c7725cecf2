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


def test_mmr_relevance_is_the_rankings_score_not_a_query_vector():
    # "docx:1" leads by score; "third" is unlike it, "pdf:1" nearly the same passage.
    ranked = [("docx:1", 1.0), ("pdf:1", 0.9), ("third", 0.5), ("other", 0.0)]
    assert [p for p, _ in maximal_marginal_relevance(ranked, VECTORS, k=3, diversity=0.2)] == ["docx:1", "pdf:1", "third"]
    assert [p for p, _ in maximal_marginal_relevance(ranked, VECTORS, k=3, diversity=0.6)] == ["docx:1", "third", "other"]
    assert maximal_marginal_relevance(ranked, VECTORS, k=2, diversity=0.6) == [("docx:1", 1.0), ("third", 0.5)]


def test_mmr_keeps_the_rankings_order_among_equal_scores():
    vectors = {f"p{i}": [1.0, 0.1 * i, 0.3 * i * i] for i in range(8)}  # unlike enough to pass the collapse, not orthogonal
    ranked = [(f"p{i}", 0.5) for i in range(8)]
    for order in (ranked, ranked[::-1]):
        picked = maximal_marginal_relevance(order, vectors, k=1, diversity=0.3)
        assert picked == order[:1]
