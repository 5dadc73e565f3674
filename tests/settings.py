"""The project's settings, served over plain HTTP as Django's test client and the
browser tests do: the HTTPS-only settings are off. tests/test_security.py checks the
production settings themselves with `check --deploy`."""

import os

os.environ["DJANGO_HTTPS"] = "false"

from portal.settings import *  # noqa: F403

# Hashing test passwords slowly proves nothing and costs seconds per user.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
