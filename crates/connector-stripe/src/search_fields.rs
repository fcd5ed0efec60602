//! Which fields each searchable resource can search, and how they match.
//!
//! The OpenAPI spec only says `query: string`; this table follows Stripe's "query fields"
//! documentation (https://docs.stripe.com/search#query-fields), and a test checks that every
//! column it names exists in the catalogue.

use crate::catalogue::ResourceSpec;

/// Searches allowed per second on every account, live or test (Stripe's documented limit for
/// all search endpoints together).
pub const SEARCH_REQUESTS_PER_SECOND: f64 = 20.0;

/// Shortest substring Stripe's `~` operator accepts.
pub const MIN_SUBSTRING_CHARS: usize = 3;

/// How a query field matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A string: `field:"v"`; `substring` fields also take `field~"v"` (LIKE). `selective` fields
    /// name few objects per value (an email, a name, a customer id), unlike a status or currency.
    Text { substring: bool, selective: bool },
    /// A number (`amount:1000`, `amount>1000`); equality is selective, a range is not.
    Number,
    /// `true`/`false`; never selective.
    Bool,
    /// The `Metadata` JSON column: `metadata["key"]:"value"`, selective.
    Metadata,
}

/// One searchable field and the column it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchField {
    /// Column name in the catalogue (`Email`).
    pub column: &'static str,
    /// Query field (`email`).
    pub field: &'static str,
    /// How it matches.
    pub kind: FieldKind,
}

/// A resource's search endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchSpec {
    /// The resource's list path (`/v1/customers`); search is `<path>/search`.
    pub path: &'static str,
    /// Its query fields (besides `created`, which every one of them has).
    pub fields: &'static [SearchField],
}

const fn text(column: &'static str, field: &'static str, selective: bool) -> SearchField {
    SearchField {
        column,
        field,
        kind: FieldKind::Text {
            substring: false,
            selective,
        },
    }
}

const fn substring(column: &'static str, field: &'static str) -> SearchField {
    SearchField {
        column,
        field,
        kind: FieldKind::Text {
            substring: true,
            selective: true,
        },
    }
}

const fn number(column: &'static str, field: &'static str) -> SearchField {
    SearchField {
        column,
        field,
        kind: FieldKind::Number,
    }
}

const fn boolean(column: &'static str, field: &'static str) -> SearchField {
    SearchField {
        column,
        field,
        kind: FieldKind::Bool,
    }
}

pub(crate) const METADATA: SearchField = SearchField {
    column: "Metadata",
    field: "metadata",
    kind: FieldKind::Metadata,
};

/// The seven searchable resources.
pub static SEARCHABLE: &[SearchSpec] = &[
    SearchSpec {
        path: "/v1/charges",
        fields: &[
            number("Amount", "amount"),
            text("Currency", "currency", false),
            text("CustomerId", "customer", true),
            boolean("Disputed", "disputed"),
            METADATA,
            boolean("Refunded", "refunded"),
            text("Status", "status", false),
        ],
    },
    SearchSpec {
        path: "/v1/customers",
        fields: &[
            substring("Email", "email"),
            METADATA,
            substring("Name", "name"),
            substring("Phone", "phone"),
            text("TestClockId", "test_clock", true),
        ],
    },
    SearchSpec {
        path: "/v1/invoices",
        fields: &[
            text("Currency", "currency", false),
            text("CustomerId", "customer", true),
            METADATA,
            text("Number", "number", true),
            text("ReceiptNumber", "receipt_number", true),
            text("Status", "status", false),
            text("SubscriptionId", "subscription", true),
            number("Total", "total"),
        ],
    },
    SearchSpec {
        path: "/v1/payment_intents",
        fields: &[
            number("Amount", "amount"),
            text("Currency", "currency", false),
            text("CustomerId", "customer", true),
            METADATA,
            text("Status", "status", false),
        ],
    },
    SearchSpec {
        path: "/v1/prices",
        fields: &[
            boolean("Active", "active"),
            text("Currency", "currency", false),
            text("LookupKey", "lookup_key", true),
            METADATA,
            text("ProductId", "product", true),
            text("Type", "type", false),
        ],
    },
    SearchSpec {
        path: "/v1/products",
        fields: &[
            boolean("Active", "active"),
            substring("Description", "description"),
            METADATA,
            substring("Name", "name"),
            boolean("Shippable", "shippable"),
            text("Url", "url", true),
        ],
    },
    SearchSpec {
        path: "/v1/subscriptions",
        fields: &[METADATA, text("Status", "status", false)],
    },
];

/// The search endpoint of `resource`, if it has one.
pub fn spec_for(resource: &ResourceSpec) -> Option<&'static SearchSpec> {
    SEARCHABLE.iter().find(|s| s.path == resource.path)
}
