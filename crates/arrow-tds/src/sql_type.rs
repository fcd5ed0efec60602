//! The SQL Server type a field's `vtds.sql_type` metadata declares, e.g. `nvarchar(255)`.

/// A declared column type. Lengths are in characters (or bytes for varbinary); `None` is `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Declared {
    NVarChar(Option<u16>),
    VarChar(Option<u16>),
    NText,
    TinyInt,
    SmallInt,
    Int,
    BigInt,
    Bit,
    Real,
    Float,
    Decimal(u8, u8),
    Numeric(u8, u8),
    DateTime,
    DateTime2(u8),
    Date,
    Time(u8),
    DateTimeOffset(u8),
    UniqueIdentifier,
    VarBinary(Option<u16>),
}

/// Parses a T-SQL type spelling, case-insensitively; `None` for anything unknown or malformed
/// (the encoder then falls back to the Arrow type).
pub(crate) fn parse(text: &str) -> Option<Declared> {
    let t = text.trim().to_ascii_lowercase();
    let (name, args) = match t.find('(') {
        Some(i) => {
            let rest = t[i + 1..].trim_end();
            let inner = rest.strip_suffix(')')?;
            (t[..i].trim(), Some(inner.trim()))
        }
        None => (t.as_str(), None),
    };
    let length = |max_allowed: u16| -> Option<Option<u16>> {
        match args {
            None => Some(None),
            Some("max") => Some(None),
            Some(n) => {
                let n: u16 = n.parse().ok()?;
                (1..=max_allowed).contains(&n).then_some(Some(n))
            }
        }
    };
    let scale = |default: u8| -> Option<u8> {
        match args {
            None => Some(default),
            Some(s) => s.parse().ok().filter(|s| *s <= 7),
        }
    };
    let prec_scale = || -> Option<(u8, u8)> {
        let (p, s) = match args {
            None => (18, 0),
            Some(a) => match a.split_once(',') {
                Some((p, s)) => (p.trim().parse().ok()?, s.trim().parse().ok()?),
                None => (a.parse().ok()?, 0),
            },
        };
        ((1..=38).contains(&p) && s <= p).then_some((p, s))
    };
    Some(match name {
        "nvarchar" | "nchar" => Declared::NVarChar(length(4000)?),
        "sysname" => Declared::NVarChar(Some(128)),
        "varchar" | "char" => Declared::VarChar(length(8000)?),
        "ntext" | "text" => Declared::NText,
        "tinyint" => Declared::TinyInt,
        "smallint" => Declared::SmallInt,
        "int" | "integer" => Declared::Int,
        "bigint" => Declared::BigInt,
        "bit" => Declared::Bit,
        "real" => Declared::Real,
        "float" => match args {
            None => Declared::Float,
            Some(n) => match n.parse::<u8>().ok()? {
                1..=24 => Declared::Real,
                25..=53 => Declared::Float,
                _ => return None,
            },
        },
        "decimal" | "dec" => {
            let (p, s) = prec_scale()?;
            Declared::Decimal(p, s)
        }
        "numeric" => {
            let (p, s) = prec_scale()?;
            Declared::Numeric(p, s)
        }
        "datetime" | "smalldatetime" => Declared::DateTime,
        "datetime2" => Declared::DateTime2(scale(7)?),
        "date" => Declared::Date,
        "time" => Declared::Time(scale(7)?),
        "datetimeoffset" => Declared::DateTimeOffset(scale(7)?),
        "uniqueidentifier" => Declared::UniqueIdentifier,
        "varbinary" | "binary" => Declared::VarBinary(length(8000)?),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_catalog_declarations() {
        assert_eq!(parse("nvarchar(255)"), Some(Declared::NVarChar(Some(255))));
        assert_eq!(parse("NVARCHAR(MAX)"), Some(Declared::NVarChar(None)));
        assert_eq!(parse("nvarchar"), Some(Declared::NVarChar(None)));
        assert_eq!(parse("bigint"), Some(Declared::BigInt));
        assert_eq!(parse(" int "), Some(Declared::Int));
        assert_eq!(parse("bit"), Some(Declared::Bit));
        assert_eq!(parse("float"), Some(Declared::Float));
        assert_eq!(parse("float(24)"), Some(Declared::Real));
        assert_eq!(parse("decimal(19,4)"), Some(Declared::Decimal(19, 4)));
        assert_eq!(parse("decimal(19, 4)"), Some(Declared::Decimal(19, 4)));
        assert_eq!(parse("numeric(10)"), Some(Declared::Numeric(10, 0)));
        assert_eq!(parse("datetime"), Some(Declared::DateTime));
        assert_eq!(parse("datetime2(3)"), Some(Declared::DateTime2(3)));
        assert_eq!(parse("datetime2"), Some(Declared::DateTime2(7)));
        assert_eq!(parse("sysname"), Some(Declared::NVarChar(Some(128))));
        assert_eq!(parse("varchar(3)"), Some(Declared::VarChar(Some(3))));
    }

    #[test]
    fn rejects_nonsense() {
        for bad in [
            "geography",
            "nvarchar(0)",
            "nvarchar(4001)",
            "nvarchar(x)",
            "nvarchar(10",
            "decimal(39,0)",
            "decimal(5,6)",
            "datetime2(8)",
            "",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
