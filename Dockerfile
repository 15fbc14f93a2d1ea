# The site's one image: web (gunicorn, the default command), Celery worker and beat, and the migrate step all
# run it with production settings (docker-compose.yml). Build: `docker compose build`.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=cep_site.settings.production \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    DJANGO_MEDIA_ROOT=/app/media \
    DJANGO_PRIVATE_MEDIA_ROOT=/app/private-media

WORKDIR /app

# Runtime dependencies only (requirements-dev.txt is for tests and tools); all are wheels, no compiler needed.
COPY requirements.txt .
RUN pip install -r requirements.txt

# A user of its own; the code stays root-owned and read-only to it, only the uploads and beat's schedule are writable.
RUN useradd --system --uid 1000 --user-group --home-dir /app --no-create-home cep \
    && mkdir -p /app/media /app/private-media /app/beat \
    && chown cep:cep /app/media /app/private-media /app/beat

COPY . .

# Static files are collected into the image, where WhiteNoise serves them from. The production settings refuse
# to load without these three variables; the values here exist for this step only and are not in the image.
RUN DJANGO_SECRET_KEY=collectstatic-at-build-only \
    DJANGO_ALLOWED_HOSTS=localhost \
    WAGTAILADMIN_BASE_URL=http://localhost \
    python manage.py collectstatic --noinput

USER cep
VOLUME ["/app/media", "/app/private-media"]
EXPOSE 8000

# /healthz/ answers 200 when the database and the cache are reachable. python:3.11-slim has no curl, so urllib;
# the Host header is the first of DJANGO_ALLOWED_HOSTS, which Django requires.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; h = os.environ.get('DJANGO_ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.*') or 'localhost'; u.urlopen(u.Request('http://127.0.0.1:8000/healthz/', headers={'Host': h}), timeout=5)"]

# Workers and timeout from the environment (GUNICORN_WORKERS, GUNICORN_TIMEOUT); logs to stdout. No control socket:
# its default place, the user's home /app, is read-only to the user.
CMD ["sh", "-c", "exec gunicorn cep_site.wsgi --bind 0.0.0.0:8000 --workers ${GUNICORN_WORKERS:-3} --timeout ${GUNICORN_TIMEOUT:-60} --graceful-timeout 30 --no-control-socket --access-logfile -"]
