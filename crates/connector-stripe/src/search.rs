//! Stripe's Search API (`GET /v1/<resource>/search?query=…`) as a pushdown target.
//!
//! Seven resources have a search endpoint whose query language can express what no list filter
//! can: substrings (`email~"acme"`), metadata (`metadata["plan"]:"pro"`), amounts
//! (`amount>1000`), and exact matches on fields the list cannot filter (`name:"Jane"`). Search
//! returns only matching objects, so a selective clause turns a walk of the whole list into a
//! page or two. Its matching is case-insensitive, like SQL Server's default collation, and
//! DataFusion re-checks every row (`Inexact`), so a clause may over-match but never drops a row
//! the SQL would keep. Search lags writes by up to a minute (Stripe's documented freshness);
//! the README says so.
//! The fields each resource can search are in `search_fields`.

use datafusion::common::ScalarValue;
use datafusion::logical_expr::expr::Like;
use datafusion::logical_expr::{BinaryExpr, Expr, Operator};

use crate::catalogue::ResourceSpec;
use crate::plan::Parents;
use crate::pushdown::{column_name, CreatedRange, Pushdown};
use crate::search_fields::METADATA;
pub use crate::search_fields::{
    spec_for, FieldKind, SearchField, SearchSpec, MIN_SUBSTRING_CHARS, SEARCH_REQUESTS_PER_SECOND,
};

/// One clause of a search query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// The clause as Stripe reads it (`email~"acme"`).
    pub text: String,
    /// Whether it likely matches few objects, so that searching beats walking the list.
    pub selective: bool,
}

/// The search clause equivalent to (or implied by) one SQL filter, if there is one.
pub fn clause(expr: &Expr, resource: &ResourceSpec) -> Option<Clause> {
    let spec = spec_for(resource)?;
    match expr {
        Expr::Like(like) => like_clause(like, spec),
        Expr::BinaryExpr(b) => comparison_clause(b, spec),
        // A bare BIT column (`WHERE Active`) and its negation.
        Expr::Column(_) => bool_clause(expr, true, spec),
        Expr::Not(inner) => bool_clause(inner, false, spec),
        _ => None,
    }
}

fn bool_clause(column: &Expr, value: bool, spec: &SearchSpec) -> Option<Clause> {
    let field = field_of(column, spec)?;
    (field.kind == FieldKind::Bool).then(|| Clause {
        text: format!("{}:{}", field.field, quote(&value.to_string())),
        selective: false,
    })
}

/// The search clauses of one scan's filters, gathered to decide between searching and listing.
#[derive(Debug, Default)]
pub(crate) struct Searches {
    clauses: Vec<Clause>,
    /// A selective clause only search can apply (a substring, metadata, an amount).
    selective: bool,
    /// A selective list parameter (`customer=`): the list is as narrow as a search, without
    /// search's lag and lower rate limit.
    narrow_list: bool,
    /// A list parameter or parent filter with no search equivalent: the list is narrowed
    /// already, and a search without it could not be narrower.
    untranslatable: bool,
}

impl Searches {
    /// Notes what the filter `expr` (classified as `pushdown`) adds to a search.
    pub(crate) fn add(&mut self, pushdown: &Pushdown, expr: &Expr, resource: &ResourceSpec) {
        match pushdown {
            Pushdown::Search(c) => {
                self.selective |= c.selective;
                self.clauses.push(c.clone());
            }
            Pushdown::Param { .. } => match clause(expr, resource) {
                Some(c) => {
                    self.narrow_list |= c.selective;
                    self.clauses.push(c);
                }
                None => self.untranslatable = true,
            },
            Pushdown::ParamAny { .. } | Pushdown::Parents(_) => self.untranslatable = true,
            Pushdown::Ids(_) | Pushdown::Created(_) | Pushdown::Unsupported => {}
        }
    }

    /// The search query to run instead of a list walk, when a selective clause makes it cheaper
    /// and it keeps every narrowing the list would have had; `created` bounds come along.
    pub(crate) fn query(
        &self,
        resource: &ResourceSpec,
        parents: &Parents,
        any_of: bool,
        created: CreatedRange,
    ) -> Option<String> {
        if !self.selective
            || self.narrow_list
            || self.untranslatable
            || any_of
            || *parents != Parents::NotAChild
            || spec_for(resource).is_none()
        {
            return None;
        }
        let mut parts: Vec<String> = Vec::new();
        for c in &self.clauses {
            if !parts.contains(&c.text) {
                parts.push(c.text.clone());
            }
        }
        if let Some(lo) = created.gte {
            parts.push(format!("created>={lo}"));
        }
        if let Some(hi) = created.lte {
            parts.push(format!("created<={hi}"));
        }
        Some(parts.join(" AND "))
    }
}

/// `Email LIKE '%acme%'` (or `ILIKE`, as the engine writes it for case-insensitive columns):
/// the longest run of the pattern without wildcards, if long enough, must be a substring of
/// every matching value.
fn like_clause(like: &Like, spec: &SearchSpec) -> Option<Clause> {
    if like.negated || like.escape_char.is_some() {
        return None;
    }
    let field = field_of(&like.expr, spec)?;
    if field.kind
        != (FieldKind::Text {
            substring: true,
            selective: true,
        })
    {
        return None;
    }
    let Expr::Literal(pattern, _) = &*like.pattern else {
        return None;
    };
    let pattern = pattern.try_as_str().flatten()?;
    // `[a-c]` is a character class in T-SQL: bail rather than guess.
    if pattern.contains('[') {
        return None;
    }
    let run = pattern
        .split(['%', '_'])
        .max_by_key(|r| r.chars().count())?;
    (run.chars().count() >= MIN_SUBSTRING_CHARS).then(|| Clause {
        text: format!("{}~{}", field.field, quote(run)),
        selective: true,
    })
}

fn comparison_clause(b: &BinaryExpr, spec: &SearchSpec) -> Option<Clause> {
    let (left, op, lit) = match (&*b.left, &*b.right) {
        (l, Expr::Literal(v, _)) => (l, b.op, v),
        (Expr::Literal(v, _), r) => (r, b.op.swap()?, v),
        _ => return None,
    };
    if let Some(key) = metadata_key(left, spec) {
        let value = lit.try_as_str().flatten()?;
        return (op == Operator::Eq).then(|| Clause {
            text: format!("metadata[{}]:{}", quote(key), quote(value)),
            selective: true,
        });
    }
    let field = field_of(left, spec)?;
    match field.kind {
        FieldKind::Text { selective, .. } if op == Operator::Eq => {
            let value = lit.try_as_str().flatten().filter(|v| !v.is_empty())?;
            Some(Clause {
                text: format!("{}:{}", field.field, quote(value)),
                selective,
            })
        }
        FieldKind::Bool if op == Operator::Eq => match lit {
            ScalarValue::Boolean(Some(v)) => Some(Clause {
                text: format!("{}:{}", field.field, quote(&v.to_string())),
                selective: false,
            }),
            _ => None,
        },
        FieldKind::Number => {
            let n = integer(lit)?;
            let sign = match op {
                Operator::Eq => ":",
                Operator::Gt => ">",
                Operator::GtEq => ">=",
                Operator::Lt => "<",
                Operator::LtEq => "<=",
                _ => return None,
            };
            Some(Clause {
                text: format!("{}{sign}{n}", field.field),
                selective: op == Operator::Eq,
            })
        }
        _ => None,
    }
}

/// The searchable field a column expression reads: `Col` or `lower(Col)` (the engine's
/// case-insensitive form; search matching ignores case anyway).
fn field_of(expr: &Expr, spec: &SearchSpec) -> Option<&'static SearchField> {
    let (name, _) = column_name(expr)?;
    spec.fields
        .iter()
        .find(|f| f.column == name && f.kind != FieldKind::Metadata)
}

/// `json_value(Metadata, '$.key')` → `key`; also under `lower()`, the engine's
/// case-insensitive form (metadata values keep the column's collation).
fn metadata_key<'a>(expr: &'a Expr, spec: &SearchSpec) -> Option<&'a str> {
    let Expr::ScalarFunction(f) = expr else {
        return None;
    };
    if f.name() == "lower" && f.args.len() == 1 {
        return metadata_key(&f.args[0], spec);
    }
    if f.name() != "json_value" || f.args.len() != 2 || !spec.fields.contains(&METADATA) {
        return None;
    }
    match (&f.args[0], &f.args[1]) {
        (Expr::Column(c), Expr::Literal(path, _)) if c.name == METADATA.column => {
            let key = path.try_as_str().flatten()?.strip_prefix("$.")?;
            let plain = !key.is_empty()
                && key
                    .chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-');
            plain.then_some(key)
        }
        _ => None,
    }
}

fn integer(v: &ScalarValue) -> Option<i64> {
    match v {
        ScalarValue::Int64(Some(n)) => Some(*n),
        ScalarValue::Int32(Some(n)) => Some(i64::from(*n)),
        ScalarValue::Int16(Some(n)) => Some(i64::from(*n)),
        ScalarValue::Int8(Some(n)) => Some(i64::from(*n)),
        _ => None,
    }
}

/// A double-quoted query string with `"` and `\` escaped.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        if ch == '"' || ch == '\\' {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('"');
    out
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
