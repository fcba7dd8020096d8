"""A value as people type it: normalised to the vocabulary's spelling (synonyms
read), a vocabulary's values in order, and the closest value to a wrong one.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from enum import StrEnum

# What people type for a value, by the value it means (compared lowercased, with
# spaces and hyphens as underscores).
SYNONYMS: dict[str, str] = {
    "randomised": "rct",
    "randomized": "rct",
    "randomised_controlled_trial": "rct",
    "randomized_controlled_trial": "rct",
    "controlled_trial": "rct",
    "withdrawal": "rct_withdrawal",
    "randomised_withdrawal": "rct_withdrawal",
    "randomized_withdrawal": "rct_withdrawal",
    "open": "open_label",
    "openlabel": "open_label",
    "uncontrolled": "open_label",
    "pilot": "open_label",
    "case_report": "case_series",
    "cases": "case_series",
    "cohort": "observational",
    "retrospective": "observational",
    "systematic_review": "review",
    "meta_analysis": "review",
    "in_vitro": "laboratory",
    "mouse": "animal",
    "mice": "animal",
    "positive": "benefit",
    "effective": "benefit",
    "negative": "no_benefit",
    "no_effect": "no_benefit",
    "ineffective": "no_benefit",
    "dm": "dermatomyositis",
    "jdm": "juvenile_dm",
    "juvenile_dermatomyositis": "juvenile_dm",
    "pm": "polymyositis",
    "myositis": "iim",
    "inflammatory_myopathy": "iim",
    "nam": "imnm",
    "necrotising_myopathy": "imnm",
    "necrotizing_myopathy": "imnm",
    "sibm": "ibm",
    "inclusion_body_myositis": "ibm",
    "anca_vasculitis": "aav",
    "wegener": "gpa",
    "wegeners": "gpa",
    "churg_strauss": "egpa",
    "kd": "kawasaki",
    "kawasaki_disease": "kawasaki",
    "antiphospholipid_syndrome": "aps",
    "verified": "confirmed",
    "refuted": "contradicted",
    "unchecked": "unconfirmed",
}


def normalise_choice(raw: str) -> str:
    """A typed value as the vocabulary spells it: lowercase, underscores, synonyms read."""
    value = "_".join(raw.strip().lower().replace("-", " ").split())
    return SYNONYMS.get(value, value)


@functools.cache
def values(enum: type[StrEnum]) -> tuple[str, ...]:
    """The values of a vocabulary, in its order (kept: an import checks every record)."""
    return tuple(member.value for member in enum)


def closest(word: str, candidates: Sequence[str]) -> str | None:
    import difflib  # only when a value is wrong

    matches = difflib.get_close_matches(word.lower(), candidates, n=1, cutoff=0.5)
    return matches[0] if matches else None
