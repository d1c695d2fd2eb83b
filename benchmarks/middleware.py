"""Counts the SQL queries of each response into the X-Bench-Queries header (bench settings only).

A request with the header X-Bench-Cold runs on an empty cache of its own (benchmarks.cache):
its count is that of a first visit after a write, which computes the whole page.
"""

from contextlib import nullcontext

from django.db import connection

from .cache import cold_request

HEADER = "X-Bench-Queries"
COLD_HEADER = "X-Bench-Cold"


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counting(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        cold = cold_request() if request.headers.get(COLD_HEADER) else nullcontext()
        with cold, connection.execute_wrapper(counting):
            response = self.get_response(request)
        response[HEADER] = str(count)
        return response
