#!/usr/bin/env bash
# Flee's two shipped cases in micic-sim: import, joint calibration, scoring of the shipped
# defaults on fresh seeds, and both tools side by side. Run from the repository root with the
# project's virtual environment (and, for the last step, Flee's: benchmarks/FLEE_BASELINE.md).
set -euo pipefail
S=${FLEE_CONFLICTS:-../shared/flee-conflicts}
M=.venv/bin/micic-sim
OUT=experiments/flee_validation

# 1. Import (the bundled scenarios/flee_mali and scenarios/flee_car are exactly this).
$M import-flee "$S/input/mali" flee_mali --validation "$S/validation/mali2012" --overwrite
$M import-flee "$S/input/car" flee_car --validation "$S/validation/car2013" --overwrite

# 2. One parameter set for both cases (the grid in each case's calibration.yaml), ~12 min.
rm -rf "$OUT/joint"
$M calibrate flee_mali flee_car --out "$OUT/joint"

# 3. The shipped defaults on seeds 0-2, leave-one-out from the grid, charts: results.md, ~2 min.
.venv/bin/python "$OUT/summarise.py"

# 4. Flee itself and micic-sim on the same cases (and the synthetic graph), ~17 min.
if [ -x "${FLEE_PYTHON:-/work/flee-venv/bin/python}" ]; then
  .venv/bin/python benchmarks/side_by_side.py --cases mali,car --sizes 1e5 --days 90 \
    --shared "$S" | tail -1 > "$OUT/side_by_side.json"
fi
