"""Copy the front-end files we serve from node_modules into nama/static/vendor/.

The npm registry is the only source of assets (no CDN); package-lock.json pins them.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "nama" / "static" / "vendor"

# destination (under vendor/) -> source (under node_modules/); a trailing "/" copies a folder.
# The .map files are copied because the minified files name them: the production static storage
# (ManifestStaticFilesStorage) rewrites every reference and fails collectstatic on a missing one.
FILES = {
    "bootstrap/bootstrap.rtl.min.css": "bootstrap/dist/css/bootstrap.rtl.min.css",
    "bootstrap/bootstrap.rtl.min.css.map": "bootstrap/dist/css/bootstrap.rtl.min.css.map",
    "bootstrap/bootstrap.bundle.min.js": "bootstrap/dist/js/bootstrap.bundle.min.js",
    "bootstrap/bootstrap.bundle.min.js.map": "bootstrap/dist/js/bootstrap.bundle.min.js.map",
    "htmx/htmx.min.js": "htmx.org/dist/htmx.min.js",
    "vazirmatn/Vazirmatn-font-face.css": "vazirmatn/Vazirmatn-font-face.css",
    "vazirmatn/fonts/webfonts/": "vazirmatn/fonts/webfonts/",
    "vazirmatn/fonts/ttf/": "vazirmatn/fonts/ttf/",
    "leaflet/": "leaflet/dist/",
}


def main() -> int:
    missing = [src for src in FILES.values() if not (NODE_MODULES / src).exists()]
    if missing:
        print(f"Missing npm assets ({', '.join(missing)}): run `npm ci` first.")
        return 1
    for dest, src in FILES.items():
        target = VENDOR / dest
        if src.endswith("/"):
            shutil.copytree(NODE_MODULES / src, target, dirs_exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(NODE_MODULES / src, target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
