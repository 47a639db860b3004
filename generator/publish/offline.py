"""Offline mode: Material's offline plugin, with its one external script replaced by our copy.

Material's offline plugin makes search work from file:// but adds the iframe-worker shim from
a CDN. We ship that shim (MIT, see assets/iframe-worker-NOTICE.txt) and list it first, so the
plugin uses it and the site still makes no request outside itself.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

OFFLINE_SHIM = "assets/playbook/iframe-worker-shim.js"
OFFLINE_ENV = "PLAYBOOK_OFFLINE"


def offline_enabled(config: Any) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin is not None and plugin.config.enabled)


def offline_shim() -> str:
    shim = resources.files("generator.publish") / "assets" / "iframe-worker-shim.js"
    return shim.read_text("utf-8")
