"""Render stage for the knowledge base: each playbook's pages (its index, kickoff page, kinds'
indexes and items) and the tags pages, from the resolved site model.

Under `serve`, a playbook's pages are reused from the previous build while the playbook is the
same object (``load.cache``: its files are unchanged), with the same day and options
(``render.reuse``): a PM's edit to a project file renders no item page again.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Mapping
from functools import partial

from markupsafe import Markup

from generator.errors import ContentError
from generator.model.items import Item, Template
from generator.model.playbook import Playbook
from generator.render.artefacts import artefact_html, artefact_preview
from generator.render.pages import PageRenderer, workbench_src
from generator.render.reuse import KeptPages
from generator.render.workbench import as_script_json, playbook_data
from generator.resolve.freshness import upkeep_of
from generator.resolve.site import ResolvedPlaybook, SiteModel


def render_site(
    site: SiteModel,
    renderer: PageRenderer,
    *,
    today: dt.date,
    repo_url: str | None = None,
    edit_uri: str | None = None,
    kept: KeptPages | None = None,
) -> dict[str, str]:
    """Every generated page of the knowledge base, keyed by its docs-relative path.

    ``repo_url`` and ``edit_uri`` (mkdocs.yml) let each playbook's kickoff page offer to
    propose the new project file in the repository. With ``kept`` (under `serve`), a
    playbook's pages are reused from the previous build while the playbook is unchanged.
    """
    pages: dict[str, str] = {}
    pages["playbooks/index.md"] = renderer.render(
        "playbooks-index.md.j2", "playbooks/index.md", site=site
    )
    options = (today, repo_url, edit_uri)
    for resolved in site.playbooks:
        render = partial(_playbook_pages, resolved, renderer, *options)
        if kept is None:
            pages.update(render())
        else:
            key = f"playbook {resolved.playbook.id}"
            pages.update(kept.pages(renderer, key, resolved.playbook, render, options))
    facets = [facet for facet, tags in site.facets.items() if tags]
    pages["tags/index.md"] = renderer.render(
        "tags-index.md.j2", "tags/index.md", facets=facets, topic_tags=list(site.topic_tags)
    )
    for facet in facets:
        path = f"tags/{facet}.md"
        pages[path] = renderer.render(
            "tags-facet.md.j2", path, facet=facet, tags=list(site.facets[facet])
        )
    return pages


def _playbook_pages(
    resolved: ResolvedPlaybook,
    renderer: PageRenderer,
    today: dt.date,
    repo_url: str | None,
    edit_uri: str | None,
) -> dict[str, str]:
    """One playbook's pages: its index, its kickoff page, and each kind's index and items."""
    pages: dict[str, str] = {}
    playbook = resolved.playbook
    role_titles: Mapping[str, str] = {role.id: role.title for role in playbook.meta.roles}
    common = {"playbook": playbook, "resolved": resolved, "role_titles": role_titles}
    kickoff_page = posixpath.join(posixpath.dirname(resolved.path), "kickoff.md")
    pages[resolved.path] = renderer.render(
        "playbook-index.md.j2", resolved.path, kickoff_page=kickoff_page, **common
    )
    pages[kickoff_page] = renderer.render(
        "kickoff.md.j2",
        kickoff_page,
        playbook=playbook,
        playbook_json=Markup(as_script_json(playbook_data(playbook))),
        repo_url=repo_url or "",
        edit_uri=edit_uri or "",
        workbench_script=workbench_src(kickoff_page, renderer.directory_urls),
    )
    for section in resolved.sections:
        pages[section.path] = renderer.render(
            "kind-index.md.j2",
            section.path,
            section=section,
            workbench_script=workbench_src(section.path, renderer.directory_urls),
            **common,
        )
        for page in section.pages:
            pages[page.path] = renderer.render(
                f"{page.kind.name}.md.j2",
                page.path,
                page=page,
                item=page.item,
                upkeep=upkeep_of(playbook, page.item, today),
                search_boost=2,
                **_preview(renderer, playbook, page.item),
                **common,
            )
    return pages


def _preview(renderer: PageRenderer, playbook: Playbook, item: Item) -> dict[str, Markup]:
    """An artefact template's preview, for its page (``generator.render.artefacts``). A
    template that fails to fill in is a problem at its line; with ``collect`` (`validate`),
    it is kept with the others and the page shows no preview."""
    if not isinstance(item, Template):
        return {}
    try:
        return {"preview": artefact_html(artefact_preview(item, playbook))}
    except ContentError as error:
        if not renderer.collect:
            raise
        for problem in error.problems:
            renderer.problems.setdefault((problem.path, problem.line), problem)
        return {"preview": Markup("")}
