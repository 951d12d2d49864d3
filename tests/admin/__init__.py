"""Tests: admin."""
