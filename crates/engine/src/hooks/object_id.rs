//! `OBJECT_ID('name' [, 'type'])`: the id `sys.tables`/`sys.objects` give a user table, found
//! by a 1- to 3-part name (brackets and quotes allowed) the way queries resolve it; NULL for
//! anything else, as SQL Server answers for an object that does not exist. Catalog queries lean
//! on it (`WHERE object_id = OBJECT_ID('Stripe.Customers')`).

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, Int32Array};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::cast::as_string_array;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, TypeSignature,
    Volatility,
};

use super::json::{collapse, expand_args};
use crate::catalog::{object_id, Database, Resolver};
use crate::state::SessionInfo;

/// The `OBJECT_ID` function of one session.
pub(crate) fn object_id_udf(info: Arc<SessionInfo>, databases: Vec<Arc<Database>>) -> ScalarUDF {
    ScalarUDF::new_from_impl(ObjectId {
        info,
        databases,
        signature: Signature::one_of(
            vec![TypeSignature::Any(1), TypeSignature::Any(2)],
            Volatility::Stable,
        ),
    })
}

#[derive(Debug)]
struct ObjectId {
    info: Arc<SessionInfo>,
    databases: Vec<Arc<Database>>,
    signature: Signature,
}

impl PartialEq for ObjectId {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.info, &other.info)
    }
}

impl Eq for ObjectId {}

impl Hash for ObjectId {
    fn hash<H: Hasher>(&self, state: &mut H) {
        "object_id".hash(state);
    }
}

/// The parts of a multi-part name: `[Stripe1].[Stripe].Customers` → Stripe1, Stripe, Customers.
/// Empty parts (`db..t`) stay empty; an unterminated bracket or quote is no name at all.
pub(crate) fn name_parts(name: &str) -> Option<Vec<String>> {
    let mut parts = vec![String::new()];
    let mut chars = name.trim().chars().peekable();
    while let Some(c) = chars.next() {
        let close = match c {
            '[' => ']',
            '"' => '"',
            '.' => {
                parts.push(String::new());
                continue;
            }
            other => {
                parts.last_mut()?.push(other);
                continue;
            }
        };
        loop {
            match chars.next()? {
                // A doubled closer is the closer itself (`[a]]b]` is `a]b`).
                c if c == close && chars.peek() == Some(&close) => {
                    chars.next();
                    parts.last_mut()?.push(c);
                }
                c if c == close => break,
                c => parts.last_mut()?.push(c),
            }
        }
    }
    Some(parts)
}

impl ObjectId {
    fn lookup(&self, name: Option<&str>, kind: Option<&str>) -> Option<i32> {
        if kind.is_some_and(|k| !k.trim().eq_ignore_ascii_case("U")) {
            return None;
        }
        let parts = name_parts(name?)?;
        let refs: Vec<&str> = parts.iter().map(|p| p.trim()).collect();
        let current_name = self.info.read().database.clone();
        let current = self
            .databases
            .iter()
            .find(|d| d.name.eq_ignore_ascii_case(&current_name))
            .map(|d| d.as_ref());
        let found = Resolver::new(&self.databases, current).resolve(&refs)?;
        let index = found
            .db
            .user_tables()
            .iter()
            .position(|t| std::ptr::eq(t, found.def))?;
        i32::try_from(object_id(index)).ok()
    }
}

impl ScalarUDFImpl for ObjectId {
    fn name(&self) -> &str {
        "object_id"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Int32)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (scalar, arrays) = expand_args(&args)?;
        let texts: Vec<ArrayRef> = arrays
            .iter()
            .map(|a| cast(a, &DataType::Utf8))
            .collect::<std::result::Result<_, _>>()?;
        let names = as_string_array(&texts[0])?;
        let kinds = texts.get(1).map(|k| as_string_array(k)).transpose()?;
        let out: Int32Array = (0..names.len())
            .map(|i| {
                let name = names.is_valid(i).then(|| names.value(i));
                let kind = kinds.and_then(|k| k.is_valid(i).then(|| k.value(i)));
                self.lookup(name, kind)
            })
            .collect();
        collapse(scalar, Arc::new(out))
    }
}

#[cfg(test)]
mod tests {
    use super::name_parts;
    use crate::tests::harness::{one, session};

    #[test]
    fn names_split_on_dots_outside_brackets_and_quotes() {
        let p = |s: &str| name_parts(s).map(|v| v.join("|"));
        assert_eq!(p("Stripe.Customers").as_deref(), Some("Stripe|Customers"));
        assert_eq!(
            p("[Stripe1].[Stripe].[Customers]").as_deref(),
            Some("Stripe1|Stripe|Customers")
        );
        assert_eq!(p("\"a.b\".c").as_deref(), Some("a.b|c"));
        assert_eq!(p("[a]]b]").as_deref(), Some("a]b"));
        assert_eq!(p("tempdb..#t").as_deref(), Some("tempdb||#t"));
        assert_eq!(p("[open"), None);
    }

    #[tokio::test]
    async fn user_tables_have_the_ids_sys_tables_gives_them() {
        let mut s = session();
        let r = one(
            &mut s,
            "SELECT t.name FROM sys.tables t WHERE t.object_id = OBJECT_ID('Stripe.Customers') \
             UNION ALL SELECT name FROM sys.tables WHERE object_id = OBJECT_ID(N'[stripe1].[STRIPE].[charges]', 'U') \
             UNION ALL SELECT name FROM sys.tables WHERE object_id = OBJECT_ID('customers')",
        )
        .await;
        assert_eq!(
            r.rows(),
            &vec![vec!["Customers"], vec!["Charges"], vec!["Customers"]]
        );
        let r = one(
            &mut s,
            "SELECT OBJECT_ID('Stripe.Nope'), OBJECT_ID('Stripe.Customers', 'V'), \
             OBJECT_ID('tempdb..#t'), OBJECT_ID(NULL), OBJECT_ID('[bad')",
        )
        .await;
        assert_eq!(r.rows(), &vec![vec!["NULL"; 5]]);
        let r = one(
            &mut s,
            "SELECT COUNT(*) FROM sys.columns WHERE object_id = OBJECT_ID('Stripe.Customers')",
        )
        .await;
        assert_eq!(r.rows(), &vec![vec!["8"]]);
    }
}
