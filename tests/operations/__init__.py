"""Tests: operations."""
