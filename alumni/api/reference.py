"""The OpenAPI document turned into what the reference page lists: operations with their
parameters and answers, and each schema's properties, every type written out in words."""

from dataclasses import dataclass, field

REF = "#/components/schemas/"


def type_of(schema: dict) -> str:
    """A schema's type as a reader would say it: "string (date)", "list of Event", …"""
    if "$ref" in schema:
        return schema["$ref"].removeprefix(REF)
    if "anyOf" in schema or "oneOf" in schema:
        return " | ".join(type_of(s) for s in schema.get("anyOf") or schema["oneOf"])
    types = schema.get("type", "any")
    types = types if isinstance(types, list) else [types]
    shown = []
    for kind in types:
        if kind == "array":
            shown.append(f"array of {type_of(schema.get('items', {}))}")
        elif kind == "string" and "format" in schema:
            shown.append(f"string ({schema['format']})")
        else:
            shown.append(kind)
    return " | ".join(shown)


def limits(schema: dict) -> str:
    """The values a parameter or property accepts, when the schema restricts them."""
    parts = []
    if "enum" in schema:
        parts.append(", ".join(str(v) for v in schema["enum"] if v is not None))
    if "minimum" in schema or "maximum" in schema:
        parts.append(f"{schema.get('minimum', '…')}–{schema.get('maximum', '…')}")
    if "pattern" in schema:
        parts.append(schema["pattern"])
    if "default" in schema:
        parts.append(f"default {schema['default']}")
    return "; ".join(parts)


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    parameters: list[dict] = field(default_factory=list)
    responses: list[tuple[str, str, str]] = field(default_factory=list)


def operations(spec: dict) -> list[Operation]:
    found = []
    responses = spec.get("components", {}).get("responses", {})
    for path, item in spec.get("paths", {}).items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            shared = item.get("parameters", [])
            found.append(
                Operation(
                    method.upper(),
                    path,
                    operation.get("summary") or operation.get("description", ""),
                    [_parameter(p) for p in [*shared, *operation.get("parameters", [])]],
                    [_response(code, r, responses) for code, r in operation["responses"].items()],
                )
            )
    return found


def _parameter(parameter: dict) -> dict:
    schema = parameter.get("schema", {})
    return {
        "name": parameter["name"],
        "in": parameter["in"],
        "required": parameter.get("required", False),
        "type": type_of(schema),
        "limits": limits(schema),
        "description": parameter.get("description", "") or schema.get("description", ""),
    }


def _response(code: str, response: dict, named: dict) -> tuple[str, str, str]:
    if "$ref" in response:
        response = named.get(response["$ref"].rsplit("/", 1)[-1], {})
    content = response.get("content", {})
    shown = [f"{kind}: {type_of(c.get('schema', {}))}" for kind, c in content.items()]
    return code, response.get("description", ""), "; ".join(shown)


def schemas(spec: dict) -> list[tuple[str, list[dict]]]:
    """(name, [property]) of every schema in the document, by name."""
    found = []
    for name, schema in sorted(spec.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", []))
        properties = [
            {
                "name": prop,
                "type": type_of(body),
                "required": prop in required,
                "limits": limits(body),
                "description": body.get("description", ""),
            }
            for prop, body in schema.get("properties", {}).items()
        ]
        found.append((name, properties))
    return found
