"""Tests of generator.projects: kickoff, checklist, status and upgrade."""
