"""Pure: how sure the product is of an answer, and whether that is sure enough to show it.

An answer is shown only when its confidence reaches a threshold; below it, the product says
the corpus does not answer. Confidence is a logistic combination of signals that each say, in
its own way, "this sentence answers this question": the chat model's probability of choosing
it among the candidates (against the others and "none"), its probability of "yes" when asked
whether the sentence states the answer in full, and the retrieval's similarity of sentence and
question. The weights and the threshold are fitted on the dev half of the evaluation set only
(`sendraft eval calibrate`), for at most a target share of wrong answers there; the test half
then says whether that holds on documents nothing was fitted on.
"""

from __future__ import annotations

import math

import numpy as np

from assistant.settings import AnswerCalibration as Calibration

SIGNALS = ("choice", "confirm", "similarity")
_EPS = 1e-4


def _logit(p: float) -> float:
    p = min(max(p, _EPS), 1 - _EPS)
    return math.log(p / (1 - p))


def features(signals: dict[str, float]) -> list[float]:
    """Pure: probabilities as log-odds (so a near-certain "yes" weighs more than a likely one),
    similarity as it is."""
    return [_logit(signals["choice"]), _logit(signals["confirm"]), signals["similarity"]]


def confidence(signals: dict[str, float], calibration: Calibration) -> float:
    x = features(signals)
    z = calibration.bias + sum(calibration.weights[name] * v for name, v in zip(SIGNALS, x))
    return 1 / (1 + math.exp(-max(min(z, 50), -50)))


def fit(signals: list[dict[str, float]], right: list[bool], l2: float = 1.0, steps: int = 2000) -> tuple[dict[str, float], float]:
    """Pure: logistic regression of "the answer was right" on the signals (gradient descent with
    an L2 penalty, features standardised while fitting: a handful of weights from ~100 items)."""
    x = np.array([features(s) for s in signals], dtype=float)
    y = np.array(right, dtype=float)
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = (x - mean) / std
    w, b = np.zeros(z.shape[1]), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        grad_w = z.T @ (p - y) / len(y) + l2 * w / len(y)
        grad_b = float(np.mean(p - y))
        w -= 0.5 * grad_w
        b -= 0.5 * grad_b
    weights = w / std
    bias = b - float(np.sum(w * mean / std))
    return dict(zip(SIGNALS, map(float, weights))), float(bias)


def risk_coverage(scores: list[float], outcomes: list[str]) -> list[dict[str, float]]:
    """Pure: for each threshold (each distinct score, highest first), the share of questions
    answered and the share answered wrongly, of all questions. `outcomes` says what each
    question's answer would be if shown: "correct", "wrong", or "none" (nothing to show)."""
    n = len(scores)
    points = [{"threshold": 1.01, "coverage": 0.0, "risk": 0.0, "correct": 0.0}]
    for t in sorted({s for s, o in zip(scores, outcomes) if o != "none"}, reverse=True):
        shown = [o for s, o in zip(scores, outcomes) if s >= t and o != "none"]
        points.append({"threshold": t, "coverage": len(shown) / n, "risk": shown.count("wrong") / n,
                       "correct": shown.count("correct") / n})
    return points


def threshold_for(points: list[dict[str, float]], max_risk: float) -> float:
    """Pure: the lowest threshold whose share of wrong answers stays within `max_risk` (the most
    answers at that risk); with none, nothing is answered."""
    ok = [p for p in points if p["risk"] <= max_risk]
    return min(p["threshold"] for p in ok) if ok else 1.01
