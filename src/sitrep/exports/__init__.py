"""Exporters: small classes that stream records out in other formats (GeoJSON, ...)."""
