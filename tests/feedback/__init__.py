"""Tests: feedback."""
