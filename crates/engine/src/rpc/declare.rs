//! The `@params` declaration of sp_executesql / sp_prepare (`@P1 int, @P2 nvarchar(4000)`):
//! names and types, the types mapped to what DataFusion casts to.

use sqlparser::ast::{DataType, ExactNumberInfo, TimezoneInfo};
use tds_server::{ErrorKind, SqlError};

/// One declared parameter.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Declared {
    /// Name with its `@`, lower-cased (T-SQL variable names are case-insensitive).
    pub key: String,
    /// The type to cast bound values to; `None` for types kept as the value's own type.
    pub cast: Option<DataType>,
    /// True for character types: values stay plain string literals so filters push down.
    pub is_string: bool,
    /// Declared `OUTPUT` (`OUT`): the final value goes back to an RPC caller that asks for it.
    pub is_output: bool,
    /// The type as written (`int`, `nvarchar(4000)`), for the RETURNVALUE of an OUTPUT value.
    pub sql_type: String,
}

/// Splits at commas outside parentheses.
fn split_top_level(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

fn bad(decl: &str) -> SqlError {
    SqlError::new(
        ErrorKind::Syntax,
        format!("Incorrect syntax near '{}'.", decl.trim()),
    )
}

/// Parses a declaration list; an empty or absent list declares nothing.
pub(crate) fn parse_declarations(text: &str) -> Result<Vec<Declared>, SqlError> {
    let mut out = Vec::new();
    for item in split_top_level(text) {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        let (name, rest) = item
            .split_once(char::is_whitespace)
            .ok_or_else(|| bad(item))?;
        if !name.starts_with('@') || name.len() < 2 {
            return Err(bad(item));
        }
        let mut ty = rest.trim();
        let mut is_output = false;
        for suffix in ["output", "out", "readonly"] {
            let lower = ty.to_ascii_lowercase();
            if lower.ends_with(suffix)
                && lower[..lower.len() - suffix.len()].ends_with(char::is_whitespace)
            {
                ty = ty[..ty.len() - suffix.len()].trim_end();
                is_output |= suffix != "readonly";
            }
        }
        let (cast, is_string) = map_type(ty).ok_or_else(|| bad(item))?;
        out.push(Declared {
            key: name.to_ascii_lowercase(),
            cast,
            is_string,
            is_output,
            sql_type: ty.to_ascii_lowercase(),
        });
    }
    Ok(out)
}

/// `decimal(p,s)` arguments with T-SQL's defaults (18, 0).
fn decimal(args: &[u64]) -> DataType {
    let p = args.first().copied().unwrap_or(18).clamp(1, 38);
    let s = args.get(1).copied().unwrap_or(0).min(p);
    DataType::Decimal(ExactNumberInfo::PrecisionAndScale(p, s as i64))
}

/// Maps a T-SQL type spelling to a cast target; `None` for an unknown type.
fn map_type(ty: &str) -> Option<(Option<DataType>, bool)> {
    let (base, args) = match ty.split_once('(') {
        Some((b, a)) => (b.trim(), a.trim_end().strip_suffix(')')?),
        None => (ty.trim(), ""),
    };
    let base = base
        .trim_matches(|c| c == '[' || c == ']')
        .to_ascii_lowercase();
    let base = base.strip_prefix("sys.").unwrap_or(&base).to_string();
    let nums: Vec<u64> = args
        .split(',')
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    let string = (Some(DataType::Varchar(None)), true);
    let cast = |t: DataType| Some((Some(t), false));
    match base.as_str() {
        "char" | "varchar" | "nchar" | "nvarchar" | "text" | "ntext" | "xml" | "sysname"
        | "uniqueidentifier" => Some(string),
        "tinyint" => cast(DataType::TinyIntUnsigned(None)),
        "smallint" => cast(DataType::SmallInt(None)),
        "int" | "integer" => cast(DataType::Int(None)),
        "bigint" => cast(DataType::BigInt(None)),
        "bit" => cast(DataType::Boolean),
        "real" => cast(DataType::Real),
        "float" if nums.first().is_some_and(|n| *n <= 24) => cast(DataType::Real),
        "float" | "double precision" => cast(DataType::DoublePrecision),
        "decimal" | "numeric" | "dec" => cast(decimal(&nums)),
        "money" => cast(decimal(&[19, 4])),
        "smallmoney" => cast(decimal(&[10, 4])),
        "binary" | "varbinary" | "image" => cast(DataType::Bytea),
        "date" => cast(DataType::Date),
        "time" => cast(DataType::Time(None, TimezoneInfo::None)),
        "datetime" | "datetime2" | "smalldatetime" => {
            cast(DataType::Timestamp(None, TimezoneInfo::None))
        }
        "datetimeoffset" => cast(DataType::Timestamp(None, TimezoneInfo::WithTimeZone)),
        // sql_variant and user types: bind the value with its own type.
        "sql_variant" => Some((None, false)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_client_declarations() {
        let d = parse_declarations(
            "@P1 int,@P2 nvarchar(4000), @P3 numeric(10,2) OUTPUT, @p4 float(53),@P5 ntext(max)",
        )
        .unwrap();
        let keys: Vec<&str> = d.iter().map(|d| d.key.as_str()).collect();
        assert_eq!(keys, ["@p1", "@p2", "@p3", "@p4", "@p5"]);
        assert_eq!(d[0].cast, Some(DataType::Int(None)));
        assert!(d[1].is_string && d[4].is_string);
        assert!(d[2].is_output && !d[0].is_output);
        assert_eq!(d[2].sql_type, "numeric(10,2)");
        let out = parse_declarations("@n int OUT, @m bigint output").unwrap();
        assert!(out.iter().all(|d| d.is_output));
        assert_eq!(out[1].sql_type, "bigint");
        assert_eq!(
            d[2].cast,
            Some(DataType::Decimal(ExactNumberInfo::PrecisionAndScale(10, 2)))
        );
        assert_eq!(d[3].cast, Some(DataType::DoublePrecision));
        assert!(parse_declarations("").unwrap().is_empty());
        assert!(parse_declarations("@P1").is_err());
        assert!(parse_declarations("@P1 nosuchtype").is_err());
        assert!(parse_declarations("P1 int").is_err());
    }
}
