"""``nama parcels import``: parcels and street lines from GeoJSON, CSV with WKT and (with the
optional ``geo`` extra) Shapefile and GeoPackage."""
