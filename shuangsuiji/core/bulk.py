"""Fast bulk writes for imports and demo data: COPY on PostgreSQL, executemany on SQLite.

Rows are tuples of plain values (str, int, Decimal, bool, None) in the order of `fields`; date and datetime
constants are adapted once by the caller with `adapt_date`/`adapt_datetime`.
"""

from __future__ import annotations

import datetime as dt
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
