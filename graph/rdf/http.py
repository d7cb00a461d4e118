"""HTTP for SPARQL servers (the query protocol and the Graph Store Protocol), with retries.

The standard library's urllib, so that a remote lookup imports no web stack. A request
that fails for a reason that may pass (no connection, a reset, HTTP 429 or 5xx) is sent
again after a pause that doubles each time; any other failure is one clear error that
names the URL. A request that gets no answer within its time limit is not sent again: a
query that ran too long would only run too long again. ``IMMUNOKG_ENDPOINT_USER`` and ``IMMUNOKG_ENDPOINT_PASSWORD`` give
credentials (HTTP basic or digest, as the server asks) for servers that need them.
"""

from __future__ import annotations

import os
import time
import urllib.error
import urllib.request
from collections.abc import Mapping

from immunokg.extract.errors import ImmunokgError

USER_ENVVAR = "IMMUNOKG_ENDPOINT_USER"
PASSWORD_ENVVAR = "IMMUNOKG_ENDPOINT_PASSWORD"
TIMEOUT = 300.0  # seconds for one request
_RETRY_STATUS = {429, 500, 502, 503, 504}


def request(
    method: str,
    url: str,
    *,
    data: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    retries: int = 2,
    pause: float = 1.0,
    timeout: float = TIMEOUT,
) -> tuple[int, bytes, str]:
    """Send one request; the status, the body and its content type. Retries transient failures."""
    opener = _opener(url)
    for attempt in range(retries + 1):
        call = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
        try:
            with opener.open(call, timeout=timeout) as answer:
                return answer.status, answer.read(), answer.headers.get("Content-Type", "")
        except urllib.error.HTTPError as error:
            body = error.read().decode("utf-8", "replace")
            if error.code not in _RETRY_STATUS or attempt == retries:
                raise ImmunokgError(
                    f"{url}: HTTP {error.code} {error.reason}{_detail(body)}"
                ) from None
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            if _timed_out(error):
                raise ImmunokgError(
                    f"{url}: no answer within the {timeout:g} s time limit (not sent again)"
                ) from None
            if attempt == retries:
                reason = getattr(error, "reason", error)
                raise ImmunokgError(f"{url}: cannot reach the server: {reason}") from None
        time.sleep(pause * 2**attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def _timed_out(error: Exception) -> bool:
    """True if the request ran out of time (urllib wraps a timeout while connecting)."""
    return isinstance(error, TimeoutError) or isinstance(
        getattr(error, "reason", None), TimeoutError
    )


def _detail(body: str) -> str:
    """The server's first line of explanation, if it gave one."""
    line = next((line.strip() for line in body.splitlines() if line.strip()), "")
    return f": {line[:300]}" if line else ""


def _opener(url: str) -> urllib.request.OpenerDirector:
    user = os.environ.get(USER_ENVVAR)
    if not user:
        return urllib.request.build_opener()
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, url, user, os.environ.get(PASSWORD_ENVVAR, ""))
    return urllib.request.build_opener(
        urllib.request.HTTPBasicAuthHandler(passwords),
        urllib.request.HTTPDigestAuthHandler(passwords),
    )
