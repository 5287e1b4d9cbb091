"""The shapes the API answers with and the parameters it takes: the OpenAPI document's
schemas are generated from these (apispec's marshmallow plugin)."""

from marshmallow import EXCLUDE, Schema, fields, validate

from alumni.events.models import Cadence, EventFormat, EventKind, EventStatus
from alumni.societies.models import RecordStatus, SocietyStatus

# A society, series or federation code as the site makes them ("IN-KERALA", "PE-5S").
CODE = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$"
PER_LANGUAGE = {
    "description": "A text per BCP 47 language tag (ja, en, es, pt-BR, fr, th, id, vi, "
    "zh-Hans); absent when not given."
}


def _texts():
    return fields.Dict(keys=fields.String(), values=fields.String(), metadata=PER_LANGUAGE)


def _code(**kwargs):
    return fields.String(validate=validate.Regexp(CODE), **kwargs)


class Query(Schema):
    class Meta:
        unknown = EXCLUDE  # a client's cache-busting or tracking parameter is no error


# Parameters


class SocietyArgs(Query):
    federation = _code(metadata={"description": "A federation's code, e.g. FELAAS"})
    region = fields.String(validate=validate.Regexp(r"^[a-z_]{1,20}$"))
    country = fields.String(
        validate=validate.Regexp(r"^[A-Z]{2}$"), metadata={"description": "ISO 3166 code"}
    )
    status = fields.Enum(SocietyStatus, by_value=True)


class EventArgs(Query):
    kind = fields.Enum(EventKind, by_value=True)
    format = fields.Enum(EventFormat, by_value=True)
    federation = _code()
    region = fields.String(validate=validate.Regexp(r"^[a-z_]{1,20}$"))
    country = fields.String(validate=validate.Regexp(r"^[A-Z]{2}$"))
    society = _code()
    fiscal_year = fields.Integer(
        validate=validate.Range(1950, 2200),
        metadata={"description": "April of this year to March of the next"},
    )
    theme = _code()
    when = fields.String(validate=validate.OneOf(["upcoming", "past"]))
    page = fields.Integer(load_default=1, validate=validate.Range(1, 10000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(1, 100))


class FiscalYearArgs(Query):
    fiscal_year = fields.Integer(validate=validate.Range(1950, 2200))


# Answers


class Problem(Schema):
    """RFC 9457 problem details, in the language the request asked for."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    invalid_params = fields.List(
        fields.Dict(keys=fields.String(), values=fields.String()),
        metadata={"description": "For a 400: each refused parameter, with the reason"},
    )


class Officer(Schema):
    name = fields.String(required=True)
    title = fields.String(required=True, metadata={"description": "In the request's language"})
    title_code = fields.String(required=True)


class Link(Schema):
    label = fields.String(required=True)
    url = fields.String(required=True)


class Society(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True, metadata={"description": "In the request's language"})
    names = _texts()
    country = fields.String(required=True)
    country_name = fields.String(required=True)
    city = fields.String(required=True)
    federation = fields.String(required=True, allow_none=True)
    region = fields.String(required=True)
    status = fields.Enum(SocietyStatus, by_value=True, required=True)
    status_since = fields.Date(required=True, allow_none=True)
    record_status = fields.Enum(RecordStatus, by_value=True, required=True)
    founded_year = fields.Integer(required=True, allow_none=True)
    founded_fiscal_year = fields.Integer(required=True, allow_none=True)
    website = fields.String(required=True)
    url = fields.String(required=True, metadata={"description": "The society's page"})


class SocietyDetail(Society):
    descriptions = _texts()
    links = fields.List(fields.Nested(Link), required=True)
    contact_email = fields.String(required=True)
    contact_phone = fields.String(required=True)
    source = fields.String(required=True)
    note = fields.String(required=True)
    officers = fields.List(
        fields.Nested(Officer),
        required=True,
        metadata={"description": "Current officers the society chose to show"},
    )


class Federation(Schema):
    code = fields.String(required=True)
    name_ja = fields.String(required=True)
    area = fields.String(required=True)
    founded_year = fields.Integer(required=True, allow_none=True)
    societies = fields.List(fields.String(), required=True)
    url = fields.String(required=True)


class Region(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    countries = fields.List(fields.String(), required=True)


class Host(Schema):
    society = fields.String(required=True)
    name = fields.String(required=True)
    lead = fields.Boolean(required=True)


class Event(Schema):
    id = fields.Integer(required=True)
    kind = fields.Enum(EventKind, by_value=True, required=True)
    status = fields.String(
        required=True, validate=validate.OneOf([EventStatus.PUBLISHED, EventStatus.CANCELLED])
    )
    title = fields.String(required=True)
    titles = _texts()
    start_date = fields.Date(required=True)
    end_date = fields.Date(required=True)
    start_time = fields.String(
        required=True, allow_none=True, metadata={"description": "HH:MM:SS; none: all day"}
    )
    end_time = fields.String(required=True, allow_none=True)
    time_zone = fields.String(required=True)
    format = fields.Enum(EventFormat, by_value=True, required=True)
    venue = fields.String(required=True)
    country = fields.String(required=True, allow_none=True)
    hosts = fields.List(fields.Nested(Host), required=True)
    series = fields.String(required=True, allow_none=True)
    edition_number = fields.Integer(required=True, allow_none=True)
    attendance = fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "延べ (cumulative); none: no report"},
    )
    url = fields.String(required=True)


class CountryAttendance(Schema):
    country = fields.String(required=True)
    attendance = fields.Integer(required=True)


class Report(Schema):
    attendance_total = fields.Integer(required=True)
    distinct_participants = fields.Integer(required=True, allow_none=True)
    by_country = fields.List(fields.Nested(CountryAttendance), required=True)
    country_not_stated = fields.Integer(required=True)


class Result(Schema):
    name = fields.String(required=True)
    category = fields.String(required=True)
    award = fields.String(required=True)


class Speaker(Schema):
    name = fields.String(required=True)
    country = fields.String(required=True, allow_none=True)
    society = fields.String(required=True, allow_none=True)


class EventDetail(Event):
    descriptions = _texts()
    themes = fields.List(fields.String(), required=True)
    speakers = fields.List(fields.Nested(Speaker), required=True)
    report = fields.Nested(Report, required=True, allow_none=True)
    results = fields.List(fields.Nested(Result), required=True)


class EventPage(Schema):
    items = fields.List(fields.Nested(Event), required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    has_next = fields.Boolean(required=True)  # no total: counting every match is too slow


class Series(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    names = _texts()
    society = fields.String(required=True)
    cadence = fields.Enum(Cadence, by_value=True, required=True)
    first_year = fields.Integer(required=True)
    url = fields.String(required=True)


class Edition(Schema):
    event = fields.Integer(required=True)
    edition_number = fields.Integer(required=True)
    title = fields.String(required=True)
    start_date = fields.Date(required=True)
    end_date = fields.Date(required=True)
    status = fields.String(required=True)
    attendance = fields.Integer(required=True, allow_none=True)
    results = fields.List(fields.Nested(Result), required=True)


class SeriesDetail(Series):
    editions = fields.List(fields.Nested(Edition), required=True)


class ParticipationYear(Schema):
    fiscal_year = fields.Integer(required=True)
    events = fields.Integer(required=True, metadata={"description": "Public events that started"})
    reported = fields.Integer(required=True, metadata={"description": "Of those, with a report"})
    attendance = fields.Integer(required=True, metadata={"description": "延べ, from the reports"})
    distinct_participants = fields.Integer(
        required=True, metadata={"description": "Sum over the reports that give it"}
    )
    by_country = fields.List(fields.Nested(CountryAttendance), required=True)


class Cooperator(Schema):
    society = fields.String(required=True)
    name = fields.String(required=True)
    role = fields.String(required=True)


class Programme(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    theme = fields.String(required=True)
    host = fields.String(required=True)
    host_name = fields.String(required=True)
    cooperators = fields.List(fields.Nested(Cooperator), required=True)
    planned_start = fields.Date(required=True)
    planned_end = fields.Date(required=True)
    approved_amount = fields.Integer(
        required=True, allow_none=True, metadata={"description": "Yen"}
    )
    event = fields.Integer(required=True, allow_none=True)
    participants = fields.Integer(required=True, allow_none=True, metadata={"description": "延べ"})
    is_example = fields.Boolean(required=True)


class PublishedTotal(Schema):
    programmes = fields.Integer(required=True)
    participants = fields.Integer(required=True, allow_none=True)
    amount = fields.Integer(required=True, allow_none=True)
    source = fields.String(required=True)
    is_example = fields.Boolean(required=True)


class WnfYear(Schema):
    fiscal_year = fields.Integer(required=True)
    programmes = fields.List(fields.Nested(Programme), required=True)
    participants = fields.Integer(required=True)
    approved = fields.Integer(required=True)
    published_by_aots = fields.Nested(
        PublishedTotal,
        required=True,
        allow_none=True,
        metadata={"description": "AOTS's published totals: apart, never added to the above"},
    )
    closing_balance = fields.Integer(required=True, allow_none=True)


class Change(Schema):
    what = fields.String(required=True)
    before = fields.Raw(required=True, allow_none=True)
    after = fields.Raw(required=True, allow_none=True)


class SummaryVersion(Schema):
    number = fields.Integer(required=True)
    published_at = fields.DateTime(required=True)
    figures = fields.Dict(required=True)
    programme_table = fields.Raw(
        required=True,
        allow_none=True,
        metadata={"description": "AOTS's programme table of this fiscal year, if published"},
    )
    programme_tables = fields.List(
        fields.Raw(),
        required=True,
        metadata={"description": "Every programme table: this year's, a range's, since 1959"},
    )
    topics = _texts()
    links = fields.Dict(required=True)
    changes = fields.List(
        fields.Nested(Change),
        required=True,
        metadata={"description": "What differs from the previous version (none for the first)"},
    )


class SummaryItem(Schema):
    fiscal_year = fields.Integer(required=True)
    versions = fields.Integer(required=True)
    latest_published_at = fields.DateTime(required=True)
    url = fields.String(required=True)


class Summary(Schema):
    fiscal_year = fields.Integer(required=True)
    url = fields.String(required=True)
    versions = fields.List(fields.Nested(SummaryVersion), required=True)
