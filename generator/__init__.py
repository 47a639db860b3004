"""Playbook: YAML PMO playbooks to a MkDocs Material knowledge base and kickoff checklists.

The pipeline flows one way: load -> validate -> resolve -> render -> publish.
"""

__version__ = "0.1.0"
