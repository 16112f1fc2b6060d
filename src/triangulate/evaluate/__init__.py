"""Evaluation against labelled corpora (FA-KES)."""
