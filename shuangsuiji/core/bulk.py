"""Fast bulk writes for imports and demo data: COPY on PostgreSQL, executemany on SQLite.

Rows are tuples of plain values (str, int, Decimal, bool, None) in the order of `fields`; date and datetime
constants are adapted once by the caller with `adapt_date`/`adapt_datetime`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
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
                for row in rows:
                    copy.write_row(row)
                    count += 1
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


def fast_update(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """UPDATE by primary key; each row is the new values in `fields` order followed by the id."""
    table = connection.ops.quote_name(model._meta.db_table)
    sets = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns_of(model, fields))
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", list(rows))
