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
The garbage collector is paused while all this is imported, and `main` freezes what
is left when the command ends (see ``app.main``).
"""

import gc

# Importing Typer and the CLI creates tens of thousands of objects that live as long
# as the process; the cyclic collector would walk them several times on the way, and
# once more at the first allocation after (10-12 ms in all). It is paused for the
# import, what the import made is frozen (gc.freeze: kept out of later collections,
# as the documentation suggests for long-lived objects), and it is left as it was found.
_collecting = gc.isenabled()
gc.disable()
try:
    from ivig_evidence.cli.app import app, main
finally:
    gc.freeze()
    if _collecting:
        gc.enable()

__all__ = ["app", "main"]
