//! Keys and indexes: `sp_pkeys`, `sp_fkeys`, `sp_statistics`, `sp_special_columns`.
//!
//! Every Stripe table is keyed by `Id`; reporting it lets ODBC/JDBC tools (and ORMs) pick a row
//! identifier. Foreign keys are inferred from names: `Charges.CustomerId` → `Customers.Id`.

use connector::{ColumnDef, TableDef};
use tds_server::SqlError;

use super::args::{Args, Param, ParamTy};
use super::context::Ctx;
use super::odbc::odbc_type;
use super::result::{rows_outcome, Shape, Ty, V};
use crate::outcome::Outcome;

const fn p(name: &'static str, ty: ParamTy, required: bool) -> Param {
    Param { name, ty, required }
}

/// `sp_pkeys @table_name [, @table_owner] [, @table_qualifier]`.
pub(crate) const PKEYS_PARAMS: &[Param] = &[
    p("@table_name", ParamTy::Sysname, true),
    p("@table_owner", ParamTy::Sysname, false),
    p("@table_qualifier", ParamTy::Sysname, false),
];

/// `sp_fkeys` takes the primary-key table, the foreign-key table, or both.
pub(crate) const FKEYS_PARAMS: &[Param] = &[
    p("@pktable_name", ParamTy::Sysname, false),
    p("@pktable_owner", ParamTy::Sysname, false),
    p("@pktable_qualifier", ParamTy::Sysname, false),
    p("@fktable_name", ParamTy::Sysname, false),
    p("@fktable_owner", ParamTy::Sysname, false),
    p("@fktable_qualifier", ParamTy::Sysname, false),
];

/// `sp_statistics @table_name [, @table_owner] [, @table_qualifier] [, @index_name]
/// [, @is_unique] [, @accuracy]`.
pub(crate) const STATISTICS_PARAMS: &[Param] = &[
    p("@table_name", ParamTy::Sysname, true),
    p("@table_owner", ParamTy::Sysname, false),
    p("@table_qualifier", ParamTy::Sysname, false),
    p("@index_name", ParamTy::Sysname, false),
    p("@is_unique", ParamTy::Char(1), false),
    p("@accuracy", ParamTy::Char(1), false),
];

/// `sp_special_columns @table_name [, @table_owner] [, @qualifier] [, @col_type] [, @scope]
/// [, @nullable] [, @ODBCVer]`.
pub(crate) const SPECIAL_PARAMS: &[Param] = &[
    p("@table_name", ParamTy::Sysname, true),
    p("@table_owner", ParamTy::Sysname, false),
    p("@qualifier", ParamTy::Sysname, false),
    p("@col_type", ParamTy::Char(1), false),
    p("@scope", ParamTy::Char(1), false),
    p("@nullable", ParamTy::Char(1), false),
    p("@ODBCVer", ParamTy::Int, false),
];

/// The primary-key column of a connector table.
pub(crate) fn primary_key(t: &TableDef) -> Option<&ColumnDef> {
    t.columns.iter().find(|c| c.name.eq_ignore_ascii_case("Id"))
}

/// The primary key's constraint name, as `sys.objects` and `sys.indexes` report it.
pub(crate) fn pk_name(t: &TableDef) -> String {
    crate::catalog::pk_name(&t.name)
}

/// The table a `<Thing>Id` column refers to: `Things`, `Thinges` or `Thingies`.
fn referenced<'a>(tables: &'a [TableDef], column: &str) -> Option<&'a TableDef> {
    let base = column.strip_suffix("Id").filter(|b| !b.is_empty())?;
    let mut names = vec![format!("{base}s"), format!("{base}es")];
    if let Some(stem) = base.strip_suffix('y') {
        names.push(format!("{stem}ies"));
    }
    tables
        .iter()
        .find(|t| names.iter().any(|n| n.eq_ignore_ascii_case(&t.name)) && primary_key(t).is_some())
}

const PKEYS_SHAPE: &Shape = &[
    ("TABLE_QUALIFIER", Ty::Sysname),
    ("TABLE_OWNER", Ty::Sysname),
    ("TABLE_NAME", Ty::Sysname),
    ("COLUMN_NAME", Ty::Sysname),
    ("KEY_SEQ", Ty::SmallInt),
    ("PK_NAME", Ty::Sysname),
];

/// Runs `sp_pkeys`.
pub(crate) fn sp_pkeys(ctx: &Ctx<'_>, a: &Args) -> Result<Vec<Outcome>, SqlError> {
    let mut rows = Vec::new();
    if ctx.is_current(a.filter(2).as_deref()) {
        for t in ctx.user_tables(a.filter(1).as_deref(), a.text(0).as_deref()) {
            if let Some(c) = primary_key(t) {
                rows.push(vec![
                    ctx.db.name.as_str().into(),
                    t.schema.as_str().into(),
                    t.name.as_str().into(),
                    c.name.as_str().into(),
                    V::I(1),
                    pk_name(t).into(),
                ]);
            }
        }
    }
    Ok(vec![rows_outcome(PKEYS_SHAPE, &rows, ctx.fmtonly)?])
}

const FKEYS_SHAPE: &Shape = &[
    ("PKTABLE_QUALIFIER", Ty::Sysname),
    ("PKTABLE_OWNER", Ty::Sysname),
    ("PKTABLE_NAME", Ty::Sysname),
    ("PKCOLUMN_NAME", Ty::Sysname),
    ("FKTABLE_QUALIFIER", Ty::Sysname),
    ("FKTABLE_OWNER", Ty::Sysname),
    ("FKTABLE_NAME", Ty::Sysname),
    ("FKCOLUMN_NAME", Ty::Sysname),
    ("KEY_SEQ", Ty::SmallInt),
    ("UPDATE_RULE", Ty::SmallInt),
    ("DELETE_RULE", Ty::SmallInt),
    ("FK_NAME", Ty::Sysname),
    ("PK_NAME", Ty::Sysname),
    ("DEFERRABILITY", Ty::SmallInt),
];

/// Runs `sp_fkeys`.
pub(crate) fn sp_fkeys(ctx: &Ctx<'_>, a: &Args) -> Result<Vec<Outcome>, SqlError> {
    let (pk_name_f, pk_owner, fk_name_f, fk_owner) =
        (a.filter(0), a.filter(1), a.filter(3), a.filter(4));
    let mut rows = Vec::new();
    let all = ctx.db.user_tables();
    let current = ctx.is_current(a.filter(2).as_deref()) && ctx.is_current(a.filter(5).as_deref());
    for fk in all.iter().filter(|_| current) {
        for c in &fk.columns {
            let Some(pk) = referenced(all, &c.name) else {
                continue;
            };
            let Some(pk_col) = primary_key(pk) else {
                continue;
            };
            let ok = |f: &Option<String>, v: &str| {
                f.as_deref().is_none_or(|f| f.eq_ignore_ascii_case(v))
            };
            if !(ok(&pk_name_f, &pk.name)
                && ok(&pk_owner, &pk.schema)
                && ok(&fk_name_f, &fk.name)
                && ok(&fk_owner, &fk.schema))
            {
                continue;
            }
            rows.push(vec![
                ctx.db.name.as_str().into(),
                pk.schema.as_str().into(),
                pk.name.as_str().into(),
                pk_col.name.as_str().into(),
                ctx.db.name.as_str().into(),
                fk.schema.as_str().into(),
                fk.name.as_str().into(),
                c.name.as_str().into(),
                V::I(1),
                // SQL_NO_ACTION for both rules, SQL_NOT_DEFERRABLE.
                V::I(1),
                V::I(1),
                format!("FK_{}_{}", fk.name, c.name).into(),
                pk_name(pk).into(),
                V::I(7),
            ]);
        }
    }
    Ok(vec![rows_outcome(FKEYS_SHAPE, &rows, ctx.fmtonly)?])
}

const STATISTICS_SHAPE: &Shape = &[
    ("TABLE_QUALIFIER", Ty::Sysname),
    ("TABLE_OWNER", Ty::Sysname),
    ("TABLE_NAME", Ty::Sysname),
    ("NON_UNIQUE", Ty::SmallInt),
    ("INDEX_QUALIFIER", Ty::Sysname),
    ("INDEX_NAME", Ty::Sysname),
    ("TYPE", Ty::SmallInt),
    ("SEQ_IN_INDEX", Ty::SmallInt),
    ("COLUMN_NAME", Ty::Sysname),
    ("COLLATION", Ty::Char(1)),
    ("CARDINALITY", Ty::Int),
    ("PAGES", Ty::Int),
    ("FILTER_CONDITION", Ty::VarChar(128)),
];

/// Runs `sp_statistics`: the table statistic row (TYPE 0; counts unknown without calling
/// Stripe) and the clustered primary-key index on `Id` (TYPE 1).
pub(crate) fn sp_statistics(ctx: &Ctx<'_>, a: &Args) -> Result<Vec<Outcome>, SqlError> {
    let index_name = a.filter(3);
    let mut rows = Vec::new();
    if ctx.is_current(a.filter(2).as_deref()) {
        for t in ctx.user_tables(a.filter(1).as_deref(), a.text(0).as_deref()) {
            let head: Vec<V> = vec![
                ctx.db.name.as_str().into(),
                t.schema.as_str().into(),
                t.name.as_str().into(),
            ];
            let mut stat = head.clone();
            stat.extend([V::Null, V::Null, V::Null, V::I(0)]);
            rows.push(stat);
            if let Some(c) = primary_key(t) {
                let name = pk_name(t);
                if super::args::matches(index_name.as_deref(), &name, true) {
                    let mut idx = head;
                    idx.extend([
                        V::I(0),
                        t.name.as_str().into(),
                        name.into(),
                        V::I(1),
                        V::I(1),
                        c.name.as_str().into(),
                        "A".into(),
                    ]);
                    rows.push(idx);
                }
            }
        }
    }
    Ok(vec![rows_outcome(STATISTICS_SHAPE, &rows, ctx.fmtonly)?])
}

const SPECIAL_SHAPE: &Shape = &[
    ("SCOPE", Ty::SmallInt),
    ("COLUMN_NAME", Ty::Sysname),
    ("DATA_TYPE", Ty::SmallInt),
    ("TYPE_NAME", Ty::Sysname),
    ("PRECISION", Ty::Int),
    ("LENGTH", Ty::Int),
    ("SCALE", Ty::SmallInt),
    ("PSEUDO_COLUMN", Ty::SmallInt),
];

/// Runs `sp_special_columns`: `Id` as the best row identifier (`@col_type = 'R'`); no row
/// version columns (`'V'`).
pub(crate) fn sp_special_columns(ctx: &Ctx<'_>, a: &Args) -> Result<Vec<Outcome>, SqlError> {
    let col_type = a.text(3).unwrap_or_else(|| "R".to_string());
    let scope = a.text(4).unwrap_or_else(|| "T".to_string());
    let odbc3 = a.int(6) == Some(3);
    let mut rows = Vec::new();
    if col_type.eq_ignore_ascii_case("R") && ctx.is_current(a.filter(2).as_deref()) {
        for t in ctx.user_tables(a.filter(1).as_deref(), a.text(0).as_deref()) {
            if let Some(c) = primary_key(t) {
                let o = odbc_type(c.sql_type, odbc3);
                rows.push(vec![
                    // SQL_SCOPE_TRANSACTION for 'T', SQL_SCOPE_CURROW for 'C'.
                    V::I(if scope.eq_ignore_ascii_case("C") {
                        0
                    } else {
                        1
                    }),
                    c.name.as_str().into(),
                    V::I(o.data_type),
                    o.type_name.into(),
                    V::I(o.precision),
                    V::I(o.length),
                    o.scale.into(),
                    // SQL_PC_NOT_PSEUDO.
                    V::I(1),
                ]);
            }
        }
    }
    Ok(vec![rows_outcome(SPECIAL_SHAPE, &rows, ctx.fmtonly)?])
}
