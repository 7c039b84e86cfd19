#!/bin/bash
# For each run folder given: its best evaluation return, and the episodes (collected
# trajectories) after which the evaluation first came within 5 % of it, the measure of the NAF
# paper's Table 1. With `--of REFERENCE` first, also the episodes after which each run first
# came within 5 % of the reference run's best (runs compared at one return; "-": never).
# Reads progress_evaluator.csv (time, eval_return, ..., env_steps, trajectories).
set -euo pipefail
usage="usage: scripts/episodes_to_best.sh [--of REFERENCE_RUN] RUN..."
reference_best=""
if [ "${1:-}" = "--of" ]; then
  [ $# -ge 3 ] || { echo "$usage" >&2; exit 2; }
  reference="$2"
  shift 2
fi
[ $# -ge 1 ] || { echo "$usage" >&2; exit 2; }
for run in "$@" ${reference:+"$reference"}; do
  [ -f "$run/progress_evaluator.csv" ] || { echo "no $run/progress_evaluator.csv" >&2; exit 2; }
done

# best and first episodes within 5 % of `threshold_of` (the run's own best when empty).
measure() {
  awk -F, -v given="$2" '
    NR == 1 { for (i = 1; i <= NF; ++i) column[$i] = i; next }
    { ret[NR] = $column["eval_return"]; episodes[NR] = $column["trajectories"]; last = NR
      if (NR == 2 || ret[NR] > best) best = ret[NR] }
    END {
      target = given == "" ? best : given
      threshold = target - 0.05 * (target < 0 ? -target : target)
      first = "-"
      for (r = 2; r <= last; ++r) if (ret[r] >= threshold) { first = episodes[r]; break }
      printf "%.2f %s %.2f\n", best, first, ret[last]
    }' "$1/progress_evaluator.csv"
}

if [ -n "${reference:-}" ]; then
  reference_best=$(measure "$reference" "" | cut -d' ' -f1)
  printf "%-60s %10s %10s %10s %14s\n" run best episodes final "to_ref_$reference_best"
else
  printf "%-60s %10s %10s %10s\n" run best episodes final
fi
for run in "$@"; do
  read -r best episodes final < <(measure "$run" "")
  if [ -n "$reference_best" ]; then
    read -r _ to_reference _ < <(measure "$run" "$reference_best")
    printf "%-60s %10s %10s %10s %14s\n" "$run" "$best" "$episodes" "$final" "$to_reference"
  else
    printf "%-60s %10s %10s %10s\n" "$run" "$best" "$episodes" "$final"
  fi
done
