"""``/docs``: an offline, server-rendered reference of the OpenAPI schema (no CDN assets)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)


@dataclass
class Field:
    name: str
    where: str
    type: str
    required: bool
    description: str = ""


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str
    fields: list[Field] = field(default_factory=list)
    responses: list[tuple[str, str]] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"{self.method}-{self.path}".lower().replace("/", "-").replace("{", "").replace("}", "")


def _resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if not ref:
        return schema
    node: Any = spec
    for part in ref.lstrip("#/").split("/"):
        node = node[part]
    return node


def _type(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " or ".join(_type(s) for s in schema["anyOf"])
    if schema.get("format") == "binary" or schema.get("contentMediaType") == "application/octet-stream":
        return "file"
    return str(schema.get("type", "object"))


def _body_fields(op: dict[str, Any], spec: dict[str, Any]) -> list[Field]:
    content = op.get("requestBody", {}).get("content", {})
    fields = []
    for mime, body in content.items():
        schema = _resolve(body.get("schema", {}), spec)
        required = set(schema.get("required", []))
        for name, prop in schema.get("properties", {}).items():
            fields.append(Field(name, mime, _type(prop), name in required, prop.get("description", "")))
    return fields


def _params(op: dict[str, Any]) -> list[Field]:
    return [
        Field(
            p["name"], p["in"], _type(p.get("schema", {})), bool(p.get("required")), p.get("description", "")
        )
        for p in op.get("parameters", [])
    ]


def operations(spec: dict[str, Any]) -> list[Operation]:
    """Every documented operation with its inputs and responses, in path order."""
    ops = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            responses = [(code, r.get("description", "")) for code, r in op.get("responses", {}).items()]
            ops.append(
                Operation(
                    method.upper(),
                    path,
                    op.get("summary", ""),
                    op.get("description", ""),
                    _params(op) + _body_fields(op, spec),
                    responses,
                )
            )
    return ops


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    spec = request.app.openapi()
    context = {"spec": spec, "ops": operations(spec)}
    return request.app.state.templates.TemplateResponse(request, "docs.html", context)
