"""Pages kept from the previous build in this process, for `playbook serve`.

An edit under `serve` rebuilds the site; most projects did not change. A page is rendered
again only when its data or the renderer differ from the previous build's. Its data is
compared by identity: a filled project is the same object while its project file, its
playbook and the day are unchanged (``load.cache`` and ``KeptFills``), and a new object
otherwise, so a changed project can never be mistaken for an unchanged one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from generator.render.pages import PageRenderer

T = TypeVar("T")
P = TypeVar("P")


@dataclass(frozen=True)
class _Kept:
    data: object  # compared by identity, and held so that its id cannot be reused
    stamp: tuple[object, ...]
    pages: dict[str, str]  # Markdown by path
    deferred: dict[str, tuple[dict[str, bytes], dict[str, str]]]  # PageRenderer.deferred, by path


class KeptPages:
    """Rendered pages from the previous build."""

    def __init__(self) -> None:
        self._kept: dict[str, _Kept] = {}
        self._seen: dict[str, _Kept] = {}

    def page(
        self, renderer: PageRenderer, path: str, data: object, render: Callable[[], str]
    ) -> str:
        """The page at ``path`` for ``data``: the previous build's when its data is the same
        object and ``renderer`` renders the same way, else ``render()``'s."""
        return self.pages(renderer, path, data, lambda: {path: render()})[path]

    def pages(
        self,
        renderer: PageRenderer,
        key: str,
        data: object,
        render: Callable[[], dict[str, str]],
        inputs: tuple[object, ...] = (),
    ) -> dict[str, str]:
        """The pages that ``render()`` makes for ``data`` (a playbook's, say), kept under
        ``key``: the previous build's when its data is the same object, its other ``inputs``
        (compared by equality: the day, options) are equal, and ``renderer`` renders the same
        way."""
        stamp = (renderer.stamp(), inputs)
        kept = self._kept.get(key)
        if kept is not None and kept.data is data and kept.stamp == stamp:
            for path, (fragments, shared) in kept.deferred.items():
                renderer.adopt(path, fragments, shared)
        else:
            pages = render()
            deferred = {path: renderer.deferred(path) for path in pages}
            kept = _Kept(data, stamp, pages, deferred)
        self._seen[key] = kept
        return dict(kept.pages)

    def build_done(self) -> None:
        """Keep only this build's pages for the next one (a deleted project's go)."""
        self._kept, self._seen = self._seen, {}


class KeptFills:
    """Filled projects from the previous build: the same object again while the project (by
    identity) and the day are the same."""

    def __init__(self) -> None:
        self._kept: dict[int, tuple[object, dt.date, object]] = {}

    def fill_all(
        self, projects: Sequence[P], today: dt.date, fill: Callable[[P], T]
    ) -> tuple[T, ...]:
        kept, self._kept = self._kept, {}
        filled: list[T] = []
        for project in projects:
            hit = kept.get(id(project))
            if hit is not None and hit[0] is project and hit[1] == today:
                value: T = hit[2]  # type: ignore[assignment]
            else:
                value = fill(project)
            self._kept[id(project)] = (project, today, value)  # the project held: its id stays
            filled.append(value)
        return tuple(filled)


class KeptPortfolio:
    """The portfolio from the previous build: the same object again while its filled projects
    are the same objects, in the same order, and the history and the day are equal. Then the
    portfolio page, the largest page of a site with many projects, is reused too."""

    def __init__(self) -> None:
        self._kept: tuple[tuple[object, ...], object, dt.date, object] | None = None

    def portfolio(
        self, projects: Sequence[P], history: object, today: dt.date, make: Callable[[], T]
    ) -> T:
        kept = self._kept
        if (
            kept is not None
            and len(kept[0]) == len(projects)
            and all(old is new for old, new in zip(kept[0], projects, strict=True))
            and kept[1] == history
            and kept[2] == today
        ):
            return kept[3]  # type: ignore[return-value]
        value = make()
        self._kept = (tuple(projects), history, today, value)
        return value
