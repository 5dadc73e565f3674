"""The project's settings, served over plain HTTP as Django's test client and the
browser tests do: the HTTPS-only settings are off. tests/test_security.py checks the
production settings themselves with `check --deploy`."""

import os

os.environ["DJANGO_HTTPS"] = "false"
os.environ.setdefault("PORTAL_EMBEDDED_DATABASE", "true")  # the tests may start their own server

from portal.settings import *  # noqa: F403

# Hashing test passwords slowly proves nothing and costs seconds per user.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# A second alias of the same database, as a read replica would be: off (READ_REPLICA is
# None) except in the tests of the routing (tests/test_replica.py).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
