"""Search on PostgreSQL's full-text search (the only importer of its SQL); see backend."""

from portal.search.postgresql.backend import PostgresBackend

__all__ = ["PostgresBackend"]
