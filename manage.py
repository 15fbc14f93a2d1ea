#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    # Local development by default; deployments set DJANGO_SETTINGS_MODULE=cep_site.settings.production.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cep_site.settings.dev")

    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
