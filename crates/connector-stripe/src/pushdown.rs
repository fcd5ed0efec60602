//! The one place that decides which SQL filters Stripe can answer ([`classify`]).
//!
//! DataFusion hands each conjunct of a WHERE clause separately, already simplified: casts are
//! folded into typed literals, small `IN` lists arrive as OR chains, `BETWEEN` as two conjuncts.
//! `supports_filters_pushdown` calls this 2–3 times per query, so it is pure and allocation-light.

use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Between, BinaryExpr, Expr, Operator, TableProviderFilterPushDown};

use crate::catalogue::{ColumnKind, FilterSpec, ResourceSpec};
use crate::search::{self, Clause};

/// More ids than this are scanned rather than retrieved one request each: a list page carries
/// 100 objects per request.
pub const MAX_RETRIEVE_IDS: usize = 100;

/// What one filter expression becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pushdown {
    /// `Id = 'x'` / `Id IN (…)`: one `GET <path>/<id>` per id. `Inexact`, since Stripe ids are
    /// case-sensitive and SQL Server's comparison is not.
    Ids(Vec<String>),
    /// `InvoiceId = 'in_1'` / `IN (…)` on a child table's parent column: list the children of
    /// only these parents. `Inexact` (case), like `Ids`.
    Parents(Vec<String>),
    /// Bounds on `created` (inclusive unix seconds). `Exact`: second precision is handled by
    /// rounding the bounds, so no row is lost or added.
    Created(CreatedRange),
    /// An equality list filter (`customer=cus_…`). Strings are `Inexact` (case); other values
    /// (booleans, numbers) are `Exact`.
    Param {
        /// Query parameter name.
        param: &'static str,
        /// Value as sent.
        value: String,
        /// Whether Stripe's answer equals the SQL result.
        exact: bool,
    },
    /// `CustomerId IN ('cus_1', 'cus_2')` (or an OR chain of equalities) on one list filter:
    /// one walk per value, their rows together. Always `Inexact`: DataFusion re-checks.
    ParamAny {
        /// Query parameter name.
        param: &'static str,
        /// Distinct values, in query order.
        values: Vec<String>,
    },
    /// A clause of the resource's Search API query (`email~"acme"`), used when a selective one
    /// makes searching cheaper than walking the list. Always `Inexact`.
    Search(Clause),
    /// Stripe cannot help; DataFusion evaluates the filter.
    Unsupported,
}

impl Pushdown {
    /// The answer for `supports_filters_pushdown`.
    pub fn support(&self) -> TableProviderFilterPushDown {
        match self {
            Pushdown::Created(_) | Pushdown::Param { exact: true, .. } => {
                TableProviderFilterPushDown::Exact
            }
            Pushdown::Ids(_)
            | Pushdown::Parents(_)
            | Pushdown::Param { .. }
            | Pushdown::ParamAny { .. }
            | Pushdown::Search(_) => TableProviderFilterPushDown::Inexact,
            Pushdown::Unsupported => TableProviderFilterPushDown::Unsupported,
        }
    }
}

/// An inclusive range of `created` unix seconds; `None` is unbounded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CreatedRange {
    /// Smallest `created` allowed (`created[gte]`).
    pub gte: Option<i64>,
    /// Largest `created` allowed (`created[lte]`).
    pub lte: Option<i64>,
}

impl CreatedRange {
    /// Both ranges at once.
    pub fn intersect(self, other: CreatedRange) -> CreatedRange {
        let pick = |a: Option<i64>, b: Option<i64>, f: fn(i64, i64) -> i64| match (a, b) {
            (Some(a), Some(b)) => Some(f(a, b)),
            (a, b) => a.or(b),
        };
        CreatedRange {
            gte: pick(self.gte, other.gte, i64::max),
            lte: pick(self.lte, other.lte, i64::min),
        }
    }

    /// Whether no second satisfies the range.
    pub fn is_empty(&self) -> bool {
        matches!((self.gte, self.lte), (Some(lo), Some(hi)) if lo > hi)
    }

    /// Whether `created` lies in the range.
    pub fn contains(&self, created: i64) -> bool {
        self.gte.is_none_or(|lo| created >= lo) && self.lte.is_none_or(|hi| created <= hi)
    }

    /// Whether the range is unbounded.
    pub fn is_unbounded(&self) -> bool {
        self.gte.is_none() && self.lte.is_none()
    }

    /// The Stripe query parameters (`created[gte]`, `created[lte]`).
    pub fn params(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some(lo) = self.gte {
            out.push(("created[gte]".to_string(), lo.to_string()));
        }
        if let Some(hi) = self.lte {
            out.push(("created[lte]".to_string(), hi.to_string()));
        }
        out
    }
}

/// Decides what Stripe can do with one filter of a scan of `resource`: a list parameter,
/// retrieve or `created` range when one applies, else a search clause, else nothing.
pub fn classify(expr: &Expr, resource: &ResourceSpec) -> Pushdown {
    match classify_list(expr, resource) {
        Pushdown::Unsupported => {
            search::clause(expr, resource).map_or(Pushdown::Unsupported, Pushdown::Search)
        }
        p => p,
    }
}

/// What the list and retrieve endpoints can do with the filter.
fn classify_list(expr: &Expr, resource: &ResourceSpec) -> Pushdown {
    match expr {
        Expr::BinaryExpr(b) if b.op == Operator::Or => match collect_keys(expr, resource) {
            Some((key, ids)) if ids.len() <= MAX_RETRIEVE_IDS => key.pushdown(ids),
            _ => collect_param_values(expr, resource).unwrap_or(Pushdown::Unsupported),
        },
        Expr::BinaryExpr(b) => classify_comparison(b, resource),
        Expr::InList(list) if !list.negated => {
            let Some(key) = key_column(&list.expr, resource) else {
                return param_any(&list.expr, &list.list, resource);
            };
            let ids: Option<Vec<String>> = list.list.iter().map(id_literal).collect();
            match ids {
                Some(ids) if ids.len() <= MAX_RETRIEVE_IDS => key.pushdown(dedup(ids)),
                _ => Pushdown::Unsupported,
            }
        }
        Expr::Between(Between {
            expr,
            negated: false,
            low,
            high,
        }) if is_created_column(expr, resource) => match (seconds_ns(low), seconds_ns(high)) {
            (Some(lo), Some(hi)) => Pushdown::Created(CreatedRange {
                gte: Some(ceil_secs(lo)),
                lte: Some(floor_secs(hi)),
            }),
            _ => Pushdown::Unsupported,
        },
        // A bare BIT column (`WHERE Active`) and its negation, as DataFusion rewrites `bit = 1/0`.
        Expr::Column(_) => param_filter(expr, &ScalarValue::Boolean(Some(true)), resource),
        Expr::Not(inner) if matches!(**inner, Expr::Column(_)) => {
            param_filter(inner, &ScalarValue::Boolean(Some(false)), resource)
        }
        _ => Pushdown::Unsupported,
    }
}

/// A column whose values select objects by id: the table's own `Id` (when Stripe can retrieve
/// by id) or a child table's parent column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Id,
    Parent,
}

impl Key {
    fn pushdown(self, ids: Vec<String>) -> Pushdown {
        match self {
            Key::Id => Pushdown::Ids(ids),
            Key::Parent => Pushdown::Parents(ids),
        }
    }
}

fn key_column(expr: &Expr, resource: &ResourceSpec) -> Option<Key> {
    let Expr::Column(c) = expr else {
        return None;
    };
    if resource.retrieve && column_kind(expr, resource) == Some(ColumnKind::Id) {
        return Some(Key::Id);
    }
    resource
        .parent
        .is_some_and(|p| p.column == c.name)
        .then_some(Key::Parent)
}

fn classify_comparison(b: &BinaryExpr, resource: &ResourceSpec) -> Pushdown {
    // Normalise to `<column-ish> op <literal>`.
    let (col, op, lit) = match (&*b.left, &*b.right) {
        (l, Expr::Literal(v, _)) => (l, b.op, v),
        (Expr::Literal(v, _), r) => match b.op.swap() {
            Some(op) => (r, op, v),
            None => return Pushdown::Unsupported,
        },
        _ => return Pushdown::Unsupported,
    };
    if is_created_column(col, resource) {
        let Some(ns) = scalar_ns(lit) else {
            return Pushdown::Unsupported;
        };
        let range = match op {
            Operator::Gt => floor_secs(ns).checked_add(1).map(|lo| CreatedRange {
                gte: Some(lo),
                lte: None,
            }),
            Operator::GtEq => Some(CreatedRange {
                gte: Some(ceil_secs(ns)),
                lte: None,
            }),
            Operator::Lt => ceil_secs(ns).checked_sub(1).map(|hi| CreatedRange {
                gte: None,
                lte: Some(hi),
            }),
            Operator::LtEq => Some(CreatedRange {
                gte: None,
                lte: Some(floor_secs(ns)),
            }),
            Operator::Eq => Some(CreatedRange {
                gte: Some(ceil_secs(ns)),
                lte: Some(floor_secs(ns)),
            }),
            _ => None,
        };
        let Some(range) = range else {
            return Pushdown::Unsupported;
        };
        return Pushdown::Created(range);
    }
    if op != Operator::Eq {
        return Pushdown::Unsupported;
    }
    if let Some(key) = key_column(col, resource) {
        return match scalar_id(lit) {
            Some(id) => key.pushdown(vec![id]),
            None => Pushdown::Unsupported,
        };
    }
    param_filter(col, lit, resource)
}

/// `col IN (lits…)` (or `lower(col) IN (…)`) on one of the resource's list filters: every value
/// is sent as written and DataFusion re-checks.
fn param_any(col: &Expr, list: &[Expr], resource: &ResourceSpec) -> Pushdown {
    let Some((filter, lowered)) = filter_of(col, resource) else {
        return Pushdown::Unsupported;
    };
    let values: Option<Vec<String>> = list
        .iter()
        .map(|e| match e {
            Expr::Literal(v, _) => param_value(v)
                .map(|(v, _)| v)
                .filter(|v| !lowered || sendable_lowered(filter, resource, v)),
            _ => None,
        })
        .collect();
    match values {
        Some(values) if !values.is_empty() && values.len() <= MAX_RETRIEVE_IDS => {
            Pushdown::ParamAny {
                param: filter.param,
                values: dedup(values),
            }
        }
        _ => Pushdown::Unsupported,
    }
}

/// The list filter a column expression (`Col` or the engine's case-insensitive `lower(Col)`)
/// can use, and whether the column was lowered.
fn filter_of(col: &Expr, resource: &ResourceSpec) -> Option<(&'static FilterSpec, bool)> {
    let (name, lowered) = column_name(col)?;
    resource.filter(name).map(|f| (f, lowered))
}

/// The column a filter reads, plain (`Col`) or in the engine's case-insensitive form
/// (`lower(Col)`), and whether it was lowered.
pub(crate) fn column_name(expr: &Expr) -> Option<(&str, bool)> {
    match expr {
        Expr::Column(c) => Some((c.name.as_str(), false)),
        Expr::ScalarFunction(f) if f.name() == "lower" && f.args.len() == 1 => match &f.args[0] {
            Expr::Column(c) => Some((c.name.as_str(), true)),
            _ => None,
        },
        _ => None,
    }
}

/// Whether `lower(col) = value` may go to Stripe as `param=value`: the filter ignores case, or
/// case cannot matter. Enum values are lower case at Stripe, and a value without cased letters
/// (`4242`) is only equal, ignoring case, to itself. Otherwise rows differing in case would be
/// lost.
fn sendable_lowered(filter: &FilterSpec, resource: &ResourceSpec, value: &str) -> bool {
    !filter.case_sensitive
        || resource
            .column(filter.column)
            .is_some_and(|c| c.kind == ColumnKind::Enum)
        || value.to_lowercase() == value.to_uppercase()
}

/// An OR chain whose every leaf is `<filter column> = lit` on the same column, as DataFusion
/// hands a small `IN` list.
fn collect_param_values(expr: &Expr, resource: &ResourceSpec) -> Option<Pushdown> {
    let mut column: Option<&Expr> = None;
    let mut values = Vec::new();
    let mut stack = vec![expr];
    while let Some(e) = stack.pop() {
        match e {
            Expr::BinaryExpr(b) if b.op == Operator::Or => {
                stack.push(&b.right);
                stack.push(&b.left);
            }
            Expr::BinaryExpr(b) if b.op == Operator::Eq => match (&*b.left, &*b.right) {
                (v @ Expr::Literal(..), c) | (c, v @ Expr::Literal(..)) => {
                    if *column.get_or_insert(c) != c {
                        return None;
                    }
                    values.push(v.clone());
                }
                _ => return None,
            },
            _ => return None,
        }
        if values.len() > MAX_RETRIEVE_IDS {
            return None;
        }
    }
    match param_any(column?, &values, resource) {
        Pushdown::Unsupported => None,
        p => Some(p),
    }
}

/// A literal as a query parameter value, and whether Stripe's comparison of it is exact (only
/// booleans and integers: strings differ from SQL Server's in case).
fn param_value(lit: &ScalarValue) -> Option<(String, bool)> {
    match lit {
        ScalarValue::Boolean(Some(b)) => Some((b.to_string(), true)),
        ScalarValue::Int64(Some(i)) => Some((i.to_string(), true)),
        ScalarValue::Int32(Some(i)) => Some((i.to_string(), true)),
        other => match other.try_as_str() {
            Some(Some(s)) if !s.is_empty() => Some((s.to_string(), false)),
            _ => None,
        },
    }
}

/// `col = lit` (or `lower(col) = lit`) on one of the resource's list filters.
fn param_filter(col: &Expr, lit: &ScalarValue, resource: &ResourceSpec) -> Pushdown {
    let Some((filter, lowered)) = filter_of(col, resource) else {
        return Pushdown::Unsupported;
    };
    let Some((value, exact)) = param_value(lit) else {
        return Pushdown::Unsupported;
    };
    if lowered && !sendable_lowered(filter, resource, &value) {
        return Pushdown::Unsupported;
    }
    Pushdown::Param {
        param: filter.param,
        value,
        exact: exact && !lowered,
    }
}

/// The ids of an OR chain whose every leaf is `<key> = 'lit'` on the same key column.
fn collect_keys(expr: &Expr, resource: &ResourceSpec) -> Option<(Key, Vec<String>)> {
    let mut ids = Vec::new();
    let mut key = None;
    let mut stack = vec![expr];
    while let Some(e) = stack.pop() {
        match e {
            Expr::BinaryExpr(b) if b.op == Operator::Or => {
                stack.push(&b.right);
                stack.push(&b.left);
            }
            Expr::BinaryExpr(b) if b.op == Operator::Eq => match (&*b.left, &*b.right) {
                (c, Expr::Literal(v, _)) | (Expr::Literal(v, _), c) => {
                    let this = key_column(c, resource)?;
                    if *key.get_or_insert(this) != this {
                        return None;
                    }
                    ids.push(scalar_id(v)?);
                }
                _ => return None,
            },
            _ => return None,
        }
        if ids.len() > MAX_RETRIEVE_IDS {
            return None;
        }
    }
    Some((key?, dedup(ids)))
}

fn dedup(ids: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(ids.len());
    for id in ids {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

fn column_kind(expr: &Expr, resource: &ResourceSpec) -> Option<ColumnKind> {
    match expr {
        Expr::Column(c) => resource.column(&c.name).map(|s| s.kind),
        _ => None,
    }
}

fn is_created_column(expr: &Expr, resource: &ResourceSpec) -> bool {
    resource.created_filter
        && matches!(expr, Expr::Column(c) if c.name == "Created")
        && column_kind(expr, resource) == Some(ColumnKind::Timestamp)
}

fn id_literal(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Literal(v, _) => scalar_id(v),
        _ => None,
    }
}

/// An id literal. SQL Server ignores trailing spaces in comparisons and no Stripe id has any, so
/// they are dropped rather than turned into a 404.
fn scalar_id(v: &ScalarValue) -> Option<String> {
    v.try_as_str()
        .flatten()
        .map(|s| s.trim_end_matches(' ').to_string())
}

/// A timestamp or date literal in nanoseconds since the epoch (i128: no overflow).
fn scalar_ns(v: &ScalarValue) -> Option<i128> {
    const NS: i128 = 1_000_000_000;
    Some(match v {
        ScalarValue::TimestampSecond(Some(s), _) => i128::from(*s) * NS,
        ScalarValue::TimestampMillisecond(Some(ms), _) => i128::from(*ms) * 1_000_000,
        ScalarValue::TimestampMicrosecond(Some(us), _) => i128::from(*us) * 1_000,
        ScalarValue::TimestampNanosecond(Some(ns), _) => i128::from(*ns),
        ScalarValue::Date32(Some(d)) => i128::from(*d) * 86_400 * NS,
        ScalarValue::Date64(Some(ms)) => i128::from(*ms) * 1_000_000,
        _ => return None,
    })
}

fn seconds_ns(expr: &Expr) -> Option<i128> {
    match expr {
        Expr::Literal(v, _) => scalar_ns(v),
        _ => None,
    }
}

fn floor_secs(ns: i128) -> i64 {
    clamp(ns.div_euclid(1_000_000_000))
}

fn ceil_secs(ns: i128) -> i64 {
    clamp(-(-ns).div_euclid(1_000_000_000))
}

fn clamp(v: i128) -> i64 {
    i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
}

#[cfg(test)]
#[path = "pushdown_tests.rs"]
pub(crate) mod tests;
