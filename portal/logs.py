"""Log lines that say which request and whose: the request's id and user are kept for
the request's duration (portal.middleware.request_context) and added to every record
logged meanwhile, in text or as one JSON object per line (LOG_FORMAT=json)."""

import json
import logging
import time
from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("request_id", default="-")
user: ContextVar[str] = ContextVar("user", default="-")


class RequestContext(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        record.user = user.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, request id, user, message (and
    the traceback, if any)."""

    converter = time.gmtime  # times in UTC, as the Z says

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "user": getattr(record, "user", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)
