//! A correlated scalar subquery that is not an aggregate, as in SSMS's Object Explorer
//! (`(select major_id from sys.extended_properties where major_id = tbl.object_id and …) is not
//! null`). SQL Server allows it when at most one row matches; DataFusion only decorrelates
//! aggregates. The single select-list item becomes `MAX(item)`: the same value for one row, NULL
//! for none (SQL Server's error 512 for several rows becomes the largest value).

use std::collections::HashSet;
use std::ops::ControlFlow;

use sqlparser::ast::{
    Expr, Function, GroupByExpr, Query, Select, SelectItem, SetExpr, Statement, TableFactor, Visit,
    VisitMut, Visitor, VisitorMut,
};
use tds_server::SqlError;

use super::functions::call;
use super::{RewriteContext, RewriteRule};

/// Aggregates correlated scalar subqueries.
pub(crate) struct CorrelatedScalarSubquery;

const AGGREGATES: &[&str] = &[
    "count",
    "count_big",
    "sum",
    "min",
    "max",
    "avg",
    "stdev",
    "var",
    "string_agg",
];

fn is_aggregate(e: &Expr) -> bool {
    let Expr::Function(Function { name, .. }) = e else {
        return false;
    };
    name.0
        .last()
        .and_then(|p| p.as_ident())
        .is_some_and(|i| AGGREGATES.iter().any(|a| a.eq_ignore_ascii_case(&i.value)))
}

/// Names that qualify columns inside `s`: its tables' last name parts and aliases.
fn local_qualifiers(s: &Select) -> HashSet<String> {
    let mut names = HashSet::new();
    for twj in &s.from {
        for f in std::iter::once(&twj.relation).chain(twj.joins.iter().map(|j| &j.relation)) {
            match f {
                TableFactor::Table { name, alias, .. } => {
                    if let Some(i) = name.0.last().and_then(|p| p.as_ident()) {
                        names.insert(i.value.to_lowercase());
                    }
                    if let Some(a) = alias {
                        names.insert(a.name.value.to_lowercase());
                    }
                }
                TableFactor::Derived { alias: Some(a), .. } => {
                    names.insert(a.name.value.to_lowercase());
                }
                _ => {}
            }
        }
    }
    names
}

/// Whether `where_` qualifies a column with a name the subquery does not define.
fn is_correlated(s: &Select) -> bool {
    struct Outer<'a>(&'a HashSet<String>);
    impl Visitor for Outer<'_> {
        type Break = ();
        fn pre_visit_expr(&mut self, e: &Expr) -> ControlFlow<()> {
            if let Expr::CompoundIdentifier(parts) = e {
                if parts.len() >= 2
                    && !self
                        .0
                        .contains(&parts[parts.len() - 2].value.to_lowercase())
                {
                    return ControlFlow::Break(());
                }
            }
            ControlFlow::Continue(())
        }
    }
    let local = local_qualifiers(s);
    s.selection
        .as_ref()
        .is_some_and(|w| w.visit(&mut Outer(&local)).is_break())
}

fn aggregate(q: &mut Query) {
    if q.limit_clause.is_some() || q.fetch.is_some() {
        return;
    }
    let SetExpr::Select(s) = q.body.as_mut() else {
        return;
    };
    let plain = s.distinct.is_none()
        && s.top.is_none()
        && s.having.is_none()
        && matches!(&s.group_by, GroupByExpr::Expressions(e, m) if e.is_empty() && m.is_empty());
    if !plain || s.projection.len() != 1 || !is_correlated(s) {
        return;
    }
    match &mut s.projection[0] {
        SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. }
            if !is_aggregate(e) =>
        {
            *e = call("max", vec![e.clone()]);
        }
        _ => {}
    }
}

struct Scalars;

impl VisitorMut for Scalars {
    type Break = ();

    fn pre_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<()> {
        if let Expr::Subquery(q) = e {
            aggregate(q);
        }
        ControlFlow::Continue(())
    }
}

impl RewriteRule for CorrelatedScalarSubquery {
    fn name(&self) -> &'static str {
        "correlated_scalar_subquery"
    }

    fn rewrite(&self, stmt: &mut Statement, _cx: &RewriteContext<'_>) -> Result<(), SqlError> {
        let _ = stmt.visit(&mut Scalars);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rewrite::test_support::with_rule;
    use crate::tests::harness::{one, session};

    #[test]
    fn only_correlated_plain_subqueries_aggregate() {
        let r = |sql: &str| with_rule(&CorrelatedScalarSubquery, sql).unwrap();
        assert_eq!(
            r("SELECT (SELECT e.major_id FROM x e WHERE e.major_id = t.id) FROM t"),
            "SELECT (SELECT max(e.major_id) FROM x e WHERE e.major_id = t.id) FROM t"
        );
        for unchanged in [
            "SELECT (SELECT a FROM x WHERE x.a = 1) FROM t",
            "SELECT (SELECT count(*) FROM x WHERE x.a = t.a) FROM t",
            "SELECT (SELECT TOP 1 a FROM x WHERE x.a = t.a) FROM t",
        ] {
            assert_eq!(r(unchanged), unchanged);
        }
    }

    #[tokio::test]
    async fn ssms_is_system_object_probe_runs() {
        let mut s = session();
        let r = one(
            &mut s,
            "SELECT tbl.name, CAST(case when tbl.is_ms_shipped = 1 then 1 when (select major_id \
             from sys.extended_properties where major_id = tbl.object_id and minor_id = 0 and \
             class = 1 and name = N'microsoft_database_tools_support') is not null then 1 \
             else 0 end AS bit) AS sys FROM sys.tables AS tbl ORDER BY tbl.name",
        )
        .await;
        assert_eq!(
            r.rows(),
            &vec![vec!["Charges", "false"], vec!["Customers", "false"]]
        );
    }
}
