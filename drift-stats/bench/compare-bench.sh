#!/usr/bin/env bash
# Times `drift-stats compare` on two CSV files of ROWS rows (one numeric column, N(0,1) against N(0.05,1))
# and, when python3 with numpy and scipy is present, numpy.loadtxt + scipy.stats.ks_2samp on the same
# files in the same run: wall time of a fresh process each (start-up included), best of RUNS, interleaved.
#
#   mvn -o -q -pl drift-stats -am package -DskipTests   # builds drift-stats/target/drift-stats.jar
#   drift-stats/bench/compare-bench.sh [ROWS [RUNS]]     # defaults: 1000000 rows, 3 runs
#
# Prints each run, then one Markdown row: | rows | compare s | numpy+scipy s | ratio | D compare | D scipy |.
set -euo pipefail
rows=${1:-1000000}
runs=${2:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
jar="$here/target/drift-stats.jar"
[ -f "$jar" ] || { echo "missing $jar: run mvn -o -q -pl drift-stats -am package -DskipTests" >&2; exit 2; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/compare-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT

# Deterministic normal samples (Box-Muller on awk's seeded generator), 17 significant digits as a double prints.
gen() { # seed shift file
  awk -v seed="$1" -v shift="$2" -v n="$rows" 'BEGIN { srand(seed); print "x";
    for (i = 0; i < n; i += 2) { u = 1 - rand(); v = rand(); r = sqrt(-2 * log(u));
      printf "%.17g\n", r * cos(6.283185307179586 * v) + shift;
      if (i + 1 < n) printf "%.17g\n", r * sin(6.283185307179586 * v) + shift } }' > "$3"
}
gen 1 0 "$dir/a.csv"
gen 2 0.05 "$dir/b.csv"

now() { date +%s.%N; }
calc() { awk "BEGIN { print $1 }"; }
python=no
if python3 -c 'import numpy, scipy' 2>/dev/null; then python=yes; fi
best_java=999999; best_py=999999; d_java=; d_py=
for run in $(seq "$runs"); do
  t0=$(now)
  out=$(java -jar "$jar" compare --baseline "$dir/a.csv" --current "$dir/b.csv" --method ks --format json)
  t=$(calc "$(now) - $t0")
  d_java=$(echo "$out" | sed -E 's/.*"method":"ks","score":([^,]*),.*/\1/')
  best_java=$(calc "($t < $best_java) ? $t : $best_java")
  printf 'run %d: compare %.2f s (D %s)' "$run" "$t" "$d_java"
  if [ $python = yes ]; then
    t0=$(now)
    d_py=$(python3 -c "
import numpy as np, scipy.stats as st
a = np.loadtxt('$dir/a.csv', skiprows=1); b = np.loadtxt('$dir/b.csv', skiprows=1)
print(st.ks_2samp(a, b).statistic)")
    t=$(calc "$(now) - $t0")
    best_py=$(calc "($t < $best_py) ? $t : $best_py")
    printf ', numpy+scipy %.2f s (D %s)' "$t" "$d_py"
  fi
  echo
done
if [ $python = yes ]; then
  printf '| %d | %.2f | %.2f | %.2f | %s | %s |\n' "$rows" "$best_java" "$best_py" \
    "$(calc "$best_java / $best_py")" "$d_java" "$d_py"
else
  echo "python3 with numpy and scipy not found: no Python figure"
  printf '| %d | %.2f | - | - | %s | - |\n' "$rows" "$best_java" "$d_java"
fi
