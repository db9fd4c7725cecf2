"""Drafts: assembling a whole response, saving it safely, exporting it."""
