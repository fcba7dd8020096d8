"""ivig-evidence: a structured, citable evidence database on IVIG in rheumatoid
arthritis and related conditions, with the `ivig` command-line tool."""

__version__ = "0.1.0"
