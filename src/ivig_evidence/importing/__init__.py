"""Adding evidence from files and by hand: read, check every row, then write all or nothing.

- ``readers``: file formats (a JSON array, JSON Lines, a CSV of studies; a
  directory of table files as `ivig export` writes them);
- ``edits``: a row of `ivig studies --format csv` read back: its edited visible
  cells applied to the study its json column holds, or the row refused;
- ``checks``: the rules a study, dose and source must meet, each written once,
  as pure functions returning problems (where, field, what is wrong);
- ``plan``: checked records become rows, one builder per table; a plan is
  written in one transaction by ``apply_plan``.

Every problem in a file is reported at once and nothing is written unless the
whole file is valid. Imported rows are local; curated rows are never changed.
The write protocol around it (backup, transaction, integrity check) is in ``api``.
"""
