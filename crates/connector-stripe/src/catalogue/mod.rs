//! The Stripe table catalogue: one static [`ResourceSpec`] per resource.

mod charges;
mod customers;
mod spec;

pub use charges::CHARGES;
pub use customers::CUSTOMERS;
pub use spec::{
    ColumnKind, ColumnSpec, FilterSpec, ResourceSpec, DECIMAL_PRECISION, DECIMAL_SCALE, EMAIL_LEN,
    ENUM_LEN, ID_LEN, PHONE_LEN, SCHEMA,
};

/// Every table, in the order the catalog lists them.
pub static RESOURCES: &[&ResourceSpec] = &[&CHARGES, &CUSTOMERS];

/// The resource behind a table name (exact, canonical spelling).
pub fn resource(table: &str) -> Option<&'static ResourceSpec> {
    RESOURCES.iter().copied().find(|r| r.table == table)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_table_is_well_formed() {
        for r in RESOURCES {
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
        }
    }

    #[test]
    fn customers_have_the_expected_columns() {
        let cols: Vec<_> = CUSTOMERS.columns.iter().map(|c| c.name).collect();
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
            assert!(cols.contains(&want), "Customers lacks {want}");
        }
        let def = CUSTOMERS.table_def();
        assert_eq!(def.schema, "Stripe");
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
}
