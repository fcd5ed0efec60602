//! Local variables (`DECLARE @v type [= expr]`, `SET @v = expr`): SMO's connect batch declares
//! `@edition` and branches on it, SqlClient's GetSchema and SMO's ServerComparer pass `@Name` /
//! `@dbname`. Values live for one batch and are bound into later statements as typed literals,
//! like RPC parameters, so filters on them still push down.

use std::collections::HashMap;

use datafusion::common::ScalarValue;
use sqlparser::ast::{CastKind, DataType, Expr, Value};
use tds_server::{ErrorKind, SqlError};

use crate::rpc::declare::{parse_declarations, Declared};

/// One declared variable and its current value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Local {
    /// Name and type, as an RPC parameter declaration.
    pub declared: Declared,
    /// NULL until assigned.
    pub value: ScalarValue,
}

/// The variables of the running batch, keyed by lower-case name with its `@`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Locals {
    vars: HashMap<String, Local>,
}

fn already_declared(name: &str) -> SqlError {
    SqlError::new(
        ErrorKind::Syntax,
        format!(
            "The variable name '{name}' has already been declared. Variable names must be unique within a query batch or stored procedure."
        ),
    )
}

/// `@name <type>` as a declaration; unknown types are a syntax error like SQL Server's 2715
/// would be (the batch cannot run either way).
pub(crate) fn declaration(name: &str, ty: &DataType) -> Result<Declared, SqlError> {
    parse_declarations(&format!("{name} {ty}"))?
        .pop()
        .ok_or_else(|| SqlError::syntax_near(name))
}

impl Locals {
    /// Forgets every variable (a new batch starts).
    pub(crate) fn clear(&mut self) {
        self.vars.clear();
    }

    /// Declares `declared` with a NULL value; 134 if the name is taken.
    pub(crate) fn declare(&mut self, declared: Declared) -> Result<(), SqlError> {
        if self.vars.contains_key(&declared.key) {
            return Err(already_declared(&declared.key));
        }
        self.vars.insert(
            declared.key.clone(),
            Local {
                declared,
                value: ScalarValue::Null,
            },
        );
        Ok(())
    }

    /// Declares or replaces (sp_executesql parameters shadow the caller's variables).
    pub(crate) fn bind(&mut self, declared: Declared, value: ScalarValue) {
        self.vars
            .insert(declared.key.clone(), Local { declared, value });
    }

    /// The variable `name` (any case, with its `@`).
    pub(crate) fn get(&self, name: &str) -> Option<&Local> {
        self.vars.get(&name.to_ascii_lowercase())
    }

    /// Assigns an already converted value; 137 for an undeclared name.
    pub(crate) fn assign(&mut self, name: &str, value: ScalarValue) -> Result<(), SqlError> {
        match self.vars.get_mut(&name.to_ascii_lowercase()) {
            Some(local) => {
                local.value = value;
                Ok(())
            }
            None => Err(undeclared(name)),
        }
    }
}

/// 137, as for any unknown variable.
pub(crate) fn undeclared(name: &str) -> SqlError {
    SqlError::new(
        ErrorKind::UndeclaredVariable,
        format!("Must declare the scalar variable \"{name}\"."),
    )
}

fn cast(expr: Expr, data_type: DataType) -> Expr {
    Expr::Cast {
        kind: CastKind::Cast,
        expr: Box::new(expr),
        data_type,
        array: false,
        format: None,
    }
}

/// `expr` converted to the variable's type, for evaluating an assignment.
pub(crate) fn converted(declared: &Declared, expr: Expr) -> Expr {
    match (&declared.cast, declared.is_string) {
        (_, true) => cast(expr, DataType::Varchar(None)),
        (Some(ty), false) => cast(expr, ty.clone()),
        (None, false) => expr,
    }
}

/// The literal a variable reference becomes: strings stay plain literals (as written in a
/// batch); other values are cast to the declared type so the statement sees that type.
pub(crate) fn literal(local: &Local) -> Expr {
    let d = &local.declared;
    let typed = |e: Expr| match &d.cast {
        Some(ty) => cast(e, ty.clone()),
        None => e,
    };
    let string = |s: String| Expr::value(Value::SingleQuotedString(s));
    match &local.value {
        v if v.is_null() => match (&d.cast, d.is_string) {
            (_, true) => cast(Expr::value(Value::Null), DataType::Varchar(None)),
            _ => typed(Expr::value(Value::Null)),
        },
        ScalarValue::Utf8(Some(s))
        | ScalarValue::LargeUtf8(Some(s))
        | ScalarValue::Utf8View(Some(s)) => {
            if d.is_string || d.cast.is_none() {
                string(s.clone())
            } else {
                typed(string(s.clone()))
            }
        }
        ScalarValue::Boolean(Some(b)) => typed(Expr::value(Value::Boolean(*b))),
        v @ (ScalarValue::Int8(_)
        | ScalarValue::Int16(_)
        | ScalarValue::Int32(_)
        | ScalarValue::Int64(_)
        | ScalarValue::UInt8(_)
        | ScalarValue::UInt16(_)
        | ScalarValue::UInt32(_)
        | ScalarValue::UInt64(_)) => typed(Expr::value(Value::Number(v.to_string(), false))),
        // Floats, decimals, dates: their text form cast back, which round-trips exactly.
        other => typed(string(other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::ast::DataType;

    fn local(ty: &str, value: ScalarValue) -> Local {
        Local {
            declared: parse_declarations(&format!("@v {ty}")).unwrap().remove(0),
            value,
        }
    }

    #[test]
    fn values_become_typed_literals() {
        let lit = |ty: &str, v: ScalarValue| literal(&local(ty, v)).to_string();
        assert_eq!(
            lit("sysname", ScalarValue::Utf8(Some("x'y".into()))),
            "'x''y'"
        );
        assert_eq!(
            lit("nvarchar(128)", ScalarValue::Null),
            "CAST(NULL AS VARCHAR)"
        );
        assert_eq!(lit("int", ScalarValue::Int32(Some(3))), "CAST(3 AS INT)");
        assert_eq!(lit("int", ScalarValue::Null), "CAST(NULL AS INT)");
        assert_eq!(
            lit("bit", ScalarValue::Boolean(Some(true))),
            "CAST(true AS BOOLEAN)"
        );
        assert_eq!(
            lit("float", ScalarValue::Float64(Some(1.5))),
            "CAST('1.5' AS DOUBLE PRECISION)"
        );
    }

    #[test]
    fn declare_assign_and_scope() {
        let mut l = Locals::default();
        l.declare(declaration("@A", &DataType::Int(None)).unwrap())
            .unwrap();
        assert!(l
            .declare(declaration("@a", &DataType::Int(None)).unwrap())
            .is_err());
        assert_eq!(l.get("@a").unwrap().value, ScalarValue::Null);
        l.assign("@a", ScalarValue::Int32(Some(1))).unwrap();
        assert_eq!(l.get("@A").unwrap().value, ScalarValue::Int32(Some(1)));
        assert_eq!(l.assign("@b", ScalarValue::Null).unwrap_err().number(), 137);
        l.clear();
        assert!(l.get("@a").is_none());
    }
}
