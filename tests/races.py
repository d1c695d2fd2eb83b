"""Two real transactions racing, in a fixed order: each side is a thread with its own connection."""

import threading
from collections.abc import Callable

from django.db import connection, transaction

WAIT = 5  # seconds; far longer than either side needs


class Side(threading.Thread):
    """One transaction that does `work`, then, if `hold`, waits for `release` before committing."""

    def __init__(self, work: Callable[[], object], *, hold: bool = False, atomic: bool = True):
        super().__init__(daemon=True)
        self.work, self.hold, self.atomic = work, hold, atomic
        self.done_work, self.release = threading.Event(), threading.Event()
        self.result: object = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            if self.atomic:
                with transaction.atomic():
                    self._work()
            else:
                self._work()
        except BaseException as error:  # noqa: BLE001 - the test reads it
            self.error = error
        finally:
            self.done_work.set()
            connection.close()

    def _work(self) -> None:
        self.result = self.work()
        self.done_work.set()
        if self.hold:
            self.release.wait(WAIT)
