"""Tests of generator.publish: sites and Markdown trees, built and checked."""
