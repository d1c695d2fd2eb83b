"""Settings for the page bench only (`make bench`): the site's own, plus what measures it.

Never used to serve anyone. It adds the bare list views (benchmarks.urls) and a middleware that
counts each response's SQL queries into a header, and lets the session cookie travel over plain
HTTP to 127.0.0.1, where the bench's gunicorn listens.
"""

from cinterfor.settings import *  # noqa: F403
from cinterfor.settings import MIDDLEWARE

ROOT_URLCONF = "benchmarks.urls"
# First, so that it counts every query the request makes, the session's and the user's too.
MIDDLEWARE = ["benchmarks.middleware.QueryCountMiddleware", *MIDDLEWARE]
# Each process's memory, as the site's default; a cold visit starts from an empty one.
CACHES = {"default": {"BACKEND": "benchmarks.cache.ColdVisitLocMemCache"}}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
