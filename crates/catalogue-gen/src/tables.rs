//! Which endpoints become tables, and each table's filters, parent and defaults.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use crate::columns::columns;
use crate::error::{Error, Result};
use crate::model::{Column, Filter, Kind, Parent, Table};
use crate::naming::{pascal_case, plain_description, table_name};
use crate::schema::resolve;

/// Nested list endpoints that become child tables (STRIPE.md), with their table names. A child
/// whose name equals a top-level table replaces it: `GET /v1/payment_methods` without `customer`
/// lists only Treasury payment methods, so `PaymentMethods` is the per-customer list.
pub const CHILD_TABLES: &[(&str, &str)] = &[
    ("/v1/application_fees/{id}/refunds", "ApplicationFeeRefunds"),
    (
        "/v1/checkout/sessions/{session}/line_items",
        "CheckoutSessionLineItems",
    ),
    (
        "/v1/credit_notes/{credit_note}/lines",
        "CreditNoteLineItems",
    ),
    (
        "/v1/customers/{customer}/balance_transactions",
        "CustomerBalanceTransactions",
    ),
    ("/v1/customers/{customer}/payment_methods", "PaymentMethods"),
    ("/v1/customers/{customer}/tax_ids", "CustomerTaxIds"),
    ("/v1/invoices/{invoice}/lines", "InvoiceLineItems"),
    ("/v1/transfers/{id}/reversals", "TransferReversals"),
];

/// Path segments of endpoints that are not real tables: test helpers, previews of objects that do
/// not exist yet.
const SKIPPED_SEGMENTS: &[&str] = &["test_helpers", "preview", "upcoming"];

/// Test-helper lists that are tables all the same: test clocks are real objects of a test
/// account (customers point at them through `TestClockId`).
const TEST_HELPER_TABLES: &[&str] = &["/v1/test_helpers/test_clocks"];

/// List parameters that drive paging or expansion, never filters.
const PAGING_PARAMS: &[&str] = &[
    "expand",
    "limit",
    "starting_after",
    "ending_before",
    "created",
];

/// Parameters a plain scan must send to be complete: subscriptions hide canceled ones otherwise.
const DEFAULT_PARAMS: &[(&str, &str, &str)] = &[("/v1/subscriptions", "status", "all")];

/// Every table of the spec, sorted by name.
pub fn tables(spec: &Value) -> Result<Vec<Table>> {
    let paths = spec
        .get("paths")
        .and_then(Value::as_object)
        .ok_or_else(|| Error::Spec("no paths".into()))?;
    let lists = list_endpoints(spec, paths)?;
    let mut by_name: BTreeMap<String, Table> = BTreeMap::new();
    for list in keep_canonical(lists.iter().filter(|l| !l.path.contains('{')).collect()) {
        let table = top_level(spec, paths, list)?;
        by_name.insert(table.name.clone(), table);
    }
    // Required query parameters naming another table's object are parents to iterate.
    let objects: HashMap<String, String> = by_name
        .values()
        .map(|t| (t.object.clone(), t.name.clone()))
        .collect();
    for table in by_name.values_mut() {
        let required = std::mem::take(&mut table.required_params);
        for param in required {
            let parent = objects
                .iter()
                .filter(|(object, name)| {
                    (*object == &param || object.ends_with(&format!(".{param}")))
                        && **name != table.name
                })
                .map(|(_, name)| name.clone())
                .min();
            match (parent, &table.parent) {
                (Some(parent), None) => set_parent(table, parent, param, false),
                _ => table.required_params.push(param),
            }
        }
    }
    for (path, name) in CHILD_TABLES {
        let Some(list) = lists.iter().find(|l| l.path == *path) else {
            continue;
        };
        let prefix = path.split("/{").next().unwrap_or(path);
        let Some(parent) = by_name.values().find(|t| t.path == prefix) else {
            continue;
        };
        let (parent_name, key) = (parent.name.clone(), parent.object.replace('.', "_"));
        let mut table = top_level(spec, paths, list)?;
        table.name = (*name).to_string();
        table.retrieve = false;
        set_parent(&mut table, parent_name, key, true);
        by_name.insert(table.name.clone(), table);
    }
    Ok(by_name.into_values().collect())
}

/// A `GET` whose 200 answer is `{object: "list", data: [<item>]}`.
struct ListEndpoint<'a> {
    path: &'a str,
    op: &'a Value,
    item_ref: &'a str,
    item: &'a Value,
}

fn list_endpoints<'a>(
    spec: &'a Value,
    paths: &'a Map<String, Value>,
) -> Result<Vec<ListEndpoint<'a>>> {
    let mut out = Vec::new();
    for (path, ops) in paths {
        let Some(op) = ops.get("get") else { continue };
        let segments: Vec<&str> = path.trim_start_matches("/v1/").split('/').collect();
        if !path.starts_with("/v1/")
            || (segments.iter().any(|s| SKIPPED_SEGMENTS.contains(s))
                && !TEST_HELPER_TABLES.contains(&path.as_str()))
            || op.get("deprecated").and_then(Value::as_bool) == Some(true)
        {
            continue;
        }
        let Some(body) = op.pointer("/responses/200/content/application~1json/schema") else {
            continue;
        };
        let body = resolve(spec, body)?;
        let is_list = body
            .pointer("/properties/object/enum")
            .and_then(Value::as_array)
            .is_some_and(|e| e.len() == 1 && e[0] == "list");
        let item_ref = body
            .pointer("/properties/data/items/$ref")
            .and_then(Value::as_str);
        let (true, Some(item_ref)) = (is_list, item_ref) else {
            continue;
        };
        let item = resolve(spec, &body["properties"]["data"]["items"])?;
        // Paging needs object ids.
        if item.pointer("/properties/id").is_none() {
            continue;
        }
        out.push(ListEndpoint {
            path,
            op,
            item_ref,
            item,
        });
    }
    Ok(out)
}

/// Drops legacy aliases: when several top-level lists return the same object, the one whose path
/// spells the object's name (`/v1/balance_transactions`, not `/v1/balance/history`) is kept.
fn keep_canonical<'a, 'b>(lists: Vec<&'b ListEndpoint<'a>>) -> Vec<&'b ListEndpoint<'a>> {
    let mut groups: BTreeMap<&str, Vec<&ListEndpoint>> = BTreeMap::new();
    for l in lists {
        groups.entry(l.item_ref).or_default().push(l);
    }
    groups
        .into_values()
        .filter_map(|group| {
            let canonical = group.iter().copied().find(|l| {
                let object = object_name(l.item);
                l.path == format!("/v1/{}s", object.replace('.', "/"))
            });
            canonical.or_else(|| group.first().copied())
        })
        .collect()
}

fn object_name(item: &Value) -> String {
    item.get("x-resourceId")
        .and_then(Value::as_str)
        .or_else(|| {
            item.pointer("/properties/object/enum/0")
                .and_then(Value::as_str)
        })
        .unwrap_or("")
        .to_string()
}

fn top_level(spec: &Value, paths: &Map<String, Value>, list: &ListEndpoint) -> Result<Table> {
    let props = list
        .item
        .get("properties")
        .and_then(Value::as_object)
        .ok_or_else(|| Error::Spec(format!("{}: item without properties", list.path)))?;
    let columns = columns(spec, props)?;
    let params: Vec<&Value> = list
        .op
        .get("parameters")
        .and_then(Value::as_array)
        .map(|p| p.iter().filter(|p| p["in"] == "query").collect())
        .unwrap_or_default();
    let name_of = |p: &&Value| p["name"].as_str().map(str::to_string);
    let created_filter = params.iter().any(|p| p["name"] == "created")
        && columns
            .iter()
            .any(|c| c.name == "Created" && c.kind == Kind::Timestamp);
    let required_params = params
        .iter()
        .filter(|p| p["required"] == true)
        .filter_map(name_of)
        .collect();
    let mut filters = Vec::new();
    for p in &params {
        let Some(param) = p["name"].as_str() else {
            continue;
        };
        if PAGING_PARAMS.contains(&param) {
            continue;
        }
        let schema = resolve(spec, &p["schema"])?;
        let case_sensitive = match schema["type"].as_str() {
            Some("string") => schema.get("enum").is_none(),
            Some("boolean" | "integer") => false,
            // Ranges, arrays and objects are not equality filters.
            _ => continue,
        };
        if let Some(col) = columns.iter().find(|c| c.path == [param]) {
            filters.push(Filter {
                column: col.name.clone(),
                param: param.to_string(),
                case_sensitive,
            });
        }
    }
    let default_params = DEFAULT_PARAMS
        .iter()
        .filter(|(path, param, _)| *path == list.path && params.iter().any(|p| p["name"] == *param))
        .map(|(_, p, v)| ((*p).to_string(), (*v).to_string()))
        .collect();
    let test_clock_unhide = test_clock_unhide(&params);
    let retrieve = paths.iter().any(|(p, ops)| {
        ops.get("get").is_some()
            && p.strip_prefix(list.path)
                .and_then(|rest| rest.strip_prefix("/{"))
                .is_some_and(|rest| rest.ends_with('}') && !rest.contains('/'))
    });
    Ok(Table {
        name: table_name(list.path),
        path: list.path.to_string(),
        object: object_name(list.item),
        description: [
            &list.item["description"],
            &list.op["description"],
            &list.op["summary"],
        ]
        .iter()
        .filter_map(|d| d.as_str())
        .map(plain_description)
        .find(|d| !d.is_empty())
        .unwrap_or_default(),
        columns,
        filters,
        created_filter,
        retrieve,
        parent: None,
        required_params,
        default_params,
        test_clock_unhide,
    })
}

/// The parameters that make a list include objects on test clocks, read from the `test_clock`
/// parameter's description ("The response will not include customers with test clocks if this
/// [and the customer] parameter is not set"); empty when the list hides nothing.
fn test_clock_unhide(params: &[&Value]) -> Vec<String> {
    let Some(doc) = params
        .iter()
        .find(|p| p["name"] == "test_clock")
        .and_then(|p| p["description"].as_str())
    else {
        return Vec::new();
    };
    if !doc.contains("will not include") {
        return Vec::new();
    }
    let mut unhide = vec!["test_clock".to_string()];
    if doc.contains("customer parameter") {
        unhide.push("customer".to_string());
    }
    unhide
}

/// Makes `table` a child of `parent` through `key` (path placeholder or query parameter). The
/// parent column is the object's own `key` field when it has one (renamed `<Key>Id`), else a
/// column the scan fills with the parent id.
fn set_parent(table: &mut Table, parent: String, key: String, in_path: bool) {
    let column = format!("{}Id", pascal_case(&key));
    let existing = table.columns.iter().position(|c| c.path == [key.as_str()]);
    let description = match existing {
        Some(i) => table.columns.remove(i).description,
        None => format!(
            "ID of the parent {} this row belongs to.",
            plain_object(&parent)
        ),
    };
    table.columns.retain(|c| c.name != column);
    table.filters.retain(|f| f.param != key);
    table.columns.insert(
        1.min(table.columns.len()),
        Column {
            name: column.clone(),
            path: vec![key.clone()],
            kind: Kind::ExpandableId,
            description,
        },
    );
    table.parent = Some(Parent {
        table: parent,
        column,
        key,
        in_path,
    });
}

fn plain_object(table: &str) -> String {
    format!("Stripe.{table} row")
}

#[cfg(test)]
#[path = "tables_tests.rs"]
mod tests;
