"""A consultation's numbered questions: found in the document once, stored with it, answered one by one.

`extract.py` is pure (blocks -> questions), `formats.py` reads an answer format from the lines
after a question, `repository.py` keeps the questions beside the catalog, and `service.py` is the
one way in for the CLI and the workspace (a file, or an ingested document by id)."""
