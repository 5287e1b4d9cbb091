"""The fast widgets (alumni/common/widgets.py) draw exactly what WTForms' own widgets draw."""

import datetime

import pytest
from markupsafe import Markup
from wtforms import (
    BooleanField,
    DateField,
    Form,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from alumni.common.widgets import CheckboxChoices, FastWidgetsMeta

TRICKY = 'A "quoted" <b>name</b> & more'
CHOICES = [
    SelectChoice(v, label)
    for v, label in [
        ("", "— none —"),
        ("a&b", TRICKY),
        ('q"uote', Markup("<i>marked</i>")),
        ("z", ""),
    ]
]


class Plain(Form):
    text = StringField("Text", validators=[DataRequired(), Length(max=30)])
    area = TextAreaField("Area", validators=[Length(max=200)])
    number = IntegerField("Number")
    day = DateField("Day")
    hour = TimeField("Hour")
    hidden = HiddenField()
    flag = BooleanField("Flag")
    choice = SelectField("Choice", choices=CHOICES)
    several = SelectMultipleField("Several", choices=CHOICES)


class Fast(Plain):
    class Meta(FastWidgetsMeta):
        pass


DATA = {
    "text": TRICKY,
    "area": "line one\n<line two>",
    "number": 42,
    "day": datetime.date(2026, 4, 1),
    "hour": datetime.time(9, 30),
    "hidden": Markup('v"1'),
    "flag": True,
    "choice": "a&b",
    "several": ["a&b", "z"],
}


@pytest.mark.parametrize("data", [DATA, {}], ids=["filled", "empty"])
@pytest.mark.parametrize("name", list(DATA))
def test_fast_widgets_draw_what_wtforms_draws(name, data):
    plain, fast = Plain(data=data), Fast(data=data)
    attributes = {"aria_describedby": "x-hint", "aria_invalid": False, "class_": "wide"}
    assert type(fast[name].widget) is not type(plain[name].widget)
    assert fast[name](**attributes) == plain[name](**attributes)
    assert fast[name].label() == plain[name].label()
    assert fast[name].label("<b>", class_="x") == plain[name].label("<b>", class_="x")


class Boxes(Form):
    listed = SelectMultipleField(
        choices=CHOICES, widget=ListWidget(prefix_label=False), option_widget=CheckboxInput()
    )
    drawn = SelectMultipleField(choices=CHOICES, widget=CheckboxChoices())


def test_checkbox_choices_are_the_boxes_each_in_its_label():
    form = Boxes(data={"listed": ["a&b", 'q"uote'], "drawn": ["a&b", 'q"uote']})
    expected = "".join(
        Markup('<label class="check">{} <span>{}</span></label>').format(box(), box.label.text)
        for box in form.listed
    )
    assert form.drawn() == expected.replace("listed", "drawn")
    assert form.drawn().count("<input checked ") == 2
