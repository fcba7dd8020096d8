"""The `ivig` command line: thin commands that parse, query and render.

One module per command, named after it (``cli/show.py`` is `ivig show`, and
calls ``records.py``); a group of commands shares one (``cli/database.py``: `ivig db`
and `ivig schema`; ``cli/curation.py``: import, export, add); ``app`` holds the Typer application, the error mapping and the list
of commands (``COMMANDS``, in the order `ivig --help` lists them), ``options`` the
options and helpers the commands share. Only Typer and light standard-library
modules load at start-up; a command's module is imported when that command runs,
and the database layer, Rich, SQLAlchemy and Alembic inside the commands that need
them. The modules that define commands do without ``from __future__ import
annotations``: Typer reads a command's signature when it runs, and would compile
every annotation written as a string again (about 6 ms of each command's start).
The garbage collector is paused while all this is imported, and what the import
made is frozen (below).
"""

import gc

# Importing Typer and the CLI makes tens of thousands of objects that live as long as
# the process. Frozen (kept out of every later collection, as the gc documentation
# suggests for long-lived objects), they are no longer walked by the collections a
# command's own work triggers, nor by the interpreter's shutdown: about 25 ms of each
# run, a fifth of a short command's time. The collector is paused during the import
# (the collections it would make there cost about 6 ms more) and left as it was found.
_collecting = gc.isenabled()
gc.disable()
try:
    from ivig_evidence.cli.app import app, main
finally:
    gc.freeze()
    if _collecting:
        gc.enable()

__all__ = ["app", "main"]
