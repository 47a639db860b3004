"""Projects: the per-project commands (kickoff, checklist, status, report, upgrade, mark,
impact), the writer that edits project files in place, and the history of playbook versions
they compare with."""
