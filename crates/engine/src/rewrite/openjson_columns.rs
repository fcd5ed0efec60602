//! The columns of an OPENJSON (default schema or `WITH` list) as expressions over one member
//! struct, and the visitor that replaces references to an OPENJSON alias with them.

use std::ops::ControlFlow;

use sqlparser::ast::{
    Expr, Ident, OpenJsonTableColumn, Query, SelectItem, SelectItemQualifiedWildcardKind, SetExpr,
    Statement, TableAlias, Value, ValueWithSpan, VisitorMut,
};
use tds_server::SqlError;

use crate::parse::parse_batch;

/// The first statement of `sql`, a query.
pub(super) fn parse_query(sql: &str) -> Result<Box<Query>, SqlError> {
    match parse_batch(sql)?.pop() {
        Some(Statement::Query(q)) => Ok(q),
        _ => Err(SqlError::syntax_near(sql)),
    }
}

/// One expression, parsed from text.
fn parse_expr(sql: &str) -> Result<Expr, SqlError> {
    let q = parse_query(&format!("SELECT {sql}"))?;
    if let SetExpr::Select(s) = *q.body {
        if let Some(SelectItem::UnnamedExpr(e)) = s.projection.into_iter().next() {
            return Ok(e);
        }
    }
    Err(SqlError::syntax_near(sql))
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// The columns of one OPENJSON as (lower-case name, spelling, expression over member `m`).
pub(super) fn columns(
    m: &str,
    with: &[OpenJsonTableColumn],
) -> Result<Vec<(String, String, Expr)>, SqlError> {
    let mut out = Vec::new();
    if with.is_empty() {
        for name in ["key", "value", "type"] {
            let e = parse_expr(&format!("get_field({m}, '{name}')"))?;
            out.push((name.to_string(), name.to_string(), e));
        }
        return Ok(out);
    }
    for c in with {
        let default_path = format!("$.\"{}\"", c.name.value.replace('"', "\\\""));
        let path = quote(c.path.as_deref().unwrap_or(&default_path));
        let raw = format!("get_field({m}, 'json')");
        let text = if c.as_json {
            format!("json_query({raw}, {path})")
        } else {
            format!("CAST(json_value({raw}, {path}) AS {})", c.r#type)
        };
        out.push((
            c.name.value.to_lowercase(),
            c.name.value.clone(),
            parse_expr(&text)?,
        ));
    }
    Ok(out)
}

pub(super) fn path_text(path: &Option<ValueWithSpan>) -> String {
    match path.as_ref().map(|p| &p.value) {
        Some(Value::SingleQuotedString(s) | Value::NationalStringLiteral(s)) => quote(s),
        _ => "CAST(NULL AS VARCHAR)".to_string(),
    }
}

/// What references to one OPENJSON alias become.
pub(super) struct Binding {
    pub alias: String,
    pub columns: Vec<(String, String, Expr)>,
    /// Left-table columns: unqualified names that are theirs are not OPENJSON's.
    pub left_columns: Option<Vec<String>>,
}

/// Replaces `j.x` (and unambiguous bare `x`) with the member expressions.
pub(super) struct Bind<'a>(pub &'a Binding);

impl VisitorMut for Bind<'_> {
    type Break = SqlError;

    fn pre_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<SqlError> {
        let b = self.0;
        let column = |name: &str| b.columns.iter().find(|(k, _, _)| *k == name.to_lowercase());
        match e {
            Expr::CompoundIdentifier(parts)
                if parts.len() == 2 && parts[0].value.eq_ignore_ascii_case(&b.alias) =>
            {
                match column(&parts[1].value) {
                    Some((_, _, m)) => *e = m.clone(),
                    None => return ControlFlow::Break(SqlError::invalid_column(&parts[1].value)),
                }
            }
            Expr::Identifier(id) if !id.value.starts_with('@') => {
                let is_left = b
                    .left_columns
                    .as_ref()
                    .is_none_or(|cols| cols.iter().any(|c| c.eq_ignore_ascii_case(&id.value)));
                if let (false, Some((_, _, m))) = (is_left, column(&id.value)) {
                    *e = m.clone();
                }
            }
            _ => {}
        }
        ControlFlow::Continue(())
    }
}

pub(super) fn alias_ident(alias: &Option<TableAlias>) -> Option<String> {
    alias.as_ref().map(|a| a.name.value.clone())
}

/// Expands `j.*` in a select list.
pub(super) fn expand_wildcards(items: &mut Vec<SelectItem>, b: &Binding) {
    let mut out = Vec::with_capacity(items.len());
    for item in items.drain(..) {
        match &item {
            SelectItem::QualifiedWildcard(SelectItemQualifiedWildcardKind::ObjectName(n), _)
                if n.0.len() == 1
                    && n.0[0]
                        .as_ident()
                        .is_some_and(|i| i.value.eq_ignore_ascii_case(&b.alias)) =>
            {
                out.extend(
                    b.columns
                        .iter()
                        .map(|(_, name, e)| SelectItem::ExprWithAlias {
                            expr: e.clone(),
                            alias: Ident::with_quote('"', name.clone()),
                        }),
                );
            }
            _ => out.push(item),
        }
    }
    *items = out;
}
