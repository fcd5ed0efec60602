-- Microsoft.Data.SqlClient GetSchema() (generic .NET tools) and schema-only readers.

-- source: dotnet/SqlClient SqlMetaData.xml Databases collection for 10.00+ (@Name is the command's parameter, NULL for all; replayed DECLARE'd)
DECLARE @Name nvarchar(128) = NULL;
IF OBJECT_ID('master..sysdatabases') IS NULL EXEC sp_executesql N'select name as database_name, dbid, crdate as create_date from sysdatabases where (name = @Name or (@Name is null))',N'@Name NVARCHAR(128)',@Name=@Name ELSE EXEC sp_executesql N'select name as database_name, dbid, crdate as create_date from master..sysdatabases where (name = @Name or (@Name is null))',N'@Name NVARCHAR(128)',@Name=@Name
GO
-- source: dotnet/SqlClient SqlMetaData.xml (Tables collection, @Catalog/@Owner/@Name/@TableType passed as parameters; replayed DECLARE'd)
DECLARE @Catalog nvarchar(128) = NULL, @Owner nvarchar(128) = N'Stripe', @Name nvarchar(128) = NULL, @TableType nvarchar(128) = NULL;
select TABLE_CATALOG, TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE from INFORMATION_SCHEMA.TABLES where (TABLE_CATALOG = @Catalog or (@Catalog is null)) and (TABLE_SCHEMA = @Owner or (@Owner is null)) and (TABLE_NAME = @Name or (@Name is null)) and (TABLE_TYPE = @TableType or (@TableType is null)) order by TABLE_CATALOG, TABLE_SCHEMA, TABLE_NAME
GO
-- source: dotnet/SqlClient SqlMetaData.xml (Columns collection on 2008+)
EXEC sys.sp_columns_managed N'Stripe1', N'Stripe', N'Customers', NULL, 0
GO
-- source: dotnet/SqlClient SqlMetaDataFactory.cs (DataTypes collection; result cast to int, PR #2593)
SELECT SERVERPROPERTY('EngineEdition');
GO
-- source: dotnet/SqlClient SqlCommand.cs:1930 (CommandBehavior.SchemaOnly prefix, then the command, then FMTONLY OFF)
 SET FMTONLY OFF; SET NO_BROWSETABLE ON; SET FMTONLY ON;SELECT Id, Email FROM Stripe.Customers SET FMTONLY OFF;
GO
