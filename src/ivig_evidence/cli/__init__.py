"""The `ivig` command line: thin commands that parse, query and render.

Only Typer and light standard-library modules load at start-up; the database
layer, Rich, SQLAlchemy and Alembic load inside the commands that need them.
The command modules register themselves on the app when imported here.
"""

from ivig_evidence.cli import curation, database, evidence, overview, records  # noqa: F401
from ivig_evidence.cli.app import app, main

__all__ = ["app", "main"]
