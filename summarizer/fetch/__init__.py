"""Feeds and their article pages → one Markdown file per article (``summarize fetch``).

Nothing is imported here: feedparser and httpx2 load only when a fetch runs.
"""
