//! `sys.objects`, `sys.types` and `sys.indexes`: SMO, DBeaver and JDBC read them to list tables,
//! map type ids to names and find primary keys. Ids agree with `sys.tables`/`sys.columns`.

use connector::{SqlType, TableDef};
use datafusion::arrow::array::RecordBatch;
use datafusion::error::Result;

use super::batch::{build_batch, Cell};
use super::database::{Database, SYS};
use super::sys::{object_id, schema_id};
use super::types::{view_def, COLLATION, SYSNAME};
use crate::state::SessionInfo;

/// The primary key every connector table has (`Id`), named as SQL Server names unnamed ones'
/// stable part: `PK_<table>`.
pub(crate) fn pk_name(table: &str) -> String {
    format!("PK_{table}")
}

fn view(name: &str, columns: &[(&str, SqlType, bool)]) -> TableDef {
    view_def(SYS, name, columns)
}

/// Definitions of the views this module serves.
pub(crate) fn definitions() -> Vec<TableDef> {
    let (int, bit, dt) = (SqlType::Int, SqlType::Bit, SqlType::DateTime);
    let short = SqlType::NVarChar(Some(2));
    let desc = SqlType::NVarChar(Some(60));
    let mut defs = vec![
        view(
            "objects",
            &[
                ("name", SYSNAME, false),
                ("object_id", int, false),
                ("principal_id", int, true),
                ("schema_id", int, false),
                ("parent_object_id", int, false),
                ("type", short, true),
                ("type_desc", desc, true),
                ("create_date", dt, false),
                ("modify_date", dt, false),
                ("is_ms_shipped", bit, false),
                ("is_published", bit, false),
                ("is_schema_published", bit, false),
            ],
        ),
        view(
            "types",
            &[
                ("name", SYSNAME, false),
                ("system_type_id", int, false),
                ("user_type_id", int, false),
                ("schema_id", int, false),
                ("principal_id", int, true),
                ("max_length", int, false),
                ("precision", int, false),
                ("scale", int, false),
                ("collation_name", SYSNAME, true),
                ("is_nullable", bit, true),
                ("is_user_defined", bit, false),
                ("is_assembly_type", bit, false),
                ("default_object_id", int, false),
                ("rule_object_id", int, false),
                ("is_table_type", bit, false),
            ],
        ),
        view(
            "indexes",
            &[
                ("object_id", int, false),
                ("name", SYSNAME, true),
                ("index_id", int, false),
                ("type", int, false),
                ("type_desc", desc, true),
                ("is_unique", bit, true),
                ("data_space_id", int, true),
                ("ignore_dup_key", bit, true),
                ("is_primary_key", bit, true),
                ("is_unique_constraint", bit, true),
                ("fill_factor", int, false),
                ("is_padded", bit, true),
                ("is_disabled", bit, true),
                ("is_hypothetical", bit, true),
                ("allow_row_locks", bit, true),
                ("allow_page_locks", bit, true),
                ("has_filter", bit, true),
                ("filter_definition", SqlType::NVarChar(None), true),
            ],
        ),
    ];
    // all_objects adds system objects in SQL Server; vtds has none to list.
    let mut all = defs[0].clone();
    all.name = "all_objects".to_string();
    defs.push(all);
    defs
}

/// The rows of one view for `db`.
pub(crate) fn batch(db: &Database, def: &TableDef, info: &SessionInfo) -> Result<RecordBatch> {
    let rows = match def.name.as_str() {
        "objects" | "all_objects" => objects(db),
        "types" => types(),
        "indexes" => indexes(db),
        _ => return super::sys_extra::batch(db, def, info),
    };
    build_batch(def, &rows)
}

pub(super) fn has_pk(t: &TableDef) -> bool {
    t.columns.iter().any(|c| c.name.eq_ignore_ascii_case("Id"))
}

fn objects(db: &Database) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    let object = |name: String, id: i64, schema: i64, parent: i64, ty: &str, desc: &str| {
        vec![
            name.into(),
            Cell::Int(id),
            Cell::Null,
            Cell::Int(schema),
            Cell::Int(parent),
            ty.into(),
            desc.into(),
            Cell::Int(0),
            Cell::Int(0),
            Cell::Bit(false),
            Cell::Bit(false),
            Cell::Bit(false),
        ]
    };
    for (i, t) in db.user_tables().iter().enumerate() {
        let (id, schema) = (object_id(i), schema_id(db, &t.schema));
        rows.push(object(t.name.clone(), id, schema, 0, "U", "USER_TABLE"));
        if has_pk(t) {
            // The key constraint is an object of its own, parented by the table.
            rows.push(object(
                pk_name(&t.name),
                id + 1,
                schema,
                id,
                "PK",
                "PRIMARY_KEY_CONSTRAINT",
            ));
        }
    }
    rows
}

fn indexes(db: &Database) -> Vec<Vec<Cell>> {
    db.user_tables()
        .iter()
        .enumerate()
        .filter(|(_, t)| has_pk(t))
        .map(|(i, t)| {
            vec![
                Cell::Int(object_id(i)),
                pk_name(&t.name).into(),
                Cell::Int(1),
                Cell::Int(1),
                "CLUSTERED".into(),
                Cell::Bit(true),
                Cell::Int(1),
                Cell::Bit(false),
                Cell::Bit(true),
                Cell::Bit(false),
                Cell::Int(0),
                Cell::Bit(false),
                Cell::Bit(false),
                Cell::Bit(false),
                Cell::Bit(true),
                Cell::Bit(true),
                Cell::Bit(false),
                Cell::Null,
            ]
        })
        .collect()
}

/// SQL Server 2022's system types: name, system_type_id, user_type_id, max_length, precision,
/// scale, has a collation, is an assembly (CLR) type.
type SystemType = (&'static str, i64, i64, i64, i64, i64, bool, bool);

const SYSTEM_TYPES: &[SystemType] = &[
    ("image", 34, 34, 16, 0, 0, false, false),
    ("text", 35, 35, 16, 0, 0, true, false),
    ("uniqueidentifier", 36, 36, 16, 0, 0, false, false),
    ("date", 40, 40, 3, 10, 0, false, false),
    ("time", 41, 41, 5, 16, 7, false, false),
    ("datetime2", 42, 42, 8, 27, 7, false, false),
    ("datetimeoffset", 43, 43, 10, 34, 7, false, false),
    ("tinyint", 48, 48, 1, 3, 0, false, false),
    ("smallint", 52, 52, 2, 5, 0, false, false),
    ("int", 56, 56, 4, 10, 0, false, false),
    ("smalldatetime", 58, 58, 4, 16, 0, false, false),
    ("real", 59, 59, 4, 24, 0, false, false),
    ("money", 60, 60, 8, 19, 4, false, false),
    ("datetime", 61, 61, 8, 23, 3, false, false),
    ("float", 62, 62, 8, 53, 0, false, false),
    ("sql_variant", 98, 98, 8016, 0, 0, false, false),
    ("ntext", 99, 99, 16, 0, 0, true, false),
    ("bit", 104, 104, 1, 1, 0, false, false),
    ("decimal", 106, 106, 17, 38, 38, false, false),
    ("numeric", 108, 108, 17, 38, 38, false, false),
    ("smallmoney", 122, 122, 4, 10, 4, false, false),
    ("bigint", 127, 127, 8, 19, 0, false, false),
    ("hierarchyid", 240, 128, 892, 0, 0, false, true),
    ("geometry", 240, 129, -1, 0, 0, false, true),
    ("geography", 240, 130, -1, 0, 0, false, true),
    ("varbinary", 165, 165, 8000, 0, 0, false, false),
    ("varchar", 167, 167, 8000, 0, 0, true, false),
    ("binary", 173, 173, 8000, 0, 0, false, false),
    ("char", 175, 175, 8000, 0, 0, true, false),
    ("timestamp", 189, 189, 8, 0, 0, false, false),
    ("nvarchar", 231, 231, 8000, 0, 0, true, false),
    ("nchar", 239, 239, 8000, 0, 0, true, false),
    ("xml", 241, 241, -1, 0, 0, false, false),
    ("sysname", 231, 256, 256, 0, 0, true, false),
];

fn types() -> Vec<Vec<Cell>> {
    SYSTEM_TYPES
        .iter()
        .map(
            |&(name, system, user, max_length, precision, scale, collated, assembly)| {
                vec![
                    name.into(),
                    Cell::Int(system),
                    Cell::Int(user),
                    Cell::Int(4),
                    Cell::Null,
                    Cell::Int(max_length),
                    Cell::Int(precision),
                    Cell::Int(scale),
                    if collated {
                        COLLATION.into()
                    } else {
                        Cell::Null
                    },
                    // sysname is declared NOT NULL.
                    Cell::Bit(name != "sysname"),
                    Cell::Bit(false),
                    Cell::Bit(assembly),
                    Cell::Int(0),
                    Cell::Int(0),
                    Cell::Bit(false),
                ]
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::tests::harness::{one, session};

    #[tokio::test]
    async fn objects_types_indexes_and_routines() {
        let mut s = session();
        let r = one(
            &mut s,
            "SELECT o.name, o.type, o.type_desc FROM sys.objects o JOIN sys.tables t \
             ON t.object_id = o.object_id ORDER BY o.name",
        )
        .await;
        assert_eq!(
            r.rows(),
            &vec![
                vec!["Charges", "U", "USER_TABLE"],
                vec!["Customers", "U", "USER_TABLE"]
            ]
        );
        let r = one(
            &mut s,
            "SELECT name, parent_object_id FROM sys.objects WHERE type = 'PK' ORDER BY name",
        )
        .await;
        assert_eq!(r.rows()[0][0], "PK_Charges");
        let r = one(
            &mut s,
            "SELECT name, max_length, is_nullable FROM sys.types WHERE system_type_id = 231 \
             ORDER BY user_type_id",
        )
        .await;
        assert_eq!(
            r.rows(),
            &vec![
                vec!["nvarchar", "8000", "true"],
                vec!["sysname", "256", "false"]
            ]
        );
        let r = one(
            &mut s,
            "SELECT t.name FROM sys.columns c JOIN sys.types t ON t.user_type_id = c.user_type_id \
             JOIN sys.tables tb ON tb.object_id = c.object_id \
             WHERE tb.name = 'Charges' AND c.name = 'Amount'",
        )
        .await;
        assert_eq!(r.rows(), &vec![vec!["bigint"]]);
        let r = one(
            &mut s,
            "SELECT i.name, i.type_desc, i.is_primary_key FROM sys.indexes i \
             JOIN sys.tables t ON t.object_id = i.object_id WHERE t.name = 'customers'",
        )
        .await;
        assert_eq!(r.rows(), &vec![vec!["PK_Customers", "CLUSTERED", "true"]]);
        let r = one(&mut s, "SELECT * FROM INFORMATION_SCHEMA.ROUTINES").await;
        assert_eq!(r.names().len(), 51);
        assert_eq!(r.names()[5], "ROUTINE_NAME");
        assert!(r.rows().is_empty());
    }
}
