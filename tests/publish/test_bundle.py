"""The workbench's modules joined into one classic script: the same bytes every time, a script
Node runs, with every name the pages need, and refusals for what the join cannot do safely.
It is published in the built site and in the `render --out` tree."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from generator.model.projectfile import Mark, apply_marks
from generator.projects.writer import NewProject, project_text
from generator.publish.bundle import (
    GLOBAL_NAME,
    WORKBENCH_DIR,
    WORKBENCH_SCRIPT,
    BundleError,
    bundle,
    workbench_bundle,
)
from generator.render.workbench import playbook_data, project_page_data
from generator.resolve.project import fill
from tests.conftest import REPO
from tests.support.project import project_settings, render_tree, validated_project

# What the pages call, and what their tests call through Node.
NEEDED = (
    "initKickoffPage",
    "initChecklistPage",
    "kickoffResult",
    "kickoffCommand",
    "proposeUrl",
    "checklistView",
    "checklistMarks",
    "projectText",
    "applyMarks",
    "formAnswers",
    "withDefaults",
    "fill",
    "slugify",
    "parseIsoDate",
)


def run_node(script: str, source: str, payload: Any = None) -> Any:
    """Run the bundle in Node, then ``script``, which prints JSON; the parsed JSON.

    ``payload`` reaches the script as ``input`` (JSON on standard input).
    """
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is not installed; the workbench tests need it (make test does)")
    program = (
        "const source = require('fs').readFileSync(0, 'utf8');\n"
        "const { bundle, input } = JSON.parse(source);\n"
        "(0, eval)(bundle);\n"
        f"const W = globalThis.{GLOBAL_NAME};\n" + script
    )
    done = subprocess.run(
        [node, "-e", program],
        input=json.dumps({"bundle": source, "input": payload}),
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def script() -> str:
    return workbench_bundle()


def test_the_bundle_is_the_same_every_time(script: str) -> None:
    assert workbench_bundle() == script
    sources = {path.name: path.read_text(encoding="utf-8") for path in WORKBENCH_DIR.glob("*.js")}
    assert bundle(dict(reversed(list(sources.items())))) == script


def test_the_bundle_is_one_strict_classic_script(script: str) -> None:
    assert script.count('(function () {\n"use strict";\n') == 1
    assert script.rstrip().endswith("})();")
    lines = script.splitlines()
    assert not [line for line in lines if line.startswith(("import ", "import{", "export "))]
    # Each module comes after the modules it imports.
    order = [
        line.removeprefix("// ---- ").removesuffix(" ----")
        for line in lines
        if line.startswith("// ---- ")
    ]
    assert sorted(order) == sorted(path.name for path in WORKBENCH_DIR.glob("*.js"))
    assert order.index("text.js") < order.index("dates.js") < order.index("kickoff-page.js")
    assert order.index("projectfile.js") < order.index("checklist-page.js")


def test_node_runs_the_bundle_and_finds_what_the_pages_need(script: str) -> None:
    found = run_node(
        "console.log(JSON.stringify(Object.fromEntries("
        "Object.entries(W).map(([k, v]) => [k, typeof v]))));\n",
        script,
    )
    missing = [name for name in NEEDED if found.get(name) != "function"]
    assert missing == []
    # Outside a browser the pages do nothing: no document, nothing started, no error.
    assert run_node("console.log(JSON.stringify(typeof document));", script) == "undefined"


def test_the_bundle_writes_the_files_python_writes(script: str) -> None:
    """A spot check (the parity suite checks the modules in depth): a new project's file and
    the edit of a project's status, through the bundle."""
    project = validated_project(REPO, "core-banking-revamp")
    playbook = project.playbook
    facts = dict(project.facts)
    name = "Zoë's <Bank> & Co"
    new = NewProject(name, playbook, dt.date(2027, 2, 1), facts, dict(project.file.roles))
    page = project_page_data(fill(project, dt.date(2027, 3, 1)))
    marks = [
        Mark("kickoff-meeting", "open"),
        Mark("build-risk-register", "done", dt.date(2027, 3, 4), 'said "yes": 2 of 3'),
        Mark("vendor-due-diligence", "n/a", None, "in-house build"),
    ]
    written = run_node(
        "const facts = {...input.facts};\n"
        "console.log(JSON.stringify({\n"
        "  created: W.projectText({name: input.name, playbook: input.playbook,\n"
        "    kickoff: '2027-02-01', facts, roles: input.roles}),\n"
        "  marked: W.applyMarks(input.page.text, input.page.anchors, input.marks),\n"
        "}));\n",
        script,
        {
            "name": name,
            "playbook": playbook_data(playbook),
            "facts": {
                key: value.isoformat() if isinstance(value, dt.date) else value
                for key, value in facts.items()
            },
            "roles": dict(project.file.roles),
            "page": page,
            "marks": [mark.as_json() for mark in marks],
        },
    )
    assert written["created"] == project_text(new)
    assert written["marked"] == apply_marks(project.text, project.anchors, marks)


def test_checklist_marks_follow_playbook_mark(script: str) -> None:
    """Marks made on the project page: changed items only, in the playbook's order, done dated
    today unless it was done already (its date kept), the note as edited."""
    project = validated_project(REPO, "core-banking-revamp")
    page = project_page_data(fill(project, dt.date(2027, 3, 1)))
    changes = {
        "build-risk-register": {"state": "done", "note": ""},  # open -> done: today
        "appoint-sponsor": {"state": "done", "note": "signed"},  # done: keeps its date
        "vendor-due-diligence": {"state": "n/a", "note": "in-house build"},  # unchanged
        "kickoff-meeting": {"state": "open", "note": ""},  # done -> open: no date
    }
    marks = run_node(
        "console.log(JSON.stringify(W.checklistMarks(input.page, input.changes, '2027-03-09')));",
        script,
        {"page": page, "changes": changes},
    )
    expected = [
        {"item_id": "appoint-sponsor", "state": "done", "date": "2027-01-15", "note": "signed"},
        {"item_id": "kickoff-meeting", "state": "open", "date": None, "note": ""},
        {"item_id": "build-risk-register", "state": "done", "date": "2027-03-09", "note": ""},
    ]
    order = [item.id for item in project.playbook.items]  # what `playbook mark` sorts by
    assert marks == sorted(expected, key=lambda mark: order.index(mark["item_id"]))


@pytest.mark.parametrize(
    ("repo_url", "edit_uri", "expected"),
    [
        (
            "https://github.com/acme/pmo-site",
            "edit/trunk/content/",
            "https://github.com/acme/pmo-site/new/trunk?filename=projects/x-y.yaml&value=a%3A%20b%0A",
        ),
        (
            "https://github.com/acme/pmo-site.git/",
            "",
            "https://github.com/acme/pmo-site/new/main?filename=projects/x-y.yaml&value=a%3A%20b%0A",
        ),
        (
            "https://gitlab.com/acme/pmo/site",
            "-/edit/develop/docs/",
            "https://gitlab.com/acme/pmo/site/-/new/develop?file_name=projects/x-y.yaml"
            "&content=a%3A%20b%0A",
        ),
        ("https://git.example.org/acme/site", "edit/main/docs/", None),
        ("not a url", "", None),
    ],
)
def test_propose_links_open_the_new_file_page_of_github_and_gitlab(
    script: str, repo_url: str, edit_uri: str, expected: str | None
) -> None:
    url = run_node(
        "console.log(JSON.stringify(W.proposeUrl(input[0], input[1], 'x-y', 'a: b\\n')));",
        script,
        [repo_url, edit_uri],
    )
    assert url == expected


def _module(body: str) -> str:
    return "// @ts-check\n" + body


def test_a_name_declared_by_two_modules_is_refused() -> None:
    sources = {
        "a.js": _module("const shared = 1;\nexport function one() {\n  return shared;\n}\n"),
        "b.js": _module("function shared() {\n  return 2;\n}\nexport const two = shared();\n"),
    }
    with pytest.raises(BundleError, match=r"'shared' is declared at the top level of both a\.js"):
        bundle(sources)


@pytest.mark.parametrize(
    "statement",
    [
        'import one from "./a.js";',
        'import * as a from "./a.js";',
        'import { one as uno } from "./a.js";',
        'import { one } from "a.js";',
        'import { one } from "../a.js";',
        'import "./a.js";',
    ],
)
def test_unsupported_imports_are_refused(statement: str) -> None:
    sources = {"a.js": "export const one = 1;\n", "b.js": f"{statement}\nexport const two = 2;\n"}
    with pytest.raises(BundleError, match=r"b\.js:1: unsupported import"):
        bundle(sources)


@pytest.mark.parametrize(
    "line",
    [
        "export default function main() {}",
        "export { one };",
        'export * from "./a.js";',
        "export const { a, b } = pair;",
    ],
)
def test_unsupported_exports_are_refused(line: str) -> None:
    with pytest.raises(BundleError, match=r"b\.js:1: unsupported export"):
        bundle({"b.js": f"{line}\n"})


def test_dynamic_imports_circles_and_unknown_names_are_refused() -> None:
    with pytest.raises(BundleError, match="dynamic import"):
        bundle({"a.js": 'const later = import("./b.js");\n'})
    with pytest.raises(BundleError, match=r"import circle: a\.js -> b\.js -> a\.js"):
        bundle(
            {
                "a.js": 'import { two } from "./b.js";\nexport const one = 1;\n',
                "b.js": 'import { one } from "./a.js";\nexport const two = 2;\n',
            }
        )
    with pytest.raises(BundleError, match=r"b\.js imports three from \./a\.js"):
        bundle({"a.js": "export const one = 1;\n", "b.js": 'import { three } from "./a.js";\n'})
    with pytest.raises(BundleError, match="not a module here"):
        bundle({"b.js": 'import { one } from "./gone.js";\n'})


def test_imports_over_several_lines_and_comments_are_read() -> None:
    sources = {
        "a.js": "/**\n * export nonsense in a comment\nconst x = 1;\n */\n"
        "export const one = 1;\nexport function two() {\n  return 2;\n}\n",
        "b.js": "import {\n  one,\n  two,\n} from './a.js';\n"
        "// import { nothing } from './nowhere.js';\n"
        "export const three = one + two();\n",
    }
    script = bundle(sources)
    assert run_node("console.log(JSON.stringify([W.one, W.two(), W.three]));", script) == [1, 2, 3]


def test_the_site_and_the_render_tree_carry_the_bundle(
    shipped_site: Path, sample_project: Path, tmp_path: Path, script: str
) -> None:
    assert (shipped_site / WORKBENCH_SCRIPT).read_text(encoding="utf-8") == script
    page = (shipped_site / "playbooks/digital-transformation/kickoff/index.html").read_text()
    assert '<script src="../../../assets/javascripts/workbench.js"></script>' in page
    project = (shipped_site / "projects/core-banking-revamp/index.html").read_text()
    assert '<script src="../../assets/javascripts/workbench.js"></script>' in project
    out = tmp_path / "tree"
    render_tree(project_settings(sample_project), out)
    assert (out / "docs" / WORKBENCH_SCRIPT).read_text(encoding="utf-8") == script
