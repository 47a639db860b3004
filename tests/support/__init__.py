"""Helpers shared by the tests, written once."""
