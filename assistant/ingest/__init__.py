"""From files to stored passages: loaders, chunking, response parsing and the pipeline."""
