"""Studies: the filtered, streamed listing (listing.py), how a study reads as a row, a
sheet and a record (views.py), and studies by design for a profile (by_design.py).

`ivig studies` and the tests take the names below from here.
"""

from ivig_evidence.studies.by_design import design_groups
from ivig_evidence.studies.listing import (
    STUDY_ORDER,
    StudyFilters,
    count_studies,
    iter_studies,
    list_studies,
)
from ivig_evidence.studies.views import (
    STUDIES_CSV_COLUMNS,
    STUDY_TABLE_COLUMNS,
    study_csv_row,
    study_table_row,
)

__all__ = [
    "STUDIES_CSV_COLUMNS",
    "STUDY_ORDER",
    "STUDY_TABLE_COLUMNS",
    "StudyFilters",
    "count_studies",
    "design_groups",
    "iter_studies",
    "list_studies",
    "study_csv_row",
    "study_table_row",
]
