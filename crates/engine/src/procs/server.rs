//! Server-level procedures: `sp_server_info` (ODBC `SQLGetInfo`, jTDS `sp_server_info 16`),
//! `sp_helpdb` and `sp_who`.

use tds_server::SqlError;

use super::args::{Args, Param, ParamTy};
use super::context::Ctx;
use super::result::{rows_outcome, Shape, Ty, V};
use crate::catalog::COLLATION;
use crate::outcome::Outcome;

/// `sp_server_info [@attribute_id]`.
pub(crate) const SERVER_INFO_PARAMS: &[Param] = &[Param {
    name: "@attribute_id",
    ty: ParamTy::Int,
    required: false,
}];

/// `sp_helpdb [@dbname]`.
pub(crate) const HELPDB_PARAMS: &[Param] = &[Param {
    name: "@dbname",
    ty: ParamTy::Sysname,
    required: false,
}];

/// `sp_who [@loginame]`.
pub(crate) const WHO_PARAMS: &[Param] = &[Param {
    name: "@loginame",
    ty: ParamTy::Sysname,
    required: false,
}];

const SERVER_INFO_SHAPE: &Shape = &[
    ("ATTRIBUTE_ID", Ty::Int),
    ("ATTRIBUTE_NAME", Ty::VarChar(60)),
    ("ATTRIBUTE_VALUE", Ty::VarChar(255)),
];

/// `16.0.1000.6` → `16.00.1000`, the form of attribute 500.
fn sproc_version(product: &str) -> String {
    let mut parts = product.split('.');
    let major = parts.next().unwrap_or("16");
    let minor: u32 = parts.next().and_then(|m| m.parse().ok()).unwrap_or(0);
    let build = parts.next().unwrap_or("0");
    format!("{major}.{minor:02}.{build}")
}

/// The attribute rows SQL Server 2022 returns, in its order.
fn server_info(ctx: &Ctx<'_>) -> Vec<(i64, &'static str, String)> {
    let version = &ctx.info.config.product_version;
    let fixed: &[(i64, &'static str, &str)] = &[
        (10, "OWNER_TERM", "owner"),
        (11, "TABLE_TERM", "table"),
        (12, "MAX_OWNER_NAME_LENGTH", "128"),
        (13, "TABLE_LENGTH", "128"),
        (14, "MAX_QUAL_LENGTH", "128"),
        (15, "COLUMN_LENGTH", "128"),
        (16, "IDENTIFIER_CASE", "MIXED"),
        (17, "TX_ISOLATION", "2"),
        (
            18,
            "COLLATION_SEQ",
            "charset=iso_1 sort_order=nocase_iso charset_num=1 sort_order_num=52",
        ),
        (19, "SAVEPOINT_SUPPORT", "Y"),
        (20, "MULTI_RESULT_SETS", "Y"),
        (22, "ACCESSIBLE_TABLES", "Y"),
        (100, "USERID_LENGTH", "128"),
        (101, "QUALIFIER_TERM", "database"),
        (102, "NAMED_TRANSACTIONS", "Y"),
        (103, "SPROC_AS_LANGUAGE", "Y"),
        (104, "ACCESSIBLE_SPROC", "Y"),
        (105, "MAX_INDEX_COLS", "16"),
        (106, "RENAME_TABLE", "Y"),
        (107, "RENAME_COLUMN", "Y"),
        (108, "DROP_COLUMN", "Y"),
        (109, "INCREASE_COLUMN_LENGTH", "Y"),
        (110, "DDL_IN_TRANSACTION", "Y"),
        (111, "DESCENDING_INDEXES", "Y"),
        (112, "SP_RENAME", "Y"),
        (113, "REMOTE_SPROC", "Y"),
    ];
    let mut rows = vec![
        (1, "DBMS_NAME", "Microsoft SQL Server".to_string()),
        (
            2,
            "DBMS_VER",
            format!("Microsoft SQL Server 2022 - {version}"),
        ),
    ];
    rows.extend(fixed.iter().map(|(i, n, v)| (*i, *n, v.to_string())));
    rows.push((500, "SYS_SPROC_VERSION", sproc_version(version)));
    rows
}

/// Runs `sp_server_info`.
pub(crate) fn sp_server_info(ctx: &Ctx<'_>, a: &Args) -> Result<Vec<Outcome>, SqlError> {
    let only = a.int(0);
    let rows: Vec<Vec<V>> = server_info(ctx)
        .into_iter()
        .filter(|(id, _, _)| only.is_none_or(|o| o == *id))
        .map(|(id, name, value)| vec![V::I(id), name.into(), value.into()])
        .collect();
    Ok(vec![rows_outcome(SERVER_INFO_SHAPE, &rows, ctx.fmtonly)?])
}

const HELPDB_SHAPE: &Shape = &[
    ("name", Ty::Sysname),
    ("db_size", Ty::NVarChar(13)),
    ("owner", Ty::Sysname),
    ("dbid", Ty::SmallInt),
    ("created", Ty::NVarChar(11)),
    ("status", Ty::NVarChar(600)),
    ("compatibility_level", Ty::TinyInt),
];

/// Runs `sp_helpdb`: one row per database the login may use (SQL Server adds a file list
/// when a name is given; vtds databases have no files).
pub(crate) fn sp_helpdb(ctx: &Ctx<'_>, a: &Args) -> Result<Vec<Outcome>, SqlError> {
    let only = a.filter(0);
    let status = format!(
        "Status=ONLINE, Updateability=READ_WRITE, UserAccess=MULTI_USER, Recovery=SIMPLE, \
         Version=957, Collation={COLLATION}, SQLSortOrder=52, IsAutoCreateStatistics, \
         IsAutoUpdateStatistics"
    );
    let rows: Vec<Vec<V>> = ctx
        .info
        .all_databases()
        .into_iter()
        .filter(|(_, d)| only.as_deref().is_none_or(|o| o.eq_ignore_ascii_case(d)))
        .map(|(id, d)| {
            vec![
                d.as_str().into(),
                "      0.00 MB".into(),
                "sa".into(),
                V::I(id),
                "Jan  1 2024".into(),
                status.clone().into(),
                V::I(160),
            ]
        })
        .collect();
    if let (Some(name), true) = (&only, rows.is_empty()) {
        return Err(SqlError::new(
            tds_server::ErrorKind::InvalidObject,
            format!("The database '{name}' does not exist. Supply a valid database name. To see available databases, use sys.databases."),
        ));
    }
    Ok(vec![rows_outcome(HELPDB_SHAPE, &rows, ctx.fmtonly)?])
}

const WHO_SHAPE: &Shape = &[
    ("spid", Ty::SmallInt),
    ("ecid", Ty::SmallInt),
    ("status", Ty::NVarChar(30)),
    ("loginame", Ty::NVarChar(128)),
    ("hostname", Ty::NVarChar(128)),
    ("blk", Ty::Char(5)),
    ("dbname", Ty::NVarChar(128)),
    ("cmd", Ty::NVarChar(16)),
    ("request_id", Ty::Int),
];

/// Runs `sp_who`: only this session (other connections are not visible to a login).
pub(crate) fn sp_who(ctx: &Ctx<'_>, a: &Args) -> Result<Vec<Outcome>, SqlError> {
    let who = a.filter(0);
    let info = ctx.info;
    let spid = i64::from(info.spid);
    let visible = who.as_deref().is_none_or(|w| {
        w.eq_ignore_ascii_case(&info.login)
            || w.trim() == spid.to_string()
            || w.eq_ignore_ascii_case("active")
    });
    let rows: Vec<Vec<V>> = if visible {
        vec![vec![
            V::I(spid),
            V::I(0),
            "runnable".into(),
            info.login.as_str().into(),
            info.host_name.as_str().into(),
            "0    ".into(),
            info.read().database.clone().into(),
            "SELECT".into(),
            V::I(0),
        ]]
    } else {
        Vec::new()
    };
    Ok(vec![rows_outcome(WHO_SHAPE, &rows, ctx.fmtonly)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sproc_version_format() {
        assert_eq!(sproc_version("16.0.1000.6"), "16.00.1000");
    }
}
