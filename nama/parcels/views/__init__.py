"""Web pages of the property registry: the public map and the citizens' property pages."""
