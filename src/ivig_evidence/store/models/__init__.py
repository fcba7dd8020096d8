"""SQLAlchemy 2.x typed models: the schema the migrations create, a module per concept
(sources, indications, studies, doses, positions) on one base (base.py). Importing
this package declares every table on ``Base.metadata``.

Only writes and migrations import this package; read commands use plain SQL
(studies/, doses.py, ...), so SQLAlchemy's import cost stays off their start-up path.
"""

from ivig_evidence.store.models.base import Base, DataRelease
from ivig_evidence.store.models.doses import DoseRegimen, RegimenIndication
from ivig_evidence.store.models.indications import Indication, IndicationAlias
from ivig_evidence.store.models.positions import Criterion, Position, Treatment
from ivig_evidence.store.models.sources import Claim, Publication, SourceReference, Statement
from ivig_evidence.store.models.studies import Outcome, Study, StudyIndication, StudyNote

__all__ = [
    "Base",
    "Claim",
    "Criterion",
    "DataRelease",
    "DoseRegimen",
    "Indication",
    "IndicationAlias",
    "Outcome",
    "Position",
    "Publication",
    "RegimenIndication",
    "SourceReference",
    "Statement",
    "Study",
    "StudyIndication",
    "StudyNote",
    "Treatment",
]
