"""Risk scores and bands: likelihood x impact, and the band the playbook puts that score in."""

from __future__ import annotations

from generator.model.playbook import RiskBands

BANDS = ("low", "medium", "high", "critical")


def band_of(score: int, bands: RiskBands) -> str:
    if score >= bands.critical:
        return "critical"
    if score >= bands.high:
        return "high"
    if score >= bands.medium:
        return "medium"
    return "low"
