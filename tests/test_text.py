"""Typed text normalised in one place (alumni.common.text), passwords left alone."""

import unicodedata

import pytest
from wtforms import (
    EmailField,
    Form,
    HiddenField,
    IntegerField,
    PasswordField,
    StringField,
    TextAreaField,
)

from alumni.common.text import NoInvisibleCharacters, NormalizedMeta, input_filters, normalize_input

NFD_JOSE = unicodedata.normalize("NFD", "José")


class DummyPost(dict):
    def getlist(self, key):
        return [self[key]] if key in self else []


class Typed(Form):
    Meta = NormalizedMeta
    name = StringField(filters=[str.upper])
    text = TextAreaField()
    email = EmailField()
    version = HiddenField()
    password = PasswordField()
    number = IntegerField()


def test_normalize_input_composes_and_trims():
    assert NFD_JOSE != "José"
    assert normalize_input(f"  {NFD_JOSE}\n") == "José"
    assert normalize_input(None) is None


def test_input_filters_are_for_text_fields_but_not_passwords():
    for field_class in (StringField, TextAreaField, EmailField, HiddenField):
        assert input_filters(field_class) == [normalize_input]
    assert input_filters(PasswordField) == []
    assert input_filters(IntegerField) == []


def test_a_form_with_the_normalising_meta_normalises_every_text_field_after_its_own_filters():
    typed = f" {NFD_JOSE} "
    form = Typed(
        DummyPost(name=typed, text=typed, email=typed, version=typed, password=typed, number="3")
    )
    assert form.name.data == "JOSÉ"
    assert form.text.data == form.email.data == form.version.data == "José"
    assert form.password.data == typed  # exactly as typed
    assert form.number.data == 3


class Named(Form):
    name = StringField(validators=[NoInvisibleCharacters()])


@pytest.mark.parametrize(
    "hidden",
    [chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x61C]]
    + [chr(c) for c in [*range(0x200B, 0x200E), 0x2060, 0xFEFF, 0, 9, 10, 0x1F, 0x7F, 0x80, 0x9F]],
)
def test_invisible_characters_are_refused(hidden):
    form = Named(DummyPost(name=f"Ana{hidden}"))
    assert not form.validate()
    assert form.name.errors == [
        f"Remove the invisible character U+{ord(hidden):04X}: direction marks, zero-width "
        "spaces and control characters are not allowed here."
    ]


@pytest.mark.parametrize("name", ["José Ramírez", "山田 太郎", "محمد علي", "Nguyễn Văn An", ""])
def test_names_in_any_script_pass(name):
    assert Named(DummyPost(name=name)).validate()


@pytest.mark.parametrize(
    "name",
    [
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian: ZWNJ between two letters
        "\u0d15\u0d47\u0d30\u0d33\u0d4d\u200d",  # Malayalam: a chillu, ZWJ after the virama
        "\u0939\u093f\u0928\u094d\u200d\u0926\u0940",  # Hindi: a half form
        "QA \U0001f468\u200d\U0001f469\u200d\U0001f467 ok",  # a family
        "\U0001f3f3\ufe0f\u200d\U0001f308",  # a rainbow flag (after VS16)
        "\U0001f469\U0001f3fd\u200d\U0001f4bb",  # a technologist with a skin tone
    ],
)
def test_joiners_where_a_script_or_an_emoji_writes_with_them_pass(name):
    assert Named(DummyPost(name=name)).validate()


@pytest.mark.parametrize(
    "name",
    [
        "ad\u200cmin",  # between Latin letters: a word that looks like another
        "\u200dAna",  # at the start
        "Ana \u200d\U0001f468",  # after a space
        "\U0001f468\u200d\u200d\U0001f469",  # doubled
        "\u0645\u200c",  # ZWNJ with nothing to part from
        "\U0001f468\u200da",  # ZWJ before a letter
    ],
)
def test_joiners_anywhere_else_are_refused(name):
    form = Named(DummyPost(name=name))
    assert not form.validate()
    assert "U+200" in form.name.errors[0]
