"""The `ivig` command line: thin commands that parse, query and render.

Only Typer and light standard-library modules load at start-up; the database
layer, Rich, SQLAlchemy and Alembic load inside the commands that need them.
The command modules register themselves on the app when imported here, in the
order `ivig --help` lists them: everyday questions first, curation and the
database last.
"""

# isort: off
from ivig_evidence.cli import evidence  # noqa: F401
from ivig_evidence.cli import overview  # noqa: F401
from ivig_evidence.cli import records  # noqa: F401
from ivig_evidence.cli import database  # noqa: F401
from ivig_evidence.cli import curation  # noqa: F401

# isort: on
from ivig_evidence.cli.app import app, main

__all__ = ["app", "main"]
