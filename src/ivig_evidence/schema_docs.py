"""One line of meaning for every table and column, shown by `ivig schema`.

Kept apart from models.py so that `ivig schema` need not import SQLAlchemy; a
test keeps the two in step (every model column documented, nothing extra).
"""

from __future__ import annotations

TableDoc = tuple[str, dict[str, str]]

SCHEMA_DOCS: dict[str, TableDoc] = {
    "data_release": (
        "The release of the curated data this database holds.",
        {
            "id": "always 1: there is one release row",
            "version": "release version of the curated data",
            "released_on": "release date (YYYY-MM-DD)",
            "description": "what the release contains",
        },
    ),
    "publications": (
        "Every document: the two source documents and each primary publication they cite or describe.",
        {
            "id": "stable short id, e.g. silverman-1994",
            "kind": "trial_report | original_research | review | guideline | regulatory | "
            "web_article | funding_criteria (a payer's criteria, not a clinical guideline) | "
            "regulatory_label (a product's authorised indications)",
            "authors": "authors as the citing source gives them",
            "first_author": "first author's family name, or the issuing organisation",
            "title": "title as given; NULL when not known",
            "journal": "journal name as given",
            "year": "publication year; NULL when not known",
            "volume": "journal volume",
            "issue": "journal issue",
            "pages": "pages or article number",
            "doi": "DOI (10.x/...) only where a source or record gives it",
            "pmid": "PubMed id only where read in the publication's own record",
            "url": "the public, canonical address: https://pubmed.ncbi.nlm.nih.gov/PMID/ where a PMID "
            "is known, else https://doi.org/DOI, else the issuing body's own page",
            "publisher": "publisher or website of a web article or guideline",
            "published_on": "date the document gives for itself (YYYY-MM-DD), e.g. last updated",
            "source_file": "for a source document: its file name in the sources folder",
            "note": "what a reader should know about this record",
            "read_on": "for a record read outside the two source documents: the date it was "
            "read (its address is url, or read_at where the copy read was elsewhere)",
            "read_at": "where the copy read lay when it was not the canonical address (a mirror, "
            "proxy or aggregator): provenance only, never a link to follow",
            "author_list": "the record's authors as people, in order: a JSON array of "
            '{"family", "given"} objects, or {"literal"} for an organisation; NULL when not read',
            "standing": "what the document is, in words, where its kind does not say enough (e.g. "
            "an AI-assisted answer page pending human review); NULL: its kind says it",
            "origin": "curated (shipped in data/seed.sql) or local (added by this user)",
        },
    ),
    "source_references": (
        "Each numbered reference of a source document, linked to the publication where known.",
        {
            "document_id": "the citing source document",
            "number": "the reference number used in the document's text",
            "reference_text": "the reference entry verbatim; NULL where the list was not captured",
            "publication_id": "the publication it names; NULL when unknown",
            "origin": "curated (shipped in data/seed.sql) or local (added by this user)",
        },
    ),
    "indications": (
        "Diseases and clinical scenarios, with a stable slug, their family and their relation to RA.",
        {
            "slug": "stable short name used on the command line, e.g. aosd, dermatomyositis",
            "name": "full name",
            "relation_to_ra": "ra | ra_subgroup | ra_manifestation | overlap | related | juvenile | other_disease (every condition beyond RA's family is other_disease)",
            "parent_slug": "the broader indication it belongs to; a filter on the parent includes it",
            "family": "ra_and_relatives | inflammatory_myopathies | vasculitis | kawasaki_disease | antiphospholipid_syndrome | other: the group of diseases it belongs to",
            "description": "what the indication covers",
            "note": "what a reader should know",
            "origin": "curated (shipped in data/seed.sql) or local (added by this user)",
        },
    ),
    "indication_aliases": (
        "Other names that find an indication (case, spaces and punctuation ignored).",
        {
            "alias_key": "the alias reduced to lowercase letters and digits, unique",
            "alias": "the alias as written",
            "indication_slug": "the indication it names",
            "origin": "curated (shipped in data/seed.sql) or local (added by this user)",
        },
    ),
    "studies": (
        "Every study the sources mention: trials, series, observational, reviews, animal and laboratory work.",
        {
            "id": "stable short id, e.g. muscat-1995",
            "first_author": "first author's family name; NULL when the source does not name it",
            "year": "year of publication; NULL when unknown",
            "design": "rct | rct_withdrawal | rct_crossover | open_label | case_series | trial | observational | review | animal | laboratory",
            "population": "coded population, e.g. ra, systemic_jra, aosd, dermatomyositis, juvenile_dm, egpa, kawasaki",
            "population_text": "the population in the source's own words",
            "n": "number of patients; NULL when unknown or not a patient study",
            "comparator": "comparator as stated (placebo, none); NULL when not stated",
            "outcome_measures": "what was measured",
            "result": "the result as the source reports it",
            "direction": "benefit | no_benefit | mixed | not_applicable",
            "publication_id": "the primary publication; NULL when unknown",
            "note": "what a reader should know: gaps, inconsistencies between sources",
            "origin": "curated (shipped in data/seed.sql) or local (added by this user)",
        },
    ),
    "study_indications": (
        "Which indications each study concerns.",
        {
            "study_id": "the study",
            "indication_slug": "the indication",
            "origin": "curated (shipped in data/seed.sql) or local (added by this user)",
        },
    ),
    "dose_regimens": (
        "Dose regimens, structured and as stated, either studied or suggested for use.",
        {
            "id": "stable short id",
            "study_id": "the study that used this dose; NULL for a suggested dose",
            "context": "studied | suggested",
            "phase": "loading or maintenance where a regimen has phases; NULL otherwise",
            "amount_low": "lowest amount per basis; NULL when not stated",
            "amount_high": "highest amount per basis (equal to low for a single value)",
            "unit": "mg/kg | g/kg; NULL when no amount is stated",
            "basis": "per_day | per_infusion | per_dose | per_course | not_stated",
            "days_low": "fewest consecutive treatment days; NULL when not stated",
            "days_high": "most consecutive treatment days",
            "repeat_interval": "once | daily | weekly | every_2_weeks | every_3_weeks | every_4_weeks | monthly | not_stated",
            "course_duration": "how long treatment continues, as stated",
            "text": "the dose exactly as the source states it (a dose known only from the primary record: as that record gives it)",
            "ambiguous": "true when the text can be read more than one way",
            "ambiguity_note": "the readings the text allows",
            "note": "what a reader should know (missing schedule, frequency stated elsewhere)",
            "record_reading": "what the primary literature says about this dose, where it was read",
            "record_source": "the record read for record_reading (title and address)",
            "record_basis": "the reading of the amount the primary literature supports (per_day, per_course ...); NULL when it does not settle it",
            "max_grams": "the most grams per infusion the study allowed (a dose cap), where recorded",
            "origin": "curated (shipped in data/seed.sql) or local (added by this user)",
            "record_amount_low": "the primary record's own lowest amount, read on record_basis; NULL where the record gives no figure",
            "record_amount_high": "the primary record's own highest amount (equal to low for a single value)",
            "record_unit": "mg/kg | g/kg: the unit of the record's amount",
            "record_days_low": "fewest treatment days the record gives for its amount; NULL when it gives none",
            "record_days_high": "most treatment days the record gives for its amount",
            "record_interval": "how often the record says its dose is repeated (once ... monthly, not_stated)",
            "rate_text": "the infusion-rate limit as the source states it; NULL where none is recorded",
            "max_rate_mg_per_kg_min": "that limit as a figure in mg/kg/min, only where the source gives it",
        },
    ),
    "study_notes": (
        "What a study's primary record tells a reader that neither source says (early stop, dropouts, dose cap ...).",
        {
            "id": "stable short id",
            "study_id": "the study",
            "topic": "stopped_early | dropouts | product_safety | dose_cap | dose | design | population | result",
            "note": "the fact, in our words",
            "publication_id": "the publication the record belongs to",
            "checked_against": "the record read (title and address)",
            "origin": "curated (shipped in data/seed.sql) or local (added by this user)",
        },
    ),
    "regimen_indications": (
        "Which indications each dose regimen is stated for.",
        {
            "regimen_id": "the dose regimen",
            "indication_slug": "the indication",
            "origin": "curated (shipped in data/seed.sql) or local (added by this user)",
        },
    ),
    "positions": (
        "Guideline, regulatory and source positions on IVIG for an indication.",
        {
            "id": "stable short id",
            "kind": "guideline | regulatory | secondary_source | funding_criteria | "
            "regulatory_label",
            "body": "who takes the position, as named by the source",
            "document_title": "the document stating it, as named by the source",
            "edition": "edition as given",
            "year": "year as given; NULL when not stated",
            "indication_slug": "the indication the position is about",
            "stance": "coded position, e.g. conditionally_recommended, not_supported, not_approved, approved (on a label)",
            "wording": "the position in the source's words",
            "conditions": "qualifying conditions (which patients, after what)",
            "publication_id": "the guideline or regulatory document; NULL when not identified",
            "note": "what a reader should know",
            "origin": "curated (shipped in data/seed.sql) or local (added by this user)",
            "body_category": "the body's own category or line of therapy, as worded (e.g. 'Category 2a', 'Do Not Use')",
            "edition_status": "current | superseded, as the body's page says; NULL where it does not say",
        },
    ),
    "treatments": (
        "Standard RA treatments the sources offer as alternatives to IVIG.",
        {
            "id": "stable short id",
            "name": "drug, drug class or procedure",
            "treatment_class": "nsaid | glucocorticoid | csdmard | bdmard | tsdmard | surgery",
            "brand_names": "brand names as the source gives them",
            "role": "the role the source gives it (anchor DMARD, after inadequate response ...)",
            "indication_slug": "the indication it treats",
            "note": "what a reader should know",
            "origin": "curated (shipped in data/seed.sql) or local (added by this user)",
        },
    ),
    "claims": (
        "General statements of the sources (safety, cost, mechanism, evidence quality) not tied to one study.",
        {
            "id": "stable short id",
            "topic": "evidence_summary | safety | mechanism | cost | comparative_efficacy | research_gap",
            "indication_slug": "the indication it is about; NULL when general",
            "summary": "the claim in brief",
            "origin": "curated (shipped in data/seed.sql) or local (added by this user)",
        },
    ),
    "statements": (
        "Provenance: each row's source document, the verbatim sentence, and whether the primary record confirms it.",
        {
            "id": "stable short id",
            "document_id": "the source document the quote comes from",
            "quote": "the sentence exactly as it stands in the document",
            "cited_as": "the citation marker the document attaches to it, e.g. 2 or 5, 1",
            "status": "confirmed | unconfirmed | contradicted",
            "status_note": "what differs, or why unconfirmed",
            "checked_against": "the record the claim was checked against (title and address)",
            "publication_id": "subject: the publication this statement is about",
            "study_id": "subject: the study",
            "regimen_id": "subject: the dose regimen",
            "position_id": "subject: the position",
            "indication_slug": "subject: the indication",
            "treatment_id": "subject: the treatment",
            "claim_id": "subject: the claim",
            "origin": "curated (shipped in data/seed.sql) or local (added by this user)",
        },
    ),
}
