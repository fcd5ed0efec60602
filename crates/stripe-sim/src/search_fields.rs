//! Stripe's searchable fields per resource, and what each field can be queried with.
//!
//! Stripe only indexes a few fields per resource and rejects the rest, so the simulator does
//! too: a connector that pushes down an unsupported field must see the 400 rather than
//! silently filter on something Stripe would refuse.

/// How a searchable field may be queried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A string with exact (`:`) and substring (`~`) match.
    Text,
    /// A string with exact match only.
    Str,
    /// A number (or unix timestamp): `:` and the range operators.
    Num,
    /// `true` / `false`.
    Bool,
    /// An id of another object (`customer`), compared as a string.
    Ref,
    /// `metadata["key"]`.
    Metadata,
}

use Kind::{Bool, Metadata, Num, Ref, Str, Text};

/// Stripe's searchable fields per resource (https://stripe.com/docs/search#query-fields).
static SEARCHABLE: &[(&str, &[(&str, Kind)])] = &[
    (
        "charges",
        &[
            ("amount", Num),
            ("billing_details.address.postal_code", Str),
            ("created", Num),
            ("currency", Str),
            ("customer", Ref),
            ("disputed", Bool),
            ("metadata", Metadata),
            ("payment_method_details.card.last4", Str),
            ("refunded", Bool),
            ("status", Str),
        ],
    ),
    (
        "customers",
        &[
            ("created", Num),
            ("email", Text),
            ("metadata", Metadata),
            ("name", Text),
            ("phone", Text),
            ("test_clock", Ref),
        ],
    ),
    (
        "invoices",
        &[
            ("created", Num),
            ("currency", Str),
            ("customer", Ref),
            ("metadata", Metadata),
            ("number", Str),
            ("receipt_number", Str),
            ("status", Str),
            ("subscription", Ref),
            ("total", Num),
        ],
    ),
    (
        "payment_intents",
        &[
            ("amount", Num),
            ("created", Num),
            ("currency", Str),
            ("customer", Ref),
            ("metadata", Metadata),
            ("status", Str),
        ],
    ),
    (
        "prices",
        &[
            ("active", Bool),
            ("currency", Str),
            ("lookup_key", Str),
            ("metadata", Metadata),
            ("product", Ref),
            ("type", Str),
        ],
    ),
    (
        "products",
        &[
            ("active", Bool),
            ("description", Text),
            ("metadata", Metadata),
            ("name", Text),
            ("shippable", Bool),
            ("url", Str),
        ],
    ),
    (
        "subscriptions",
        &[("created", Num), ("metadata", Metadata), ("status", Str)],
    ),
];

/// Whether `GET /v1/<resource>/search` exists.
pub(crate) fn is_searchable(resource: &str) -> bool {
    SEARCHABLE.iter().any(|(r, _)| *r == resource)
}

/// The searchable fields of `resource` (empty when it has no search endpoint).
pub(crate) fn fields(resource: &str) -> &'static [(&'static str, Kind)] {
    SEARCHABLE
        .iter()
        .find(|(r, _)| *r == resource)
        .map_or(&[][..], |(_, f)| *f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searchable_resources() {
        for r in [
            "charges",
            "customers",
            "invoices",
            "payment_intents",
            "prices",
            "products",
            "subscriptions",
        ] {
            assert!(is_searchable(r), "{r}");
        }
        assert!(!is_searchable("refunds"));
        assert!(!is_searchable("test_helpers/test_clocks"));
    }
    #[test]
    fn text_fields_are_the_substring_ones() {
        let text = |r: &str| -> Vec<&str> {
            fields(r)
                .iter()
                .filter(|(_, k)| *k == Text)
                .map(|(f, _)| *f)
                .collect()
        };
        assert_eq!(text("customers"), ["email", "name", "phone"]);
        assert_eq!(text("products"), ["description", "name"]);
        assert!(text("charges").is_empty());
        assert!(fields("refunds").is_empty());
    }
}
