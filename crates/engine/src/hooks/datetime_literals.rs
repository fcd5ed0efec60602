//! Date-time string literals as SQL Server reads them. SQL Server converts `'2024-01-01 10:30'`,
//! `'2024-01-01T10:30'` and `'20240101'` to datetime; Arrow's parser wants the seconds and the
//! dashes. Where a literal meets a date or time type (a CAST, a comparison with a datetime
//! column, BETWEEN) its text is rewritten to the spelling Arrow accepts; elsewhere it stays the
//! string it is.

use datafusion::arrow::datatypes::DataType;
use datafusion::common::{DFSchema, ScalarValue};
use datafusion::logical_expr::{Between, BinaryExpr, Cast, Expr, ExprSchemable, TryCast};

use super::collation::is_comparison;

fn is_temporal(t: &DataType) -> bool {
    matches!(
        t,
        DataType::Timestamp(..) | DataType::Date32 | DataType::Date64
    )
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `hh:mm` → `hh:mm:00` (also `h:mm`); a time with seconds is kept; `None` if not a time.
fn time_with_seconds(t: &str) -> Option<String> {
    let parts: Vec<&str> = t.split(':').collect();
    match parts.as_slice() {
        [h, m] if all_digits(h) && h.len() <= 2 && all_digits(m) && m.len() == 2 => {
            Some(format!("{h:0>2}:{m}:00"))
        }
        [h, m, s] if all_digits(h) && h.len() <= 2 && all_digits(m) && !s.is_empty() => {
            Some(format!("{h:0>2}:{m}:{s}"))
        }
        _ => None,
    }
}

/// `YYYYMMDD` → `YYYY-MM-DD`; a dashed date is kept; `None` if not a date.
fn dashed_date(d: &str) -> Option<String> {
    let b = d.as_bytes();
    if d.len() == 8 && all_digits(d) {
        return Some(format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..]));
    }
    let dashed = d.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && all_digits(&d[..4])
        && all_digits(&d[5..7])
        && all_digits(&d[8..]);
    dashed.then(|| d.to_string())
}

/// The spelling Arrow parses for a SQL Server date-time literal, `None` when the text is
/// already fine or is not one of the forms handled here (Arrow then reports it as it would).
pub(crate) fn normalize(text: &str) -> Option<String> {
    let t = text.trim();
    let (date, time) = match t.find([' ', 'T']) {
        Some(i) => (&t[..i], Some(t[i + 1..].trim())),
        None => (t, None),
    };
    let date = dashed_date(date)?;
    let fixed = match time {
        None => date,
        Some(time) => format!("{date} {}", time_with_seconds(time)?),
    };
    (fixed != t).then_some(fixed)
}

/// `e` with its string literal respelt, when it is one.
fn respelt(e: Box<Expr>) -> Box<Expr> {
    match e.as_ref() {
        Expr::Literal(ScalarValue::Utf8(Some(s)), meta) => match normalize(s) {
            Some(fixed) => Box::new(Expr::Literal(ScalarValue::Utf8(Some(fixed)), meta.clone())),
            None => e,
        },
        _ => e,
    }
}

fn temporal(e: &Expr, schema: &DFSchema) -> bool {
    e.get_type(schema).is_ok_and(|t| is_temporal(&t))
}

/// Rewrites the literal of a CAST to a date type, a comparison with a date-typed operand or a
/// BETWEEN on one; `Err(e)` gives the expression back untouched.
pub(crate) fn rewrite(e: Expr, schema: &DFSchema) -> Result<Expr, Expr> {
    Ok(match e {
        Expr::Cast(Cast { expr, field }) if is_temporal(field.data_type()) => {
            Expr::Cast(Cast::new_from_field(respelt(expr), field))
        }
        Expr::TryCast(TryCast { expr, field }) if is_temporal(field.data_type()) => {
            Expr::TryCast(TryCast {
                expr: respelt(expr),
                field,
            })
        }
        Expr::BinaryExpr(BinaryExpr { left, op, right }) if is_comparison(op) => {
            let (left, right) = if temporal(&left, schema) {
                (left, respelt(right))
            } else if temporal(&right, schema) {
                (respelt(left), right)
            } else {
                (left, right)
            };
            Expr::BinaryExpr(BinaryExpr { left, op, right })
        }
        Expr::Between(b) if temporal(&b.expr, schema) => Expr::Between(Between {
            expr: b.expr,
            negated: b.negated,
            low: respelt(b.low),
            high: respelt(b.high),
        }),
        other => return Err(other),
    })
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn sql_server_spellings_become_arrow_ones() {
        assert_eq!(
            normalize("2024-01-01 10:30").as_deref(),
            Some("2024-01-01 10:30:00")
        );
        assert_eq!(
            normalize("2024-01-01T9:05").as_deref(),
            Some("2024-01-01 09:05:00")
        );
        assert_eq!(normalize("20240101").as_deref(), Some("2024-01-01"));
        assert_eq!(
            normalize("20240101 10:30:15.5").as_deref(),
            Some("2024-01-01 10:30:15.5")
        );
        for unchanged in [
            "2024-01-01",
            "2024-01-01 10:30:00",
            "hello",
            "2024-01-01 10:30+01:00",
            "",
        ] {
            assert_eq!(normalize(unchanged), None, "{unchanged}");
        }
    }
}
