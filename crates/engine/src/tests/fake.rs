//! A test connector serving `Stripe.Customers` and `Stripe.Charges` from memory, shaped like the
//! Stripe catalogue (PascalCase columns, nvarchar ids, datetime timestamps, bigint amounts).

use std::sync::Arc;

use connector::{ColumnDef, Connector, SqlType, TableDef};
use datafusion::arrow::array::{
    ArrayRef, BooleanArray, Int64Array, RecordBatch, StringArray, TimestampMillisecondArray,
};
use datafusion::catalog::TableProvider;
use datafusion::datasource::MemTable;

fn col(name: &str, sql_type: SqlType, nullable: bool) -> ColumnDef {
    ColumnDef {
        name: name.into(),
        sql_type,
        nullable,
        description: None,
    }
}

/// `Stripe.Customers`.
pub(crate) fn customers_def() -> TableDef {
    TableDef {
        schema: "Stripe".into(),
        name: "Customers".into(),
        description: Some("Customers".into()),
        columns: vec![
            col("Id", SqlType::NVarChar(Some(255)), false),
            ColumnDef {
                description: Some("The customer's email address.".into()),
                ..col("Email", SqlType::NVarChar(Some(512)), true)
            },
            col("Name", SqlType::NVarChar(Some(256)), true),
            col("Discount", SqlType::NVarChar(None), true),
            col("Created", SqlType::DateTime, false),
            col("Balance", SqlType::BigInt, false),
            col("Currency", SqlType::NVarChar(Some(3)), true),
            col("Delinquent", SqlType::Bit, true),
        ],
    }
}

/// `Stripe.Charges`.
pub(crate) fn charges_def() -> TableDef {
    TableDef {
        schema: "Stripe".into(),
        name: "Charges".into(),
        description: Some("Charges".into()),
        columns: vec![
            col("Id", SqlType::NVarChar(Some(255)), false),
            col("Amount", SqlType::BigInt, false),
            col("Currency", SqlType::NVarChar(Some(3)), false),
            col("CustomerId", SqlType::NVarChar(Some(255)), true),
            col("Created", SqlType::DateTime, false),
            col("Paid", SqlType::Bit, false),
            col("Status", SqlType::NVarChar(Some(32)), false),
        ],
    }
}

/// 2024-01-01T00:00:00Z in milliseconds, plus `days`.
fn day(days: i64) -> i64 {
    1_704_067_200_000 + days * 86_400_000
}

fn customers_batch() -> RecordBatch {
    let cols: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from(vec![
            "cus_1", "cus_2", "cus_3", "cus_4", "cus_5",
        ])),
        Arc::new(StringArray::from(vec![
            Some("ada@example.com"),
            Some("bob@example.com"),
            None,
            Some("dee@example.com"),
            Some("eve@example.org"),
        ])),
        Arc::new(StringArray::from(vec![
            Some("Ada"),
            Some("Bob"),
            Some("Cy"),
            None,
            Some("Eve"),
        ])),
        Arc::new(StringArray::from(vec![
            None,
            Some(r#"{"coupon":"SAVE10"}"#),
            None,
            None,
            None,
        ])),
        Arc::new(TimestampMillisecondArray::from(vec![
            day(0),
            day(1),
            day(2),
            day(3),
            day(4),
        ])),
        Arc::new(Int64Array::from(vec![0, -500, 1200, 0, 42])),
        Arc::new(StringArray::from(vec![
            Some("usd"),
            Some("eur"),
            Some("usd"),
            None,
            Some("usd"),
        ])),
        Arc::new(BooleanArray::from(vec![
            Some(false),
            Some(true),
            Some(false),
            None,
            Some(false),
        ])),
    ];
    RecordBatch::try_new(Arc::new(customers_def().arrow_schema()), cols).unwrap()
}

fn charges_batch() -> RecordBatch {
    let cols: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from(vec![
            "ch_1", "ch_2", "ch_3", "ch_4", "ch_5", "ch_6",
        ])),
        Arc::new(Int64Array::from(vec![1000, 2500, 700, 5000, 300, 1200])),
        Arc::new(StringArray::from(vec![
            "usd", "usd", "eur", "usd", "usd", "usd",
        ])),
        Arc::new(StringArray::from(vec![
            Some("cus_1"),
            Some("cus_1"),
            Some("cus_2"),
            Some("cus_3"),
            None,
            Some("cus_3"),
        ])),
        Arc::new(TimestampMillisecondArray::from(vec![
            day(0),
            day(1),
            day(1),
            day(2),
            day(5),
            day(6),
        ])),
        Arc::new(BooleanArray::from(vec![
            true, true, false, true, true, false,
        ])),
        Arc::new(StringArray::from(vec![
            "succeeded",
            "succeeded",
            "failed",
            "succeeded",
            "succeeded",
            "pending",
        ])),
    ];
    RecordBatch::try_new(Arc::new(charges_def().arrow_schema()), cols).unwrap()
}

/// The fake Stripe account.
#[derive(Debug, Default)]
pub(crate) struct FakeConnector;

impl Connector for FakeConnector {
    fn schemas(&self) -> Vec<String> {
        vec!["Stripe".into()]
    }

    fn tables(&self, schema: &str) -> Vec<TableDef> {
        if schema == "Stripe" {
            vec![charges_def(), customers_def()]
        } else {
            vec![]
        }
    }

    fn table_provider(&self, schema: &str, table: &str) -> Option<Arc<dyn TableProvider>> {
        let batch = match (schema, table) {
            ("Stripe", "Customers") => customers_batch(),
            ("Stripe", "Charges") => charges_batch(),
            _ => return None,
        };
        let t = MemTable::try_new(batch.schema(), vec![vec![batch]]).unwrap();
        Some(Arc::new(t))
    }
}

/// A shared fake connector.
pub(crate) fn fake_connector() -> Arc<dyn Connector> {
    Arc::new(FakeConnector)
}
