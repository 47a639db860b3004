"""Tests of generator.export: a filled project in every export format."""
