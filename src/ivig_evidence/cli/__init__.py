"""The `ivig` command line: thin commands that parse, query and render.

One module per noun, named like the module it calls (``cli/studies.py`` calls
``studies.py``); ``app`` holds the Typer application and the error mapping,
``options`` the options and helpers the commands share. Only Typer and light
standard-library modules load at start-up; the database layer, Rich,
SQLAlchemy and Alembic load inside the commands that need them. The command
modules register themselves on the app when imported here, in the order
`ivig --help` lists them: everyday questions first, curation and the database
last.
"""

# isort: off
from ivig_evidence.cli import studies  # noqa: F401
from ivig_evidence.cli import doses  # noqa: F401
from ivig_evidence.cli import indications  # noqa: F401
from ivig_evidence.cli import positions  # noqa: F401
from ivig_evidence.cli import evidence  # noqa: F401
from ivig_evidence.cli import evidence_map  # noqa: F401
from ivig_evidence.cli import report  # noqa: F401
from ivig_evidence.cli import serve  # noqa: F401
from ivig_evidence.cli import conflicts  # noqa: F401
from ivig_evidence.cli import lookup  # noqa: F401
from ivig_evidence.cli import search  # noqa: F401
from ivig_evidence.cli import citations  # noqa: F401
from ivig_evidence.cli import rawsql  # noqa: F401
from ivig_evidence.cli import database  # noqa: F401
from ivig_evidence.cli import curation  # noqa: F401

# isort: on
from ivig_evidence.cli.app import app, main

__all__ = ["app", "main"]
