//! `TOP (p) PERCENT`: the first CEILING(p% of the rows), in ORDER BY order when there is one.
//! The count is only known once every row is in, so the select numbers its rows and counts them
//! with window functions, and an outer query keeps the first ones:
//!
//! ```sql
//! SELECT * EXCLUDE (__vtds_rn, __vtds_n) FROM (
//!     SELECT …, ROW_NUMBER() OVER (ORDER BY …) AS __vtds_rn, COUNT(*) OVER () AS __vtds_n
//!     FROM … WHERE … GROUP BY … HAVING …
//! ) AS __vtds_top
//! WHERE __vtds_rn <= ceil(__vtds_n * (p) / 100.0) ORDER BY __vtds_rn
//! ```

use sqlparser::ast::helpers::attached_token::AttachedToken;
use sqlparser::ast::{
    BinaryOperator, ExcludeSelectItem, Expr, Ident, OrderBy, OrderByExpr, OrderByKind,
    OrderByOptions, Query, SelectItem, SetExpr, Statement, TableFactor, Value, ValueWithSpan,
    WildcardAdditionalOptions, WindowSpec, WindowType,
};
use tds_server::{ErrorKind, SqlError};

use super::functions::call;
use crate::parse::parse_batch;

const ROW_NUMBER: &str = "__vtds_rn";
const ROW_COUNT: &str = "__vtds_n";

fn not_supported(what: &str) -> SqlError {
    SqlError::new(
        ErrorKind::NotSupported,
        format!("{what} is not supported by vtds."),
    )
}

fn out_of_range() -> SqlError {
    SqlError::new(
        ErrorKind::PercentOutOfRange,
        "Percent values must be between 0 and 100.",
    )
}

/// A literal percent outside 0–100 fails now (error 1031); expressions are checked by nothing
/// (above 100 keeps every row, below 0 none).
fn check_literal(percent: &Expr) -> Result<(), SqlError> {
    let literal = match percent {
        Expr::Nested(e) => return check_literal(e),
        Expr::UnaryOp { .. } => return Err(out_of_range()),
        Expr::Value(ValueWithSpan {
            value: Value::Number(n, _),
            ..
        }) => n,
        _ => return Ok(()),
    };
    match literal.parse::<f64>() {
        Ok(p) if (0.0..=100.0).contains(&p) => Ok(()),
        _ => Err(out_of_range()),
    }
}

/// The expression an ORDER BY item means inside the select: select-list aliases and ordinals
/// name the item's expression (a window's ORDER BY cannot see them).
fn resolve(projection: &[SelectItem], e: Expr) -> Expr {
    let item = match &e {
        Expr::Identifier(id) => projection.iter().find_map(|item| match item {
            SelectItem::ExprWithAlias { expr, alias }
                if alias.value.eq_ignore_ascii_case(&id.value) =>
            {
                Some(expr)
            }
            _ => None,
        }),
        Expr::Value(ValueWithSpan {
            value: Value::Number(n, _),
            ..
        }) => n
            .parse::<usize>()
            .ok()
            .and_then(|i| projection.get(i.checked_sub(1)?))
            .and_then(|item| match item {
                SelectItem::UnnamedExpr(expr) | SelectItem::ExprWithAlias { expr, .. } => {
                    Some(expr)
                }
                _ => None,
            }),
        _ => None,
    };
    item.cloned().unwrap_or(e)
}

fn over(mut f: Expr, order_by: Vec<OrderByExpr>) -> Expr {
    if let Expr::Function(func) = &mut f {
        func.over = Some(WindowType::WindowSpec(WindowSpec {
            window_name: None,
            partition_by: vec![],
            order_by,
            window_frame: None,
        }));
    }
    f
}

fn ident(name: &str) -> Expr {
    Expr::Identifier(Ident::new(name))
}

/// Rewrites `q`, whose select had `TOP (percent) PERCENT`.
pub(super) fn rewrite(q: &mut Query, percent: Expr) -> Result<(), SqlError> {
    check_literal(&percent)?;
    let SetExpr::Select(select) = q.body.as_mut() else {
        return Err(not_supported("TOP … PERCENT here"));
    };
    if select.distinct.is_some() {
        return Err(not_supported("TOP … PERCENT with DISTINCT"));
    }
    let order_by = match q.order_by.take().map(|o| o.kind) {
        None => vec![],
        Some(OrderByKind::Expressions(list)) => list,
        Some(OrderByKind::All(_)) => return Err(not_supported("ORDER BY ALL")),
    };
    let order_by = order_by
        .into_iter()
        .map(|mut o| {
            o.expr = resolve(&select.projection, o.expr);
            o
        })
        .collect();
    let star = Expr::Wildcard(AttachedToken::empty());
    for (f, alias) in [
        (over(call("row_number", vec![]), order_by), ROW_NUMBER),
        (over(call("count", vec![star]), vec![]), ROW_COUNT),
    ] {
        select.projection.push(SelectItem::ExprWithAlias {
            expr: f,
            alias: Ident::new(alias),
        });
    }
    let template = format!(
        "SELECT * FROM __vtds_inner AS __vtds_top WHERE {ROW_NUMBER} <= 0 ORDER BY {ROW_NUMBER}"
    );
    let Some(Statement::Query(mut outer)) = parse_batch(&template)?.pop() else {
        return Err(not_supported("TOP … PERCENT here"));
    };
    let SetExpr::Select(outer_select) = outer.body.as_mut() else {
        return Err(not_supported("TOP … PERCENT here"));
    };
    outer_select.projection = vec![SelectItem::Wildcard(WildcardAdditionalOptions {
        opt_exclude: Some(ExcludeSelectItem::Multiple(vec![
            Ident::new(ROW_NUMBER).into(),
            Ident::new(ROW_COUNT).into(),
        ])),
        ..Default::default()
    })];
    // ceil(n * (p) / 100.0)
    let rows = Expr::BinaryOp {
        left: Box::new(Expr::BinaryOp {
            left: Box::new(ident(ROW_COUNT)),
            op: BinaryOperator::Multiply,
            right: Box::new(Expr::Nested(Box::new(percent))),
        }),
        op: BinaryOperator::Divide,
        right: Box::new(Expr::value(Value::Number("100.0".into(), false))),
    };
    outer_select.selection = Some(Expr::BinaryOp {
        left: Box::new(ident(ROW_NUMBER)),
        op: BinaryOperator::LtEq,
        right: Box::new(call("ceil", vec![rows])),
    });
    let inner_body = std::mem::replace(&mut q.body, outer.body);
    let inner = super::top::bare_query(*inner_body);
    if let SetExpr::Select(s) = q.body.as_mut() {
        if let Some(from) = s.from.first_mut() {
            // The template's `AS __vtds_top` becomes the derived table's alias.
            let alias = match &from.relation {
                TableFactor::Table { alias, .. } => alias.clone(),
                _ => None,
            };
            from.relation = TableFactor::Derived {
                lateral: false,
                subquery: Box::new(inner),
                alias,
                sample: None,
            };
        }
    }
    q.order_by = Some(OrderBy {
        kind: OrderByKind::Expressions(vec![OrderByExpr {
            expr: ident(ROW_NUMBER),
            options: OrderByOptions {
                asc: None,
                nulls_first: None,
            },
            with_fill: None,
        }]),
        interpolate: None,
    });
    Ok(())
}
