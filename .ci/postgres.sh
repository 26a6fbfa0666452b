#!/usr/bin/env bash
# Install (if missing) and start a local PostgreSQL for the store tests, then print
#   export TIPTIERS_TEST_POSTGRES_URL=postgresql+psycopg://USER:PASS@127.0.0.1:PORT/DB
# on stdout (everything else goes to stderr), so CI can do:
#   eval "$(bash .ci/postgres.sh)"
# The server listens on loopback only (Debian's default listen_addresses = 'localhost');
# the test role gets CREATEDB so each test can make and drop its own database.
# Idempotent: running it again just checks that everything is up.
set -euo pipefail

ROLE="${TIPTIERS_PG_ROLE:-tiptiers_test}"
PASSWORD="${TIPTIERS_PG_PASSWORD:-tiptiers_test}"
DBNAME="${TIPTIERS_PG_DB:-tiptiers_test}"

log() { echo "postgres.sh: $*" >&2; }

as_postgres() {
  if command -v runuser >/dev/null 2>&1; then
    runuser -u postgres -- "$@"
  else
    su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
  fi
}

if ! command -v pg_lsclusters >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "installing Debian postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y postgresql >&2
fi

# The newest installed cluster (create one if the package did not).
cluster_line="$(pg_lsclusters --no-header 2>/dev/null | sort -k1,1V | tail -n 1 || true)"
if [ -z "$cluster_line" ]; then
  version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
  log "creating cluster $version/main"
  pg_createcluster "$version" main >&2
  cluster_line="$(pg_lsclusters --no-header | sort -k1,1V | tail -n 1)"
fi
read -r version cluster port status _rest <<<"$cluster_line"

if [ "$status" != "online" ]; then
  log "starting cluster $version/$cluster on port $port"
  pg_ctlcluster "$version" "$cluster" start >&2
fi

# Wait until it accepts connections.
for _ in $(seq 1 60); do
  if as_postgres psql -p "$port" -Atqc 'select 1' >/dev/null 2>&1; then
    break
  fi
  sleep 0.5
done
as_postgres psql -p "$port" -Atqc 'select 1' >/dev/null

as_postgres psql -p "$port" -v ON_ERROR_STOP=1 -q >&2 <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${ROLE}') THEN
    CREATE ROLE "${ROLE}" LOGIN CREATEDB PASSWORD '${PASSWORD}';
  ELSE
    ALTER ROLE "${ROLE}" LOGIN CREATEDB PASSWORD '${PASSWORD}';
  END IF;
END
\$\$;
SQL
if [ "$(as_postgres psql -p "$port" -Atqc "select 1 from pg_database where datname = '${DBNAME}'")" != "1" ]; then
  as_postgres psql -p "$port" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE \"${DBNAME}\" OWNER \"${ROLE}\"" >&2
fi

# Password auth over TCP on loopback must work (pg_hba: host ... 127.0.0.1/32 scram-sha-256).
PGPASSWORD="$PASSWORD" psql -h 127.0.0.1 -p "$port" -U "$ROLE" -d "$DBNAME" -Atqc 'select 1' >/dev/null

log "PostgreSQL $version ready on 127.0.0.1:$port"
echo "export TIPTIERS_TEST_POSTGRES_URL=postgresql+psycopg://${ROLE}:${PASSWORD}@127.0.0.1:${port}/${DBNAME}"
