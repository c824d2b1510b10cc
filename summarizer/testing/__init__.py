"""Tooling for tests and benchmarks: a stub model server and synthetic corpora."""
