"""A filter's select written once as HTML, a request only marking the chosen option.

Rendering a few hundred options through WTForms on every request was most of a list page;
the options change only with content, so a page keeps them per content version and language.
"""

from dataclasses import dataclass

from markupsafe import Markup


def _option(value: str, label: str, lang: str | None = None) -> Markup:
    marked = Markup(' lang="%s"') % lang if lang else ""
    return Markup('<option value="%s"%s>%s</option>') % (value, marked, label)


@dataclass
class Filter:
    name: str
    # (value, label) or (value, label, lang): "" (all) first; LANG (BCP 47) marks a label in
    # another language than the page's (a society known by its English name on a Spanish page).
    choices: list[tuple[str, str] | tuple[str, str, str | None]]

    def __post_init__(self):
        self.values = {value for value, *_rest in self.choices}
        options = [_option(*choice) for choice in self.choices]
        # Plain str, escaped once here: Markup's replace and + escape their arguments again.
        self._start = str(Markup('<select id="%s" name="%s">') % (self.name, self.name))
        self._options = str(Markup("").join(options))
        self._marked = {value: str(Markup('<option value="%s"') % value) for value in self.values}

    def chosen(self, value: str | None) -> str | None:
        """VALUE when it is one of the choices (not "all"), else None."""
        return value if value and value in self.values else None

    def html(self, value: str | None, fallback: str | None = "") -> Markup:
        """The select as WTForms writes it: VALUE chosen when it is one of the values (even
        "", all), else FALLBACK ("all"; None: no option marked)."""
        # The options are written once; a value is in one option only.
        picked = value if value in self.values else fallback
        options = self._options
        if picked is not None:
            option = self._marked[picked]
            chosen = option.replace("<option ", "<option selected ", 1)
            options = options.replace(option, chosen, 1)
        return Markup(self._start + options + "</select>")  # noqa: S704 (escaped above)
