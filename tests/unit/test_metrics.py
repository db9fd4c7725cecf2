import math

from assistant.evals.metrics import gold_ranks, ndcg_at, recall_at, reciprocal_rank, summarise


def test_gold_is_found_by_source_and_quote_tolerating_layout():
    hits = [("brief", "Nothing here."), ("resp", "Inclusion   bases ‘for all’"), ("brief", "the £3.7 billion of high-needs capital")]
    assert gold_ranks(hits, [("brief", "£3.7 billion of HIGH-needs"), ("resp", "bases 'for all'"), ("brief", "absent")]) == [3, 2, None]
    assert gold_ranks(hits, [("other", "Nothing here.")]) == [None]


def test_metrics():
    assert recall_at([1, 7, None], 5) == 1 / 3 and recall_at([1, 7, None], 10) == 2 / 3
    assert reciprocal_rank([None, 3]) == 1 / 3 and reciprocal_rank([None]) == 0.0
    assert ndcg_at([1], 10) == 1.0
    assert math.isclose(ndcg_at([2], 10), 1 / math.log2(3))
    assert math.isclose(ndcg_at([1, None], 10), 1 / (1 + 1 / math.log2(3)))
    summary = summarise([[1], [None]])
    assert summary["recall@10"] == 0.5 and summary["mrr"] == 0.5 and summary["queries"] == 2


def test_judge_scores_from_items():
    from assistant.evals.stats import mean_of, precision_of

    items = [{"id": n, "gold": g, "judge": p, "ok": p == g} for n, (p, g) in enumerate([(True, True), (True, False), (False, True), (False, False)])]
    assert mean_of("ok")(items) == 0.5
    assert precision_of("gold", "judge", True)(items) == 0.5
    assert mean_of("judge", gold=True)(items) == 0.5  # recall
    assert mean_of("judge", gold=False)(items) == 0.5  # unsupported passed as supported
