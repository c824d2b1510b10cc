"""The ``summarize`` command line: a thin layer over the pipeline, one module per command group.

Exit codes: 0 everything worked; 1 some articles failed (the output covers the others and lists
the failures); 2 usage error; 3 nothing could be produced (no output file was written).
"""

from summarizer.cli.main import cli, main

__all__ = ["cli", "main"]
