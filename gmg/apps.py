from django.apps import AppConfig


class GmgConfig(AppConfig):
    name = "gmg"
    verbose_name = "Global Migration Group"
