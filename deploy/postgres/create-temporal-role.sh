#!/bin/sh
# Runs once, when the Postgres container initialises its data directory (/docker-entrypoint-initdb.d): the role
# Temporal's schema step and server use. RecomAMP's own tables belong to POSTGRES_USER in POSTGRES_DB.
set -eu
psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER}" --dbname "${POSTGRES_DB}" \
  -v password="${TEMPORAL_DB_PASSWORD}" <<'SQL'
CREATE ROLE temporal LOGIN CREATEDB PASSWORD :'password';
SQL
