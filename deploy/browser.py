"""What the deploy checks do as a browser: requests to one origin keeping cookies (the
__Host- ones included, and Max-Age honoured), and the fields of a page's form."""

import http.client
import re
import ssl
import time
import urllib.parse
from html.parser import HTMLParser


class FormFields(HTMLParser):
    """The fields of the first form with a CSRF token: name -> value."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file", "checkbox"):
            self.fields[name] = attrs.get("value") or ""
        elif tag == "input" and name and attrs.get("type") == "checkbox" and "checked" in attrs:
            self.fields[name] = attrs.get("value") or "on"
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


class Client:
    """Requests to one origin, keeping cookies (the __Host- ones included)."""

    def __init__(self, host: str, port: int, tls: ssl.SSLContext | None, headers: dict | None = None):
        self.host, self.port, self.tls = host, port, tls
        self.cookies: dict[str, str] = {}
        self.expires: dict[str, float] = {}  # cookies with a Max-Age: when they go
        self.headers = headers or {}

    def request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None):
        if self.tls:
            connection = http.client.HTTPSConnection(self.host, self.port, context=self.tls, timeout=60)
        else:
            connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        sent = {**self.headers, **(headers or {})}
        for name in [name for name, when in self.expires.items() if when <= time.monotonic()]:
            self.cookies.pop(name, None)
            del self.expires[name]
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
            max_age = re.search(r"(?i);\s*Max-Age=(-?\d+)", rest)
            if max_age:
                self.expires[name] = time.monotonic() + int(max_age.group(1))
        connection.close()
        return response, text


def save(client: Client, origin: str, change_url: str, changes: dict):
    """An admin change form, sent back with `changes` as a browser would; the response."""
    _, form_page = client.request("GET", change_url)
    form = FormFields()
    form.feed(form_page)
    headers = {"Referer": origin + change_url, "Origin": origin}
    response, _ = client.request("POST", change_url, {**form.fields, **changes, "_save": "Save"}, headers)
    return response
