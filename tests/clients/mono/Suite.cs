// The System.Data.SqlClient suite under Mono (CoreFX's SqlClient with managed SNI, the .NET client
// family behind SSMS and Azure Data Studio): connects to the server named by VTDS_HOST, VTDS_PORT,
// VTDS_USER, VTDS_PASSWORD and VTDS_DATABASE, prints `ok <check>` or `FAIL <check>: <why>` per check
// and exits 1 when any failed. Expected values come from the simulator through VTDS_EXPECT_*
// variables (see tests/client_mono.rs).
using System;
using System.Collections.Generic;
using System.Data.SqlClient;

static class Suite
{
    static int failures;

    /// A required environment variable.
    public static string Env(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        if (value == null)
            throw new InvalidOperationException(name + " is not set");
        return value;
    }

    /// The connection string for the demo database; `extra` adds or overrides keywords.
    public static string ConnectionString(string extra, string password = null)
    {
        var b = new SqlConnectionStringBuilder
        {
            DataSource = Env("VTDS_HOST") + "," + Env("VTDS_PORT"),
            InitialCatalog = Env("VTDS_DATABASE"),
            UserID = Env("VTDS_USER"),
            Password = password ?? Env("VTDS_PASSWORD"),
            ConnectTimeout = 20,
            ApplicationName = "vtds-mono-suite",
        };
        return b.ConnectionString + ";" + extra;
    }

    /// Opens a connection (Encrypt=false unless `extra` says otherwise).
    public static SqlConnection Open(string extra = "Encrypt=false", string password = null)
    {
        var conn = new SqlConnection(ConnectionString(extra, password));
        conn.Open();
        return conn;
    }

    public static void Expect(bool condition, string why)
    {
        if (!condition)
            throw new Exception(why);
    }

    /// Fails unless `got` equals `want` (same type and value).
    public static void ExpectEq(string what, object got, object want)
    {
        Expect(Equals(got, want), what + " = " + Describe(got) + ", want " + Describe(want));
    }

    public static string Describe(object value)
    {
        return value == null ? "null" : value + " (" + value.GetType().Name + ")";
    }

    /// Runs `sql` and returns the first column of every row.
    public static List<object> Column(SqlConnection conn, string sql)
    {
        var values = new List<object>();
        using (var cmd = new SqlCommand(sql, conn))
        using (var reader = cmd.ExecuteReader())
            while (reader.Read())
                values.Add(reader.GetValue(0));
        return values;
    }

    /// Runs `sql` and returns its single value.
    public static object Scalar(SqlConnection conn, string sql)
    {
        var values = Column(conn, sql);
        Expect(values.Count == 1, sql + " returned " + values.Count + " rows");
        return values[0];
    }

    /// The customer count. SQL Server types COUNT(*) INT and vtds BIGINT, so either is accepted.
    public static void ExpectCount(SqlConnection conn, string what)
    {
        var got = Scalar(conn, "SELECT COUNT(*) FROM Stripe.Customers");
        Expect((got is int || got is long) && Convert.ToInt64(got) == long.Parse(Env("VTDS_EXPECT_COUNT")),
            what + " = " + Describe(got) + ", want " + Env("VTDS_EXPECT_COUNT"));
    }

    /// Runs one named check and reports it.
    public static void Check(string name, Action check)
    {
        try
        {
            check();
            Console.WriteLine("ok " + name);
        }
        catch (Exception e)
        {
            failures++;
            var why = e.Message;
            var sql = e as SqlException;
            if (sql != null)
                why = "SqlException " + sql.Number + ": " + why;
            else if (e.GetType() != typeof(Exception))
                why = e.GetType().Name + ": " + why + (e.InnerException == null ? "" : " <- " + e.InnerException.Message);
            Console.WriteLine("FAIL " + name + ": " + why.Replace('\n', ' '));
        }
        Console.Out.Flush();
    }

    static int Main()
    {
        Check("connect", () =>
        {
            using (var conn = Open())
                ExpectEq("SELECT DB_NAME()", Scalar(conn, "SELECT DB_NAME()"), Env("VTDS_DATABASE"));
        });
        Check("connect_tls", () =>
        {
            using (var conn = Open("Encrypt=true;TrustServerCertificate=true"))
                ExpectCount(conn, "count over TLS");
        });
        SqlConnection shared = null;
        Check("session", () => { shared = Open(); });
        if (shared != null)
        {
            using (shared)
            {
                QueryChecks.Run(shared);
                CatalogChecks.Run(shared);
            }
        }
        QueryChecks.RunStandalone();
        return failures == 0 ? 0 : 1;
    }
}
