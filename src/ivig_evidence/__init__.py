"""ivig-evidence: a structured, citable evidence database on IVIG in rheumatology (RA
and its relatives, the inflammatory myopathies, ANCA-associated vasculitis and EGPA,
Kawasaki disease), with the `ivig` command-line tool."""

__version__ = "0.1.0"

# Shown with every clinical view on a terminal, and in every report.
DISCLAIMER = (
    "ivig supports decisions; it does not replace clinical judgement or local protocols. "
    "Check the primary sources before acting on any figure."
)
