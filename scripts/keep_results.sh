#!/bin/bash
# Keeps the evidence of finished benchmark runs in the repository: for each run folder under
# runs/, its configuration (params.json), final counters (summary.json), events and every
# worker's progress (progress*.csv: evaluation curves, learner figures such as meta-steps or Q
# targets) go to the same path under docs/results/. Run folders are not
# committed (their buffers and checkpoints are large) and do not outlive the machine they ran
# on; these files do, and scripts/returns_at_steps.sh, scripts/episodes_to_best.sh and
# `amb plot` read a kept folder as they read the run's own.
set -euo pipefail
usage="usage: scripts/keep_results.sh runs/GROUP/RUN...   (paths from the repository's root)"
# From the repository's root, wherever it is called from: the kept files belong in its docs/.
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "$usage" >&2; exit 2; }
case "$1" in -h|--help) echo "$usage"; exit 0 ;; esac
for run in "$@"; do
  run="${run%/}"
  case "$run" in
    runs/*) ;;
    *) echo "keep_results: '$run' is not a folder under runs/; $usage" >&2; exit 2 ;;
  esac
  # A run without summary.json is still going (or was killed): its curve would be cut short.
  for f in params.json summary.json progress_evaluator.csv; do
    [ -f "$run/$f" ] || { echo "keep_results: no $run/$f (is the run finished?)" >&2; exit 2; }
  done
done
for run in "$@"; do
  run="${run%/}"
  kept="docs/results/${run#runs/}"
  mkdir -p "$kept"
  cp "$run"/params.json "$run"/summary.json "$run"/progress*.csv "$kept"/
  [ -f "$run/events.jsonl" ] && cp "$run/events.jsonl" "$kept"/
  echo "$run -> $kept"
done
