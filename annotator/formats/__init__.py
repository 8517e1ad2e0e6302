"""Importers and exporters, built on the core and the Project API."""
