"""Ingest: bytes in, `Document`s (or per-record errors) out."""

from triangulate.ingest.readers import ReadError, make_document, read, read_bytes

__all__ = ["ReadError", "make_document", "read", "read_bytes"]
