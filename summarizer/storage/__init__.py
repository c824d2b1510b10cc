"""What a run keeps on disk: the answer cache, the call log, the cache directory, whole-file writes."""
