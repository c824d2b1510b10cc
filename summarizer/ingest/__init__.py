"""Files and folders → articles: text normalised, boilerplate set apart, sentences cut."""
