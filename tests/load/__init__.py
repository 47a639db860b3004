"""Tests of generator.load: strict YAML reading with positions."""
