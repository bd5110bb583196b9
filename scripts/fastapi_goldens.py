#!/usr/bin/env python3
"""FastAPI's own 422 bodies for the model of tests/fastapi_goldens.rs.

    python3 scripts/fastapi_goldens.py            # writes tests/goldens/fastapi.json

Installs pinned FastAPI (and Pydantic, Starlette, httpx for TestClient, python-multipart for
forms) into a temporary virtual environment, runs the app below there with FastAPI's
TestClient, and writes every case with the exact response bytes. The Rust tests read the
committed file; they never need Python. Never edit the output by hand: change the cases here
and run the script again.
"""

import json
import os
import subprocess
import sys
import tempfile

PINS = [
    "fastapi==0.165.0",
    "pydantic==2.14.3",
    "starlette==1.10.0",
    "httpx==0.28.1",
    "python-multipart==0.0.20",
]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "goldens", "fastapi.json")

# The app, run inside the venv. The Rust twin is in tests/fastapi_goldens.rs; each Rust type
# is given the Pydantic type that accepts what it accepts (a `u8` is an `int` in 0..=255).
APP = r'''
import enum, json, sys
from typing import Annotated, Optional
from fastapi import FastAPI, Form, Query
from fastapi.testclient import TestClient
from pydantic import BaseModel, ConfigDict, Field
import fastapi, pydantic, starlette


class Color(str, enum.Enum):
    red = "red"
    green = "green"


class Address(BaseModel):
    model_config = ConfigDict(extra="forbid")
    city: str
    zip: str


class Order(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=8)
    quantity: int
    price: float = Field(gt=0.0, le=1000.0)
    active: bool
    tags: list[str] = Field(min_length=1, max_length=3)
    address: Address
    note: Optional[str] = None
    color: Color
    level: int = Field(ge=0, le=255)


app = FastAPI()


@app.post("/orders")
def create(order: Order):
    return {"ok": True}


@app.get("/search")
def search(
    q: str,
    limit: Annotated[int, Query(ge=1, le=100)],
    page: Annotated[int, Query(ge=0, le=4294967295)] = 0,
    exact: Optional[bool] = None,
):
    return {"ok": True}


@app.get("/items/{item_id}")
def show(item_id: int):
    return {"ok": True}


@app.post("/login")
def login(username: Annotated[str, Form()], age: Annotated[int, Form(ge=0, le=255)]):
    return {"ok": True}


# The Kubeadapt-style example server's models (examples/src/kubeadapt.rs), without its
# authentication: its 422 bodies must be these.
class ClusterDraft(BaseModel):
    name: str = Field(min_length=1)
    node_count: int = Field(ge=1, le=5000)


@app.post("/v1/clusters")
def create_cluster(draft: ClusterDraft):
    return {"ok": True}


@app.get("/v1/clusters/{cluster_id}/recommendations")
def recommendations(cluster_id: str, timeframe: Annotated[int, Query(ge=1, le=90)] = 30):
    return {"ok": True}


client = TestClient(app)
cases = json.load(sys.stdin)
out = []
for case in cases:
    headers = {}
    if case.get("content_type"):
        headers["content-type"] = case["content_type"]
    response = client.request(
        case["method"], case["url"], content=case.get("body"), headers=headers
    )
    out.append(dict(case, status=response.status_code, response=response.content.decode()))
versions = {
    "fastapi": fastapi.__version__,
    "pydantic": pydantic.VERSION,
    "starlette": starlette.__version__,
}
json.dump({"versions": versions, "cases": out}, sys.stdout, indent=1, ensure_ascii=False)
'''

VALID = {
    "name": "widget",
    "quantity": 2,
    "price": 9.5,
    "active": True,
    "tags": ["a"],
    "address": {"city": "Oslo", "zip": "0150"},
    "color": "red",
    "level": 3,
}


def body(**changes):
    """The valid order with `changes` (a value of None removes the field)."""
    order = dict(VALID)
    for key, value in changes.items():
        if value is None:
            order.pop(key, None)
        else:
            order[key] = value
    return json.dumps(order, separators=(",", ":"))


JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


def post(name, text, content_type=JSON):
    return {"name": name, "method": "POST", "url": "/orders", "content_type": content_type, "body": text}


CASES = [
    post("valid", body()),
    post("empty_object", "{}"),
    post("every_field_wrong", json.dumps({
        "name": 5, "quantity": "three", "price": "twenty", "active": "maybe", "tags": "x",
        "address": "x", "note": 5, "color": "blue", "level": -1,
    }, separators=(",", ":"))),
    post("wrong_types_in_input_order", json.dumps({
        "level": "high", "color": 7, "address": {"zip": 150, "city": None}, "tags": [1, "ok", True],
        "active": 3, "price": [], "quantity": 2.5, "name": None,
    }, separators=(",", ":"))),
    post("nested_missing_and_extra", body(address={"city": 5, "country": "NO"})),
    post("list_items", body(tags=[1, "ok", True])),
    post("extra_fields", body(extra=1, more={"a": [1]})),
    post("int_from_float", body(quantity=2.5)),
    post("int_from_bool", body(quantity=True)),
    post("int_from_object", body(quantity={"a": 1})),
    post("float_from_bool", body(price=True)),
    post("float_from_list", body(price=[1])),
    post("bool_from_int", body(active=2)),
    post("bool_from_string", body(active="maybe")),
    post("bool_from_object", body(active={})),
    post("string_from_list", body(name=["a"])),
    post("string_from_object", body(name={})),
    post("string_from_bool", body(name=False)),
    post("null_fields", body(name=None) .replace("{", '{"name":null,', 1)),
    post("list_from_object", body(tags={"a": 1})),
    post("nested_from_list", body(address=[1])),
    post("enum_unknown", body(color="blue")),
    post("enum_not_a_string", body(color=1)),
    post("level_below_u8", body(level=-1)),
    post("level_above_u8", body(level=256)),
    post("missing_some", body(quantity=None, color=None)),
    post("body_is_a_list", "[1,2]"),
    post("body_is_a_string", '"order"'),
    post("body_is_null", "null"),
    # Rule violations (the `Valid` extractor with validator), alone and with type problems.
    post("name_too_short", body(name="")),
    post("name_too_long", body(name="far too long")),
    post("price_not_greater_than", body(price=0)),
    post("price_above_max", body(price=1000.5)),
    post("tags_too_few", body(tags=[])),
    post("tags_too_many", body(tags=["a", "b", "c", "d"])),
    post("every_rule", body(name="", price=0, tags=[])),
    post("rules_and_types", body(name="", quantity="x", tags=["a", "b", "c", "d"], level=300)),
    # Query, path and form parameters arrive as strings and are echoed as strings.
    {"name": "query_valid", "method": "GET", "url": "/search?q=x&limit=5"},
    {"name": "query_missing", "method": "GET", "url": "/search"},
    {"name": "query_wrong", "method": "GET", "url": "/search?q=x&limit=abc&page=-1&exact=maybe"},
    {"name": "query_float_for_int", "method": "GET", "url": "/search?q=x&limit=7.5&page=4294967296"},
    {"name": "query_bounds", "method": "GET", "url": "/search?q=x&limit=0"},
    {"name": "query_bounds_high", "method": "GET", "url": "/search?q=x&limit=101"},
    {"name": "path_valid", "method": "GET", "url": "/items/7"},
    {"name": "path_wrong", "method": "GET", "url": "/items/seven"},
    {"name": "path_float", "method": "GET", "url": "/items/1.5"},
    {"name": "form_valid", "method": "POST", "url": "/login", "content_type": FORM, "body": "username=a&age=3"},
    {"name": "form_missing", "method": "POST", "url": "/login", "content_type": FORM, "body": "username=a"},
    {"name": "form_wrong", "method": "POST", "url": "/login", "content_type": FORM, "body": "age=old"},
    {"name": "kubeadapt_node_count_string", "method": "POST", "url": "/v1/clusters", "content_type": JSON, "body": '{"name":"a","node_count":"three"}'},
    {"name": "kubeadapt_missing_node_count", "method": "POST", "url": "/v1/clusters", "content_type": JSON, "body": '{"name":"a"}'},
    {"name": "kubeadapt_empty_object", "method": "POST", "url": "/v1/clusters", "content_type": JSON, "body": "{}"},
    {"name": "kubeadapt_both_bounds", "method": "POST", "url": "/v1/clusters", "content_type": JSON, "body": '{"name":"","node_count":0}'},
    {"name": "kubeadapt_node_count_high", "method": "POST", "url": "/v1/clusters", "content_type": JSON, "body": '{"name":"a","node_count":5001}'},
    # Type problems and rule violations of one body in one list (`Valid<Json<ClusterDraft>>`),
    # in field order whatever the input order; a negative count breaks `ge=1`.
    {"name": "kubeadapt_name_empty_node_count_string", "method": "POST", "url": "/v1/clusters", "content_type": JSON, "body": '{"name":"","node_count":"three"}'},
    {"name": "kubeadapt_name_missing_node_count_low", "method": "POST", "url": "/v1/clusters", "content_type": JSON, "body": '{"node_count":0}'},
    {"name": "kubeadapt_name_number_node_count_high", "method": "POST", "url": "/v1/clusters", "content_type": JSON, "body": '{"name":5,"node_count":5001}'},
    {"name": "kubeadapt_node_count_float_name_empty", "method": "POST", "url": "/v1/clusters", "content_type": JSON, "body": '{"node_count":2.5,"name":""}'},
    {"name": "kubeadapt_node_count_negative", "method": "POST", "url": "/v1/clusters", "content_type": JSON, "body": '{"name":"a","node_count":-5}'},
    {"name": "kubeadapt_timeframe_abc", "method": "GET", "url": "/v1/clusters/c-1a2b3c4d/recommendations?timeframe=abc"},
    {"name": "kubeadapt_timeframe_float", "method": "GET", "url": "/v1/clusters/c-1a2b3c4d/recommendations?timeframe=7.5"},
    {"name": "kubeadapt_timeframe_low", "method": "GET", "url": "/v1/clusters/c-1a2b3c4d/recommendations?timeframe=0"},
    {"name": "kubeadapt_timeframe_high", "method": "GET", "url": "/v1/clusters/c-1a2b3c4d/recommendations?timeframe=91"},
    {"name": "form_bounds", "method": "POST", "url": "/login", "content_type": FORM, "body": "username=a&age=300"},
]


def main():
    with tempfile.TemporaryDirectory(prefix="fastapi-goldens-") as venv:
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        python = os.path.join(venv, "bin", "python")
        subprocess.run([python, "-m", "pip", "install", "--quiet", *PINS], check=True)
        result = subprocess.run(
            [python, "-c", APP], input=json.dumps(CASES), capture_output=True, text=True, check=True
        )
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as file:
        file.write(result.stdout)
        file.write("\n")
    print(f"wrote {len(CASES)} cases to {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
