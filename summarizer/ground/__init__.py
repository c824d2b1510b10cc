"""The model's answers → records whose citations are checked spans, and the text rules that read them."""
