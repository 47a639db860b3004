"""Export: a project's checklist in other tools' formats, from one registry of formats."""
