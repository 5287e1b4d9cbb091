"""A filter's select written once as HTML, a request only marking the chosen option.

Rendering a few hundred options through WTForms on every request was most of a list page;
the options change only with content, so a page keeps them per content version and language.
"""

from dataclasses import dataclass

from markupsafe import Markup


@dataclass
class Filter:
    name: str
    choices: list[tuple[str, str]]  # (value, label), "" (all) first

    def __post_init__(self):
        self.values = {value for value, _label in self.choices}
        options = [
            Markup('<option value="%s">%s</option>') % (value, label)
            for value, label in self.choices
        ]
        self._start = Markup('<select id="%s" name="%s">') % (self.name, self.name)
        self._options = Markup("").join(options)

    def chosen(self, value: str | None) -> str | None:
        """VALUE when it is one of the choices (not "all"), else None."""
        return value if value and value in self.values else None

    def html(self, value: str | None, default: str = "") -> Markup:
        """The select, VALUE chosen (else DEFAULT, "all"), as WTForms writes it."""
        # The options are written once; VALUE is one of the values, each in one option only.
        value = self.chosen(value) or default
        option = Markup('<option value="%s">') % value
        chosen = Markup('<option selected value="%s">') % value
        return self._start + self._options.replace(option, chosen, 1) + Markup("</select>")
