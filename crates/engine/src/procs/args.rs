//! Procedure arguments: positional or named (`@table_name = N'Customers'`), from an `EXEC`
//! statement or an RPC call, bound to a procedure's declared parameters.

use datafusion::common::ScalarValue;
use sqlparser::ast::{BinaryOperator, Expr, UnaryOperator, Value};
use tds_server::{ErrorKind, SqlError};

/// One argument of a procedure call.
#[derive(Debug, Clone, PartialEq)]
pub struct ProcArg {
    /// The parameter name (`@table_name`; the `@` is optional), `None` for a positional argument.
    pub name: Option<String>,
    /// The value; `ScalarValue::Null` (or any null) is SQL NULL.
    pub value: ScalarValue,
}

impl ProcArg {
    /// A positional argument.
    pub fn positional(value: ScalarValue) -> ProcArg {
        ProcArg { name: None, value }
    }

    /// A named argument.
    pub fn named(name: &str, value: ScalarValue) -> ProcArg {
        ProcArg {
            name: Some(name.to_string()),
            value,
        }
    }
}

/// The declared type of a parameter, as `sp_sproc_columns` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParamTy {
    /// `sysname`.
    Sysname,
    /// `nvarchar(n)`.
    NVarChar(u16),
    /// `varchar(n)`.
    VarChar(u16),
    /// `char(n)`.
    Char(u16),
    /// `int`.
    Int,
    /// `tinyint`.
    TinyInt,
    /// `bit`.
    Bit,
}

/// A declared parameter: name with `@`, type, and whether it has no default.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Param {
    /// `@table_name`.
    pub name: &'static str,
    /// Declared type.
    pub ty: ParamTy,
    /// No default value: the caller must supply it (error 201 otherwise).
    pub required: bool,
}

/// Arguments bound to a procedure's parameters by position.
#[derive(Debug, Default)]
pub(crate) struct Args {
    values: Vec<Option<ScalarValue>>,
}

impl Args {
    fn get(&self, i: usize) -> Option<&ScalarValue> {
        self.values.get(i)?.as_ref().filter(|v| !v.is_null())
    }

    /// The argument as text; `None` when absent or NULL.
    pub(crate) fn text(&self, i: usize) -> Option<String> {
        match self.get(i)? {
            ScalarValue::Utf8(Some(s))
            | ScalarValue::LargeUtf8(Some(s))
            | ScalarValue::Utf8View(Some(s)) => Some(s.clone()),
            other => Some(other.to_string()),
        }
    }

    /// The argument as text, treating `''` like NULL (ODBC drivers send `''` for "any").
    pub(crate) fn filter(&self, i: usize) -> Option<String> {
        self.text(i).filter(|s| !s.is_empty())
    }

    /// The argument as an integer; `None` when absent, NULL or not a number.
    pub(crate) fn int(&self, i: usize) -> Option<i64> {
        match self.get(i)? {
            ScalarValue::Boolean(Some(b)) => Some(i64::from(*b)),
            ScalarValue::Float64(Some(f)) => Some(*f as i64),
            other => self.text_of(other)?.trim().parse().ok(),
        }
    }

    fn text_of(&self, v: &ScalarValue) -> Option<String> {
        match v {
            ScalarValue::Utf8(Some(s)) => Some(s.clone()),
            other => Some(other.to_string()),
        }
    }
}

fn strip_at(name: &str) -> &str {
    name.strip_prefix('@').unwrap_or(name)
}

/// Binds `args` to `params` as SQL Server does: positional first, then by name
/// (case-insensitive); unknown names, surplus arguments and missing required ones are errors.
pub(crate) fn bind(proc: &str, params: &[Param], args: &[ProcArg]) -> Result<Args, SqlError> {
    let mut values: Vec<Option<ScalarValue>> = vec![None; params.len()];
    for (pos, arg) in args.iter().enumerate() {
        let index = match &arg.name {
            Some(name) if !name.is_empty() => params
                .iter()
                .position(|p| strip_at(p.name).eq_ignore_ascii_case(strip_at(name)))
                .ok_or_else(|| {
                    SqlError::new(
                        ErrorKind::NotAParameter,
                        format!("{name} is not a parameter for procedure {proc}."),
                    )
                })?,
            _ if pos < params.len() => pos,
            _ => {
                return Err(SqlError::new(
                    ErrorKind::TooManyArguments,
                    format!("Procedure or function {proc} has too many arguments specified."),
                ))
            }
        };
        if let Some(slot) = values.get_mut(index) {
            *slot = Some(arg.value.clone());
        }
    }
    for (p, v) in params.iter().zip(&values) {
        if p.required && v.is_none() {
            return Err(SqlError::new(
                ErrorKind::MissingParameter,
                format!(
                    "Procedure or function '{proc}' expects parameter '{}', which was not supplied.",
                    p.name
                ),
            ));
        }
    }
    Ok(Args { values })
}

/// The arguments of an `EXEC` statement. Bare words are strings (`EXEC sp_columns Customers`),
/// and double-quoted text too (ODBC sends the table-type list as `"'TABLE','VIEW'"`).
pub(crate) fn from_exprs(exprs: &[Expr]) -> Result<Vec<ProcArg>, SqlError> {
    let mut out = Vec::with_capacity(exprs.len());
    for e in exprs {
        match e {
            Expr::BinaryOp {
                left,
                op: BinaryOperator::Eq,
                right,
            } => {
                let Expr::Identifier(name) = left.as_ref() else {
                    return Err(unsupported(e));
                };
                if !name.value.starts_with('@') {
                    return Err(unsupported(e));
                }
                // `@p = DEFAULT` leaves the parameter at its default.
                if let Some(value) = value_of(right)? {
                    out.push(ProcArg::named(&name.value, value));
                }
            }
            other => {
                // A positional DEFAULT keeps the position but supplies nothing: NULL behaves
                // the same for every procedure here.
                let value = value_of(other)?.unwrap_or(ScalarValue::Null);
                out.push(ProcArg::positional(value));
            }
        }
    }
    Ok(out)
}

fn unsupported(e: &Expr) -> SqlError {
    SqlError::new(
        ErrorKind::NotSupported,
        format!("Procedure arguments must be constants in vtds: {e}"),
    )
}

/// `None` for `DEFAULT`.
fn value_of(e: &Expr) -> Result<Option<ScalarValue>, SqlError> {
    let text = |s: &str| Ok(Some(ScalarValue::Utf8(Some(s.to_string()))));
    match e {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s)
            | Value::NationalStringLiteral(s)
            | Value::DoubleQuotedString(s) => text(s),
            Value::Number(n, _) => Ok(Some(number(n))),
            Value::Boolean(b) => Ok(Some(ScalarValue::Boolean(Some(*b)))),
            Value::Null => Ok(Some(ScalarValue::Null)),
            _ => Err(unsupported(e)),
        },
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => match expr.as_ref() {
            Expr::Value(v) => match &v.value {
                Value::Number(n, _) => Ok(Some(number(&format!("-{n}")))),
                _ => Err(unsupported(e)),
            },
            _ => Err(unsupported(e)),
        },
        Expr::Identifier(id) if id.quote_style.is_none() && id.value.starts_with('@') => {
            Err(SqlError::new(
                ErrorKind::UndeclaredVariable,
                format!("Must declare the scalar variable \"{}\".", id.value),
            ))
        }
        Expr::Identifier(id)
            if id.quote_style.is_none() && id.value.eq_ignore_ascii_case("DEFAULT") =>
        {
            Ok(None)
        }
        Expr::Identifier(id) => text(&id.value),
        // `EXEC sp_columns Stripe.Customers` is a syntax error in SQL Server; dotted words are
        // accepted here as the string they spell.
        Expr::CompoundIdentifier(parts) => text(
            &parts
                .iter()
                .map(|p| p.value.as_str())
                .collect::<Vec<_>>()
                .join("."),
        ),
        _ => Err(unsupported(e)),
    }
}

fn number(n: &str) -> ScalarValue {
    match n.parse::<i64>() {
        Ok(i) => ScalarValue::Int64(Some(i)),
        Err(_) => n.parse::<f64>().map_or_else(
            |_| ScalarValue::Utf8(Some(n.to_string())),
            |f| ScalarValue::Float64(Some(f)),
        ),
    }
}

/// SQL `LIKE` matching as the catalog procedures use it: `%`, `_`, `[set]`, case-insensitive
/// (the default collation).
pub(crate) fn like(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let t: Vec<char> = text.to_lowercase().chars().collect();
    like_at(&p, &t)
}

/// One pattern element.
#[derive(Debug)]
enum Tok {
    Any,
    One,
    Set(Vec<char>),
    Lit(char),
}

fn tokens(p: &[char]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = p.get(i) {
        i += 1;
        out.push(match c {
            '%' => Tok::Any,
            '_' => Tok::One,
            '[' => match p.get(i..).and_then(|r| r.iter().position(|c| *c == ']')) {
                Some(len) => {
                    let set = p.get(i..i + len).unwrap_or(&[]).to_vec();
                    i += len + 1;
                    Tok::Set(set)
                }
                None => Tok::Lit('['),
            },
            c => Tok::Lit(c),
        });
    }
    out
}

/// Dynamic programming over (pattern, text) prefixes: linear in each, so hostile patterns
/// (`%a%a%a…`) stay cheap.
fn like_at(p: &[char], t: &[char]) -> bool {
    let toks = tokens(p);
    // row[j]: the pattern prefix so far matches t[..j].
    let mut row = vec![false; t.len() + 1];
    row[0] = true;
    for tok in &toks {
        let mut next = vec![false; t.len() + 1];
        match tok {
            Tok::Any => {
                let mut seen = false;
                for j in 0..=t.len() {
                    seen |= row[j];
                    next[j] = seen;
                }
            }
            _ => {
                for j in 0..t.len() {
                    let ok = match tok {
                        Tok::One => true,
                        Tok::Set(set) => set.contains(&t[j]),
                        Tok::Lit(c) => *c == t[j],
                        Tok::Any => false,
                    };
                    next[j + 1] = row[j] && ok;
                }
            }
        }
        row = next;
    }
    row[t.len()]
}

/// Whether `value` passes an optional filter: a LIKE pattern, or an exact (case-insensitive)
/// name when patterns are off.
pub(crate) fn matches(filter: Option<&str>, value: &str, use_pattern: bool) -> bool {
    match filter {
        None => true,
        Some(f) if use_pattern => like(f, value),
        Some(f) => f.eq_ignore_ascii_case(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns() {
        assert!(like("%", "Customers"));
        assert!(like("cust%", "Customers"));
        assert!(like("C_arges", "Charges"));
        assert!(like("[c]harges", "Charges"));
        assert!(like("Charge[_]%", "Charge_x"));
        assert!(!like("Charge[_]%", "Chargex"));
        assert!(!like("Cust", "Customers"));
        assert!(like("%s", "Customers"));
        assert!(!like("", "x"));
    }

    const PARAMS: &[Param] = &[
        Param {
            name: "@table_name",
            ty: ParamTy::NVarChar(384),
            required: true,
        },
        Param {
            name: "@table_owner",
            ty: ParamTy::NVarChar(384),
            required: false,
        },
    ];

    #[test]
    fn binds_positional_and_named() {
        let a = bind(
            "sp_x",
            PARAMS,
            &[
                ProcArg::named("table_owner", ScalarValue::from("Stripe")),
                ProcArg::named("@TABLE_NAME", ScalarValue::from("C%")),
            ],
        )
        .unwrap();
        assert_eq!(a.text(0).as_deref(), Some("C%"));
        assert_eq!(a.text(1).as_deref(), Some("Stripe"));
        let a = bind(
            "sp_x",
            PARAMS,
            &[ProcArg::positional(ScalarValue::Int64(Some(3)))],
        )
        .unwrap();
        assert_eq!(a.int(0), Some(3));
        assert_eq!(a.text(1), None);
        let e = bind("sp_x", PARAMS, &[]).unwrap_err();
        assert_eq!(e.number(), 201);
        let e = bind(
            "sp_x",
            PARAMS,
            &[ProcArg::named("@nope", ScalarValue::Null)],
        )
        .unwrap_err();
        assert_eq!(e.message, "@nope is not a parameter for procedure sp_x.");
        assert_eq!(e.number(), 8145);
        let three = vec![ProcArg::positional(ScalarValue::Null); 3];
        assert_eq!(bind("sp_x", PARAMS, &three).unwrap_err().number(), 8144);
    }
}
