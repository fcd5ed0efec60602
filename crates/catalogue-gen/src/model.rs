//! What the generator knows about each table, before it is printed as Rust or Markdown.

/// Width class of a string column (mirrors connector-stripe's `ColumnKind::String`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrLen {
    /// An id held in a plain string field (`ID_LEN`).
    Id,
    /// An email address (`EMAIL_LEN`).
    Email,
    /// A phone number (`PHONE_LEN`).
    Phone,
    /// Free text (`nvarchar(max)`).
    Max,
}

/// How a value is decoded (mirrors connector-stripe's `ColumnKind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The object's own id.
    Id,
    /// A string of this width.
    String(StrLen),
    /// An enum string.
    Enum,
    /// An integer.
    Integer,
    /// A boolean.
    Bool,
    /// Unix seconds.
    Timestamp,
    /// A decimal string or a JSON number.
    Decimal,
    /// The value as JSON text.
    Json,
    /// An expandable reference (`anyOf: [string, $ref]`): the id.
    ExpandableId,
}

/// One column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// PascalCase name.
    pub name: String,
    /// Field path in the JSON object.
    pub path: Vec<String>,
    /// Decoding rule.
    pub kind: Kind,
    /// Plain-text first sentence of the field's description.
    pub description: String,
}

/// An equality list filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// Column compared.
    pub column: String,
    /// Query parameter.
    pub param: String,
    /// Whether Stripe compares case-sensitively (free strings; not enums, booleans, numbers).
    pub case_sensitive: bool,
}

/// How a child table reaches its parent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parent {
    /// Parent table name (`Invoices`).
    pub table: String,
    /// Column of the child holding the parent's id (`InvoiceId`).
    pub column: String,
    /// JSON key of the parent column (`invoice`); the query parameter when not `in_path`.
    pub key: String,
    /// Whether the id replaces the path's one placeholder (`/v1/invoices/{invoice}/lines`)
    /// rather than going into the query.
    pub in_path: bool,
}

/// One table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Table name (`Customers`).
    pub name: String,
    /// List endpoint, with a `{placeholder}` for path children.
    pub path: String,
    /// The objects' `object` value / `x-resourceId` (`customer`, `checkout.session`).
    pub object: String,
    /// Plain-text first sentence of the object's description.
    pub description: String,
    /// Columns; the first is `Id`.
    pub columns: Vec<Column>,
    /// Equality list filters.
    pub filters: Vec<Filter>,
    /// Whether the list takes `created[gt|gte|lt|lte]`.
    pub created_filter: bool,
    /// Whether `GET <path>/<id>` retrieves one object.
    pub retrieve: bool,
    /// Parent of a child table.
    pub parent: Option<Parent>,
    /// Required query parameters no parent table can supply.
    pub required_params: Vec<String>,
    /// Parameters every list call sends unless a filter sets them (`status=all`).
    pub default_params: Vec<(String, String)>,
    /// Non-empty when the list hides objects on test clocks unless one of these parameters is
    /// given (`test_clock`, and for some lists `customer`).
    pub test_clock_unhide: Vec<String>,
}

impl Table {
    /// The column with this name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}
