"""Criteria: the catalogue of legal elements, evidence links, suggestions and coverage."""
