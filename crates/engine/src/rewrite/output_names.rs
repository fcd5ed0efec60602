//! Result column names as SQL Server sends them.
//!
//! SQL Server names a column by the select-list spelling (`SELECT id` → `id`, even though the
//! catalog says `Id`; tds_fdw matches these names case-sensitively), by its alias, or not at all
//! for an unaliased expression. DataFusion would name columns after the canonical field or the
//! whole expression text and rejects duplicate names, so every top-level select item gets a unique
//! internal alias here and the final schema is renamed after planning.

use std::collections::HashMap;

use sqlparser::ast::{
    Expr, Ident, OrderByKind, Select, SelectItem, SetExpr, Statement, Value, ValueWithSpan,
};

const PREFIX: &str = "__vtds_";

/// Internal alias → client-visible name.
#[derive(Debug, Default, Clone)]
pub(crate) struct OutputNames(HashMap<String, String>);

impl OutputNames {
    /// The name the client sees for an output field.
    pub(crate) fn client_name<'a>(&'a self, field: &'a str) -> &'a str {
        self.0.get(field).map_or(field, String::as_str)
    }
}

fn leftmost_select(body: &mut SetExpr) -> Option<&mut Select> {
    match body {
        SetExpr::Select(s) => Some(s),
        SetExpr::SetOperation { left, .. } => leftmost_select(left),
        SetExpr::Query(q) => leftmost_select(&mut q.body),
        _ => None,
    }
}

/// The name SQL Server gives an unaliased select item.
fn written_name(e: &Expr) -> String {
    match e {
        // Niladic functions written without parentheses are expressions, not columns.
        Expr::Identifier(id)
            if id.quote_style.is_none()
                && ["USER", "CURRENT_USER", "SESSION_USER", "SYSTEM_USER"]
                    .iter()
                    .any(|k| id.value.eq_ignore_ascii_case(k)) =>
        {
            String::new()
        }
        Expr::Identifier(id) if !id.value.starts_with('@') => id.value.clone(),
        Expr::CompoundIdentifier(parts) => {
            parts.last().map(|p| p.value.clone()).unwrap_or_default()
        }
        _ => String::new(),
    }
}

fn is_number(e: &Expr) -> bool {
    matches!(
        e,
        Expr::Value(ValueWithSpan {
            value: Value::Number(..),
            ..
        })
    )
}

/// Aliases every top-level select item and points ORDER BY at those aliases.
pub(crate) fn assign(stmt: &mut Statement) -> OutputNames {
    let mut names = OutputNames::default();
    let Statement::Query(q) = stmt else {
        return names;
    };
    let mut by_alias: Vec<(String, String)> = Vec::new();
    let mut by_expr: Vec<(String, String)> = Vec::new();
    if let Some(select) = leftmost_select(&mut q.body) {
        for (i, item) in select.projection.iter_mut().enumerate() {
            let internal = format!("{PREFIX}{i}");
            let (expr, client) = match item {
                SelectItem::UnnamedExpr(e) => {
                    let name = written_name(e);
                    (e.clone(), name)
                }
                SelectItem::ExprWithAlias { expr, alias } => {
                    by_alias.push((alias.value.to_lowercase(), internal.clone()));
                    (expr.clone(), alias.value.clone())
                }
                _ => continue,
            };
            if !is_number(&expr) {
                by_expr.push((expr.to_string().to_lowercase(), internal.clone()));
            }
            *item = SelectItem::ExprWithAlias {
                expr,
                alias: Ident::new(internal.clone()),
            };
            names.0.insert(internal, client);
        }
    }
    if let Some(order_by) = &mut q.order_by {
        if let OrderByKind::Expressions(list) = &mut order_by.kind {
            for ob in list {
                let target = match &ob.expr {
                    Expr::Identifier(id) => {
                        let key = id.value.to_lowercase();
                        by_alias.iter().find(|(a, _)| *a == key).map(|(_, i)| i)
                    }
                    _ => None,
                }
                .or_else(|| {
                    let key = ob.expr.to_string().to_lowercase();
                    by_expr.iter().find(|(t, _)| *t == key).map(|(_, i)| i)
                });
                if let Some(internal) = target {
                    ob.expr = Expr::Identifier(Ident::new(internal.clone()));
                }
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(sql: &str) -> (String, OutputNames) {
        let mut stmt = crate::parse::parse_batch(sql).unwrap().remove(0);
        let names = assign(&mut stmt);
        (stmt.to_string(), names)
    }

    #[test]
    fn items_get_internal_aliases_and_client_names() {
        let (sql, n) =
            run("SELECT id, c.[Email], COUNT(*), 1 AS One, * FROM t c ORDER BY one, ID, 2");
        assert_eq!(
            sql,
            "SELECT id AS __vtds_0, c.[Email] AS __vtds_1, COUNT(*) AS __vtds_2, 1 AS __vtds_3, * \
             FROM t c ORDER BY __vtds_3, __vtds_0, 2"
        );
        assert_eq!(n.client_name("__vtds_0"), "id");
        assert_eq!(n.client_name("__vtds_1"), "Email");
        assert_eq!(n.client_name("__vtds_2"), "");
        assert_eq!(n.client_name("__vtds_3"), "One");
        assert_eq!(n.client_name("Name"), "Name");
        let (_, n) = run("SELECT USER, current_user, [user] FROM t");
        assert_eq!(n.client_name("__vtds_0"), "");
        assert_eq!(n.client_name("__vtds_1"), "");
        assert_eq!(n.client_name("__vtds_2"), "user");
    }
}
