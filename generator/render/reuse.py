"""Values kept from the previous build in this process, for `playbook serve`.

An edit under `serve` rebuilds the site; most projects did not change. A value (a filled
project, the portfolio, a page) is made again only when the data it was made from or its other
inputs differ from the previous build's. Its data are compared by identity: a filled project is
the same object while its project file, its playbook and the day are unchanged (``load.cache``
and the kept fills), and a new object otherwise, so a changed project can never be mistaken for
an unchanged one. Its other inputs (the day, options) are compared by equality.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from generator.render.pages import Deferred, PageRenderer

T = TypeVar("T")


@dataclass(frozen=True)
class _Made(Generic[T]):
    data: tuple[object, ...]  # compared by identity, and held so that their ids cannot be reused
    inputs: tuple[object, ...]
    value: T

    def made_from(self, data: Sequence[object], inputs: tuple[object, ...]) -> bool:
        return (
            len(self.data) == len(data)
            and all(old is new for old, new in zip(self.data, data, strict=True))
            and self.inputs == inputs
        )


class Kept(Generic[T]):
    """Values by key, from the previous build and this one."""

    def __init__(self) -> None:
        self._kept: dict[Hashable, _Made[T]] = {}
        self._seen: dict[Hashable, _Made[T]] = {}

    def value(
        self,
        key: Hashable,
        data: Sequence[object],
        inputs: tuple[object, ...],
        make: Callable[[], T],
    ) -> T:
        """The value under ``key`` made from the same ``data`` objects, in the same order, and
        equal ``inputs``, in this build or the previous one; else ``make()``'s."""
        for made in (self._seen.get(key), self._kept.get(key)):
            if made is not None and made.made_from(data, inputs):
                break
        else:
            made = _Made(tuple(data), inputs, make())
        self._seen[key] = made
        return made.value

    def build_done(self) -> None:
        """Keep for the next build what was asked for since the last ``build_done``: this
        build's values (and a failed build's before it); the others (a deleted project's) go."""
        self._kept, self._seen = self._seen, {}


class KeptPages:
    """Rendered pages from the previous build, with what they hold behind placeholders."""

    def __init__(self) -> None:
        self._kept: Kept[tuple[dict[str, str], dict[str, Deferred]]] = Kept()

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
        (the day, options) are equal, and ``renderer`` renders the same way."""
        rendered = False

        def make() -> tuple[dict[str, str], dict[str, Deferred]]:
            nonlocal rendered
            rendered, pages = True, render()
            return pages, {path: renderer.deferred(path) for path in pages}

        pages, deferred = self._kept.value(key, (data,), (renderer.stamp(), inputs), make)
        if not rendered:  # the renderer holds what the kept pages hold, as if it made them
            for path, (fragments, shared) in deferred.items():
                renderer.adopt(path, fragments, shared)
        return dict(pages)

    def build_done(self) -> None:
        self._kept.build_done()
