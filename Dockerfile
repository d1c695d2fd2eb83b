# One image for the web, worker and beat services of docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app

WORKDIR /app

# Dependencies first, read from pyproject.toml, so a code change reuses this layer.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The code runs from /app (PYTHONPATH), where templates/, static/ and data/ sit beside it;
# installing the project checks that it installs and brings nothing the layer above missed.
COPY . .
RUN pip install . \
    && rm -rf build *.egg-info

# Static files are collected at build time; the key only lets settings load with DEBUG off.
RUN SECRET_KEY=collectstatic-only-not-a-secret DEBUG=0 python manage.py collectstatic --noinput

# A named volume mounted here starts with this directory's owner, so the app can write to it.
RUN useradd --system --create-home --uid 10001 app \
    && mkdir -p /data/media \
    && chown app:app /data/media
USER app

# gunicorn.conf.py explains each setting; these are its defaults in the image, which
# docker-compose.yml (or `docker run -e`) may change without rebuilding.
ENV GUNICORN_WORKERS=3 \
    GUNICORN_THREADS=4 \
    GUNICORN_TIMEOUT=30

EXPOSE 8000
CMD ["gunicorn", "--config", "gunicorn.conf.py", "cinterfor.wsgi"]
