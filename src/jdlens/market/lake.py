"""The market tables as Parquet at a URI: one folder per table, one ``source=<id>`` folder per source.

```
URI/postings/source=<source_id>/part-*.parquet      every data table (schema.DATA_TABLES)
URI/sources/source=<source_id>/part-*.parquet       written last: the source's commit marker
URI/skills/part-*.parquet, URI/meta/part-*.parquet  rewritten by each ingest
```

The columns are those of the DuckDB store (``schema.TABLES``), so one SQL text reports from either.
Readers select and cast exactly those columns, ignoring the ``source`` folder key.
"""

from __future__ import annotations

from urllib.parse import urlparse

from jdlens.market.database import DATA_TABLES, TABLES

__all__ = ["DATA_TABLES"]

PARTITIONED = (*DATA_TABLES, "sources")
PARTITION_KEY = "source"
# Spark SQL spelling of the store's types (DuckDB reads these too: STRING is its alias of VARCHAR)
SQL_TYPES = {"VARCHAR": "STRING"}


def join(uri: str, *parts: str) -> str:
    return "/".join([uri.rstrip("/"), *parts])


def table_uri(uri: str, table: str) -> str:
    return join(uri, table)


def source_uri(uri: str, table: str, source_id: str) -> str:
    return join(uri, table, f"{PARTITION_KEY}={source_id}")


def table_glob(uri: str, table: str) -> str:
    """Every Parquet file of ``table`` (one level of source folders for the partitioned tables)."""
    if table in PARTITIONED:
        return join(uri, table, f"{PARTITION_KEY}=*", "*.parquet")
    return join(uri, table, "*.parquet")


def source_of(column: str) -> str:
    """SQL (DuckDB and Spark) for the source id in a file path column (its ``source=<id>`` folder)."""
    return f"regexp_extract({column}, '{PARTITION_KEY}=([0-9a-f]+)/', 1)"


def select_list(table: str) -> str:
    """``CAST(c AS T) AS c, ...`` in the store's column order."""
    return ", ".join(f"CAST({c} AS {SQL_TYPES.get(t, t)}) AS {c}" for c, t in TABLES[table])


def local_path(uri: str) -> str | None:
    """The local path a ``file:`` URI or a plain path names; None for other schemes (s3a, hdfs, ...)."""
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return parsed.path
    if not parsed.scheme or len(parsed.scheme) == 1:  # a plain path (or a Windows drive letter)
        return uri
    return None


def base_name(uri: str) -> str:
    """``parent/name`` of a file URI, the way the DuckDB store names a source."""
    path = urlparse(uri).path.rstrip("/")
    parent, _, name = path.rpartition("/")
    return f"{parent.rpartition('/')[2]}/{name}"
