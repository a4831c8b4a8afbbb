"""Shared utilities: validation helpers and the single gateway to sklearn internals."""
