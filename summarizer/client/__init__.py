"""The model: an OpenAI-compatible endpoint, the chat client, the embedded server, the run's backend."""
