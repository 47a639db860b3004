"""Tests of generator.resolve: projects filled in, due dates scheduled."""
