#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on loopback (Debian package) and print its URL.
set -euo pipefail
if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null 2>&1
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGDATA=$(mktemp -d /tmp/triangulate-pg.XXXXXX)
PORT=${PGPORT_CI:-54329}
chown postgres "$PGDATA"
su postgres -c "$PGBIN/initdb -D $PGDATA -A trust -U postgres" >/dev/null
su postgres -c "$PGBIN/pg_ctl -D $PGDATA -o '-p $PORT -k /tmp -c listen_addresses=127.0.0.1' -l $PGDATA/log -w start" >/dev/null
su postgres -c "$PGBIN/createdb -h 127.0.0.1 -p $PORT -U postgres triangulate_test"
echo "postgresql://postgres@127.0.0.1:$PORT/triangulate_test"
