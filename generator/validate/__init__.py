"""Validate: data to typed models, every problem collected and pinned to its file and line.

Per-file rules through the models, cross-file references, conditions checked against the
facts, fill-in text checked before use, and project files checked against their playbook.
"""
