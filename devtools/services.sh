#!/usr/bin/env bash
# What the tests need from the machine: PostgreSQL and Redis on 127.0.0.1 (the PostgreSQL
# run, the Redis cache tests, the local CKAN) and Debian's chromium (the browser tests).
#
#   devtools/services.sh [start]   install what is missing (Debian packages), start both
#                                  servers and wait until they answer; idempotent
#   devtools/services.sh stop      stop them
#
# No systemd is needed: the cluster is started with pg_ctlcluster and Redis with
# --daemonize. PostgreSQL trusts the `postgres` user from 127.0.0.1 only (as the tests'
# DATABASE_URL and the local CKAN's set-up expect); every other user and address keeps
# Debian's password rule. Redis keeps nothing on disk. `make run` needs neither service.
set -euo pipefail

PG_HOST=127.0.0.1
PG_PORT=5432
REDIS_HOST=127.0.0.1
REDIS_PORT=6379
STATE_DIR=${MINHBACH_SERVICES_DIR:-/tmp/minhbach-services}
REDIS_PIDFILE="$STATE_DIR/redis.pid"
HBA_MARK="# minhbach: the postgres user from 127.0.0.1 without a password (tests, local CKAN)"

say() { printf '[services] %s\n' "$*"; }
die() { say "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing_packages() {
    local package
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
            printf '%s\n' "$package"
    done
}

# `apt-get update` costs seconds: once an hour is enough for a second machine's start.
apt_update_once() {
    local stamp="$STATE_DIR/apt-updated"
    if [ -z "$(find "$stamp" -mmin -60 2>/dev/null)" ]; then
        say "apt-get update"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        touch "$stamp"
    fi
}

install_packages() {
    local missing
    missing=$(missing_packages "$@")
    [ -n "$missing" ] || return 0
    apt_update_once
    # shellcheck disable=SC2086  # one word per package
    say "installing" $missing
    as_root env DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 \
        apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

pg_cluster() {
    # The newest installed version's cluster "main" (created by the package, or here).
    local version
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    [ -n "$version" ] || die "no PostgreSQL server installed"
    if [ ! -d "/etc/postgresql/$version/main" ]; then
        say "creating PostgreSQL cluster $version/main (UTF-8)"
        as_root pg_createcluster --locale C.UTF-8 --encoding UTF8 "$version" main >/dev/null
    fi
    echo "$version"
}

pg_trust_postgres_on_loopback() {
    local version=$1 hba="/etc/postgresql/$1/main/pg_hba.conf"
    grep -qF "$HBA_MARK" "$hba" && return 1
    say "PostgreSQL: trusting user postgres from 127.0.0.1/32 ($hba)"
    # The first matching line wins, so ours goes before Debian's rules.
    as_root sed -i "1i $HBA_MARK\nhost    all    postgres    127.0.0.1/32    trust" "$hba"
    return 0
}

pg_answers() {
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT" &&
        psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1
}

wait_for() {
    local what=$1; shift
    for _ in $(seq 1 60); do
        "$@" && return 0
        sleep 0.5
    done
    die "$what does not answer after 30 s"
}

start_postgresql() {
    local version changed=0
    version=$(pg_cluster)
    pg_trust_postgres_on_loopback "$version" && changed=1
    if ! pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; then
        say "starting PostgreSQL $version/main"
        as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start
    elif [ "$changed" -eq 1 ]; then
        as_root pg_ctlcluster --skip-systemctl-redirect "$version" main reload
    fi
    wait_for PostgreSQL pg_answers
}

redis_answers() {
    [ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]
}

start_redis() {
    redis_answers && return 0
    say "starting Redis on $REDIS_HOST:$REDIS_PORT (nothing kept on disk)"
    redis-server --daemonize yes --bind "$REDIS_HOST" --port "$REDIS_PORT" \
        --save "" --appendonly no --dir "$STATE_DIR" \
        --pidfile "$REDIS_PIDFILE" --logfile "$STATE_DIR/redis.log"
    wait_for Redis redis_answers
}

start() {
    install_packages postgresql redis-server chromium
    start_postgresql
    start_redis
    say "PostgreSQL: postgres://postgres@$PG_HOST:$PG_PORT/"
    say "Redis:      redis://$REDIS_HOST:$REDIS_PORT/"
}

stop() {
    if [ -f "$REDIS_PIDFILE" ] && redis_answers; then
        say "stopping Redis"
        redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    fi
    rm -f "$REDIS_PIDFILE"
    local version
    for version in $(ls /etc/postgresql 2>/dev/null); do
        if pg_ctlcluster "$version" main status >/dev/null 2>&1; then
            say "stopping PostgreSQL $version/main"
            as_root pg_ctlcluster --skip-systemctl-redirect "$version" main stop
        fi
    done
}

mkdir -p "$STATE_DIR"
case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    *) die "usage: $0 [start|stop]" ;;
esac
