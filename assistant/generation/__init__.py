"""Grounded generation: chat models, prompts, cited drafting, citation verification, Q&A."""
