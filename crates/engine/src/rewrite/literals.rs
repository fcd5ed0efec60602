//! Literal spellings DataFusion does not accept as sent.
//!
//! - `N'…'` (national strings) are plain strings: all strings are Unicode here. The one place
//!   the difference shows is `DATALENGTH`: a varchar literal takes one byte per character, so
//!   `DATALENGTH('abc')` becomes its character count before the distinction is gone.
//! - tds_fdw prints timestamptz constants in PostgreSQL's output format with an hour-only offset
//!   (`'2024-01-01 00:00:00+00'`), which Arrow's timestamp parser rejects; the offset gets minutes.

use std::ops::ControlFlow;

use sqlparser::ast::{
    CastKind, DataType, Expr, Function, FunctionArg, FunctionArgExpr, FunctionArguments, Statement,
    Value, ValueWithSpan, VisitMut, VisitorMut,
};
use tds_server::SqlError;

use super::{RewriteContext, RewriteRule};

/// Normalises string literals.
pub(crate) struct PostgresLiterals;

struct Literals;

/// The varchar literal `DATALENGTH('…')` measures, if that is what `f` is.
fn datalength_of_varchar(f: &Function) -> Option<&ValueWithSpan> {
    let [name] = f.name.0.as_slice() else {
        return None;
    };
    if !name
        .as_ident()
        .is_some_and(|i| i.value.eq_ignore_ascii_case("datalength"))
    {
        return None;
    }
    let FunctionArguments::List(list) = &f.args else {
        return None;
    };
    match list.args.as_slice() {
        [FunctionArg::Unnamed(FunctionArgExpr::Expr(Expr::Value(
            v @ ValueWithSpan {
                value: Value::SingleQuotedString(_),
                ..
            },
        )))] => Some(v),
        _ => None,
    }
}

impl VisitorMut for Literals {
    type Break = ();

    fn pre_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<()> {
        let Expr::Function(f) = e else {
            return ControlFlow::Continue(());
        };
        if let Some(v) = datalength_of_varchar(f) {
            let chars = super::functions::call("character_length", vec![Expr::Value(v.clone())]);
            *e = Expr::Cast {
                kind: CastKind::Cast,
                expr: Box::new(chars),
                data_type: DataType::Int(None),
                array: false,
                format: None,
            };
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_value(&mut self, v: &mut ValueWithSpan) -> ControlFlow<()> {
        if let Value::NationalStringLiteral(s) = &mut v.value {
            v.value = Value::SingleQuotedString(std::mem::take(s));
        }
        if let Value::SingleQuotedString(s) = &mut v.value {
            if let Some(fixed) = widen_hour_offset(s) {
                *s = fixed;
            }
        }
        ControlFlow::Continue(())
    }
}

/// `YYYY-MM-DD hh:mm:ss[.f]±hh` → `…±hh:00`; anything else is left alone.
fn widen_hour_offset(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if b.len() < 22 || !s.is_ascii() {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let date_time = digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && (b[10] == b' ' || b[10] == b'T')
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19);
    let n = b.len();
    let sign = b[n - 3];
    let hour_offset = (sign == b'+' || sign == b'-') && digits(n - 2..n);
    let middle_ok = n == 22 || (b[19] == b'.' && digits(20..n - 3));
    (date_time && hour_offset && middle_ok).then(|| format!("{s}:00"))
}

impl RewriteRule for PostgresLiterals {
    fn name(&self) -> &'static str {
        "postgres_literals"
    }

    fn rewrite(&self, stmt: &mut Statement, _cx: &RewriteContext<'_>) -> Result<(), SqlError> {
        let _ = stmt.visit(&mut Literals);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widens_only_timestamp_offsets() {
        assert_eq!(
            widen_hour_offset("2024-01-01 00:00:00+00").as_deref(),
            Some("2024-01-01 00:00:00+00:00")
        );
        assert_eq!(
            widen_hour_offset("2024-01-01 00:00:00.123-05").as_deref(),
            Some("2024-01-01 00:00:00.123-05:00")
        );
        assert_eq!(widen_hour_offset("2024-01-01 00:00:00"), None);
        assert_eq!(widen_hour_offset("2024-01-01 00:00:00+00:00"), None);
        assert_eq!(widen_hour_offset("hello world, this is 22"), None);
    }

    #[test]
    fn datalength_of_a_varchar_literal_counts_characters() {
        let r = |sql| crate::rewrite::test_support::with_rule(&PostgresLiterals, sql).unwrap();
        assert_eq!(
            r("SELECT DATALENGTH('ab'), DATALENGTH(N'ab'), DATALENGTH(x)"),
            "SELECT CAST(character_length('ab') AS INT), DATALENGTH('ab'), DATALENGTH(x)"
        );
    }
}
