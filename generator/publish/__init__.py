"""Publish: rendered pages to a site, a plain Markdown tree or schemas, written safely.

Every output goes through the output guard (never over, around or into an input) and is
swapped in atomically. An engine builds the site from the pages the pipeline rendered
(``engines``: MkDocs in process by default, ProperDocs or Zensical in processes of their own),
and a build that succeeded records the portfolio's history (``portfolio_history``).
"""
