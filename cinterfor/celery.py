"""The Celery application; its settings are read from Django's, under CELERY_."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cinterfor.settings")

app = Celery("cinterfor")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
