"""Finding the passages that matter: dense search now; hybrid and per-area retrieval build on it."""
