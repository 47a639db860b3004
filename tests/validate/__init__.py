"""Tests of generator.validate: every problem, pinned to its file and line."""
