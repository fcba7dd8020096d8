"""A warm `ivig` to fork from: the terminal tests' commands, each in a process of its own.

A command run on a pseudo-terminal (conftest.run_on_terminal) used to start Python and
import ivig_evidence, Rich and SQLAlchemy afresh: a third of a second each, a hundred
and fifty times a run. This server imports them once and forks a child per command with
``os.forkpty``: the child has the pseudo-terminal as its stdin, stdout and stderr, the
caller's environment, and runs `ivig ARGS` as `python -m ivig_evidence` would. No command
module is imported before the fork (each registers its command when it loads), so a child
loads its one command as a fresh process does.

A command may instead run in a pipe (``run_in_pipe``): the caller passes the child's
stdin, stdout and stderr as file descriptors and reads what it writes.

The caller talks to the server over a socket pair: a request (JSON, one line) for a
command, answered with the child's pid and, for a terminal, the terminal's primary end
passed as a file descriptor; a request to wait, answered with the exit code.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

WAIT_SECONDS = 30


class WarmIvig:
    """The client: one server per test process, started on first use."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair()
        self._socket = ours
        self._lines = ours.makefile("r", encoding="utf-8")
        self._lock = threading.Lock()
        self._server = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), str(theirs.fileno())],
            pass_fds=[theirs.fileno()],
        )
        theirs.close()

    def start(self, args: list[str], env: dict[str, str], cwd: str) -> tuple[int, int]:
        """Fork `ivig ARGS` on a new terminal; returns (pid, the terminal's primary end)."""
        request = {"run": args, "env": env, "cwd": cwd}
        with self._lock:
            self._socket.sendall(json.dumps(request).encode() + b"\n")
            message, fds, _, _ = socket.recv_fds(self._socket, 4096, 1)
            reply = json.loads(message)
        return int(reply["pid"]), fds[0]

    def run_in_pipe(
        self, args: list[str], env: dict[str, str], cwd: str, stdin: str = ""
    ) -> tuple[int, str, str]:
        """`ivig ARGS` with pipes for stdin, stdout and stderr: (exit code, out, err)."""
        from concurrent.futures import ThreadPoolExecutor

        ends = [os.pipe() for _ in range(3)]
        theirs = [ends[0][0], ends[1][1], ends[2][1]]
        request = {"run": args, "env": env, "cwd": cwd, "pipes": True}
        with self._lock:
            socket.send_fds(self._socket, [json.dumps(request).encode() + b"\n"], theirs)
            reply = json.loads(self._lines.readline())
        for fd in theirs:
            os.close(fd)

        def read(fd: int) -> str:
            with open(fd, "rb") as stream:
                return stream.read().decode("utf-8", "replace")

        with ThreadPoolExecutor(max_workers=2) as pool:
            out, err = pool.submit(read, ends[1][0]), pool.submit(read, ends[2][0])
            with open(ends[0][1], "wb") as typed:
                typed.write(stdin.encode())
            return self.wait(int(reply["pid"])), out.result(), err.result()

    def wait(self, pid: int) -> int:
        """The child's exit code (killed, and an AssertionError, after WAIT_SECONDS)."""
        with self._lock:
            self._socket.sendall(json.dumps({"wait": pid}).encode() + b"\n")
            reply = json.loads(self._lines.readline())
        assert not reply.get("timed_out"), f"ivig did not finish in {WAIT_SECONDS} s"
        return int(reply["code"])

    def close(self) -> None:
        self._socket.close()
        self._server.wait(timeout=10)


_client: WarmIvig | None = None


def warm_ivig() -> WarmIvig:
    global _client
    if _client is None:
        _client = WarmIvig()
    return _client


# ---------------------------------------------------------------------------- server


def _preload() -> None:
    """Every module a command may need, except the command modules themselves."""
    import importlib
    import pkgutil

    import ivig_evidence
    from ivig_evidence.cli.app import COMMANDS

    commands = {f"ivig_evidence.cli.{module}" for module, _ in COMMANDS.values()}
    skipped = commands | {"ivig_evidence.__main__"}
    for module in pkgutil.walk_packages(ivig_evidence.__path__, "ivig_evidence."):
        if module.name not in skipped and not module.name.startswith("ivig_evidence.cli."):
            importlib.import_module(module.name)
    for name in ("rich.console", "rich.table", "rich.progress", "sqlalchemy.orm"):
        importlib.import_module(name)


def _run_child(args: list[str], env: dict[str, str], cwd: str, *, terminal: bool) -> None:
    """In the forked child: become `python -m ivig_evidence ARGS`, then exit."""
    import atexit

    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    sys.argv = ["ivig", *args]
    # The streams Python opens: text on fds 0-2, stdout line-buffered on a terminal.
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stdout = open(  # noqa: SIM115
        1, "w", encoding="utf-8", buffering=1 if terminal else -1, closefd=False
    )
    sys.stderr = open(  # noqa: SIM115
        2, "w", encoding="utf-8", errors="backslashreplace", buffering=1, closefd=False
    )
    code: Any = 0
    try:
        from ivig_evidence.cli import main

        main()
    except SystemExit as done:
        code = done.code
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError):  # a closed terminal: what was written is all
            stream.flush()
    os._exit(code)


def _wait(pid: int) -> dict[str, Any]:
    import signal
    import time

    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return {"code": os.waitstatus_to_exitcode(status)}
        time.sleep(0.005)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return {"timed_out": True}


def _serve(fd: int) -> None:
    _preload()
    channel = socket.socket(fileno=fd)
    while True:
        message, fds, _, _ = socket.recv_fds(channel, 1 << 20, 3)
        if not message:
            return
        while not message.endswith(b"\n"):  # a long environment comes in parts
            message += channel.recv(1 << 20)
        request = json.loads(message)
        if "wait" in request:
            channel.sendall(json.dumps(_wait(request["wait"])).encode() + b"\n")
        elif request.get("pipes"):
            pid = os.fork()
            if pid == 0:
                channel.close()
                for target, given in enumerate(fds):
                    os.dup2(given, target)
                    os.close(given)
                _run_child(request["run"], request["env"], request["cwd"], terminal=False)
            for given in fds:
                os.close(given)
            channel.sendall(json.dumps({"pid": pid}).encode() + b"\n")
        else:
            pid, primary = os.forkpty()
            if pid == 0:
                channel.close()
                _run_child(request["run"], request["env"], request["cwd"], terminal=True)
            socket.send_fds(channel, [json.dumps({"pid": pid}).encode()], [primary])
            os.close(primary)


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
