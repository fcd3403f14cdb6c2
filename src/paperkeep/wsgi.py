"""WSGI entry point served by granian. Under `paperkeep serve`, the database is prepared before serving."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paperkeep.settings")
if os.environ.get("PAPERKEEP_SUPERVISED") == "1":
    from paperkeep.serve import follow_supervisor

    follow_supervisor()

application = get_wsgi_application()

if os.environ.get("PAPERKEEP_PREPARE_ON_START") == "1":
    from paperkeep.startup import prepare

    prepare()
