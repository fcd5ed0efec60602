//! The data-driven description of one Stripe resource as a table.
//!
//! Everything the connector does for a table (schema, decoding, pushdown, request paths) is derived
//! from a static [`ResourceSpec`], so the catalogue generator only has to emit these literals.

use connector::{ColumnDef, SqlType, TableDef, CASE_INSENSITIVE_METADATA_KEY};
use datafusion::arrow::datatypes::{Field, Schema};

/// SQL schema every Stripe table lives in.
pub const SCHEMA: &str = "Stripe";

/// Width of id columns. Stripe ids are ~30 characters; a too-long value would be a hard error
/// downstream, so this is generous.
pub const ID_LEN: u16 = 255;
/// Width of enum and currency columns.
pub const ENUM_LEN: u16 = 64;
/// Width of email columns (Stripe's own `email` filter allows 512).
pub const EMAIL_LEN: u16 = 512;
/// Width of phone columns.
pub const PHONE_LEN: u16 = 64;

/// How a JSON value becomes a column value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// The object's own id (`nvarchar(255)`, never NULL).
    Id,
    /// A string; `Some(n)` is `nvarchar(n)`, `None` is `nvarchar(max)` for free text.
    String(Option<u16>),
    /// An enum string (`nvarchar(64)`).
    Enum,
    /// An integer: amounts in minor units, counts (`bigint`).
    Integer,
    /// A boolean (`bit`).
    Bool,
    /// Unix seconds (`datetime`, UTC).
    Timestamp,
    /// A decimal string such as `unit_amount_decimal` (`decimal(38,12)`).
    Decimal,
    /// The whole sub-object or array as compact JSON text (`nvarchar(max)`).
    Json,
    /// An expandable reference: either the id string or the expanded object, whose `id` is taken.
    ExpandableId,
}

/// Precision and scale of [`ColumnKind::Decimal`] columns: Stripe sends up to 12 decimal places.
pub const DECIMAL_PRECISION: u8 = 38;
/// See [`DECIMAL_PRECISION`].
pub const DECIMAL_SCALE: u8 = 12;

impl ColumnKind {
    /// Whether SQL compares the column's values case-insensitively (SQL Server's default
    /// collation). Ids and references are opaque, case-sensitive tokens at Stripe: comparing them
    /// as written keeps `Id = 'cus_…'` a retrieve and `CustomerId = …` a list filter.
    pub fn case_insensitive(&self) -> bool {
        matches!(
            self,
            ColumnKind::String(_) | ColumnKind::Enum | ColumnKind::Json
        )
    }

    /// The declared SQL Server type.
    pub fn sql_type(&self) -> SqlType {
        match self {
            ColumnKind::Id | ColumnKind::ExpandableId => SqlType::NVarChar(Some(ID_LEN)),
            ColumnKind::String(len) => SqlType::NVarChar(*len),
            ColumnKind::Enum => SqlType::NVarChar(Some(ENUM_LEN)),
            ColumnKind::Integer => SqlType::BigInt,
            ColumnKind::Bool => SqlType::Bit,
            ColumnKind::Timestamp => SqlType::DateTime,
            ColumnKind::Decimal => SqlType::Decimal(DECIMAL_PRECISION, DECIMAL_SCALE),
            ColumnKind::Json => SqlType::NVarChar(None),
        }
    }
}

/// One column: its name, where its value sits in the object, and how to decode it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSpec {
    /// PascalCase column name (`InvoicePrefix`, `AddressCity`, `CustomerId`).
    pub name: &'static str,
    /// Field path in the JSON object (`["address", "city"]`).
    pub json_path: &'static [&'static str],
    /// Decoding rule and SQL type.
    pub kind: ColumnKind,
    /// First sentence of the API docs, shown as REMARKS; empty when none.
    pub description: &'static str,
}

/// A column literal; keeps the generated catalogue to one line per column.
pub const fn col(
    name: &'static str,
    json_path: &'static [&'static str],
    kind: ColumnKind,
    description: &'static str,
) -> ColumnSpec {
    ColumnSpec {
        name,
        json_path,
        kind,
        description,
    }
}

impl ColumnSpec {
    /// The catalog definition of this column.
    pub fn column_def(&self) -> ColumnDef {
        ColumnDef {
            name: self.name.to_string(),
            sql_type: self.kind.sql_type(),
            nullable: self.kind != ColumnKind::Id,
            description: (!self.description.is_empty()).then(|| self.description.to_string()),
        }
    }
}

/// An equality filter of a list endpoint (`GET /v1/charges?customer=cus_…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FilterSpec {
    /// Column compared (`CustomerId`).
    pub column: &'static str,
    /// Query parameter (`customer`).
    pub param: &'static str,
    /// Whether Stripe compares case-sensitively. SQL Server's default collation does not, so a
    /// case-sensitive filter can never be `Exact`, and a `lower(col) = …` comparison must not be
    /// sent to it (rows differing in case would be lost).
    pub case_sensitive: bool,
}

/// How a child table reaches its parent: `InvoiceLineItems` lists `/v1/invoices/{invoice}/lines`
/// once per invoice; `SubscriptionItems` lists `/v1/subscription_items?subscription=` once per
/// subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParentSpec {
    /// The parent table, walked when the scan names no parent ids.
    pub resource: &'static ResourceSpec,
    /// Child column holding the parent id (`InvoiceId`); filters on it pick the parents.
    pub column: &'static str,
    /// JSON key of `column`, filled in with the parent id when Stripe omits it; when the id goes
    /// in the query, also the query parameter (`subscription`).
    pub key: &'static str,
    /// Whether the parent id replaces the path's one `{placeholder}` instead.
    pub in_path: bool,
}

/// One Stripe resource exposed as a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResourceSpec {
    /// Table name (`Customers`).
    pub table: &'static str,
    /// List endpoint (`/v1/customers`); retrieve is `<path>/<id>`.
    pub path: &'static str,
    /// The objects' `object` value (`customer`).
    pub object: &'static str,
    /// Table description from the API docs.
    pub description: &'static str,
    /// Columns in declaration order; the first is `Id`. Generated from the object schema.
    pub columns: &'static [ColumnSpec],
    /// Equality filters of the list endpoint.
    pub filters: &'static [FilterSpec],
    /// Whether the list endpoint takes `created[gt|gte|lt|lte]`.
    pub created_filter: bool,
    /// Whether `GET <path>/<id>` retrieves one object (so `Id = 'x'` needs no list scan).
    pub retrieve: bool,
    /// The parent of a child table.
    pub parent: Option<ParentSpec>,
    /// Query parameters Stripe requires that no parent table can supply: a scan without a filter
    /// providing them fails with an error naming them.
    pub required_params: &'static [&'static str],
    /// Parameters every list call sends unless a filter sets them; `status=all` makes a
    /// subscription scan include canceled ones.
    pub default_params: &'static [(&'static str, &'static str)],
    /// Non-empty when the list hides objects on test clocks unless one of these parameters is
    /// given: a scan without them also lists each test clock's objects, so none is missing.
    pub test_clock_unhide: &'static [&'static str],
}

impl ResourceSpec {
    /// The catalog definition of the table.
    pub fn table_def(&self) -> TableDef {
        TableDef {
            schema: SCHEMA.to_string(),
            name: self.table.to_string(),
            description: (!self.description.is_empty()).then(|| self.description.to_string()),
            columns: self.columns.iter().map(ColumnSpec::column_def).collect(),
        }
    }

    /// The Arrow schema of the table: [`ResourceSpec::table_def`]'s, with the columns that
    /// compare case-insensitively marked for the engine.
    pub fn arrow_schema(&self) -> Schema {
        let schema = self.table_def().arrow_schema();
        let fields: Vec<Field> = schema
            .fields()
            .iter()
            .zip(self.columns)
            .map(|(f, c)| {
                let f = f.as_ref().clone();
                if !c.kind.case_insensitive() {
                    return f;
                }
                let mut meta = f.metadata().clone();
                meta.insert(
                    CASE_INSENSITIVE_METADATA_KEY.to_string(),
                    "true".to_string(),
                );
                f.with_metadata(meta)
            })
            .collect();
        Schema::new(fields)
    }

    /// The column with this exact name.
    pub fn column(&self, name: &str) -> Option<&'static ColumnSpec> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The list filter on this column, if the endpoint has one.
    pub fn filter(&self, column: &str) -> Option<&'static FilterSpec> {
        self.filters.iter().find(|f| f.column == column)
    }
}
