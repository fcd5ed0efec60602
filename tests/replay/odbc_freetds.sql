-- FreeTDS ODBC (isql, pyodbc on Linux) and FreeTDS tsql.

-- source: FreeTDS src/tds/login.c:366-369 (`set textsize N` sent with the SPID probe when the server is not recognised)
set textsize 2147483647 select @@spid
GO
-- source: FreeTDS src/odbc/odbc.c:304 (SQL_ATTR_TXN_ISOLATION)
SET TRANSACTION ISOLATION LEVEL READ COMMITTED
GO
-- source: FreeTDS src/odbc/odbc.c:6057-6072 SQLGetTypeInfo (batch text, EXEC-less, TDS 7.3+)
sp_datatype_info_100 0
GO
-- source: FreeTDS src/tds/query.c:3665-3750 (text transactions for TDS 7.1)
BEGIN TRANSACTION
GO
IF @@TRANCOUNT > 0 COMMIT TRANSACTION
GO
-- source: FreeTDS src/odbc/odbc.c:6900-7040 SQLTables (RPC by name; replayed as EXEC with the same arguments)
exec sp_tables N'%', N'%', N'Stripe1', N'''TABLE'',''VIEW'''
GO
-- source: FreeTDS src/odbc/odbc.c:4795-4830 SQLColumns
exec sp_columns N'Customers', N'Stripe', N'Stripe1', N'%', @ODBCVer = 3
GO
-- source: FreeTDS src/odbc/odbc.c SQLPrimaryKeys / SQLSpecialColumns / SQLStatistics
exec sp_pkeys N'Customers', N'Stripe', N'Stripe1'
GO
exec sp_special_columns N'Customers', N'Stripe', N'Stripe1', 'R', 'T', 'U', 3
GO
exec sp_statistics N'Customers', N'Stripe', N'Stripe1', N'%', 'N', 'Q'
GO
-- source: ODBC escapes left in the text (FreeTDS src/odbc/native.c to_native forwards {fn ...})
SELECT {fn CONCAT('a', 'b')}
GO
