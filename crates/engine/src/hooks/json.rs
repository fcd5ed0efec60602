//! `JSON_VALUE(json, path)`: SQL Server's scalar extraction from JSON text, for the JSON columns
//! of Stripe tables (`JSON_VALUE(Metadata, '$.plan')`). Returns nvarchar; in lax mode (the
//! default) a missing path, invalid JSON or a non-scalar value is NULL; in `strict` mode they are
//! errors, as in SQL Server.

use std::collections::HashMap;
use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::{exec_err, Result, ScalarValue};
use datafusion::logical_expr::{
    ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};

use crate::catalog::CASE_INSENSITIVE_KEY;
use serde_json::Value;

/// The `json_value` UDF.
pub(crate) fn json_value() -> ScalarUDF {
    ScalarUDF::new_from_impl(JsonValue {
        signature: Signature::uniform(2, vec![DataType::Utf8], Volatility::Immutable),
    })
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct JsonValue {
    signature: Signature,
}

/// One step of a JSON path.
#[derive(Debug, PartialEq)]
pub(crate) enum Step {
    Key(String),
    Index(usize),
}

/// A parsed path: `lax`/`strict` mode and the steps after `$`.
#[derive(Debug, PartialEq)]
pub(crate) struct Path {
    /// `strict` mode: a missing path is an error instead of NULL.
    pub strict: bool,
    /// The steps after `$`.
    pub steps: Vec<Step>,
}

pub(crate) fn parse_path(text: &str) -> std::result::Result<Path, String> {
    let trimmed = text.trim_start();
    let (strict, rest) = if let Some(r) = trimmed.strip_prefix("strict ") {
        (true, r)
    } else if let Some(r) = trimmed.strip_prefix("lax ") {
        (false, r)
    } else {
        (false, trimmed)
    };
    let rest = rest.trim();
    let mut chars = rest
        .strip_prefix('$')
        .ok_or_else(|| format!("JSON path '{text}' must start with '$'"))?
        .chars()
        .peekable();
    let mut steps = Vec::new();
    while let Some(c) = chars.next() {
        match c {
            '.' if chars.peek() == Some(&'"') => {
                chars.next();
                let key: String = chars.by_ref().take_while(|c| *c != '"').collect();
                steps.push(Step::Key(key));
            }
            '.' => {
                let mut key = String::new();
                while let Some(c) = chars.peek() {
                    if *c == '.' || *c == '[' {
                        break;
                    }
                    key.push(*c);
                    chars.next();
                }
                if key.is_empty() {
                    return Err(format!("JSON path '{text}' has an empty key"));
                }
                steps.push(Step::Key(key));
            }
            '[' => {
                let digits: String = chars.by_ref().take_while(|c| *c != ']').collect();
                let index = digits
                    .trim()
                    .parse()
                    .map_err(|_| format!("JSON path '{text}' has a bad array index"))?;
                steps.push(Step::Index(index));
            }
            _ => return Err(format!("JSON path '{text}' is not valid near '{c}'")),
        }
    }
    Ok(Path { strict, steps })
}

/// The scalar at `path` as text, `Ok(None)` for SQL NULL.
fn extract(json: &str, path: &Path) -> std::result::Result<Option<String>, String> {
    let lax_null = |why: &str| {
        if path.strict {
            Err(why.to_string())
        } else {
            Ok(None)
        }
    };
    let Ok(root) = serde_json::from_str::<Value>(json) else {
        return lax_null("JSON text is not properly formatted.");
    };
    let mut current = &root;
    for step in &path.steps {
        let next = match step {
            Step::Key(k) => current.get(k.as_str()),
            Step::Index(i) => current.get(*i),
        };
        match next {
            Some(v) => current = v,
            None => return lax_null("Property cannot be found on the specified JSON path."),
        }
    }
    match current {
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        Value::Null => Ok(None),
        Value::Array(_) | Value::Object(_) => {
            lax_null("Object or array cannot be found in the specified JSON path.")
        }
    }
}

impl ScalarUDFImpl for JsonValue {
    fn name(&self) -> &str {
        "json_value"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    /// The value keeps the collation of the JSON it comes from, as in SQL Server: out of a
    /// case-insensitive column (Stripe's `Metadata`) it compares case-insensitively.
    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let field = Field::new(self.name(), DataType::Utf8, true);
        let marked = args
            .arg_fields
            .first()
            .is_some_and(|f| f.metadata().contains_key(CASE_INSENSITIVE_KEY));
        Ok(Arc::new(if marked {
            field.with_metadata(HashMap::from([(
                CASE_INSENSITIVE_KEY.to_string(),
                "true".to_string(),
            )]))
        } else {
            field
        }))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let (scalar_inputs, arrays) = expand_args(&args)?;
        let (Some(json), Some(paths)) = (
            arrays[0].as_any().downcast_ref::<StringArray>(),
            arrays
                .get(1)
                .and_then(|a| a.as_any().downcast_ref::<StringArray>()),
        ) else {
            return exec_err!("JSON_VALUE expects two character arguments");
        };
        let mut out = Vec::with_capacity(rows);
        for row in 0..rows {
            if json.is_null(row) || paths.is_null(row) {
                out.push(None);
                continue;
            }
            let path = match parse_path(paths.value(row)) {
                Ok(p) => p,
                Err(e) => return exec_err!("{e}"),
            };
            match extract(json.value(row), &path) {
                Ok(v) => out.push(v),
                Err(e) => return exec_err!("{e}"),
            }
        }
        let array: ArrayRef = Arc::new(StringArray::from(out));
        collapse(scalar_inputs, array)
    }
}

/// A row-wise function's arguments as arrays of the batch's length, and whether all of them were
/// scalars (so the result goes back as a scalar, which constant folding needs).
pub(crate) fn expand_args(args: &ScalarFunctionArgs) -> Result<(bool, Vec<ArrayRef>)> {
    let scalar = args
        .args
        .iter()
        .all(|a| matches!(a, ColumnarValue::Scalar(_)));
    let arrays = args
        .args
        .iter()
        .map(|a| a.to_array(args.number_rows))
        .collect::<Result<_>>()?;
    Ok((scalar, arrays))
}

/// The result of a row-wise function: its first value as a scalar when the inputs were scalars.
pub(crate) fn collapse(scalar: bool, array: ArrayRef) -> Result<ColumnarValue> {
    if scalar {
        return Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(
            &array, 0,
        )?));
    }
    Ok(ColumnarValue::Array(array))
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::prelude::SessionContext;

    fn path(p: &str) -> Path {
        parse_path(p).unwrap()
    }

    #[test]
    fn paths_parse_like_sql_server() {
        assert_eq!(
            path("$.a.b[2]").steps,
            vec![Step::Key("a".into()), Step::Key("b".into()), Step::Index(2)]
        );
        assert_eq!(
            path("$.\"odd key\"").steps,
            vec![Step::Key("odd key".into())]
        );
        assert!(path("strict $.a").strict);
        assert!(!path("lax $.a").strict);
        assert!(parse_path("a.b").is_err());
        assert!(parse_path("$.").is_err());
    }

    #[test]
    fn scalars_come_back_as_text_and_the_rest_is_null_in_lax_mode() {
        let doc = r#"{"plan":"pro","n":3,"ok":true,"obj":{"x":1},"arr":[10,20],"nil":null}"#;
        assert_eq!(extract(doc, &path("$.plan")), Ok(Some("pro".into())));
        assert_eq!(extract(doc, &path("$.n")), Ok(Some("3".into())));
        assert_eq!(extract(doc, &path("$.ok")), Ok(Some("true".into())));
        assert_eq!(extract(doc, &path("$.arr[1]")), Ok(Some("20".into())));
        assert_eq!(extract(doc, &path("$.obj")), Ok(None));
        assert_eq!(extract(doc, &path("$.nil")), Ok(None));
        assert_eq!(extract(doc, &path("$.missing")), Ok(None));
        assert_eq!(extract("not json", &path("$.a")), Ok(None));
        assert!(extract(doc, &path("strict $.missing")).is_err());
        assert!(extract(doc, &path("strict $.obj")).is_err());
    }

    #[tokio::test]
    async fn works_in_sql_over_columns_and_literals() {
        let ctx = SessionContext::new();
        ctx.register_udf(json_value());
        let batches = ctx
            .sql(
                r#"SELECT json_value(m, '$.plan') AS plan FROM (VALUES ('{"plan":"pro"}'), ('{}'), (NULL)) AS t(m)"#,
            )
            .await
            .unwrap()
            .collect()
            .await
            .unwrap();
        let col = batches[0]
            .column(0)
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        assert_eq!(col.value(0), "pro");
        assert!(col.is_null(1) && col.is_null(2));
        let scalar = ctx
            .sql(r#"SELECT json_value('{"a":[1,2]}', '$.a[0]')"#)
            .await
            .unwrap()
            .collect()
            .await
            .unwrap();
        let v = scalar[0]
            .column(0)
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        assert_eq!(v.value(0), "1");
    }
}
