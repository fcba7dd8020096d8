"""The kept summaries on a PostgreSQL server that several clients write at once.

A server, unlike a file, has no one writer: another ivig, or another tool, may
commit while an ivig write runs. The counts an ivig write stores must describe one
moment of the data (its transaction's snapshot, REPEATABLE READ), and a read after
another client's change must bring them in step from the row history by the
changes that moment did not see, not recount a million studies.

Needs IVIG_TEST_DATABASE_URL (skipped without it, failed in CI).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, Transaction, create_engine, text
from tests.conftest import PYTHON, add_study_args
from tests.test_postgres import scratch_url  # noqa: F401 (a fixture)

from ivig_evidence.counts import brought_in_step, live_design_counts, note_added_studies
from ivig_evidence.database import Evidence
from ivig_evidence.errors import DatabaseError
from ivig_evidence.store import summaries
from ivig_evidence.store.reader import SqlAlchemyReader

STUDY = (
    "INSERT INTO studies (id, design, population, direction, n) "
    "VALUES (:id, 'rct', 'ra', 'benefit', 11)"
)
LINK = "INSERT INTO study_indications (study_id, indication_slug) VALUES (:id, 'ra')"


@pytest.fixture
def engine(scratch_url: str) -> Iterator[Engine]:  # noqa: F811 (the fixture imported above)
    made = create_engine(scratch_url)
    yield made
    made.dispose()


def add_outside_ivig(conn: Any, study_id: str) -> None:
    conn.execute(text(STUDY), {"id": study_id})
    conn.execute(text(LINK), {"id": study_id})


def counts_as_json(counts: dict[str, Any]) -> dict[str, Any]:
    return {root: {d: c.to_json() for d, c in ds.items()} for root, ds in counts.items()}


def assert_in_step_from_history(engine: Engine) -> None:
    """The kept counts, brought in step by the history in one snapshot, are those of
    counting every study afresh; and it was the history that did it, not a recount."""
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
        reader = SqlAlchemyReader(conn, "check")
        for rollup in (True, False):
            brought = brought_in_step(reader, rollup=rollup)
            assert brought is not None, "counted afresh instead of brought in step"
            assert brought == counts_as_json(live_design_counts(reader, rollup=rollup))


def ivig_at(url: str, *args: str) -> list[str]:
    """`ivig --db-url URL ARGS` as a process of its own: the test holds transactions
    open on the server meanwhile."""
    return [PYTHON, "-m", "ivig_evidence", "--db-url", url, *args]


def run(url: str, *args: str, lock_wait: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ivig_at(url, *args), capture_output=True, text=True, timeout=300, env=_env(lock_wait)
    )


def start(url: str, *args: str, lock_wait: str | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        ivig_at(url, *args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(lock_wait),
    )


def _env(lock_wait: str | None) -> dict[str, str]:
    return {**os.environ, **({"IVIG_LOCK_WAIT": lock_wait} if lock_wait else {})}


def indications(url: str) -> str:
    done = run(url, "indications", "-f", "json")
    assert done.returncode == 0, done.stderr
    return done.stdout


def indications_as_read(url: str) -> tuple[str, str]:
    """`ivig indications` as kept (and brought in step), then counted afresh."""
    kept = indications(url)
    wipe = create_engine(url)
    with wipe.begin() as conn:
        conn.execute(text("DELETE FROM summary_counts WHERE name LIKE 'design_counts%'"))
    wipe.dispose()
    return kept, indications(url)


def assert_read_as_counted_afresh(url: str, *, ra_rcts: int) -> None:
    """`ivig indications` as kept is what counting afresh gives, with ``ra_rcts`` RCTs
    under RA."""
    kept, fresh = indications_as_read(url)
    assert kept == fresh
    assert ra_rct_count(fresh) == ra_rcts


def ra_rct_count(stdout: str) -> int:
    (ra,) = [row for row in json.loads(stdout) if row["slug"] == "ra"]
    return int(ra["studies_by_design"]["rct"])


def wait_until_blocked_or_done(engine: Engine, process: subprocess.Popen[str]) -> None:
    """Until ``process`` waits on a lock (or, where nothing makes it wait, has ended)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        with engine.connect() as conn:
            waiting = conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            ).scalar_one()
        if waiting:
            return
        time.sleep(0.05)


def test_two_ivig_writes_at_once_are_both_counted(scratch_url: str, engine: Engine) -> None:  # noqa: F811
    """A second ivig write that starts while the first is open waits for it, then
    counts from what the first stored: neither write's studies go missing from the
    kept counts (each used to start from the counts both saw before either wrote)."""
    before = ra_rct_count(indications(scratch_url))
    with Evidence.open(url=scratch_url).write("a test write") as conn:
        add_outside_ivig(conn, "first-writer")
        note_added_studies(conn, ["first-writer"])
        second = start(scratch_url, *add_study_args("--indication", "ra"), lock_wait="60")
        wait_until_blocked_or_done(engine, second)
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert_read_as_counted_afresh(scratch_url, ra_rcts=before + 2)


def test_a_write_kept_waiting_past_the_lock_wait_is_busy_and_writes_nothing(
    scratch_url: str,  # noqa: F811
    engine: Engine,
) -> None:
    def studies() -> int:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM studies")).scalar_one())

    before = studies()
    with Evidence.open(url=scratch_url).write("a test write") as conn:
        note_added_studies(conn, [])
        second = run(scratch_url, *add_study_args("--indication", "ra"), lock_wait="0.5")
    assert second.returncode != 0
    assert second.stderr.count("\n") == 1 and "busy" in second.stderr, second.stderr
    assert studies() == before


def test_another_clients_commit_during_an_ivig_write_is_brought_in_step(
    scratch_url: str,  # noqa: F811
    engine: Engine,
) -> None:
    """Another client commits a study while an ivig write runs: the ivig write's counts
    describe its own snapshot (without it), and a read adds it from the history."""
    before = ra_rct_count(indications(scratch_url))
    with Evidence.open(url=scratch_url).write("a test write") as conn:
        conn.execute(text("SELECT 1 FROM studies LIMIT 1"))  # the write's snapshot is taken
        with engine.begin() as other:
            add_outside_ivig(other, "meanwhile")
        add_outside_ivig(conn, "ivig-own")
        note_added_studies(conn, ["ivig-own"])
    assert_in_step_from_history(engine)
    assert_read_as_counted_afresh(scratch_url, ra_rcts=before + 2)


@contextlib.contextmanager
def open_across_an_ivig_write(engine: Engine, url: str) -> Iterator[Transaction]:
    """Another client's transaction adding study "long-running", begun before an ivig
    write of a study that has committed when the block starts; committed at its end
    (unless the block did)."""
    with engine.connect() as other:
        begun = other.begin()
        add_outside_ivig(other, "long-running")
        added = run(url, *add_study_args("--indication", "ra"))
        assert added.returncode == 0, added.stderr
        yield begun
        if begun.is_active:
            begun.commit()


def test_a_transaction_open_across_an_ivig_write_is_counted_once_it_commits(
    scratch_url: str,  # noqa: F811
    engine: Engine,
) -> None:
    """A client's transaction begun before an ivig write and committed after it: its
    history rows carry ids below the write's, so a mark by id would miss them; the
    write's snapshot says they were not in its counts."""
    before = ra_rct_count(indications(scratch_url))
    with open_across_an_ivig_write(engine, scratch_url):
        pass
    assert_in_step_from_history(engine)
    with engine.connect() as conn:  # the long transaction's rows were recorded first
        first = conn.execute(
            text("SELECT min(id) FROM history_rows WHERE row_key = :k"), {"k": '["long-running"]'}
        ).scalar_one()
        last_write = conn.execute(text("SELECT max(id) FROM history_rows")).scalar_one()
    assert first < last_write
    assert_read_as_counted_afresh(scratch_url, ra_rcts=before + 2)


def forget_through_the_last_write(url: str) -> None:
    """`ivig db forget` of the newest write in the history, as a process of its own."""
    history = run(url, "db", "history", "--limit", "1", "-f", "json")
    assert history.returncode == 0, history.stderr
    forgot = run(url, "db", "forget", str(json.loads(history.stdout)[0]["write"]), "--yes")
    assert forgot.returncode == 0, forgot.stderr


@pytest.mark.parametrize("commits", ["before the forgetting", "after it"])
def test_forgetting_the_history_keeps_the_counts_of_a_transaction_open_across_a_write(
    scratch_url: str,  # noqa: F811
    engine: Engine,
    commits: str,
) -> None:
    """A client's transaction begun before an ivig write records its rows below the
    write's; `db forget` through that write must not take them from the counts: one
    committed before it is counted in the counts the forgetting stores, one still in
    flight is not in its snapshot, so its rows stay for the read after it commits."""
    before = ra_rct_count(indications(scratch_url))
    with open_across_an_ivig_write(engine, scratch_url) as begun:
        if commits == "before the forgetting":
            begun.commit()
        forget_through_the_last_write(scratch_url)
    with engine.begin() as conn:  # a change after it: the read brings the counts in step
        left = conn.execute(text("SELECT row_key FROM history_rows")).scalars().all()
        add_outside_ivig(conn, "after-forgetting")
    assert ('["long-running"]' in left) == (commits == "after it")
    assert_in_step_from_history(engine)
    assert_read_as_counted_afresh(scratch_url, ra_rcts=before + 3)


def test_a_row_another_client_changed_meanwhile_is_one_line_and_nothing_written(
    scratch_url: str,  # noqa: F811
    engine: Engine,
) -> None:
    """An ivig write that would overwrite a change another client committed after the
    write began refuses it, instead of silently writing over it."""
    with engine.connect() as conn:
        study = conn.execute(text("SELECT min(id) FROM studies")).scalar_one()
    change = text("UPDATE studies SET n = :n WHERE id = :id")
    with (
        pytest.raises(DatabaseError) as refused,
        Evidence.open(url=scratch_url).write("a test write") as conn,
    ):
        conn.execute(text("SELECT 1 FROM studies LIMIT 1"))
        with engine.begin() as other:
            assert other.execute(change, {"n": 99, "id": study}).rowcount == 1
        conn.execute(change, {"n": 98, "id": study})
    assert str(refused.value) == (
        f"another client changed rows of {Evidence.open(url=scratch_url).name} that this "
        "write changes, while it ran; nothing was written: check their change, then run it again"
    )
    with engine.connect() as conn:
        assert (
            conn.execute(text("SELECT n FROM studies WHERE id = :id"), {"id": study}).scalar() == 99
        )


def test_a_server_reads_in_one_snapshot(scratch_url: str) -> None:  # noqa: F811
    """The history rows a read brings the counts in step by, and the rows it counts
    against, come from one snapshot."""
    read = run(
        scratch_url,
        "sql",
        "SELECT current_setting('transaction_isolation') AS level, "
        "current_setting('transaction_read_only') AS read_only",
        "-f",
        "json",
    )
    assert read.returncode == 0, read.stderr
    assert json.loads(read.stdout) == [{"level": "repeatable read", "read_only": "on"}]


def test_a_server_upgraded_from_marks_by_id_counts_afresh_then_by_snapshot(
    scratch_url: str,  # noqa: F811
    engine: Engine,
) -> None:
    """Counts a server stored before revision 0022 are marked by a history id, which
    cannot say what a server's counts saw: they are counted afresh, never brought in
    step by it; after the upgrade, another client's rows carry their transaction."""
    from alembic import command

    from ivig_evidence.store.migrate import alembic_config

    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0021_row_history")
        conn.execute(
            text(
                "UPDATE summary_counts SET payload = "
                "(SELECT CAST(coalesce(max(id), 0) AS text) FROM history_rows) "
                "WHERE name = 'history_mark'"
            )
        )
    with engine.begin() as conn:
        add_outside_ivig(conn, "before-the-upgrade")
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
        assert brought_in_step(SqlAlchemyReader(conn, "check"), rollup=True) is None
    upgraded = run(scratch_url, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    with engine.begin() as conn:
        add_outside_ivig(conn, "after-the-upgrade")
    with engine.connect() as conn:
        xids = conn.execute(
            text("SELECT row_key, xid FROM history_rows WHERE row_key LIKE '%the-upgrade%'")
        ).all()
    assert {key: xid is not None for key, xid in xids} == {
        '["before-the-upgrade"]': False,
        '["before-the-upgrade", "ra"]': False,
        '["after-the-upgrade"]': True,
        '["after-the-upgrade", "ra"]': True,
    }
    assert_in_step_from_history(engine)
    kept, fresh = indications_as_read(scratch_url)
    assert kept == fresh


def test_an_upgrade_counts_after_the_writes_in_flight(
    scratch_url: str,  # noqa: F811
    engine: Engine,
) -> None:
    """`db upgrade` runs its migrations in a transaction without one snapshot: it waits
    for another client's open change to the studies before it counts, so its counts
    and their mark describe the same moment (else a commit between the two is lost)."""
    with engine.begin() as conn:
        conn.execute(text("UPDATE data_release SET version = '2026.10.1'"))  # to refresh
    with engine.connect() as other:
        begun = other.begin()
        add_outside_ivig(other, "in-flight")
        upgrade = start(scratch_url, "db", "upgrade")
        wait_until_blocked_or_done(engine, upgrade)
        assert upgrade.poll() is None, "the upgrade counted without waiting"
        begun.commit()
    _, err = upgrade.communicate(timeout=300)
    assert upgrade.returncode == 0, err
    with engine.connect() as conn:  # stored after the study committed: current, and with it
        kept = summaries.stored(SqlAlchemyReader(conn, "check"), "design_counts:flat")
        fresh = live_design_counts(SqlAlchemyReader(conn, "check"), rollup=False)
    assert kept == counts_as_json(fresh)
