#!/usr/bin/env bash
# Driftwatch's local commands:
#   ./driftwatch.sh demo [runner options]   build, then run every analysis (confidence, drift, cost) on an embedded stack
#                                           (in-process Kafka and Flink, VictoriaMetrics from Debian)
#   ./driftwatch.sh test                    run the whole test suite (unit and integration tests)
#   ./driftwatch.sh bench [--hours H]       the benchmark of the deployed configuration (BENCHMARKS.md): bare decode,
#                                           each analysis alone and all in one job end to end, state per series/feature
#   ./driftwatch.sh cluster [REST_PORT]     a standalone Flink 2.2 cluster (JobManager and TaskManager JVMs)
#                                           to submit jobs/target/driftwatch-jobs.jar to; logs in target/flink-cluster
#   ./driftwatch.sh bench-drift [--days D]  the feature-drift benchmark of BENCHMARKS.md
#   ./driftwatch.sh bench-scale [...]       feature drift at fleet scale on RocksDB, incremental checkpoints
#   ./driftwatch.sh events [--follow] [...] the events topic's committed events (--help for the filters)
#   ./driftwatch.sh fuzz [--records N] [--seed S]  fuzz the OTLP decoders with hostile records (BENCHMARKS.md)
#   ./driftwatch.sh catalog publish FILE [--config driftwatch.yaml] [--bootstrap-servers B] [--topic T]
#                                           validate a price catalog and publish it to cost.catalog-topic
#   ./driftwatch.sh cost reprice --from TIME --catalog FILE --name NAME [--until TIME] [--config driftwatch.yaml]
#                                           re-price the Kafka retention from TIME into pricing="NAME" series, print old/new totals
#   ./driftwatch.sh mutation                mutation testing (PIT) of the pure modules; reports in <module>/target/pit-reports
#   ./driftwatch.sh mutation connectors     the same for the connectors' OTLP decoding and cumulative-to-delta classes
# They need JDK 17 and Maven; those that run VictoriaMetrics install Debian's victoria-metrics package when
# it is missing and this user may (root, or password-less sudo), else they say exactly what to run.
set -euo pipefail
cd "$(dirname "$0")"

ensure_victoria_metrics() {
  local bin="${DRIFTWATCH_VICTORIA_METRICS_BIN:-/usr/bin/victoria-metrics}"
  if [ -x "$bin" ]; then return 0; fi
  echo "driftwatch: VictoriaMetrics ($bin) is missing; installing Debian's victoria-metrics package" >&2
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if sudo -n true 2>/dev/null; then sudo="sudo -n"; else
      echo "driftwatch: cannot install it as $(id -un). Run:  sudo apt-get update && sudo apt-get install -y victoria-metrics" >&2
      exit 1
    fi
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq victoria-metrics >/dev/null
  [ -x "$bin" ] || { echo "driftwatch: $bin still missing after the install" >&2; exit 1; }
}

# mvn -q still prints colour codes: keep its output for when the build fails.
build() {
  echo "building Driftwatch (mvn package, tests skipped)..."
  local log
  if ! log=$(mvn -q -B -DskipTests package 2>&1); then
    echo "$log" >&2
    exit 1
  fi
}

cmd="${1:-}"
shift || true
case "$cmd" in
  demo)
    ensure_victoria_metrics
    build
    : > devstack/target/driftwatch-demo.log
    exec java -Xmx3g --add-modules=jdk.incubator.foreign -Ddriftwatch.log.file=devstack/target/driftwatch-demo.log -cp "devstack/target/classes:$(cat devstack/target/runtime-classpath.txt)" io.driftwatch.devstack.demo.DemoRunner "$@"
    ;;
  test)
    ensure_victoria_metrics
    exec mvn -B verify "$@"
    ;;
  bench)
    ensure_victoria_metrics
    build
    : > devstack/target/driftwatch-bench.log
    exec java -Xmx6g -XX:+UseParallelGC --add-modules=jdk.incubator.foreign -Ddriftwatch.log.file=devstack/target/driftwatch-bench.log \
      -cp "devstack/target/classes:$(cat devstack/target/runtime-classpath.txt)" io.driftwatch.devstack.bench.AllAnalysesBenchmark "$@"
    ;;
  cluster)
    build
    exec java -cp "devstack/target/classes:$(cat devstack/target/runtime-classpath.txt)" io.driftwatch.devstack.servers.FlinkStandaloneCluster \
      flink-cluster/target/flink-classpath.txt target/flink-cluster "$@"
    ;;
  bench-drift)
    ensure_victoria_metrics
    build
    : > devstack/target/driftwatch-bench.log
    exec java -Xmx6g -XX:+UseParallelGC --add-modules=jdk.incubator.foreign -Ddriftwatch.log.file=devstack/target/driftwatch-bench.log \
      -cp "devstack/target/classes:$(cat devstack/target/runtime-classpath.txt)" io.driftwatch.devstack.bench.FeatureDriftBenchmark "$@"
    ;;
  bench-scale)
    ensure_victoria_metrics
    build
    : > devstack/target/driftwatch-bench.log
    exec java -Xmx6g -XX:+UseParallelGC --add-modules=jdk.incubator.foreign -Ddriftwatch.log.file=devstack/target/driftwatch-bench.log \
      -cp "devstack/target/classes:$(cat devstack/target/runtime-classpath.txt)" io.driftwatch.devstack.bench.ScaleBenchmark "$@"
    ;;
  events)
    build >&2
    : > devstack/target/driftwatch-events.log
    exec java -Ddriftwatch.log.file=devstack/target/driftwatch-events.log -cp "devstack/target/classes:$(cat devstack/target/runtime-classpath.txt)" io.driftwatch.devstack.events.EventsCommand "$@"
    ;;
  fuzz)
    build
    exec java -Xmx2g -cp "devstack/target/classes:$(cat devstack/target/runtime-classpath.txt)" io.driftwatch.devstack.bench.FuzzBenchmark "$@"
    ;;
  catalog)
    build
    exec java -cp "devstack/target/classes:$(cat devstack/target/runtime-classpath.txt)" io.driftwatch.devstack.catalog.CatalogMain "$@"
    ;;
  cost)
    build
    : > devstack/target/driftwatch-cost.log
    exec java -Ddriftwatch.log.file=devstack/target/driftwatch-cost.log -cp "devstack/target/classes:$(cat devstack/target/runtime-classpath.txt)" io.driftwatch.devstack.cost.CostMain "$@"
    ;;
  mutation)
    if [ "${1:-}" = connectors ]; then
      # the OTLP decoding and cumulative-to-delta classes (connectors' mutation profile); no Kafka, no cluster
      shift
      exec mvn -B -Pmutation -pl state-codec,connectors test-compile org.pitest:pitest-maven:mutationCoverage "$@"
    fi
    exec mvn -B -Pmutation verify -pl state-codec,drift-stats,cost-model "$@"
    ;;
  *)
    echo "usage: ./driftwatch.sh demo [--help | runner options] | test [maven options] | bench [--hours H] [--services N] [--skip-alone] [--no-warm-up] | bench-drift [--days D] [--spans N] [--parts update,cost,state,e2e] [--savepoint] | bench-scale [--model-versions N] [--features N] [--hours H] [--baseline-hours H] [--values N] | events [--bootstrap-servers B] [--topic T] [--follow] [--type TYPE] [--model M] [--since TIME] [--format table|json] | fuzz [--records N] [--seed S] | catalog publish FILE [--config F] [--bootstrap-servers B] [--topic T] | cost reprice --from TIME --catalog FILE --name NAME [--until TIME] [--config F] [--summary-only] | mutation [connectors] | cluster [REST_PORT]" >&2
    exit 2
    ;;
esac
