//! `COALESCE` (and `ISNULL`, rewritten to it) mixing bit and int: `COALESCE(bitcol, 2)` is an
//! int in T-SQL (int wins by type precedence), where DataFusion finds no common type for
//! Boolean and Int32. The types are settled while the call is planned, before any analyzer rule
//! could see it, so this wraps DataFusion's own `coalesce` and only changes its coercion: bit
//! arguments become int when an integer argument is present. Everything else is delegated.

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, FieldRef};
use datafusion::error::Result;
use datafusion::functions::core::coalesce;
use datafusion::logical_expr::simplify::{ExprSimplifyResult, SimplifyContext};
use datafusion::logical_expr::{
    ColumnarValue, Expr, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
};

/// DataFusion's coalesce with T-SQL's bit/int coercion.
#[derive(Debug, PartialEq, Eq, Hash)]
struct TsqlCoalesce {
    inner: Arc<ScalarUDF>,
}

/// The replacement for `coalesce`, registered under the same name.
pub(crate) fn coalesce_udf() -> ScalarUDF {
    ScalarUDF::new_from_impl(TsqlCoalesce { inner: coalesce() })
}

/// Whether values of these types mix bit and integers (and so must all be ints).
pub(crate) fn mixes_bit_and_int<'a>(types: impl IntoIterator<Item = &'a DataType>) -> bool {
    let (mut bit, mut int) = (false, false);
    for t in types {
        bit |= *t == DataType::Boolean;
        int |= t.is_integer();
    }
    bit && int
}

impl ScalarUDFImpl for TsqlCoalesce {
    fn name(&self) -> &str {
        self.inner.name()
    }

    fn signature(&self) -> &Signature {
        self.inner.signature()
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        if !mixes_bit_and_int(arg_types) {
            return self.inner.coerce_types(arg_types);
        }
        let ints: Vec<DataType> = arg_types
            .iter()
            .map(|t| match t {
                DataType::Boolean => DataType::Int32,
                other => other.clone(),
            })
            .collect();
        self.inner.coerce_types(&ints)
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        self.inner.return_type(arg_types)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        self.inner.return_field_from_args(args)
    }

    fn simplify(&self, args: Vec<Expr>, info: &SimplifyContext) -> Result<ExprSimplifyResult> {
        self.inner.simplify(args, info)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        self.inner.invoke_with_args(args)
    }

    fn conditional_arguments<'a>(
        &self,
        args: &'a [Expr],
    ) -> Option<(Vec<&'a Expr>, Vec<&'a Expr>)> {
        self.inner.conditional_arguments(args)
    }

    fn short_circuits(&self) -> bool {
        self.inner.short_circuits()
    }
}
