//! A minimal `sys` catalog: databases, schemas, tables, columns. Tools (JDBC DatabaseMetaData,
//! jTDS, SSMS) list databases and schemas from these views at connect time.

use connector::{SqlType, TableDef};
use datafusion::arrow::array::RecordBatch;
use datafusion::error::Result;

use super::batch::{build_batch, Cell};
use super::database::{Database, INFORMATION_SCHEMA, SYS};
use super::types::{facts, view_def, COLLATION, SYSNAME};
use crate::state::SessionInfo;

/// SQL Server 2022's compatibility level.
const COMPATIBILITY_LEVEL: i64 = 160;

fn view(name: &str, columns: &[(&str, SqlType, bool)]) -> TableDef {
    view_def(SYS, name, columns)
}

/// `sys.columns` (and `sys.all_columns`): what SSMS, Power BI and DBeaver read.
const COLUMNS: &[(&str, SqlType, bool)] = &[
    ("object_id", SqlType::Int, false),
    ("name", SYSNAME, true),
    ("column_id", SqlType::Int, false),
    ("system_type_id", SqlType::Int, false),
    ("user_type_id", SqlType::Int, false),
    ("max_length", SqlType::Int, false),
    ("precision", SqlType::Int, false),
    ("scale", SqlType::Int, false),
    ("collation_name", SYSNAME, true),
    ("is_nullable", SqlType::Bit, true),
    ("is_ansi_padded", SqlType::Bit, false),
    ("is_rowguidcol", SqlType::Bit, false),
    ("is_identity", SqlType::Bit, false),
    ("is_computed", SqlType::Bit, false),
    ("is_filestream", SqlType::Bit, false),
    ("is_sparse", SqlType::Bit, false),
    ("is_column_set", SqlType::Bit, false),
    ("generated_always_type", SqlType::Int, true),
    ("default_object_id", SqlType::Int, false),
    ("rule_object_id", SqlType::Int, false),
];

/// Definitions of the views this module serves.
pub(crate) fn definitions() -> Vec<TableDef> {
    let int = SqlType::Int;
    let bit = SqlType::Bit;
    vec![
        view(
            "databases",
            &[
                ("name", SYSNAME, false),
                ("database_id", int, false),
                ("compatibility_level", int, false),
                ("collation_name", SYSNAME, true),
                ("state", int, true),
                ("state_desc", SqlType::NVarChar(Some(60)), true),
                ("user_access", int, true),
                ("is_read_only", bit, true),
                ("create_date", SqlType::DateTime, false),
                ("is_distributor", bit, true),
                ("recovery_model", int, true),
                ("recovery_model_desc", SqlType::NVarChar(Some(60)), true),
            ],
        ),
        view(
            "schemas",
            &[
                ("name", SYSNAME, false),
                ("schema_id", int, false),
                ("principal_id", int, true),
            ],
        ),
        view(
            "tables",
            &[
                ("name", SYSNAME, false),
                ("object_id", int, false),
                ("schema_id", int, false),
                ("type", SqlType::NVarChar(Some(2)), true),
                ("type_desc", SqlType::NVarChar(Some(60)), true),
                ("is_ms_shipped", bit, false),
                ("principal_id", int, true),
                ("parent_object_id", int, false),
                ("create_date", SqlType::DateTime, false),
                ("modify_date", SqlType::DateTime, false),
                ("is_external", bit, false),
            ],
        ),
        view("columns", COLUMNS),
        // SQL Server's all_columns adds the system views' columns; vtds lists the same rows.
        view("all_columns", COLUMNS),
    ]
}

/// The rows of one view for `db` as `info`'s session sees it.
pub(crate) fn batch(db: &Database, def: &TableDef, info: &SessionInfo) -> Result<RecordBatch> {
    let rows = match def.name.as_str() {
        "databases" => databases(&info.all_databases()),
        "schemas" => schemas(db),
        "tables" => tables(db),
        "columns" | "all_columns" => columns(db),
        _ => return super::sys_objects::batch(db, def, info),
    };
    build_batch(def, &rows)
}

fn databases(visible: &[(i64, String)]) -> Vec<Vec<Cell>> {
    visible
        .iter()
        .map(|(id, name)| {
            vec![
                name.as_str().into(),
                Cell::Int(*id),
                Cell::Int(COMPATIBILITY_LEVEL),
                COLLATION.into(),
                Cell::Int(0),
                "ONLINE".into(),
                Cell::Int(0),
                Cell::Bit(false),
                Cell::Int(0),
                Cell::Bit(false),
                Cell::Int(3),
                "SIMPLE".into(),
            ]
        })
        .collect()
}

/// Schema ids follow SQL Server's fixed ones (dbo 1, INFORMATION_SCHEMA 3, sys 4); connector
/// schemas come after.
pub(crate) fn schema_ids(db: &Database) -> Vec<(String, i64)> {
    let mut ids = vec![
        ("dbo".to_string(), 1),
        (INFORMATION_SCHEMA.to_string(), 3),
        (SYS.to_string(), 4),
    ];
    ids.extend(
        db.user_schemas()
            .iter()
            .enumerate()
            .map(|(i, s)| (s.clone(), 5 + i as i64)),
    );
    ids
}

pub(super) fn schema_id(db: &Database, schema: &str) -> i64 {
    schema_ids(db)
        .into_iter()
        .find(|(s, _)| s == schema)
        .map_or(1, |(_, id)| id)
}

/// Stable, distinct object ids for connector tables.
pub(crate) fn object_id(index: usize) -> i64 {
    1_000_000 + 16 * index as i64
}

fn schemas(db: &Database) -> Vec<Vec<Cell>> {
    schema_ids(db)
        .into_iter()
        .map(|(name, id)| vec![name.into(), Cell::Int(id), Cell::Int(1)])
        .collect()
}

fn tables(db: &Database) -> Vec<Vec<Cell>> {
    db.user_tables()
        .iter()
        .enumerate()
        .map(|(i, t)| {
            vec![
                t.name.as_str().into(),
                Cell::Int(object_id(i)),
                Cell::Int(schema_id(db, &t.schema)),
                "U".into(),
                "USER_TABLE".into(),
                Cell::Bit(false),
                Cell::Null,
                Cell::Int(0),
                Cell::Int(0),
                Cell::Int(0),
                Cell::Bit(false),
            ]
        })
        .collect()
}

fn columns(db: &Database) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    for (i, t) in db.user_tables().iter().enumerate() {
        for (j, c) in t.columns.iter().enumerate() {
            let f = facts(c.sql_type);
            let collation = match c.sql_type {
                SqlType::NVarChar(_) => COLLATION.into(),
                _ => Cell::Null,
            };
            rows.push(vec![
                Cell::Int(object_id(i)),
                c.name.as_str().into(),
                Cell::Int(j as i64 + 1),
                Cell::Int(f.system_type_id),
                Cell::Int(f.system_type_id),
                Cell::Int(f.max_length),
                Cell::Int(f.precision),
                Cell::Int(f.scale),
                collation,
                Cell::Bit(c.nullable),
                Cell::Bit(matches!(c.sql_type, SqlType::NVarChar(_))),
                Cell::Bit(false),
                Cell::Bit(false),
                Cell::Bit(false),
                Cell::Bit(false),
                Cell::Bit(false),
                Cell::Bit(false),
                Cell::Int(0),
                Cell::Int(0),
                Cell::Int(0),
            ]);
        }
    }
    rows
}
