"""Articles → the model's answers: prompts, response models, chunks, the call plan, batch jobs."""
