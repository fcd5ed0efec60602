//! Stripe JSON objects → Arrow record batches, one column per [`ColumnSpec`].
//!
//! Missing fields and JSON `null` become SQL NULL: Stripe omits fields that older API versions or
//! unexpanded includes lack, and that must not fail a query. A value of the wrong JSON type is an
//! error, because it means the catalogue disagrees with the API.

use std::sync::Arc;

use datafusion::arrow::array::{
    ArrayRef, BooleanBuilder, Decimal128Builder, Int64Builder, RecordBatch, RecordBatchOptions,
    StringBuilder, TimestampMillisecondBuilder,
};
use datafusion::arrow::datatypes::SchemaRef;
use serde_json::Value;

use crate::catalogue::{ColumnKind, ColumnSpec, DECIMAL_PRECISION, DECIMAL_SCALE};
use crate::error::{Error, Result};

/// Decodes `objects` (a list page's `data`, or retrieved objects) into a batch of `schema`, whose
/// fields correspond one to one to `columns`.
pub fn decode_objects(
    objects: &[Value],
    columns: &[&ColumnSpec],
    schema: SchemaRef,
) -> Result<RecordBatch> {
    let arrays = columns
        .iter()
        .map(|c| decode_column(objects, c))
        .collect::<Result<Vec<_>>>()?;
    // An empty projection (COUNT(*)) still needs the row count.
    let options = RecordBatchOptions::new().with_row_count(Some(objects.len()));
    Ok(RecordBatch::try_new_with_options(schema, arrays, &options)?)
}

/// The value at `path`, or `None` when a step is missing or null.
pub fn lookup<'a>(object: &'a Value, path: &[&str]) -> Option<&'a Value> {
    let mut v = object;
    for key in path {
        v = v.get(key)?;
    }
    (!v.is_null()).then_some(v)
}

fn decode_column(objects: &[Value], col: &ColumnSpec) -> Result<ArrayRef> {
    let n = objects.len();
    let values = objects.iter().map(|o| lookup(o, col.json_path));
    let mismatch = |v: &Value| {
        Error::Decode(format!(
            "column {} expected {:?} but Stripe sent {}",
            col.name,
            col.kind,
            json_type(v)
        ))
    };
    Ok(match col.kind {
        ColumnKind::Id | ColumnKind::String(_) | ColumnKind::Enum => {
            let mut b = StringBuilder::with_capacity(n, n * 16);
            for v in values {
                b.append_option(
                    v.map(|v| scalar_text(v).ok_or_else(|| mismatch(v)))
                        .transpose()?,
                );
            }
            Arc::new(b.finish())
        }
        ColumnKind::ExpandableId => {
            let mut b = StringBuilder::with_capacity(n, n * 24);
            for v in values {
                let id = match v {
                    None => None,
                    Some(Value::String(s)) => Some(s.as_str()),
                    Some(obj @ Value::Object(_)) => Some(
                        obj.get("id")
                            .and_then(Value::as_str)
                            .ok_or_else(|| mismatch(obj))?,
                    ),
                    Some(other) => return Err(mismatch(other)),
                };
                b.append_option(id);
            }
            Arc::new(b.finish())
        }
        ColumnKind::Json => {
            let mut b = StringBuilder::with_capacity(n, n * 32);
            for v in values {
                b.append_option(v.map(Value::to_string));
            }
            Arc::new(b.finish())
        }
        ColumnKind::Integer => {
            let mut b = Int64Builder::with_capacity(n);
            for v in values {
                b.append_option(
                    v.map(|v| v.as_i64().ok_or_else(|| mismatch(v)))
                        .transpose()?,
                );
            }
            Arc::new(b.finish())
        }
        ColumnKind::Bool => {
            let mut b = BooleanBuilder::with_capacity(n);
            for v in values {
                b.append_option(
                    v.map(|v| v.as_bool().ok_or_else(|| mismatch(v)))
                        .transpose()?,
                );
            }
            Arc::new(b.finish())
        }
        ColumnKind::Timestamp => {
            let mut b = TimestampMillisecondBuilder::with_capacity(n);
            for v in values {
                let ms = v
                    .map(|v| {
                        v.as_i64()
                            .and_then(|s| s.checked_mul(1000))
                            .ok_or_else(|| mismatch(v))
                    })
                    .transpose()?;
                b.append_option(ms);
            }
            Arc::new(b.finish())
        }
        ColumnKind::Decimal => {
            let mut b = Decimal128Builder::with_capacity(n)
                .with_precision_and_scale(DECIMAL_PRECISION, DECIMAL_SCALE as i8)?;
            for v in values {
                let d = v
                    .map(|v| parse_decimal(v, DECIMAL_SCALE).ok_or_else(|| mismatch(v)))
                    .transpose()?;
                b.append_option(d);
            }
            Arc::new(b.finish())
        }
    })
}

/// Text of a scalar JSON value. Numbers and booleans are tolerated in string columns because
/// Stripe has changed a few fields' types between API versions.
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Parses a decimal string (`"12.3456"`, `"-0.5"`) or a JSON number into an i128 scaled by
/// `scale`. Digits beyond `scale` are truncated; `None` on malformed input or overflow of the
/// declared precision.
pub fn parse_decimal(v: &Value, scale: u8) -> Option<i128> {
    let text = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let t = text.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (int_part, frac_part) = t.split_once('.').unwrap_or((t, ""));
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    if !int_part
        .bytes()
        .chain(frac_part.bytes())
        .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let max_int_digits = usize::from(DECIMAL_PRECISION.saturating_sub(scale));
    if int_part.trim_start_matches('0').len() > max_int_digits {
        return None;
    }
    let mut acc: i128 = 0;
    for b in int_part.bytes() {
        acc = acc.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
    }
    let mut frac = frac_part.bytes();
    for _ in 0..scale {
        let d = frac.next().map_or(0, |b| b - b'0');
        acc = acc.checked_mul(10)?.checked_add(i128::from(d))?;
    }
    Some(if neg { -acc } else { acc })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{CHARGES, CUSTOMERS};
    use datafusion::arrow::array::{Array, AsArray};
    use datafusion::arrow::datatypes::{Schema, TimestampMillisecondType};
    use serde_json::json;

    fn decode(
        objects: &[Value],
        names: &[&str],
        r: &crate::catalogue::ResourceSpec,
    ) -> RecordBatch {
        let cols: Vec<&ColumnSpec> = names.iter().map(|n| r.column(n).unwrap()).collect();
        let schema = Schema::new(
            cols.iter()
                .map(|c| c.column_def().arrow_field())
                .collect::<Vec<_>>(),
        );
        decode_objects(objects, &cols, Arc::new(schema)).unwrap()
    }

    #[test]
    fn nulls_missing_nested_and_json_columns() {
        let objects = [
            json!({"id": "cus_1", "email": "a@example.com", "created": 1700000000,
                   "address": {"city": "Paris", "line1": null}, "metadata": {"k": "v"},
                   "discount": null, "balance": -5, "delinquent": true}),
            json!({"id": "cus_2", "email": null, "created": 1700000001}),
        ];
        let b = decode(
            &objects,
            &[
                "Id",
                "Email",
                "Created",
                "AddressCity",
                "AddressLine1",
                "Address",
                "Metadata",
                "Discount",
                "Balance",
                "Delinquent",
            ],
            &CUSTOMERS,
        );
        assert_eq!(b.num_rows(), 2);
        let s = |i: usize| b.column(i).as_string::<i32>();
        assert_eq!(s(0).value(1), "cus_2");
        assert_eq!(s(1).value(0), "a@example.com");
        assert!(s(1).is_null(1));
        let created = b.column(2).as_primitive::<TimestampMillisecondType>();
        assert_eq!(created.value(0), 1_700_000_000_000);
        assert_eq!(s(3).value(0), "Paris");
        assert!(s(3).is_null(1), "missing parent object gives NULL");
        assert!(s(4).is_null(0), "JSON null gives NULL");
        assert_eq!(s(5).value(0), r#"{"city":"Paris","line1":null}"#);
        assert_eq!(s(6).value(0), r#"{"k":"v"}"#);
        assert!(s(7).is_null(0), "JSON null object gives NULL, not 'null'");
        assert_eq!(
            b.column(8)
                .as_primitive::<datafusion::arrow::datatypes::Int64Type>()
                .value(0),
            -5
        );
        assert!(b.column(9).as_boolean().value(0));
        assert!(b.column(9).is_null(1));
    }

    #[test]
    fn expandable_ids_accept_strings_and_objects() {
        let objects = [
            json!({"id": "ch_1", "customer": "cus_1"}),
            json!({"id": "ch_2", "customer": {"id": "cus_2", "object": "customer"}}),
            json!({"id": "ch_3", "customer": null}),
        ];
        let b = decode(&objects, &["CustomerId"], &CHARGES);
        let c = b.column(0).as_string::<i32>();
        assert_eq!(c.value(0), "cus_1");
        assert_eq!(c.value(1), "cus_2");
        assert!(c.is_null(2));
    }

    #[test]
    fn wrong_types_are_errors_naming_the_column() {
        let cols = [CHARGES.column("Amount").unwrap()];
        let schema = Arc::new(Schema::new(vec![cols[0].column_def().arrow_field()]));
        let err = decode_objects(&[json!({"amount": "ten"})], &cols, schema).unwrap_err();
        assert!(err.to_string().contains("Amount"), "{err}");
        let cols = [CHARGES.column("CustomerId").unwrap()];
        let schema = Arc::new(Schema::new(vec![cols[0].column_def().arrow_field()]));
        assert!(decode_objects(&[json!({"customer": 5})], &cols, schema).is_err());
    }

    #[test]
    fn empty_projection_keeps_the_row_count() {
        let b = decode_objects(&[json!({}), json!({})], &[], Arc::new(Schema::empty())).unwrap();
        assert_eq!(b.num_rows(), 2);
    }

    #[test]
    fn decimals() {
        let scale = 12;
        assert_eq!(
            parse_decimal(&json!("12.5"), scale),
            Some(12_500_000_000_000)
        );
        assert_eq!(parse_decimal(&json!("-0.000000000001"), scale), Some(-1));
        assert_eq!(parse_decimal(&json!(3), scale), Some(3_000_000_000_000));
        assert_eq!(parse_decimal(&json!(".5"), scale), Some(500_000_000_000));
        assert_eq!(
            parse_decimal(&json!("1.2345678901234"), scale),
            Some(1_234_567_890_123)
        );
        assert_eq!(parse_decimal(&json!("abc"), scale), None);
        assert_eq!(parse_decimal(&json!("."), scale), None);
        assert_eq!(parse_decimal(&json!("1e5"), scale), None);
        assert_eq!(parse_decimal(&json!("9".repeat(27)), scale), None);
        assert!(parse_decimal(&json!("9".repeat(26)), scale).is_some());
    }
}
