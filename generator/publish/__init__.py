"""Publish: rendered pages to a site, a plain Markdown tree or schemas, written safely.

Every output goes through the output guard (never over, around or into an input) and is
swapped in atomically; MkDocs builds the site from the pages the pipeline rendered.
"""
