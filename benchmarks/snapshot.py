"""Measure a frozen copy of generator/, so edits made during a long run do not mix versions.

``run.py`` copies generator/ into its work folder and runs itself again in a child process
whose ``PYTHONPATH`` starts with that copy. Python's path finder looks there before the
editable install's finder, and ``PYTHONSAFEPATH`` stops Python from putting the current
folder (the repository, with the live generator/) first, so the child and every process it
starts import the copy.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import generator
from benchmarks.process import CODE_ENV as ENV  # in the child: the folder of the frozen copy

REPO = Path(__file__).resolve().parents[1]


def freeze(work: Path) -> Path:
    """Copy generator/ (code, templates, assets) into ``work/code``; return ``work/code``."""
    code = work / "code"
    shutil.copytree(
        REPO / "generator", code / "generator", ignore=shutil.ignore_patterns("__pycache__")
    )
    return code


def frozen_env(code: Path) -> dict[str, str]:
    env = dict(os.environ)
    env[ENV] = str(code)
    env["PYTHONSAFEPATH"] = "1"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(code), str(REPO), env.get("PYTHONPATH")]))
    return env


def in_child() -> bool:
    """True in the child started by ``run.py``; it checks it imported the frozen copy."""
    code = os.environ.get(ENV)
    if code is None:
        return False
    imported = Path(generator.__file__).resolve()
    if not imported.is_relative_to(Path(code).resolve()):
        raise RuntimeError(f"expected the frozen generator/ in {code}, imported {imported}")
    return True
