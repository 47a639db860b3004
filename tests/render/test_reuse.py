"""Values and pages kept from the previous build under `serve` (render.reuse): reused
only for the very same data and an unchanged renderer, with their fragments and shared markup."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.render.pages import PageRenderer, fill_fragments
from generator.render.reuse import Kept, KeptPages

PAGE = "projects/a/index.md"
TEMPLATES = {
    "page.md.j2": '# {{ data.name }}\n{{ html_fragment("_table.html.j2", data=data) }}\n',
    "_table.html.j2": '<table>{{ once("_row.html.j2", data.name, name=data.name) }}</table>',
    "_row.html.j2": "<tr><td>{{ name }}</td></tr>",
}


class Data:
    def __init__(self, name: str) -> None:
        self.name = name


def _templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    for name, text in TEMPLATES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _build(folder: Path, kept: KeptPages, data: Data, calls: list[str]) -> str:
    """One build of one page: the page as it will be on the site, fragments filled in."""
    renderer = PageRenderer(folder, folder.parent, defer_fragments=True)

    def render() -> str:
        calls.append(data.name)
        return renderer.render("page.md.j2", PAGE, data=data)

    markdown = kept.page(renderer, PAGE, data, render)
    kept.build_done()
    return fill_fragments(markdown, renderer.fragments.get(PAGE, {}), renderer.shared)


def test_the_same_data_reuses_the_page_with_its_fragments_and_shared_markup(
    tmp_path: Path,
) -> None:
    folder, kept, calls, data = _templates(tmp_path), KeptPages(), [], Data("Alpha")
    first = _build(folder, kept, data, calls)
    again = _build(folder, kept, data, calls)
    assert (first, again, calls) == (
        "# Alpha\n\n<table><tr><td>Alpha</td></tr></table>\n\n",
        first,
        ["Alpha"],
    )


def test_other_data_equal_or_not_renders_again(tmp_path: Path) -> None:
    folder, kept, calls = _templates(tmp_path), KeptPages(), []
    _build(folder, kept, Data("Alpha"), calls)
    _build(folder, kept, Data("Alpha"), calls)  # a new object: a project loaded again
    changed = _build(folder, kept, Data("Beta"), calls)
    assert (changed, calls) == (
        "# Beta\n\n<table><tr><td>Beta</td></tr></table>\n\n",
        ["Alpha", "Alpha", "Beta"],
    )


def test_an_edited_override_template_renders_again(tmp_path: Path) -> None:
    folder, kept, calls, data = _templates(tmp_path), KeptPages(), [], Data("Alpha")
    _build(folder, kept, data, calls)
    (folder / "_row.html.j2").write_text("<tr><th>{{ name }}</th></tr>", encoding="utf-8")
    edited = _build(folder, kept, data, calls)
    assert (edited, calls) == (
        "# Alpha\n\n<table><tr><th>Alpha</th></tr></table>\n\n",
        ["Alpha", "Alpha"],
    )


def test_a_page_left_out_of_a_build_is_not_kept(tmp_path: Path) -> None:
    folder, kept, calls, data = _templates(tmp_path), KeptPages(), [], Data("Alpha")
    _build(folder, kept, data, calls)
    kept.build_done()  # a build without the page (its project was deleted)
    _build(folder, kept, data, calls)
    assert calls == ["Alpha", "Alpha"]


def test_a_group_of_pages_is_reused_whole_and_renders_again_when_an_input_differs(
    tmp_path: Path,
) -> None:
    """A playbook's pages are kept together, with the day and options they were made for."""
    folder, kept, calls, data = _templates(tmp_path), KeptPages(), [], Data("Alpha")
    monday, tuesday = dt.date(2027, 3, 1), dt.date(2027, 3, 2)
    paths = ("playbooks/p/a.md", "playbooks/p/b.md")

    def build(day: dt.date) -> dict[str, str]:
        renderer = PageRenderer(folder, folder.parent, defer_fragments=True)

        def render() -> dict[str, str]:
            calls.append(f"{data.name} {day:%a}")
            return {path: renderer.render("page.md.j2", path, data=data) for path in paths}

        pages = kept.pages(renderer, "playbook p", data, render, (day,))
        kept.build_done()
        return {
            path: fill_fragments(text, renderer.fragments.get(path, {}), renderer.shared)
            for path, text in pages.items()
        }

    first = build(monday)
    assert build(monday) == first
    assert build(tuesday) == first  # the template shows no day: the same pages, made again
    assert calls == ["Alpha Mon", "Alpha Tue"]
    assert first == dict.fromkeys(paths, "# Alpha\n\n<table><tr><td>Alpha</td></tr></table>\n\n")


def test_a_value_is_reused_for_the_same_data_objects_and_equal_inputs() -> None:
    """Filled projects and the portfolio are kept this way: the data by identity (a project
    loaded again is a new object), in order, and the other inputs (history, day) by equality."""
    kept: Kept[str] = Kept()
    first, second = Data("a"), Data("b")
    monday, tuesday = dt.date(2027, 3, 1), dt.date(2027, 3, 2)
    made: list[str] = []

    def value(data: list[Data], *inputs: object, key: str = "portfolio") -> str:
        def make() -> str:
            made.append(key)
            return f"{key} #{len(made)}"

        return kept.value(key, data, inputs, make)

    assert value([first, second], {}, monday) == "portfolio #1"
    assert value([first, second], {}, monday) == "portfolio #1"  # asked again in one build
    kept.build_done()
    assert value([first, second], {}, monday) == "portfolio #1"  # the next build
    assert value([first, Data("b")], {}, monday) == "portfolio #2"  # a new, equal object
    assert value([second, first], {}, monday) == "portfolio #3"  # another order
    assert value([first], {}, monday) == "portfolio #4"
    assert value([first], {"a": 1}, monday) == "portfolio #5"  # another history
    assert value([first], {"a": 1}, tuesday) == "portfolio #6"
    assert value([first], {"a": 1}, tuesday) == "portfolio #6"
    assert value([first], monday, key="a") == "a #7"  # another key, made on its own
    assert value([first], {"a": 1}, tuesday) == "portfolio #6"
    assert len(made) == 7


def test_a_value_no_build_asked_for_is_not_kept() -> None:
    kept: Kept[int] = Kept()
    data, made = Data("a"), [0]

    def make() -> int:
        made[0] += 1
        return made[0]

    def value() -> int:
        return kept.value(data.name, [data], (), make)

    assert (value(), value()) == (1, 1)
    kept.build_done()
    kept.build_done()  # a build without it (its project was deleted)
    assert value() == 2
