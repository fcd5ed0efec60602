//! Rendering of catalogue-driven objects: the fixture template with this row's id, timestamps,
//! slot values (references, filters), varied enums and amounts, and real embedded lists.

use serde_json::{json, Map, Value};

use crate::catalog::FieldDef;
use crate::plan::Plan;
use crate::registry::{Dataset, ResourceSpec, Row};
use crate::rng::Rng;

/// Purpose tag for a generic object's non-slot fields.
const TAG_FIELDS: u64 = 7;
/// Embedded lists carry at most this many items, as on Stripe.
const EMBEDDED: usize = 10;

/// Renders one row of a generic table.
pub(crate) fn render(ds: &Dataset, spec: &ResourceSpec, plan: &Plan, row: &Row) -> Value {
    let mut obj: Map<String, Value> = plan.def.template.clone();
    let mut r = Rng::derive(row.seed, TAG_FIELDS);
    let fixture_id = plan.def.id.as_deref().unwrap_or("\u{0}");
    obj.insert("id".into(), Value::from(&*row.id));
    for (field, f) in &plan.def.fields {
        let template = obj.get(field.as_str()).cloned().unwrap_or(Value::Null);
        let value = if let Some(slot) = spec.slot(field) {
            typed(f, row.filter_value(slot))
        } else {
            match f.k.as_str() {
                "time" if field == "created" => Value::from(row.created),
                "time" if !template.is_null() => Value::from(row.created + r.range(0, 30 * 86_400)),
                "bool" if field == "livemode" => Value::Bool(false),
                "ref" => match plan.late.get(field.as_str()) {
                    Some(&t) => ds
                        .pick_unclocked(t, &mut r)
                        .map_or(Value::Null, |x| Value::from(&*x.id)),
                    None if f.null => Value::Null,
                    None => template,
                },
                "enum" if !template.is_null() && !f.r#enum.is_empty() => {
                    let i = r.below(f.r#enum.len() as u64) as usize;
                    f.r#enum
                        .get(i)
                        .map_or(template, |v| Value::from(v.as_str()))
                }
                "int" if field.contains("amount") && template.is_i64() => {
                    Value::from(r.range(100, 100_000))
                }
                "list" => embedded(ds, plan, field, row, &template, fixture_id),
                _ => template,
            }
        };
        obj.insert(field.clone(), value);
    }
    Value::Object(obj)
}

/// A slot value as the field's JSON type.
fn typed(f: &FieldDef, v: Option<&str>) -> Value {
    let Some(v) = v else { return Value::Null };
    match f.k.as_str() {
        "bool" => Value::Bool(v == "true"),
        "int" | "time" => v
            .parse::<i64>()
            .map_or_else(|_| Value::from(v), Value::from),
        "num" => v
            .parse::<f64>()
            .map_or_else(|_| Value::from(v), Value::from),
        _ => Value::from(v),
    }
}

/// An embedded list (`invoice.lines`): the first items of the real child list.
fn embedded(
    ds: &Dataset,
    plan: &Plan,
    field: &str,
    row: &Row,
    template: &Value,
    fixture_id: &str,
) -> Value {
    let url = template["url"]
        .as_str()
        .map(|u| u.replace(fixture_id, &row.id));
    let Some((c, slot)) = plan.embedded.get(field).copied() else {
        return json!({"object": "list", "data": [], "has_more": false, "url": url});
    };
    let Some(child) = ds.at(c) else {
        return json!({"object": "list", "data": [], "has_more": false, "url": url});
    };
    let rows = child.matching(slot, &row.id);
    let data: Vec<Value> = rows
        .iter()
        .take(EMBEDDED)
        .map(|x| ds.render(child, x))
        .collect();
    let mut list = json!({
        "object": "list",
        "data": data,
        "has_more": rows.len() > EMBEDDED,
        "url": url,
    });
    if template.get("total_count").is_some() {
        list["total_count"] = Value::from(rows.len());
    }
    list
}
