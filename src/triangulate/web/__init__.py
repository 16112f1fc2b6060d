"""The review web app: an analyst's desk over the ledger (FastAPI, server-rendered, no build step)."""
