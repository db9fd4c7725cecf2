"""Evaluation: pure metrics and runners; the suites and datasets live in the top-level evals/."""
