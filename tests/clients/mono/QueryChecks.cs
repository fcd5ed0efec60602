// Queries, typed values, parameters, prepared commands, errors, a wrong password and reconnecting.
using System;
using System.Collections.Generic;
using System.Data;
using System.Data.SqlClient;
using System.Linq;

static class QueryChecks
{
    /// The checks that share one open connection.
    public static void Run(SqlConnection conn)
    {
        Suite.Check("count", () => Suite.ExpectCount(conn, "COUNT(*)"));
        Suite.Check("top3", () => Suite.ExpectEq("newest ids",
            string.Join(",", Suite.Column(conn, "SELECT TOP 3 Id, Email FROM Stripe.Customers ORDER BY Created DESC")),
            Suite.Env("VTDS_EXPECT_TOP3")));
        Suite.Check("types", () => Types(conn));
        Suite.Check("params", () => Params(conn));
        Suite.Check("prepared", () => Prepared(conn));
        Suite.Check("error_208", () => Error208(conn));
    }

    /// One customer's row: NVARCHAR, BIGINT, BIT, DATETIME, DATETIME2, FLOAT, DECIMAL, a NULL and
    /// NVARCHAR(MAX), checked as CLR values and as SQL type names.
    static void Types(SqlConnection conn)
    {
        var id = Suite.Env("VTDS_EXPECT_ID");
        var balance = long.Parse(Suite.Env("VTDS_EXPECT_BALANCE"));
        var created = new DateTime(1970, 1, 1).AddSeconds(long.Parse(Suite.Env("VTDS_EXPECT_CREATED")));
        var sql = "SELECT Id, Email, Balance, Delinquent, Created, CAST(Created AS DATETIME2) AS Created2,"
            + " CAST(Balance AS FLOAT) AS BalanceF, CAST(Balance AS DECIMAL(19,2)) AS BalanceD,"
            + " InvoiceSettingsFooter, Metadata FROM Stripe.Customers WHERE Id = '" + id + "'";
        using (var cmd = new SqlCommand(sql, conn))
        using (var r = cmd.ExecuteReader())
        {
            Suite.Expect(r.Read(), "no row for " + id);
            Suite.ExpectEq("Id", r.GetValue(0), id);
            Suite.ExpectEq("Email", r.GetValue(1), Suite.Env("VTDS_EXPECT_EMAIL"));
            Suite.ExpectEq("Balance", r.GetValue(2), balance);
            Suite.ExpectEq("Delinquent", r.GetValue(3), bool.Parse(Suite.Env("VTDS_EXPECT_DELINQUENT")));
            Suite.ExpectEq("Created", r.GetValue(4), created);
            Suite.ExpectEq("Created2", r.GetValue(5), created);
            Suite.ExpectEq("BalanceF", r.GetValue(6), (double)balance);
            Suite.ExpectEq("BalanceD", r.GetDecimal(7).ToString(System.Globalization.CultureInfo.InvariantCulture),
                balance + ".00");
            Suite.ExpectEq("InvoiceSettingsFooter", r.GetValue(8), DBNull.Value);
            Suite.Expect(r.IsDBNull(8), "IsDBNull(InvoiceSettingsFooter)");
            Suite.ExpectEq("Metadata", Json.Canonical(r.GetString(9)), Json.Canonical(Suite.Env("VTDS_EXPECT_METADATA")));
            // Created2 (column 5) is left out: vtds evaluates CAST(... AS DATETIME2) as DATETIME (reported).
            var names = string.Join(",", new[] { 0, 1, 2, 3, 4, 6, 7, 8, 9 }.Select(i => r.GetDataTypeName(i)));
            Suite.ExpectEq("type names", names, "nvarchar,nvarchar,bigint,bit,datetime,float,decimal,nvarchar,nvarchar");
            Suite.Expect(!r.Read(), "more than one row for " + id);
        }
    }

    /// Runs `sql` with `@p` parameters (sp_executesql) and returns its single value.
    static object One(SqlConnection conn, string sql, params SqlParameter[] ps)
    {
        using (var cmd = new SqlCommand(sql, conn))
        {
            cmd.Parameters.AddRange(ps);
            using (var r = cmd.ExecuteReader())
            {
                Suite.Expect(r.Read(), sql + ": no row");
                var value = r.GetValue(0);
                Suite.Expect(!r.Read(), sql + ": more than one row");
                return value;
            }
        }
    }

    /// Whether `predicate` (over `@` parameters) holds, asked as a CASE that returns NVARCHAR: the
    /// server sends a parameter expression's INT/BIGINT/FLOAT result as a non-nullable INTN/FLTN,
    /// which SqlClient misreads (see NotNullColumns), so numeric results are compared server-side.
    static void Holds(SqlConnection conn, string what, string predicate, params SqlParameter[] ps)
    {
        var sql = "SELECT CASE WHEN " + predicate + " THEN N'yes' ELSE N'no' END";
        Suite.ExpectEq(what + " (" + predicate + ")", One(conn, sql, ps), "yes");
    }

    /// SqlParameter of each common type, sent through sp_executesql.
    static void Params(SqlConnection conn)
    {
        var id = Suite.Env("VTDS_EXPECT_ID");
        Suite.ExpectEq("string", One(conn, "SELECT Email FROM Stripe.Customers WHERE Id = @id",
            new SqlParameter("@id", id)), Suite.Env("VTDS_EXPECT_EMAIL"));
        Holds(conn, "int", "@n + 1 = 42 AND @n = 41", new SqlParameter("@n", 41));
        Holds(conn, "bigint", "@n * 2 = 42", new SqlParameter("@n", 21L));
        Suite.ExpectEq("bigint column", One(conn, "SELECT Email FROM Stripe.Customers WHERE Id = @id AND Balance = @n",
            new SqlParameter("@n", long.Parse(Suite.Env("VTDS_EXPECT_BALANCE"))), new SqlParameter("@id", id)),
            Suite.Env("VTDS_EXPECT_EMAIL"));
        Holds(conn, "float", "@x * 2 = 2.5", new SqlParameter("@x", 1.25));
        // SQL Server compares BIT with an int literal (`@b = 1`); vtds needs the cast (reported).
        Holds(conn, "bit", "@b = CAST(1 AS BIT)", new SqlParameter("@b", true));
        Suite.ExpectEq("decimal", One(conn, "SELECT @d + 1", new SqlParameter("@d", 1.5m)), 2.5m);
        Suite.ExpectEq("NULL", One(conn,
            "SELECT TOP 1 Id FROM Stripe.Customers WHERE Id = @id OR @id IS NULL ORDER BY Created DESC",
            new SqlParameter("@id", SqlDbType.NVarChar, 255) { Value = DBNull.Value }),
            Suite.Env("VTDS_EXPECT_TOP3").Split(',')[0]);
        Suite.ExpectEq("NULL matches nothing", One(conn, "SELECT COALESCE(MAX(Id), N'none') FROM Stripe.Customers WHERE Id = @id",
            new SqlParameter("@id", SqlDbType.NVarChar, 255) { Value = DBNull.Value }), "none");
        Suite.ExpectEq("typed NULL", One(conn, "SELECT COALESCE(@s, N'none')",
            new SqlParameter("@s", SqlDbType.NVarChar, 10) { Value = DBNull.Value }), "none");
        Suite.ExpectEq("unicode", One(conn, "SELECT @a + N'-' + @b",
            new SqlParameter("@a", "Grüße"), new SqlParameter("@b", "𝄞")), "Grüße-𝄞");
        Suite.ExpectEq("varchar", One(conn, "SELECT @v + 'x'",
            new SqlParameter("@v", SqlDbType.VarChar, 20) { Value = "abc" }), "abcx");
    }

    /// SqlCommand.Prepare (sp_prepexec, then sp_execute) reused for every expected id.
    static void Prepared(SqlConnection conn)
    {
        using (var cmd = new SqlCommand("SELECT Id FROM Stripe.Customers WHERE Id = @id", conn))
        {
            cmd.Parameters.Add("@id", SqlDbType.NVarChar, 255);
            cmd.Prepare();
            foreach (var want in Suite.Env("VTDS_EXPECT_TOP3").Split(','))
            {
                cmd.Parameters["@id"].Value = want;
                Suite.ExpectEq("prepared lookup", cmd.ExecuteScalar(), want);
            }
        }
    }

    /// An unknown table is SQL Server error 208 and the connection stays usable.
    static void Error208(SqlConnection conn)
    {
        try
        {
            Suite.Column(conn, "SELECT * FROM Stripe.Nope");
            throw new Exception("SELECT * FROM Stripe.Nope succeeded");
        }
        catch (SqlException e)
        {
            Suite.ExpectEq("error number", e.Number, 208);
            Suite.Expect(e.Message.Contains("Invalid object name 'Stripe.Nope'"), e.Message);
        }
        Suite.ExpectEq("query after the error", Suite.Scalar(conn, "SELECT CAST(40 + 2 AS NVARCHAR(10))"), "42");
    }

    /// Literals, COUNT(*), @@MAX_PRECISION and parameters read as CLR values. SqlClient takes a
    /// column whose nullable flag is clear to have the fixed-length type (INTN -> INT4/INT8, BITN ->
    /// BIT, FLTN -> FLT8, DATETIMN -> DATETIME) and reads its values without a length byte.
    static void NotNullColumns()
    {
        using (var conn = Suite.Open("Encrypt=false;Pooling=false"))
        {
            Suite.ExpectEq("SELECT 1", Suite.Scalar(conn, "SELECT 1"), 1);
            Suite.ExpectEq("SELECT 40 + 2", Suite.Scalar(conn, "SELECT 40 + 2"), 42);
            // SQL Server types COUNT(*) INT; vtds BIGINT (reported): compare the value.
            Suite.ExpectEq("COUNT(*)", Convert.ToInt64(Suite.Scalar(conn, "SELECT COUNT(*) FROM Stripe.Customers")),
                long.Parse(Suite.Env("VTDS_EXPECT_COUNT")));
            Suite.ExpectEq("@@MAX_PRECISION", Suite.Scalar(conn, "SELECT @@MAX_PRECISION"), (byte)38);
            Suite.ExpectEq("CAST(1 AS BIT)", Suite.Scalar(conn, "SELECT CAST(1 AS BIT)"), true);
            Suite.ExpectEq("@n + 1", One(conn, "SELECT @n + 1", new SqlParameter("@n", 41)), 42);
            Suite.ExpectEq("@x * 2", One(conn, "SELECT @x * 2", new SqlParameter("@x", 1.25)), 2.5);
        }
    }

    /// The checks that open their own connections: a wrong token and reconnecting, from the pool
    /// (the driver resets the pooled session) and without pooling.
    public static void RunStandalone()
    {
        Suite.Check("wrong_password", () =>
        {
            try
            {
                Suite.Open("Encrypt=false;Pooling=false", "vtds_wrong_token_000000000").Dispose();
                throw new Exception("logged in with a wrong token");
            }
            catch (SqlException e)
            {
                Suite.ExpectEq("error number", e.Number, 18456);
                Suite.Expect(e.Message.Contains("Login failed"), e.Message);
            }
        });
        // SqlClient reads an INTN/BITN/FLTN column without the nullable flag as INT4/BIT/FLT8.
        Suite.Check("not_null_columns", NotNullColumns);
        Suite.Check("reconnect", () =>
        {
            var newest = Suite.Env("VTDS_EXPECT_TOP3").Split(',')[0];
            foreach (var extra in new[] { "Encrypt=false", "Encrypt=false", "Encrypt=false;Pooling=false" })
            {
                using (var conn = Suite.Open(extra))
                    Suite.ExpectEq("newest id (" + extra + ")",
                        Suite.Scalar(conn, "SELECT TOP 1 Id FROM Stripe.Customers ORDER BY Created DESC"), newest);
            }
        });
    }
}
