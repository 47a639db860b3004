"""generator.resolve.maturity: maturity per practice area from a project's self-assessments,
across the portfolio, and the new assessment written into the project file.

The project is tests/fixtures/project-assessed: the demo playbook with four practices (two in
governance, one in risk, one without an area) and two assessments.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.load.documents import parse_document
from generator.model.project import PracticeAssessment, Project
from generator.resolve import maturity as maturity_module
from generator.resolve.maturity import (
    AssessmentAnchors,
    Maturity,
    NewAssessment,
    PracticeRef,
    add_assessment,
    area_averages,
    assessment_anchors,
    maturity_of,
    maturity_of_log,
    maturity_summary,
    tenths,
    tenths_text,
)
from generator.resolve.portfolio import portfolio_of
from generator.resolve.project import fill
from tests.support.fixtures import fixture_text
from tests.support.parity import CASES_FILE
from tests.support.playbooks import load_demo_project

TODAY = dt.date(2027, 3, 15)
PROJECT = fixture_text("project-assessed", "project.yaml")
FILES = {"practices.yaml": fixture_text("project-assessed", "practices.yaml")}


def _project(tmp_path: Path, text: str = PROJECT) -> Project:
    return load_demo_project(tmp_path, text, FILES)


def _log(*entries: tuple[str, dict[str, int]]) -> list[PracticeAssessment]:
    return [
        PracticeAssessment(date=dt.date.fromisoformat(day), scores=scores)
        for day, scores in entries
    ]


def test_an_average_is_shown_to_one_decimal_rounded_half_up() -> None:
    # The same values as tests/js/assess.test.js.
    assert [tenths(9, 4), tenths(7, 3), tenths(1, 3), tenths(2, 3), tenths(0, 5)] == [
        23,
        23,
        3,
        7,
        0,
    ]
    assert [tenths(4, 1), tenths(5, 2)] == [40, 25]
    assert [tenths_text(23), tenths_text(0), tenths_text(40), tenths_text(None)] == [
        "2.3",
        "0.0",
        "4.0",
        "",
    ]


def test_the_project_shows_each_area_now_before_and_its_trend(tmp_path: Path) -> None:
    maturity = fill(_project(tmp_path), TODAY).maturity
    assert (maturity.latest, maturity.previous) == (dt.date(2027, 3, 1), dt.date(2027, 2, 1))
    assert maturity.summary() == {
        "latest": "2027-03-01",
        "previous": "2027-02-01",
        "areas": [
            {
                "area": "governance",
                "practices": 2,
                "assessed": 2,
                "now": "3.0",
                "previous": "1.5",
                "trend": "up",
                "actions": [],
            },
            {
                "area": "risk",
                "practices": 1,
                "assessed": 1,
                "now": "2.0",
                "previous": "3.0",
                "trend": "down",
                "actions": [
                    {"practice": "risk-review", "text": "Put the register on every steering agenda"}
                ],
            },
            {
                "area": "other",
                "practices": 1,
                "assessed": 1,
                "now": "1.0",
                "previous": "",
                "trend": "",
                "actions": [{"practice": "retrospectives", "text": "Hold one after the pilot"}],
            },
        ],
    }
    other = maturity.areas[2]
    assert (other.label, other.trend_arrow) == ("Other", "")
    assert maturity.areas[0].practices == ("clear-decisions", "weekly-status")
    action = maturity.areas[1].actions[0]
    assert (action.title, action.page) == (
        "Review risks monthly",
        "playbooks/demo/practices/risk-review.md",
    )
    assert [maturity.now_text(area) for area in ("governance", "risk", "nowhere")] == [
        "3.0",
        "2.0",
        "",
    ]


def test_areas_come_in_alphabetical_order_and_other_last() -> None:
    practices = [
        PracticeRef("a", "A", None),
        PracticeRef("b", "B", "value"),
        PracticeRef("c", "C", "change-management"),
        PracticeRef("d", "D", "other"),
    ]
    areas = maturity_of_log(practices, _log(("2027-01-01", {"a": 1, "d": 4})))
    assert [(area.area, area.label, area.practices, area.now_text) for area in areas] == [
        ("change-management", "Change management", ("c",), ""),
        ("value", "Value", ("b",), ""),
        ("other", "Other", ("a", "d"), "2.5"),
    ]


def test_steady_compares_what_is_shown() -> None:
    practices = [PracticeRef(name, name.upper(), "x") for name in ("a", "b", "c", "d")]
    # 9/4 = 2.25 now, 7/3 = 2.33 before: both show 2.3, so the area is steady.
    log = _log(
        ("2027-01-01", {"a": 2, "b": 2, "c": 3}), ("2027-02-01", {"a": 2, "b": 2, "c": 2, "d": 3})
    )
    (area,) = maturity_of_log(practices, log)
    assert (area.now, area.previous, area.trend) == (23, 23, "steady")
    log = _log(("2027-01-01", {"a": 2}), ("2027-02-01", {"a": 2, "b": 3}))
    (area,) = maturity_of_log(practices, log)
    assert (area.now_text, area.previous_text, area.trend, area.trend_arrow) == (
        "2.5",
        "2.0",
        "up",
        "↑",
    )


def test_a_practice_the_playbook_no_longer_has_counts_nowhere() -> None:
    practices = [PracticeRef("kept", "Kept", "x")]
    log = _log(("2027-01-01", {"kept": 1, "dropped": 4}))
    assert maturity_summary(practices, log)["areas"] == [
        {
            "area": "x",
            "practices": 1,
            "assessed": 1,
            "now": "1.0",
            "previous": "",
            "trend": "",
            "actions": [],
        }
    ]


def test_a_project_without_assessments_has_areas_but_no_scores(tmp_path: Path) -> None:
    head, _, _ = PROJECT.partition("assessments:")
    maturity = maturity_of(_project(tmp_path, head))
    assert (maturity.latest, maturity.previous, maturity.scored) == (None, None, ())
    assert [(area.area, area.now, area.previous, area.trend) for area in maturity.areas] == [
        ("governance", None, None, ""),
        ("risk", None, None, ""),
        ("other", None, None, ""),
    ]
    assert maturity.form_data()["anchors"] == {
        "section": "missing",
        "section_line": -1,
        "insert_at": -1,
        "indent": "  ",
    }


def test_the_form_data_names_the_practices_the_log_and_where_it_ends(tmp_path: Path) -> None:
    data = maturity_of(_project(tmp_path)).form_data()
    assert data["practices"][:2] == [
        {"id": "clear-decisions", "title": "Make decisions visible", "area": "governance"},
        {"id": "retrospectives", "title": "Hold retrospectives", "area": None},
    ]
    assert data["assessments"][0] == {
        "date": "2027-02-01",
        "scores": [["clear-decisions", 1], ["risk-review", 3], ["weekly-status", 2]],
        "actions": [],
    }
    # "assessments" is line 10; the last entry ends on line 25, before "risks" (index 25).
    assert data["anchors"] == {
        "section": "block",
        "section_line": 9,
        "insert_at": 25,
        "indent": "  ",
    }


def test_the_file_is_searched_for_anchors_once_per_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under serve, a playbook edit renders its projects' pages again; their files, unchanged,
    are not parsed again for the form."""
    parsed: list[str] = []

    def counted(raw: bytes, *args: Any, **kwargs: Any) -> Any:
        parsed.append(raw.decode())
        return parse_document(raw, *args, **kwargs)

    monkeypatch.setattr(maturity_module, "parse_document", counted)
    maturity_module._anchors_in.cache_clear()  # another test may have searched these texts
    head, _, _ = PROJECT.partition("assessments:")
    texts = [f"{head}# no assessments yet\n", PROJECT]
    maturity = maturity_of(_project(tmp_path, texts[0]))
    assert maturity.form_data() == maturity.form_data()
    assert (maturity.form_data()["anchors"]["section"], parsed) == ("missing", texts[:1])
    assert maturity_of(_project(tmp_path, texts[1])).form_data()["anchors"]["section"] == "block"
    assert parsed == texts


# --- Across the portfolio -------------------------------------------------------------------


def test_the_portfolio_averages_the_scores_the_pages_show(tmp_path: Path) -> None:
    practices = [PracticeRef("a", "A", "x"), PracticeRef("b", "B", "y")]
    one = maturity_of_log(practices, _log(("2027-01-01", {"a": 1, "b": 2})))
    two = maturity_of_log(practices, _log(("2027-01-01", {"a": 2})))
    three = maturity_of_log(practices, _log(("2027-01-01", {"a": 2})))
    maturities = [Maturity(tuple(practices), (), areas) for areas in (one, two, three)]
    averages = area_averages(maturities)
    # x: 1.0, 2.0, 2.0 -> 1.67 -> 1.7; y: only the first project scored it.
    assert [(a.area, a.label, a.average_text, a.projects) for a in averages] == [
        ("x", "X", "1.7", 3),
        ("y", "Y", "2.0", 1),
    ]
    assert area_averages([]) == ()


def test_the_portfolio_lists_assessed_projects_by_name(tmp_path: Path) -> None:
    assessed = fill(_project(tmp_path / "a"), TODAY)
    head, _, _ = PROJECT.partition("assessments:")
    unassessed = fill(_project(tmp_path / "b", head.replace("Harbour", "Alpine")), TODAY)
    portfolio = portfolio_of([unassessed, assessed], {}, TODAY)
    assert portfolio.assessed == (assessed,)
    assert [(a.area, a.average_text, a.projects) for a in portfolio.maturity] == [
        ("governance", "3.0", 1),
        ("risk", "2.0", 1),
        ("other", "1.0", 1),
    ]


# --- Where the assessments are, and the new one written -------------------------------------


def _anchors(text: str) -> AssessmentAnchors:
    return assessment_anchors(parse_document(text.encode("utf-8"), Path("p.yaml"), "p.yaml"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("name: P\n", AssessmentAnchors("missing"), id="missing"),
        pytest.param(
            "name: P\nassessments: []  # none\n", AssessmentAnchors("empty", 1), id="empty"
        ),
        pytest.param(
            "assessments: !!seq &log []\n", AssessmentAnchors("empty", 0), id="empty-tagged"
        ),
        pytest.param(
            "assessments: [{date: 2027-01-01, scores: {a: 1}}]\n",
            AssessmentAnchors("flow", 0),
            id="flow",
        ),
        pytest.param(
            "assessments:\n  [{date: 2027-01-01, scores: {a: 1}}]\n",
            AssessmentAnchors("flow", 0),
            id="flow-below",
        ),
        pytest.param(
            "assessments:\n  []\n", AssessmentAnchors("flow", 0), id="empty-below-the-key"
        ),
        pytest.param(
            "assessments:\n- date: 2027-01-01\n  scores: {a: 1}\n\n# end\nrisks: {}\n",
            AssessmentAnchors("block", 0, 3, ""),
            id="block-at-column-1",
        ),
        pytest.param(
            "x: 1\nassessments:\n    - {date: 2027-01-01, scores: {a: 1}}\n"
            "    # same day\n    - date: 2027-02-01\n      scores:\n        a: 2\n",
            AssessmentAnchors("block", 1, 7, "    "),
            id="block-to-the-end",
        ),
        pytest.param(
            "assessments:\n  - {date: 2027-01-01, scores: {a: 1}}\n...\n",
            AssessmentAnchors("block", 0, 2, "  "),
            id="document-end",
        ),
    ],
)
def test_anchors_say_where_the_entries_are(text: str, expected: AssessmentAnchors) -> None:
    assert _anchors(text) == expected


NEW = NewAssessment(dt.date(2027, 4, 1), (("a", 3), ("2027", 0)), (("a", "Say: yes"),))
NEW_LINES = (
    '  - date: 2027-04-01\n    scores:\n      a: 3\n      "2027": 0\n'
    '    actions:\n      a: "Say: yes"\n'
)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            "# the project\nname: P\nrisks: {}  # none\n",
            "# the project\nname: P\nrisks: {}  # none\nassessments:\n" + NEW_LINES,
            id="missing",
        ),
        pytest.param(
            "name: P\nassessments: []  # none yet\nrisks: {}",
            "name: P\nassessments:  # none yet\n" + NEW_LINES + "risks: {}",
            id="empty",
        ),
        pytest.param(
            "name: P\nassessments:\n  - date: 2027-01-01\n    scores: {a: 1}  # low\n"
            "  # looked again\n\nrisks: {}\n",
            "name: P\nassessments:\n  - date: 2027-01-01\n    scores: {a: 1}  # low\n"
            + NEW_LINES
            + "  # looked again\n\nrisks: {}\n",
            id="block",
        ),
        pytest.param(
            "\ufeffname: P\r\nassessments:\r\n  - {date: 2027-01-01, scores: {a: 1}}",
            "\ufeffname: P\r\nassessments:\r\n  - {date: 2027-01-01, scores: {a: 1}}\r\n"
            + NEW_LINES.replace("\n", "\r\n").removesuffix("\r\n"),
            id="crlf-bom-no-final-break",
        ),
    ],
)
def test_the_new_entry_goes_after_the_last_and_nothing_else_changes(
    before: str, after: str
) -> None:
    edited = add_assessment(before, _anchors(before), NEW)
    assert edited == after
    old = parse_document(before.encode("utf-8"), Path("p.yaml"), "p.yaml").data
    new = parse_document(edited.encode("utf-8"), Path("p.yaml"), "p.yaml").data
    log = old.pop("assessments", None) or []
    assert new.pop("assessments") == [
        *log,
        {"date": dt.date(2027, 4, 1), "scores": {"a": 3, "2027": 0}, "actions": {"a": "Say: yes"}},
    ]
    assert new == old


def test_a_list_in_brackets_is_refused() -> None:
    text = "assessments: [{date: 2027-01-01, scores: {a: 1}}]\n"
    with pytest.raises(ValueError, match=r"^assessments are written in brackets \(flow style\)$"):
        add_assessment(text, _anchors(text), NEW)
    with pytest.raises(ValueError, match="cannot be edited"):
        add_assessment("assessments: [] []\n", AssessmentAnchors("empty", 0), NEW)


# --- The parity cases --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def assess_cases() -> list[dict[str, Any]]:
    suite = json.loads(CASES_FILE.read_text(encoding="utf-8"))
    return [case for case in suite["cases"] if case["kind"] == "assess"]


def test_the_parity_cases_cover_every_shape_of_file(assess_cases: list[dict[str, Any]]) -> None:
    assert len(assess_cases) >= 100
    inputs = [case["input"] for case in assess_cases]
    assert {i["anchors"]["section"] for i in inputs} == {"missing", "empty", "block", "flow"}
    assert {i["anchors"]["indent"] for i in inputs if i["anchors"]["section"] == "block"} == {
        "",
        "  ",
        "    ",
    }
    texts = [i["text"] for i in inputs]
    assert any(t.startswith("\ufeff") for t in texts) and any("\r\n" in t for t in texts)
    assert any(not t.endswith("\n") for t in texts)
    assert any("# with the sponsor" in t for t in texts) and any("- {date" in t for t in texts)
    refused = [case for case in assess_cases if "error" in case]
    assert refused and all(i["anchors"]["section"] == "flow" for i in (c["input"] for c in refused))
    areas = [a for c in assess_cases if "expected" in c for a in c["expected"]["maturity"]["areas"]]
    assert {a["trend"] for a in areas} == {"", "up", "down", "steady"}
    assert any(a["area"] == "other" for a in areas) and any(a["actions"] for a in areas)
    ids = {score[0] for i in inputs for score in i["assessment"]["scores"]}
    assert {"2027", "no", "null"} <= ids


def test_each_parity_case_adds_exactly_the_new_assessment(
    assess_cases: list[dict[str, Any]],
) -> None:
    for case in assess_cases:
        if "error" in case:
            continue
        given = case["input"]
        before = yaml.safe_load(given["text"].removeprefix("\ufeff")) or {}
        after = yaml.safe_load(case["expected"]["text"].removeprefix("\ufeff"))
        new = given["assessment"]
        entry: dict[str, Any] = {
            "date": dt.date.fromisoformat(new["date"]),
            "scores": dict(new["scores"]),
        }
        if new["actions"]:
            entry["actions"] = dict(new["actions"])
        log = before.pop("assessments", None) or []
        assert after.pop("assessments") == [*log, entry], case["id"]
        assert after == before, case["id"]
