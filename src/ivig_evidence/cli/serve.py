"""`ivig serve`: the database in Datasette, read-only, on this machine."""

from typing import Annotated

import typer

from ivig_evidence.cli.app import app
from ivig_evidence.cli.options import DbOpt, open_database


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8001,
    db: DbOpt = None,
) -> None:
    """Browse the database in Datasette, read-only: table and column descriptions,
    facets, canned queries and full-text search on every table with text to search
    (a study by its notes too). Needs the web extra: pip install 'ivig-evidence[web]'.

    Example: ivig serve --port 8001
    """
    import importlib.util
    import signal
    import subprocess
    import sys

    from ivig_evidence.errors import IvigError
    from ivig_evidence.output import message
    from ivig_evidence.serve import cache_dir, die_with_parent, port_problem, served_copy
    from ivig_evidence.store.info import data_release

    if importlib.util.find_spec("datasette") is None:
        # What is installed, not what was typed: a runtime problem (1), not a usage one.
        raise IvigError("ivig serve needs Datasette: pip install 'ivig-evidence[web]'.")
    database = open_database(ctx, db)
    path = database.sqlite_file(
        "ivig serve serves a SQLite file; a shared server has its own tools."
    )
    problem = port_problem(host, port)  # one line now, not Datasette's log of its failure
    if problem is not None:
        raise IvigError(problem)
    release = data_release(database.reader())  # exists, is ivig's, at this revision
    database.close()
    message("preparing the search tables of the served copy (once per state of the database)")
    served = served_copy(
        path, cache_dir(), (release.version, release.released_on) if release else None
    )
    try:
        message(f"serving {path} read-only at http://{host}:{port}/ (Ctrl-C stops)")
        command = [
            sys.executable, "-m", "datasette", "serve", "-i", str(served.database),
            "--metadata", str(served.metadata), "--host", host, "--port", str(port),
        ]  # fmt: skip
        # Stopped with ivig however ivig ends, even by SIGKILL: no server left behind.
        process = subprocess.Popen(command, preexec_fn=die_with_parent())

        def stop(signum: int, _frame: object) -> None:
            process.send_signal(signum)  # a service manager's stop reaches Datasette too

        for stopping in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(stopping, stop)
        try:
            code = process.wait()
        except KeyboardInterrupt:  # Ctrl-C reached Datasette as well: let it finish
            process.wait()
            return
    finally:
        served.release()
    if code not in (0, -signal.SIGINT, -signal.SIGTERM, -signal.SIGHUP, 130, 143):
        raise IvigError(f"Datasette stopped with exit code {code}.")
