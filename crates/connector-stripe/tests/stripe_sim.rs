//! The connector against the real simulator, driven through DataFusion SQL.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::{fixture, fixture_without_clocks, rows};
use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::{Int64Type, TimestampMillisecondType};
use futures::StreamExt;
use serde_json::Value;

const LIST: &str = "GET /v1/customers";
const RETRIEVE: &str = "GET /v1/customers/{id}";

fn strings(batches: &[RecordBatch], col: usize) -> Vec<Option<String>> {
    batches
        .iter()
        .flat_map(|b| {
            let a = b.column(col).as_string::<i32>();
            (0..a.len()).map(move |i| a.is_valid(i).then(|| a.value(i).to_string()))
        })
        .collect()
}

fn ids(batches: &[RecordBatch]) -> Vec<String> {
    strings(batches, 0)
        .into_iter()
        .map(Option::unwrap)
        .collect()
}

fn text_at<'a>(v: &'a Value, pointer: &str) -> Option<&'a str> {
    v.pointer(pointer).and_then(Value::as_str)
}

/// The JSON column's text parsed back, compared with the simulator's sub-object.
fn same_json(column: &Option<String>, expected: Option<&Value>) -> bool {
    match (column, expected.filter(|v| !v.is_null())) {
        (None, None) => true,
        (Some(text), Some(v)) => serde_json::from_str::<Value>(text).unwrap() == *v,
        _ => false,
    }
}

fn sql_time(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .unwrap()
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

#[tokio::test]
async fn full_customer_scan_equals_the_simulator() {
    let f = fixture(250, Duration::ZERO).await;
    let expected = f.sim.simulator().objects("customers");
    assert_eq!(expected.len(), f.sim.simulator().count("customers"));
    let b = f
        .query(
            "SELECT Id, Email, Name, Created, Balance, Delinquent, Discount, Metadata, AddressCity, \
             InvoiceSettings, PreferredLocales, TestClockId FROM Customers",
        )
        .await;
    // Test-clock customers are hidden from the list: the scan walks each clock's too.
    assert_eq!(rows(&b), expected.len(), "every customer once");
    let sim = f.sim.simulator();
    let clocks = sim.test_clocks().len() as u64;
    assert!(clocks > 0 && sim.listed_count("customers") < expected.len());
    let pages = sim.listed_count("customers").div_ceil(100) as u64;
    let made = f.count(LIST);
    assert!(
        made >= pages + clocks && made <= pages + clocks + 2,
        "{made} requests: {pages} pages, {clocks} clocks, at most two splits"
    );
    let by_id: std::collections::HashMap<&str, &Value> = expected
        .iter()
        .map(|o| (text_at(o, "/id").unwrap(), o))
        .collect();
    let (email, name, discount, metadata, city, settings, locales, clock) = (
        strings(&b, 1),
        strings(&b, 2),
        strings(&b, 6),
        strings(&b, 7),
        strings(&b, 8),
        strings(&b, 9),
        strings(&b, 10),
        strings(&b, 11),
    );
    let created: Vec<i64> = b
        .iter()
        .flat_map(|b| {
            b.column(3)
                .as_primitive::<TimestampMillisecondType>()
                .values()
                .to_vec()
        })
        .collect();
    let balance: Vec<i64> = b
        .iter()
        .flat_map(|b| b.column(4).as_primitive::<Int64Type>().values().to_vec())
        .collect();
    for (i, id) in ids(&b).iter().enumerate() {
        let want = by_id[id.as_str()];
        assert_eq!(email[i].as_deref(), text_at(want, "/email"), "{id}");
        assert_eq!(name[i].as_deref(), text_at(want, "/name"), "{id}");
        assert_eq!(created[i], want["created"].as_i64().unwrap() * 1000, "{id}");
        assert_eq!(balance[i], want["balance"].as_i64().unwrap(), "{id}");
        assert!(
            same_json(&discount[i], want.get("discount")),
            "{id}: {:?}",
            discount[i]
        );
        assert!(same_json(&metadata[i], want.get("metadata")), "{id}");
        assert!(
            same_json(&settings[i], want.get("invoice_settings")),
            "{id}"
        );
        assert!(
            same_json(&locales[i], want.get("preferred_locales")),
            "{id}"
        );
        assert_eq!(city[i].as_deref(), text_at(want, "/address/city"), "{id}");
        assert_eq!(clock[i].as_deref(), text_at(want, "/test_clock"), "{id}");
    }
    assert!(
        discount.iter().any(Option::is_some),
        "the data has discounts to compare"
    );
    assert!(
        city.iter().any(Option::is_some),
        "the data has addresses to compare"
    );
    assert!(
        clock.iter().any(Option::is_some),
        "test-clock customers are in the scan"
    );
    let delinquent = b[0].column(5).as_boolean();
    assert_eq!(
        delinquent.value(0),
        by_id[ids(&b)[0].as_str()]["delinquent"].as_bool().unwrap()
    );

    let b = f.query("SELECT count(*) FROM Customers").await;
    let n = b[0].column(0).as_primitive::<Int64Type>().value(0);
    assert_eq!(
        n as usize,
        expected.len(),
        "empty projection still counts rows"
    );
}

#[tokio::test]
async fn charges_scan_decodes_expandable_customer_ids() {
    let f = fixture(60, Duration::ZERO).await;
    let expected = f.sim.simulator().objects("charges");
    let b = f
        .query("SELECT Id, CustomerId, Amount, Created, Outcome, BillingDetailsEmail, Status FROM Charges")
        .await;
    assert_eq!(rows(&b), expected.len());
    let (customer, outcome, email, status) = (
        strings(&b, 1),
        strings(&b, 4),
        strings(&b, 5),
        strings(&b, 6),
    );
    for (i, (id, want)) in ids(&b).iter().zip(&expected).enumerate() {
        assert_eq!(Some(id.as_str()), text_at(want, "/id"));
        let want_customer = match &want["customer"] {
            Value::Object(o) => o.get("id").and_then(Value::as_str),
            other => other.as_str(),
        };
        assert_eq!(customer[i].as_deref(), want_customer, "{id}");
        assert!(same_json(&outcome[i], want.get("outcome")), "{id}");
        assert_eq!(
            email[i].as_deref(),
            text_at(want, "/billing_details/email"),
            "{id}"
        );
        assert_eq!(status[i].as_deref(), text_at(want, "/status"), "{id}");
    }
    assert!(customer.iter().any(Option::is_some));
}

#[tokio::test]
async fn id_equality_is_one_retrieve() {
    let f = fixture(120, Duration::ZERO).await;
    let target = f.sim.simulator().objects("customers")[7].clone();
    let id = target["id"].as_str().unwrap();
    let b = f
        .query(&format!(
            "SELECT Id, Email FROM Customers WHERE Id = '{id}'"
        ))
        .await;
    assert_eq!(ids(&b), vec![id.to_string()]);
    assert_eq!(strings(&b, 1)[0].as_deref(), text_at(&target, "/email"));
    assert_eq!(f.count(RETRIEVE), 1);
    assert_eq!(f.count(LIST), 0);
    assert_eq!(f.sim.simulator().stats().total, 1);

    f.reset();
    let b = f
        .query("SELECT Id FROM Customers WHERE Id = 'cus_doesnotexist'")
        .await;
    assert_eq!(rows(&b), 0, "404 is no row");
    assert_eq!(f.count(RETRIEVE), 1);
}

#[tokio::test]
async fn id_in_list_is_one_retrieve_per_id() {
    let f = fixture(120, Duration::ZERO).await;
    let all = f.sim.simulator().objects("customers");
    let (a, b) = (
        all[3]["id"].as_str().unwrap(),
        all[90]["id"].as_str().unwrap(),
    );
    let sql = format!("SELECT Id FROM Customers WHERE Id IN ('{a}', '{b}', 'cus_missing')");
    let got: BTreeSet<_> = ids(&f.query(&sql).await).into_iter().collect();
    assert_eq!(got, BTreeSet::from([a.to_string(), b.to_string()]));
    assert_eq!(f.count(RETRIEVE), 3);
    assert_eq!(f.count(LIST), 0);

    // A retrieve must still honour the Exact created filter, which DataFusion won't re-check.
    f.reset();
    let after = all[3]["created"].as_i64().unwrap() + 1;
    let sql = format!(
        "SELECT Id FROM Customers WHERE Id = '{a}' AND Created >= '{}'",
        sql_time(after)
    );
    assert_eq!(rows(&f.query(&sql).await), 0);
    assert_eq!(f.count(RETRIEVE), 1);
}

#[tokio::test]
async fn created_range_is_sent_to_stripe() {
    let f = fixture(250, Duration::ZERO).await;
    let all = f.sim.simulator().objects("customers");
    let hi = all[20]["created"].as_i64().unwrap();
    let lo = all[60]["created"].as_i64().unwrap();
    let in_range = |objects: Vec<Value>| -> Vec<String> {
        objects
            .iter()
            .filter(|o| (lo..=hi).contains(&o["created"].as_i64().unwrap()))
            .map(|o| o["id"].as_str().unwrap().to_string())
            .collect()
    };
    let want = in_range(all);
    let listed = in_range(f.sim.simulator().listed_objects("customers"));
    let clocks = f.sim.simulator().test_clocks().len() as u64;
    let sql = format!(
        "SELECT Id FROM Customers WHERE Created >= '{}' AND Created <= '{}'",
        sql_time(lo),
        sql_time(hi)
    );
    let plan = f.explain(&sql).await;
    assert!(plan.contains(&format!("created[gte]={lo}")), "{plan}");
    assert!(plan.contains(&format!("created[lte]={hi}")), "{plan}");
    assert!(
        !plan.contains("FilterExec"),
        "created filters are Exact: {plan}"
    );
    f.reset();
    let mut got = ids(&f.query(&sql).await);
    got.sort();
    let mut sorted = want.clone();
    sorted.sort();
    assert_eq!(got, sorted, "the range, test-clock customers included");
    assert_eq!(f.count(LIST), 1 + clocks, "~41 rows fit one page per walk");

    f.reset();
    let between = format!(
        "SELECT Id FROM Customers WHERE Created BETWEEN '{}' AND '{}' LIMIT 3",
        sql_time(lo),
        sql_time(hi)
    );
    // With a limit the scan is one walk in list order, which hides test-clock customers.
    assert_eq!(ids(&f.query(&between).await), listed[..3].to_vec());
    assert_eq!(f.count(LIST), 1);
}

#[tokio::test]
async fn customer_id_on_charges_is_sent_as_customer() {
    let f = fixture(80, Duration::ZERO).await;
    let charges = f.sim.simulator().objects("charges");
    let customer = charges
        .iter()
        .find_map(|c| c["customer"].as_str())
        .unwrap()
        .to_string();
    let want: Vec<String> = charges
        .iter()
        .filter(|c| c["customer"].as_str() == Some(customer.as_str()))
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    let sql = format!("SELECT Id, CustomerId FROM Charges WHERE CustomerId = '{customer}'");
    let plan = f.explain(&sql).await;
    assert!(plan.contains(&format!("customer={customer}")), "{plan}");
    let got = f.query(&sql).await;
    assert_eq!(ids(&got), want);
    assert_eq!(f.count("GET /v1/charges"), 1);
}

#[tokio::test]
async fn customer_id_in_list_walks_each_customer_once() {
    let f = fixture(300, Duration::ZERO).await;
    let charges = f.sim.simulator().objects("charges");
    let mut customers: Vec<String> = Vec::new();
    for c in charges.iter().filter_map(|c| c["customer"].as_str()) {
        if !customers.iter().any(|k| k == c) {
            customers.push(c.to_string());
        }
    }
    let picked = &customers[..3];
    let mut want: Vec<String> = charges
        .iter()
        .filter(|c| picked.iter().any(|k| c["customer"].as_str() == Some(k)))
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    want.sort();
    let quoted: Vec<String> = picked.iter().map(|k| format!("'{k}'")).collect();
    for sql in [
        format!(
            "SELECT Id FROM Charges WHERE CustomerId IN ({})",
            quoted.join(", ")
        ),
        format!(
            "SELECT Id FROM Charges WHERE CustomerId = {} OR CustomerId = {} OR CustomerId = {}",
            quoted[0], quoted[1], quoted[2]
        ),
    ] {
        f.reset();
        let plan = f.explain(&sql).await;
        assert!(plan.contains("for customer in ["), "{plan}");
        let mut got = ids(&f.query(&sql).await);
        got.sort();
        assert_eq!(got, want, "{sql}");
        // Each customer's charges fit in one page: one list request per customer, no more.
        assert_eq!(f.count("GET /v1/charges"), 3, "{sql}");
        assert_eq!(f.sim.simulator().stats().total, 3, "{sql}");
    }
}

#[tokio::test]
async fn email_filter_finds_the_customer() {
    let f = fixture_without_clocks(150, Duration::ZERO).await;
    let all = f.sim.simulator().objects("customers");
    let target = all.iter().find(|o| o["email"].is_string()).unwrap();
    let email = target["email"].as_str().unwrap();
    let sql = format!("SELECT Id FROM Customers WHERE Email = '{email}'");
    assert!(f.explain(&sql).await.contains("email="));
    let got = ids(&f.query(&sql).await);
    assert!(got.contains(&target["id"].as_str().unwrap().to_string()));
    assert_eq!(f.count(LIST), 1);
}

#[tokio::test]
async fn limit_without_filters_is_one_request() {
    let f = fixture(250, Duration::ZERO).await;
    let all = f.sim.simulator().objects("customers");
    let b = f.query("SELECT Id FROM Customers LIMIT 5").await;
    let want: Vec<String> = all[..5]
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids(&b), want);
    assert_eq!(f.count(LIST), 1);
    assert_eq!(f.sim.simulator().stats().total, 1);
}

#[tokio::test]
async fn wrong_key_is_a_clear_error_without_the_key() {
    let sim = common::sim(10, Duration::ZERO).await;
    let key = "sk_test_WrongKeyAbcdefghij0123456789";
    let connector = common::connect(&sim, key);
    let ctx = common::session(&connector);
    let err = ctx
        .sql("SELECT Id FROM Customers")
        .await
        .unwrap()
        .collect()
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("HTTP 401"), "{text}");
    assert!(text.contains("Invalid API Key"), "{text}");
    assert!(
        !text.contains("WrongKey") && !text.contains("0123456789"),
        "{text}"
    );
    let root = err.find_root();
    let datafusion::error::DataFusionError::External(inner) = root else {
        panic!("not an external error: {root:?}");
    };
    let ours = inner.downcast_ref::<connector_stripe::Error>().unwrap();
    let connector_stripe::Error::Api(api) = ours else {
        panic!("{ours:?}");
    };
    assert_eq!(
        api.category(),
        connector_stripe::ApiErrorCategory::Authentication
    );
    // The customer list and the test-clock list run together; neither is retried.
    assert_eq!(sim.simulator().stats().total, 2, "401 is not retried");
}

#[tokio::test]
async fn dropping_the_stream_stops_paging() {
    let latency = Duration::from_millis(50);
    let f = fixture_without_clocks(500, latency).await;
    let mut stream = f
        .ctx
        .sql("SELECT Id, Email FROM Customers")
        .await
        .unwrap()
        .execute_stream()
        .await
        .unwrap();
    assert_eq!(f.count(LIST), 0, "no I/O before the first poll");
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!(first.num_rows(), 100, "one page per batch");
    assert_eq!(f.count(LIST), 1, "the first rows arrive after one page");
    drop(stream);
    // Nothing runs in the background: after several round-trip times still one request.
    tokio::time::sleep(latency * 4).await;
    assert_eq!(f.count(LIST), 1);
}
