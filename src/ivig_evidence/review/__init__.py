"""`ivig review`: a stewardship checklist for one IVIG order, every line from a body's
own words (issue 30).

For an indication, a patient and a dose, each body's recorded position and rules
(criteria.py) become the lines a reviewing pharmacist checks: (a) each body's listing,
(b) the label status per product read, (c) the qualifying criteria and lines of therapy
to confirm, (d) the dose against each recorded maximum and regimen, (e) the dosing
weight under each body's rule with its arithmetic and rounding, (f) rate and safety
flags, (g) the review date, (h) the response to record. A rule no row states is "not
recorded", never filled in from another body's; where bodies differ, a line says so
and resolves nothing. The checklist decides nothing: it neither grants nor refuses.

order.py is the order (read from the options by cli/measures.py); lines.py is a line
and its sources; sections.py and weights.py build the sections; view.py the view (computed once: its JSON, its tables);
page.py the HTML page for the patient's file.
"""
