//! The rest of the `sys` views tools join against while browsing: Power BI's navigator reads
//! extended properties, keys, defaults and computed columns; SSMS joins database principals;
//! SqlClient's GetSchema reads `sysdatabases`. Views vtds has
//! nothing for are empty with SQL Server's columns, because a missing view fails the whole query.

use connector::{SqlType, TableDef};
use datafusion::arrow::array::RecordBatch;
use datafusion::error::Result;

use super::batch::{build_batch, Cell};
use super::database::{Database, SYS};
use super::sys::object_id;
use super::sys_objects::has_pk;
use super::types::{view_def, SYSNAME};
use crate::state::SessionInfo;

fn view(name: &str, columns: &[(&str, SqlType, bool)]) -> TableDef {
    view_def(SYS, name, columns)
}

/// Definitions of the views this module serves.
pub(crate) fn definitions() -> Vec<TableDef> {
    let (int, bit, dt) = (SqlType::Int, SqlType::Bit, SqlType::DateTime);
    let text = SqlType::NVarChar(None);
    let short = SqlType::NVarChar(Some(2));
    let desc = SqlType::NVarChar(Some(60));
    vec![
        view(
            "extended_properties",
            &[
                ("class", int, false),
                ("class_desc", desc, true),
                ("major_id", int, false),
                ("minor_id", int, false),
                ("name", SYSNAME, false),
                // sql_variant in SQL Server; its base type here is nvarchar.
                ("value", text, true),
            ],
        ),
        view(
            "foreign_keys",
            &[
                ("name", SYSNAME, false),
                ("object_id", int, false),
                ("schema_id", int, false),
                ("parent_object_id", int, false),
                ("type", short, true),
                ("referenced_object_id", int, true),
                ("key_index_id", int, true),
                ("is_disabled", bit, false),
                ("delete_referential_action", int, true),
                ("update_referential_action", int, true),
            ],
        ),
        view(
            "foreign_key_columns",
            &[
                ("constraint_object_id", int, false),
                ("constraint_column_id", int, false),
                ("parent_object_id", int, false),
                ("parent_column_id", int, false),
                ("referenced_object_id", int, false),
                ("referenced_column_id", int, false),
            ],
        ),
        view(
            "default_constraints",
            &[
                ("name", SYSNAME, false),
                ("object_id", int, false),
                ("parent_object_id", int, false),
                ("parent_column_id", int, false),
                ("definition", text, true),
            ],
        ),
        view(
            "computed_columns",
            &[
                ("object_id", int, false),
                ("name", SYSNAME, true),
                ("column_id", int, false),
                ("definition", text, true),
                ("is_persisted", bit, false),
            ],
        ),
        view(
            "index_columns",
            &[
                ("object_id", int, false),
                ("index_id", int, false),
                ("index_column_id", int, false),
                ("column_id", int, false),
                ("key_ordinal", int, false),
                ("partition_ordinal", int, false),
                ("is_descending_key", bit, true),
                ("is_included_column", bit, true),
            ],
        ),
        view(
            "database_principals",
            &[
                ("name", SYSNAME, false),
                ("principal_id", int, false),
                ("type", SqlType::NVarChar(Some(1)), false),
                ("type_desc", desc, true),
                ("default_schema_name", SYSNAME, true),
                ("create_date", dt, false),
                ("modify_date", dt, false),
                ("owning_principal_id", int, true),
                ("is_fixed_role", bit, false),
            ],
        ),
        view(
            "sysdatabases",
            &[
                ("name", SYSNAME, true),
                ("dbid", int, true),
                ("mode", int, true),
                ("status", int, true),
                ("status2", int, true),
                ("crdate", dt, false),
                ("reserved", dt, false),
                ("category", int, true),
                ("cmptlevel", int, false),
                ("filename", SqlType::NVarChar(Some(260)), true),
                ("version", int, true),
            ],
        ),
    ]
}

/// Compatibility views clients name without a schema (`FROM sysdatabases`).
pub(crate) fn is_compatibility_view(name: &str) -> bool {
    name.eq_ignore_ascii_case("sysdatabases")
}

/// The rows of one view as `info`'s session sees it.
pub(crate) fn batch(db: &Database, def: &TableDef, info: &SessionInfo) -> Result<RecordBatch> {
    let rows = match def.name.as_str() {
        "index_columns" => index_columns(db),
        "extended_properties" => descriptions(db),
        "database_principals" => principals(),
        "sysdatabases" => info
            .all_databases()
            .into_iter()
            .map(|(id, name)| {
                vec![
                    name.as_str().into(),
                    Cell::Int(id),
                    Cell::Int(0),
                    Cell::Int(65_544),
                    Cell::Int(1_090_520_064),
                    Cell::Int(0),
                    Cell::Int(0),
                    Cell::Int(0),
                    Cell::Int(160),
                    Cell::Null,
                    Cell::Int(957),
                ]
            })
            .collect(),
        _ => return super::sys_dm::batch(def, info),
    };
    build_batch(def, &rows)
}

/// Stripe's descriptions of tables and columns as `MS_Description` properties, where SSMS, Azure
/// Data Studio and documentation tools read them (class 1: an object, or a column of it).
fn descriptions(db: &Database) -> Vec<Vec<Cell>> {
    let property = |major: i64, minor: i64, text: &str| {
        vec![
            Cell::Int(1),
            "OBJECT_OR_COLUMN".into(),
            Cell::Int(major),
            Cell::Int(minor),
            "MS_Description".into(),
            text.into(),
        ]
    };
    let mut rows = Vec::new();
    for (i, t) in db.user_tables().iter().enumerate() {
        let major = object_id(i);
        if let Some(d) = t.description.as_deref().filter(|d| !d.is_empty()) {
            rows.push(property(major, 0, d));
        }
        for (c, column) in t.columns.iter().enumerate() {
            if let Some(d) = column.description.as_deref().filter(|d| !d.is_empty()) {
                rows.push(property(major, c as i64 + 1, d));
            }
        }
    }
    rows
}

/// The primary key on `Id` that `sys.indexes` lists, as its one key column.
fn index_columns(db: &Database) -> Vec<Vec<Cell>> {
    db.user_tables()
        .iter()
        .enumerate()
        .filter(|(_, t)| has_pk(t))
        .filter_map(|(i, t)| {
            let id_column = t
                .columns
                .iter()
                .position(|c| c.name.eq_ignore_ascii_case("Id"))?;
            Some(vec![
                Cell::Int(object_id(i)),
                Cell::Int(1),
                Cell::Int(1),
                Cell::Int(id_column as i64 + 1),
                Cell::Int(1),
                Cell::Int(0),
                Cell::Bit(false),
                Cell::Bit(false),
            ])
        })
        .collect()
}

/// The fixed principals every database has; logins map to `dbo`.
fn principals() -> Vec<Vec<Cell>> {
    let principal = |name: &str, id: i64, ty: &str, desc: &str, schema: Option<&str>| {
        vec![
            name.into(),
            Cell::Int(id),
            ty.into(),
            desc.into(),
            schema.map_or(Cell::Null, Cell::from),
            Cell::Int(0),
            Cell::Int(0),
            if ty == "R" { Cell::Int(1) } else { Cell::Null },
            Cell::Bit(false),
        ]
    };
    vec![
        principal("public", 0, "R", "DATABASE_ROLE", None),
        principal("dbo", 1, "S", "SQL_USER", Some("dbo")),
        principal("guest", 2, "S", "SQL_USER", Some("guest")),
        principal("INFORMATION_SCHEMA", 3, "S", "SQL_USER", None),
        principal("sys", 4, "S", "SQL_USER", None),
    ]
}

#[cfg(test)]
mod tests {
    use crate::tests::harness::{one, session};

    #[tokio::test]
    async fn browsing_views_have_rows_where_vtds_has_facts() {
        let mut s = session();
        let r = one(&mut s, "SELECT host_platform FROM sys.dm_os_host_info").await;
        assert_eq!(r.rows(), &vec![vec!["Linux"]]);
        let r = one(
            &mut s,
            "SELECT c.name FROM sys.index_columns ic JOIN sys.columns c \
             ON c.object_id = ic.object_id AND c.column_id = ic.column_id \
             JOIN sys.tables t ON t.object_id = ic.object_id WHERE t.name = 'Customers'",
        )
        .await;
        assert_eq!(r.rows(), &vec![vec!["Id"]]);
        let r = one(&mut s, "SELECT name, dbid FROM sysdatabases ORDER BY dbid").await;
        assert_eq!(r.rows()[4..], [vec!["Stripe1", "5"], vec!["Stripe2", "6"]]);
        let r = one(
            &mut s,
            "SELECT name FROM master..sysdatabases WHERE dbid = 5",
        )
        .await;
        assert_eq!(r.rows(), &vec![vec!["Stripe1"]]);
        for empty in [
            "sys.foreign_keys",
            "sys.foreign_key_columns",
            "sys.default_constraints",
            "sys.computed_columns",
        ] {
            let r = one(&mut s, &format!("SELECT * FROM {empty}")).await;
            assert!(r.rows().is_empty(), "{empty}");
        }
        // Stripe's descriptions, where SSMS reads them.
        let r = one(
            &mut s,
            "SELECT COALESCE(c.name, ''), CAST(ep.value AS NVARCHAR(200)) \
             FROM sys.extended_properties ep JOIN sys.tables t ON t.object_id = ep.major_id \
             LEFT JOIN sys.columns c ON c.object_id = ep.major_id AND c.column_id = ep.minor_id \
             WHERE t.name = 'Customers' AND ep.name = 'MS_Description' AND ep.class = 1 \
             ORDER BY ep.minor_id",
        )
        .await;
        assert_eq!(
            r.rows(),
            &vec![
                vec!["", "Customers"],
                vec!["Email", "The customer's email address."]
            ]
        );
        let r = one(
            &mut s,
            "SELECT name FROM sys.database_principals WHERE principal_id = 1",
        )
        .await;
        assert_eq!(r.rows(), &vec![vec!["dbo"]]);
    }
}
