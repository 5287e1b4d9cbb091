"""Flask extensions, created unbound and initialised by the application factory."""

from flask_babel import Babel
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect

from alumni.db import db

babel = Babel()
migrate = Migrate()
csrf = CSRFProtect()

__all__ = ["babel", "csrf", "db", "migrate"]
