# syntax=docker/dockerfile:1

# One base for both stages: the virtual environment is copied across and must find the same
# Python at the same path.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- Build: the runtime dependencies in a virtual environment ---------------------------------
FROM ${PYTHON_IMAGE} AS build

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PATH=/opt/venv/bin:$PATH

RUN python -m venv /opt/venv

WORKDIR /build
COPY pyproject.toml ./
# Only [project] dependencies: the dev extra stays out, and the project itself is not installed
# because its code runs from /app. Every dependency ships a wheel or is pure Python, so no
# compiler is needed.
RUN --mount=type=cache,target=/root/.cache/pip \
    python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > requirements.txt \
    && pip install -r requirements.txt

# --- Runtime -----------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

# gunicorn reads WEB_CONCURRENCY as its worker count; override it per host.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=icis.settings.production \
    MEDIA_ROOT=/app/media \
    PRIVATE_MEDIA_ROOT=/app/private \
    WEB_CONCURRENCY=3

# Pango (and HarfBuzz subsetting) for WeasyPrint's PDF receipts; a font so they render text.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# A fixed uid/gid so volume ownership stays stable across rebuilds.
RUN groupadd --gid 10001 icis \
    && useradd --uid 10001 --gid icis --create-home --shell /usr/sbin/nologin icis

COPY --from=build /opt/venv /opt/venv

WORKDIR /app
# The code stays owned by root: the app user can read it but not change it.
COPY manage.py ./
COPY icis ./icis
COPY members ./members
COPY meetings ./meetings
COPY awards ./awards
COPY news ./news
COPY templates ./templates
COPY static ./static

# Production settings refuse to load without these; the dummies exist for this command only
# and are not kept in the image.
RUN SECRET_KEY=build-only \
    DATABASE_URL=postgres://build@localhost/build \
    ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput

# An empty named volume takes this directory's ownership on first mount.
RUN mkdir /app/media /app/private && chown icis:icis /app/media /app/private

USER icis

EXPOSE 8000

# Send a Host from ALLOWED_HOSTS and X-Forwarded-Proto: https so that neither the host check
# nor SECURE_SSL_REDIRECT answers in place of /healthz. A 503 raises, so the check fails.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; h = os.environ.get('ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.'); h = 'localhost' if h in ('', '*') else h; r.urlopen(r.Request('http://127.0.0.1:8000/healthz', headers={'Host': h, 'X-Forwarded-Proto': 'https'}), timeout=4)"]

# /dev/shm for worker heartbeats: the container's overlay filesystem can stall them.
# --preload: the site is imported once, before the workers are forked, so they share its code
# and start at once; each worker holds less (benchmarks/memory.py). Nothing connects to
# PostgreSQL or Redis at import, so no connection is shared across the fork.
CMD ["gunicorn", "icis.wsgi:application", "--preload", \
     "--bind", "0.0.0.0:8000", \
     "--access-logfile", "-", \
     "--error-logfile", "-", \
     "--worker-tmp-dir", "/dev/shm"]
