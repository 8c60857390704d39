"""Counter channel: a desk clerk registers a walk-in citizen's request."""
