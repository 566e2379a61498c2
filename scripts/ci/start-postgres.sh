#!/usr/bin/env bash
# Starts Debian's PostgreSQL cluster and creates the test role and database (idempotent).
set -euo pipefail
ver=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)
[ -n "$ver" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
pg_ctlcluster "$ver" main start 2>/dev/null || pg_ctlcluster "$ver" main status >/dev/null
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='cttest'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"CREATE ROLE cttest LOGIN PASSWORD 'cttest' CREATEDB\""
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='cttest'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"CREATE DATABASE cttest OWNER cttest\""
