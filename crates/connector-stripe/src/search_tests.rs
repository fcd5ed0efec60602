//! Tests of the search clauses and of when a scan searches instead of listing.

use super::*;
use crate::catalogue::{CHARGES, CUSTOMERS, INVOICE_LINE_ITEMS, PRODUCTS, SUBSCRIPTIONS};
use crate::plan::{Fetch, ScanRequest};
use crate::pushdown::classify;
use crate::search_fields::SEARCHABLE;
use datafusion::common::ScalarValue;
use datafusion::functions::string::expr_fn::lower;
use datafusion::logical_expr::{ident, lit};

fn ilike(column: &str, pattern: &str) -> Expr {
    Expr::Like(Like::new(
        false,
        Box::new(lower(ident(column))),
        Box::new(lit(pattern)),
        None,
        true,
    ))
}

fn like(column: &str, pattern: &str) -> Expr {
    ident(column).like(lit(pattern))
}

fn text(expr: &Expr, resource: &ResourceSpec) -> Option<String> {
    clause(expr, resource).map(|c| c.text)
}

fn json_value(key: &str) -> Expr {
    // The engine's UDF, as the planner hands it over: only its name and arguments matter here.
    let udf = datafusion::logical_expr::ScalarUDF::new_from_impl(JsonValueStub::new());
    udf.call(vec![ident("Metadata"), lit(format!("$.{key}"))])
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct JsonValueStub(datafusion::logical_expr::Signature);

impl JsonValueStub {
    fn new() -> Self {
        JsonValueStub(datafusion::logical_expr::Signature::any(
            2,
            datafusion::logical_expr::Volatility::Immutable,
        ))
    }
}

impl datafusion::logical_expr::ScalarUDFImpl for JsonValueStub {
    fn name(&self) -> &str {
        "json_value"
    }
    fn signature(&self) -> &datafusion::logical_expr::Signature {
        &self.0
    }
    fn return_type(
        &self,
        _: &[datafusion::arrow::datatypes::DataType],
    ) -> datafusion::error::Result<datafusion::arrow::datatypes::DataType> {
        Ok(datafusion::arrow::datatypes::DataType::Utf8)
    }
    fn invoke_with_args(
        &self,
        _: datafusion::logical_expr::ScalarFunctionArgs,
    ) -> datafusion::error::Result<datafusion::logical_expr::ColumnarValue> {
        unreachable!("planning only")
    }
}

#[test]
fn every_search_column_exists_in_the_catalogue() {
    for spec in SEARCHABLE {
        let resource = crate::catalogue::RESOURCES
            .iter()
            .find(|r| r.path == spec.path)
            .unwrap_or_else(|| panic!("{} is not in the catalogue", spec.path));
        assert!(resource.created_filter, "{}", spec.path);
        for f in spec.fields {
            assert!(
                resource.column(f.column).is_some(),
                "{}: no column {}",
                spec.path,
                f.column
            );
        }
    }
}

#[test]
fn like_becomes_a_substring_clause_of_its_longest_literal_run() {
    assert_eq!(
        text(&ilike("Email", "%acme%"), &CUSTOMERS).as_deref(),
        Some("email~\"acme\"")
    );
    assert_eq!(
        text(&like("Name", "jo_n%smithson%"), &CUSTOMERS).as_deref(),
        Some("name~\"smithson\"")
    );
    // Too short, a character class, NOT LIKE, a field without substring search.
    assert_eq!(text(&ilike("Email", "%ac%"), &CUSTOMERS), None);
    assert_eq!(text(&ilike("Email", "%[ab]cme%"), &CUSTOMERS), None);
    assert_eq!(
        text(&ident("Email").not_like(lit("%acme%")), &CUSTOMERS),
        None
    );
    assert_eq!(text(&ilike("Description", "%acme%"), &CHARGES), None);
    assert_eq!(
        text(&ilike("Description", "%widget%"), &PRODUCTS).as_deref(),
        Some("description~\"widget\"")
    );
    // Quotes and backslashes are escaped inside the double-quoted value.
    assert_eq!(
        text(&like("Name", "%O\"Brien\\x%"), &CUSTOMERS).as_deref(),
        Some(r#"name~"O\"Brien\\x""#)
    );
    assert_eq!(classify(&ilike("Email", "%acme%"), &CUSTOMERS).support(), {
        datafusion::logical_expr::TableProviderFilterPushDown::Inexact
    });
}

#[test]
fn comparisons_metadata_and_numbers() {
    assert_eq!(
        text(&lower(ident("Email")).eq(lit("a@b.c")), &CUSTOMERS).as_deref(),
        Some("email:\"a@b.c\"")
    );
    assert_eq!(
        text(&json_value("plan").eq(lit("pro")), &CUSTOMERS).as_deref(),
        Some("metadata[\"plan\"]:\"pro\"")
    );
    assert_eq!(text(&json_value("a b").eq(lit("x")), &CUSTOMERS), None);
    assert_eq!(
        text(&lower(json_value("plan")).eq(lit("pro")), &CUSTOMERS).as_deref(),
        Some("metadata[\"plan\"]:\"pro\"")
    );
    let c = clause(&ident("Amount").gt(lit(1000i64)), &CHARGES).unwrap();
    assert_eq!((c.text.as_str(), c.selective), ("amount>1000", false));
    let c = clause(&lit(500i64).eq(ident("Amount")), &CHARGES).unwrap();
    assert_eq!((c.text.as_str(), c.selective), ("amount:500", true));
    let c = clause(&lower(ident("Status")).eq(lit("failed")), &CHARGES).unwrap();
    assert!(!c.selective, "a status names many charges");
    assert_eq!(
        text(&Expr::Not(Box::new(ident("Active"))), &PRODUCTS).as_deref(),
        Some("active:\"false\"")
    );
    assert_eq!(text(&ident("Amount").gt(lit(1.5f64)), &CHARGES), None);
    let n = Expr::Literal(ScalarValue::Int32(Some(7)), None);
    assert_eq!(
        text(&ident("Amount").lt_eq(n), &CHARGES).as_deref(),
        Some("amount<=7")
    );
}

#[test]
fn a_selective_clause_turns_the_scan_into_a_search() {
    let r = ScanRequest::new(&CUSTOMERS, &[ilike("Email", "%acme%")], None);
    assert_eq!(
        r.fetch,
        Fetch::Search {
            query: "email~\"acme\"".into(),
            fallback: vec![],
        }
    );
    assert_eq!(
        r.to_string(),
        "search GET /v1/customers/search query=[email~\"acme\"] params=[limit=100]"
    );
    // The customer's email filter is case-sensitive at Stripe: under SQL Server's collation
    // only a search can answer it without losing rows.
    let r = ScanRequest::new(&CUSTOMERS, &[lower(ident("Email")).eq(lit("a@b.c"))], None);
    assert!(matches!(r.fetch, Fetch::Search { .. }), "{r}");
    // Other clauses and created bounds come along.
    let created = Expr::Literal(
        ScalarValue::TimestampMillisecond(Some(1_700_000_000_000), None),
        None,
    );
    let r = ScanRequest::new(
        &CHARGES,
        &[
            json_value("order").eq(lit("42")),
            ident("Amount").gt_eq(lit(100i64)),
            lower(ident("Status")).eq(lit("failed")),
            ident("Created").gt_eq(created),
        ],
        None,
    );
    assert_eq!(
        r.fetch,
        Fetch::Search {
            query: "metadata[\"order\"]:\"42\" AND amount>=100 AND status:\"failed\" AND \
                    created>=1700000000"
                .into(),
            fallback: vec![("created[gte]".into(), "1700000000".into())],
        }
    );
    // A list parameter search can express rides along.
    let r = ScanRequest::new(
        &SUBSCRIPTIONS,
        &[
            lower(ident("Status")).eq(lit("active")),
            json_value("tier").eq(lit("gold")),
        ],
        None,
    );
    assert_eq!(
        r.fetch,
        Fetch::Search {
            query: "status:\"active\" AND metadata[\"tier\"]:\"gold\"".into(),
            fallback: vec![("status".into(), "active".into())],
        }
    );
}

#[test]
fn lists_stay_lists_when_searching_would_not_help() {
    // Only unselective clauses.
    let r = ScanRequest::new(&CHARGES, &[ident("Amount").gt(lit(100i64))], None);
    assert!(matches!(r.fetch, Fetch::List { .. }), "{r}");
    // A selective list parameter is as narrow as a search, and fresher.
    let r = ScanRequest::new(
        &CHARGES,
        &[
            ident("CustomerId").eq(lit("cus_1")),
            json_value("order").eq(lit("42")),
        ],
        None,
    );
    assert!(matches!(r.fetch, Fetch::List { .. }), "{r}");
    let r = ScanRequest::new(&CUSTOMERS, &[ident("TestClockId").eq(lit("clock_1"))], None);
    assert!(matches!(r.fetch, Fetch::List { .. }), "{r}");
    // A list parameter search cannot express keeps the list narrow.
    let r = ScanRequest::new(
        &CHARGES,
        &[
            ident("PaymentIntentId").eq(lit("pi_1")),
            json_value("order").eq(lit("42")),
        ],
        None,
    );
    assert!(matches!(r.fetch, Fetch::List { .. }), "{r}");
    // Ids are retrieved; per-value walks stay walks.
    let r = ScanRequest::new(
        &CUSTOMERS,
        &[ident("Id").eq(lit("cus_1")), ilike("Email", "%acme%")],
        None,
    );
    assert!(matches!(r.fetch, Fetch::Retrieve { .. }), "{r}");
    let r = ScanRequest::new(
        &CHARGES,
        &[
            ident("CustomerId").in_list(vec![lit("cus_1"), lit("cus_2")], false),
            json_value("order").eq(lit("42")),
        ],
        None,
    );
    assert!(
        matches!(
            r.fetch,
            Fetch::List {
                any_of: Some(_),
                ..
            }
        ),
        "{r}"
    );
    // Not a searchable resource.
    let r = ScanRequest::new(&INVOICE_LINE_ITEMS, &[ilike("Description", "%abc%")], None);
    assert!(matches!(r.fetch, Fetch::List { .. }), "{r}");
    // Subscriptions: a metadata search replaces the `status=all` walk.
    let r = ScanRequest::new(&SUBSCRIPTIONS, &[json_value("tier").eq(lit("gold"))], None);
    assert!(matches!(r.fetch, Fetch::Search { .. }), "{r}");
}
