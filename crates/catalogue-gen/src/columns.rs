//! The columns of one object schema, by STRIPE.md's rules.

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::error::Result;
use crate::model::{Column, Kind};
use crate::naming::{pascal_case, plain_description};
use crate::schema::{description, shape, Shape};

/// Columns of an object schema's `properties`: `Id` first, then the fields sorted by name, each
/// small object followed by its flattened fields. A name already taken is skipped (the earlier,
/// shallower column wins).
pub fn columns(spec: &Value, props: &Map<String, Value>) -> Result<Vec<Column>> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut names: Vec<&String> = props.keys().collect();
    names.sort_by_key(|n| (n.as_str() != "id", n.as_str()));
    for name in names {
        let Some(field) = props.get(name) else {
            continue;
        };
        let desc = plain_description(description(spec, field));
        if name == "id" {
            push(
                &mut out,
                &mut seen,
                "Id".into(),
                vec![name.clone()],
                Kind::Id,
                desc,
            );
            continue;
        }
        match shape(spec, name, field)? {
            // Embedded lists hold Stripe's first 10 items only; a column would silently drop
            // the rest, so the rows are read from the child or top-level table instead.
            Shape::List => continue,
            Shape::Scalar(kind) => push(
                &mut out,
                &mut seen,
                pascal_case(name),
                vec![name.clone()],
                kind,
                desc,
            ),
            Shape::Expandable => push(
                &mut out,
                &mut seen,
                format!("{}Id", pascal_case(name)),
                vec![name.clone()],
                Kind::ExpandableId,
                desc,
            ),
            Shape::Json => push(
                &mut out,
                &mut seen,
                pascal_case(name),
                vec![name.clone()],
                Kind::Json,
                desc,
            ),
            Shape::Small(inner) => {
                let prefix = pascal_case(name);
                push(
                    &mut out,
                    &mut seen,
                    prefix.clone(),
                    vec![name.clone()],
                    Kind::Json,
                    desc,
                );
                let mut inner_names: Vec<&String> = inner.keys().collect();
                inner_names.sort();
                for sub in inner_names {
                    let Some(sub_field) = inner.get(sub) else {
                        continue;
                    };
                    let (suffix, kind) = match shape(spec, sub, sub_field)? {
                        Shape::Scalar(kind) => (pascal_case(sub), kind),
                        Shape::Expandable => {
                            (format!("{}Id", pascal_case(sub)), Kind::ExpandableId)
                        }
                        // One level only: nested objects stay inside the JSON column.
                        Shape::Small(_) | Shape::Json | Shape::List => continue,
                    };
                    let desc = plain_description(description(spec, sub_field));
                    push(
                        &mut out,
                        &mut seen,
                        format!("{prefix}{suffix}"),
                        vec![name.clone(), sub.clone()],
                        kind,
                        desc,
                    );
                }
            }
        }
    }
    Ok(out)
}

fn push(
    out: &mut Vec<Column>,
    seen: &mut HashSet<String>,
    name: String,
    path: Vec<String>,
    kind: Kind,
    description: String,
) {
    if seen.insert(name.clone()) {
        out.push(Column {
            name,
            path,
            kind,
            description,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::StrLen;
    use serde_json::json;

    #[test]
    fn flattening_expandables_and_order() {
        let spec = json!({"components": {"schemas": {
            "address": {"type": "object", "properties": {
                "city": {"type": "string", "description": "City, district."},
                "geo": {"type": "object", "properties": {"lat": {"type": "number"}}}}},
            "customer": {"x-resourceId": "customer", "type": "object", "properties": {}}
        }}});
        let props = json!({
            "object": {"type": "string", "enum": ["charge"]},
            "id": {"type": "string", "description": "Unique identifier for the object."},
            "address": {"anyOf": [{"$ref": "#/components/schemas/address"}], "nullable": true,
                        "description": "The `customer`'s address."},
            "customer": {"anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/customer"}]},
            "customer_id": {"type": "string"},
            "metadata": {"type": "object", "additionalProperties": {"type": "string"}}
        });
        let cols = columns(&spec, props.as_object().unwrap()).unwrap();
        let names: Vec<_> = cols.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Id",
                "Address",
                "AddressCity",
                "CustomerId",
                "Metadata",
                "Object"
            ]
        );
        assert_eq!(cols[0].kind, Kind::Id);
        assert_eq!(cols[1].kind, Kind::Json);
        assert_eq!(cols[1].description, "The customer's address.");
        assert_eq!(cols[2].path, ["address", "city"]);
        assert_eq!(cols[2].kind, Kind::String(StrLen::Max));
        assert_eq!(cols[3].kind, Kind::ExpandableId);
        assert_eq!(
            cols[3].path,
            ["customer"],
            "the plain customer_id field lost the name"
        );
        assert_eq!(cols[4].kind, Kind::Json);
        assert_eq!(cols[5].kind, Kind::Enum);
    }

    #[test]
    fn embedded_lists_get_no_column() {
        let spec = json!({"components": {"schemas": {}}});
        let props = json!({
            "id": {"type": "string"},
            "lines": {"type": "object", "description": "Line items.", "properties": {
                "object": {"type": "string", "enum": ["list"]},
                "data": {"type": "array", "items": {"type": "object"}},
                "has_more": {"type": "boolean"},
                "url": {"type": "string"}}},
            "tags": {"type": "array", "items": {"type": "string"}}
        });
        let cols = columns(&spec, props.as_object().unwrap()).unwrap();
        let names: Vec<_> = cols.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            ["Id", "Tags"],
            "a truncated list must not become a column"
        );
    }
}
