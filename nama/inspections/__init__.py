"""Inspection reports, photos and discrepancies between reports and the field."""
