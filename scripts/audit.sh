#!/usr/bin/env bash
# Known vulnerabilities in the installed Python packages (pip-audit, PyPI's advisory data).
# Fails on any vulnerability found. When the advisory data cannot be read (no network, or an
# index without PyPI's JSON API) it says so loudly, naming how many packages went unchecked,
# and carries on; with ICIS_AUDIT_STRICT=1 (CI with internet access) that fails too.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
report=$(mktemp)
errors=$(mktemp)
trap 'rm -f "$report" "$errors"' EXIT

.venv/bin/pip-audit --progress-spinner off --skip-editable --format json >"$report" 2>"$errors" ||
  true
ICIS_AUDIT_ERRORS="$errors" .venv/bin/python - "$report" <<'PY'
import json
import os
import sys

strict = os.environ.get("ICIS_AUDIT_STRICT") == "1"
try:
    with open(sys.argv[1]) as report:
        dependencies = json.load(report)["dependencies"]
except (OSError, ValueError, KeyError):
    with open(os.environ["ICIS_AUDIT_ERRORS"]) as errors:
        last = (errors.read().strip().splitlines() or ["no output"])[-1]
    print(f"pip-audit: WARNING: could not run the audit ({last}); no package was checked.")
    sys.exit(1 if strict else 0)

vulnerable = [d for d in dependencies if d.get("vulns")]
unchecked = [d["name"] for d in dependencies if d.get("skip_reason")]
for dependency in vulnerable:
    for vuln in dependency["vulns"]:
        fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed release"
        print(f"pip-audit: {dependency['name']} {dependency['version']}: {vuln['id']} ({fixed})")
if vulnerable:
    sys.exit(1)
checked = len(dependencies) - len(unchecked)
if unchecked:
    print(
        f"pip-audit: WARNING: {len(unchecked)} of {len(dependencies)} packages could not be "
        "checked (PyPI's advisory data did not answer for them), e.g. "
        f"{', '.join(unchecked[:5])}."
    )
    sys.exit(1 if strict else 0)
print(f"pip-audit: {checked} packages checked, no known vulnerabilities.")
PY
