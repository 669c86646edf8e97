"""A squad's loadable athletes kept on disk in file order, so that a batch never holds them whole.

A validated ``Athlete`` is ~9 kB of Python objects; a squad of thousands read into a list
stood under every other cost of a batch's parent process for the whole run. The store keeps
them in a private SQLite database (Python's own ``sqlite3``; a temporary file that SQLite
deletes when the store is closed, with a page cache of a few MB), and hands them out one at a
time, as often as a run needs to go through the squad: to cut it into tasks, to write
squad.yaml, to re-plan from activities.

The athletes are pickled: the store only ever reads back what this process wrote itself
(the database has no name another process could open), and a pickled model is read back
exactly, without validating it again.
"""

from __future__ import annotations

import pickle
import sqlite3
from typing import Iterable, Iterator

from models.domain.athlete import Athlete

CACHE_KIB = 4096  # SQLite's page cache: the rest of the store waits on disk


class SquadStore:
    """The athletes of one squad, in the order they were added; ids as written are unique
    once ``remove`` has taken out the duplicates."""

    def __init__(self, athletes: Iterable[Athlete] = ()):
        self._db = sqlite3.connect("")  # "": a temporary on-disk database, gone on close
        self._db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        self._db.execute("CREATE TABLE athlete (seq INTEGER PRIMARY KEY, written_id TEXT, "
                         "id TEXT, data BLOB)")
        self._db.execute("CREATE INDEX athlete_written_id ON athlete (written_id)")
        for athlete in athletes:
            self.add(athlete)

    def add(self, athlete: Athlete, written_id: str | None = None) -> None:
        """Keep ``athlete`` after the others; ``written_id`` is its id as the file wrote it
        (what duplicates are found by)."""
        self._db.execute("INSERT INTO athlete (written_id, id, data) VALUES (?, ?, ?)",
                         (athlete.id if written_id is None else written_id, athlete.id,
                          pickle.dumps(athlete, protocol=pickle.HIGHEST_PROTOCOL)))

    def remove(self, ids: Iterable[str], written: bool = False) -> None:
        """Take out the athletes of these ids (as written in the file when ``written``)."""
        column = "written_id" if written else "id"
        self._db.executemany(f"DELETE FROM athlete WHERE {column} = ?",
                             [(athlete_id,) for athlete_id in ids])

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM athlete").fetchone()[0]

    def ids(self) -> list[str]:
        """Every athlete's id, in order (a few dozen bytes an athlete)."""
        return [row[0] for row in self._db.execute("SELECT id FROM athlete ORDER BY seq")]

    def __iter__(self) -> Iterator[Athlete]:
        """The athletes one at a time, in order; the store may be read again and again."""
        cursor = self._db.execute("SELECT data FROM athlete ORDER BY seq")
        while rows := cursor.fetchmany(64):
            for (data,) in rows:
                yield pickle.loads(data)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SquadStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
