#!/usr/bin/env bash
# Refresh the bundled Cytoscape.js from the npm registry (never fetched at run time):
#     bash graph/serve/static/vendor/refresh.sh [VERSION]      (default: the latest)
# It packs the package in a scratch folder, copies dist/cytoscape.min.js and its LICENSE
# here, and records the version, licence and SHA-256 in VENDOR.json (tests check the hash).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
tarball="$(npm pack "cytoscape@${1:-latest}" --silent | tail -n 1)"
tar -xzf "$tarball"
cp package/dist/cytoscape.min.js "$here/cytoscape.min.js"
cp package/LICENSE "$here/cytoscape.LICENSE.txt"
python3 - "$here" <<'PY'
import hashlib, json, sys
from pathlib import Path
here = Path(sys.argv[1])
meta = json.loads(Path("package/package.json").read_text(encoding="utf-8"))
record = {
    "cytoscape": {
        "version": meta["version"],
        "license": meta["license"],
        "file": "cytoscape.min.js",
        "license_file": "cytoscape.LICENSE.txt",
        "source": f"npm registry: cytoscape@{meta['version']}, package/dist/cytoscape.min.js",
        "sha256": hashlib.sha256((here / "cytoscape.min.js").read_bytes()).hexdigest(),
    }
}
(here / "VENDOR.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
print(f"cytoscape {meta['version']} ({meta['license']})")
PY
