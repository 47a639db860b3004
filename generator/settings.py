"""The one settings object: read from mkdocs.yml, then the command line's options on top.

Every command and the MkDocs plugin use the same ``Settings``, resolved by ``load_settings``:
`playbook validate` therefore sees the ``templates_dir`` that `playbook build` uses, and
``--templates`` reaches the plugin. Problems in mkdocs.yml are reported with their line, like
problems in playbooks; problems in command-line options are usage errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from generator.errors import ContentError, Problem, UsageError
from generator.load.documents import MAX_FILE_BYTES, MAX_NODES
from generator.load.paths import OUTSIDE, inside, is_inside
from generator.model.calendar import CALENDAR_FILE
from generator.model.dates import DateError, in_range, parse_iso_date
from generator.model.messages import SOURCE_LANGUAGE, catalogue_language, shipped_languages

CONFIG_FILE = "mkdocs.yml"
# The options of the `playbook` plugin in mkdocs.yml; `generator.plugin` declares the same names.
PLUGIN_OPTIONS = ("playbooks_dir", "projects_dir", "templates_dir", "today", "history_file")
# Where `playbook build` keeps the portfolio's history (generator.load.portfolio_history).
HISTORY_FILE = ".playbook/portfolio-history.json"
# Defaults of MkDocs itself, for a mkdocs.yml that leaves them out.
MKDOCS_DOCS_DIR = "docs"
MKDOCS_SITE_DIR = "site"


@dataclass(frozen=True)
class Overrides:
    """What the command line may set on top of mkdocs.yml (None: keep mkdocs.yml's value)."""

    templates_dir: str | None = None
    today: dt.date | None = None
    site_dir: str | None = None


@dataclass(frozen=True)
class Settings:
    """Where everything is in a project folder, and the options every stage shares."""

    root: Path
    config_file: str | None = CONFIG_FILE  # None when the project has no mkdocs.yml
    playbooks_dir: str = "playbooks"
    projects_dir: str = "projects"
    content_dir: str = "content"
    templates_dir: str | None = None
    custom_dir: str | None = None  # the theme's custom_dir (MkDocs template overrides)
    schemas_dir: str = "schemas"
    site_dir: str = MKDOCS_SITE_DIR  # relative to root, or absolute
    today: dt.date | None = None  # fixes "overdue" so builds are reproducible
    # The portfolio's history, relative to root: outside every input folder (checked when
    # mkdocs.yml is read), written only by `playbook build`.
    history_file: str = HISTORY_FILE
    repo_url: str | None = None
    edit_uri: str | None = None
    use_directory_urls: bool = True
    # The language of the site's own text (headings, column names, states, the workbench):
    # theme.language when its catalogue is shipped (generator.model.messages), else English.
    language: str = SOURCE_LANGUAGE
    # Where each setting came from in mkdocs.yml, for messages: setting -> line.
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)
    # What in mkdocs.yml is worth a look but does not stop a build (a language without a
    # catalogue): `validate` lists them, the MkDocs plugin logs them.
    warnings: tuple[Problem, ...] = field(default=(), compare=False, repr=False)

    @property
    def playbooks_path(self) -> Path:
        return inside(self.root, self.playbooks_dir, "playbooks folder")

    @property
    def projects_path(self) -> Path:
        return inside(self.root, self.projects_dir, "projects folder")

    @property
    def content_path(self) -> Path:
        return inside(self.root, self.content_dir, "content folder")

    @property
    def schemas_path(self) -> Path:
        return inside(self.root, self.schemas_dir, "schemas folder")

    @property
    def site_path(self) -> Path:
        return (self.root / self.site_dir).resolve()

    @property
    def history_path(self) -> Path:
        """The portfolio's history file; reading and writing it refuse a symlink out of root."""
        return self.root / self.history_file

    @property
    def config_path(self) -> Path | None:
        return None if self.config_file is None else self.root / self.config_file

    @property
    def templates_path(self) -> Path | None:
        if self.templates_dir is None:
            return None
        return inside(self.root, self.templates_dir, "templates folder")

    @property
    def custom_path(self) -> Path | None:
        if self.custom_dir is None:
            return None
        return inside(self.root, self.custom_dir, "theme custom_dir")

    def inputs(self) -> dict[str, Path]:
        """Every folder that holds input, by what it is called in messages.

        No output may replace, hold or lie inside any of them.
        """
        folders = {
            "content folder": self.root / self.content_dir,
            "playbooks folder": self.root / self.playbooks_dir,
            "projects folder": self.root / self.projects_dir,
            "schemas folder": self.root / self.schemas_dir,
            "overrides folder": self.root / "overrides",
            "git repository": self.root / ".git",
            # The tool itself: in the repository, and wherever it runs from.
            "generator's code": self.root / "generator",
            "generator's installed code": Path(__file__).resolve().parent,
        }
        if self.templates_dir is not None:
            folders["templates folder"] = self.root / self.templates_dir
        if self.custom_dir is not None:
            folders["theme's custom_dir"] = self.root / self.custom_dir
        return folders

    def input_files(self) -> dict[str, Path]:
        files = {"configuration file": self.root / CONFIG_FILE}
        if self.config_file is not None:
            files["configuration file"] = self.root / self.config_file
        # The organization's holidays: a file of its own rather than a plugin option, as it is
        # content like the playbooks (checked with its lines, read with or without mkdocs.yml).
        files["calendar file"] = self.calendar_path
        # Not an input the site is made from, but no output may replace or hold it.
        files["portfolio history file"] = self.history_path
        return files

    @property
    def calendar_path(self) -> Path:
        """calendar.yaml: the holidays no due date falls on (generator.model.calendar)."""
        return self.root / CALENDAR_FILE

    def check_root(self) -> None:
        if not self.root.is_dir():
            raise UsageError(f"project folder '{self.root}' does not exist")
        if not self.playbooks_path.is_dir():
            raise UsageError(
                f"no '{self.playbooks_dir}/' folder in {self.root}; "
                "is --root pointing at a playbook project?"
            )


# The command line's options for the MkDocs plugin when MkDocs itself loads the configuration
# (`playbook serve` hands control to `mkdocs serve`, which reloads it at every rebuild).
_session_overrides = Overrides()


def use_session_overrides(overrides: Overrides) -> None:
    global _session_overrides
    _session_overrides = overrides


def load_settings(
    root: Path, overrides: Overrides | None = None, *, config_file: str = CONFIG_FILE
) -> Settings:
    """mkdocs.yml (when there is one), then ``overrides``: the settings every command uses.

    Without ``overrides``, those of the running command apply (see ``use_session_overrides``).
    """
    if not root.is_dir():
        raise UsageError(f"project folder '{root}' does not exist")
    path = root / config_file
    if not path.is_file():
        settings = Settings(root=root, config_file=None)
    else:
        settings = _from_config_file(root, config_file)
    return apply_overrides(settings, overrides or _session_overrides)


def apply_overrides(settings: Settings, overrides: Overrides) -> Settings:
    """The command line's options on top of mkdocs.yml; a bad option is a usage error."""
    changes: dict[str, Any] = {}
    if overrides.templates_dir is not None:
        folder = _relative_folder(settings.root, overrides.templates_dir, "--templates")
        if isinstance(folder, str):
            raise UsageError(folder)
        changes["templates_dir"] = overrides.templates_dir
    if overrides.today is not None:
        changes["today"] = overrides.today
    if overrides.site_dir is not None:
        changes["site_dir"] = overrides.site_dir
    return replace(settings, **changes) if changes else settings


class _SafeConfigLoader(yaml.SafeLoader):
    """mkdocs.yml read safely: MkDocs' own `!ENV` and `!relative` tags, nothing that runs code."""


def _construct_env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    from yaml_env_tag import construct_env_tag  # type: ignore[import-untyped]  # MkDocs' !ENV

    return construct_env_tag(loader, node)


def _construct_relative(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    return loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """A date, or the text when it is none (the setting then says what is wrong with it)."""
    try:
        return in_range(loader.construct_yaml_timestamp(node))  # type: ignore[arg-type]
    except ValueError:  # a DateError too
        return loader.construct_scalar(node)  # type: ignore[arg-type]


_SafeConfigLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_SafeConfigLoader.add_constructor("!ENV", _construct_env)
_SafeConfigLoader.add_constructor("!relative", _construct_relative)


def read_config(root: Path, config_file: str = CONFIG_FILE) -> dict[str, Any]:
    """mkdocs.yml as plain data, read safely; a ContentError with the line when it is broken."""
    return _parse_config(root, config_file)[0]


def _from_config_file(root: Path, config_file: str) -> Settings:
    data, lines = _parse_config(root, config_file)
    reader = _ConfigReader(root, config_file, data, lines)
    settings = reader.settings(config_file)
    if reader.problems:
        raise ContentError(reader.problems)
    return settings


def _parse_config(
    root: Path, config_file: str
) -> tuple[dict[str, Any], dict[tuple[Any, ...], int]]:
    path = root / config_file
    shown = config_file
    if not is_inside(path, root):  # a symlink out: never read a file outside the project
        raise ContentError([Problem(shown, None, None, OUTSIDE)])
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            limit = f"file is larger than {MAX_FILE_BYTES:,} bytes, the limit"
            raise ContentError([Problem(shown, None, None, limit)])
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "it is not valid UTF-8"
        raise ContentError([Problem(shown, None, None, f"cannot read it: {reason}")]) from None
    try:
        node = yaml.compose(text, Loader=_SafeConfigLoader)
        data = yaml.load(text, Loader=_SafeConfigLoader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = f"invalid YAML: {error.problem or error.context or error}"
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        raise ContentError([Problem(shown, line, column, message)]) from None
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        raise ContentError([Problem(shown, None, None, f"invalid YAML: {error}")]) from None
    lines = _key_lines(node, shown) if node is not None else {}
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError(
            [
                Problem(
                    shown,
                    1,
                    1,
                    f"expected a mapping of settings (key: value), got {_describe(data)}",
                )
            ]
        )
    return data, lines


class _ConfigReader:
    """Checks the settings we use from a parsed mkdocs.yml, collecting every problem."""

    def __init__(
        self, root: Path, shown: str, data: dict[str, Any], lines: Mapping[tuple[Any, ...], int]
    ) -> None:
        self.root = root
        self.shown = shown
        self.data = data
        self.lines = lines
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def problem(self, where: tuple[Any, ...], message: str, *, warning: bool = False) -> None:
        probe = where
        while probe and probe not in self.lines:
            probe = probe[:-1]
        found = Problem(self.shown, self.lines.get(probe), None, message)
        (self.warnings if warning else self.problems).append(found)

    def settings(self, config_file: str) -> Settings:
        data = self.data
        plugin_where, plugin = self._plugin_options()
        values: dict[str, Any] = {"root": self.root, "config_file": config_file}
        docs = self._folder(("docs_dir",), data.get("docs_dir", MKDOCS_DOCS_DIR), "docs_dir")
        if docs is not None:
            values["content_dir"] = docs
        site = data.get("site_dir", MKDOCS_SITE_DIR)
        if isinstance(site, str):  # where it may be is the output guard's to decide
            values["site_dir"] = site
        else:
            self.problem(("site_dir",), f"'site_dir' must be a folder path, got {_describe(site)}")
        theme = data.get("theme")
        if isinstance(theme, dict) and theme.get("custom_dir") is not None:
            custom = self._folder(
                ("theme", "custom_dir"), theme["custom_dir"], "theme.custom_dir", must_exist=True
            )
            if custom is not None:
                values["custom_dir"] = custom
        if isinstance(theme, dict) and theme.get("language") is not None:
            values["language"] = self._language(("theme", "language"), theme["language"])
        directory_urls = data.get("use_directory_urls", True)
        if isinstance(directory_urls, bool):
            values["use_directory_urls"] = directory_urls
        else:
            self.problem(
                ("use_directory_urls",),
                f"'use_directory_urls' must be true or false, got {_describe(directory_urls)}",
            )
        for key in ("repo_url", "edit_uri"):
            value = data.get(key)
            if value is not None and not isinstance(value, str):
                self.problem((key,), f"'{key}' must be text, got {_describe(value)}")
            elif value:
                values[key] = value
        for key in ("playbooks_dir", "projects_dir"):
            if key in plugin:
                folder = self._folder((*plugin_where, key), plugin[key], key)
                if folder is not None:
                    values[key] = folder
        if plugin.get("templates_dir") is not None:
            folder = self._folder(
                (*plugin_where, "templates_dir"),
                plugin["templates_dir"],
                "templates_dir",
                must_exist=True,
            )
            if folder is not None:
                values["templates_dir"] = folder
        today = plugin.get("today")
        if today is not None:
            values["today"] = self._date((*plugin_where, "today"), today, "today")
        if plugin.get("history_file") is not None:
            history = self._history_file(
                (*plugin_where, "history_file"), plugin["history_file"], Settings(**values)
            )
            if history is not None:
                values["history_file"] = history
        for key in plugin:
            if key not in PLUGIN_OPTIONS:
                self.problem(
                    (*plugin_where, key),
                    f"unknown option '{key}' of the playbook plugin; options: "
                    + ", ".join(PLUGIN_OPTIONS),
                )
        values["lines"] = {
            name: line
            for name, line in (
                ("site_dir", self.lines.get(("site_dir",))),
                ("custom_dir", self.lines.get(("theme", "custom_dir"))),
            )
            if line is not None
        }
        values["warnings"] = tuple(self.warnings)
        return Settings(**values)

    def _language(self, where: tuple[Any, ...], value: Any) -> str:
        """The catalogue for theme.language; English, with a warning, when none is shipped."""
        if not isinstance(value, str) or not value.strip():
            self.problem(
                where,
                f"'theme.language' must be a language code such as 'en' or 'de', "
                f"got {_describe(value)}",
            )
            return SOURCE_LANGUAGE
        found = catalogue_language(value)
        if found is None:
            self.problem(
                where,
                f"theme.language {value!r}: the site's own text (headings, column names, "
                "states, the workbench) has no translation into it and stays in English; "
                f'translations: {", ".join(shipped_languages())} (the README\'s "Languages" '
                "says how to add one)",
                warning=True,
            )
            return SOURCE_LANGUAGE
        return found

    def _plugin_options(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        """The playbook plugin's options, and where they are (plugins may be a list or a map)."""
        plugins = self.data.get("plugins", [])
        if isinstance(plugins, dict):
            options = plugins.get("playbook")
            where: tuple[Any, ...] = ("plugins", "playbook")
            return where, options if isinstance(options, dict) else {}
        if not isinstance(plugins, list):
            self.problem(("plugins",), f"'plugins' must be a list, got {_describe(plugins)}")
            return (), {}
        for index, entry in enumerate(plugins):
            if isinstance(entry, dict) and "playbook" in entry:
                options = entry["playbook"]
                where = ("plugins", index, "playbook")
                if options is None:
                    return where, {}
                if not isinstance(options, dict):
                    self.problem(where, "the playbook plugin's options must be a mapping")
                    return where, {}
                return where, options
        return (), {}

    def _folder(
        self, where: tuple[Any, ...], value: Any, name: str, *, must_exist: bool = False
    ) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.problem(where, f"'{name}' must be a folder path (text), got {_describe(value)}")
            return None
        found = _relative_folder(self.root, value, f"'{name}'", must_exist=must_exist)
        if isinstance(found, str):
            self.problem(where, found)
            return None
        return value

    def _history_file(self, where: tuple[Any, ...], value: Any, settings: Settings) -> str | None:
        """The history file's path, or None (and a problem) when it may not be there: it must
        be inside the project folder and outside every input folder, which a build reads."""
        if not isinstance(value, str) or not value.strip():
            self.problem(
                where, f"'history_file' must be a file path (text), got {_describe(value)}"
            )
            return None
        reason = history_file_problem(settings, value)
        if reason is not None:
            self.problem(where, f"'history_file' '{value}' {reason}")
            return None
        return value

    def _date(self, where: tuple[Any, ...], value: Any, name: str) -> dt.date | None:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return parse_iso_date(value)
            except DateError as error:
                self.problem(where, f"'{name}': {error}")
                return None
        self.problem(where, f"'{name}' must be a date written YYYY-MM-DD, got {_describe(value)}")
        return None


def history_file_problem(settings: Settings, value: str) -> str | None:
    """Why the portfolio history may not be kept at ``value``, or None when it may."""
    candidate = Path(value)
    if candidate.is_absolute() or ".." in candidate.parts:
        return "must be a relative path inside the project folder"
    path = settings.root / candidate
    if not is_inside(path, settings.root):
        return "points outside the project"
    resolved = path.resolve()
    if resolved == settings.root.resolve():
        return "is the project folder, not a file"
    for name, folder in settings.inputs().items():
        if resolved == folder.resolve() or folder.resolve() in resolved.parents:
            return f"lies inside the {name}; keep it out of every input folder"
    for name, file in settings.input_files().items():
        if name != "portfolio history file" and resolved == file.resolve():
            return f"is the {name}"
    site = settings.site_path  # the output guard refuses a site_dir that holds the project
    if settings.root.resolve() in site.parents and (resolved == site or site in resolved.parents):
        return "lies inside site_dir, which every build replaces"
    if path.is_dir():
        return "is a folder; name a file"
    return None


def _relative_folder(root: Path, value: str, name: str, *, must_exist: bool = True) -> Path | str:
    """The folder ``value`` names inside ``root``, or a message saying why it cannot be used."""
    candidate = Path(value)
    if candidate.is_absolute() or ".." in candidate.parts:
        return f"{name} must be a relative path inside the project folder, got '{value}'"
    path = root / candidate
    if not is_inside(path, root):
        return f"{name} '{value}': points outside the project"
    if must_exist and not path.is_dir():
        return f"{name} '{value}' is not a folder in the project"
    return path


def _key_lines(node: yaml.Node, shown: str) -> dict[tuple[Any, ...], int]:
    """The line of every key (and list entry) in a composed YAML tree, by its path; a tree
    whose aliases expand past ``MAX_NODES`` values is refused, as in every other file."""
    lines: dict[tuple[Any, ...], int] = {}
    stack: list[tuple[tuple[Any, ...], yaml.Node]] = [((), node)]
    while stack:
        path, current = stack.pop()
        if len(lines) > MAX_NODES:
            message = f"document expands to more than {MAX_NODES:,} values (an alias bomb?)"
            raise ContentError([Problem(shown, 1, 1, f"{message}; refusing to load it")])
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode):
                    child = (*path, key.value)
                    lines.setdefault(child, key.start_mark.line + 1)
                    stack.append((child, value))
        elif isinstance(current, yaml.SequenceNode):
            for index, value in enumerate(current.value):
                child = (*path, index)
                lines.setdefault(child, value.start_mark.line + 1)
                stack.append((child, value))
    return lines


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."
