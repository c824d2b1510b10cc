"""The data every stage hands on: articles, grounded records, the briefing."""
