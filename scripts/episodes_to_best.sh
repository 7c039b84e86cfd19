#!/bin/bash
# For each run folder given: its best evaluation return, and the episodes (collected
# trajectories) after which the evaluation first came within 5 % of it, the measure of the NAF
# paper's Table 1. With `--of REFERENCE` first, also the episodes after which each run first
# came within 5 % of the reference run's best (runs compared at one return; "-": never).
# With `--reach R1,R2,...` (before --of), also the episodes after which each run first reached
# each return R (at or above it; the early part of the curves, where the runs differ most).
# Reads progress_evaluator.csv (time, eval_return, ..., env_steps, trajectories).
set -euo pipefail
usage="usage: scripts/episodes_to_best.sh [--reach R1,R2,...] [--of REFERENCE_RUN] RUN..."
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  echo "$usage"
  sed -n '2,8s/^# \{0,1\}//p' "$0"
  exit 0
fi
reference_best=""
reach=()
if [ "${1:-}" = "--reach" ]; then
  [ $# -ge 3 ] || { echo "$usage" >&2; exit 2; }
  IFS=, read -r -a reach <<< "$2"
  for r in "${reach[@]}"; do
    [[ "$r" =~ ^-?[0-9]+([.][0-9]+)?$ ]] || { echo "--reach: '$r' is not a number" >&2; exit 2; }
  done
  shift 2
fi
if [ "${1:-}" = "--of" ]; then
  [ $# -ge 3 ] || { echo "$usage" >&2; exit 2; }
  reference="$2"
  shift 2
fi
[ $# -ge 1 ] || { echo "$usage" >&2; exit 2; }
for run in "$@" ${reference:+"$reference"}; do
  [ -f "$run/progress_evaluator.csv" ] || { echo "no $run/progress_evaluator.csv" >&2; exit 2; }
done

# best (rounded for the table), first episodes within 5 % of $2 (the run's own best when empty)
# or at or above $2 when $3 is "exactly", final return, and the best unrounded (the reference's
# threshold is taken from it: a rounded best moves the threshold past returns within 5 %).
measure() {
  awk -F, -v given="$2" -v exactly="${3:-}" '
    NR == 1 { for (i = 1; i <= NF; ++i) column[$i] = i; next }
    { ret[NR] = $column["eval_return"]; episodes[NR] = $column["trajectories"]; last = NR
      if (NR == 2 || ret[NR] > best) best = ret[NR] }
    END {
      target = given == "" ? best : given
      threshold = exactly == "exactly" ? target : target - 0.05 * (target < 0 ? -target : target)
      first = "-"
      for (r = 2; r <= last; ++r) if (ret[r] >= threshold) { first = episodes[r]; break }
      printf "%.2f %s %.2f %.17g\n", best, first, ret[last], best
    }' "$1/progress_evaluator.csv"
}

header=$(printf "%-60s %10s %10s %10s" run best episodes final)
if [ -n "${reference:-}" ]; then
  read -r rounded_reference_best _ _ reference_best < <(measure "$reference" "")
  header+=$(printf " %14s" "to_ref_$rounded_reference_best")
fi
for r in "${reach[@]}"; do header+=$(printf " %10s" "to_$r"); done
echo "$header"
for run in "$@"; do
  read -r best episodes final _ < <(measure "$run" "")
  line=$(printf "%-60s %10s %10s %10s" "$run" "$best" "$episodes" "$final")
  if [ -n "$reference_best" ]; then
    read -r _ to_reference _ _ < <(measure "$run" "$reference_best")
    line+=$(printf " %14s" "$to_reference")
  fi
  for r in "${reach[@]}"; do
    read -r _ to_r _ _ < <(measure "$run" "$r" exactly)
    line+=$(printf " %10s" "$to_r")
  done
  echo "$line"
done
