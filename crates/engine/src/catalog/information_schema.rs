//! `INFORMATION_SCHEMA` views built from the connector's table definitions.
//!
//! tds_fdw's IMPORT FOREIGN SCHEMA joins TABLES and COLUMNS and binds columns by position, SqlClient
//! GetSchema reads TABLES: the column lists and types follow SQL Server's views exactly.

use connector::{SqlType, TableDef};
use datafusion::arrow::array::RecordBatch;
use datafusion::error::Result;

use super::batch::{build_batch, Cell};
use super::database::{Database, INFORMATION_SCHEMA, SYS};
use super::types::{facts, view_def, COLLATION, SYSNAME};

fn view(name: &str, columns: &[(&str, SqlType, bool)]) -> TableDef {
    view_def(INFORMATION_SCHEMA, name, columns)
}

/// Definitions of the views this module serves.
pub(crate) fn definitions() -> Vec<TableDef> {
    let int = SqlType::Int;
    vec![
        view(
            "TABLES",
            &[
                ("TABLE_CATALOG", SYSNAME, true),
                ("TABLE_SCHEMA", SYSNAME, true),
                ("TABLE_NAME", SYSNAME, false),
                ("TABLE_TYPE", SqlType::NVarChar(Some(10)), true),
            ],
        ),
        view(
            "COLUMNS",
            &[
                ("TABLE_CATALOG", SYSNAME, true),
                ("TABLE_SCHEMA", SYSNAME, true),
                ("TABLE_NAME", SYSNAME, false),
                ("COLUMN_NAME", SYSNAME, true),
                ("ORDINAL_POSITION", int, true),
                ("COLUMN_DEFAULT", SqlType::NVarChar(Some(4000)), true),
                ("IS_NULLABLE", SqlType::NVarChar(Some(3)), true),
                ("DATA_TYPE", SYSNAME, true),
                ("CHARACTER_MAXIMUM_LENGTH", int, true),
                ("CHARACTER_OCTET_LENGTH", int, true),
                ("NUMERIC_PRECISION", int, true),
                ("NUMERIC_PRECISION_RADIX", int, true),
                ("NUMERIC_SCALE", int, true),
                ("DATETIME_PRECISION", int, true),
                ("CHARACTER_SET_CATALOG", SYSNAME, true),
                ("CHARACTER_SET_SCHEMA", SYSNAME, true),
                ("CHARACTER_SET_NAME", SYSNAME, true),
                ("COLLATION_CATALOG", SYSNAME, true),
                ("COLLATION_SCHEMA", SYSNAME, true),
                ("COLLATION_NAME", SYSNAME, true),
                ("DOMAIN_CATALOG", SYSNAME, true),
                ("DOMAIN_SCHEMA", SYSNAME, true),
                ("DOMAIN_NAME", SYSNAME, true),
            ],
        ),
        view(
            "SCHEMATA",
            &[
                ("CATALOG_NAME", SYSNAME, false),
                ("SCHEMA_NAME", SYSNAME, false),
                ("SCHEMA_OWNER", SYSNAME, true),
                ("DEFAULT_CHARACTER_SET_CATALOG", SYSNAME, true),
                ("DEFAULT_CHARACTER_SET_SCHEMA", SYSNAME, true),
                ("DEFAULT_CHARACTER_SET_NAME", SYSNAME, true),
            ],
        ),
        view(
            "VIEWS",
            &[
                ("TABLE_CATALOG", SYSNAME, true),
                ("TABLE_SCHEMA", SYSNAME, true),
                ("TABLE_NAME", SYSNAME, false),
                ("VIEW_DEFINITION", SqlType::NVarChar(Some(4000)), true),
                ("CHECK_OPTION", SqlType::NVarChar(Some(7)), true),
                ("IS_UPDATABLE", SqlType::NVarChar(Some(2)), true),
            ],
        ),
    ]
}

/// The rows of one view (`def` is one of [`definitions`]) for `db`.
pub(crate) fn batch(db: &Database, def: &TableDef) -> Result<RecordBatch> {
    let rows = match def.name.as_str() {
        "TABLES" => tables(db),
        "COLUMNS" => columns(db),
        "SCHEMATA" => schemata(db),
        _ => Vec::new(),
    };
    build_batch(def, &rows)
}

fn tables(db: &Database) -> Vec<Vec<Cell>> {
    db.user_tables()
        .iter()
        .map(|t| {
            vec![
                db.name.as_str().into(),
                t.schema.as_str().into(),
                t.name.as_str().into(),
                "BASE TABLE".into(),
            ]
        })
        .collect()
}

fn columns(db: &Database) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    for t in db.user_tables() {
        for (i, c) in t.columns.iter().enumerate() {
            let f = facts(c.sql_type);
            let is_text = matches!(c.sql_type, SqlType::NVarChar(_));
            let text = |s: &str| if is_text { Cell::from(s) } else { Cell::Null };
            rows.push(vec![
                db.name.as_str().into(),
                t.schema.as_str().into(),
                t.name.as_str().into(),
                c.name.as_str().into(),
                Cell::Int(i as i64 + 1),
                Cell::Null,
                if c.nullable { "YES" } else { "NO" }.into(),
                c.sql_type.type_name().into(),
                f.char_max.into(),
                f.octet_len.into(),
                f.numeric_precision.into(),
                f.radix.into(),
                f.numeric_scale.into(),
                f.datetime_precision.into(),
                Cell::Null,
                Cell::Null,
                text("UNICODE"),
                Cell::Null,
                Cell::Null,
                text(COLLATION),
                Cell::Null,
                Cell::Null,
                Cell::Null,
            ]);
        }
    }
    rows
}

fn schemata(db: &Database) -> Vec<Vec<Cell>> {
    let mut names: Vec<String> = vec!["dbo".to_string()];
    names.extend(db.user_schemas().iter().cloned());
    names.push(INFORMATION_SCHEMA.to_string());
    names.push(SYS.to_string());
    names
        .into_iter()
        .map(|s| {
            vec![
                db.name.as_str().into(),
                s.into(),
                "dbo".into(),
                Cell::Null,
                Cell::Null,
                "iso_1".into(),
            ]
        })
        .collect()
}
