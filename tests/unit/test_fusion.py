from assistant.retrieval.fusion import reciprocal_rank_fusion
from assistant.text import fingerprint


def test_rrf_rewards_agreement_between_rankings():
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["c", "b", "d"]])
    assert [item for item, _ in fused] == ["c", "b", "a", "d"]  # ranks (1, 3) edge out (2, 2)
    assert fused[0][1] == 1 / 61 + 1 / 63 and fused[1][1] == 2 / 62


def test_rrf_of_one_ranking_keeps_its_order():
    assert [i for i, _ in reciprocal_rank_fusion([["x", "y", "z"]])] == ["x", "y", "z"]


def test_fingerprint_ignores_layout():
    assert fingerprint("4.2 Mainstream schools,\n\nshare £1.2 billion") == fingerprint("4.2  Mainstream Schools share £1.2 billion.")


def test_convex_fusion_weights_normalised_scores():
    from assistant.retrieval.fusion import convex_fusion

    dense = [("a", 0.9), ("b", 0.5), ("c", 0.1)]
    lexical = [("c", 12.0), ("d", 6.0), ("a", 0.0)]
    fused = dict(convex_fusion(dense, lexical, dense_weight=0.3))
    assert fused["a"] == 0.3 * 1.0 + 0.7 * 0.0
    assert fused["c"] == 0.3 * 0.0 + 0.7 * 1.0
    assert fused["d"] == 0.7 * 0.5  # absent from dense: scores 0 there
    assert [p for p, _ in convex_fusion(dense, [], 0.3)] == ["a", "b", "c"]
