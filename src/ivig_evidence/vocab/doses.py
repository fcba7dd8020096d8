"""The value lists of a recorded dose: its unit, basis, interval and context."""

from __future__ import annotations

from enum import StrEnum


class DoseUnit(StrEnum):
    MG_PER_KG = "mg/kg"
    G_PER_KG = "g/kg"


class DoseBasis(StrEnum):
    PER_DAY = "per_day"
    PER_INFUSION = "per_infusion"
    PER_DOSE = "per_dose"
    PER_COURSE = "per_course"
    NOT_STATED = "not_stated"


DOSE_BASIS_MEANINGS: dict[DoseBasis, str] = {
    DoseBasis.PER_DAY: "the amount is given on each treatment day",
    DoseBasis.PER_INFUSION: "the amount is given at each infusion",
    DoseBasis.PER_DOSE: "the amount is one scheduled dose; how it is split into infusions is not stated",
    DoseBasis.PER_COURSE: "the amount is the total of one course",
    DoseBasis.NOT_STATED: "the source does not say what the amount refers to",
}


class DoseInterval(StrEnum):
    ONCE = "once"
    DAILY = "daily"
    WEEKLY = "weekly"
    EVERY_2_WEEKS = "every_2_weeks"
    EVERY_3_WEEKS = "every_3_weeks"
    EVERY_4_WEEKS = "every_4_weeks"
    MONTHLY = "monthly"
    NOT_STATED = "not_stated"


class DoseContext(StrEnum):
    STUDIED = "studied"
    SUGGESTED = "suggested"


DOSE_CONTEXT_MEANINGS: dict[DoseContext, str] = {
    DoseContext.STUDIED: "the dose given in a study",
    DoseContext.SUGGESTED: "a dose a source suggests for use",
}
