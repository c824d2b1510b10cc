"""A briefing → Markdown, JSON or HTML, through Jinja templates."""
