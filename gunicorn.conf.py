"""gunicorn's settings for the web service (Dockerfile, docker-compose.yml, `make bench`).

Each value comes from an environment variable, with a default that suits a small server;
the command line (`gunicorn --workers 4 ...`) still overrides any of them.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")

# Processes: about two per core. Django pages wait mostly on PostgreSQL, so a worker is
# cheap; more of them than this only adds memory and database connections.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))

# Threads per worker (gthread): a slow client or a long page no longer holds a whole worker.
# Each thread keeps its own persistent database connection (CONN_MAX_AGE), so PostgreSQL
# sees up to workers × threads connections per web container: size max_connections for it.
threads = int(os.environ.get("GUNICORN_THREADS", 4))
worker_class = "gthread" if threads > 1 else "sync"

# A request that takes longer than this is killed and logged. Pages answer in well under a
# second; exports run in Celery, never in a request, so 30 s means something is stuck.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30  # on a deploy, requests under way get this long to finish

# Idle keep-alive connections from the proxy in front are kept this many seconds.
keepalive = 5

# Restart each worker after about a thousand requests, at different times, so any slow
# memory growth (document libraries, caches) never builds up.
max_requests = 1000
max_requests_jitter = 100

# Logs to standard output and error, where docker collects them.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Temporary files of the workers' heartbeat in memory, not on the container's overlay disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - gunicorn's own advice
