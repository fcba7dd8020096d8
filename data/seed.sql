-- ivig-evidence curated data, release 2026.11.0
--
-- INSERTs only: the schema comes from the migrations. Loaded in one transaction
-- by ivig_evidence.seed, then checked (foreign keys, every fact row has a
-- statement). Every statement quotes its source document verbatim; a test
-- checks each quote against the documents in shared/sources.
--
-- Sources (both secondary):
--   droracle-2025        000_847d94b387eb04d6.txt  Q&A article; reference list NOT captured,
--                        so its numbered citations (1-5) have unknown publications.
--   ameripharma-ivig-ra  001_0496e5efe67fe109.txt  pharmacy article; references 1-10 captured.
-- No statement has yet been checked against a primary record: all are 'unconfirmed'.
-- Unknown values are NULL. No DOI, PMID, n, dose or year appears here that the
-- sources do not give.

-- ============================================================ data_release
INSERT INTO data_release (id, version, released_on, description) VALUES
(1, '2026.11.0', '2026-11-21', 'First curated release: everything the two source documents state, with verbatim quotes; not yet checked against primary records.');

-- ============================================================ publications
-- The two source documents.
INSERT INTO publications (id, kind, authors, first_author, title, journal, year, volume, issue, pages, doi, pmid, url, publisher, published_on, source_file, note) VALUES
('droracle-2025', 'web_article', NULL, NULL, 'IVIG in Rheumatoid Arthritis: Limited Role, Not Standard Therapy', NULL, 2025, NULL, NULL, NULL, NULL, NULL, NULL, 'Dr.Oracle', '2025-12-19', '000_847d94b387eb04d6.txt', 'Clinical question-and-answer article for healthcare professionals from an AI-assisted medical answer service, answering "What is the role of Intravenous Immunoglobulin (IVIG) in the treatment of Rheumatoid Arthritis (RA)?"; marked as pending human review. It numbers its citations 1-5 but its reference list was not captured, so the primary publications behind its claims are unknown.');
INSERT INTO publications (id, kind, authors, first_author, title, journal, year, volume, issue, pages, doi, pmid, url, publisher, published_on, source_file, note) VALUES
('ameripharma-ivig-ra', 'web_article', NULL, NULL, 'IVIG for Rheumatoid Arthritis: Does It Really Work?', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'AmeriPharma Specialty Care', NULL, '001_0496e5efe67fe109.txt', 'Specialty-pharmacy article for patients; the captured page gives no publication date. Its reference list (1-10) was captured in full.');

-- Publications cited by the pharmacy article (reference list entries 1-10).
INSERT INTO publications (id, kind, authors, first_author, title, journal, year, volume, issue, pages, doi, pmid, url, publisher, published_on, source_file, note) VALUES
('mulhearn-2015', 'review', 'Mulhearn, Ben, and Ian N Bruce', 'Mulhearn', 'Indications for IVIG in rheumatic diseases', 'Rheumatology (Oxford, England)', 2015, '54', '3', '383-91', '10.1093/rheumatology/keu429', NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO publications (id, kind, authors, first_author, title, journal, year, volume, issue, pages, doi, pmid, url, publisher, published_on, source_file, note) VALUES
('kaestner-2021', 'original_research', 'Kaestner, S., Wolff, HJ., Braeuer, R. et al.', 'Kaestner', 'Immunoglobulin deficiencies in treated patients suffering from rheumatoid arthritis', 'Rheumatol Int', 2021, '41', NULL, '1273–1280', '10.1007/s00296-021-04871-x', NULL, 'https://doi.org/10.1007/s00296-021-04871-x', NULL, NULL, NULL, NULL);
INSERT INTO publications (id, kind, authors, first_author, title, journal, year, volume, issue, pages, doi, pmid, url, publisher, published_on, source_file, note) VALUES
('xu-2021', 'original_research', 'Xu, Yingke, and Qing Wu', 'Xu', 'Prevalence Trend and Disparities in Rheumatoid Arthritis among US Adults, 2005-2018', 'Journal of clinical medicine', 2021, '10', '15', '3289', '10.3390/jcm10153289', NULL, NULL, NULL, '2021-07-26', NULL, 'Article number 3289; dated 26 Jul. 2021 in the reference.');
INSERT INTO publications (id, kind, authors, first_author, title, journal, year, volume, issue, pages, doi, pmid, url, publisher, published_on, source_file, note) VALUES
('silverman-1994', 'trial_report', 'Silverman, E D et al.', 'Silverman', 'Intravenous immunoglobulin in the treatment of systemic juvenile rheumatoid arthritis: a randomized placebo controlled trial. Pediatric Rheumatology Collaborative Study Group', 'The Journal of rheumatology', 1994, '21', '12', '2353-8', NULL, NULL, NULL, NULL, NULL, NULL, 'The reference gives no DOI.');
INSERT INTO publications (id, kind, authors, first_author, title, journal, year, volume, issue, pages, doi, pmid, url, publisher, published_on, source_file, note) VALUES
('muscat-1995', 'trial_report', 'Muscat, C et al.', 'Muscat', 'Long term treatment of rheumatoid arthritis with high doses of intravenous immunoglobulins: effects on disease activity and serum cytokines', 'Annals of the rheumatic diseases', 1995, '54', '5', '382-5', '10.1136/ard.54.5.382', NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO publications (id, kind, authors, first_author, title, journal, year, volume, issue, pages, doi, pmid, url, publisher, published_on, source_file, note) VALUES
('maksymowych-1996', 'trial_report', 'Maksymowych, W P et al.', 'Maksymowych', 'High dose intravenous immunoglobulin (IVIg) in severe refractory rheumatoid arthritis: no evidence for efficacy', 'Clinical and experimental rheumatology', 1996, '14', '6', '657-60', NULL, NULL, NULL, NULL, NULL, NULL, 'The reference gives no DOI.');
INSERT INTO publications (id, kind, authors, first_author, title, journal, year, volume, issue, pages, doi, pmid, url, publisher, published_on, source_file, note) VALUES
('katz-agranov-2015', 'review', 'Katz-Agranov, Nurit et al.', 'Katz-Agranov', 'The role of intravenous immunoglobulins in the treatment of rheumatoid arthritis', 'Autoimmunity reviews', 2015, '14', '8', '651-8', '10.1016/j.autrev.2015.04.003', NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO publications (id, kind, authors, first_author, title, journal, year, volume, issue, pages, doi, pmid, url, publisher, published_on, source_file, note) VALUES
('halpert-2021', 'original_research', 'Halpert, G et al.', 'Halpert', 'IVIG ameliorate inflammation in collagen-induced arthritis: projection for IVIG therapy in rheumatoid arthritis', 'Clinical and experimental immunology', 2021, '203', '3', '400-408', '10.1111/cei.13532', NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO publications (id, kind, authors, first_author, title, journal, year, volume, issue, pages, doi, pmid, url, publisher, published_on, source_file, note) VALUES
('seeling-2023', 'original_research', 'Seeling, Michaela et al.', 'Seeling', 'Immunoglobulin G-dependent inhibition of inflammatory bone remodeling requires pattern recognition receptor Dectin-1', 'Immunity', 2023, '56', '5', '1046-1063.e7', '10.1016/j.immuni.2023.02.019', NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO publications (id, kind, authors, first_author, title, journal, year, volume, issue, pages, doi, pmid, url, publisher, published_on, source_file, note) VALUES
('nba-ivig-criteria-2', 'guideline', 'National Blood Authority', 'National Blood Authority', 'Criteria for the Clinical Use of Intravenous Immunoglobulin in Australia – Second Edition', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'blood.gov.au/pubs/ivig/conditions-for-which-IVIg-use-is-not-supported.html#cdn-32', 'National Blood Authority', NULL, NULL, 'The reference gives no year; the address is printed without a scheme and is kept as printed. It points to the page of conditions for which IVIg use is not supported.');

-- ============================================================ source_references
-- The pharmacy article's reference list, verbatim.
INSERT INTO source_references (document_id, number, reference_text, publication_id) VALUES
('ameripharma-ivig-ra', 1, 'Mulhearn, Ben, and Ian N Bruce. “Indications for IVIG in rheumatic diseases.” Rheumatology (Oxford, England) vol. 54,3 (2015): 383-91. doi:10.1093/rheumatology/keu429', 'mulhearn-2015'),
('ameripharma-ivig-ra', 2, 'Kaestner, S., Wolff, HJ., Braeuer, R. et al. Immunoglobulin deficiencies in treated patients suffering from rheumatoid arthritis. Rheumatol Int 41, 1273–1280 (2021). https://doi.org/10.1007/s00296-021-04871-x', 'kaestner-2021'),
('ameripharma-ivig-ra', 3, 'Xu, Yingke, and Qing Wu. “Prevalence Trend and Disparities in Rheumatoid Arthritis among US Adults, 2005-2018.” Journal of clinical medicine vol. 10,15 3289. 26 Jul. 2021, doi:10.3390/jcm10153289', 'xu-2021'),
('ameripharma-ivig-ra', 4, 'Silverman, E D et al. “Intravenous immunoglobulin in the treatment of systemic juvenile rheumatoid arthritis: a randomized placebo controlled trial. Pediatric Rheumatology Collaborative Study Group.” The Journal of rheumatology vol. 21,12 (1994): 2353-8.', 'silverman-1994'),
('ameripharma-ivig-ra', 5, 'Muscat, C et al. “Long term treatment of rheumatoid arthritis with high doses of intravenous immunoglobulins: effects on disease activity and serum cytokines.” Annals of the rheumatic diseases vol. 54,5 (1995): 382-5. doi:10.1136/ard.54.5.382', 'muscat-1995'),
('ameripharma-ivig-ra', 6, 'Maksymowych, W P et al. “High dose intravenous immunoglobulin (IVIg) in severe refractory rheumatoid arthritis: no evidence for efficacy.” Clinical and experimental rheumatology vol. 14,6 (1996): 657-60.', 'maksymowych-1996'),
('ameripharma-ivig-ra', 7, 'Katz-Agranov, Nurit et al. “The role of intravenous immunoglobulins in the treatment of rheumatoid arthritis.” Autoimmunity reviews vol. 14,8 (2015): 651-8. doi:10.1016/j.autrev.2015.04.003', 'katz-agranov-2015'),
('ameripharma-ivig-ra', 8, 'Halpert, G et al. “IVIG ameliorate inflammation in collagen-induced arthritis: projection for IVIG therapy in rheumatoid arthritis.” Clinical and experimental immunology vol. 203,3 (2021): 400-408. doi:10.1111/cei.13532', 'halpert-2021'),
('ameripharma-ivig-ra', 9, 'Seeling, Michaela et al. “Immunoglobulin G-dependent inhibition of inflammatory bone remodeling requires pattern recognition receptor Dectin-1.” Immunity vol. 56,5 (2023): 1046-1063.e7. doi:10.1016/j.immuni.2023.02.019', 'seeling-2023'),
('ameripharma-ivig-ra', 10, 'National Blood Authority. Criteria for the Clinical Use of Intravenous Immunoglobulin in Australia – Second Edition. blood.gov.au/pubs/ivig/conditions-for-which-IVIg-use-is-not-supported.html#cdn-32.', 'nba-ivig-criteria-2');
-- The Q&A article cites 1-5 by number; its reference list was not captured.
INSERT INTO source_references (document_id, number, reference_text, publication_id) VALUES
('droracle-2025', 1, NULL, NULL),
('droracle-2025', 2, NULL, NULL),
('droracle-2025', 3, NULL, NULL),
('droracle-2025', 4, NULL, NULL),
('droracle-2025', 5, NULL, NULL);

-- ============================================================ indications
-- Parents first: a filter on a parent (ra, jia) includes its children.
INSERT INTO indications (slug, name, relation_to_ra, parent_slug, description, note) VALUES
('ra', 'Rheumatoid arthritis', 'ra', NULL, 'Rheumatoid arthritis in general ("typical RA").', NULL),
('ra-refractory', 'RA refractory to, or with contraindications to, conventional DMARDs and biologics', 'ra_subgroup', 'ra', 'RA where conventional DMARDs and biologics are contraindicated or have failed; treatment-refractory or treatment-resistant RA.', NULL),
('ra-infection', 'RA with active severe infection', 'ra_subgroup', 'ra', 'RA with active severe infection, where immunosuppression with anti-cytokine blockers or rituximab would be dangerous.', NULL),
('ra-vasculitis', 'RA with vasculitis', 'ra_manifestation', 'ra', 'RA with vasculitis requiring additional immunomodulation.', NULL),
('rhupus', 'Rhupus syndrome (RA-SLE overlap)', 'overlap', 'ra', 'Overlap of rheumatoid arthritis and systemic lupus erythematosus.', NULL),
('ra-pregnancy', 'RA in pregnancy', 'ra_subgroup', 'ra', 'RA during pregnancy, when other biologics must be avoided.', NULL),
('ra-ild', 'RA-associated interstitial lung disease (RA-ILD)', 'ra_manifestation', 'ra', 'Interstitial lung disease associated with rheumatoid arthritis.', NULL),
('aosd', 'Adult-onset Still''s disease', 'related', NULL, 'A systemic inflammatory condition that the Q&A article describes as related to RA.', 'The Q&A article lists it among the RA subgroups where IVIG may have a limited role.'),
('jia', 'Juvenile rheumatoid arthritis, subtype not stated', 'juvenile', NULL, 'Juvenile rheumatoid (idiopathic) arthritis where the source does not name the subtype.', NULL),
('sjia', 'Systemic juvenile idiopathic arthritis (systemic juvenile rheumatoid arthritis)', 'juvenile', 'jia', 'The systemic subtype of juvenile arthritis.', NULL),
('pjia', 'Polyarticular juvenile idiopathic arthritis (polyarticular juvenile rheumatoid arthritis)', 'juvenile', 'jia', 'The polyarticular subtype of juvenile arthritis.', 'Neither source document names this subtype; it is listed so that studies of it can be recorded. No evidence is recorded for it yet.'),
('iim-ild', 'Inflammatory myopathy-associated interstitial lung disease (IIM-ILD)', 'other_disease', NULL, 'Interstitial lung disease in idiopathic inflammatory myopathy.', NULL),
('mctd-ild', 'Mixed connective tissue disease-associated interstitial lung disease (MCTD-ILD)', 'other_disease', NULL, 'Interstitial lung disease in mixed connective tissue disease.', NULL);

-- ============================================================ indication_aliases
-- alias_key: lowercase letters and digits only (what the CLI compares).
INSERT INTO indication_aliases (alias_key, alias, indication_slug) VALUES
('rheumatoidarthritis', 'rheumatoid arthritis', 'ra'),
('typicalra', 'typical RA', 'ra'),
('refractoryra', 'refractory RA', 'ra-refractory'),
('treatmentrefractoryra', 'treatment-refractory RA', 'ra-refractory'),
('treatmentresistantra', 'treatment-resistant RA', 'ra-refractory'),
('refractoryrheumatoidarthritis', 'refractory rheumatoid arthritis', 'ra-refractory'),
('severerefractoryrheumatoidarthritis', 'severe refractory rheumatoid arthritis', 'ra-refractory'),
('rawithinfection', 'RA with infection', 'ra-infection'),
('rawithactivesevereinfection', 'RA with active severe infection', 'ra-infection'),
('infection', 'infection', 'ra-infection'),
('rawithvasculitis', 'RA with vasculitis', 'ra-vasculitis'),
('rheumatoidvasculitis', 'rheumatoid vasculitis', 'ra-vasculitis'),
('vasculitis', 'vasculitis', 'ra-vasculitis'),
('rhupussyndrome', 'rhupus syndrome', 'rhupus'),
('rasleoverlap', 'RA-SLE overlap', 'rhupus'),
('pregnancy', 'pregnancy', 'ra-pregnancy'),
('rainpregnancy', 'RA in pregnancy', 'ra-pregnancy'),
('adultonsetstillsdisease', 'adult-onset Still''s disease', 'aosd'),
('stillsdisease', 'Still''s disease', 'aosd'),
('still', 'still', 'aosd'),
('stills', 'stills', 'aosd'),
('jra', 'JRA', 'jia'),
('juvenilera', 'juvenile RA', 'jia'),
('juvenilerheumatoidarthritis', 'juvenile rheumatoid arthritis', 'jia'),
('juvenileidiopathicarthritis', 'juvenile idiopathic arthritis', 'jia'),
('systemicjra', 'systemic JRA', 'sjia'),
('sjra', 'sJRA', 'sjia'),
('systemicjia', 'systemic JIA', 'sjia'),
('systemicjuvenilerheumatoidarthritis', 'systemic juvenile rheumatoid arthritis', 'sjia'),
('systemicjuvenileidiopathicarthritis', 'systemic juvenile idiopathic arthritis', 'sjia'),
('polyarticularjra', 'polyarticular JRA', 'pjia'),
('pjra', 'pJRA', 'pjia'),
('polyarticularjia', 'polyarticular JIA', 'pjia'),
('polyarticularjuvenilerheumatoidarthritis', 'polyarticular juvenile rheumatoid arthritis', 'pjia'),
('polyarticularjuvenileidiopathicarthritis', 'polyarticular juvenile idiopathic arthritis', 'pjia'),
('raassociatedild', 'RA-associated ILD', 'ra-ild'),
('raassociatedinterstitiallungdisease', 'RA-associated interstitial lung disease', 'ra-ild'),
('inflammatorymyopathyild', 'inflammatory myopathy-ILD', 'iim-ild'),
('myositisild', 'myositis-ILD', 'iim-ild'),
('mixedconnectivetissuediseaseild', 'mixed connective tissue disease-ILD', 'mctd-ild');

-- ============================================================ studies
-- silverman-1994: the 1994 placebo-controlled trial. The article text says
-- "children with active RA"; its own reference title says systemic JRA.
INSERT INTO studies (id, first_author, year, design, population, population_text, n, comparator, outcome_measures, result, direction, publication_id, note) VALUES
('silverman-1994', 'Silverman', 1994, 'rct', 'systemic_jra', 'children with active RA (article text); systemic juvenile rheumatoid arthritis (reference title)', NULL, 'placebo', NULL, 'Failed to show any significant benefit of IVIG over placebo.', 'no_benefit', 'silverman-1994', 'The sources disagree on the population: the article text says the trial enrolled "children with active RA", while its own reference 4 is titled as a trial in systemic juvenile rheumatoid arthritis. The population is coded from the reference title; both statements are kept. Randomised per the reference title. Number of patients and dose are not stated.');

-- muscat-1995: 10 patients with treatment-resistant RA, 400 mg/kg for 3 days then monthly for 12 months.
INSERT INTO studies (id, first_author, year, design, population, population_text, n, comparator, outcome_measures, result, direction, publication_id, note) VALUES
('muscat-1995', 'Muscat', 1995, 'open_label', 'ra', 'participants with active, treatment-resistant RA', 10, NULL, 'monthly clinical and laboratory evaluations; symptoms and functional capability; disease activity and serum cytokines (reference title)', 'The researchers concluded that IVIG can improve symptoms and functional capability.', 'benefit', 'muscat-1995', 'The source does not name the design: it describes one group of 10 treated participants and no comparator, coded here as open-label.');

-- maksymowych-1996: "a separate 1996 trial", no evidence of efficacy.
INSERT INTO studies (id, first_author, year, design, population, population_text, n, comparator, outcome_measures, result, direction, publication_id, note) VALUES
('maksymowych-1996', 'Maksymowych', 1996, 'trial', 'ra', 'severe refractory rheumatoid arthritis (reference title)', NULL, NULL, NULL, 'Found no evidence of the efficacy of IVIG in RA.', 'no_benefit', 'maksymowych-1996', 'The source calls it a trial without saying whether it was randomised or controlled. Number of patients and dose are not stated beyond "high dose" in the reference title.');

-- ra-low-dose-rct: the Q&A article's low-dose (5 mg/kg) RCT of 20 patients; citation 2, publication unknown.
INSERT INTO studies (id, first_author, year, design, population, population_text, n, comparator, outcome_measures, result, direction, publication_id, note) VALUES
('ra-low-dose-rct', NULL, NULL, 'rct', 'ra', 'patients with treatment-refractory RA', 20, 'placebo (double-blind)', 'joint swelling, pain, inflammatory markers, global disease activity', 'Low-dose IVIG (5 mg/kg) showed no therapeutic effect: no significant differences in joint swelling, pain, inflammatory markers, or global disease activity.', 'no_benefit', NULL, 'Described by the Q&A article under its citation 2, whose reference list was not captured: author, year and publication are unknown.');

-- ra-high-dose-open: the Q&A article's uncontrolled high-dose studies (6 of 7 patients improved); citation 3, publication unknown.
INSERT INTO studies (id, first_author, year, design, population, population_text, n, comparator, outcome_measures, result, direction, publication_id, note) VALUES
('ra-high-dose-open', NULL, NULL, 'open_label', 'ra', NULL, 7, 'none (open-label, no placebo control)', 'Ritchie index; morning stiffness', 'Modest improvement: 6 of 7 patients achieved 50% improvement in Ritchie index and reduction in morning stiffness.', 'benefit', NULL, 'The source speaks of "small uncontrolled studies" (plural) and gives one figure, 6 of 7 patients; the studies are not named (citation 3 of the Q&A article, whose reference list was not captured).');

-- jra-withdrawal: juvenile RA studies in which IVIG responders randomised to placebo lost efficacy; citation 4, publication unknown.
INSERT INTO studies (id, first_author, year, design, population, population_text, n, comparator, outcome_measures, result, direction, publication_id, note) VALUES
('jra-withdrawal', NULL, NULL, 'rct_withdrawal', 'juvenile_ra', 'juvenile RA', NULL, 'placebo after initial IVIG response', NULL, 'Patients randomized to placebo after initial IVIG response showed rapid loss of efficacy; cited to show that the treatment effect is short-lived after discontinuation.', 'benefit', NULL, 'The source says "juvenile RA studies" (plural) without naming them or the subtype (citation 4 of the Q&A article, whose reference list was not captured). Direction coded as benefit because efficacy was lost on switching to placebo. Number of patients and dose are not stated.');

-- aosd-case-series: 13 of 15 patients with adult-onset Still's disease responded; citation 5, publication unknown.
INSERT INTO studies (id, first_author, year, design, population, population_text, n, comparator, outcome_measures, result, direction, publication_id, note) VALUES
('aosd-case-series', NULL, NULL, 'case_series', 'aosd', 'Adult-onset Still''s disease', 15, NULL, 'response; duration of remission', 'Responses in 13 of 15 patients, with remission lasting 2-53 months.', 'benefit', NULL, 'The source does not name the design or the study (citation 5 of the Q&A article, whose reference list was not captured); coded as a case series of treated patients.');

-- katz-agranov-2015: review; IVIG might be an option when corticosteroids or other RA drugs cannot be taken.
INSERT INTO studies (id, first_author, year, design, population, population_text, n, comparator, outcome_measures, result, direction, publication_id, note) VALUES
('katz-agranov-2015', 'Katz-Agranov', 2015, 'review', 'ra', NULL, NULL, NULL, NULL, 'Concluded that IVIG might be an option for people who cannot take corticosteroids or other RA medications.', 'not_applicable', 'katz-agranov-2015', NULL);

-- halpert-2021: collagen-induced arthritis in mice.
INSERT INTO studies (id, first_author, year, design, population, population_text, n, comparator, outcome_measures, result, direction, publication_id, note) VALUES
('halpert-2021', 'Halpert', 2021, 'animal', 'animal_model', 'mice; collagen-induced arthritis (reference title)', NULL, NULL, 'inflammation', 'Potent anti-inflammatory action of IVIG in mice, suggesting a potential role for IVIG in RA in humans.', 'benefit', 'halpert-2021', 'An animal study: n is not a patient count and is not given.');

-- seeling-2023: mechanism (IgG, Dectin-1, inflammatory bone remodeling).
INSERT INTO studies (id, first_author, year, design, population, population_text, n, comparator, outcome_measures, result, direction, publication_id, note) VALUES
('seeling-2023', 'Seeling', 2023, 'laboratory', 'not_stated', NULL, NULL, NULL, 'inflammatory bone remodeling (reference title)', 'Suggests a potential mechanism of action: IVIG suppresses the degeneration of bones and cartilage in joints at a molecular level.', 'not_applicable', 'seeling-2023', 'Published by German researchers, per the source. The experimental system is not described in the source.');

-- mulhearn-2015: review of indications for IVIG in rheumatic diseases.
INSERT INTO studies (id, first_author, year, design, population, population_text, n, comparator, outcome_measures, result, direction, publication_id, note) VALUES
('mulhearn-2015', 'Mulhearn', 2015, 'review', 'rheumatic_diseases', 'rheumatic diseases (reference title)', NULL, NULL, NULL, 'IVIG therapy has been shown to be effective in several diseases.', 'not_applicable', 'mulhearn-2015', 'The list of diseases that followed in the source was not captured.');

-- kaestner-2021: immunoglobulin deficiencies in treated RA patients.
INSERT INTO studies (id, first_author, year, design, population, population_text, n, comparator, outcome_measures, result, direction, publication_id, note) VALUES
('kaestner-2021', 'Kaestner', 2021, 'observational', 'ra', 'treated patients suffering from rheumatoid arthritis (reference title)', NULL, NULL, 'immunoglobulin deficiencies', 'Individuals with immunoglobulin deficiencies may be at risk for developing RA; IVIG appears to be a potential treatment for RA.', 'not_applicable', 'kaestner-2021', 'The source does not describe the design; coded as observational from the reference title (a study of treated RA patients).');

-- xu-2021: prevalence of RA among US adults, 2005-2018.
INSERT INTO studies (id, first_author, year, design, population, population_text, n, comparator, outcome_measures, result, direction, publication_id, note) VALUES
('xu-2021', 'Xu', 2021, 'observational', 'general_population', 'US adults, 2005-2018 (reference title)', NULL, NULL, 'prevalence of rheumatoid arthritis', 'Approximately 1.3 million U.S. adults live with rheumatoid arthritis.', 'not_applicable', 'xu-2021', 'An epidemiological study, not a study of IVIG; cited for the number of US adults with RA.');

-- ============================================================ study_indications
INSERT INTO study_indications (study_id, indication_slug) VALUES
('silverman-1994', 'sjia'),
('muscat-1995', 'ra-refractory'),
('maksymowych-1996', 'ra-refractory'),
('ra-low-dose-rct', 'ra-refractory'),
('ra-high-dose-open', 'ra'),
('jra-withdrawal', 'jia'),
('aosd-case-series', 'aosd'),
('katz-agranov-2015', 'ra'),
('halpert-2021', 'ra'),
('seeling-2023', 'ra'),
('kaestner-2021', 'ra'),
('xu-2021', 'ra');

-- ============================================================ dose_regimens
-- Doses used in studies.
INSERT INTO dose_regimens (id, study_id, context, phase, amount_low, amount_high, unit, basis, days_low, days_high, repeat_interval, course_duration, text, ambiguous, ambiguity_note, note) VALUES
('aosd-case-series-dose', 'aosd-case-series', 'studied', NULL, 0.4, 2, 'g/kg', 'per_day', 2, 5, 'not_stated', NULL, '0.4-2 g/kg/day for 2-5 days', TRUE, 'Read literally: 0.4-2 g/kg on each of 2-5 days, so 0.8-10 g/kg per course. The range may instead describe a total course dose divided over 2-5 days. The source does not say which, nor whether courses were repeated.', NULL),
('ra-low-dose-rct-dose', 'ra-low-dose-rct', 'studied', NULL, 5, 5, 'mg/kg', 'not_stated', NULL, NULL, 'not_stated', NULL, '5 mg/kg', TRUE, 'The source gives the amount only: whether 5 mg/kg was given per infusion, per day or per course, and how often, is not stated.', NULL),
('ra-high-dose-open-dose', 'ra-high-dose-open', 'studied', NULL, 400, 400, 'mg/kg', 'per_dose', NULL, NULL, 'monthly', NULL, '400 mg/kg monthly', FALSE, NULL, 'Whether each monthly dose was one infusion or split over days is not stated.'),
('muscat-1995-loading', 'muscat-1995', 'studied', 'loading', 400, 400, 'mg/kg', 'per_day', 3, 3, 'daily', NULL, 'administered 400 mg/kg of IVIG to 10 participants with active, treatment-resistant RA for the first 3 days, followed by monthly doses for 12 months', TRUE, 'Read as 400 mg/kg on each of the first 3 days (1.2 g/kg in all); the sentence could also mean 400 mg/kg in total over the 3 days.', NULL),
('muscat-1995-maintenance', 'muscat-1995', 'studied', 'maintenance', NULL, NULL, NULL, 'per_dose', NULL, NULL, 'monthly', '12 months', 'administered 400 mg/kg of IVIG to 10 participants with active, treatment-resistant RA for the first 3 days, followed by monthly doses for 12 months', TRUE, 'The amount of the monthly doses is not restated: they may have been 400 mg/kg each, as in the first 3 days, but the source does not say so.', NULL),
('maksymowych-1996-dose', 'maksymowych-1996', 'studied', NULL, NULL, NULL, NULL, 'not_stated', NULL, NULL, 'not_stated', NULL, 'High dose intravenous immunoglobulin (IVIg)', FALSE, NULL, 'Only "high dose" is stated, in the reference title; amount and schedule are unknown.');
-- Doses the Q&A article suggests "in these exceptional circumstances".
INSERT INTO dose_regimens (id, study_id, context, phase, amount_low, amount_high, unit, basis, days_low, days_high, repeat_interval, course_duration, text, ambiguous, ambiguity_note, note) VALUES
('suggested-high-dose-course', NULL, 'suggested', NULL, 0.4, 2, 'g/kg', 'per_day', 2, 5, 'not_stated', 'Limited by cost and need for ongoing administration', '0.4-2 g/kg/day for 2-5 days', TRUE, 'Read literally: 0.4-2 g/kg on each of 2-5 days, so 0.8-10 g/kg per course. The range may instead describe a total course dose divided over 2-5 days. Under the same heading the source adds "Frequency: Monthly infusions typically required" without saying whether this course is repeated monthly.', 'Suggested for "these exceptional circumstances": the RA subgroups the source lists (active severe infection, vasculitis, rhupus, pregnancy) and adult-onset Still''s disease; the source gives no separate dose for any of them.'),
('suggested-monthly', NULL, 'suggested', NULL, 400, 400, 'mg/kg', 'per_dose', NULL, NULL, 'monthly', 'Limited by cost and need for ongoing administration', '400 mg/kg monthly', FALSE, NULL, 'Suggested for "these exceptional circumstances" (see suggested-high-dose-course). Whether each monthly dose is one infusion is not stated.');

-- ============================================================ regimen_indications
INSERT INTO regimen_indications (regimen_id, indication_slug) VALUES
('aosd-case-series-dose', 'aosd'),
('ra-low-dose-rct-dose', 'ra-refractory'),
('ra-high-dose-open-dose', 'ra'),
('muscat-1995-loading', 'ra-refractory'),
('muscat-1995-maintenance', 'ra-refractory'),
('maksymowych-1996-dose', 'ra-refractory'),
('suggested-high-dose-course', 'ra-infection'),
('suggested-high-dose-course', 'ra-vasculitis'),
('suggested-high-dose-course', 'rhupus'),
('suggested-high-dose-course', 'ra-pregnancy'),
('suggested-high-dose-course', 'aosd'),
('suggested-monthly', 'ra-infection'),
('suggested-monthly', 'ra-vasculitis'),
('suggested-monthly', 'rhupus'),
('suggested-monthly', 'ra-pregnancy'),
('suggested-monthly', 'aosd');

-- ============================================================ positions
-- The Q&A article's own positions.
INSERT INTO positions (id, kind, body, document_title, edition, year, indication_slug, stance, wording, conditions, publication_id, note) VALUES
('droracle-ra', 'secondary_source', 'Dr.Oracle (Q&A article)', 'IVIG in Rheumatoid Arthritis: Limited Role, Not Standard Therapy', NULL, 2025, 'ra', 'not_recommended', 'IVIG is not recommended as standard therapy for rheumatoid arthritis', 'only in highly specific clinical scenarios where conventional DMARDs and biologics are contraindicated or have failed', 'droracle-2025', NULL),
('droracle-ra-refractory', 'secondary_source', 'Dr.Oracle (Q&A article)', 'IVIG in Rheumatoid Arthritis: Limited Role, Not Standard Therapy', NULL, 2025, 'ra-refractory', 'may_be_considered', 'should only be considered in highly specific clinical scenarios where conventional DMARDs and biologics are contraindicated or have failed', 'conventional DMARDs and biologics contraindicated or failed', 'droracle-2025', NULL),
('droracle-ra-infection', 'secondary_source', 'Dr.Oracle (Q&A article)', 'IVIG in Rheumatoid Arthritis: Limited Role, Not Standard Therapy', NULL, 2025, 'ra-infection', 'may_be_considered', 'IVIG may have a limited role in specific RA subgroups where standard biologics are contraindicated', 'active severe infection where immunosuppression with anti-cytokine blockers or rituximab would be dangerous', 'droracle-2025', NULL),
('droracle-ra-vasculitis', 'secondary_source', 'Dr.Oracle (Q&A article)', 'IVIG in Rheumatoid Arthritis: Limited Role, Not Standard Therapy', NULL, 2025, 'ra-vasculitis', 'may_be_considered', 'IVIG may have a limited role in specific RA subgroups where standard biologics are contraindicated', 'vasculitis requiring additional immunomodulation', 'droracle-2025', NULL),
('droracle-rhupus', 'secondary_source', 'Dr.Oracle (Q&A article)', 'IVIG in Rheumatoid Arthritis: Limited Role, Not Standard Therapy', NULL, 2025, 'rhupus', 'may_be_considered', 'IVIG may have a limited role in specific RA subgroups where standard biologics are contraindicated', 'where multiple autoimmune mechanisms are active', 'droracle-2025', NULL),
('droracle-ra-pregnancy', 'secondary_source', 'Dr.Oracle (Q&A article)', 'IVIG in Rheumatoid Arthritis: Limited Role, Not Standard Therapy', NULL, 2025, 'ra-pregnancy', 'may_be_considered', 'IVIG may have a limited role in specific RA subgroups where standard biologics are contraindicated', 'when other biologics must be avoided', 'droracle-2025', NULL),
('droracle-aosd', 'secondary_source', 'Dr.Oracle (Q&A article)', 'IVIG in Rheumatoid Arthritis: Limited Role, Not Standard Therapy', NULL, 2025, 'aosd', 'may_be_considered', 'IVIG may have a limited role in specific RA subgroups where standard biologics are contraindicated', 'where standard biologics are contraindicated', 'droracle-2025', 'The article lists adult-onset Still''s disease among these subgroups, citing responses in 13 of 15 patients.'),
('droracle-ra-ild', 'secondary_source', 'Dr.Oracle (Q&A article)', 'IVIG in Rheumatoid Arthritis: Limited Role, Not Standard Therapy', NULL, 2025, 'ra-ild', 'not_recommended', 'No role in RA-associated interstitial lung disease (ILD)', NULL, 'droracle-2025', NULL);
-- Guidelines as the Q&A article reports them (its citations 1 and 5; reference list not captured).
INSERT INTO positions (id, kind, body, document_title, edition, year, indication_slug, stance, wording, conditions, publication_id, note) VALUES
('major-guidelines-ra', 'guideline', 'Major rheumatology guidelines (not named in the source)', NULL, NULL, NULL, 'ra', 'not_recommended', 'no major rheumatology guidelines recommend it as a treatment option for typical RA', NULL, NULL, 'Reported by the Q&A article under its citation 1; which guidelines is not stated.'),
('acr-chest-2023-iim-ild', 'guideline', 'ACR/CHEST', '2023 ACR/CHEST guidelines for SARD-ILD', NULL, 2023, 'iim-ild', 'conditionally_recommended', 'conditionally recommend IVIG only for inflammatory myopathy-ILD (IIM-ILD) and mixed connective tissue disease-ILD (MCTD-ILD)', 'with progression despite first-line treatment', NULL, 'As reported by the Q&A article (citation 5, reference list not captured); the guideline''s formal title is not given.'),
('acr-chest-2023-mctd-ild', 'guideline', 'ACR/CHEST', '2023 ACR/CHEST guidelines for SARD-ILD', NULL, 2023, 'mctd-ild', 'conditionally_recommended', 'conditionally recommend IVIG only for inflammatory myopathy-ILD (IIM-ILD) and mixed connective tissue disease-ILD (MCTD-ILD)', 'with progression despite first-line treatment', NULL, 'As reported by the Q&A article (citation 5, reference list not captured); the guideline''s formal title is not given.'),
('acr-chest-2023-ra-ild', 'guideline', 'ACR/CHEST', '2023 ACR/CHEST guidelines for SARD-ILD', NULL, 2023, 'ra-ild', 'not_recommended', 'conditionally recommend IVIG only for IIM-ILD and MCTD-ILD ..., but not for RA-ILD', NULL, NULL, 'As reported by the Q&A article: the conditional recommendation does not extend to RA-ILD. Whether the guideline recommends against IVIG in RA-ILD or makes no recommendation is not stated.');
-- The pharmacy article's own positions, and the bodies it reports.
INSERT INTO positions (id, kind, body, document_title, edition, year, indication_slug, stance, wording, conditions, publication_id, note) VALUES
('ameripharma-ra', 'secondary_source', 'AmeriPharma (pharmacy article)', 'IVIG for Rheumatoid Arthritis: Does It Really Work?', NULL, NULL, 'ra', 'investigational', 'High-dose IVIG for rheumatoid arthritis (RA) is promising, but its use is still considered investigational.', NULL, 'ameripharma-ivig-ra', NULL),
('ameripharma-ra-evidence', 'secondary_source', 'AmeriPharma (pharmacy article)', 'IVIG for Rheumatoid Arthritis: Does It Really Work?', NULL, NULL, 'ra', 'insufficient_evidence', 'There is no evidence to support the use of IVIG for rheumatoid arthritis.', NULL, 'ameripharma-ivig-ra', 'The same article also calls high-dose IVIG "promising" and reports conflicting evidence.'),
('ameripharma-ra-refractory', 'secondary_source', 'AmeriPharma (pharmacy article)', 'IVIG for Rheumatoid Arthritis: Does It Really Work?', NULL, NULL, 'ra-refractory', 'may_be_considered', 'it may be considered an option if conventional treatments fail', 'if conventional treatments fail', 'ameripharma-ivig-ra', NULL),
('fda-ra', 'regulatory', 'FDA', NULL, NULL, NULL, 'ra', 'not_approved', 'IVIG is not FDA-approved to treat RA.', NULL, NULL, 'As reported by the pharmacy article; no document is cited.'),
('professional-organizations-ra', 'guideline', 'Many professional organizations (not named in the source)', NULL, NULL, NULL, 'ra', 'recommended_against', 'many professional organizations recommend against using IVIG for rheumatoid arthritis', NULL, NULL, 'As reported by the pharmacy article; the only one it names is the Australian National Blood Authority, whose criteria "do not support" use.'),
('nba-australia-ra', 'guideline', 'National Blood Authority (Australia)', 'Criteria for the Clinical Use of Intravenous Immunoglobulin in Australia', 'Second Edition', NULL, 'ra', 'not_supported', 'does not support the use of IVIG for rheumatoid arthritis and recommends alternative treatments', NULL, 'nba-ivig-criteria-2', 'As reported by the pharmacy article (reference 10); the year of the edition is not given.');

-- ============================================================ treatments
-- Standard RA treatments offered as alternatives to IVIG.
INSERT INTO treatments (id, name, treatment_class, brand_names, role, indication_slug, note) VALUES
('nsaids', 'Nonsteroidal anti-inflammatory drugs (NSAIDs)', 'nsaid', NULL, 'to relieve pain and reduce inflammation', 'ra', NULL),
('corticosteroids', 'Corticosteroids', 'glucocorticoid', NULL, 'to reduce inflammation and pain and slow joint damage', 'ra', NULL),
('methotrexate', 'Methotrexate', 'csdmard', 'Trexall', 'anchor DMARD', 'ra', NULL),
('leflunomide', 'Leflunomide', 'csdmard', 'Arava', 'conventional DMARD', 'ra', NULL),
('hydroxychloroquine', 'Hydroxychloroquine', 'csdmard', 'Plaquenil', 'conventional DMARD', 'ra', NULL),
('tnf-inhibitors', 'TNF inhibitors', 'bdmard', NULL, 'for inadequate response to conventional DMARDs', 'ra', 'A drug class.'),
('etanercept', 'Etanercept', 'bdmard', 'Enbrel', 'biologic agent', 'ra', NULL),
('infliximab', 'Infliximab', 'bdmard', 'Inflectra', 'biologic agent', 'ra', NULL),
('il6-inhibitors', 'IL-6 inhibitors', 'bdmard', NULL, 'for inadequate response to conventional DMARDs', 'ra', 'A drug class.'),
('tocilizumab', 'Tocilizumab', 'bdmard', NULL, 'IL-6 inhibitor, for inadequate response to conventional DMARDs', 'ra', NULL),
('rituximab', 'Rituximab', 'bdmard', 'Rituxan', 'for inadequate response to conventional DMARDs', 'ra', NULL),
('jak-inhibitors', 'JAK inhibitors', 'tsdmard', NULL, 'for inadequate response to conventional DMARDs', 'ra', 'A drug class.'),
('baricitinib', 'Baricitinib', 'tsdmard', 'Olumiant', 'targeted synthetic DMARD', 'ra', NULL),
('tofacitinib', 'Tofacitinib', 'tsdmard', 'Xeljanz', 'targeted synthetic DMARD', 'ra', NULL),
('upadacitinib', 'Upadacitinib', 'tsdmard', 'Rinvoq', 'targeted synthetic DMARD', 'ra', NULL),
('surgery', 'Surgery', 'surgery', NULL, 'if medications don''t resolve symptoms', 'ra', NULL);

-- ============================================================ claims
INSERT INTO claims (id, topic, indication_slug, summary) VALUES
('evidence-weak', 'evidence_summary', 'ra', 'The evidence for IVIG in RA is weak, limited and of poor quality: mainly small studies with inconsistent results.'),
('evidence-conflicting', 'evidence_summary', 'ra', 'The evidence on the benefits of IVIG for RA is conflicting.'),
('attractive-alternative', 'evidence_summary', 'ra', 'IVIG is called an attractive alternative to corticosteroids or other RA medications because it regulates the immune response and serious toxicity is infrequent.'),
('immune-regulation', 'mechanism', NULL, 'IVIG regulates the immune response (said to be well established).'),
('serious-toxicity-infrequent', 'safety', NULL, 'Serious toxicity is infrequent with IVIG therapy.'),
('unknowns', 'research_gap', 'ra', 'The exact mechanism of action, optimal dosage and long-term effects of IVIG in RA are not yet known.'),
('trials-needed', 'research_gap', 'ra', 'Large controlled trials are needed to establish the benefits of IVIG in RA.'),
('cost-prohibitive', 'cost', 'ra', 'Cost is prohibitive for routine use, making IVIG appropriate only for carefully selected patients.'),
('articular-efficacy-inferior', 'comparative_efficacy', 'ra', 'Efficacy of IVIG for articular disease is inconsistent and inferior to established DMARDs and biologics.'),
('standard-therapies-proven', 'comparative_efficacy', 'ra', 'Established RA therapies have proven efficacy, with robust evidence from large randomised controlled trials.');

-- ============================================================ statements
-- Every quote is verbatim from its document. status: all 'unconfirmed' until
-- checked against the primary records.
-- Source documents about themselves.
INSERT INTO statements (id, document_id, quote, cited_as, status, status_note, checked_against, publication_id, study_id, regimen_id, position_id, indication_slug, treatment_id, claim_id) VALUES
('st-droracle-title', 'droracle-2025', 'IVIG in Rheumatoid Arthritis: Limited Role, Not Standard Therapy', NULL, 'unconfirmed', NULL, NULL, 'droracle-2025', NULL, NULL, NULL, NULL, NULL, NULL),
('st-droracle-date', 'droracle-2025', 'Last updated: December 19, 2025', NULL, 'unconfirmed', NULL, NULL, 'droracle-2025', NULL, NULL, NULL, NULL, NULL, NULL),
('st-droracle-review', 'droracle-2025', 'Educational purpose only • Exercise caution as content is pending human review', NULL, 'unconfirmed', NULL, NULL, 'droracle-2025', NULL, NULL, NULL, NULL, NULL, NULL),
('st-ameripharma-title', 'ameripharma-ivig-ra', 'IVIG for Rheumatoid Arthritis: Does It Really Work?', NULL, 'unconfirmed', NULL, NULL, 'ameripharma-ivig-ra', NULL, NULL, NULL, NULL, NULL, NULL);

-- Publications: the reference list entries that name them.
INSERT INTO statements (id, document_id, quote, cited_as, status, status_note, checked_against, publication_id, study_id, regimen_id, position_id, indication_slug, treatment_id, claim_id) VALUES
('st-ref-mulhearn-2015', 'ameripharma-ivig-ra', 'Mulhearn, Ben, and Ian N Bruce. “Indications for IVIG in rheumatic diseases.” Rheumatology (Oxford, England) vol. 54,3 (2015): 383-91. doi:10.1093/rheumatology/keu429', '1', 'unconfirmed', NULL, NULL, 'mulhearn-2015', NULL, NULL, NULL, NULL, NULL, NULL),
('st-ref-kaestner-2021', 'ameripharma-ivig-ra', 'Kaestner, S., Wolff, HJ., Braeuer, R. et al. Immunoglobulin deficiencies in treated patients suffering from rheumatoid arthritis. Rheumatol Int 41, 1273–1280 (2021). https://doi.org/10.1007/s00296-021-04871-x', '2', 'unconfirmed', NULL, NULL, 'kaestner-2021', NULL, NULL, NULL, NULL, NULL, NULL),
('st-ref-xu-2021', 'ameripharma-ivig-ra', 'Xu, Yingke, and Qing Wu. “Prevalence Trend and Disparities in Rheumatoid Arthritis among US Adults, 2005-2018.” Journal of clinical medicine vol. 10,15 3289. 26 Jul. 2021, doi:10.3390/jcm10153289', '3', 'unconfirmed', NULL, NULL, 'xu-2021', NULL, NULL, NULL, NULL, NULL, NULL),
('st-ref-silverman-1994', 'ameripharma-ivig-ra', 'Silverman, E D et al. “Intravenous immunoglobulin in the treatment of systemic juvenile rheumatoid arthritis: a randomized placebo controlled trial. Pediatric Rheumatology Collaborative Study Group.” The Journal of rheumatology vol. 21,12 (1994): 2353-8.', '4', 'unconfirmed', NULL, NULL, 'silverman-1994', NULL, NULL, NULL, NULL, NULL, NULL),
('st-ref-muscat-1995', 'ameripharma-ivig-ra', 'Muscat, C et al. “Long term treatment of rheumatoid arthritis with high doses of intravenous immunoglobulins: effects on disease activity and serum cytokines.” Annals of the rheumatic diseases vol. 54,5 (1995): 382-5. doi:10.1136/ard.54.5.382', '5', 'unconfirmed', NULL, NULL, 'muscat-1995', NULL, NULL, NULL, NULL, NULL, NULL),
('st-ref-maksymowych-1996', 'ameripharma-ivig-ra', 'Maksymowych, W P et al. “High dose intravenous immunoglobulin (IVIg) in severe refractory rheumatoid arthritis: no evidence for efficacy.” Clinical and experimental rheumatology vol. 14,6 (1996): 657-60.', '6', 'unconfirmed', NULL, NULL, 'maksymowych-1996', NULL, NULL, NULL, NULL, NULL, NULL),
('st-ref-katz-agranov-2015', 'ameripharma-ivig-ra', 'Katz-Agranov, Nurit et al. “The role of intravenous immunoglobulins in the treatment of rheumatoid arthritis.” Autoimmunity reviews vol. 14,8 (2015): 651-8. doi:10.1016/j.autrev.2015.04.003', '7', 'unconfirmed', NULL, NULL, 'katz-agranov-2015', NULL, NULL, NULL, NULL, NULL, NULL),
('st-ref-halpert-2021', 'ameripharma-ivig-ra', 'Halpert, G et al. “IVIG ameliorate inflammation in collagen-induced arthritis: projection for IVIG therapy in rheumatoid arthritis.” Clinical and experimental immunology vol. 203,3 (2021): 400-408. doi:10.1111/cei.13532', '8', 'unconfirmed', NULL, NULL, 'halpert-2021', NULL, NULL, NULL, NULL, NULL, NULL),
('st-ref-seeling-2023', 'ameripharma-ivig-ra', 'Seeling, Michaela et al. “Immunoglobulin G-dependent inhibition of inflammatory bone remodeling requires pattern recognition receptor Dectin-1.” Immunity vol. 56,5 (2023): 1046-1063.e7. doi:10.1016/j.immuni.2023.02.019', '9', 'unconfirmed', NULL, NULL, 'seeling-2023', NULL, NULL, NULL, NULL, NULL, NULL),
('st-ref-nba-ivig-criteria-2', 'ameripharma-ivig-ra', 'National Blood Authority. Criteria for the Clinical Use of Intravenous Immunoglobulin in Australia – Second Edition. blood.gov.au/pubs/ivig/conditions-for-which-IVIg-use-is-not-supported.html#cdn-32.', '10', 'unconfirmed', NULL, NULL, 'nba-ivig-criteria-2', NULL, NULL, NULL, NULL, NULL, NULL);

-- Indications.
INSERT INTO statements (id, document_id, quote, cited_as, status, status_note, checked_against, publication_id, study_id, regimen_id, position_id, indication_slug, treatment_id, claim_id) VALUES
('st-ind-ra-1', 'droracle-2025', 'What is the role of Intravenous Immunoglobulin (IVIG) in the treatment of Rheumatoid Arthritis (RA)?', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, 'ra', NULL, NULL),
('st-ind-ra-2', 'ameripharma-ivig-ra', 'Rheumatoid arthritis is an autoimmune disorder that affects your joints. It occurs when your immune system attacks the tissues of your joints. This leads to joint pain, swelling, and stiffness.', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, 'ra', NULL, NULL),
('st-ind-ra-refractory', 'droracle-2025', 'IVIG is not recommended as standard therapy for rheumatoid arthritis and should only be considered in highly specific clinical scenarios where conventional DMARDs and biologics are contraindicated or have failed.', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, 'ra-refractory', NULL, NULL),
('st-ind-ra-infection', 'droracle-2025', 'RA with active severe infection where immunosuppression with anti-cytokine blockers or rituximab would be dangerous', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, 'ra-infection', NULL, NULL),
('st-ind-ra-vasculitis', 'droracle-2025', 'RA with vasculitis requiring additional immunomodulation', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, 'ra-vasculitis', NULL, NULL),
('st-ind-rhupus', 'droracle-2025', 'Rhupus syndrome (RA-SLE overlap) where multiple autoimmune mechanisms are active', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, 'rhupus', NULL, NULL),
('st-ind-ra-pregnancy', 'droracle-2025', 'Pregnancy when other biologics must be avoided', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, 'ra-pregnancy', NULL, NULL),
('st-ind-aosd', 'droracle-2025', 'Adult-onset Still''s disease (a systemic inflammatory condition related to RA)', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, 'aosd', NULL, NULL),
('st-ind-jia', 'droracle-2025', 'as demonstrated in juvenile RA studies', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, 'jia', NULL, NULL),
('st-ind-sjia', 'ameripharma-ivig-ra', 'Intravenous immunoglobulin in the treatment of systemic juvenile rheumatoid arthritis: a randomized placebo controlled trial.', '4', 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, 'sjia', NULL, NULL),
('st-ind-ra-ild', 'droracle-2025', 'No role in RA-associated interstitial lung disease (ILD)', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, 'ra-ild', NULL, NULL),
('st-ind-iim-ild', 'droracle-2025', 'inflammatory myopathy-ILD (IIM-ILD)', '5', 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, 'iim-ild', NULL, NULL),
('st-ind-mctd-ild', 'droracle-2025', 'mixed connective tissue disease-ILD (MCTD-ILD)', '5', 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, 'mctd-ild', NULL, NULL);

-- Studies.
INSERT INTO statements (id, document_id, quote, cited_as, status, status_note, checked_against, publication_id, study_id, regimen_id, position_id, indication_slug, treatment_id, claim_id) VALUES
('st-silverman-1994-text', 'ameripharma-ivig-ra', 'A 1994 trial in children with active RA failed to show any significant benefit of IVIG over placebo [4].', '4', 'unconfirmed', 'The article text says "children with active RA"; its own reference 4 is titled as a trial in systemic juvenile rheumatoid arthritis.', NULL, NULL, 'silverman-1994', NULL, NULL, NULL, NULL, NULL),
('st-silverman-1994-ref', 'ameripharma-ivig-ra', 'Silverman, E D et al. “Intravenous immunoglobulin in the treatment of systemic juvenile rheumatoid arthritis: a randomized placebo controlled trial. Pediatric Rheumatology Collaborative Study Group.” The Journal of rheumatology vol. 21,12 (1994): 2353-8.', '4', 'unconfirmed', NULL, NULL, NULL, 'silverman-1994', NULL, NULL, NULL, NULL, NULL),
('st-muscat-1995-design', 'ameripharma-ivig-ra', 'However, in a 1995 study, researchers administered 400 mg/kg of IVIG to 10 participants with active, treatment-resistant RA for the first 3 days, followed by monthly doses for 12 months.', '5', 'unconfirmed', NULL, NULL, NULL, 'muscat-1995', NULL, NULL, NULL, NULL, NULL),
('st-muscat-1995-result', 'ameripharma-ivig-ra', 'After monthly clinical and laboratory evaluations, they concluded that IVIG can improve symptoms and functional capability [5].', '5', 'unconfirmed', NULL, NULL, NULL, 'muscat-1995', NULL, NULL, NULL, NULL, NULL),
('st-muscat-1995-ref', 'ameripharma-ivig-ra', 'Muscat, C et al. “Long term treatment of rheumatoid arthritis with high doses of intravenous immunoglobulins: effects on disease activity and serum cytokines.” Annals of the rheumatic diseases vol. 54,5 (1995): 382-5. doi:10.1136/ard.54.5.382', '5', 'unconfirmed', NULL, NULL, NULL, 'muscat-1995', NULL, NULL, NULL, NULL, NULL),
('st-maksymowych-1996-text', 'ameripharma-ivig-ra', 'A separate 1996 trial found no evidence of the efficacy of IVIG in RA [6].', '6', 'unconfirmed', NULL, NULL, NULL, 'maksymowych-1996', NULL, NULL, NULL, NULL, NULL),
('st-maksymowych-1996-ref', 'ameripharma-ivig-ra', 'Maksymowych, W P et al. “High dose intravenous immunoglobulin (IVIg) in severe refractory rheumatoid arthritis: no evidence for efficacy.” Clinical and experimental rheumatology vol. 14,6 (1996): 657-60.', '6', 'unconfirmed', NULL, NULL, NULL, 'maksymowych-1996', NULL, NULL, NULL, NULL, NULL),
('st-ra-low-dose-rct', 'droracle-2025', 'Low-dose IVIG (5 mg/kg) showed no therapeutic effect in a randomized, double-blind, placebo-controlled trial of 20 patients with treatment-refractory RA, with no significant differences in joint swelling, pain, inflammatory markers, or global disease activity 2.', '2', 'unconfirmed', 'Citation 2 of the Q&A article; its reference list was not captured, so no primary publication is named.', NULL, NULL, 'ra-low-dose-rct', NULL, NULL, NULL, NULL, NULL),
('st-ra-high-dose-open', 'droracle-2025', 'High-dose IVIG (400 mg/kg monthly) showed modest improvement in small uncontrolled studies, with 6 of 7 patients achieving 50% improvement in Ritchie index and reduction in morning stiffness, but these were open-label studies without placebo controls 3.', '3', 'unconfirmed', 'Citation 3 of the Q&A article; its reference list was not captured, so no primary publication is named.', NULL, NULL, 'ra-high-dose-open', NULL, NULL, NULL, NULL, NULL),
('st-jra-withdrawal', 'droracle-2025', 'The treatment effect is short-lived after discontinuation, as demonstrated in juvenile RA studies where patients randomized to placebo after initial IVIG response showed rapid loss of efficacy 4.', '4', 'unconfirmed', 'Citation 4 of the Q&A article; its reference list was not captured, so no primary publication is named.', NULL, NULL, 'jra-withdrawal', NULL, NULL, NULL, NULL, NULL),
('st-aosd-case-series', 'droracle-2025', 'Adult-onset Still''s disease (a systemic inflammatory condition related to RA) where IVIG showed responses in 13 of 15 patients with remission lasting 2-53 months at doses of 0.4-2 g/kg/day for 2-5 days 5', '5', 'unconfirmed', 'Citation 5 of the Q&A article; its reference list was not captured, so no primary publication is named.', NULL, NULL, 'aosd-case-series', NULL, NULL, NULL, NULL, NULL),
('st-katz-agranov-2015-text', 'ameripharma-ivig-ra', 'Authors of a 2015 review concluded that IVIG might be an option if you cannot take corticosteroids or other RA medications [7].', '7', 'unconfirmed', NULL, NULL, NULL, 'katz-agranov-2015', NULL, NULL, NULL, NULL, NULL),
('st-halpert-2021-text', 'ameripharma-ivig-ra', 'In a 2021 investigation, researchers observed the potent anti-inflammatory action of IVIG in mice, suggesting the potential role of IVIG for rheumatoid arthritis in humans [8].', '8', 'unconfirmed', NULL, NULL, NULL, 'halpert-2021', NULL, NULL, NULL, NULL, NULL),
('st-seeling-2023-text-1', 'ameripharma-ivig-ra', 'In 2023, German researchers published a paper suggesting the potential IVIG mechanism of action in RA.', NULL, 'unconfirmed', NULL, NULL, NULL, 'seeling-2023', NULL, NULL, NULL, NULL, NULL),
('st-seeling-2023-text-2', 'ameripharma-ivig-ra', 'According to the article, IVIG suppresses the degeneration of bones and cartilage in joints at a molecular level [9].', '9', 'unconfirmed', NULL, NULL, NULL, 'seeling-2023', NULL, NULL, NULL, NULL, NULL),
('st-mulhearn-2015-text', 'ameripharma-ivig-ra', 'IVIG therapy has been shown to be effective in several diseases, including [1]:', '1', 'unconfirmed', 'The list of diseases that followed was not captured.', NULL, NULL, 'mulhearn-2015', NULL, NULL, NULL, NULL, NULL),
('st-kaestner-2021-text', 'ameripharma-ivig-ra', 'Individuals with immunoglobulin deficiencies may be at risk for developing rheumatoid arthritis, and IVIG appears to be a potential treatment for rheumatoid arthritis [2].', '2', 'unconfirmed', NULL, NULL, NULL, 'kaestner-2021', NULL, NULL, NULL, NULL, NULL),
('st-xu-2021-text', 'ameripharma-ivig-ra', 'Approximately 1.3 million U.S. adults live with this condition [3].', '3', 'unconfirmed', NULL, NULL, NULL, 'xu-2021', NULL, NULL, NULL, NULL, NULL);

-- Dose regimens.
INSERT INTO statements (id, document_id, quote, cited_as, status, status_note, checked_against, publication_id, study_id, regimen_id, position_id, indication_slug, treatment_id, claim_id) VALUES
('st-dose-aosd-case-series', 'droracle-2025', 'Adult-onset Still''s disease (a systemic inflammatory condition related to RA) where IVIG showed responses in 13 of 15 patients with remission lasting 2-53 months at doses of 0.4-2 g/kg/day for 2-5 days 5', '5', 'unconfirmed', NULL, NULL, NULL, NULL, 'aosd-case-series-dose', NULL, NULL, NULL, NULL),
('st-dose-ra-low-dose-rct', 'droracle-2025', 'Low-dose IVIG (5 mg/kg) showed no therapeutic effect in a randomized, double-blind, placebo-controlled trial of 20 patients with treatment-refractory RA, with no significant differences in joint swelling, pain, inflammatory markers, or global disease activity 2.', '2', 'unconfirmed', NULL, NULL, NULL, NULL, 'ra-low-dose-rct-dose', NULL, NULL, NULL, NULL),
('st-dose-ra-high-dose-open', 'droracle-2025', 'High-dose IVIG (400 mg/kg monthly) showed modest improvement in small uncontrolled studies, with 6 of 7 patients achieving 50% improvement in Ritchie index and reduction in morning stiffness, but these were open-label studies without placebo controls 3.', '3', 'unconfirmed', NULL, NULL, NULL, NULL, 'ra-high-dose-open-dose', NULL, NULL, NULL, NULL),
('st-dose-muscat-1995-loading', 'ameripharma-ivig-ra', 'However, in a 1995 study, researchers administered 400 mg/kg of IVIG to 10 participants with active, treatment-resistant RA for the first 3 days, followed by monthly doses for 12 months.', '5', 'unconfirmed', NULL, NULL, NULL, NULL, 'muscat-1995-loading', NULL, NULL, NULL, NULL),
('st-dose-muscat-1995-maintenance', 'ameripharma-ivig-ra', 'However, in a 1995 study, researchers administered 400 mg/kg of IVIG to 10 participants with active, treatment-resistant RA for the first 3 days, followed by monthly doses for 12 months.', '5', 'unconfirmed', NULL, NULL, NULL, NULL, 'muscat-1995-maintenance', NULL, NULL, NULL, NULL),
('st-dose-maksymowych-1996', 'ameripharma-ivig-ra', 'Maksymowych, W P et al. “High dose intravenous immunoglobulin (IVIg) in severe refractory rheumatoid arthritis: no evidence for efficacy.” Clinical and experimental rheumatology vol. 14,6 (1996): 657-60.', '6', 'unconfirmed', NULL, NULL, NULL, NULL, 'maksymowych-1996-dose', NULL, NULL, NULL, NULL),
('st-dose-suggested-course-1', 'droracle-2025', 'If IVIG is attempted in these exceptional circumstances 5, 1:', '5, 1', 'unconfirmed', NULL, NULL, NULL, NULL, 'suggested-high-dose-course', NULL, NULL, NULL, NULL),
('st-dose-suggested-course-2', 'droracle-2025', 'Dose: 0.4-2 g/kg/day for 2-5 days, or 400 mg/kg monthly', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, 'suggested-high-dose-course', NULL, NULL, NULL, NULL),
('st-dose-suggested-course-3', 'droracle-2025', 'Frequency: Monthly infusions typically required', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, 'suggested-high-dose-course', NULL, NULL, NULL, NULL),
('st-dose-suggested-course-4', 'droracle-2025', 'Duration: Limited by cost and need for ongoing administration', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, 'suggested-high-dose-course', NULL, NULL, NULL, NULL),
('st-dose-suggested-monthly-1', 'droracle-2025', 'If IVIG is attempted in these exceptional circumstances 5, 1:', '5, 1', 'unconfirmed', NULL, NULL, NULL, NULL, 'suggested-monthly', NULL, NULL, NULL, NULL),
('st-dose-suggested-monthly-2', 'droracle-2025', 'Dose: 0.4-2 g/kg/day for 2-5 days, or 400 mg/kg monthly', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, 'suggested-monthly', NULL, NULL, NULL, NULL),
('st-dose-suggested-monthly-3', 'droracle-2025', 'Frequency: Monthly infusions typically required', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, 'suggested-monthly', NULL, NULL, NULL, NULL),
('st-dose-suggested-monthly-4', 'droracle-2025', 'Duration: Limited by cost and need for ongoing administration', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, 'suggested-monthly', NULL, NULL, NULL, NULL);

-- Positions.
INSERT INTO statements (id, document_id, quote, cited_as, status, status_note, checked_against, publication_id, study_id, regimen_id, position_id, indication_slug, treatment_id, claim_id) VALUES
('st-pos-droracle-ra', 'droracle-2025', 'IVIG is not recommended as standard therapy for rheumatoid arthritis and should only be considered in highly specific clinical scenarios where conventional DMARDs and biologics are contraindicated or have failed.', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, 'droracle-ra', NULL, NULL, NULL),
('st-pos-droracle-ra-refractory', 'droracle-2025', 'IVIG is not recommended as standard therapy for rheumatoid arthritis and should only be considered in highly specific clinical scenarios where conventional DMARDs and biologics are contraindicated or have failed.', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, 'droracle-ra-refractory', NULL, NULL, NULL),
('st-pos-droracle-ra-infection-1', 'droracle-2025', 'IVIG may have a limited role in specific RA subgroups where standard biologics are contraindicated 1:', '1', 'unconfirmed', NULL, NULL, NULL, NULL, NULL, 'droracle-ra-infection', NULL, NULL, NULL),
('st-pos-droracle-ra-infection-2', 'droracle-2025', 'RA with active severe infection where immunosuppression with anti-cytokine blockers or rituximab would be dangerous', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, 'droracle-ra-infection', NULL, NULL, NULL),
('st-pos-droracle-ra-vasculitis-1', 'droracle-2025', 'IVIG may have a limited role in specific RA subgroups where standard biologics are contraindicated 1:', '1', 'unconfirmed', NULL, NULL, NULL, NULL, NULL, 'droracle-ra-vasculitis', NULL, NULL, NULL),
('st-pos-droracle-ra-vasculitis-2', 'droracle-2025', 'RA with vasculitis requiring additional immunomodulation', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, 'droracle-ra-vasculitis', NULL, NULL, NULL),
('st-pos-droracle-rhupus-1', 'droracle-2025', 'IVIG may have a limited role in specific RA subgroups where standard biologics are contraindicated 1:', '1', 'unconfirmed', NULL, NULL, NULL, NULL, NULL, 'droracle-rhupus', NULL, NULL, NULL),
('st-pos-droracle-rhupus-2', 'droracle-2025', 'Rhupus syndrome (RA-SLE overlap) where multiple autoimmune mechanisms are active', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, 'droracle-rhupus', NULL, NULL, NULL),
('st-pos-droracle-ra-pregnancy-1', 'droracle-2025', 'IVIG may have a limited role in specific RA subgroups where standard biologics are contraindicated 1:', '1', 'unconfirmed', NULL, NULL, NULL, NULL, NULL, 'droracle-ra-pregnancy', NULL, NULL, NULL),
('st-pos-droracle-ra-pregnancy-2', 'droracle-2025', 'Pregnancy when other biologics must be avoided', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, 'droracle-ra-pregnancy', NULL, NULL, NULL),
('st-pos-droracle-aosd-1', 'droracle-2025', 'IVIG may have a limited role in specific RA subgroups where standard biologics are contraindicated 1:', '1', 'unconfirmed', NULL, NULL, NULL, NULL, NULL, 'droracle-aosd', NULL, NULL, NULL),
('st-pos-droracle-aosd-2', 'droracle-2025', 'Adult-onset Still''s disease (a systemic inflammatory condition related to RA) where IVIG showed responses in 13 of 15 patients with remission lasting 2-53 months at doses of 0.4-2 g/kg/day for 2-5 days 5', '5', 'unconfirmed', NULL, NULL, NULL, NULL, NULL, 'droracle-aosd', NULL, NULL, NULL),
('st-pos-droracle-ra-ild', 'droracle-2025', 'No role in RA-associated interstitial lung disease (ILD): The 2023 ACR/CHEST guidelines for SARD-ILD conditionally recommend IVIG only for inflammatory myopathy-ILD (IIM-ILD) and mixed connective tissue disease-ILD (MCTD-ILD) with progression despite first-line treatment, but not for RA-ILD 5', '5', 'unconfirmed', NULL, NULL, NULL, NULL, NULL, 'droracle-ra-ild', NULL, NULL, NULL),
('st-pos-major-guidelines-ra', 'droracle-2025', 'The evidence for IVIG in RA is weak, consisting primarily of small studies with inconsistent results, and no major rheumatology guidelines recommend it as a treatment option for typical RA 1.', '1', 'unconfirmed', 'Citation 1 of the Q&A article; its reference list was not captured, so the guidelines are not named.', NULL, NULL, NULL, NULL, 'major-guidelines-ra', NULL, NULL, NULL),
('st-pos-acr-chest-iim-ild', 'droracle-2025', 'No role in RA-associated interstitial lung disease (ILD): The 2023 ACR/CHEST guidelines for SARD-ILD conditionally recommend IVIG only for inflammatory myopathy-ILD (IIM-ILD) and mixed connective tissue disease-ILD (MCTD-ILD) with progression despite first-line treatment, but not for RA-ILD 5', '5', 'unconfirmed', 'Citation 5 of the Q&A article; its reference list was not captured.', NULL, NULL, NULL, NULL, 'acr-chest-2023-iim-ild', NULL, NULL, NULL),
('st-pos-acr-chest-mctd-ild', 'droracle-2025', 'No role in RA-associated interstitial lung disease (ILD): The 2023 ACR/CHEST guidelines for SARD-ILD conditionally recommend IVIG only for inflammatory myopathy-ILD (IIM-ILD) and mixed connective tissue disease-ILD (MCTD-ILD) with progression despite first-line treatment, but not for RA-ILD 5', '5', 'unconfirmed', 'Citation 5 of the Q&A article; its reference list was not captured.', NULL, NULL, NULL, NULL, 'acr-chest-2023-mctd-ild', NULL, NULL, NULL),
('st-pos-acr-chest-ra-ild', 'droracle-2025', 'No role in RA-associated interstitial lung disease (ILD): The 2023 ACR/CHEST guidelines for SARD-ILD conditionally recommend IVIG only for inflammatory myopathy-ILD (IIM-ILD) and mixed connective tissue disease-ILD (MCTD-ILD) with progression despite first-line treatment, but not for RA-ILD 5', '5', 'unconfirmed', 'Citation 5 of the Q&A article; its reference list was not captured.', NULL, NULL, NULL, NULL, 'acr-chest-2023-ra-ild', NULL, NULL, NULL),
('st-pos-ameripharma-ra-1', 'ameripharma-ivig-ra', 'High-dose IVIG for rheumatoid arthritis (RA) is promising, but its use is still considered investigational.', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, 'ameripharma-ra', NULL, NULL, NULL),
('st-pos-ameripharma-ra-2', 'ameripharma-ivig-ra', 'IVIG is an investigational treatment option for RA.', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, 'ameripharma-ra', NULL, NULL, NULL),
('st-pos-ameripharma-ra-evidence', 'ameripharma-ivig-ra', 'There is no evidence to support the use of IVIG for rheumatoid arthritis.', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, 'ameripharma-ra-evidence', NULL, NULL, NULL),
('st-pos-ameripharma-ra-refractory', 'ameripharma-ivig-ra', 'There is no evidence to support the use of IVIG for rheumatoid arthritis. However, it may be considered an option if conventional treatments fail.', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, 'ameripharma-ra-refractory', NULL, NULL, NULL),
('st-pos-fda-ra', 'ameripharma-ivig-ra', 'The first limitation is that IVIG is not FDA-approved to treat RA.', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, 'fda-ra', NULL, NULL, NULL),
('st-pos-professional-organizations-ra', 'ameripharma-ivig-ra', 'In addition, many professional organizations recommend against using IVIG for rheumatoid arthritis.', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, 'professional-organizations-ra', NULL, NULL, NULL),
('st-pos-nba-australia-ra-1', 'ameripharma-ivig-ra', 'For instance, the “Criteria for the clinical use of intravenous immunoglobulin in Australia” does not support the use of IVIG for rheumatoid arthritis and recommends alternative treatments [10].', '10', 'unconfirmed', NULL, NULL, NULL, NULL, NULL, 'nba-australia-ra', NULL, NULL, NULL),
('st-pos-nba-australia-ra-2', 'ameripharma-ivig-ra', 'National Blood Authority. Criteria for the Clinical Use of Intravenous Immunoglobulin in Australia – Second Edition. blood.gov.au/pubs/ivig/conditions-for-which-IVIg-use-is-not-supported.html#cdn-32.', '10', 'unconfirmed', NULL, NULL, NULL, NULL, NULL, 'nba-australia-ra', NULL, NULL, NULL);

-- Treatments.
INSERT INTO statements (id, document_id, quote, cited_as, status, status_note, checked_against, publication_id, study_id, regimen_id, position_id, indication_slug, treatment_id, claim_id) VALUES
('st-tr-nsaids', 'ameripharma-ivig-ra', 'Nonsteroidal anti-inflammatory drugs (NSAIDs) to relieve pain and reduce inflammation', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'nsaids', NULL),
('st-tr-corticosteroids', 'ameripharma-ivig-ra', 'Corticosteroids to reduce inflammation and pain and slow joint damage', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'corticosteroids', NULL),
('st-tr-methotrexate-1', 'ameripharma-ivig-ra', 'Conventional disease-modifying antirheumatic drugs (DMARDs). Examples include methotrexate (Trexall), leflunomide (Arava), and hydroxychloroquine (Plaquenil).', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'methotrexate', NULL),
('st-tr-methotrexate-2', 'droracle-2025', 'Methotrexate as anchor DMARD', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'methotrexate', NULL),
('st-tr-leflunomide', 'ameripharma-ivig-ra', 'Conventional disease-modifying antirheumatic drugs (DMARDs). Examples include methotrexate (Trexall), leflunomide (Arava), and hydroxychloroquine (Plaquenil).', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'leflunomide', NULL),
('st-tr-hydroxychloroquine', 'ameripharma-ivig-ra', 'Conventional disease-modifying antirheumatic drugs (DMARDs). Examples include methotrexate (Trexall), leflunomide (Arava), and hydroxychloroquine (Plaquenil).', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'hydroxychloroquine', NULL),
('st-tr-tnf-inhibitors', 'droracle-2025', 'TNF inhibitors, IL-6 inhibitors (tocilizumab), JAK inhibitors, or rituximab for inadequate response to conventional DMARDs', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'tnf-inhibitors', NULL),
('st-tr-etanercept', 'ameripharma-ivig-ra', 'Biologic agents, such as etanercept (Enbrel), infliximab (Inflectra), and rituximab (Rituxan)', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'etanercept', NULL),
('st-tr-infliximab', 'ameripharma-ivig-ra', 'Biologic agents, such as etanercept (Enbrel), infliximab (Inflectra), and rituximab (Rituxan)', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'infliximab', NULL),
('st-tr-il6-inhibitors', 'droracle-2025', 'TNF inhibitors, IL-6 inhibitors (tocilizumab), JAK inhibitors, or rituximab for inadequate response to conventional DMARDs', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'il6-inhibitors', NULL),
('st-tr-tocilizumab', 'droracle-2025', 'TNF inhibitors, IL-6 inhibitors (tocilizumab), JAK inhibitors, or rituximab for inadequate response to conventional DMARDs', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'tocilizumab', NULL),
('st-tr-rituximab-1', 'droracle-2025', 'TNF inhibitors, IL-6 inhibitors (tocilizumab), JAK inhibitors, or rituximab for inadequate response to conventional DMARDs', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'rituximab', NULL),
('st-tr-rituximab-2', 'ameripharma-ivig-ra', 'Biologic agents, such as etanercept (Enbrel), infliximab (Inflectra), and rituximab (Rituxan)', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'rituximab', NULL),
('st-tr-jak-inhibitors', 'droracle-2025', 'TNF inhibitors, IL-6 inhibitors (tocilizumab), JAK inhibitors, or rituximab for inadequate response to conventional DMARDs', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'jak-inhibitors', NULL),
('st-tr-baricitinib', 'ameripharma-ivig-ra', 'Targeted synthetic DMARDs, such as baricitinib (Olumiant), tofacitinib (Xeljanz), and upadacitinib (Rinvoq)', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'baricitinib', NULL),
('st-tr-tofacitinib', 'ameripharma-ivig-ra', 'Targeted synthetic DMARDs, such as baricitinib (Olumiant), tofacitinib (Xeljanz), and upadacitinib (Rinvoq)', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'tofacitinib', NULL),
('st-tr-upadacitinib', 'ameripharma-ivig-ra', 'Targeted synthetic DMARDs, such as baricitinib (Olumiant), tofacitinib (Xeljanz), and upadacitinib (Rinvoq)', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'upadacitinib', NULL),
('st-tr-surgery', 'ameripharma-ivig-ra', 'Lastly, surgery may be considered if medications don’t resolve symptoms.', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'surgery', NULL);

-- Claims.
INSERT INTO statements (id, document_id, quote, cited_as, status, status_note, checked_against, publication_id, study_id, regimen_id, position_id, indication_slug, treatment_id, claim_id) VALUES
('st-cl-evidence-weak-1', 'droracle-2025', 'The evidence for IVIG in RA is weak, consisting primarily of small studies with inconsistent results, and no major rheumatology guidelines recommend it as a treatment option for typical RA 1.', '1', 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'evidence-weak'),
('st-cl-evidence-weak-2', 'droracle-2025', 'The data supporting IVIG use in RA is limited and of poor quality:', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'evidence-weak'),
('st-cl-evidence-conflicting', 'ameripharma-ivig-ra', 'Overall, there is conflicting evidence on the benefits of IVIG for RA.', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'evidence-conflicting'),
('st-cl-attractive-alternative', 'ameripharma-ivig-ra', 'Both these factors make it an attractive alternative to corticosteroids or other medications used to treat rheumatoid arthritis.', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'attractive-alternative'),
('st-cl-immune-regulation', 'ameripharma-ivig-ra', 'It is well established that IVIG regulates your immune response.', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'immune-regulation'),
('st-cl-serious-toxicity-infrequent', 'ameripharma-ivig-ra', 'Moreover, serious toxicity is infrequent with IVIG therapy.', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'serious-toxicity-infrequent'),
('st-cl-unknowns', 'ameripharma-ivig-ra', 'Moreover, researchers have yet to discover the exact mechanism of action, optimal dosage, and long-term effects.', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'unknowns'),
('st-cl-trials-needed', 'ameripharma-ivig-ra', 'Large controlled trials are needed to establish the benefits of IVIG in people with RA.', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'trials-needed'),
('st-cl-cost-prohibitive', 'droracle-2025', 'Cost is prohibitive for routine use, making IVIG appropriate only for carefully selected patients 3', '3', 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'cost-prohibitive'),
('st-cl-articular-efficacy-inferior', 'droracle-2025', 'Efficacy for articular disease is inconsistent and inferior to established DMARDs and biologics 2', '2', 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'articular-efficacy-inferior'),
('st-cl-standard-therapies-proven-1', 'droracle-2025', 'These agents have robust evidence from large randomized controlled trials demonstrating improvement in morbidity and prevention of joint destruction 1', '1', 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'standard-therapies-proven'),
('st-cl-standard-therapies-proven-2', 'ameripharma-ivig-ra', 'Many treatment options with proven efficacy are available, such as corticosteroids and DMARDs.', NULL, 'unconfirmed', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'standard-therapies-proven');
