//! The procedure registry: name lookup, argument binding and dispatch; also
//! `sp_stored_procedures` and `sp_sproc_columns`, which describe the registry itself.

use tds_server::{ErrorKind, SqlError};

use super::args::{bind, matches, Args, Param, ParamTy, ProcArg};
use super::context::Ctx;
use super::result::{rows_outcome, Shape, Ty, V};
use super::{columns, datatype, keys, managed, server, tables};
use crate::outcome::Outcome;
use crate::session::Session;

type Handler = fn(&Ctx<'_>, &Args) -> Result<Vec<Outcome>, SqlError>;

/// One system procedure.
pub(crate) struct ProcDef {
    /// Canonical name (lower case, as SQL Server spells system procedures).
    pub name: &'static str,
    /// Declared parameters in order.
    pub params: &'static [Param],
    run: Handler,
}

const fn def(name: &'static str, params: &'static [Param], run: Handler) -> ProcDef {
    ProcDef { name, params, run }
}

const STORED_PROCEDURES_PARAMS: &[Param] = &[
    Param {
        name: "@sp_name",
        ty: ParamTy::NVarChar(390),
        required: false,
    },
    Param {
        name: "@sp_owner",
        ty: ParamTy::NVarChar(384),
        required: false,
    },
    Param {
        name: "@sp_qualifier",
        ty: ParamTy::Sysname,
        required: false,
    },
    Param {
        name: "@fUsePattern",
        ty: ParamTy::Bit,
        required: false,
    },
];

const SPROC_COLUMNS_PARAMS: &[Param] = &[
    Param {
        name: "@procedure_name",
        ty: ParamTy::NVarChar(390),
        required: false,
    },
    Param {
        name: "@procedure_owner",
        ty: ParamTy::NVarChar(384),
        required: false,
    },
    Param {
        name: "@procedure_qualifier",
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
    Param {
        name: "@fUsePattern",
        ty: ParamTy::Bit,
        required: false,
    },
];

/// Every procedure vtds answers in SQL batches (the RPC layer handles sp_executesql and the
/// sp_prepare family itself).
const PROCEDURES: &[ProcDef] = &[
    def("sp_columns", columns::PARAMS, columns::sp_columns),
    def(
        "sp_columns_100",
        columns::PARAMS_100,
        columns::sp_columns_100,
    ),
    def(
        "sp_datatype_info",
        datatype::PARAMS,
        datatype::sp_datatype_info,
    ),
    def(
        "sp_datatype_info_100",
        datatype::PARAMS,
        datatype::sp_datatype_info,
    ),
    def(
        "sp_columns_managed",
        managed::COLUMNS_MANAGED_PARAMS,
        managed::sp_columns_managed,
    ),
    def("sp_fkeys", keys::FKEYS_PARAMS, keys::sp_fkeys),
    def("sp_helpdb", server::HELPDB_PARAMS, server::sp_helpdb),
    def(
        "sp_MSdbuserpriv",
        managed::DBUSERPRIV_PARAMS,
        managed::sp_msdbuserpriv,
    ),
    def("sp_pkeys", keys::PKEYS_PARAMS, keys::sp_pkeys),
    def(
        "sp_server_info",
        server::SERVER_INFO_PARAMS,
        server::sp_server_info,
    ),
    def(
        "sp_special_columns",
        keys::SPECIAL_PARAMS,
        keys::sp_special_columns,
    ),
    def(
        "sp_special_columns_100",
        keys::SPECIAL_PARAMS,
        keys::sp_special_columns,
    ),
    def("sp_sproc_columns", SPROC_COLUMNS_PARAMS, sp_sproc_columns),
    def(
        "sp_sproc_columns_100",
        SPROC_COLUMNS_PARAMS,
        sp_sproc_columns,
    ),
    def(
        "sp_statistics",
        keys::STATISTICS_PARAMS,
        keys::sp_statistics,
    ),
    def(
        "sp_statistics_100",
        keys::STATISTICS_PARAMS,
        keys::sp_statistics,
    ),
    def(
        "sp_stored_procedures",
        STORED_PROCEDURES_PARAMS,
        sp_stored_procedures,
    ),
    def("sp_tables", tables::PARAMS, tables::sp_tables),
    def("sp_who", server::WHO_PARAMS, server::sp_who),
];

fn unquote(part: &str) -> &str {
    let p = part.trim();
    p.strip_prefix('[')
        .and_then(|s| s.strip_suffix(']'))
        .or_else(|| p.strip_prefix('"').and_then(|s| s.strip_suffix('"')))
        .unwrap_or(p)
}

/// The procedure `name` calls: `sp_x`, `sys.sp_x`, `dbo.sp_x`, `master.dbo.sp_x`, `[db]..sp_x`,
/// any case. System procedures live in `sys`, and SQL Server also finds them through `dbo`.
pub(crate) fn lookup(name: &str) -> Option<&'static ProcDef> {
    let parts: Vec<&str> = name.split('.').map(unquote).collect();
    let (proc, qualifiers) = parts.split_last()?;
    if let Some(schema) = qualifiers.last() {
        let ok = ["", "sys", "dbo"]
            .iter()
            .any(|s| s.eq_ignore_ascii_case(schema));
        if !ok || qualifiers.len() > 3 {
            return None;
        }
    }
    PROCEDURES
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(proc))
}

fn not_found(name: &str) -> SqlError {
    SqlError::new(
        ErrorKind::UnknownProcedure,
        format!("Could not find stored procedure '{name}'."),
    )
}

/// Calls the system procedure `name` in `session` with `args` (positional and/or named, as in
/// `EXEC` or an RPC call). Returns the procedure's result sets; 2812 when vtds has no such
/// procedure, 201/8144 for argument errors. Catalog procedures do no I/O.
pub fn call(session: &Session, name: &str, args: &[ProcArg]) -> Result<Vec<Outcome>, SqlError> {
    let proc = lookup(name).ok_or_else(|| not_found(name))?;
    let bound = bind(proc.name, proc.params, args)?;
    let info = session.info();
    let (database, fmtonly) = {
        let d = info.read();
        (d.database.clone(), d.settings.fmtonly)
    };
    let resolver = session.resolver();
    let db = resolver.database(&database).ok_or_else(|| {
        SqlError::new(
            ErrorKind::CannotOpenDatabase,
            "The session has no current database.",
        )
    })?;
    let ctx = Ctx { db, info, fmtonly };
    (proc.run)(&ctx, &bound)
}

const STORED_PROCEDURES_SHAPE: &Shape = &[
    ("PROCEDURE_QUALIFIER", Ty::Sysname),
    ("PROCEDURE_OWNER", Ty::Sysname),
    ("PROCEDURE_NAME", Ty::NVarChar(134)),
    ("NUM_INPUT_PARAMS", Ty::Int),
    ("NUM_OUTPUT_PARAMS", Ty::Int),
    ("NUM_RESULT_SETS", Ty::Int),
    ("REMARKS", Ty::VarChar(254)),
    ("PROCEDURE_TYPE", Ty::SmallInt),
];

/// The procedures passing `sp_stored_procedures`-style filters.
fn listed(
    a: &Args,
    name: usize,
    owner: usize,
    qualifier: usize,
    pattern: usize,
    ctx: &Ctx<'_>,
) -> Vec<&'static ProcDef> {
    let use_pattern = a.int(pattern) != Some(0);
    if !ctx.is_current(a.filter(qualifier).as_deref())
        || !matches(a.filter(owner).as_deref(), "sys", use_pattern)
    {
        return Vec::new();
    }
    let name = a.filter(name);
    PROCEDURES
        .iter()
        .filter(|p| {
            // SQL Server matches the `name;1` spelling as well as the bare name.
            let numbered = format!("{};1", p.name);
            matches(name.as_deref(), p.name, use_pattern)
                || matches(name.as_deref(), &numbered, use_pattern)
        })
        .collect()
}

/// Runs `sp_stored_procedures`: the registry, as `sys` procedures of the current database.
fn sp_stored_procedures(ctx: &Ctx<'_>, a: &Args) -> Result<Vec<Outcome>, SqlError> {
    let rows: Vec<Vec<V>> = listed(a, 0, 1, 2, 3, ctx)
        .into_iter()
        .map(|p| {
            vec![
                ctx.db.name.as_str().into(),
                "sys".into(),
                format!("{};1", p.name).into(),
                V::I(-1),
                V::I(-1),
                V::I(-1),
                V::Null,
                // SQL_PT_FUNCTION: SQL Server reports procedures as returning a value.
                V::I(2),
            ]
        })
        .collect();
    Ok(vec![rows_outcome(
        STORED_PROCEDURES_SHAPE,
        &rows,
        ctx.fmtonly,
    )?])
}

const SPROC_COLUMNS_SHAPE: &Shape = &[
    ("PROCEDURE_QUALIFIER", Ty::Sysname),
    ("PROCEDURE_OWNER", Ty::Sysname),
    ("PROCEDURE_NAME", Ty::NVarChar(134)),
    ("COLUMN_NAME", Ty::Sysname),
    ("COLUMN_TYPE", Ty::SmallInt),
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

/// DATA_TYPE, TYPE_NAME, PRECISION, LENGTH, SCALE, RADIX, CHAR_OCTET_LENGTH, SS_DATA_TYPE.
type ParamFacts = (
    i64,
    &'static str,
    i64,
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    i64,
);

fn param_facts(t: ParamTy) -> ParamFacts {
    match t {
        ParamTy::Sysname => (-9, "sysname", 128, 256, None, None, Some(256), 39),
        ParamTy::NVarChar(n) => (
            -9,
            "nvarchar",
            i64::from(n),
            2 * i64::from(n),
            None,
            None,
            Some(2 * i64::from(n)),
            39,
        ),
        ParamTy::VarChar(n) => (
            12,
            "varchar",
            i64::from(n),
            i64::from(n),
            None,
            None,
            Some(i64::from(n)),
            39,
        ),
        ParamTy::Char(n) => (
            1,
            "char",
            i64::from(n),
            i64::from(n),
            None,
            None,
            Some(i64::from(n)),
            47,
        ),
        ParamTy::Int => (4, "int", 10, 4, Some(0), Some(10), None, 38),
        ParamTy::TinyInt => (-6, "tinyint", 3, 1, Some(0), Some(10), None, 38),
        ParamTy::Bit => (-7, "bit", 1, 1, None, None, None, 50),
    }
}

/// Runs `sp_sproc_columns`: `@RETURN_VALUE` and the parameters of each listed procedure.
fn sp_sproc_columns(ctx: &Ctx<'_>, a: &Args) -> Result<Vec<Outcome>, SqlError> {
    let column = a.filter(3);
    let use_pattern = a.int(5) != Some(0);
    let mut rows = Vec::new();
    for p in listed(a, 0, 1, 2, 5, ctx) {
        let ret = Param {
            name: "@RETURN_VALUE",
            ty: ParamTy::Int,
            required: false,
        };
        for (i, param) in std::iter::once(&ret).chain(p.params).enumerate() {
            if !matches(column.as_deref(), param.name, use_pattern) {
                continue;
            }
            let (data_type, type_name, precision, length, scale, radix, octets, ss) =
                param_facts(param.ty);
            let is_return = i == 0;
            rows.push(vec![
                ctx.db.name.as_str().into(),
                "sys".into(),
                format!("{};1", p.name).into(),
                param.name.into(),
                // SQL_RETURN_VALUE or SQL_PARAM_INPUT.
                V::I(if is_return { 5 } else { 1 }),
                V::I(data_type),
                type_name.into(),
                V::I(precision),
                V::I(length),
                scale.into(),
                radix.into(),
                V::I(i64::from(!is_return)),
                V::Null,
                V::Null,
                V::I(data_type),
                V::Null,
                octets.into(),
                V::I(i as i64),
                if is_return { "NO" } else { "YES" }.into(),
                V::I(ss),
            ]);
        }
    }
    Ok(vec![rows_outcome(SPROC_COLUMNS_SHAPE, &rows, ctx.fmtonly)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_accepts_system_spellings() {
        for n in [
            "sp_tables",
            "SP_TABLES",
            "sys.sp_tables",
            "dbo.sp_tables",
            "master.dbo.sp_tables",
            "[master]..[sp_tables]",
            "Stripe1.sys.sp_tables",
        ] {
            assert_eq!(lookup(n).map(|p| p.name), Some("sp_tables"), "{n}");
        }
        assert!(lookup("Stripe.sp_tables").is_none());
        assert!(lookup("sp_columns_170").is_none());
        assert!(lookup("").is_none());
    }
}
