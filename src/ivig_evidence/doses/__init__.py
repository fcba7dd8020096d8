"""Dose regimens, one concept in one package: what is recorded and what it means for a
patient.

regimen.py     a recorded regimen as a row (table ``dose_regimens``): fields, JSON, read
               with the indications it applies to and its sources
report.py      the regimens recorded for an indication, with the positions taken on it
terms.py       a regimen's structured terms as the calculator reads them
patient.py     the dosing weight (actual, ideal, adjusted) and the rounding
arithmetic.py  the readings of a regimen in grams for one dosing weight, safest first
numbers.py     how dose figures read (JSON numbers, amounts, ranges)
views.py       the tables of regimens and of a patient's doses
dose_view.py   a patient's doses in CSV and JSON, and the view of `ivig dose`
checks.py      the rules a dose must meet to be imported (CheckedDose), beside the
               generic value checks of importing/checks.py
ordered.py     a dose as a prescriber orders it for `ivig review` (DoseOrder)

The command is `ivig dose` (cli/dose.py); what the user types (--weight and friends)
is read in cli/measures.py.
"""
