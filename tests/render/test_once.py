"""`once` in page templates (generator.render.pages.PageRenderer): markup that many pages repeat
is rendered once per key in a build, and the same on every page; it cannot see the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.render.pages import PageRenderer, fill_fragments, unpack_fragment

PAGE = "projects/a/index.md"
OTHER = "projects/b/index.md"
# A page whose part shows only its name, keyed by the name.
NAMED_PART = {
    "page.md.j2": '{{ once("_part.html.j2", (name,), name=name, extra=extra) }}|',
    "_part.html.j2": "<b>{{ name }}</b>{{ extra }}",
}


def renderer_with(tmp_path: Path, templates: dict[str, str]) -> PageRenderer:
    folder = tmp_path / "templates"
    folder.mkdir(parents=True)
    for name, text in templates.items():
        (folder / name).write_text(text, encoding="utf-8")
    return PageRenderer(folder, tmp_path)


def test_the_same_key_renders_once_and_gives_the_same_markup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    renderer = renderer_with(tmp_path, NAMED_PART)
    shared: list[str] = []
    render = PageRenderer._render

    def counted(self: PageRenderer, env, name, path, context, *, page=True):  # type: ignore[no-untyped-def]
        if not page:
            shared.append(name)
        return render(self, env, name, path, context, page=page)

    monkeypatch.setattr(PageRenderer, "_render", counted)
    first = renderer.render("page.md.j2", PAGE, name="<x>", extra="1")
    # The key says what the markup shows: what it leaves out is not looked at again.
    again = renderer.render("page.md.j2", OTHER, name="<x>", extra="2")
    other = renderer.render("page.md.j2", OTHER, name="y", extra="3")
    assert (first, again, other) == ("<b>&lt;x&gt;</b>1|", "<b>&lt;x&gt;</b>1|", "<b>y</b>3|")
    assert shared == ["_part.html.j2", "_part.html.j2"]
    # A new renderer (the next build) renders again.
    next_build = renderer_with(tmp_path / "next", NAMED_PART)
    assert next_build.render("page.md.j2", PAGE, name="<x>", extra="4") == "<b>&lt;x&gt;</b>4|"


def test_a_shared_fragment_cannot_link_relative_to_a_page(tmp_path: Path) -> None:
    renderer = renderer_with(
        tmp_path,
        {
            "page.md.j2": '{{ once("_part.html.j2", 1) }}',
            "_part.html.j2": '<a href="{{ "playbooks/index.md" | href }}">x</a>',
        },
    )
    with pytest.raises(ContentError) as caught:
        renderer.render("page.md.j2", PAGE)
    (problem,) = caught.value.problems
    assert problem.path == "templates/_part.html.j2"
    assert problem.line == 1
    assert problem.message == (
        "template failed while rendering projects/a/index.md (shared: _part.html.j2): 'page_path'"
    )


def test_a_key_that_cannot_be_hashed_fails_the_page_clearly(tmp_path: Path) -> None:
    renderer = renderer_with(
        tmp_path, {"page.md.j2": '{{ once("_part.html.j2", [1]) }}', "_part.html.j2": "x"}
    )
    with pytest.raises(ContentError) as caught:
        renderer.render("page.md.j2", PAGE)
    (problem,) = caught.value.problems
    assert (problem.path, problem.line) == ("templates/page.md.j2", 1)
    assert problem.message == (
        "template failed while rendering projects/a/index.md: unhashable type: 'list'"
    )


def test_deferred_pages_hold_shared_markup_once_and_get_it_back_when_filled(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.md.j2").write_text('# {{ name }}\n{{ html_fragment("_table.html.j2") }}\n')
    (folder / "_table.html.j2").write_text('<table>{{ once("_part.html.j2", 1) }}</table>')
    (folder / "_part.html.j2").write_text("<tr><td>shared</td></tr>")
    renderer = PageRenderer(folder, tmp_path, defer_fragments=True)
    pages = {path: renderer.render("page.md.j2", path, name=path) for path in (PAGE, OTHER)}
    [(name, markup)] = renderer.shared.items()
    assert markup == "<tr><td>shared</td></tr>"
    unpacked = {
        path: {key: unpack_fragment(packed) for key, packed in on_page.items()}
        for path, on_page in renderer.fragments.items()
    }
    assert unpacked == {
        PAGE: {"0": f"<table><!-- playbook-shared {name} --></table>"},
        OTHER: {"0": f"<table><!-- playbook-shared {name} --></table>"},
    }
    # The same name in every build, so a page kept from an earlier build (render.reuse)
    # still names the right markup.
    again = PageRenderer(folder, tmp_path, defer_fragments=True)
    again.render("page.md.j2", OTHER, name=OTHER)
    assert list(again.shared) == [name]
    filled = fill_fragments(pages[OTHER], renderer.fragments[OTHER], renderer.shared)
    assert filled == (f"# {OTHER}\n\n<table><tr><td>shared</td></tr></table>\n\n")
    # Without deferred fragments (the render tree, the goldens) the markup is in the page.
    plain = PageRenderer(folder, tmp_path)
    assert plain.render("page.md.j2", PAGE, name="x") == (
        "# x\n\n<table><tr><td>shared</td></tr></table>\n\n"
    )
    assert plain.shared == {}
