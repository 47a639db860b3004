"""Deferred HTML fragments (generator.render.pages): held compressed until the MkDocs plugin
puts them into their page, which is then the page rendered with the fragment inline."""

from __future__ import annotations

from pathlib import Path

from generator.render.pages import PageRenderer, fill_fragments, unpack_fragment

PAGE = "projects/a/index.md"
TEMPLATES = {
    "page.md.j2": '# Register\n{{ html_fragment("_rows.html.j2", rows=rows) }}\n',
    "_rows.html.j2": (
        "<table>{% for row in range(rows) %}<tr><td>Risk {{ row }} — open</td></tr>"
        "{% endfor %}</table>"
    ),
}


def test_a_deferred_fragment_is_held_compressed_and_fills_in_as_rendered_inline(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    for name, text in TEMPLATES.items():
        (folder / name).write_text(text, encoding="utf-8")
    deferred = PageRenderer(folder, tmp_path, defer_fragments=True)
    page = deferred.render("page.md.j2", PAGE, rows=2000)
    inline = PageRenderer(folder, tmp_path).render("page.md.j2", PAGE, rows=2000)
    [packed] = deferred.fragments[PAGE].values()
    table = unpack_fragment(packed)
    assert table.startswith("<table><tr><td>Risk 0 — open</td></tr>")
    assert len(packed) * 10 < len(table.encode("utf-8"))  # a register's rows compress well
    assert page == "# Register\n\n<!-- playbook-fragment 0 -->\n\n"
    assert fill_fragments(page, deferred.fragments[PAGE]) == inline
