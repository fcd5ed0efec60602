-- jTDS 1.3.1 at connect and from DatabaseMetaData.

-- source: jTDS JtdsConnection.java:85-89, 416 (connect batch, \r\n separated)
SELECT @@MAX_PRECISION
SET TRANSACTION ISOLATION LEVEL READ COMMITTED
SET IMPLICIT_TRANSACTIONS OFF
SET QUOTED_IDENTIFIER ON
SET TEXTSIZE 2147483647
GO
-- source: jTDS JtdsDatabaseMetaData.java getSchemas (server major >= 9)
SELECT name AS TABLE_SCHEM, NULL as TABLE_CATALOG FROM sys.schemas
GO
-- source: jTDS JtdsDatabaseMetaData.java getTableTypes
select 'SYSTEM TABLE' TABLE_TYPE union select 'TABLE' TABLE_TYPE union select 'VIEW' TABLE_TYPE
GO
-- source: jTDS JtdsDatabaseMetaData.java getCatalogs
exec sp_tables '', '', '%', NULL
GO
-- source: jTDS JtdsDatabaseMetaData.java getTypeInfo
exec sp_datatype_info @ODBCVer=3
GO
-- source: jTDS JtdsDatabaseMetaData.java:3250 (identifier case)
sp_server_info 16
GO
-- source: jTDS JtdsDatabaseMetaData.java getUserName
select suser_name()
GO
-- source: jTDS JtdsDatabaseMetaData.java getTables / getColumns / getPrimaryKeys (sp_ calls with positional parameters)
exec sp_tables 'Customers', 'Stripe', 'Stripe1', '''TABLE'''
GO
exec sp_columns 'Customers', 'Stripe', 'Stripe1', NULL, @ODBCVer=3
GO
exec sp_pkeys 'Customers', 'Stripe', 'Stripe1'
GO
