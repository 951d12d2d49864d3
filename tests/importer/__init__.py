"""Tests: importer."""
