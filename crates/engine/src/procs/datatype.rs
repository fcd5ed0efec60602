//! `sp_datatype_info` (ODBC `SQLGetTypeInfo`, JDBC `getTypeInfo`, jTDS at connect): the types
//! vtds columns and catalog results use.

use tds_server::SqlError;

use super::args::{Args, Param, ParamTy};
use super::context::Ctx;
use super::result::{rows_outcome, Shape, Ty, V};
use crate::outcome::Outcome;

/// `sp_datatype_info [@data_type] [, @ODBCVer]`.
pub(crate) const PARAMS: &[Param] = &[
    Param {
        name: "@data_type",
        ty: ParamTy::Int,
        required: false,
    },
    Param {
        name: "@ODBCVer",
        ty: ParamTy::TinyInt,
        required: false,
    },
];

/// ODBC 2 column names; under ODBC 3 columns 3, 11 and 12 are renamed (see [`shape`]).
const SHAPE: &Shape = &[
    ("TYPE_NAME", Ty::Sysname),
    ("DATA_TYPE", Ty::SmallInt),
    ("PRECISION", Ty::Int),
    ("LITERAL_PREFIX", Ty::VarChar(32)),
    ("LITERAL_SUFFIX", Ty::VarChar(32)),
    ("CREATE_PARAMS", Ty::VarChar(32)),
    ("NULLABLE", Ty::SmallInt),
    ("CASE_SENSITIVE", Ty::SmallInt),
    ("SEARCHABLE", Ty::SmallInt),
    ("UNSIGNED_ATTRIBUTE", Ty::SmallInt),
    ("MONEY", Ty::SmallInt),
    ("AUTO_INCREMENT", Ty::SmallInt),
    ("LOCAL_TYPE_NAME", Ty::Sysname),
    ("MINIMUM_SCALE", Ty::SmallInt),
    ("MAXIMUM_SCALE", Ty::SmallInt),
    ("SQL_DATA_TYPE", Ty::SmallInt),
    ("SQL_DATETIME_SUB", Ty::SmallInt),
    ("NUM_PREC_RADIX", Ty::Int),
    ("INTERVAL_PRECISION", Ty::SmallInt),
    ("USERTYPE", Ty::SmallInt),
];

fn shape(odbc3: bool) -> Vec<(&'static str, Ty)> {
    SHAPE
        .iter()
        .map(|(n, t)| {
            let n = match (*n, odbc3) {
                ("PRECISION", true) => "COLUMN_SIZE",
                ("MONEY", true) => "FIXED_PREC_SCALE",
                ("AUTO_INCREMENT", true) => "AUTO_UNIQUE_VALUE",
                (n, _) => n,
            };
            (n, *t)
        })
        .collect()
}

/// One type: name, ODBC 2 code, ODBC 3 code, precision, prefix, suffix, create params,
/// case-sensitive, searchable, unsigned, auto-increment, min/max scale, SQL_DATA_TYPE,
/// SQL_DATETIME_SUB, radix, usertype.
type Row = (
    &'static str,
    i64,
    i64,
    i64,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
    i64,
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    i64,
    Option<i64>,
    Option<i64>,
    i64,
);

/// SQL Server's rows for these types, ordered by DATA_TYPE as it returns them.
const TYPES: &[Row] = &[
    (
        "nvarchar",
        -9,
        -9,
        4000,
        Some("N'"),
        Some("'"),
        Some("max length"),
        0,
        3,
        None,
        None,
        None,
        None,
        -9,
        None,
        None,
        0,
    ),
    (
        "bit",
        -7,
        -7,
        1,
        None,
        None,
        None,
        0,
        2,
        None,
        None,
        Some(0),
        Some(0),
        -7,
        None,
        None,
        16,
    ),
    (
        "tinyint",
        -6,
        -6,
        3,
        None,
        None,
        None,
        0,
        2,
        Some(1),
        Some(0),
        Some(0),
        Some(0),
        -6,
        None,
        Some(10),
        5,
    ),
    (
        "bigint",
        -5,
        -5,
        19,
        None,
        None,
        None,
        0,
        2,
        Some(0),
        Some(0),
        Some(0),
        Some(0),
        -5,
        None,
        Some(10),
        0,
    ),
    (
        "decimal",
        3,
        3,
        38,
        None,
        None,
        Some("precision,scale"),
        0,
        2,
        Some(0),
        Some(0),
        Some(0),
        Some(38),
        3,
        None,
        Some(10),
        24,
    ),
    (
        "int",
        4,
        4,
        10,
        None,
        None,
        None,
        0,
        2,
        Some(0),
        Some(0),
        Some(0),
        Some(0),
        4,
        None,
        Some(10),
        7,
    ),
    (
        "smallint",
        5,
        5,
        5,
        None,
        None,
        None,
        0,
        2,
        Some(0),
        Some(0),
        Some(0),
        Some(0),
        5,
        None,
        Some(10),
        6,
    ),
    (
        "float",
        6,
        6,
        53,
        None,
        None,
        None,
        0,
        2,
        Some(0),
        Some(0),
        None,
        None,
        6,
        None,
        Some(2),
        8,
    ),
    (
        "datetime",
        11,
        93,
        23,
        Some("'"),
        Some("'"),
        None,
        0,
        3,
        None,
        None,
        Some(3),
        Some(3),
        9,
        Some(3),
        None,
        12,
    ),
    (
        "varchar",
        12,
        12,
        8000,
        Some("'"),
        Some("'"),
        Some("max length"),
        0,
        3,
        None,
        None,
        None,
        None,
        12,
        None,
        None,
        2,
    ),
];

/// Runs `sp_datatype_info`.
pub(crate) fn sp_datatype_info(ctx: &Ctx<'_>, a: &Args) -> Result<Vec<Outcome>, SqlError> {
    let odbc3 = a.int(1) == Some(3);
    let wanted = a.int(0).filter(|t| *t != 0);
    let mut rows: Vec<Vec<V>> = Vec::new();
    for t in TYPES {
        let (
            name,
            v2,
            v3,
            precision,
            prefix,
            suffix,
            params,
            case,
            searchable,
            unsigned,
            auto,
            min,
            max,
            sql_type,
            sub,
            radix,
            usertype,
        ) = *t;
        let code = if odbc3 { v3 } else { v2 };
        if wanted.is_some_and(|w| w != code) {
            continue;
        }
        rows.push(vec![
            name.into(),
            V::I(code),
            V::I(precision),
            prefix.into(),
            suffix.into(),
            params.into(),
            // SQL_NULLABLE.
            V::I(1),
            V::I(case),
            V::I(searchable),
            unsigned.into(),
            // MONEY / FIXED_PREC_SCALE: only money types are fixed.
            V::I(0),
            auto.into(),
            name.into(),
            min.into(),
            max.into(),
            V::I(sql_type),
            sub.into(),
            radix.into(),
            V::Null,
            V::I(usertype),
        ]);
    }
    Ok(vec![rows_outcome(&shape(odbc3), &rows, ctx.fmtonly)?])
}
