"""The value lists of indications and treatments: how a condition relates to RA, its
family, and the classes of treatment a position compares IVIG with.
"""

from __future__ import annotations

from enum import StrEnum


class RelationToRA(StrEnum):
    RA = "ra"
    RA_SUBGROUP = "ra_subgroup"
    RA_MANIFESTATION = "ra_manifestation"
    OVERLAP = "overlap"
    RELATED = "related"
    JUVENILE = "juvenile"
    OTHER_DISEASE = "other_disease"


class ConditionFamily(StrEnum):
    """The group of diseases an indication belongs to: how bodies file them, so a
    reader finds a condition beside its relatives (revision 0018)."""

    RA_AND_RELATIVES = "ra_and_relatives"
    INFLAMMATORY_MYOPATHIES = "inflammatory_myopathies"
    VASCULITIS = "vasculitis"
    KAWASAKI_DISEASE = "kawasaki_disease"
    ANTIPHOSPHOLIPID_SYNDROME = "antiphospholipid_syndrome"
    OTHER = "other"


FAMILY_MEANINGS: dict[ConditionFamily, str] = {
    ConditionFamily.RA_AND_RELATIVES: "rheumatoid arthritis, its subgroups and manifestations, "
    "juvenile arthritis, adult-onset Still's disease and RA overlaps",
    ConditionFamily.INFLAMMATORY_MYOPATHIES: "the idiopathic inflammatory myopathies "
    "(dermatomyositis, polymyositis, necrotising myopathy, inclusion body myositis)",
    ConditionFamily.VASCULITIS: "systemic vasculitis: ANCA-associated (GPA, MPA) and EGPA",
    ConditionFamily.KAWASAKI_DISEASE: "Kawasaki disease, a vasculitis of childhood that "
    "bodies list on its own",
    ConditionFamily.ANTIPHOSPHOLIPID_SYNDROME: "antiphospholipid syndrome, catastrophic or "
    "obstetric",
    ConditionFamily.OTHER: "another condition, or a family not stated",
}


class TreatmentClass(StrEnum):
    NSAID = "nsaid"
    GLUCOCORTICOID = "glucocorticoid"
    CSDMARD = "csdmard"
    BDMARD = "bdmard"
    TSDMARD = "tsdmard"
    SURGERY = "surgery"
