"""The worker's entry point: `huey_consumer alumni.worker.huey` (see the README).

Builds the application from the environment, as wsgi.py does for the web server.
"""

from alumni import create_app
from alumni.tasks import tasks_for

app = create_app()
huey = tasks_for(app).huey
