//! Invariants of the generated catalogue that the connector relies on.

use super::*;
use std::collections::HashSet;

#[test]
fn every_table_is_well_formed() {
    let mut tables = HashSet::new();
    for r in RESOURCES {
        assert!(tables.insert(r.table), "duplicate table {}", r.table);
        assert_eq!(r.columns[0].name, "Id", "{}", r.table);
        assert_eq!(r.columns[0].kind, ColumnKind::Id, "{}", r.table);
        let names: HashSet<_> = r.columns.iter().map(|c| c.name).collect();
        assert_eq!(
            names.len(),
            r.columns.len(),
            "duplicate column in {}",
            r.table
        );
        for c in r.columns {
            assert!(!c.json_path.is_empty(), "{}.{}", r.table, c.name);
            assert!(
                c.name.starts_with(char::is_uppercase),
                "{}.{}",
                r.table,
                c.name
            );
        }
        for f in r.filters {
            assert!(
                r.column(f.column).is_some(),
                "{} filter {}",
                r.table,
                f.column
            );
        }
        assert!(r.path.starts_with("/v1/"));
        if let Some(p) = &r.parent {
            let col = r.column(p.column);
            assert_eq!(col.map(|c| c.json_path), Some(&[p.key][..]), "{}", r.table);
            assert_eq!(resource(p.resource.table), Some(p.resource), "{}", r.table);
            assert!(
                p.resource.parent.is_none(),
                "{}: parents are top-level",
                r.table
            );
        }
        assert_eq!(
            r.path.contains('{'),
            r.parent.is_some_and(|p| p.in_path),
            "{}",
            r.table
        );
    }
    assert!(RESOURCES.len() >= 75, "{} tables", RESOURCES.len());
}

#[test]
fn customers_have_the_expected_columns() {
    for want in [
        "Id",
        "Object",
        "Email",
        "Name",
        "Description",
        "Phone",
        "Created",
        "Balance",
        "Currency",
        "Delinquent",
        "Discount",
        "Metadata",
        "Address",
        "AddressCity",
        "AddressCountry",
        "AddressLine1",
        "AddressLine2",
        "AddressPostalCode",
        "AddressState",
        "DefaultSourceId",
        "InvoicePrefix",
        "InvoiceSettings",
        "Livemode",
        "NextInvoiceSequence",
        "PreferredLocales",
        "Shipping",
        "TaxExempt",
        "TestClockId",
    ] {
        assert!(CUSTOMERS.column(want).is_some(), "Customers lacks {want}");
    }
    let def = CUSTOMERS.table_def();
    assert_eq!(def.schema, "Stripe");
    assert!(def.description.is_some());
    let email = def.columns.iter().find(|c| c.name == "Email");
    assert_eq!(
        email.map(|c| c.sql_type),
        Some(connector::SqlType::NVarChar(Some(512)))
    );
    let created = def.columns.iter().find(|c| c.name == "Created");
    assert_eq!(
        created.map(|c| c.sql_type),
        Some(connector::SqlType::DateTime)
    );
    assert_eq!(
        created.and_then(|c| c.description.clone()).as_deref(),
        Some("Time at which the object was created.")
    );
}

#[test]
fn charges_cover_the_requested_columns() {
    for want in [
        "Amount",
        "AmountCaptured",
        "AmountRefunded",
        "BalanceTransactionId",
        "BillingDetails",
        "BillingDetailsName",
        "BillingDetailsEmail",
        "BillingDetailsPhone",
        "Captured",
        "Created",
        "Currency",
        "CustomerId",
        "Description",
        "Disputed",
        "FailureCode",
        "FailureMessage",
        "Livemode",
        "Metadata",
        "Outcome",
        "Paid",
        "PaymentIntentId",
        "PaymentMethod",
        "ReceiptEmail",
        "Refunded",
        "Status",
        "TransferGroup",
    ] {
        assert!(CHARGES.column(want).is_some(), "Charges lacks {want}");
    }
    assert_eq!(
        CHARGES.filter("CustomerId").map(|f| f.param),
        Some("customer")
    );
    assert_eq!(resource("Charges"), Some(&CHARGES));
    assert_eq!(resource("charges"), None);
}

#[test]
fn children_and_complete_scans() {
    let children = [
        ("InvoiceLineItems", "Invoices", "InvoiceId"),
        ("SubscriptionItems", "Subscriptions", "SubscriptionId"),
        ("CreditNoteLineItems", "CreditNotes", "CreditNoteId"),
        (
            "CheckoutSessionLineItems",
            "CheckoutSessions",
            "CheckoutSessionId",
        ),
        ("CustomerBalanceTransactions", "Customers", "CustomerId"),
        ("CustomerTaxIds", "Customers", "CustomerId"),
        ("PaymentMethods", "Customers", "CustomerId"),
        (
            "ApplicationFeeRefunds",
            "ApplicationFees",
            "ApplicationFeeId",
        ),
        ("TransferReversals", "Transfers", "TransferId"),
    ];
    for (child, parent, column) in children {
        let r = resource(child).unwrap_or_else(|| panic!("no {child}"));
        let p = r.parent.unwrap_or_else(|| panic!("{child} has no parent"));
        assert_eq!((p.resource.table, p.column), (parent, column), "{child}");
    }
    assert_eq!(INVOICE_LINE_ITEMS.path, "/v1/invoices/{invoice}/lines");
    assert_eq!(SUBSCRIPTION_ITEMS.parent.map(|p| p.in_path), Some(false));
    assert_eq!(SUBSCRIPTIONS.default_params, &[("status", "all")]);
    assert_eq!(CUSTOMERS.test_clock_unhide, &["test_clock"]);
    assert_eq!(SUBSCRIPTIONS.test_clock_unhide, &["test_clock", "customer"]);
    assert_eq!(QUOTES.test_clock_unhide, &["test_clock", "customer"]);
    assert!(CHARGES.test_clock_unhide.is_empty());
    assert_eq!(APPS_SECRETS.required_params, &["scope"]);
    for t in [
        "Customers",
        "Charges",
        "PaymentIntents",
        "Invoices",
        "Subscriptions",
        "Products",
    ] {
        assert!(
            resource(t).is_some_and(|r| r.retrieve && r.parent.is_none()),
            "{t}"
        );
    }
}
