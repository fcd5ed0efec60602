//! `Stripe.Customers`: `GET /v1/customers`.
//!
//! Derived from the spec's `customer` schema by the column rules of STRIPE.md. Left out: fields
//! Stripe returns only when expanded (`cash_balance`, `invoice_credit_balance`, `tax`) and embedded
//! lists (`sources`, `subscriptions`, `tax_ids`), which become child tables.
//!
//! TODO(test clocks): `GET /v1/customers` omits customers attached to a test clock unless
//! `test_clock=` is given, so a plain scan is incomplete on accounts using test clocks. A
//! complete scan must also walk `/v1/test_helpers/test_clocks` and list each clock's customers.

use super::spec::{ColumnKind, ColumnSpec, FilterSpec, ResourceSpec, EMAIL_LEN, PHONE_LEN};

/// The `Customers` table.
pub static CUSTOMERS: ResourceSpec = ResourceSpec {
    table: "Customers",
    path: "/v1/customers",
    object: "customer",
    id_prefixes: &["cus_"],
    description: "This object represents a customer of your business.",
    columns: COLUMNS,
    filters: &[FilterSpec {
        column: "Email",
        param: "email",
        // The spec: "A case-sensitive filter on the list based on the customer's `email` field."
        case_sensitive: true,
    }],
    created_filter: true,
};

const COLUMNS: &[ColumnSpec] = &[
    ColumnSpec {
        name: "Id",
        json_path: &["id"],
        kind: ColumnKind::Id,
        description: "Unique identifier for the object.",
    },
    ColumnSpec {
        name: "Object",
        json_path: &["object"],
        kind: ColumnKind::Enum,
        description: "String representing the object's type.",
    },
    ColumnSpec {
        name: "Address",
        json_path: &["address"],
        kind: ColumnKind::Json,
        description: "The customer's address.",
    },
    ColumnSpec {
        name: "AddressCity",
        json_path: &["address", "city"],
        kind: ColumnKind::String(None),
        description: "City, district, suburb, town, or village.",
    },
    ColumnSpec {
        name: "AddressCountry",
        json_path: &["address", "country"],
        kind: ColumnKind::String(None),
        description: "Two-letter country code (ISO 3166-1 alpha-2).",
    },
    ColumnSpec {
        name: "AddressLine1",
        json_path: &["address", "line1"],
        kind: ColumnKind::String(None),
        description: "Address line 1 (e.g., street, PO Box, or company name).",
    },
    ColumnSpec {
        name: "AddressLine2",
        json_path: &["address", "line2"],
        kind: ColumnKind::String(None),
        description: "Address line 2 (e.g., apartment, suite, unit, or building).",
    },
    ColumnSpec {
        name: "AddressPostalCode",
        json_path: &["address", "postal_code"],
        kind: ColumnKind::String(None),
        description: "ZIP or postal code.",
    },
    ColumnSpec {
        name: "AddressState",
        json_path: &["address", "state"],
        kind: ColumnKind::String(None),
        description: "State, county, province, or region.",
    },
    ColumnSpec {
        name: "Balance",
        json_path: &["balance"],
        kind: ColumnKind::Integer,
        description: "Current balance, if any, being stored on the customer.",
    },
    ColumnSpec {
        name: "Created",
        json_path: &["created"],
        kind: ColumnKind::Timestamp,
        description: "Time at which the object was created.",
    },
    ColumnSpec {
        name: "Currency",
        json_path: &["currency"],
        kind: ColumnKind::Enum,
        description: "Three-letter ISO code for the currency the customer can be charged in for recurring billing purposes.",
    },
    ColumnSpec {
        name: "DefaultSourceId",
        json_path: &["default_source"],
        kind: ColumnKind::ExpandableId,
        description: "ID of the default payment source for the customer.",
    },
    ColumnSpec {
        name: "Delinquent",
        json_path: &["delinquent"],
        kind: ColumnKind::Bool,
        description: "When the customer's latest invoice is billed by charging automatically, `delinquent` is `true` if the invoice's latest charge failed.",
    },
    ColumnSpec {
        name: "Description",
        json_path: &["description"],
        kind: ColumnKind::String(None),
        description: "An arbitrary string attached to the object.",
    },
    ColumnSpec {
        name: "Discount",
        json_path: &["discount"],
        kind: ColumnKind::Json,
        description: "Describes the current discount active on the customer, if there is one.",
    },
    ColumnSpec {
        name: "Email",
        json_path: &["email"],
        kind: ColumnKind::String(Some(EMAIL_LEN)),
        description: "The customer's email address.",
    },
    ColumnSpec {
        name: "InvoicePrefix",
        json_path: &["invoice_prefix"],
        kind: ColumnKind::String(None),
        description: "The prefix for the customer used to generate unique invoice numbers.",
    },
    ColumnSpec {
        name: "InvoiceSettings",
        json_path: &["invoice_settings"],
        kind: ColumnKind::Json,
        description: "Default settings used on invoices for this customer.",
    },
    ColumnSpec {
        name: "InvoiceSettingsDefaultPaymentMethodId",
        json_path: &["invoice_settings", "default_payment_method"],
        kind: ColumnKind::ExpandableId,
        description: "ID of a payment method that's attached to the customer, to be used as the customer's default payment method for subscriptions and invoices.",
    },
    ColumnSpec {
        name: "InvoiceSettingsFooter",
        json_path: &["invoice_settings", "footer"],
        kind: ColumnKind::String(None),
        description: "Default footer to be displayed on invoices for this customer.",
    },
    ColumnSpec {
        name: "Livemode",
        json_path: &["livemode"],
        kind: ColumnKind::Bool,
        description: "Has the value `true` if the object exists in live mode or the value `false` if the object exists in test mode.",
    },
    ColumnSpec {
        name: "Metadata",
        json_path: &["metadata"],
        kind: ColumnKind::Json,
        description: "Set of key-value pairs that you can attach to an object.",
    },
    ColumnSpec {
        name: "Name",
        json_path: &["name"],
        kind: ColumnKind::String(None),
        description: "The customer's full name or business name.",
    },
    ColumnSpec {
        name: "NextInvoiceSequence",
        json_path: &["next_invoice_sequence"],
        kind: ColumnKind::Integer,
        description: "The suffix of the customer's next invoice number, e.g., 0001.",
    },
    ColumnSpec {
        name: "Phone",
        json_path: &["phone"],
        kind: ColumnKind::String(Some(PHONE_LEN)),
        description: "The customer's phone number.",
    },
    ColumnSpec {
        name: "PreferredLocales",
        json_path: &["preferred_locales"],
        kind: ColumnKind::Json,
        description: "The customer's preferred locales (languages), ordered by preference.",
    },
    ColumnSpec {
        name: "Shipping",
        json_path: &["shipping"],
        kind: ColumnKind::Json,
        description: "Mailing and shipping address for the customer.",
    },
    ColumnSpec {
        name: "ShippingCarrier",
        json_path: &["shipping", "carrier"],
        kind: ColumnKind::String(None),
        description: "The delivery service that shipped a physical product, such as Fedex, UPS, USPS, etc.",
    },
    ColumnSpec {
        name: "ShippingName",
        json_path: &["shipping", "name"],
        kind: ColumnKind::String(None),
        description: "Recipient name.",
    },
    ColumnSpec {
        name: "ShippingPhone",
        json_path: &["shipping", "phone"],
        kind: ColumnKind::String(Some(PHONE_LEN)),
        description: "Recipient phone (including extension).",
    },
    ColumnSpec {
        name: "ShippingTrackingNumber",
        json_path: &["shipping", "tracking_number"],
        kind: ColumnKind::String(None),
        description: "The tracking number for a physical product, obtained from the delivery service.",
    },
    ColumnSpec {
        name: "TaxExempt",
        json_path: &["tax_exempt"],
        kind: ColumnKind::Enum,
        description: "Describes the customer's tax exemption status.",
    },
    ColumnSpec {
        name: "TestClockId",
        json_path: &["test_clock"],
        kind: ColumnKind::ExpandableId,
        description: "ID of the test clock this customer belongs to.",
    },
];
