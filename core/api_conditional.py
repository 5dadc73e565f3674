"""Conditional GET for the API's records: an ETag from the data version (raised by every
write to the records, versioned_cache.py), the question (path and query), who asks and
in what language. A client that sends it back in If-None-Match gets 304, with no body and
without the question being answered again. Only for views whose answer depends on the
versioned records alone (a person's notifications do not)."""

import hashlib

from django.utils import translation
from django.utils.http import parse_etags
from rest_framework import status
from rest_framework.response import Response

from .versioned_cache import data_state


class NotModified(Exception):
    pass


class ConditionalGet:
    """A mixin for an APIView or viewset."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authenticated: the tag is the reader's
        self.etag = _etag(request) if request.method in ("GET", "HEAD") else None
        if self.etag and self.etag in parse_etags(request.headers.get("If-None-Match", "")):
            raise NotModified

    def handle_exception(self, exc):
        if isinstance(exc, NotModified):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": self.etag})
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(self, "etag", None) and response.status_code == status.HTTP_200_OK:
            response["ETag"] = self.etag
        return response


def _etag(request) -> str | None:
    state = data_state()  # and the server it was read on: a standby behind is another state
    if state is None:  # inside a transaction: what it reads may not be committed
        return None
    question = "|".join(
        [
            state,
            request.get_full_path(),
            str(request.user.pk),
            translation.get_language() or "",
            request.headers.get("Accept", ""),
        ]
    )
    return f'W/"{hashlib.sha256(question.encode()).hexdigest()[:32]}"'
