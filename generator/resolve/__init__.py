"""Resolve: validated playbooks and projects to what the pages show.

Cross-links and facets of the site; each project filled in: the items whose condition
holds, owners, due dates, states, risk scores (inherent, residual, target), trends and
mitigation (``rows``, ``risks``), and its health: measures, RAG, phase, next due (``health``);
the portfolio side by side and against past builds (``portfolio``); and each item's upkeep:
owner and reviews (``freshness``).
"""
