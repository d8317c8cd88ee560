#!/usr/bin/env bash
# Restores a backup made by deploy/backup.sh (pg_dump custom format) into the tool's
# PostgreSQL database, replacing what is there. Stop every tool node first (compose:
# docker compose stop app1 app2; Kubernetes: kubectl scale deployment recovery-lab --replicas=0),
# restore, then start them again; a backup from an older version is migrated at start.
#
#   DATABASE_URL=jdbc:postgresql://db.example.internal:5432/recovery_lab \
#   DATABASE_USER=recovery_lab DATABASE_PASSWORD=... deploy/restore.sh backup.dump [--yes]
#
# Without --yes it asks for the database name before overwriting anything.
#
# With the compose stack, run pg_restore inside the database container instead:
#   docker compose -f deploy/compose.yaml exec -T db \
#     pg_restore --clean --if-exists --no-owner --single-transaction -U recovery_lab -d recovery_lab < backup.dump
set -euo pipefail

file="${1:-}"
confirmed="${2:-}"
if [ -z "$file" ] || [ ! -f "$file" ]; then
  echo "usage: deploy/restore.sh BACKUP_FILE [--yes]  (a file written by deploy/backup.sh)" >&2
  exit 1
fi

url="${DATABASE_URL:-}"
case "$url" in
  jdbc:postgresql://*) ;;
  "" | jdbc:h2:*)
    echo "restore: DATABASE_URL is not PostgreSQL. For the embedded H2 database, stop the tool," >&2
    echo "restore: replace DATA_DIR with the copied folder, and start the tool again." >&2
    exit 1 ;;
  *)
    echo "restore: DATABASE_URL must start with jdbc:postgresql://, got: ${url%%\?*}" >&2
    exit 1 ;;
esac
target="${url#jdbc:}"
target="${target%%\?*}"
database="${target##*/}"

export PGUSER="${DATABASE_USER:-${PGUSER:-}}"
export PGPASSWORD="${DATABASE_PASSWORD:-${PGPASSWORD:-}}"

# refuse a file that is not a pg_dump archive before touching the database
pg_restore --list "$file" >/dev/null

if [ "$confirmed" != "--yes" ]; then
  if [ ! -t 0 ]; then
    echo "restore: this replaces everything in $target; add --yes to confirm" >&2
    exit 1
  fi
  read -r -p "Replace everything in $target with $file? Type the database name ($database): " answer
  [ "$answer" = "$database" ] || { echo "restore: not confirmed, nothing changed" >&2; exit 1; }
fi

# one transaction: a failed restore leaves the database as it was
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
  --dbname="$target" "$file"
echo "restore: restored $file into $target"
