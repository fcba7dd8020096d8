"""The `ivig` command line: thin commands that parse, query and render.

One module per noun, named like the module it calls (``cli/studies.py`` calls
``studies.py``); ``app`` holds the Typer application, the error mapping and the list
of commands (``COMMANDS``, in the order `ivig --help` lists them), ``options`` the
options and helpers the commands share. Only Typer and light standard-library
modules load at start-up; a command's module is imported when that command runs,
and the database layer, Rich, SQLAlchemy and Alembic inside the commands that need
them. The modules that define commands do without ``from __future__ import
annotations``: Typer reads a command's signature when it runs, and would compile
every annotation written as a string again (about 6 ms of each command's start).
"""

from ivig_evidence.cli.app import app, main

__all__ = ["app", "main"]
