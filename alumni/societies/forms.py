"""The directory's search field (GET; its selects are written once, societies/directory.py)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SearchField
from wtforms.validators import Optional

from alumni.common.validators import TextLength


class DirectoryFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form changes nothing

    q = SearchField(_l("Search"), validators=[Optional(), TextLength(max=100)])
