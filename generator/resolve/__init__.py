"""Resolve: validated playbooks and projects to what the pages show.

Cross-links and facets of the site, and each project filled in: the items whose condition
holds, owners, due dates, states, risk scores and bands.
"""
