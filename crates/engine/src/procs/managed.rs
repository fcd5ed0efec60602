//! `sp_columns_managed` (SqlClient `GetSchema("Columns")` on SQL Server 2008+) and
//! `sp_MSdbuserpriv` (SMO's `ServerConnection.UserProfile`).

use tds_server::SqlError;

use super::args::{matches, Args, Param, ParamTy};
use super::context::Ctx;
use super::result::{rows_outcome, Shape, Ty, V};
use crate::catalog::{facts, COLLATION};
use crate::outcome::Outcome;

const fn text(name: &'static str) -> Param {
    Param {
        name,
        ty: ParamTy::NVarChar(4000),
        required: false,
    }
}

/// `sp_columns_managed [@Catalog] [, @Owner] [, @Table] [, @Column] [, @SchemaType]`.
pub(crate) const COLUMNS_MANAGED_PARAMS: &[Param] = &[
    text("@Catalog"),
    text("@Owner"),
    text("@Table"),
    text("@Column"),
    Param {
        name: "@SchemaType",
        ty: ParamTy::Int,
        required: false,
    },
];

/// The INFORMATION_SCHEMA.COLUMNS-like shape SqlClient's "Columns" collection maps.
const COLUMNS_MANAGED_SHAPE: &Shape = &[
    ("TABLE_CATALOG", Ty::Sysname),
    ("TABLE_SCHEMA", Ty::Sysname),
    ("TABLE_NAME", Ty::Sysname),
    ("COLUMN_NAME", Ty::Sysname),
    ("ORDINAL_POSITION", Ty::Int),
    ("COLUMN_DEFAULT", Ty::NVarChar(4000)),
    ("IS_NULLABLE", Ty::VarChar(3)),
    ("DATA_TYPE", Ty::Sysname),
    ("CHARACTER_MAXIMUM_LENGTH", Ty::Int),
    ("CHARACTER_OCTET_LENGTH", Ty::Int),
    ("NUMERIC_PRECISION", Ty::TinyInt),
    ("NUMERIC_PRECISION_RADIX", Ty::SmallInt),
    ("NUMERIC_SCALE", Ty::Int),
    ("DATETIME_PRECISION", Ty::SmallInt),
    ("CHARACTER_SET_CATALOG", Ty::Sysname),
    ("CHARACTER_SET_SCHEMA", Ty::Sysname),
    ("CHARACTER_SET_NAME", Ty::Sysname),
    ("COLLATION_CATALOG", Ty::Sysname),
    ("IS_SPARSE", Ty::Int),
    ("IS_COLUMN_SET", Ty::Int),
    ("IS_FILESTREAM", Ty::Int),
];

/// Runs `sp_columns_managed`: the current database's tables; NULL filters match everything.
pub(crate) fn sp_columns_managed(ctx: &Ctx<'_>, a: &Args) -> Result<Vec<Outcome>, SqlError> {
    let (owner, table, column) = (a.filter(1), a.filter(2), a.filter(3));
    let mut rows = Vec::new();
    if ctx.is_current(a.filter(0).as_deref()) {
        for t in ctx.tables(owner.as_deref(), table.as_deref(), true) {
            for (i, c) in t.columns.iter().enumerate() {
                if !matches(column.as_deref(), &c.name, true) {
                    continue;
                }
                let f = facts(c.sql_type);
                let is_text = f.char_max.is_some();
                rows.push(vec![
                    ctx.db.name.as_str().into(),
                    t.schema.as_str().into(),
                    t.name.as_str().into(),
                    c.name.as_str().into(),
                    V::I(i as i64 + 1),
                    V::Null,
                    if c.nullable { "YES" } else { "NO" }.into(),
                    c.sql_type.type_name().into(),
                    f.char_max.into(),
                    f.octet_len.into(),
                    f.numeric_precision.into(),
                    f.radix.into(),
                    f.numeric_scale.into(),
                    f.datetime_precision.into(),
                    V::Null,
                    V::Null,
                    if is_text { "UNICODE".into() } else { V::Null },
                    if is_text { COLLATION.into() } else { V::Null },
                    V::I(0),
                    V::I(0),
                    V::I(0),
                ]);
            }
        }
    }
    Ok(vec![rows_outcome(
        COLUMNS_MANAGED_SHAPE,
        &rows,
        ctx.fmtonly,
    )?])
}

/// `sp_MSdbuserpriv @mode`.
pub(crate) const DBUSERPRIV_PARAMS: &[Param] = &[Param {
    name: "@mode",
    ty: ParamTy::NVarChar(10),
    required: false,
}];

/// Runs `sp_MSdbuserpriv`: one int, the privilege bits SMO casts to `ServerUserProfiles`. vtds
/// logins are neither sysadmin nor database creators: 0 (`None`) for every mode.
pub(crate) fn sp_msdbuserpriv(ctx: &Ctx<'_>, _a: &Args) -> Result<Vec<Outcome>, SqlError> {
    Ok(vec![rows_outcome(
        &[("", Ty::Int)],
        &[vec![V::I(0)]],
        ctx.fmtonly,
    )?])
}
