//! Tests of [`classify`]: every pushdown form, Exact vs Inexact, and what stays unsupported.

use super::*;
use crate::catalogue::{ColumnSpec, FilterSpec, CHARGES, CUSTOMERS};
use datafusion::functions::string::expr_fn::lower;
use datafusion::logical_expr::{ident, lit};
use TableProviderFilterPushDown::{Exact, Inexact, Unsupported};

/// A resource with a boolean list filter (like `GET /v1/products?active=`).
pub(crate) static PRODUCTS: ResourceSpec = ResourceSpec {
    table: "Products",
    path: "/v1/products",
    object: "product",
    description: "",
    columns: &[
        ColumnSpec {
            name: "Id",
            json_path: &["id"],
            kind: ColumnKind::Id,
            description: "",
        },
        ColumnSpec {
            name: "Active",
            json_path: &["active"],
            kind: ColumnKind::Bool,
            description: "",
        },
    ],
    filters: &[FilterSpec {
        column: "Active",
        param: "active",
        case_sensitive: false,
    }],
    created_filter: false,
    retrieve: true,
    parent: None,
    required_params: &[],
    default_params: &[],
    test_clock_unhide: &[],
};

fn ts_ms(ms: i64) -> Expr {
    Expr::Literal(ScalarValue::TimestampMillisecond(Some(ms), None), None)
}

fn ids(v: &[&str]) -> Pushdown {
    Pushdown::Ids(v.iter().map(|s| s.to_string()).collect())
}

fn created(gte: Option<i64>, lte: Option<i64>) -> Pushdown {
    Pushdown::Created(CreatedRange { gte, lte })
}

fn cust(e: &Expr) -> Pushdown {
    classify(e, &CUSTOMERS)
}

#[test]
fn id_equality_and_in_lists_are_inexact_retrieves() {
    let p = cust(&ident("Id").eq(lit("cus_1")));
    assert_eq!(p, ids(&["cus_1"]));
    assert_eq!(p.support(), Inexact);
    assert_eq!(cust(&lit("cus_1").eq(ident("Id"))), ids(&["cus_1"]));
    assert_eq!(
        cust(&ident("Id").eq(lit("cus_1  "))),
        ids(&["cus_1"]),
        "trailing spaces"
    );
    let or_chain = ident("Id")
        .eq(lit("a"))
        .or(ident("Id").eq(lit("b")))
        .or(lit("a").eq(ident("Id")));
    assert_eq!(cust(&or_chain), ids(&["a", "b"]));
    let in_list = ident("Id").in_list(vec![lit("a"), lit("b"), lit("c")], false);
    assert_eq!(cust(&in_list), ids(&["a", "b", "c"]));
    assert_eq!(cust(&in_list).support(), Inexact);
    assert_eq!(
        classify(&ident("Id").eq(lit("ch_1")), &CHARGES),
        ids(&["ch_1"])
    );
}

#[test]
fn id_forms_that_cannot_be_retrieved() {
    let not_in = ident("Id").in_list(vec![lit("a")], true);
    assert_eq!(cust(&not_in), Pushdown::Unsupported);
    let mixed = ident("Id").eq(lit("a")).or(ident("Email").eq(lit("x")));
    assert_eq!(cust(&mixed), Pushdown::Unsupported);
    assert_eq!(cust(&ident("Id").gt(lit("a"))), Pushdown::Unsupported);
    assert_eq!(cust(&ident("Id").not_eq(lit("a"))), Pushdown::Unsupported);
    assert_eq!(
        cust(&ident("Id").eq(Expr::Literal(ScalarValue::Utf8(None), None))),
        Pushdown::Unsupported
    );
    let many: Vec<Expr> = (0..=MAX_RETRIEVE_IDS)
        .map(|i| lit(format!("cus_{i}")))
        .collect();
    assert_eq!(
        cust(&ident("Id").in_list(many.clone(), false)),
        Pushdown::Unsupported
    );
    let chain = many
        .into_iter()
        .map(|l| ident("Id").eq(l))
        .reduce(Expr::or)
        .unwrap();
    assert_eq!(cust(&chain), Pushdown::Unsupported);
    assert_eq!(
        cust(&lower(ident("Id")).eq(lit("cus_1"))),
        Pushdown::Unsupported
    );
}

#[test]
fn created_comparisons_round_to_whole_seconds_and_are_exact() {
    let t = 1_700_000_000_000; // a whole second, in ms
    assert_eq!(
        cust(&ident("Created").gt(ts_ms(t))),
        created(Some(1_700_000_001), None)
    );
    assert_eq!(
        cust(&ident("Created").gt_eq(ts_ms(t))),
        created(Some(1_700_000_000), None)
    );
    assert_eq!(
        cust(&ident("Created").lt(ts_ms(t))),
        created(None, Some(1_699_999_999))
    );
    assert_eq!(
        cust(&ident("Created").lt_eq(ts_ms(t))),
        created(None, Some(1_700_000_000))
    );
    let eq = cust(&ident("Created").eq(ts_ms(t)));
    assert_eq!(eq, created(Some(1_700_000_000), Some(1_700_000_000)));
    assert_eq!(eq.support(), Exact);
    // Sub-second literals: Created (whole seconds) > x.5 means >= x+1, <= x.5 means <= x.
    assert_eq!(
        cust(&ident("Created").gt(ts_ms(t + 500))),
        created(Some(1_700_000_001), None)
    );
    assert_eq!(
        cust(&ident("Created").gt_eq(ts_ms(t + 500))),
        created(Some(1_700_000_001), None)
    );
    assert_eq!(
        cust(&ident("Created").lt(ts_ms(t + 500))),
        created(None, Some(1_700_000_000))
    );
    assert_eq!(
        cust(&ident("Created").lt_eq(ts_ms(t + 500))),
        created(None, Some(1_700_000_000))
    );
    let Pushdown::Created(r) = cust(&ident("Created").eq(ts_ms(t + 500))) else {
        panic!("created equality")
    };
    assert!(r.is_empty(), "no whole second equals x.5: {r:?}");
    // Before the epoch, floor/ceil must round the right way.
    assert_eq!(
        cust(&ident("Created").gt_eq(ts_ms(-1500))),
        created(Some(-1), None)
    );
    assert_eq!(
        cust(&ident("Created").lt_eq(ts_ms(-1500))),
        created(None, Some(-2))
    );
}

#[test]
fn created_literal_on_the_left_between_and_other_units() {
    let t = 1_700_000_000_000;
    assert_eq!(
        cust(&ts_ms(t).lt(ident("Created"))),
        created(Some(1_700_000_001), None)
    );
    assert_eq!(
        cust(&ts_ms(t).gt_eq(ident("Created"))),
        created(None, Some(1_700_000_000))
    );
    let between = ident("Created").between(ts_ms(t), ts_ms(t + 86_400_000));
    assert_eq!(
        cust(&between),
        created(Some(1_700_000_000), Some(1_700_086_400))
    );
    assert_eq!(cust(&between).support(), Exact);
    let not_between = ident("Created").not_between(ts_ms(t), ts_ms(t + 1000));
    assert_eq!(cust(&not_between), Pushdown::Unsupported);
    let ns = Expr::Literal(
        ScalarValue::TimestampNanosecond(Some(1_700_000_000_000_000_001), Some("UTC".into())),
        None,
    );
    assert_eq!(
        cust(&ident("Created").gt_eq(ns)),
        created(Some(1_700_000_001), None)
    );
    let day = Expr::Literal(ScalarValue::Date32(Some(19_675)), None);
    assert_eq!(
        cust(&ident("Created").gt_eq(day)),
        created(Some(19_675 * 86_400), None)
    );
    assert_eq!(
        cust(&ident("Created").not_eq(ts_ms(t))),
        Pushdown::Unsupported
    );
    assert_eq!(cust(&ident("Created").gt(lit(5i64))), Pushdown::Unsupported);
}

#[test]
fn list_filters_become_inexact_params() {
    let p = cust(&ident("Email").eq(lit("a@example.com")));
    assert_eq!(
        p,
        Pushdown::Param {
            param: "email",
            value: "a@example.com".into(),
            exact: false
        }
    );
    assert_eq!(p.support(), Inexact);
    for (column, param) in [
        ("CustomerId", "customer"),
        ("PaymentIntentId", "payment_intent"),
        ("TransferGroup", "transfer_group"),
    ] {
        let p = classify(&ident(column).eq(lit("x_1")), &CHARGES);
        assert_eq!(
            p,
            Pushdown::Param {
                param,
                value: "x_1".into(),
                exact: false
            },
            "{column}"
        );
        assert_eq!(p.support(), Inexact);
    }
}

#[test]
fn in_lists_and_or_chains_on_a_list_filter_walk_each_value() {
    let any = |values: &[&str]| Pushdown::ParamAny {
        param: "customer",
        values: values.iter().map(|v| v.to_string()).collect(),
    };
    let chain = ident("CustomerId")
        .eq(lit("cus_1"))
        .or(lit("cus_2").eq(ident("CustomerId")))
        .or(ident("CustomerId").eq(lit("cus_1")));
    assert_eq!(classify(&chain, &CHARGES), any(&["cus_1", "cus_2"]));
    assert_eq!(classify(&chain, &CHARGES).support(), Inexact);
    let list = ident("CustomerId").in_list(vec![lit("cus_3"), lit("cus_4")], false);
    assert_eq!(classify(&list, &CHARGES), any(&["cus_3", "cus_4"]));
    let not_pushed = [
        ident("CustomerId").in_list(vec![lit("cus_3")], true),
        ident("CustomerId")
            .eq(lit("cus_1"))
            .or(ident("PaymentIntentId").eq(lit("pi_1"))),
        ident("CustomerId")
            .eq(lit("cus_1"))
            .or(ident("Description").eq(lit("x"))),
        ident("Description").in_list(vec![lit("a"), lit("b")], false),
        ident("CustomerId").in_list(vec![lit("cus_1"), lit("")], false),
    ];
    for e in &not_pushed {
        assert_eq!(classify(e, &CHARGES), Pushdown::Unsupported, "{e}");
    }
}

#[test]
fn everything_else_is_unsupported() {
    let unsupported = [
        ident("Email").not_eq(lit("a@example.com")),
        ident("Email").like(lit("%@e%")),
        ident("Email").eq(lit("")),
        ident("CustomerId").eq(lit("cus_1")), // not a Customers column
        ident("Balance").gt(lit(5i64)),
        ident("Livemode"),
        Expr::Not(Box::new(ident("Delinquent"))),
        ident("Email").is_null(),
        ident("Id").eq(lit("a")).and(ident("Email").eq(lit("b"))),
    ];
    for e in &unsupported {
        assert_eq!(cust(e), Pushdown::Unsupported, "{e}");
        assert_eq!(cust(e).support(), Unsupported, "{e}");
    }
    assert_eq!(
        classify(&ident("Email").eq(lit("a")), &CHARGES),
        Pushdown::Unsupported
    );
    // A case-insensitive comparison cannot use Stripe's case-sensitive email filter; search,
    // which ignores case, can answer it, and a name too.
    for e in [
        lower(ident("Email")).eq(lit("a@example.com")),
        ident("Name").eq(lit("Ada")),
        ident("Email").like(lit("%@example.com")),
    ] {
        assert!(matches!(cust(&e), Pushdown::Search(_)), "{e}");
        assert_eq!(cust(&e).support(), Inexact, "{e}");
    }
}

#[test]
fn lowered_comparisons_use_filters_only_when_case_cannot_matter() {
    use crate::catalogue::{BALANCE_TRANSACTIONS, CHARGES as CH};
    // An enum's values are lower case at Stripe, so the lowered literal is what Stripe holds.
    assert_eq!(
        classify(
            &lower(ident("Currency")).eq(lit("usd")),
            &BALANCE_TRANSACTIONS
        ),
        Pushdown::Param {
            param: "currency",
            value: "usd".into(),
            exact: false
        }
    );
    // A free-text filter is case-sensitive: only values without letters are safe to send.
    let group = |v: &str| classify(&lower(ident("TransferGroup")).eq(lit(v)), &CH);
    assert_eq!(group("group_a"), Pushdown::Unsupported);
    assert!(matches!(group("12345"), Pushdown::Param { .. }));
    let any = lower(ident("Currency")).in_list(vec![lit("usd"), lit("eur")], false);
    assert_eq!(
        classify(&any, &BALANCE_TRANSACTIONS),
        Pushdown::ParamAny {
            param: "currency",
            values: vec!["usd".into(), "eur".into()]
        }
    );
    let any = lower(ident("TransferGroup")).in_list(vec![lit("a"), lit("b")], false);
    assert_eq!(classify(&any, &CH), Pushdown::Unsupported);
}

#[test]
fn boolean_list_filters_are_exact() {
    let on = Pushdown::Param {
        param: "active",
        value: "true".into(),
        exact: true,
    };
    let off = Pushdown::Param {
        param: "active",
        value: "false".into(),
        exact: true,
    };
    assert_eq!(classify(&ident("Active"), &PRODUCTS), on);
    assert_eq!(classify(&ident("Active"), &PRODUCTS).support(), Exact);
    assert_eq!(
        classify(&Expr::Not(Box::new(ident("Active"))), &PRODUCTS),
        off
    );
    assert_eq!(classify(&ident("Active").eq(lit(true)), &PRODUCTS), on);
    assert_eq!(
        classify(&ident("Created").gt(ts_ms(0)), &PRODUCTS),
        Pushdown::Unsupported
    );
}

#[test]
fn created_ranges_combine() {
    let a = CreatedRange {
        gte: Some(10),
        lte: None,
    };
    let b = CreatedRange {
        gte: Some(5),
        lte: Some(20),
    };
    let both = a.intersect(b);
    assert_eq!(
        both,
        CreatedRange {
            gte: Some(10),
            lte: Some(20)
        }
    );
    assert!(!both.is_empty());
    assert!(both.contains(10) && both.contains(20) && !both.contains(21) && !both.contains(9));
    assert!(both
        .intersect(CreatedRange {
            gte: None,
            lte: Some(9)
        })
        .is_empty());
    assert_eq!(
        both.params(),
        vec![
            ("created[gte]".to_string(), "10".to_string()),
            ("created[lte]".to_string(), "20".to_string())
        ]
    );
    assert!(CreatedRange::default().is_unbounded());
    assert!(CreatedRange::default().contains(i64::MIN));
}

#[test]
fn parent_columns_pick_parents_and_ids_need_a_retrieve_endpoint() {
    use crate::catalogue::INVOICE_LINE_ITEMS;
    let lines = |e: &Expr| classify(e, &INVOICE_LINE_ITEMS);
    let p = lines(&ident("InvoiceId").eq(lit("in_1")));
    assert_eq!(p, Pushdown::Parents(vec!["in_1".into()]));
    assert_eq!(p.support(), Inexact);
    let in_list = ident("InvoiceId").in_list(vec![lit("in_1"), lit("in_2"), lit("in_1")], false);
    assert_eq!(
        lines(&in_list),
        Pushdown::Parents(vec!["in_1".into(), "in_2".into()])
    );
    let or_chain = ident("InvoiceId")
        .eq(lit("a"))
        .or(ident("InvoiceId").eq(lit("b")));
    assert_eq!(
        lines(&or_chain),
        Pushdown::Parents(vec!["a".into(), "b".into()])
    );
    let mixed = ident("InvoiceId").eq(lit("a")).or(ident("Id").eq(lit("b")));
    assert_eq!(lines(&mixed), Pushdown::Unsupported);
    assert_eq!(lines(&ident("Id").eq(lit("il_1"))), Pushdown::Unsupported);
    assert_eq!(
        lines(&ident("InvoiceId").not_eq(lit("a"))),
        Pushdown::Unsupported
    );
}
