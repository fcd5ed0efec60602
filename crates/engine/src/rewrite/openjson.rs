//! `OPENJSON` in FROM, which DataFusion cannot plan (and whose APPLY form it cannot decorrelate):
//!
//! - `FROM OPENJSON(expr [, path]) [WITH (…)] AS j` becomes a derived table over
//!   `unnest(openjson_rows(expr, path, false))`;
//! - `FROM t [AS a] CROSS|OUTER APPLY OPENJSON(a.col [, path]) [WITH (…)] AS j` becomes
//!   `FROM (SELECT a.*, unnest(openjson_rows(a.col, path, outer)) AS __vtds_j FROM t AS a) AS a`,
//!   and every `j.x` a field of that struct column. OUTER APPLY keeps rows without members
//!   (the UDF then yields one all-NULL member).
//!
//! Columns are SQL Server's default schema (`key`, `value`, `type`) or the `WITH` list, each
//! read with JSON_VALUE (JSON_QUERY for `AS JSON`) at its path, `$.name` by default.

use std::ops::ControlFlow;

use sqlparser::ast::{
    Ident, JoinOperator, Query, SetExpr, Statement, TableAlias, TableFactor, VisitMut, VisitorMut,
};
use tds_server::{ErrorKind, SqlError};

use super::openjson_columns::{
    alias_ident, columns, expand_wildcards, parse_query, path_text, Bind, Binding,
};
use super::{RewriteContext, RewriteRule};

/// Rewrites OPENJSON table factors.
pub(crate) struct OpenJson;

fn unsupported(what: &str) -> SqlError {
    SqlError::new(
        ErrorKind::NotSupported,
        format!("OPENJSON {what} is not supported by vtds; use FROM OPENJSON(…) or t CROSS/OUTER APPLY OPENJSON(t.column) directly after one table."),
    )
}

/// Rewrites the OPENJSON factors of one query; returns the bindings to apply to its
/// expressions.
fn rewrite_from(q: &mut Query, cx: &RewriteContext<'_>) -> Result<Vec<Binding>, SqlError> {
    let SetExpr::Select(select) = q.body.as_mut() else {
        return Ok(Vec::new());
    };
    let mut bindings = Vec::new();
    for twj in &mut select.from {
        if let TableFactor::OpenJsonTable {
            json_expr,
            json_path,
            columns: with,
            alias,
        } = &twj.relation
        {
            let alias = alias_ident(alias).unwrap_or_else(|| "openjson".to_string());
            let cols = columns("__vtds_m", with)?;
            let items: Vec<String> = cols
                .iter()
                .map(|(_, name, e)| format!("{e} AS \"{name}\""))
                .collect();
            let sub = parse_query(&format!(
                "SELECT {} FROM (SELECT unnest(openjson_rows({json_expr}, {}, 1 = 0)) AS __vtds_m) AS __vtds_u",
                items.join(", "),
                path_text(json_path)
            ))?;
            twj.relation = TableFactor::Derived {
                lateral: false,
                subquery: sub,
                alias: Some(TableAlias {
                    explicit: true,
                    name: Ident::new(alias),
                    columns: vec![],
                    at: None,
                }),
                sample: None,
            };
        }
        while let Some(join) = twj.joins.first() {
            let outer = match &join.join_operator {
                JoinOperator::CrossApply => false,
                JoinOperator::OuterApply => true,
                _ => break,
            };
            let TableFactor::OpenJsonTable {
                json_expr,
                json_path,
                columns: with,
                alias,
            } = &join.relation
            else {
                break;
            };
            let (left_name, left_columns) = match &twj.relation {
                TableFactor::Table { name, alias: a, .. } => {
                    let written: Vec<String> = name
                        .0
                        .iter()
                        .map(|p| p.as_ident().map(|i| i.value.clone()).unwrap_or_default())
                        .collect();
                    let refs: Vec<&str> = written.iter().map(String::as_str).collect();
                    let cols = cx
                        .resolver
                        .resolve(&refs)
                        .map(|t| t.def.columns.iter().map(|c| c.name.clone()).collect());
                    let name = alias_ident(a).or_else(|| written.last().cloned());
                    (name, cols)
                }
                TableFactor::Derived { alias: a, .. } => (alias_ident(a), None),
                _ => (None, None),
            };
            let left = left_name.ok_or_else(|| unsupported("after a table without a name"))?;
            let j = alias_ident(alias).unwrap_or_else(|| "openjson".to_string());
            let member = format!("\"{left}\".\"__vtds_{j}\"");
            let binding = Binding {
                alias: j.clone(),
                columns: columns(&member, with)?,
                left_columns,
            };
            let mut sub = parse_query(&format!(
                "SELECT \"{left}\".*, unnest(openjson_rows({json_expr}, {}, {})) AS \"__vtds_{j}\" FROM __vtds_left",
                path_text(json_path),
                // T-SQL has no boolean literals.
                if outer { "1 = 1" } else { "1 = 0" }
            ))?;
            let mut inner = twj.relation.clone();
            if let TableFactor::Table {
                alias: a @ None, ..
            } = &mut inner
            {
                // `t.*` needs a qualifier DataFusion matches exactly.
                *a = Some(TableAlias {
                    explicit: true,
                    name: Ident::new(left.clone()),
                    columns: vec![],
                    at: None,
                });
            }
            if let SetExpr::Select(s) = sub.body.as_mut() {
                s.from[0].relation = inner;
            }
            twj.relation = TableFactor::Derived {
                lateral: false,
                subquery: sub,
                alias: Some(TableAlias {
                    explicit: true,
                    name: Ident::new(left),
                    columns: vec![],
                    at: None,
                }),
                sample: None,
            };
            twj.joins.remove(0);
            // Later APPLYs may read this one's columns (OPENJSON(j.value)).
            for later in &mut twj.joins {
                if let ControlFlow::Break(e) = later.visit(&mut Bind(&binding)) {
                    return Err(e);
                }
            }
            bindings.push(binding);
        }
        if twj
            .joins
            .iter()
            .any(|j| matches!(j.relation, TableFactor::OpenJsonTable { .. }))
        {
            return Err(unsupported("joined this way"));
        }
    }
    for b in &bindings {
        expand_wildcards(&mut select.projection, b);
    }
    Ok(bindings)
}

impl RewriteRule for OpenJson {
    fn name(&self) -> &'static str {
        "openjson"
    }

    fn rewrite(&self, stmt: &mut Statement, cx: &RewriteContext<'_>) -> Result<(), SqlError> {
        struct V<'a, 'b> {
            cx: &'a RewriteContext<'b>,
        }
        impl VisitorMut for V<'_, '_> {
            type Break = SqlError;
            fn pre_visit_query(&mut self, q: &mut Query) -> ControlFlow<SqlError> {
                let bindings = match rewrite_from(q, self.cx) {
                    Ok(b) => b,
                    Err(e) => return ControlFlow::Break(e),
                };
                for binding in &bindings {
                    q.visit(&mut Bind(binding))?;
                }
                ControlFlow::Continue(())
            }
        }
        let mut v = V { cx };
        match stmt.visit(&mut v) {
            ControlFlow::Continue(()) => Ok(()),
            ControlFlow::Break(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rewrite::test_support::with_rule;

    fn r(sql: &str) -> String {
        with_rule(&OpenJson, sql).unwrap()
    }

    #[test]
    fn standalone_openjson_becomes_an_unnest() {
        let out = r("SELECT [key], [value] FROM OPENJSON('{\"a\":1}') AS j");
        assert!(
            out.contains("unnest(openjson_rows('{\"a\":1}', CAST(NULL AS VARCHAR), 1 = 0))"),
            "{out}"
        );
        assert!(
            out.contains("get_field(__vtds_m, 'key') AS \"key\""),
            "{out}"
        );
        let with = r("SELECT id FROM OPENJSON(N'[{\"id\":2}]') WITH (id int '$.id')");
        assert!(
            with.contains("CAST(json_value(get_field(__vtds_m, 'json'), '$.id') AS INT) AS \"id\""),
            "{with}"
        );
    }

    #[test]
    fn apply_becomes_a_derived_table_and_fields() {
        let out = r("SELECT c.Id, j.[key] FROM Stripe.Customers c CROSS APPLY OPENJSON(c.Metadata) AS j WHERE j.type = 1");
        assert!(out.starts_with("SELECT c.Id, get_field(\"c\".\"__vtds_j\", 'key') FROM (SELECT \"c\".*, unnest(openjson_rows(c.Metadata, CAST(NULL AS VARCHAR), 1 = 0)) AS \"__vtds_j\" FROM Stripe.Customers c) AS c WHERE get_field(\"c\".\"__vtds_j\", 'type') = 1"), "{out}");
        let outer =
            r("SELECT j.* FROM Stripe.Customers c OUTER APPLY OPENJSON(c.Metadata, '$.tags') j");
        assert!(
            outer.contains("openjson_rows(c.Metadata, '$.tags', 1 = 1)"),
            "{outer}"
        );
        assert!(outer.contains("AS \"value\""), "{outer}");
        let e = with_rule(
            &OpenJson,
            "SELECT j.nope FROM Stripe.Customers c CROSS APPLY OPENJSON(c.Metadata) j",
        )
        .unwrap_err();
        assert_eq!(e.number(), 207);
    }
}
