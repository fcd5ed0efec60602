//! Session-aware T-SQL functions as DataFusion UDFs: identity (`DB_NAME()`, `SUSER_SNAME()`, …),
//! permission probes that tools cast to int (`IS_SRVROLEMEMBER`), and `SERVERPROPERTY`.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use datafusion::arrow::array::ArrayRef;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::ScalarValue;
use datafusion::error::Result;
use datafusion::logical_expr::{
    ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    TypeSignature, Volatility,
};

use super::serverproperty;
use crate::state::SessionInfo;

/// Which function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    DbName,
    DbId,
    LoginName,
    UserName,
    SchemaName,
    HostName,
    AppName,
    Zero,
    One,
    ServerProperty,
    ConnectionProperty,
    SchemaId,
    CollationProperty,
    ObjectProperty,
}

/// (SQL name, kind). Several names share a kind.
const FUNCTIONS: &[(&str, Kind)] = &[
    ("db_name", Kind::DbName),
    ("db_id", Kind::DbId),
    ("suser_sname", Kind::LoginName),
    ("suser_name", Kind::LoginName),
    ("original_login", Kind::LoginName),
    ("user_name", Kind::UserName),
    ("current_user", Kind::UserName),
    ("schema_name", Kind::SchemaName),
    ("host_name", Kind::HostName),
    ("app_name", Kind::AppName),
    // vtds logins hold no server roles; SMO sums these and casts the sum to int.
    ("is_srvrolemember", Kind::Zero),
    ("is_member", Kind::Zero),
    ("has_dbaccess", Kind::One),
    ("serverproperty", Kind::ServerProperty),
    ("connectionproperty", Kind::ConnectionProperty),
    ("schema_id", Kind::SchemaId),
    ("collationproperty", Kind::CollationProperty),
    ("objectproperty", Kind::ObjectProperty),
];

/// One session-bound function.
#[derive(Debug)]
struct SessionFunction {
    name: &'static str,
    kind: Kind,
    info: Arc<SessionInfo>,
    signature: Signature,
}

impl PartialEq for SessionFunction {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && Arc::ptr_eq(&self.info, &other.info)
    }
}

impl Eq for SessionFunction {}

impl Hash for SessionFunction {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name.hash(state);
    }
}

fn text(v: &ScalarValue) -> Option<String> {
    match v {
        ScalarValue::Utf8(s) | ScalarValue::LargeUtf8(s) | ScalarValue::Utf8View(s) => s.clone(),
        ScalarValue::Null => None,
        other => Some(other.to_string()),
    }
}

fn int_arg(v: &ScalarValue) -> Option<i64> {
    text(v).and_then(|s| s.trim().parse().ok())
}

impl SessionFunction {
    fn return_type(&self, first_literal: Option<&ScalarValue>) -> DataType {
        match self.kind {
            Kind::DbId
            | Kind::Zero
            | Kind::One
            | Kind::SchemaId
            | Kind::CollationProperty
            | Kind::ObjectProperty => DataType::Int32,
            Kind::ServerProperty => match first_literal.and_then(text) {
                Some(p) if serverproperty::is_int(&p) => DataType::Int32,
                _ => DataType::Utf8,
            },
            _ => DataType::Utf8,
        }
    }

    fn value(&self, args: &[ScalarValue], ty: &DataType) -> Result<ScalarValue> {
        let info = &self.info;
        let s = |v: Option<String>| ScalarValue::Utf8(v);
        let int = |v: Option<i32>| ScalarValue::Int32(v);
        let value = match self.kind {
            Kind::DbName => match args.first() {
                None => s(Some(info.read().database.clone())),
                Some(id) => s(int_arg(id).and_then(|id| info.database_name(id))),
            },
            Kind::DbId => match args.first().map(text) {
                None => int(info.database_id(&info.read().database)),
                Some(Some(name)) => int(info.database_id(&name)),
                Some(None) => int(None),
            },
            Kind::LoginName => s(Some(info.login.clone())),
            Kind::UserName => s(Some("dbo".to_string())),
            Kind::SchemaName => match args.first() {
                None => s(Some("dbo".to_string())),
                Some(id) => {
                    let id = int_arg(id);
                    s(info
                        .read()
                        .schemas
                        .iter()
                        .find(|(_, i)| Some(*i) == id)
                        .map(|(n, _)| n.clone()))
                }
            },
            Kind::SchemaId => {
                let d = info.read();
                let name = args.first().map_or(Some("dbo".to_string()), text);
                int(name.and_then(|n| {
                    d.schemas
                        .iter()
                        .find(|(s, _)| s.eq_ignore_ascii_case(&n))
                        .and_then(|(_, i)| i32::try_from(*i).ok())
                }))
            }
            Kind::CollationProperty => {
                let collation = args.first().and_then(text);
                let property = args.get(1).and_then(text);
                int(collation
                    .zip(property)
                    .and_then(|(c, p)| serverproperty::collation_property(&c, &p)))
            }
            Kind::ObjectProperty => {
                let id = args.first().and_then(int_arg);
                let property = args.get(1).and_then(text);
                int(id
                    .and(property)
                    .and_then(|p| serverproperty::object_property(&p)))
            }
            Kind::HostName => s(Some(info.host_name.clone())),
            Kind::AppName => s(Some(info.app_name.clone())),
            Kind::Zero => int(Some(0)),
            Kind::One => int(Some(1)),
            Kind::ServerProperty => {
                let name = args.first().and_then(text).unwrap_or_default();
                serverproperty::value(info, &name)
            }
            Kind::ConnectionProperty => {
                let name = args.first().and_then(text).unwrap_or_default();
                s(serverproperty::connection_property(&name))
            }
        };
        // A non-literal SERVERPROPERTY argument is typed nvarchar; keep the declared type.
        Ok(if &value.data_type() == ty {
            value
        } else {
            value.cast_to(ty)?
        })
    }
}

impl ScalarUDFImpl for SessionFunction {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(self.return_type(None))
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let first = args.scalar_arguments.first().copied().flatten();
        Ok(Arc::new(Field::new(
            self.name,
            self.return_type(first),
            true,
        )))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let ty = args.return_field.data_type().clone();
        let rows = args.number_rows;
        if args
            .args
            .iter()
            .all(|a| matches!(a, ColumnarValue::Scalar(_)))
        {
            let scalars: Vec<ScalarValue> = args
                .args
                .into_iter()
                .filter_map(|a| match a {
                    ColumnarValue::Scalar(s) => Some(s),
                    ColumnarValue::Array(_) => None,
                })
                .collect();
            return Ok(ColumnarValue::Scalar(self.value(&scalars, &ty)?));
        }
        let arrays: Vec<ArrayRef> = args
            .args
            .iter()
            .map(|a| a.to_array(rows))
            .collect::<Result<_>>()?;
        let mut out = Vec::with_capacity(rows);
        for row in 0..rows {
            let scalars = arrays
                .iter()
                .map(|a| ScalarValue::try_from_array(a, row))
                .collect::<Result<Vec<_>>>()?;
            out.push(self.value(&scalars, &ty)?);
        }
        Ok(ColumnarValue::Array(ScalarValue::iter_to_array(out)?))
    }
}

/// Every session function, bound to `info`.
pub(crate) fn session_functions(info: &Arc<SessionInfo>) -> Vec<ScalarUDF> {
    let signature = Signature::one_of(
        vec![
            TypeSignature::Nullary,
            TypeSignature::Any(1),
            TypeSignature::Any(2),
        ],
        Volatility::Stable,
    );
    FUNCTIONS
        .iter()
        .map(|(name, kind)| {
            ScalarUDF::new_from_impl(SessionFunction {
                name,
                kind: *kind,
                info: Arc::clone(info),
                signature: signature.clone(),
            })
        })
        .collect()
}
