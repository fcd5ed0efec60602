//! `JSON_QUERY(json [, path])` and the row source behind `OPENJSON`: `openjson_rows(json, path,
//! outer)` returns, per input row, the members of the object or array at `path` as a list of
//! `{key, value, type, json}` structs, which the OPENJSON rewrite unnests. `outer` (OUTER APPLY)
//! turns "no members" into one all-NULL member so the row survives the unnest.

use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, BooleanArray, Int32Array, ListArray, StringArray, StructArray,
};
use datafusion::arrow::buffer::OffsetBuffer;
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Fields};
use datafusion::common::{exec_err, Result};
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, TypeSignature,
    Volatility,
};

use super::json::{collapse, expand_args, parse_path};
use super::json_raw::{is_valid, kind, members, navigate, scalar_text, Kind};

/// SQL Server's message for text that is not JSON (error 13609).
const NOT_JSON: &str = "JSON text is not properly formatted.";

/// The struct fields of one OPENJSON member.
pub(crate) fn member_fields() -> Fields {
    Fields::from(vec![
        Field::new("key", DataType::Utf8, true),
        Field::new("value", DataType::Utf8, true),
        Field::new("type", DataType::Int32, true),
        Field::new("json", DataType::Utf8, true),
    ])
}

fn list_type() -> DataType {
    DataType::List(Arc::new(Field::new(
        "item",
        DataType::Struct(member_fields()),
        true,
    )))
}

/// The `openjson_rows` UDF.
pub(crate) fn openjson_rows() -> ScalarUDF {
    ScalarUDF::new_from_impl(Udf {
        name: "openjson_rows",
        signature: Signature::one_of(
            vec![
                TypeSignature::Any(1),
                TypeSignature::Any(2),
                TypeSignature::Any(3),
            ],
            Volatility::Immutable,
        ),
    })
}

/// The `json_query` UDF.
pub(crate) fn json_query() -> ScalarUDF {
    ScalarUDF::new_from_impl(Udf {
        name: "json_query",
        signature: Signature::one_of(
            vec![TypeSignature::Any(1), TypeSignature::Any(2)],
            Volatility::Immutable,
        ),
    })
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct Udf {
    name: &'static str,
    signature: Signature,
}

/// One member as the struct's four values.
type Member = (Option<String>, Option<String>, Option<i32>, Option<String>);

/// The members OPENJSON lists for one document; `Err` with SQL Server's message.
fn rows_of(json: &str, path: Option<&str>) -> std::result::Result<Vec<Member>, String> {
    if !is_valid(json) {
        return Err(NOT_JSON.to_string());
    }
    let path = parse_path(path.unwrap_or("$"))?;
    let target = match navigate(json, &path) {
        Some(t) => t,
        None if path.strict => {
            return Err("Property cannot be found on the specified JSON path.".to_string())
        }
        None => return Ok(Vec::new()),
    };
    if !matches!(kind(target), Kind::Array | Kind::Object) {
        if path.strict {
            return Err("Value referenced by JSON path is not an array or object and cannot be opened with OPENJSON.".to_string());
        }
        return Ok(Vec::new());
    }
    Ok(members(target)
        .into_iter()
        .map(|(key, raw)| {
            (
                Some(key),
                scalar_text(raw),
                Some(kind(raw) as i32),
                Some(raw.to_string()),
            )
        })
        .collect())
}

/// JSON_QUERY of one document: the object or array at `path` as written.
fn query_of(json: &str, path: Option<&str>) -> std::result::Result<Option<String>, String> {
    if !is_valid(json) {
        return Err(NOT_JSON.to_string());
    }
    let path = parse_path(path.unwrap_or("$"))?;
    match navigate(json, &path) {
        Some(t) if matches!(kind(t), Kind::Array | Kind::Object) => Ok(Some(t.to_string())),
        _ if path.strict => {
            Err("Object or array cannot be found in the specified JSON path.".to_string())
        }
        _ => Ok(None),
    }
}

fn strings(a: &ArrayRef) -> Result<StringArray> {
    let c = cast(a, &DataType::Utf8)?;
    Ok(c.as_any()
        .downcast_ref::<StringArray>()
        .cloned()
        .unwrap_or_else(|| StringArray::new_null(a.len())))
}

fn text(a: &StringArray, row: usize) -> Option<&str> {
    (!a.is_null(row)).then(|| a.value(row))
}

fn build_list(per_row: Vec<Vec<Member>>) -> Result<ArrayRef> {
    let lengths = per_row.iter().map(Vec::len);
    let offsets = OffsetBuffer::from_lengths(lengths);
    let all: Vec<Member> = per_row.into_iter().flatten().collect();
    let keys: StringArray = all.iter().map(|m| m.0.clone()).collect();
    let values: StringArray = all.iter().map(|m| m.1.clone()).collect();
    let types: Int32Array = all.iter().map(|m| m.2).collect();
    let raws: StringArray = all.iter().map(|m| m.3.clone()).collect();
    let columns: Vec<ArrayRef> = vec![
        Arc::new(keys),
        Arc::new(values),
        Arc::new(types),
        Arc::new(raws),
    ];
    let structs = StructArray::try_new(member_fields(), columns, None)?;
    let field = Arc::new(Field::new("item", DataType::Struct(member_fields()), true));
    Ok(Arc::new(ListArray::try_new(
        field,
        offsets,
        Arc::new(structs),
        None,
    )?))
}

impl ScalarUDFImpl for Udf {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(if self.name == "json_query" {
            DataType::Utf8
        } else {
            list_type()
        })
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let (scalar, arrays) = expand_args(&args)?;
        let json = strings(&arrays[0])?;
        let path = arrays.get(1).map(strings).transpose()?;
        let outer = match arrays.get(2) {
            Some(a) if rows > 0 => {
                let b = cast(a, &DataType::Boolean)?;
                b.as_any()
                    .downcast_ref::<BooleanArray>()
                    .is_some_and(|b| b.is_valid(0) && b.value(0))
            }
            _ => false,
        };
        let array: ArrayRef = if self.name == "json_query" {
            let mut out = Vec::with_capacity(rows);
            for row in 0..rows {
                let p = path.as_ref().and_then(|p| text(p, row));
                out.push(match text(&json, row) {
                    None => None,
                    Some(j) => match query_of(j, p) {
                        Ok(v) => v,
                        Err(e) => return exec_err!("{e}"),
                    },
                });
            }
            Arc::new(StringArray::from(out))
        } else {
            let mut per_row = Vec::with_capacity(rows);
            for row in 0..rows {
                let p = path.as_ref().and_then(|p| text(p, row));
                let mut found = match text(&json, row) {
                    None => Vec::new(),
                    Some(j) => match rows_of(j, p) {
                        Ok(v) => v,
                        Err(e) => return exec_err!("{e}"),
                    },
                };
                if outer && found.is_empty() {
                    found.push((None, None, None, None));
                }
                per_row.push(found);
            }
            build_list(per_row)?
        };
        collapse(scalar, array)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_with_sql_server_types() {
        let rows = rows_of(
            r#"{"s":"x","n":2.5,"b":false,"z":null,"a":[1],"o":{}}"#,
            None,
        )
        .unwrap();
        let summary: Vec<(String, Option<String>, i32)> = rows
            .into_iter()
            .map(|(k, v, t, _)| (k.unwrap(), v, t.unwrap()))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("s".into(), Some("x".into()), 1),
                ("n".into(), Some("2.5".into()), 2),
                ("b".into(), Some("false".into()), 3),
                ("z".into(), None, 0),
                ("a".into(), Some("[1]".into()), 4),
                ("o".into(), Some("{}".into()), 5),
            ]
        );
        let arr = rows_of(r#"{"tags":["a","b"]}"#, Some("$.tags")).unwrap();
        assert_eq!(arr.len(), 2);
        assert_eq!(arr[1].0.as_deref(), Some("1"));
        assert!(rows_of("{}", Some("$.missing")).unwrap().is_empty());
        assert!(rows_of("{}", Some("strict $.missing")).is_err());
        assert!(rows_of("not json", None).is_err());
        assert!(rows_of(r#"{"a":1}"#, Some("$.a")).unwrap().is_empty());
    }

    #[test]
    fn json_query_returns_fragments() {
        let doc = r#"{"a": {"b": [1, 2]}, "s": "x"}"#;
        assert_eq!(
            query_of(doc, Some("$.a")).unwrap().as_deref(),
            Some(r#"{"b": [1, 2]}"#)
        );
        assert_eq!(query_of(doc, None).unwrap().as_deref(), Some(doc));
        assert_eq!(query_of(doc, Some("$.s")).unwrap(), None);
        assert!(query_of(doc, Some("strict $.s")).is_err());
        assert!(query_of("[", None).is_err());
    }
}
