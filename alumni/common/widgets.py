"""WTForms' standard widgets drawing the same HTML for a fraction of the cost.

WTForms builds every attribute with `Markup.format`, which goes through `string.Formatter`:
on the event form (about 110 inputs and 430 options) that was most of the page's cost. These
widgets write the same attributes, in the same order and escaped the same way, with plain
string operations. Every form (AppForm, SubForm) draws with `FastWidgetsMeta`, which swaps
each field's default widget for its fast twin; a widget given explicitly is kept.
"""

import copy

from markupsafe import Markup, escape
from wtforms import widgets
from wtforms.fields.core import Label as WTFormsLabel
from wtforms.widgets.core import clean_key


def html_params(**kwargs) -> Markup:
    """What `wtforms.widgets.html_params` returns for KWARGS, built without Markup.format."""
    params = []
    for key, value in sorted(kwargs.items()):
        if value is True:
            params.append(clean_key(key))
        elif value is not False:
            params.append(f'{escape(clean_key(key))}="{_attribute(value)}"')
    return Markup(" ".join(params))  # noqa: S704 (every key and value escaped above)


class _FastInput:
    html_params = staticmethod(html_params)


class TextInput(_FastInput, widgets.TextInput):
    pass


class HiddenInput(_FastInput, widgets.HiddenInput):
    pass


class NumberInput(_FastInput, widgets.NumberInput):
    pass


class DateInput(_FastInput, widgets.DateInput):
    pass


class TimeInput(_FastInput, widgets.TimeInput):
    pass


class CheckboxInput(_FastInput, widgets.CheckboxInput):
    pass


def _flags(field, names, kwargs) -> None:
    """The field's validation flags among NAMES as attributes, as WTForms' widgets add them."""
    flags = getattr(field, "flags", {})
    for name in dir(flags):
        if name in names and name not in kwargs:
            kwargs[name] = getattr(flags, name)


class TextArea(widgets.TextArea):
    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        _flags(field, self.validation_attrs, kwargs)
        text = escape(field._value())
        params = html_params(name=field.name, **kwargs)
        return Markup(f"<textarea {params}>\r\n{text}</textarea>")  # noqa: S704 (escaped)


class Select(widgets.Select):
    """A select of plain choices (no option groups, no per-option attributes)."""

    def __call__(self, field, **kwargs):
        if field.has_groups():
            return super().__call__(field, **kwargs)
        kwargs.setdefault("id", field.id)
        if self.multiple:
            kwargs["multiple"] = True
        _flags(field, self.validation_attrs, kwargs)
        html = [f"<select {html_params(name=field.name, **kwargs)}>"]
        for choice in field._iter_choices_normalized():
            html.append(_option(choice))
        html.append("</select>")
        return Markup("".join(html))  # noqa: S704 (each value and label escaped)


def _option(choice) -> str:
    if choice.render_kw:
        return widgets.Select.render_option(choice)
    value = str(choice.value) if isinstance(choice.value, bool) else choice.value
    selected = "selected " if choice.selected else ""
    label = escape(choice.label or choice.value)
    return f'<option {selected}value="{_attribute(value)}">{label}</option>'


def _attribute(value) -> str:
    return str(escape(value)).replace('"', "&quot;")  # a Markup value may hold quotes


class CheckboxChoices:
    """A multiple choice as checkboxes, each inside its own label with its text in a span:
    `<label class="check"><input …> <span>Name</span></label>`, one after the other."""

    def __call__(self, field, **kwargs):
        name = escape(field.name)
        html = []
        for number, choice in enumerate(field._iter_choices_normalized()):
            checked = "checked " if choice.selected else ""
            value = _attribute(choice.value)
            html.append(
                f'<label class="check"><input {checked}id="{escape(field.id)}-{number}" '
                f'name="{name}" type="checkbox" value="{value}"> '
                f"<span>{escape(choice.label or choice.value)}</span></label>"
            )
        return Markup("".join(html))  # noqa: S704 (each value and label escaped)


class Label(WTFormsLabel):
    def __call__(self, text=None, **kwargs):
        if "for_" in kwargs:
            kwargs["for"] = kwargs.pop("for_")
        else:
            kwargs.setdefault("for", self.field_id)
        attributes = html_params(**kwargs)
        text = escape(text or self.text)
        html = f"<label {attributes}>{text}</label>" if attributes else f"<label>{text}</label>"
        return Markup(html)  # noqa: S704 (the attributes and the text are escaped)


FAST = {
    widgets.TextInput: TextInput,
    widgets.HiddenInput: HiddenInput,
    widgets.NumberInput: NumberInput,
    widgets.DateInput: DateInput,
    widgets.TimeInput: TimeInput,
    widgets.CheckboxInput: CheckboxInput,
    widgets.TextArea: TextArea,
    widgets.Select: Select,
}
_twins: dict[int, tuple] = {}  # id of a field class's widget → (that widget, its twin)


def fast_twin(widget):
    """WIDGET's fast twin (same settings), or WIDGET itself when it has none."""
    found = _twins.get(id(widget))
    if found is None or found[0] is not widget:
        kind = FAST.get(type(widget))
        if kind is None:
            return widget
        twin = copy.copy(widget)
        twin.__class__ = kind
        found = _twins[id(widget)] = (widget, twin)
    return found[1]


class FastWidgetsMeta:
    """Form Meta mixin: each field without a widget of its own draws with the fast twin."""

    def bind_field(self, form, unbound_field, options):
        if "widget" not in unbound_field.kwargs:
            default = getattr(unbound_field.field_class, "widget", None)
            if default is not None and type(default) in FAST:
                options = {**options, "widget": fast_twin(default)}
        field = super().bind_field(form, unbound_field, options)
        if type(field.label) is WTFormsLabel:
            field.label.__class__ = Label
        return field
