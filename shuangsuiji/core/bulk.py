"""Fast bulk writes for imports and demo data: COPY on PostgreSQL, executemany on SQLite.

Rows are tuples of plain values (str, int, Decimal, bool, None) in the order of `fields`; date and datetime
constants are adapted once by the caller with `adapt_date`/`adapt_datetime`.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Model


def columns_of(model: type[Model], fields: Sequence[str]) -> list[str]:
    return [str(model._meta.get_field(f).column) for f in fields]  # type: ignore[union-attr]


def adapt_datetime(value: dt.datetime) -> Any:
    if connection.vendor == "postgresql":
        return value
    return connection.ops.adapt_datetimefield_value(value)


def adapt_date(value: dt.date) -> Any:
    if connection.vendor == "postgresql":
        return value
    return connection.ops.adapt_datefield_value(value)


def reserve_ids(model: type[Model], count: int) -> list[int] | None:
    """`count` primary keys taken from the table's sequence for rows about to be written with fast_insert (so that
    their ids are known without reading them back); None where the database has no sequence (SQLite)."""
    if connection.vendor != "postgresql" or count == 0:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def fast_insert(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert rows without building model instances; returns how many were written."""
    table = model._meta.db_table
    columns = columns_of(model, fields)
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            with raw.copy(f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN") as copy:
                lines: list[str] = []
                for row in rows:
                    lines.append(_copy_line(row))
                    if len(lines) >= 20_000:
                        copy.write("".join(lines).encode())
                        count += len(lines)
                        lines = []
                copy.write("".join(lines).encode())
                count += len(lines)
            return count
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({placeholders})"
        batch: list[Sequence[Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= 10_000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_value(value: Any) -> str:
    """One value in COPY's text format (NULL as \\N, booleans as t/f, backslash and control characters escaped)."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.translate(_ESCAPES)
        return value
    if isinstance(value, int | float | Decimal | dt.date | dt.datetime | dt.time):
        return str(value)
    raise TypeError(f"fast_insert cannot write a {type(value).__name__} value")


def _copy_line(row: Sequence[Any]) -> str:
    """A row as one line of COPY text: written as text, which is several times faster than psycopg's write_row."""
    return "\t".join([_copy_value(value) for value in row]) + "\n"


def fast_update(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """UPDATE by primary key; each row is the new values in `fields` order followed by the id."""
    table = connection.ops.quote_name(model._meta.db_table)
    sets = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns_of(model, fields))
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", list(rows))


def copy_frame(model: type[Model], fields: Sequence[str], frame: Any, pipe: CopyPipe | None = None) -> int:
    """Insert the rows of a Polars frame whose columns are `fields` in order (dates and times as ISO text): on
    PostgreSQL one COPY … (FORMAT csv) of the frame's CSV, with no Python object per row — sent by `pipe`'s
    background thread when one is given, so the next rows are read and checked while the server stores these;
    executemany on SQLite. Polars writes "" for an empty string and nothing for a null, as COPY reads them."""
    if frame.height == 0:
        return 0
    if connection.vendor != "postgresql":
        return fast_insert(model, fields, frame.iter_rows())
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns_of(model, fields))
    data = io.BytesIO()
    frame.write_csv(data, include_header=False, null_value="")
    statement = f"COPY {table} ({quoted}) FROM STDIN (FORMAT csv)"
    if pipe is not None:
        pipe.send(statement, data.getvalue())
    else:
        _copy(connection.connection, statement, data.getvalue())
    return int(frame.height)


def _copy(raw: Any, statement: str, data: bytes) -> None:
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        view = memoryview(data)
        for start in range(0, len(view), 1 << 20):
            copy.write(view[start : start + (1 << 20)])


class CopyPipe:
    """COPY statements sent by one background thread on the current PostgreSQL connection (psycopg serialises
    the connection's use, and the thread waits on the socket without the GIL), in order, inside the current
    transaction. `close()` waits for all of them and raises the first failure; it must be called before the
    transaction ends (the import engine does, in a finally)."""

    def __init__(self) -> None:
        import queue
        import threading

        self._raw = connection.connection
        self._queue: queue.Queue[tuple[str, bytes] | None] = queue.Queue(maxsize=2)
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="copy-pipe", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            if self._failure is None:
                try:
                    _copy(self._raw, *item)
                except BaseException as exc:  # re-raised in the importing thread
                    self._failure = exc

    def send(self, statement: str, data: bytes) -> None:
        self._raise()
        self._queue.put((statement, data))

    def close(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
        self._raise()

    def _raise(self) -> None:
        if self._failure is not None:
            failure, self._failure = self._failure, None
            raise failure


class SuspendedIndexes:
    """A big load into a table that is empty or small next to the load (PostgreSQL only): its secondary indexes,
    unique and foreign-key constraints are dropped inside the transaction and built again after the load — one
    sort per index and one join per foreign key instead of a million index insertions and a million deferred
    trigger events, about half the server's time (docs/decisions/0008). The table is locked (ACCESS EXCLUSIVE)
    until the transaction ends; a rollback brings everything back as it was."""

    def __init__(self, statements: list[str]) -> None:
        self.statements = statements

    @classmethod
    def suspend(cls, model: type[Model], *, lock_timeout: str = "5s") -> SuspendedIndexes | None:
        """Drop them (None when not PostgreSQL or the table's lock cannot be had within `lock_timeout`)."""
        if connection.vendor != "postgresql":
            return None
        from django.db import OperationalError, transaction

        table = model._meta.db_table
        quoted = connection.ops.quote_name(table)
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('lock_timeout')")
            previous = cursor.fetchone()[0]
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [lock_timeout])
            try:
                with transaction.atomic():
                    # pending deferred checks of this transaction (the import batch row) would forbid ALTER TABLE
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                    cursor.execute(f"LOCK TABLE {quoted} IN ACCESS EXCLUSIVE MODE")
                    statements = cls._drop(cursor, table, quoted)
            except OperationalError:
                return None
            finally:
                cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])
        return cls(statements)

    @staticmethod
    def _drop(cursor: Any, table: str, quoted: str) -> list[str]:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY contype DESC, conname",
            [table],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY c.relname",
            [table],
        )
        indexes = cursor.fetchall()
        restore = [definition for _, definition in indexes]
        restore += [f"ALTER TABLE {quoted} ADD CONSTRAINT {connection.ops.quote_name(n)} {d}" for n, d in constraints]
        for name, _ in constraints:
            cursor.execute(f"ALTER TABLE {quoted} DROP CONSTRAINT {connection.ops.quote_name(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        return restore

    def restore(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('maintenance_work_mem')")
            previous = cursor.fetchone()[0]
            cursor.execute("SELECT set_config('maintenance_work_mem', '256MB', true)")
            for statement in self.statements:
                cursor.execute(statement)
            cursor.execute("SELECT set_config('maintenance_work_mem', %s, true)", [previous])
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def analyze(*models: type[Model]) -> None:
    """Fresh planner statistics after a big write (without them the planner guesses, and list pages crawl)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 1000")  # sample each index instead of reading it whole
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
