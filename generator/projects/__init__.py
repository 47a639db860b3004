"""Projects: the per-project commands (kickoff, checklist, status, upgrade), the writer
that edits project files in place, and the history of playbook versions they compare with."""
