//! DataFusion planner hooks for T-SQL semantics: type names in CAST/CONVERT, `+` on strings, and
//! `bit` columns compared with 0/1.

use std::collections::HashMap;
use std::sync::Arc;

use connector::SQL_TYPE_METADATA_KEY;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, TimeUnit};
use datafusion::common::{DFSchema, ScalarValue};
use datafusion::error::Result;
use datafusion::logical_expr::planner::{ExprPlanner, PlannerResult, RawBinaryExpr, TypePlanner};
use datafusion::logical_expr::{BinaryExpr, Expr, ExprSchemable, Operator};
use sqlparser::ast::{BinaryOperator, CharacterLength, DataType as SqlDataType, ExactNumberInfo};

/// Maps T-SQL (and the PostgreSQL spellings tds_fdw sends) type names to Arrow, tagging the
/// field with the SQL Server declaration so the client sees e.g. `nvarchar(40)`.
#[derive(Debug, Default)]
pub(crate) struct TsqlTypes;

/// The cast target for `ty`. With a declaration the field is not nullable: DataFusion's logical
/// cast takes nullability from its input but the physical one ORs in the target's, and a UNION
/// then rejects the mismatch. A cast of a nullable input stays nullable either way.
fn field(ty: DataType, declaration: Option<String>) -> FieldRef {
    Arc::new(match declaration {
        Some(d) => Field::new("", ty, false)
            .with_metadata(HashMap::from([(SQL_TYPE_METADATA_KEY.to_string(), d)])),
        None => Field::new("", ty, true),
    })
}

fn nvarchar(len: &Option<CharacterLength>) -> FieldRef {
    let decl = match len {
        Some(CharacterLength::IntegerLength { length, .. }) if *length <= 4000 => {
            format!("nvarchar({length})")
        }
        None => "nvarchar(30)".to_string(),
        _ => "nvarchar(max)".to_string(),
    };
    field(DataType::Utf8, Some(decl))
}

fn custom(name: &str) -> Option<FieldRef> {
    let text = |decl: &str| field(DataType::Utf8, Some(decl.to_string()));
    Some(match name.to_ascii_lowercase().as_str() {
        "sysname" => text("nvarchar(128)"),
        "ntext" | "xml" | "sql_variant" => text("nvarchar(max)"),
        "nchar" => text("nvarchar(1)"),
        "uniqueidentifier" => text("nvarchar(36)"),
        "datetime2" => field(DataType::Timestamp(TimeUnit::Microsecond, None), None),
        "smalldatetime" => field(
            DataType::Timestamp(TimeUnit::Millisecond, None),
            Some("datetime".into()),
        ),
        "datetimeoffset" => field(
            DataType::Timestamp(TimeUnit::Microsecond, Some("+00:00".into())),
            None,
        ),
        "money" => field(DataType::Decimal128(19, 4), Some("decimal(19,4)".into())),
        "smallmoney" => field(DataType::Decimal128(10, 4), Some("decimal(10,4)".into())),
        "bit" => field(DataType::Boolean, Some("bit".into())),
        "image" => field(DataType::Binary, None),
        _ => return None,
    })
}

impl TypePlanner for TsqlTypes {
    fn plan_type_field(&self, sql_type: &SqlDataType) -> Result<Option<FieldRef>> {
        Ok(Some(match sql_type {
            SqlDataType::Nvarchar(len)
            | SqlDataType::Varchar(len)
            | SqlDataType::Char(len)
            | SqlDataType::Character(len)
            | SqlDataType::CharacterVarying(len)
            | SqlDataType::CharVarying(len) => nvarchar(len),
            SqlDataType::Text => field(DataType::Utf8, Some("nvarchar(max)".into())),
            SqlDataType::Datetime(_) => field(
                DataType::Timestamp(TimeUnit::Millisecond, None),
                Some("datetime".into()),
            ),
            SqlDataType::Bit(_) => field(DataType::Boolean, Some("bit".into())),
            SqlDataType::TinyInt(_) => field(DataType::UInt8, None),
            SqlDataType::Int(_) | SqlDataType::Integer(_) => {
                field(DataType::Int32, Some("int".into()))
            }
            SqlDataType::BigInt(_) => field(DataType::Int64, Some("bigint".into())),
            SqlDataType::Float(ExactNumberInfo::Precision(p)) if *p <= 24 => {
                field(DataType::Float32, None)
            }
            SqlDataType::Float(_) | SqlDataType::DoublePrecision => {
                field(DataType::Float64, Some("float".into()))
            }
            SqlDataType::Decimal(ExactNumberInfo::None)
            | SqlDataType::Numeric(ExactNumberInfo::None) => {
                field(DataType::Decimal128(18, 0), Some("decimal(18,0)".into()))
            }
            SqlDataType::Varbinary(_) | SqlDataType::Binary(_) => field(DataType::Binary, None),
            SqlDataType::Custom(name, args) => {
                let Some(last) = name.0.last().and_then(|p| p.as_ident()) else {
                    return Ok(None);
                };
                // Only the fractional-second precision of DATETIME2(n) / DATETIMEOFFSET(n)
                // takes an argument; vtds keeps microseconds whatever n is.
                let precision_only = ["datetime2", "datetimeoffset"]
                    .iter()
                    .any(|t| last.value.eq_ignore_ascii_case(t));
                let takes_args = args.is_empty() || (precision_only && args.len() == 1);
                if !takes_args {
                    return Ok(None);
                }
                match custom(&last.value) {
                    Some(f) => f,
                    None => return Ok(None),
                }
            }
            _ => return Ok(None),
        }))
    }
}

/// `str + str` is concatenation in T-SQL; `bitcol = 1` compares a bit with an int.
#[derive(Debug, Default)]
pub(crate) struct TsqlOperators;

fn is_string(t: &DataType) -> bool {
    matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
}

/// `0`/`1` literals (also as `CAST(1 AS INT)`, how select lists type them) as booleans.
fn bit_literal(e: &Expr) -> Option<Expr> {
    let v = match e {
        Expr::Literal(v, _) => v,
        Expr::Cast(c) => match c.expr.as_ref() {
            Expr::Literal(v, _) => v,
            _ => return None,
        },
        _ => return None,
    };
    let b = match v {
        ScalarValue::Int64(Some(0)) | ScalarValue::Int32(Some(0)) => false,
        ScalarValue::Int64(Some(1)) | ScalarValue::Int32(Some(1)) => true,
        _ => return None,
    };
    Some(Expr::Literal(ScalarValue::Boolean(Some(b)), None))
}

/// A bit compared with a non-constant integer compares as an int, as in T-SQL.
fn as_int(e: Expr) -> Expr {
    Expr::Cast(datafusion::logical_expr::Cast::new(
        Box::new(e),
        DataType::Int32,
    ))
}

impl ExprPlanner for TsqlOperators {
    fn plan_binary_op(
        &self,
        expr: RawBinaryExpr,
        schema: &DFSchema,
    ) -> Result<PlannerResult<RawBinaryExpr>> {
        let lt = expr.left.get_type(schema).ok();
        let rt = expr.right.get_type(schema).ok();
        let binary = |l: Expr, op: Operator, r: Expr| {
            Ok(PlannerResult::Planned(Expr::BinaryExpr(BinaryExpr::new(
                Box::new(l),
                op,
                Box::new(r),
            ))))
        };
        match (&expr.op, &lt, &rt) {
            (BinaryOperator::Plus, Some(l), Some(r)) if is_string(l) && is_string(r) => {
                binary(expr.left, Operator::StringConcat, expr.right)
            }

            (BinaryOperator::Eq | BinaryOperator::NotEq, Some(l), Some(r)) => {
                let op = if expr.op == BinaryOperator::Eq {
                    Operator::Eq
                } else {
                    Operator::NotEq
                };
                match (l, r) {
                    (DataType::Boolean, r) if r.is_integer() => match bit_literal(&expr.right) {
                        Some(b) => binary(expr.left, op, b),
                        None => binary(as_int(expr.left), op, expr.right),
                    },
                    (l, DataType::Boolean) if l.is_integer() => match bit_literal(&expr.left) {
                        Some(b) => binary(b, op, expr.right),
                        None => binary(expr.left, op, as_int(expr.right)),
                    },
                    _ => Ok(PlannerResult::Original(expr)),
                }
            }
            _ => Ok(PlannerResult::Original(expr)),
        }
    }
}
