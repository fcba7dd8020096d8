"""Adding evidence from files and by hand: read, check every row, then write all or nothing.

One pipeline for every input:

- ``readers``: file formats (a JSON array, JSON Lines, a CSV of studies; a
  directory of table files as `ivig export` writes them);
- ``edits``: a row of `ivig studies --format csv` read back: its edited visible
  cells applied to the study its json column holds, or the row refused;
- ``checks`` (values, sources, notes), ``doses.checks`` and ``study_checks``: the
  rules a record must meet, each written once, as pure functions returning problems
  (where, field, what is wrong);
- ``plan`` (study records) and ``tables`` (table files): the importers, which
  check each record and turn it into rows;
- ``pipeline``: an importer's rows written by ``writing.RowWriter`` inside one
  transaction, while no problem has been found;
- ``results``: what an import added, replaced and skipped (and why), as data the
  CLI words; ``ImportProblems``, every problem at once.

Every problem in an input is reported at once and nothing is written unless the
whole input is valid. Imported rows are local; curated rows are never changed.
The write protocol around it (transaction, backup, dry run) is in ``database.Evidence``.
"""
