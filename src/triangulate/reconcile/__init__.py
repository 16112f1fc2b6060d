"""Reconcile: from many claims to figures (per report now; per incident with the ledger)."""
