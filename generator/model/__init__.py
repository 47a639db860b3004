"""Model: what the files mean, as typed values.

Pydantic models of every file kind (playbook.yaml, the six item kinds, project files) with
their field rules, the validated ``Playbook`` and ``Project``, item kinds, dates, offsets,
slugs, and the condition language (its grammar and its meaning). Nothing here reads a file.
"""
