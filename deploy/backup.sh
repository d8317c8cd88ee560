#!/usr/bin/env bash
# Backs up the tool's PostgreSQL database in pg_dump's custom format (compressed; restore
# with deploy/restore.sh). The tool may keep running: pg_dump reads one consistent snapshot.
#
#   DATABASE_URL=jdbc:postgresql://db.example.internal:5432/recovery_lab \
#   DATABASE_USER=recovery_lab DATABASE_PASSWORD=... deploy/backup.sh [file]
#
# It reads the same DATABASE_URL, DATABASE_USER and DATABASE_PASSWORD as the tool. The
# default file name is recovery-lab-<UTC time>.dump in the current folder.
# Needs pg_dump of the server's major version or newer.
#
# With the compose stack, run pg_dump inside the database container instead:
#   docker compose -f deploy/compose.yaml exec -T db pg_dump -Fc -U recovery_lab recovery_lab > backup.dump
set -euo pipefail

url="${DATABASE_URL:-}"
case "$url" in
  jdbc:postgresql://*) ;;
  "" | jdbc:h2:*)
    echo "backup: DATABASE_URL is not PostgreSQL. The embedded H2 database is one file under DATA_DIR:" >&2
    echo "backup: stop the tool, copy DATA_DIR (cp -a data data-backup), start the tool again." >&2
    exit 1 ;;
  *)
    echo "backup: DATABASE_URL must start with jdbc:postgresql://, got: ${url%%\?*}" >&2
    exit 1 ;;
esac

# the JDBC URL minus "jdbc:" is a libpq URI; JDBC-only query parameters are dropped
target="${url#jdbc:}"
target="${target%%\?*}"
file="${1:-recovery-lab-$(date -u +%Y%m%dT%H%M%SZ).dump}"

export PGUSER="${DATABASE_USER:-${PGUSER:-}}"
export PGPASSWORD="${DATABASE_PASSWORD:-${PGPASSWORD:-}}"

# write to a temporary name first so a failed dump never looks like a good backup
pg_dump --format=custom --file="$file.partial" --dbname="$target"
mv "$file.partial" "$file"
echo "backup: wrote $file ($(wc -c <"$file") bytes) from $target"
