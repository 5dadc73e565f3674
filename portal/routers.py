"""Reads from a replica (settings.READ_REPLICA), where there is one.

The portal's own records (partners, projects, the GMG, sources, the data version) are
read from the replica while `read_from_replica` is set: for a read-only request out of
the admin, while the standby is up, within its lag limit and past the browser's last
write (portal/replica.py).
Everything else, and every write, uses the primary ("default"): logins, sessions and
the shared cache are read where they are written, so that a login or a kept page is
never missing because the replica is a few seconds behind."""

from contextvars import ContextVar

from django.conf import settings

read_from_replica: ContextVar[bool] = ContextVar("read_from_replica", default=False)

REPLICATED_APPS = {"partnerships", "gmg", "core", "contenttypes"}


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if read_from_replica.get() and model._meta.app_label in REPLICATED_APPS:
            return settings.READ_REPLICA
        # Otherwise where the related record was read (a streamed export's prefetches
        # follow its bound queryset), else the primary.
        return None

    def db_for_write(self, model, **hints):
        return "default"  # even for a record read from the replica

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, whichever copy it was read from

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
