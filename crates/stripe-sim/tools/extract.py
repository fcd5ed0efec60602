#!/usr/bin/env python3
"""Reduces Stripe's OpenAPI spec + fixtures to the data file stripe-sim embeds.

Usage: extract.py SPEC3_JSON FIXTURES_DIR_OR_FILE [OUT]
  (default OUT: crates/stripe-sim/data/resources.json next to this script)

The simulator must build without the (large, unvendored) spec, so this script keeps only what
generation needs: every list endpoint (path, object, id prefix, query parameters), each listed
object's top-level fields reduced to a kind (ref/time/enum/...), and the fixture object as a
template. Output is deterministic (sorted keys, fixed indentation) so a test can diff it.
"""
import json
import os
import re
import sys

SKIP_PREFIXES = ("/v1/test_helpers/",)
# Aliases of other endpoints and preview endpoints that compute instead of list.
SKIP_PATHS = {
    "/v1/balance/history",
    "/v1/linked_accounts",
    "/v1/linked_accounts/{account}/owners",
    "/v1/accounts/{account}/people",
    "/v1/credit_notes/preview/lines",
    "/v1/invoices/upcoming/lines",
}
COMMON = {"limit", "starting_after", "ending_before", "expand"}
ID_PREFIX = re.compile(r"^([a-z]+(?:_[a-z]+)*_)(?=[0-9A-Za-z])")


def ref_name(schema):
    r = schema.get("$ref", "")
    return r.rsplit("/", 1)[-1] if r else None


def resolve(spec, schema):
    while "$ref" in schema:
        schema = spec["components"]["schemas"][ref_name(schema)]
    return schema


def object_name(spec, name):
    schema = spec["components"]["schemas"][name]
    return schema.get("x-resourceId", name)


def list_item(spec, get):
    content = get["responses"]["200"]["content"].get("application/json", {})
    props = content.get("schema", {}).get("properties", {})
    if props.get("object", {}).get("enum") != ["list"]:
        return None
    return ref_name(props["data"]["items"])  # None for polymorphic lists


def field_kind(spec, name, prop, fixture_value, prefixes):
    """The reduced description of one top-level property."""
    out = {}
    if prop.get("nullable"):
        out["null"] = True
    expansion = prop.get("x-expansionResources", {}).get("oneOf")
    if expansion:
        targets = [object_name(spec, ref_name(t)) for t in expansion]
        out["k"] = "ref"
        out["to"] = [t for t in targets if not t.startswith("deleted_")]
        return out
    if "anyOf" in prop and len(prop["anyOf"]) == 1:
        inner = dict(prop["anyOf"][0])
        prop = dict(resolve(spec, inner), nullable=prop.get("nullable", False))
    prop = resolve(spec, prop)
    t = prop.get("type")
    if t == "integer" and prop.get("format") == "unix-time":
        out["k"] = "time"
    elif t == "string" and "enum" in prop:
        out["k"] = "enum"
        out["enum"] = prop["enum"]
    elif t == "string":
        out["k"] = "str"
        # Plain-string ids of another listed resource (`subscription_item.subscription`).
        if isinstance(fixture_value, str):
            for obj, prefix in prefixes.items():
                named = obj.rsplit(".", 1)[-1] == name
                if named and prefix and fixture_value.startswith(prefix):
                    out["k"] = "ref"
                    out["to"] = [obj]
                    break
    elif t == "integer":
        out["k"] = "int"
    elif t == "number":
        out["k"] = "num"
    elif t == "boolean":
        out["k"] = "bool"
    elif t == "object" and prop.get("properties", {}).get("object", {}).get("enum") == ["list"]:
        out["k"] = "list"
        item = ref_name(prop["properties"]["data"].get("items", {}))
        if item:
            out["item"] = object_name(spec, item)
    elif t == "object":
        out["k"] = "obj"
    elif t == "array":
        out["k"] = "arr"
    else:
        out["k"] = "any"
    return out


def id_prefix(fixture_id):
    if not isinstance(fixture_id, str):
        return ""
    m = ID_PREFIX.match(fixture_id)
    if not m:
        return ""
    prefix = m.group(1)
    if not re.search(r"[0-9A-Z]", fixture_id[len(prefix):]):
        return ""  # a natural id such as `card_payments`
    return prefix[: -len("tmp_")] if prefix.endswith("_tmp_") else prefix


def param(spec, p, item_fields):
    schema = p.get("schema", {})
    out = {"name": p["name"]}
    if p.get("required"):
        out["required"] = True
    field = item_fields.get(p["name"])
    scalar = schema.get("type") in ("string", "boolean", "integer")
    if scalar and field and field["k"] in ("ref", "enum", "str", "bool", "int"):
        out["eq"] = True
    elif p["name"] == "created" or (field and field["k"] == "time" and "anyOf" in schema):
        out["range"] = True
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    spec_path = sys.argv[1]
    fixtures_arg = sys.argv[2]
    out_path = sys.argv[3] if len(sys.argv) > 3 else os.path.join(here, "..", "data", "resources.json")
    spec = json.load(open(spec_path))
    version = spec["info"]["version"]
    if os.path.isdir(fixtures_arg):
        exact = os.path.join(fixtures_arg, "fixtures3.%s.json" % version)
        newer = os.path.join(fixtures_arg, "fixtures3.json")
        primary = json.load(open(exact if os.path.exists(exact) else newer))["resources"]
        fallback = json.load(open(newer))["resources"] if os.path.exists(newer) else {}
    else:
        primary = json.load(open(fixtures_arg))["resources"]
        fallback = {}
    schemas = spec["components"]["schemas"]

    lists = []
    for path in sorted(spec["paths"]):
        get = spec["paths"][path].get("get")
        if not get or path in SKIP_PATHS or path.startswith(SKIP_PREFIXES):
            continue
        item = list_item(spec, get)
        if item is None:
            continue
        lists.append((path, item, get))

    used = sorted({item for _, item, _ in lists})
    templates = {}
    prefixes = {}
    for name in used:
        obj = object_name(spec, name)
        fixture = primary.get(obj) or fallback.get(obj)
        if fixture is None:
            continue
        props = schemas[name].get("properties", {})
        templates[name] = {k: v for k, v in fixture.items() if k in props}
        prefixes[obj] = id_prefix(fixture.get("id"))

    objects = {}
    for name in used:
        if name not in templates:
            continue
        template = templates[name]
        props = schemas[name]["properties"]
        fields = {}
        for key in sorted(template):
            fields[key] = field_kind(spec, key, props[key], template[key], prefixes)
        fields.pop("id", None)
        fields.pop("object", None)
        objects[object_name(spec, name)] = {
            "fields": fields,
            "id": template.get("id"),
            "prefix": prefixes[object_name(spec, name)],
            "template": template,
        }

    endpoints = []
    for path, item, get in lists:
        obj = object_name(spec, item)
        if obj not in objects:
            continue
        params = [
            param(spec, p, objects[obj]["fields"])
            for p in get.get("parameters", [])
            if p["in"] == "query" and p["name"] not in COMMON
        ]
        endpoints.append({"object": obj, "params": params, "path": path})

    data = {"endpoints": endpoints, "objects": objects, "version": version}
    with open(out_path, "w") as f:
        json.dump(data, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
