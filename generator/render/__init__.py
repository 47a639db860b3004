"""Render: resolved data to Markdown and HTML, through Jinja templates kept as files.

The environments (the organization's override folder first), the bounded sandbox and its
limits, the filters that escape values, and the pages of the site and of each project.
"""
