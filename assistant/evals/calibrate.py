"""Fit how sure an answer must be to be shown, on a dev run of the Q&A task only.

The run's items record each question's signals and what its best answer would have been had it
been shown (right, wrong, or nothing to show). A logistic regression of "right" on the signals
gives the weights; the threshold is the lowest confidence at which the dev share of wrong
answers (of all questions) stays within the target. The result is written where the product
reads its default (assistant/calibration/answers.json), with the run it was fitted on.
"""

from __future__ import annotations

import json
from pathlib import Path

from assistant.errors import SendraftError
from assistant.generation.confidence import confidence, fit, risk_coverage, threshold_for
from assistant.settings import CALIBRATION_PATH, AnswerCalibration


def calibrate(items: list[dict], run_id: str, max_risk: float) -> tuple[AnswerCalibration, list[dict]]:
    """The fitted calibration and its risk-coverage curve on the same items."""
    shown = [i for i in items if i.get("would_be") in ("correct", "wrong") and i.get("signals")]
    if len({i["would_be"] for i in shown}) < 2:
        raise SendraftError("calibration needs Q&A items with both right and wrong best answers")
    weights, bias = fit([i["signals"] for i in shown], [i["would_be"] == "correct" for i in shown])
    fitted = AnswerCalibration(weights=weights, bias=bias, fitted_on=run_id)
    scores = [confidence(i["signals"], fitted) if i.get("signals") else -1.0 for i in items]
    points = risk_coverage(scores, [i.get("would_be", "none") for i in items])
    fitted.threshold = round(threshold_for(points, max_risk), 4)
    return fitted, points


def write(calibration: AnswerCalibration, path: Path = CALIBRATION_PATH) -> Path:
    path.write_text(json.dumps(calibration.model_dump(), indent=1) + "\n", encoding="utf-8")
    return path
