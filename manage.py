#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "timeline.settings")
    # manage.py is the developers' tool: development mode unless DJANGO_DEBUG says otherwise.
    # The servers' entry points (timeline/wsgi.py, asgi.py) default to production, where the
    # site refuses to start without DJANGO_SECRET_KEY. On a server, run DJANGO_DEBUG=0 manage.py.
    os.environ.setdefault("DJANGO_DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
