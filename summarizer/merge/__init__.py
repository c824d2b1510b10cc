"""Many articles' records → one briefing: events, statements and actors merged, figures compared, changes."""
