"""Ingest: bytes in, `Document`s (or per-record errors) out."""

from triangulate.ingest.readers import Pending, ReadError, make_document, read, read_bytes, read_raw

__all__ = ["Pending", "ReadError", "make_document", "read", "read_bytes", "read_raw"]
