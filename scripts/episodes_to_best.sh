#!/bin/bash
# For each run folder given: its best evaluation return, and the episodes (collected
# trajectories) after which the evaluation first came within 5 % of it, the measure of the NAF
# paper's Table 1. Reads progress_evaluator.csv (time, eval_return, ..., env_steps, trajectories).
set -euo pipefail
printf "%-50s %10s %10s %10s\n" run best episodes final
for run in "$@"; do
  awk -F, -v run="$run" '
    NR == 1 { for (i = 1; i <= NF; ++i) column[$i] = i; next }
    { ret[NR] = $column["eval_return"]; episodes[NR] = $column["trajectories"]; last = NR
      if (NR == 2 || ret[NR] > best) best = ret[NR] }
    END {
      threshold = best - 0.05 * (best < 0 ? -best : best)
      for (r = 2; r <= last; ++r) if (ret[r] >= threshold) { first = episodes[r]; break }
      printf "%-50s %10.2f %10d %10.2f\n", run, best, first, ret[last]
    }' "$run/progress_evaluator.csv"
done
