//! `sp_columns` and `sp_columns_100`: ODBC `SQLColumns`, JDBC `getColumns`, jTDS.

use tds_server::SqlError;

use super::args::{Args, Param, ParamTy};
use super::context::{truncate, Ctx};
use super::odbc::{odbc_type, ss_data_type};
use super::result::{rows_outcome, Shape, Ty, V};
use crate::outcome::Outcome;

/// `sp_columns @table_name [, @table_owner] [, @table_qualifier] [, @column_name] [, @ODBCVer]`.
pub(crate) const PARAMS: &[Param] = &[
    Param {
        name: "@table_name",
        ty: ParamTy::NVarChar(384),
        required: true,
    },
    Param {
        name: "@table_owner",
        ty: ParamTy::NVarChar(384),
        required: false,
    },
    Param {
        name: "@table_qualifier",
        ty: ParamTy::Sysname,
        required: false,
    },
    Param {
        name: "@column_name",
        ty: ParamTy::NVarChar(384),
        required: false,
    },
    Param {
        name: "@ODBCVer",
        ty: ParamTy::Int,
        required: false,
    },
];

/// `sp_columns_100`: as `sp_columns` plus `@NameScope` and `@fUsePattern`.
pub(crate) const PARAMS_100: &[Param] = &[
    Param {
        name: "@table_name",
        ty: ParamTy::NVarChar(384),
        required: true,
    },
    Param {
        name: "@table_owner",
        ty: ParamTy::NVarChar(384),
        required: false,
    },
    Param {
        name: "@table_qualifier",
        ty: ParamTy::Sysname,
        required: false,
    },
    Param {
        name: "@column_name",
        ty: ParamTy::NVarChar(384),
        required: false,
    },
    Param {
        name: "@NameScope",
        ty: ParamTy::Int,
        required: false,
    },
    Param {
        name: "@ODBCVer",
        ty: ParamTy::Int,
        required: false,
    },
    Param {
        name: "@fUsePattern",
        ty: ParamTy::Bit,
        required: false,
    },
];

/// `sp_columns`'s 19 columns.
const SHAPE: &Shape = &[
    ("TABLE_QUALIFIER", Ty::Sysname),
    ("TABLE_OWNER", Ty::Sysname),
    ("TABLE_NAME", Ty::Sysname),
    ("COLUMN_NAME", Ty::Sysname),
    ("DATA_TYPE", Ty::SmallInt),
    ("TYPE_NAME", Ty::Sysname),
    ("PRECISION", Ty::Int),
    ("LENGTH", Ty::Int),
    ("SCALE", Ty::SmallInt),
    ("RADIX", Ty::SmallInt),
    ("NULLABLE", Ty::SmallInt),
    ("REMARKS", Ty::VarChar(254)),
    ("COLUMN_DEF", Ty::NVarChar(4000)),
    ("SQL_DATA_TYPE", Ty::SmallInt),
    ("SQL_DATETIME_SUB", Ty::SmallInt),
    ("CHAR_OCTET_LENGTH", Ty::Int),
    ("ORDINAL_POSITION", Ty::Int),
    ("IS_NULLABLE", Ty::VarChar(254)),
    ("SS_DATA_TYPE", Ty::TinyInt),
];

/// The columns `sp_columns_100` adds (SQL Server 2008).
const SHAPE_100_EXTRA: &Shape = &[
    ("SS_IS_SPARSE", Ty::SmallInt),
    ("SS_IS_COLUMN_SET", Ty::SmallInt),
    ("SS_IS_COMPUTED", Ty::SmallInt),
    ("SS_IS_IDENTITY", Ty::SmallInt),
    ("SS_UDT_CATALOG_NAME", Ty::NVarChar(128)),
    ("SS_UDT_SCHEMA_NAME", Ty::NVarChar(128)),
    ("SS_UDT_ASSEMBLY_TYPE_NAME", Ty::NVarChar(0)),
    ("SS_XML_SCHEMACOLLECTION_CATALOG_NAME", Ty::Sysname),
    ("SS_XML_SCHEMACOLLECTION_SCHEMA_NAME", Ty::Sysname),
    ("SS_XML_SCHEMACOLLECTION_NAME", Ty::Sysname),
];

/// Runs `sp_columns` (`v100` = false) or `sp_columns_100`.
fn run(ctx: &Ctx<'_>, a: &Args, v100: bool) -> Result<Vec<Outcome>, SqlError> {
    let (odbc_ver, use_pattern) = if v100 {
        (a.int(5), a.int(6) != Some(0))
    } else {
        (a.int(4), true)
    };
    let odbc3 = odbc_ver == Some(3);
    let name = a.filter(0);
    let owner = a.filter(1);
    let column = a.filter(3);
    let mut rows = Vec::new();
    if ctx.is_current(a.filter(2).as_deref()) {
        for t in ctx.tables(owner.as_deref(), name.as_deref(), use_pattern) {
            for (i, c) in t.columns.iter().enumerate() {
                if !super::args::matches(column.as_deref(), &c.name, use_pattern) {
                    continue;
                }
                let o = odbc_type(c.sql_type, odbc3);
                let remarks = c.description.as_deref().map(|d| truncate(d, 254));
                let mut row: Vec<V> = vec![
                    ctx.db.name.as_str().into(),
                    t.schema.as_str().into(),
                    t.name.as_str().into(),
                    c.name.as_str().into(),
                    V::I(o.data_type),
                    o.type_name.into(),
                    V::I(o.precision),
                    V::I(o.length),
                    o.scale.into(),
                    o.radix.into(),
                    V::I(i64::from(c.nullable)),
                    remarks.map_or(V::Null, V::S),
                    V::Null,
                    V::I(o.sql_data_type),
                    o.datetime_sub.into(),
                    o.octet_length.into(),
                    V::I(i as i64 + 1),
                    if c.nullable { "YES" } else { "NO" }.into(),
                    V::I(ss_data_type(c.sql_type, c.nullable)),
                ];
                if v100 {
                    row.extend([V::I(0), V::I(0), V::I(0), V::I(0)]);
                }
                rows.push(row);
            }
        }
    }
    let shape: Vec<(&'static str, Ty)> = if v100 {
        SHAPE.iter().chain(SHAPE_100_EXTRA).copied().collect()
    } else {
        SHAPE.to_vec()
    };
    Ok(vec![rows_outcome(&shape, &rows, ctx.fmtonly)?])
}

/// Runs `sp_columns`.
pub(crate) fn sp_columns(ctx: &Ctx<'_>, a: &Args) -> Result<Vec<Outcome>, SqlError> {
    run(ctx, a, false)
}

/// Runs `sp_columns_100`.
pub(crate) fn sp_columns_100(ctx: &Ctx<'_>, a: &Args) -> Result<Vec<Outcome>, SqlError> {
    run(ctx, a, true)
}
