#!/usr/bin/env bash
# Time from a fresh clone to a running production stack, without Docker: the steps of the image build and of
# `docker compose up` (docker-compose.yml), run here on PostgreSQL and Redis on loopback.
#
# Run: bash bench/deploy.sh [repository, default: this checkout's]
#      (creates and drops the database cep_bench_deploy, flushes Redis database 10; builds in a temporary folder)
#
# Steps, each timed: clone; a virtualenv with requirements.txt (what `pip install` in the Dockerfile does, from
# pip's cache or the network as this machine has it); collectstatic (image build); migrate (the one-shot migrate
# service); the first admin (`createsuperuser --noinput`, as the README's first-admin step); then web (gunicorn,
# 2 workers), worker and beat started together until /healthz/ and the home page answer 200 through the proxy
# header and the worker answers a ping. Prints each step and the total.
set -euo pipefail

repository=${1:-$(git -C "$(dirname "$0")" rev-parse --show-toplevel)}
python=${PYTHON:-python3.11}
work=$(mktemp -d /tmp/cep-deploy-XXXXXX)
database=cep_bench_deploy
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
pids=()

cleanup() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

started=$(date +%s.%N)
last=$started
step() {
    local now
    now=$(date +%s.%N)
    printf '%-44s %6.1f s   (%6.1f s since the clone began)\n' "$1" "$(echo "$now - $last" | bc)" "$(echo "$now - $started" | bc)"
    last=$now
}

psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" -c "CREATE DATABASE $database" >/dev/null
redis-cli -n 10 flushdb >/dev/null
last=$(date +%s.%N)
started=$last

git clone -q "$repository" "$work/site"
step "git clone"
cd "$work/site"

"$python" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt
step "virtualenv + pip install -r requirements.txt"

export DJANGO_SETTINGS_MODULE=cep_site.settings.production
export DJANGO_SECRET_KEY=deploy-bench-only-0123456789abcdefghijklmnopqrstuvwxyz-0123456789
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export WAGTAILADMIN_BASE_URL=https://127.0.0.1
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/$database
export REDIS_URL=redis://127.0.0.1:6379/10
export DJANGO_STATIC_ROOT=$work/staticfiles DJANGO_MEDIA_ROOT=$work/media
export DJANGO_LOG_LEVEL=WARNING

.venv/bin/python manage.py collectstatic --noinput -v0
step "collectstatic (image build)"
.venv/bin/python manage.py migrate --noinput -v0
step "migrate (one-shot service)"
DJANGO_SUPERUSER_PASSWORD=$(head -c 18 /dev/urandom | base64) \
    .venv/bin/python manage.py createsuperuser --noinput --email admin@example.org >/dev/null
step "first admin (createsuperuser)"

.venv/bin/gunicorn cep_site.wsgi -b "127.0.0.1:$port" -w 2 --no-control-socket >"$work/web.log" 2>&1 &
pids+=($!)
.venv/bin/python -m cep_site.worker --concurrency=1 --loglevel=WARNING -n "deploy@%h" >"$work/worker.log" 2>&1 &
pids+=($!)
.venv/bin/celery -A cep_site beat --loglevel=WARNING --schedule="$work/celerybeat-schedule" >"$work/beat.log" 2>&1 &
pids+=($!)
answers() { [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$port$1")" = 200 ]; }
for _ in $(seq 600); do
    if answers /healthz/ && answers / && .venv/bin/celery -A cep_site inspect ping -d "deploy@$(hostname)" >/dev/null 2>&1; then
        step "web, worker and beat up (healthz, home, ping)"
        printf '%-44s %6.1f s\n' "total: fresh clone to running stack" "$(echo "$(date +%s.%N) - $started" | bc)"
        exit 0
    fi
    sleep 0.2
done
echo "the stack did not come up; logs in $work" >&2
tail -20 "$work"/*.log >&2
exit 1
