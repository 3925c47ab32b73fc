"""Reusable widgets and the renderings of grades, ranges and evidence they share."""
