"""The evidence dossier: one self-contained HTML file for an indication, to circulate.

Everything a committee needs, offline and printable. Its first screen is the design
card (card.py): the studies by design with year, n, dose and outcome, every body's
position with its source's standing, and the recorded doses. The detail follows
(sections.py): the bottom line in the sources' own words, the studies with their
results and level of evidence, the positions in their own words, the regimens with
their flags, the evidence map, where sources disagree, the numbered references, the
data release and the disclaimer (dossier.py puts them together). No script, no fetch:
the style (report.css) is inline and the map is a table, with the chart as an inline
SVG. Status is a word as well as a colour.

Every table cell says what it holds (a number, an id, a vocabulary word or prose),
and report.css decides from that how it may wrap (markup.py): numbers and ids never,
prose at spaces only. tests/test_dossier_layout.py measures it in Chromium, on screen
and on A4 and Letter paper.
"""

from ivig_evidence.report.dossier import dossier

__all__ = ["dossier"]
