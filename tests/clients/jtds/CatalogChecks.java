import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * jTDS's DatabaseMetaData, which calls the catalog procedures (sp_tables, sp_columns, sp_pkeys,
 * sp_statistics, sp_server_info, sp_datatype_info) and queries (system_user, sys.schemas) itself.
 */
final class CatalogChecks {
    private CatalogChecks() {}

    /** Every row's value of `column` in `rs`, closing it. */
    private static List<String> strings(ResultSet rs, String column) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet r = rs) {
            while (r.next()) {
                values.add(r.getString(column));
            }
        }
        return values;
    }

    static void run(Connection conn) throws SQLException {
        DatabaseMetaData meta = conn.getMetaData();
        String database = Suite.env("VTDS_DATABASE");
        Suite.check("probes", () -> {
            Suite.expectEq("product name", meta.getDatabaseProductName(), "Microsoft SQL Server");
            Suite.expect(meta.getDatabaseMajorVersion() >= 9, "major version " + meta.getDatabaseMajorVersion());
            Suite.expectEq("catalog", conn.getCatalog(), database);
            Suite.expectEq("user name (select system_user)", meta.getUserName(), Suite.env("VTDS_USER"));
            Suite.expectEq("@@MAX_PRECISION", Suite.scalar(conn, "SELECT @@MAX_PRECISION"), 38);
            // sp_server_info 16: SQL Server's identifiers are case-insensitive ("MIXED").
            Suite.expect(meta.storesMixedCaseIdentifiers(), "storesMixedCaseIdentifiers");
            Suite.expect(!meta.supportsMixedCaseIdentifiers(), "supportsMixedCaseIdentifiers");
            List<String> types = strings(meta.getTypeInfo(), "TYPE_NAME");
            for (String t : new String[] {"bigint", "bit", "datetime", "nvarchar", "decimal", "float"}) {
                Suite.expect(types.contains(t), "getTypeInfo lacks " + t + ": " + types);
            }
        });
        Suite.check("catalog_tables", () -> {
            Suite.expect(strings(meta.getCatalogs(), "TABLE_CAT").contains(database), "getCatalogs lacks " + database);
            Suite.expect(strings(meta.getSchemas(), "TABLE_SCHEM").contains("Stripe"), "getSchemas lacks Stripe");
            List<String> tables = strings(meta.getTables(null, "Stripe", "%", new String[] {"TABLE"}), "TABLE_NAME");
            for (String t : new String[] {"Customers", "Charges", "Invoices"}) {
                Suite.expect(tables.contains(t), "getTables lacks " + t + ": " + tables);
            }
            try (ResultSet rs = meta.getTables(database, "Stripe", "Customers", null)) {
                Suite.expect(rs.next(), "getTables(Customers) is empty");
                Suite.expectEq("TABLE_CAT", rs.getString("TABLE_CAT"), database);
                Suite.expectEq("TABLE_SCHEM", rs.getString("TABLE_SCHEM"), "Stripe");
                Suite.expectEq("TABLE_TYPE", rs.getString("TABLE_TYPE"), "TABLE");
                Suite.expect(!rs.next(), "getTables(Customers) has more than one row");
            }
        });
        Suite.check("catalog_columns", () -> {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = meta.getColumns(null, "Stripe", "Customers", "%")) {
                while (rs.next()) {
                    String name = rs.getString("COLUMN_NAME");
                    names.add(name);
                    Suite.expectEq(name + " ORDINAL_POSITION", rs.getInt("ORDINAL_POSITION"), names.size());
                    int type = rs.getInt("DATA_TYPE");
                    String nullable = rs.getString("IS_NULLABLE");
                    if (name.equals("Id")) {
                        Suite.expect(type == Types.NVARCHAR || type == Types.VARCHAR, "Id DATA_TYPE " + type);
                        Suite.expectEq("Id IS_NULLABLE", nullable, "NO");
                    } else if (name.equals("Balance")) {
                        Suite.expectEq("Balance DATA_TYPE", type, Types.BIGINT);
                    } else if (name.equals("Delinquent")) {
                        Suite.expectEq("Delinquent DATA_TYPE", type, Types.BIT);
                    } else if (name.equals("Created")) {
                        Suite.expectEq("Created DATA_TYPE", type, Types.TIMESTAMP);
                    }
                }
            }
            List<Object> want = Suite.column(conn, "SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS"
                    + " WHERE TABLE_SCHEMA = 'Stripe' AND TABLE_NAME = 'Customers' ORDER BY ORDINAL_POSITION");
            Suite.expectEq("getColumns names", names, want);
            Suite.expect(names.contains("Balance") && names.contains("Delinquent"), "columns " + names);
        });
        Suite.check("catalog_pkeys", () -> {
            try (ResultSet rs = meta.getPrimaryKeys(null, "Stripe", "Customers")) {
                Suite.expect(rs.next(), "getPrimaryKeys(Customers) is empty");
                Suite.expectEq("TABLE_NAME", rs.getString("TABLE_NAME"), "Customers");
                Suite.expectEq("COLUMN_NAME", rs.getString("COLUMN_NAME"), "Id");
                Suite.expectEq("KEY_SEQ", rs.getInt("KEY_SEQ"), 1);
                Suite.expect(!rs.next(), "getPrimaryKeys(Customers) has more than one column");
            }
            strings(meta.getIndexInfo(null, "Stripe", "Customers", false, true), "INDEX_NAME");
        });
    }
}
