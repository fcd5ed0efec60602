//! Reading OpenAPI schemas: `$ref` resolution and the shape of one field.

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::model::Kind;

/// Objects with at most this many properties are flattened one level (STRIPE.md: "small
/// embedded objects"); bigger ones stay a JSON column only, or a table would get hundreds of
/// mostly-NULL columns (`payment_method_details`).
pub const MAX_FLATTEN_PROPERTIES: usize = 8;

/// Enum values longer than this make the column free text rather than `nvarchar(64)`.
const ENUM_LEN: usize = 64;

/// The component schema a `#/components/schemas/<name>` reference points at.
pub fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> Result<&'a Value> {
    let mut s = schema;
    // Components may reference each other; a cycle of pure refs would be a broken spec.
    for _ in 0..16 {
        match s.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let name = r
                    .strip_prefix("#/components/schemas/")
                    .ok_or_else(|| Error::Spec(format!("unsupported $ref {r}")))?;
                s = spec
                    .pointer(&format!("/components/schemas/{name}"))
                    .ok_or_else(|| Error::Spec(format!("dangling $ref {r}")))?;
            }
            None => return Ok(s),
        }
    }
    Err(Error::Spec("$ref chain too deep".into()))
}

/// What a field is, as far as columns go.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape<'a> {
    /// One scalar column of this kind.
    Scalar(Kind),
    /// `anyOf: [string, $ref…]`: a `<Field>Id` column.
    Expandable,
    /// An object small enough to flatten: its properties (the JSON column comes too).
    Small(&'a Map<String, Value>),
    /// Arrays, free-form and large objects, polymorphic values: a JSON column only.
    Json,
    /// A Stripe list object embedded in another (`invoice.lines`, `charge.refunds`): it carries
    /// only the first 10 items, so it gets no column; the child or top-level table pages it.
    List,
}

/// The shape of `field` named `name` (the last path segment).
pub fn shape<'a>(spec: &'a Value, name: &str, field: &'a Value) -> Result<Shape<'a>> {
    if let Some(any) = field.get("anyOf").and_then(Value::as_array) {
        let has_string = any.iter().any(|v| type_of(v) == Some("string"));
        let refs = any.iter().filter(|v| v.get("$ref").is_some()).count();
        return Ok(match (any.len(), has_string, refs) {
            // A nullable wrapper around one schema.
            (1, _, _) => match any.first() {
                Some(inner) => shape(spec, name, resolve(spec, inner)?)?,
                None => Shape::Json,
            },
            (n, true, r) if r + 1 == n && r > 0 => Shape::Expandable,
            _ => Shape::Json,
        });
    }
    let field = resolve(spec, field)?;
    Ok(match type_of(field) {
        Some("string") => Shape::Scalar(string_kind(name, field)),
        Some("integer") if format_of(field) == Some("unix-time") => Shape::Scalar(Kind::Timestamp),
        Some("integer") => Shape::Scalar(Kind::Integer),
        Some("number") => Shape::Scalar(Kind::Decimal),
        Some("boolean") => Shape::Scalar(Kind::Bool),
        Some("object") => match field.get("properties").and_then(Value::as_object) {
            Some(props) if is_list(props) => Shape::List,
            Some(props) if is_small(field, props) => Shape::Small(props),
            _ => Shape::Json,
        },
        _ => Shape::Json,
    })
}

/// A Stripe list object: `object` is the enum `list` and the items are in `data`.
fn is_list(props: &Map<String, Value>) -> bool {
    props
        .get("object")
        .and_then(|o| o.get("enum"))
        .and_then(Value::as_array)
        .is_some_and(|e| e.iter().any(|v| v == "list"))
        && props.contains_key("data")
}

fn is_small(schema: &Value, props: &Map<String, Value>) -> bool {
    // A whole resource (discount, …) embedded in another is a JSON column.
    let is_resource = schema.get("x-resourceId").is_some();
    !props.is_empty() && props.len() <= MAX_FLATTEN_PROPERTIES && !is_resource
}

fn string_kind(name: &str, field: &Value) -> Kind {
    use crate::model::StrLen;
    if format_of(field) == Some("decimal") {
        return Kind::Decimal;
    }
    if let Some(values) = field.get("enum").and_then(Value::as_array) {
        let short = values
            .iter()
            .all(|v| v.as_str().is_some_and(|s| s.chars().count() <= ENUM_LEN));
        return if short {
            Kind::Enum
        } else {
            Kind::String(StrLen::Max)
        };
    }
    if name == "currency" || name.ends_with("_currency") {
        return Kind::Enum;
    }
    if name == "email" || name.ends_with("_email") {
        return Kind::String(StrLen::Email);
    }
    if name == "phone" || name.ends_with("_phone") {
        return Kind::String(StrLen::Phone);
    }
    let description = field
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("");
    let is_id = name.ends_with("_id")
        || [
            "ID of",
            "The ID of",
            "Unique identifier",
            "The identifier of",
        ]
        .iter()
        .any(|p| description.starts_with(p));
    Kind::String(if is_id { StrLen::Id } else { StrLen::Max })
}

fn type_of(v: &Value) -> Option<&str> {
    v.get("type").and_then(Value::as_str)
}

fn format_of(v: &Value) -> Option<&str> {
    v.get("format").and_then(Value::as_str)
}

/// The description of a field, looking through a one-element `anyOf` wrapper and `$ref`s.
pub fn description<'a>(spec: &'a Value, field: &'a Value) -> &'a str {
    if let Some(d) = field.get("description").and_then(Value::as_str) {
        return d;
    }
    let inner = field
        .get("anyOf")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
        .unwrap_or(field);
    resolve(spec, inner)
        .ok()
        .and_then(|s| s.get("description"))
        .and_then(Value::as_str)
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::StrLen;
    use serde_json::json;

    fn spec() -> Value {
        json!({"components": {"schemas": {
            "customer": {"x-resourceId": "customer", "type": "object", "properties": {"id": {"type": "string"}}},
            "address": {"type": "object", "properties": {"city": {"type": "string"}, "line1": {"type": "string"}}},
            "big": {"type": "object", "properties": {
                "a": {}, "b": {}, "c": {}, "d": {}, "e": {}, "f": {}, "g": {}, "h": {}, "i": {}}}
        }}})
    }

    fn kind(name: &str, field: Value) -> Shape<'static> {
        let spec = Box::leak(Box::new(spec()));
        let field = Box::leak(Box::new(field));
        shape(spec, name, field).unwrap()
    }

    #[test]
    fn scalar_types() {
        use Kind::*;
        assert_eq!(
            kind("created", json!({"type": "integer", "format": "unix-time"})),
            Shape::Scalar(Timestamp)
        );
        assert_eq!(
            kind("amount", json!({"type": "integer"})),
            Shape::Scalar(Integer)
        );
        assert_eq!(
            kind("paid", json!({"type": "boolean"})),
            Shape::Scalar(Bool)
        );
        assert_eq!(
            kind("percent", json!({"type": "number"})),
            Shape::Scalar(Decimal)
        );
        assert_eq!(
            kind(
                "unit_amount_decimal",
                json!({"type": "string", "format": "decimal"})
            ),
            Shape::Scalar(Decimal)
        );
        assert_eq!(
            kind("status", json!({"type": "string", "enum": ["a", "b"]})),
            Shape::Scalar(Enum)
        );
        assert_eq!(
            kind("currency", json!({"type": "string"})),
            Shape::Scalar(Enum)
        );
        assert_eq!(
            kind("email", json!({"type": "string"})),
            Shape::Scalar(String(StrLen::Email))
        );
        assert_eq!(
            kind(
                "payment_method",
                json!({"type": "string", "description": "ID of the pm."})
            ),
            Shape::Scalar(String(StrLen::Id))
        );
        assert_eq!(
            kind("name", json!({"type": "string", "nullable": true})),
            Shape::Scalar(String(StrLen::Max))
        );
        assert_eq!(
            kind(
                "tags",
                json!({"type": "array", "items": {"type": "string"}})
            ),
            Shape::Json
        );
        assert_eq!(
            kind(
                "metadata",
                json!({"type": "object", "additionalProperties": {"type": "string"}})
            ),
            Shape::Json
        );
    }

    #[test]
    fn refs_objects_and_expandables() {
        let expandable =
            json!({"anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/customer"}]});
        assert_eq!(kind("customer", expandable), Shape::Expandable);
        let polymorphic = json!({"anyOf": [{"$ref": "#/components/schemas/address"}, {"$ref": "#/components/schemas/big"}]});
        assert_eq!(kind("source", polymorphic), Shape::Json);
        let nullable =
            json!({"anyOf": [{"$ref": "#/components/schemas/address"}], "nullable": true});
        assert!(matches!(kind("address", nullable), Shape::Small(p) if p.len() == 2));
        assert_eq!(
            kind("big", json!({"$ref": "#/components/schemas/big"})),
            Shape::Json
        );
        assert_eq!(
            kind("cust", json!({"$ref": "#/components/schemas/customer"})),
            Shape::Json,
            "resource"
        );
        let list =
            json!({"type": "object", "properties": {"object": {"enum": ["list"]}, "data": {}}});
        assert_eq!(kind("refunds", list), Shape::List);
        let spec = spec();
        assert!(resolve(&spec, &json!({"$ref": "#/components/schemas/nope"})).is_err());
    }
}
