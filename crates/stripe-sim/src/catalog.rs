//! The embedded reduction of Stripe's OpenAPI spec and fixtures (`data/resources.json`,
//! written by `tools/extract.py`): every list endpoint, and for each listed object its id
//! prefix, its top-level fields reduced to what generation needs, and a fixture template.
//!
//! Embedded rather than read at run time because the spec is not part of the repository:
//! the simulator must work in any clone.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;
use serde_json::{Map, Value};

/// The data file, checked in next to the crate.
pub(crate) const DATA: &str = include_str!("../data/resources.json");

/// Parsed data file. Parsed once per process; a broken file (caught by the crate's tests)
/// degrades to "no generic resources" instead of a panic.
pub(crate) static CATALOG: LazyLock<Catalog> = LazyLock::new(|| match parse(DATA) {
    Ok(c) => c,
    Err(e) => {
        tracing::error!(error = %e, "stripe-sim: embedded resources.json is invalid");
        Catalog::default()
    }
});

/// Parses a data file.
pub(crate) fn parse(text: &str) -> serde_json::Result<Catalog> {
    serde_json::from_str(text)
}

/// The whole data file.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Catalog {
    /// Every list endpoint, sorted by path.
    pub(crate) endpoints: Vec<Endpoint>,
    /// Listed objects by `object` name (`invoice`, `checkout.session`).
    pub(crate) objects: BTreeMap<String, ObjectDef>,
    /// The spec's API version.
    #[allow(dead_code)]
    pub(crate) version: String,
}

/// One `GET` list endpoint.
#[derive(Debug, Deserialize)]
pub(crate) struct Endpoint {
    /// Full path template, e.g. `/v1/invoices/{invoice}/lines`.
    pub(crate) path: String,
    /// The listed object's name.
    pub(crate) object: String,
    /// Query parameters besides `limit`, cursors and `expand`.
    pub(crate) params: Vec<ParamDef>,
}

/// One list query parameter.
#[derive(Debug, Deserialize)]
pub(crate) struct ParamDef {
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) required: bool,
    /// Equality filter on the same-named scalar field of the object.
    #[serde(default)]
    pub(crate) eq: bool,
}

/// One listed object type.
#[derive(Debug, Deserialize)]
pub(crate) struct ObjectDef {
    /// Top-level fields (without `id` and `object`), by name.
    pub(crate) fields: BTreeMap<String, FieldDef>,
    /// Id prefix (`in_`, `cs_test_`); empty for natural ids (`US`, coupon codes).
    pub(crate) prefix: String,
    /// The fixture's id (its length and alphabet shape generated ids without a prefix).
    pub(crate) id: Option<String>,
    /// The fixture object, restricted to the spec's properties.
    pub(crate) template: Map<String, Value>,
}

/// What generation needs to know about one top-level field.
#[derive(Debug, Deserialize)]
pub(crate) struct FieldDef {
    /// `ref`, `time`, `enum`, `str`, `int`, `num`, `bool`, `list`, `obj`, `arr` or `any`.
    pub(crate) k: String,
    #[serde(default)]
    pub(crate) null: bool,
    /// Enum values.
    #[serde(default)]
    pub(crate) r#enum: Vec<String>,
    /// Possible target objects of a reference.
    #[serde(default)]
    pub(crate) to: Vec<String>,
    /// Item object of an embedded list.
    #[serde(default)]
    pub(crate) item: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_parses_and_is_small() {
        let c = parse(DATA).unwrap();
        assert!(c.endpoints.len() > 80, "{}", c.endpoints.len());
        assert!(c.objects.contains_key("invoice"));
        assert_eq!(c.objects["invoice"].prefix, "in_");
        assert!(DATA.len() < 2_000_000);
        assert_eq!(c.version, "2023-08-16");
    }
}
