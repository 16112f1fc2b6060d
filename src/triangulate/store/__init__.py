"""Store: the ledger database (SQLite by default, PostgreSQL for a team)."""

from triangulate.store.db import Database, LedgerError, connect
from triangulate.store.ledger import Ledger

__all__ = ["Database", "Ledger", "LedgerError", "connect"]
