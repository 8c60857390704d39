"""The counter's pages (under /counter/): find or register the walk-in citizen, the property
and the service, then the request's form, scanned documents, review, submit and receipt."""
