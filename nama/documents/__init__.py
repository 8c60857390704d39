"""Uploaded documents: content checks, content-addressed storage, virus scan, signed serving."""
