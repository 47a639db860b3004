"""Tests of generator.model: typed values, offsets and the condition language."""
