// SqlClient's catalog surface: SqlConnection.GetSchema (queries over INFORMATION_SCHEMA and sys
// views), the catalog procedures called as CommandType.StoredProcedure (RPC by name), and the
// KeyInfo/SchemaOnly reader SSMS-style tools use for result metadata.
using System;
using System.Collections.Generic;
using System.Data;
using System.Data.SqlClient;
using System.Linq;

static class CatalogChecks
{
    /// The values of `column` in every row of `table`.
    static List<string> Strings(DataTable table, string column)
    {
        return table.Rows.Cast<DataRow>().Select(r => r[column] as string).ToList();
    }

    public static void Run(SqlConnection conn)
    {
        var database = Suite.Env("VTDS_DATABASE");
        Suite.Check("probes", () =>
        {
            Suite.ExpectEq("Database", conn.Database, database);
            Suite.Expect(System.Text.RegularExpressions.Regex.IsMatch(conn.ServerVersion, @"^\d\d\.\d\d\.\d{4}$"),
                "ServerVersion " + conn.ServerVersion);
            var collections = Strings(conn.GetSchema(), "CollectionName");
            Suite.Expect(collections.Contains("Tables") && collections.Contains("Columns"), "GetSchema() " +
                string.Join(",", collections));
            var info = conn.GetSchema("DataSourceInformation");
            Suite.ExpectEq("DataSourceProductName", info.Rows[0]["DataSourceProductName"], "Microsoft SQL Server");
        });
        Suite.Check("catalog_tables", () =>
        {
            var all = conn.GetSchema("Tables", new[] { database, "Stripe", null, "BASE TABLE" });
            var names = Strings(all, "TABLE_NAME");
            foreach (var t in new[] { "Customers", "Charges", "Invoices" })
                Suite.Expect(names.Contains(t), "GetSchema(Tables) lacks " + t + ": " + string.Join(",", names));
            Suite.Expect(Strings(all, "TABLE_SCHEMA").All(s => s == "Stripe"), "schemas other than Stripe");
            var one = conn.GetSchema("Tables", new[] { null, "Stripe", "Customers", null });
            Suite.ExpectEq("rows for Customers", one.Rows.Count, 1);
            Suite.ExpectEq("TABLE_CATALOG", one.Rows[0]["TABLE_CATALOG"], database);
            Suite.ExpectEq("TABLE_TYPE", one.Rows[0]["TABLE_TYPE"], "BASE TABLE");
        });
        Suite.Check("catalog_columns", () =>
        {
            // SqlClient runs `EXEC sys.sp_columns_managed @Catalog, @Owner, @Table, @Column, 0` through
            // sp_executesql; vtds rejects a NULL parameter there ("Procedure arguments must be
            // constants", reported), so every restriction is given (the column one is a LIKE pattern).
            var cols = conn.GetSchema("Columns", new[] { database, "Stripe", "Customers", "%" });
            var rows = cols.Rows.Cast<DataRow>().OrderBy(r => Convert.ToInt32(r["ORDINAL_POSITION"])).ToList();
            var want = Suite.Column(conn, "SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS"
                + " WHERE TABLE_SCHEMA = 'Stripe' AND TABLE_NAME = 'Customers' ORDER BY ORDINAL_POSITION");
            Suite.ExpectEq("column names", string.Join(",", rows.Select(r => r["COLUMN_NAME"])),
                string.Join(",", want));
            var types = rows.ToDictionary(r => (string)r["COLUMN_NAME"], r => (string)r["DATA_TYPE"]);
            Suite.ExpectEq("Id type", types["Id"], "nvarchar");
            Suite.ExpectEq("Balance type", types["Balance"], "bigint");
            Suite.ExpectEq("Delinquent type", types["Delinquent"], "bit");
            Suite.ExpectEq("Created type", types["Created"], "datetime");
        });
        Suite.Check("catalog_pkeys", () =>
        {
            using (var cmd = new SqlCommand("sp_pkeys", conn) { CommandType = CommandType.StoredProcedure })
            {
                cmd.Parameters.AddWithValue("@table_name", "Customers");
                cmd.Parameters.AddWithValue("@table_owner", "Stripe");
                var table = new DataTable();
                using (var r = cmd.ExecuteReader())
                    table.Load(r);
                Suite.ExpectEq("sp_pkeys rows", table.Rows.Count, 1);
                Suite.ExpectEq("COLUMN_NAME", table.Rows[0]["COLUMN_NAME"], "Id");
                Suite.ExpectEq("KEY_SEQ", Convert.ToInt32(table.Rows[0]["KEY_SEQ"]), 1);
            }
        });
        Suite.Check("schema_table", () =>
        {
            var sql = "SELECT Id, Balance, Delinquent, Metadata FROM Stripe.Customers";
            using (var cmd = new SqlCommand(sql, conn))
            using (var r = cmd.ExecuteReader(CommandBehavior.SchemaOnly | CommandBehavior.KeyInfo))
            {
                var schema = r.GetSchemaTable();
                Suite.ExpectEq("columns", string.Join(",", Strings(schema, "ColumnName")),
                    "Id,Balance,Delinquent,Metadata");
                Suite.ExpectEq("Balance DataType", schema.Rows[1]["DataType"], typeof(long));
                Suite.ExpectEq("Delinquent DataType", schema.Rows[2]["DataType"], typeof(bool));
                Suite.Expect(!r.Read(), "SchemaOnly returned rows");
            }
            Suite.ExpectCount(conn, "count after SET FMTONLY");
        });
    }
}
