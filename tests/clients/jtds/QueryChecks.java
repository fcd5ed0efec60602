import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;

/** Queries, typed values, parameters, errors, a wrong password and reconnecting through jTDS. */
final class QueryChecks {
    private QueryChecks() {}

    /** The checks that share one open connection. */
    static void run(Connection conn) {
        Suite.check("count", () -> Suite.expectCount("COUNT(*)",
                Suite.scalar(conn, "SELECT COUNT(*) FROM Stripe.Customers"),
                Long.parseLong(Suite.env("VTDS_EXPECT_COUNT"))));
        Suite.check("top3", () -> Suite.expectEq("newest ids",
                Suite.column(conn, "SELECT TOP 3 Id, Email FROM Stripe.Customers ORDER BY Created DESC"),
                Arrays.asList((Object[]) Suite.env("VTDS_EXPECT_TOP3").split(","))));
        Suite.check("types", () -> types(conn));
        Suite.check("params", () -> params(conn));
        Suite.check("error_208", () -> error208(conn));
    }

    /**
     * One customer's row: NVARCHAR, BIGINT, BIT, DATETIME, DATETIME2 (read with getTimestamp, which
     * also parses the NVARCHAR text SQL Server sends a TDS 7.1 client), FLOAT, DECIMAL, a NULL and
     * NVARCHAR(MAX) (NTEXT for 7.1).
     */
    private static void types(Connection conn) throws Exception {
        String id = Suite.env("VTDS_EXPECT_ID");
        long balance = Long.parseLong(Suite.env("VTDS_EXPECT_BALANCE"));
        Timestamp created = new Timestamp(Long.parseLong(Suite.env("VTDS_EXPECT_CREATED")) * 1000);
        String sql = "SELECT Id, Email, Balance, Delinquent, Created, CAST(Created AS DATETIME2) AS Created2,"
                + " CAST(Balance AS FLOAT) AS BalanceF, CAST(Balance AS DECIMAL(19,2)) AS BalanceD,"
                + " InvoiceSettingsFooter, Metadata FROM Stripe.Customers WHERE Id = '" + id + "'";
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            Suite.expect(rs.next(), "no row for " + id);
            Suite.expectEq("Id", rs.getObject(1), id);
            Suite.expectEq("Email", rs.getObject(2), Suite.env("VTDS_EXPECT_EMAIL"));
            Suite.expectEq("Balance", rs.getObject(3), balance);
            Suite.expectEq("Delinquent", rs.getObject(4), Boolean.valueOf(Suite.env("VTDS_EXPECT_DELINQUENT")));
            Suite.expectEq("Created", rs.getObject(5), created);
            Suite.expectEq("Created2 as timestamp", rs.getTimestamp(6), created);
            Suite.expectEq("BalanceF", rs.getObject(7), (double) balance);
            Suite.expectEq("BalanceD", rs.getObject(8), BigDecimal.valueOf(balance).setScale(2));
            Suite.expectEq("InvoiceSettingsFooter", rs.getObject(9), null);
            Suite.expect(rs.wasNull(), "wasNull() after a NULL");
            Suite.expectEq("Metadata", Json.canonical(rs.getString(10)),
                    Json.canonical(Suite.env("VTDS_EXPECT_METADATA")));
            // Created2 (column 6) is left out: vtds evaluates CAST(... AS DATETIME2) as DATETIME
            // (reported), where SQL Server would send NVARCHAR text to a TDS 7.1 client.
            int[] want = {Types.VARCHAR, Types.VARCHAR, Types.BIGINT, Types.BIT, Types.TIMESTAMP,
                Types.DOUBLE, Types.DECIMAL, Types.CLOB, Types.CLOB};
            int[] columns = {1, 2, 3, 4, 5, 7, 8, 9, 10};
            int[] got = new int[want.length];
            for (int i = 0; i < want.length; i++) {
                got[i] = rs.getMetaData().getColumnType(columns[i]);
            }
            Suite.expectEq("JDBC column types", Arrays.toString(got), Arrays.toString(want));
            Suite.expect(!rs.next(), "more than one row for " + id);
        }
    }

    /** Runs a one-row PreparedStatement and returns its single value. */
    private static Object prepared(Connection conn, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] == null) {
                    ps.setNull(i + 1, Types.VARCHAR);
                } else {
                    ps.setObject(i + 1, args[i]);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                Suite.expect(rs.next(), sql + ": no row");
                Object value = Suite.value(rs, 1);
                Suite.expect(!rs.next(), sql + ": more than one row");
                return value;
            }
        }
    }

    /**
     * `?` parameters of each kind, once with jTDS's default prepareSQL=3 (sp_prepare/sp_execute) and
     * once with prepareSQL=2 (sp_executesql); a statement reused for every expected id.
     */
    private static void params(Connection conn) throws Exception {
        for (String mode : new String[] {"3", "2"}) {
            try (Connection c = Suite.connect("off", Suite.env("VTDS_PASSWORD"), ";prepareSQL=" + mode)) {
                String id = Suite.env("VTDS_EXPECT_ID");
                String m = "prepareSQL=" + mode + ": ";
                Suite.expectEq(m + "string", prepared(c, "SELECT Email FROM Stripe.Customers WHERE Id = ?", id),
                        Suite.env("VTDS_EXPECT_EMAIL"));
                Suite.expectEq(m + "int", prepared(c, "SELECT ? + 1", 41), 42);
                Suite.expectEq(m + "long", prepared(c, "SELECT ? * 2", 21L), 42L);
                Suite.expectCount(m + "NULL", prepared(c, "SELECT COUNT(*) FROM Stripe.Customers WHERE Id = ?",
                        (Object) null), 0);
                Suite.expectEq(m + "NULL value", prepared(c, "SELECT CASE WHEN ? IS NULL THEN N'none' ELSE N'some' END",
                        (Object) null), "none");
                Suite.expectEq(m + "unicode", prepared(c, "SELECT ? + N'-' + ?", "Grüße", "𝄞"), "Grüße-𝄞");
                try (PreparedStatement ps = c.prepareStatement("SELECT Id FROM Stripe.Customers WHERE Id = ?")) {
                    for (String want : Suite.env("VTDS_EXPECT_TOP3").split(",")) {
                        ps.setString(1, want);
                        try (ResultSet rs = ps.executeQuery()) {
                            Suite.expect(rs.next(), m + "no row for " + want);
                            Suite.expectEq(m + "reused statement", rs.getString(1), want);
                        }
                    }
                }
            }
        }
    }

    /** An unknown table is SQL Server error 208 and the connection stays usable. */
    private static void error208(Connection conn) throws Exception {
        try {
            Suite.column(conn, "SELECT * FROM Stripe.Nope");
            throw new AssertionError("SELECT * FROM Stripe.Nope succeeded");
        } catch (SQLException e) {
            Suite.expectEq("error number", e.getErrorCode(), 208);
            Suite.expect(e.getMessage().contains("Invalid object name 'Stripe.Nope'"), e.getMessage());
        }
        Suite.expectEq("query after the error", Suite.scalar(conn, "SELECT 40 + 2"), 42);
    }

    /** The checks that open their own connections: a wrong token and reconnecting. */
    static void runStandalone() {
        Suite.check("wrong_password", () -> {
            try {
                Suite.connect("off", "vtds_wrong_token_000000000", "").close();
                throw new AssertionError("logged in with a wrong token");
            } catch (SQLException e) {
                Suite.expectEq("error number", e.getErrorCode(), 18456);
                Suite.expect(e.getMessage().contains("Login failed"), e.getMessage());
            }
        });
        Suite.check("reconnect", () -> {
            for (int i = 0; i < 3; i++) {
                try (Connection conn = Suite.connect()) {
                    List<Object> ids = Suite.column(conn, "SELECT TOP 1 Id FROM Stripe.Customers ORDER BY Created DESC");
                    Suite.expectEq("newest id on connection " + i, ids.get(0), Suite.env("VTDS_EXPECT_TOP3").split(",")[0]);
                }
            }
        });
    }
}
