//! `INFORMATION_SCHEMA.ROUTINES`: vtds has no user routines, so the view is empty, but its
//! columns follow SQL Server's so tools that list functions and procedures bind them.

use connector::{SqlType, TableDef};

use super::database::INFORMATION_SCHEMA;
use super::types::{column, SYSNAME};

/// The view's definition (rows: none).
pub(crate) fn definition() -> TableDef {
    let n = |len| SqlType::NVarChar(Some(len));
    let (int, dt) = (SqlType::Int, SqlType::DateTime);
    let columns: &[(&str, SqlType)] = &[
        ("SPECIFIC_CATALOG", n(128)),
        ("SPECIFIC_SCHEMA", n(128)),
        ("SPECIFIC_NAME", SYSNAME),
        ("ROUTINE_CATALOG", n(128)),
        ("ROUTINE_SCHEMA", n(128)),
        ("ROUTINE_NAME", SYSNAME),
        ("ROUTINE_TYPE", n(20)),
        ("MODULE_CATALOG", SYSNAME),
        ("MODULE_SCHEMA", SYSNAME),
        ("MODULE_NAME", SYSNAME),
        ("UDT_CATALOG", SYSNAME),
        ("UDT_SCHEMA", SYSNAME),
        ("UDT_NAME", SYSNAME),
        ("DATA_TYPE", SYSNAME),
        ("CHARACTER_MAXIMUM_LENGTH", int),
        ("CHARACTER_OCTET_LENGTH", int),
        ("COLLATION_CATALOG", SYSNAME),
        ("COLLATION_SCHEMA", SYSNAME),
        ("COLLATION_NAME", SYSNAME),
        ("CHARACTER_SET_CATALOG", SYSNAME),
        ("CHARACTER_SET_SCHEMA", SYSNAME),
        ("CHARACTER_SET_NAME", SYSNAME),
        ("NUMERIC_PRECISION", int),
        ("NUMERIC_PRECISION_RADIX", int),
        ("NUMERIC_SCALE", int),
        ("DATETIME_PRECISION", int),
        ("INTERVAL_TYPE", n(30)),
        ("INTERVAL_PRECISION", int),
        ("TYPE_UDT_CATALOG", SYSNAME),
        ("TYPE_UDT_SCHEMA", SYSNAME),
        ("TYPE_UDT_NAME", SYSNAME),
        ("SCOPE_CATALOG", SYSNAME),
        ("SCOPE_SCHEMA", SYSNAME),
        ("SCOPE_NAME", SYSNAME),
        ("MAXIMUM_CARDINALITY", SqlType::BigInt),
        ("DTD_IDENTIFIER", SYSNAME),
        ("ROUTINE_BODY", n(30)),
        ("ROUTINE_DEFINITION", n(4000)),
        ("EXTERNAL_NAME", SYSNAME),
        ("EXTERNAL_LANGUAGE", n(30)),
        ("PARAMETER_STYLE", n(30)),
        ("IS_DETERMINISTIC", n(10)),
        ("SQL_DATA_ACCESS", n(30)),
        ("IS_NULL_CALL", n(10)),
        ("SQL_PATH", SYSNAME),
        ("SCHEMA_LEVEL_ROUTINE", n(10)),
        ("MAX_DYNAMIC_RESULT_SETS", int),
        ("IS_USER_DEFINED_CAST", n(10)),
        ("IS_IMPLICITLY_INVOCABLE", n(10)),
        ("CREATED", dt),
        ("LAST_ALTERED", dt),
    ];
    TableDef {
        schema: INFORMATION_SCHEMA.to_string(),
        name: "ROUTINES".to_string(),
        description: None,
        columns: columns.iter().map(|(c, t)| column(c, *t, true)).collect(),
    }
}
