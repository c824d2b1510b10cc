"""How much one input may hold: an article's text in characters, a file in bytes.

A longer article or a larger file is reported as failed before it is cut into sentences. The
article limit is about 25 model-context chunks (``extract/chunks.py``); a user may raise it.
"""

MAX_ARTICLE_CHARS = 300_000
MAX_FILE_BYTES = 50 * 1024 * 1024
