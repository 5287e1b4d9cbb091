"""The map page's values: each country's shading band, the table's rows, the highlight."""

from dataclasses import dataclass

from alumni.i18n import country_name
from alumni.societies import queries, worldmap
from alumni.societies.models import Federation

# Shading classes by number of societies: 1, 2, 3–5, 6 or more (a country with none is grey).
BANDS = ((1, 1), (2, 2), (3, 5), (6, None))


def band_of(societies: int) -> int:
    """1-4: the band whose range holds SOCIETIES (0 for none)."""
    return next(
        (i for i, (low, high) in enumerate(BANDS, 1) if low <= societies <= (high or societies)),
        0,
    )


@dataclass
class MapRow:
    code: str
    name: str
    societies: int
    federations: list[Federation]
    highlighted: bool

    @property
    def band(self) -> int:
        return band_of(self.societies)


@dataclass
class MapPage:
    drawn: list[tuple[worldmap.Shape, str, MapRow | None]]  # (shape, its name, its row)
    rows: list[MapRow]
    federations: list[Federation]
    highlight: Federation | None
    width: int = worldmap.WIDTH
    height: int = worldmap.HEIGHT


def map_page(federation_code: str | None) -> MapPage:
    """The map with every country's row; FEDERATION_CODE's countries (if one) highlighted."""
    federations = queries.federations()
    by_code = {f.code: f for f in federations}
    highlight = by_code.get(federation_code or "")
    rows = {
        code: MapRow(
            code,
            country_name(code),
            count,
            [by_code[f] for f in sorted(codes, key=lambda c: by_code[c].position)],
            highlight is not None and highlight.code in codes,
        )
        for code, (count, codes) in queries.societies_by_country().items()
    }
    drawn = [
        (shape, rows[shape.code].name if shape.code in rows else country_name(shape.code),
         rows.get(shape.code))
        for shape in worldmap.shapes()
        if shape.path or shape.code in rows
    ]  # fmt: skip
    # Highlighted outlines last, so that no neighbour is drawn over them.
    drawn.sort(key=lambda d: (d[2] is not None and d[2].highlighted, d[0].path == ""))
    ordered = sorted(rows.values(), key=lambda r: r.name)
    return MapPage(drawn, ordered, federations, highlight)
