"""Tests of generator.render: templates, overrides and the sandbox's limits."""
