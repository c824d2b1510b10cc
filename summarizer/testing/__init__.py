"""Tooling for tests and benchmarks: a loopback stub model server and a responder of recorded answers."""
