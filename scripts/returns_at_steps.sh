#!/bin/bash
# For each run folder given: the evaluation return at given env steps (the last evaluation at
# or before each), the final one, the mean of the last 5, and the run's wall time against its
# pure collection time (env steps x pace / collectors), the measures of the learning benchmarks
# in the README. With `--above REFERENCE` first, also in how many of the run's evaluations
# after the first given step it scored above the reference's latest evaluation at or before
# the same env step. Reads progress_evaluator.csv, summary.json and params.json.
set -euo pipefail
usage="usage: scripts/returns_at_steps.sh [--at STEPS,...] [--above REFERENCE_RUN] RUN..."
at="10000,20000,30000,40000"
reference=""
while [ $# -gt 0 ]; do
  case "$1" in
    --at) [ $# -ge 2 ] || { echo "$usage" >&2; exit 2; }; at="$2"; shift 2 ;;
    --above) [ $# -ge 2 ] || { echo "$usage" >&2; exit 2; }; reference="$2"; shift 2 ;;
    -h|--help) echo "$usage"; exit 0 ;;
    -*) echo "unknown option $1; $usage" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || { echo "$usage" >&2; exit 2; }
[[ "$at" =~ ^[0-9]+(,[0-9]+)*$ ]] || { echo "--at takes env steps like 10000,20000, not '$at'" >&2; exit 2; }
for run in "$@" ${reference:+"$reference"}; do
  for f in progress_evaluator.csv summary.json params.json; do
    [ -f "$run/$f" ] || { echo "no $run/$f" >&2; exit 2; }
  done
done

# The first number after "key": in a JSON file written by amb (one key per line).
json_number() {
  awk -v key="\"$2\":" '$1 == key { gsub(/[,]/, "", $2); print $2; exit }' "$1"
}

# "env_steps return" rows of a run's evaluations.
evaluations() {
  awk -F, 'NR == 1 { for (i = 1; i <= NF; ++i) column[$i] = i; next }
           { print $column["env_steps"], $column["eval_return"] }' "$1/progress_evaluator.csv"
}

printf "%-44s %-34s %9s %9s   %-26s" run "at ${at//,/ / }" final last5 "wall/collection"
[ -n "$reference" ] && printf " %14s" "above_ref"
printf "\n"
for run in "$@"; do
  wall=$(json_number "$run/summary.json" wall_seconds)
  steps=$(json_number "$run/summary.json" env_steps)
  pace=$(json_number "$run/params.json" pace_seconds)
  collectors=$(json_number "$run/params.json" count)
  curve=$(evaluations "$run" | awk -v at="$at" -v wall="$wall" -v steps="$steps" \
      -v pace="$pace" -v collectors="$collectors" '
    BEGIN { n = split(at, points, ",") }
    { step[NR] = $1; ret[NR] = $2; last = NR }
    END {
      line = ""
      for (p = 1; p <= n; ++p) {
        value = "-"
        # Past the last evaluation the run has no value.
        for (r = 1; r <= last && points[p] <= step[last]; ++r)
          if (step[r] <= points[p]) value = sprintf("%.1f", ret[r])
        line = line (p > 1 ? " / " : "") value
      }
      from = last > 5 ? last - 4 : 1
      for (r = from; r <= last; ++r) sum += ret[r]
      collection = steps * pace / collectors
      printf "%-34s %9.1f %9.1f %8.1f / %-7.1f = %.3f", line, ret[last], sum / (last - from + 1),
             wall, collection, (collection > 0 ? wall / collection : 0)
    }')
  printf "%-44s %s" "$run" "$curve"
  if [ -n "$reference" ]; then
    # The reference's evaluations first, then the run's: each of the run's rows after the first
    # given step is compared with the reference's latest row at or before its env step.
    above=$( { evaluations "$reference" | sed 's/^/r /'; evaluations "$run" | sed 's/^/x /'; } |
      awk -v from="${at%%,*}" '
        $1 == "r" { rs[++nr] = $2; rr[nr] = $3; next }
        $2 > from {
          latest = ""
          for (i = 1; i <= nr; ++i) if (rs[i] <= $2) latest = rr[i]
          if (latest == "") next
          ++compared; if ($3 > latest) ++higher
        }
        END { printf "%d of %d", higher, compared }')
    printf " %14s" "$above"
  fi
  printf "\n"
done
