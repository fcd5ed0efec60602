//! T-SQL built-ins DataFusion knows under another name or shape.
//!
//! Simple renames (ISNULL → coalesce) and argument shuffles (CHARINDEX → strpos) happen here;
//! functions that need session state (DB_NAME, SERVERPROPERTY, …) are UDFs in `hooks::functions`.

use sqlparser::ast::helpers::attached_token::AttachedToken;
use sqlparser::ast::{
    CaseWhen, CastKind, DataType, DuplicateTreatment, Expr, Function, FunctionArg, FunctionArgExpr,
    FunctionArgumentList, FunctionArguments, Ident, ObjectName, Statement,
};
use tds_server::SqlError;

use super::{for_each_expr, RewriteContext, RewriteRule};

/// Rewrites T-SQL function calls and CONVERT.
pub(crate) struct TsqlFunctions;

/// A plain call `name(args…)`.
pub(crate) fn call(name: &str, args: Vec<Expr>) -> Expr {
    Expr::Function(Function {
        name: ObjectName::from(vec![Ident::new(name)]),
        uses_odbc_syntax: false,
        parameters: FunctionArguments::None,
        args: FunctionArguments::List(FunctionArgumentList {
            duplicate_treatment: None::<DuplicateTreatment>,
            args: args
                .into_iter()
                .map(|e| FunctionArg::Unnamed(FunctionArgExpr::Expr(e)))
                .collect(),
            clauses: vec![],
        }),
        filter: None,
        null_treatment: None,
        over: None,
        within_group: vec![],
    })
}

/// Positional argument expressions, if every argument is a plain expression.
fn plain_args(f: &Function) -> Option<Vec<Expr>> {
    let FunctionArguments::List(list) = &f.args else {
        return matches!(f.args, FunctionArguments::None).then(Vec::new);
    };
    list.args
        .iter()
        .map(|a| match a {
            FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e.clone()),
            _ => None,
        })
        .collect()
}

fn single_name(f: &Function) -> Option<String> {
    match f.name.0.as_slice() {
        [part] => part.as_ident().map(|i| i.value.to_ascii_lowercase()),
        _ => None,
    }
}

fn is_quoted(f: &Function) -> bool {
    f.name
        .0
        .iter()
        .any(|p| p.as_ident().is_some_and(|i| i.quote_style.is_some()))
}

fn rewrite_function(f: &mut Function) -> Option<Expr> {
    let name = single_name(f)?;
    let rename = |f: &mut Function, to: &str| {
        f.name = ObjectName::from(vec![Ident::new(to)]);
        None
    };
    match name.as_str() {
        "isnull" => rename(f, "coalesce"),
        // COUNT is INT in SQL Server (DataFusion's is BIGINT; clients reading an int fail), and
        // COUNT_BIG is BIGINT. The inner call is spelled with a quoted name so a second pass
        // over the same statement leaves it alone.
        "count" if !is_quoted(f) => {
            let mut inner = f.clone();
            inner.name = ObjectName::from(vec![Ident::with_quote('"', "count")]);
            Some(Expr::Cast {
                kind: CastKind::Cast,
                expr: Box::new(Expr::Function(inner)),
                data_type: DataType::Int(None),
                array: false,
                format: None,
            })
        }
        "count_big" => {
            f.name = ObjectName::from(vec![Ident::with_quote('"', "count")]);
            None
        }
        "getdate" | "sysdatetime" | "getutcdate" | "sysutcdatetime" | "sysdatetimeoffset" => {
            Some(call("now", vec![]))
        }
        "newid" => Some(call("uuid", vec![])),
        // Nothing is ever inserted with an identity here.
        "scope_identity" | "ident_current" => Some(Expr::Cast {
            kind: CastKind::Cast,
            expr: Box::new(Expr::Value(sqlparser::ast::Value::Null.into())),
            data_type: DataType::Decimal(sqlparser::ast::ExactNumberInfo::PrecisionAndScale(38, 0)),
            array: false,
            format: None,
        }),
        "len" => {
            // LEN ignores trailing spaces.
            let [s] = <[Expr; 1]>::try_from(plain_args(f)?).ok()?;
            Some(call("character_length", vec![call("rtrim", vec![s])]))
        }
        "charindex" => {
            let [needle, haystack] = <[Expr; 2]>::try_from(plain_args(f)?).ok()?;
            Some(call("strpos", vec![haystack, needle]))
        }
        "year" | "month" | "day" | "datepart" | "dateadd" | "datediff" | "datediff_big"
        | "eomonth" | "datefromparts" | "format" => super::dates::rewrite(&name, plain_args(f)?),
        "choose" => {
            let mut args = plain_args(f)?.into_iter();
            let index = args.next()?;
            Some(Expr::Case {
                case_token: AttachedToken::empty(),
                end_token: AttachedToken::empty(),
                operand: Some(Box::new(index)),
                conditions: args
                    .enumerate()
                    .map(|(i, result)| CaseWhen {
                        condition: Expr::Value(
                            sqlparser::ast::Value::Number((i + 1).to_string(), false).into(),
                        ),
                        result,
                    })
                    .collect(),
                else_result: None,
            })
        }
        "square" => {
            let [x] = <[Expr; 1]>::try_from(plain_args(f)?).ok()?;
            Some(call(
                "power",
                vec![
                    x,
                    Expr::Value(sqlparser::ast::Value::Number("2".into(), false).into()),
                ],
            ))
        }
        "replicate" => rename(f, "repeat"),
        "space" => {
            let [n] = <[Expr; 1]>::try_from(plain_args(f)?).ok()?;
            Some(call(
                "repeat",
                vec![
                    Expr::Value(sqlparser::ast::Value::SingleQuotedString(" ".into()).into()),
                    n,
                ],
            ))
        }
        "stuff" => {
            // STUFF(s, start, length, insert) is OVERLAY(s PLACING insert FROM start FOR length).
            let [s, start, len, insert] = <[Expr; 4]>::try_from(plain_args(f)?).ok()?;
            Some(call("overlay", vec![s, insert, start, len]))
        }
        "iif" => {
            let [condition, then, otherwise] = <[Expr; 3]>::try_from(plain_args(f)?).ok()?;
            Some(Expr::Case {
                case_token: AttachedToken::empty(),
                end_token: AttachedToken::empty(),
                operand: None,
                conditions: vec![CaseWhen {
                    condition,
                    result: then,
                }],
                else_result: Some(Box::new(otherwise)),
            })
        }
        _ => None,
    }
}

/// Keywords T-SQL evaluates as niladic functions; sqlparser leaves them as identifiers.
fn niladic(id: &Ident) -> Option<Expr> {
    if id.quote_style.is_some() {
        return None;
    }
    let f = match id.value.to_ascii_uppercase().as_str() {
        "SYSTEM_USER" | "SESSION_USER" => "suser_sname",
        // The database user: logins map to dbo.
        "USER" | "CURRENT_USER" => "user_name",
        _ => return None,
    };
    Some(call(f, vec![]))
}

impl RewriteRule for TsqlFunctions {
    fn name(&self) -> &'static str {
        "tsql_functions"
    }

    fn rewrite(&self, stmt: &mut Statement, _cx: &RewriteContext<'_>) -> Result<(), SqlError> {
        for_each_expr(stmt, |e| {
            let replacement = match e {
                Expr::Function(f) => rewrite_function(f),
                Expr::Identifier(id) => niladic(id),
                // Comparisons follow the column's own collation (catalog views compare
                // case-insensitively); an explicit COLLATE clause changes nothing here.
                Expr::Collate { expr, .. } => Some(expr.as_ref().clone()),
                Expr::Convert {
                    is_try,
                    expr,
                    data_type: Some(data_type),
                    styles,
                    ..
                } => super::dates::convert_with_style(expr, data_type, styles).or_else(|| {
                    Some(Expr::Cast {
                        kind: if *is_try {
                            CastKind::TryCast
                        } else {
                            CastKind::Cast
                        },
                        expr: expr.clone(),
                        data_type: data_type.clone(),
                        array: false,
                        format: None,
                    })
                }),
                _ => None,
            };
            if let Some(r) = replacement {
                *e = r;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rewrite::test_support::with_rule;

    fn r(sql: &str) -> String {
        with_rule(&TsqlFunctions, sql).unwrap()
    }

    #[test]
    fn tsql_builtins_become_datafusion_calls() {
        assert_eq!(
            r("SELECT ISNULL(a, 0) FROM t"),
            "SELECT coalesce(a, 0) FROM t"
        );
        assert_eq!(
            r("SELECT COUNT_BIG(*) FROM t"),
            "SELECT \"count\"(*) FROM t"
        );
        assert_eq!(
            r("SELECT COUNT(*), count(DISTINCT a) FROM t HAVING COUNT(*) > 1"),
            "SELECT CAST(\"count\"(*) AS INT), CAST(\"count\"(DISTINCT a) AS INT) FROM t \
             HAVING CAST(\"count\"(*) AS INT) > 1"
        );
        // A second pass changes nothing.
        assert_eq!(
            r("SELECT CAST(\"count\"(*) AS INT) FROM t"),
            "SELECT CAST(\"count\"(*) AS INT) FROM t"
        );
        assert_eq!(
            r("SELECT CHARINDEX('Microsoft', @@version)"),
            "SELECT strpos(@@version, 'Microsoft')"
        );
        assert_eq!(
            r("SELECT LEN(a) FROM t"),
            "SELECT character_length(rtrim(a)) FROM t"
        );
        assert_eq!(
            r("SELECT IIF(a > 1, 'x', 'y') FROM t"),
            "SELECT CASE WHEN a > 1 THEN 'x' ELSE 'y' END FROM t"
        );
        assert_eq!(
            r("SELECT CONVERT(nvarchar(10), a) FROM t"),
            "SELECT CAST(a AS NVARCHAR(10)) FROM t"
        );
        assert_eq!(r("SELECT GETDATE()"), "SELECT now()");
        assert_eq!(r("SELECT SYSTEM_USER"), "SELECT suser_sname()");
        assert_eq!(
            r("SELECT a FROM t WHERE a = b COLLATE database_default"),
            "SELECT a FROM t WHERE a = b"
        );
    }
}
