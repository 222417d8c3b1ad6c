#!/usr/bin/env bash
# The embedded stack without Docker: Apache Kafka (KRaft, single node) and the
# Apicurio schema registry, both run from Maven Central artifacts on the local JVM.
# PostgreSQL is not started here: it is the server at DATABASE_URL.
#
#   stack.sh fetch            download the artifacts into the cache (once)
#   stack.sh start            start whatever is not running, wait until healthy
#   stack.sh stop             stop both (graceful, then forced after a timeout)
#   stack.sh status           say what runs where; exit 1 if anything is down
#   stack.sh logs [kafka|registry]   tail a log
#   stack.sh reset            stop and delete all state (Kafka data, logs)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

KAFKA_VERSION=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/pom.xml")
SLF4J_VERSION=$(sed -n 's:.*<slf4j.version>\(.*\)</slf4j.version>.*:\1:p' "$here/pom.xml")
APICURIO_VERSION=${APICURIO_VERSION:-$(sed -n 's:.*<apicurio.version>\(.*\)</apicurio.version>.*:\1:p' "$here/pom.xml")}

STACK_CACHE=${STACK_CACHE:-$root/.cache/stack}
STACK_DIR=${STACK_DIR:-$root/.stack}
STACK_HOST=127.0.0.1
KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
SCHEMA_REGISTRY_PORT=${SCHEMA_REGISTRY_PORT:-8081}
# Apicurio serves its health checks on a separate management port.
SCHEMA_REGISTRY_MANAGEMENT_PORT=${SCHEMA_REGISTRY_MANAGEMENT_PORT:-8082}
KAFKA_HEAP=${KAFKA_HEAP:-768m}
REGISTRY_HEAP=${REGISTRY_HEAP:-512m}
STACK_START_TIMEOUT=${STACK_START_TIMEOUT:-120}

kafka_home=$STACK_CACHE/kafka-$KAFKA_VERSION

log() { printf '[stack] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

java_major() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1; }

# Apicurio Registry 3.x is built for Java 21+, Kafka 4.x for Java 17+. Take
# REGISTRY_JAVA if given, else the newest JDK 21+ found; print nothing if there is none.
java21() {
  if [ -n "${REGISTRY_JAVA:-}" ]; then echo "$REGISTRY_JAVA"; return; fi
  local candidate major
  for candidate in "${JAVA_HOME:-/nonexistent}/bin/java" $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV) "$(command -v java)"; do
    [ -x "$candidate" ] || continue
    major=$(java_major "$candidate")
    if [ "${major:-0}" -ge 21 ]; then echo "$candidate"; return; fi
  done
}

# Without a Java 21+, fall back to Apicurio Registry 2.6 (Java 17, same ccompat/v7 API,
# health on the API port instead of a management port).
registry_java=$(java21)
if [ -z "$registry_java" ]; then
  case "$APICURIO_VERSION" in 2.*) ;; *) APICURIO_VERSION=2.6.13.Final ;; esac
  registry_java=java
fi
registry_home=$STACK_CACHE/apicurio-$APICURIO_VERSION
case "$APICURIO_VERSION" in
  2.*)
    registry_jar=$registry_home/apicurio-registry-app-$APICURIO_VERSION-runner.jar
    registry_health="http://$STACK_HOST:$SCHEMA_REGISTRY_PORT/health/ready"
    registry_opts=(-Dquarkus.datasource.jdbc.url="jdbc:h2:file:$STACK_DIR/registry/data/registry")
    ;;
  *)
    registry_jar=$registry_home/quarkus-run.jar
    registry_health="http://$STACK_HOST:$SCHEMA_REGISTRY_MANAGEMENT_PORT/health/ready"
    registry_opts=(-Dquarkus.management.host="$STACK_HOST" -Dquarkus.management.port="$SCHEMA_REGISTRY_MANAGEMENT_PORT"
      -Dapicurio.datasource.url="jdbc:h2:file:$STACK_DIR/registry/data/registry")
    ;;
esac

# A pid file is trusted only if that process is ours: a JVM started with this STACK_DIR
# (after a reboot the number may belong to anything else).
STACK_MARKER="-Dpostback.stack.dir=$STACK_DIR"
pid_alive() {
  [ -f "$1" ] || return 1
  local pid; pid=$(cat "$1")
  kill -0 "$pid" 2>/dev/null && tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- "$STACK_MARKER"
}
port_open() { (exec 3<>"/dev/tcp/$STACK_HOST/$1") 2>/dev/null; }

wait_until() { # wait_until <what> <seconds> <pidfile> <command...>
  local what=$1 secs=$2 pidfile=$3; shift 3
  local deadline=$((SECONDS + secs))
  until "$@"; do
    # The pid was written by this script a moment ago: alive is enough. The marker check of
    # pid_alive (for stale pid files) fails while nohup has not yet exec'd java, which a
    # loaded machine stretches out: a starting broker was reported as exited.
    kill -0 "$(cat "$pidfile")" 2>/dev/null || die "$what exited during start-up; see $(dirname "$pidfile")/$what.log"
    [ $SECONDS -lt $deadline ] || die "$what not healthy after ${secs}s; see $(dirname "$pidfile")/$what.log"
    sleep 0.5
  done
}

fetch() {
  if [ -f "$kafka_home/libs/kafka_2.13-$KAFKA_VERSION.jar" ] && [ -f "$kafka_home/libs/slf4j-api-$SLF4J_VERSION.jar" ] && [ -f "$registry_jar" ]; then
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found: install Maven (and a JDK 17+)"
  log "fetching Kafka $KAFKA_VERSION and Apicurio Registry $APICURIO_VERSION from Maven Central"
  mvn -q -B -f "$here/pom.xml" -Dstack.cache="$STACK_CACHE" -Dapicurio.version="$APICURIO_VERSION" package
}

kafka_config() {
  local dir=$STACK_DIR/kafka
  mkdir -p "$dir/data"
  cat >"$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$STACK_HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$STACK_HOST:$KAFKA_PORT,CONTROLLER://$STACK_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$STACK_HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
# Topics are created explicitly by the services; never by a stray producer.
auto.create.topics.enable=false
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
}

start_kafka() {
  local dir=$STACK_DIR/kafka pidfile=$STACK_DIR/kafka/kafka.pid
  if pid_alive "$pidfile"; then log "kafka already running (pid $(cat "$pidfile"))"; return 0; fi
  rm -f "$pidfile"
  port_open "$KAFKA_PORT" && die "port $KAFKA_PORT is taken by another process (set KAFKA_PORT)"
  port_open "$KAFKA_CONTROLLER_PORT" && die "port $KAFKA_CONTROLLER_PORT is taken by another process (set KAFKA_CONTROLLER_PORT)"
  kafka_config
  local cp="$kafka_home/libs/*"
  if [ ! -f "$dir/data/meta.properties" ]; then
    local cluster_id
    cluster_id=$(java -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    java -cp "$cp" kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" >"$dir/format.log" 2>&1 ||
      die "formatting the Kafka log dir failed; see $dir/format.log"
  fi
  log "starting kafka $KAFKA_VERSION on $STACK_HOST:$KAFKA_PORT"
  nohup java "$STACK_MARKER" -Xms256m -Xmx"$KAFKA_HEAP" -XX:+UseG1GC -Djava.awt.headless=true \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.showDateTime=true \
    -cp "$cp" kafka.Kafka "$dir/server.properties" >"$dir/kafka.log" 2>&1 &
  echo $! >"$pidfile"
  wait_until kafka "$STACK_START_TIMEOUT" "$pidfile" port_open "$KAFKA_PORT"
}

registry_ready() {
  curl -fsS "$registry_health" >/dev/null 2>&1
}

start_registry() {
  local dir=$STACK_DIR/registry pidfile=$STACK_DIR/registry/registry.pid
  mkdir -p "$dir"
  if pid_alive "$pidfile"; then log "registry already running (pid $(cat "$pidfile"))"; return 0; fi
  rm -f "$pidfile"
  port_open "$SCHEMA_REGISTRY_PORT" && die "port $SCHEMA_REGISTRY_PORT is taken by another process (set SCHEMA_REGISTRY_PORT)"
  if [[ $APICURIO_VERSION != 2.* ]] && port_open "$SCHEMA_REGISTRY_MANAGEMENT_PORT"; then
    die "port $SCHEMA_REGISTRY_MANAGEMENT_PORT is taken by another process (set SCHEMA_REGISTRY_MANAGEMENT_PORT)"
  fi
  log "starting apicurio registry $APICURIO_VERSION on $STACK_HOST:$SCHEMA_REGISTRY_PORT (schemas in $dir/data)"
  # Schemas are kept in an H2 file beside Kafka's data: ids in stored messages stay valid
  # across restarts. `reset` clears both together.
  mkdir -p "$dir/data"
  REGISTRY_DATASOURCE_URL="jdbc:h2:file:$dir/data/registry" nohup "$registry_java" "$STACK_MARKER" -Xms128m -Xmx"$REGISTRY_HEAP" -Djava.awt.headless=true \
    -Dquarkus.http.host="$STACK_HOST" -Dquarkus.http.port="$SCHEMA_REGISTRY_PORT" \
    "${registry_opts[@]}" \
    -Dquarkus.http.access-log.enabled=false -Dapicurio.storage.sql.kind=h2 \
    '-Dquarkus.log.category."io.apicurio".level=WARN' -Dquarkus.banner.enabled=false \
    -jar "$registry_jar" >"$dir/registry.log" 2>&1 &
  echo $! >"$pidfile"
  wait_until registry "$STACK_START_TIMEOUT" "$pidfile" registry_ready
}

stop_one() { # stop_one <name> <pidfile>
  local name=$1 pidfile=$2
  if ! pid_alive "$pidfile"; then rm -f "$pidfile"; return 0; fi
  local pid; pid=$(cat "$pidfile")
  log "stopping $name (pid $pid)"
  kill "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then log "$name did not stop in 30s; killing"; kill -9 "$pid" 2>/dev/null || true; fi
    sleep 0.2
  done
  rm -f "$pidfile"
}

status() {
  local down=0
  if pid_alive "$STACK_DIR/kafka/kafka.pid" && port_open "$KAFKA_PORT"; then
    echo "kafka     up    $STACK_HOST:$KAFKA_PORT (Apache Kafka $KAFKA_VERSION, KRaft)"
  else echo "kafka     down"; down=1; fi
  if pid_alive "$STACK_DIR/registry/registry.pid" && registry_ready; then
    echo "registry  up    http://$STACK_HOST:$SCHEMA_REGISTRY_PORT/apis/ccompat/v7 (Apicurio Registry $APICURIO_VERSION)"
  else echo "registry  down"; down=1; fi
  return $down
}

case "${1:-}" in
  fetch) fetch ;;
  start)
    command -v java >/dev/null || die "java not found: install a JDK 17+"
    fetch
    mkdir -p "$STACK_DIR"
    start_kafka
    start_registry
    status
    ;;
  stop)
    stop_one registry "$STACK_DIR/registry/registry.pid"
    stop_one kafka "$STACK_DIR/kafka/kafka.pid"
    ;;
  status) status ;;
  logs)
    case "${2:-kafka}" in
      kafka) tail -n 200 -f "$STACK_DIR/kafka/kafka.log" ;;
      registry) tail -n 200 -f "$STACK_DIR/registry/registry.log" ;;
      *) die "logs takes kafka or registry" ;;
    esac
    ;;
  reset)
    "$0" stop
    rm -rf "$STACK_DIR"
    log "state removed: $STACK_DIR"
    ;;
  *)
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
