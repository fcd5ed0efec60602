//! Typed settings of the engine and of one session.

/// Settings shared by every session of one server.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// `@@SERVERNAME` and `SERVERPROPERTY('ServerName')`, e.g. `VTDS`.
    pub server_name: String,
    /// `SERVERPROPERTY('ProductVersion')`; drivers parse the major version from it, so it must look
    /// like SQL Server 2022's (`16.0.1000.6`).
    pub product_version: String,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            server_name: "VTDS".to_string(),
            product_version: "16.0.1000.6".to_string(),
        }
    }
}

impl EngineConfig {
    /// `@@VERSION`: tds_fdw looks for "Microsoft" and Azure Data Studio splits on " on ", so the
    /// text keeps SQL Server's layout while naming vtds.
    pub fn version_string(&self) -> String {
        format!(
            "Microsoft SQL Server 2022 (RTM) - {} (X64) \n\tvtds {}, a virtual SQL Server for \
             Stripe data \n\tCopyright (C) vtds contributors\n\tDeveloper Edition (64-bit) on \
             Linux (vtds) <X64>",
            self.product_version,
            env!("CARGO_PKG_VERSION")
        )
    }

    /// `@@MICROSOFTVERSION`: major << 24 | minor << 16 | build, as SMO decodes it.
    pub fn microsoft_version(&self) -> i32 {
        let mut parts = self
            .product_version
            .split('.')
            .map(|p| p.parse::<i32>().unwrap_or(0));
        let major = parts.next().unwrap_or(16) & 0x7f;
        let minor = parts.next().unwrap_or(0) & 0xff;
        let build = parts.next().unwrap_or(0) & 0xffff;
        (major << 24) | (minor << 16) | build
    }
}

/// What the TDS layer knows about the connection when it opens a session.
#[derive(Debug, Clone, Default)]
pub struct SessionOptions {
    /// Server process id of the connection (`@@SPID`), ≥ 51 like SQL Server's user sessions.
    pub spid: u16,
    /// Application name from LOGIN7 (`APP_NAME()`).
    pub app_name: String,
    /// Client host name from LOGIN7 (`HOST_NAME()`).
    pub host_name: String,
    /// TDS version the client negotiated, e.g. `0x74000004`.
    pub client_tds_version: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_string_satisfies_client_probes() {
        let v = EngineConfig::default().version_string();
        assert!(v.starts_with("Microsoft SQL Server"));
        assert!(v.contains(" on "));
        assert!(v.contains("16.0.1000.6"));
        assert_eq!(EngineConfig::default().microsoft_version(), 0x1000_03E8);
    }
}
