#!/bin/sh
# Starts Varnish (varnish.vcl) in front of every replica of web. A Varnish backend has one address and `web` has
# one per replica, so a backend is written for each address it resolves to, and written again, with a new VCL
# loaded, when they change: after `docker compose up --scale web=N`, or a rollout that gave replicas new addresses.
#   WEB_HOST, WEB_PORT          where web's replicas answer (web, 8000)
#   VARNISH_HTTP_PORT           the port visitors reach (80); VARNISH_PURGE_PORT, web's purges (6081)
#   VARNISH_SIZE                memory for pages (256m); VARNISH_WORKDIR, its working directory
set -eu

WEB_HOST=${WEB_HOST:-web}
WEB_PORT=${WEB_PORT:-8000}
workdir=${VARNISH_WORKDIR:-/var/lib/varnish/cep}
config=$(cd "$(dirname "$0")" && pwd)
generated=$(mktemp -d)
chmod 755 "$generated"  # read by the VCL compiler, which runs as a user of its own

addresses() {
    getent ahostsv4 "$WEB_HOST" | awk '{ print $1 }' | sort -u | tr '\n' ' '
}

write_backends() {
    {
        # A replica that stops answering is left out until it answers again. The probe asks for a static file,
        # as if over HTTPS: it shows gunicorn is up, whatever the database or the cache are doing.
        echo 'probe up { .request = "HEAD /static/site.webmanifest HTTP/1.1" "Host: localhost" "X-Forwarded-Proto: https" "Connection: close"; .interval = 5s; .timeout = 3s; .window = 3; .threshold = 2; .initial = 2; }'
        n=0
        directed=""
        for address in $1; do
            echo "backend web$n { .host = \"$address\"; .port = \"$WEB_PORT\"; .probe = up; .first_byte_timeout = 65s; }"
            directed="$directed web.add_backend(web$n);"
            n=$((n + 1))
        done
        echo "sub vcl_init { new web = directors.round_robin();$directed }"
    } > "$generated/backends.vcl"
}

current=$(addresses)
until [ -n "$current" ]; do
    sleep 1
    current=$(addresses)
done
write_backends "$current"

mkdir -p "$workdir"
varnishd -F -n "$workdir" -f "$config/varnish.vcl" -p vcl_path="$generated:$config" \
    -a "http=:${VARNISH_HTTP_PORT:-80}" -a "purge=:${VARNISH_PURGE_PORT:-6081}" \
    -s "malloc,${VARNISH_SIZE:-256m}" &
varnish=$!
trap 'kill -TERM "$varnish"; wait "$varnish"; exit 0' TERM INT

loaded=0
while kill -0 "$varnish" 2>/dev/null; do
    sleep 5 &
    wait $! || true
    found=$(addresses)
    if [ -n "$found" ] && [ "$found" != "$current" ]; then
        write_backends "$found"
        loaded=$((loaded + 1))
        varnishadm -n "$workdir" vcl.load "replicas$loaded" "$config/varnish.vcl" \
            && varnishadm -n "$workdir" vcl.use "replicas$loaded" \
            && current=$found
    fi
done
wait "$varnish"
