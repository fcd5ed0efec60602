-- SQL Server Management Studio (SMO), at connect and in Object Explorer.
-- Each batch below is sent as one SQL batch; `GO` lines separate batches.

-- source: microsoft/sqlmanagementobjects ConnectionInfo/ServerInformation.cs GetServerInformation (serverVersionQuery + host_platform + ConnectionProtocol, one batch, three result sets; the Collation column is in newer SMO builds, TDS-CLIENTS.md §6.5)
DECLARE @edition sysname;
SET @edition = cast(SERVERPROPERTY(N'EDITION') as sysname);
SELECT case when @edition = N'SQL Azure' then 2 else 1 end as 'DatabaseEngineType',
SERVERPROPERTY('EngineEdition') AS DatabaseEngineEdition,
SERVERPROPERTY('ProductVersion') AS ProductVersion,
@@MICROSOFTVERSION AS MicrosoftVersion,
case when serverproperty('EngineEdition') = 12 then 1 when serverproperty('EngineEdition') = 11 and @@version like 'Microsoft Azure SQL Data Warehouse%' then 1 else 0 end as IsFabricServer,
convert(sysname, SERVERPROPERTY(N'Collation')) AS Collation;
select host_platform from sys.dm_os_host_info
if @edition = N'SQL Azure' 
  select 'TCP' as ConnectionProtocol
else
  exec ('select CONVERT(nvarchar(40),CONNECTIONPROPERTY(''net_transport'')) as ConnectionProtocol')
GO
-- source: microsoft/sqlmanagementobjects ConnectionInfo/ServerConnection.cs FixedServerRoles (cast to int by SMO)
select is_srvrolemember('sysadmin') * 1 +is_srvrolemember('serveradmin') * 2 +is_srvrolemember('setupadmin') * 4 +is_srvrolemember('securityadmin') * 8 +is_srvrolemember('processadmin') * 16 +is_srvrolemember('dbcreator') * 32 +is_srvrolemember('diskadmin') * 64+ is_srvrolemember('bulkadmin') * 128
GO
-- source: microsoft/sqlmanagementobjects ConnectionInfo/ServerConnection.cs UserProfile (result cast to int)
exec master.dbo.sp_MSdbuserpriv N'serv'
GO
-- source: microsoft/sqlmanagementobjects ConnectionInfo/ServerConnection.cs TransactionDepth
select @@TRANCOUNT
GO
-- source: microsoft/sqlmanagementobjects ConnectionInfo/ServerConnection.cs ProcessID
select @@SPID
GO
-- source: microsoft/sqlmanagementobjects ConnectionInfo/ServerConnection.cs TrueLogin
select suser_sname()
GO
-- source: microsoft/sqlmanagementobjects ConnectionInfo/ServerConnection.cs TrueName
select SERVERPROPERTY(N'servername')
GO
-- source: microsoft/sqlmanagementobjects ConnectionInfo/ServerConnection.cs ServerComparer lcidAndCompareOptionsQuery (sent by sp_executesql with @dbname NULL; replayed with a DECLARE'd @dbname)
DECLARE @dbname nvarchar(128) = NULL;
SELECT COLLATIONPROPERTY((select collation_name from sys.databases where name = ISNULL(@dbname, db_name())), 'LCID'), COLLATIONPROPERTY((select collation_name from sys.databases where name = ISNULL(@dbname, db_name())), 'ComparisonStyle')
GO
-- source: microsoft/sqlmanagementobjects ConnectionInfo/ServerConnection.cs ServerComparer lcidAndCompareOptionsQuery with @dbname = N'master' (ConnectionFactory compares names in master)
DECLARE @dbname nvarchar(128) = N'master';
SELECT COLLATIONPROPERTY((select collation_name from sys.databases where name = ISNULL(@dbname, db_name())), 'LCID'), COLLATIONPROPERTY((select collation_name from sys.databases where name = ISNULL(@dbname, db_name())), 'ComparisonStyle')
GO
-- source: microsoft/sqlmanagementobjects SqlEnum/xml/Database.xml (Object Explorer Databases node; assembled from the Name, ID, IsSystemObject and IsAccessible property definitions over master.sys.databases AS dtb, not a verbatim capture)
SELECT
dtb.name AS [Name],
dtb.database_id AS [ID],
CAST(case when dtb.name in ('master','model','msdb','tempdb') then 1 else dtb.is_distributor end AS bit) AS [IsSystemObject],
CAST(has_dbaccess(dtb.name) AS bit) AS [IsAccessible]
FROM
master.sys.databases AS dtb
ORDER BY
[Name] ASC
GO
-- source: ktaranov/sqlserver-kit issue #142 (captured SSMS Object Explorer Tables-node query; its first eight columns and the owner join, the OBJECTPROPERTY trigger columns left out)
SELECT
tbl.name AS [Name],
tbl.object_id AS [ID],
tbl.create_date AS [CreateDate],
tbl.modify_date AS [DateLastModified],
ISNULL(stbl.name, N'') AS [Owner],
CAST(case when tbl.principal_id is null then 1 else 0 end AS bit) AS [IsSchemaOwned],
SCHEMA_NAME(tbl.schema_id) AS [Schema],
CAST(
 case 
    when tbl.is_ms_shipped = 1 then 1
    when (
        select 
            major_id 
        from 
            sys.extended_properties 
        where 
            major_id = tbl.object_id and 
            minor_id = 0 and 
            class = 1 and 
            name = N'microsoft_database_tools_support') 
        is not null then 1
    else 0
end          
             AS bit) AS [IsSystemObject]
FROM
sys.tables AS tbl
LEFT OUTER JOIN sys.database_principals AS stbl ON stbl.principal_id = ISNULL(tbl.principal_id, (OBJECTPROPERTY(tbl.object_id, 'OwnerId')))
ORDER BY
[Schema] ASC,[Name] ASC
GO
-- source: microsoft/sqlmanagementobjects SqlEnum/xml Column.xml (Object Explorer Columns node; assembled from its property links over sys.all_columns, sys.indexes, sys.index_columns and sys.types, not a verbatim capture)
SELECT
clmns.name AS [Name],
CAST(ISNULL(cik.index_column_id, 0) AS bit) AS [InPrimaryKey],
CAST(clmns.is_nullable AS bit) AS [Nullable],
usrt.name AS [DataType],
ISNULL(baset.name, N'') AS [SystemType],
CAST(CASE WHEN baset.name IN (N'nchar', N'nvarchar') AND clmns.max_length <> -1 THEN clmns.max_length/2 ELSE clmns.max_length END AS int) AS [Length],
CAST(clmns.precision AS int) AS [NumericPrecision],
CAST(clmns.scale AS int) AS [NumericScale]
FROM
sys.tables AS tbl
INNER JOIN sys.all_columns AS clmns ON clmns.object_id=tbl.object_id
LEFT OUTER JOIN sys.indexes AS ik ON ik.object_id = clmns.object_id and 1=ik.is_primary_key
LEFT OUTER JOIN sys.index_columns AS cik ON cik.index_id = ik.index_id and cik.column_id = clmns.column_id and cik.object_id = clmns.object_id and 0 = cik.is_included_column
LEFT OUTER JOIN sys.types AS usrt ON usrt.user_type_id = clmns.user_type_id
LEFT OUTER JOIN sys.types AS baset ON (baset.user_type_id = clmns.system_type_id and baset.user_type_id = baset.system_type_id) or ((baset.system_type_id = clmns.system_type_id) and (baset.user_type_id = clmns.user_type_id) and (baset.is_user_defined = 0) and (baset.is_assembly_type = 1)) 
WHERE
(tbl.name=N'Customers' and SCHEMA_NAME(tbl.schema_id)=N'Stripe')
ORDER BY
clmns.column_id ASC
GO
-- source: microsoft/sqlmanagementobjects SqlEnum/xml Schema.xml (Object Explorer Schemas node over sys.schemas and sys.database_principals; assembled, not a verbatim capture)
SELECT
s.name AS [Name],
s.schema_id AS [ID],
ISNULL(dp1.name, N'') AS [Owner],
CAST(case when s.name in ('dbo','guest','INFORMATION_SCHEMA','sys') then 1 else 0 end AS bit) AS [IsSystemObject]
FROM
sys.schemas AS s
LEFT OUTER JOIN sys.database_principals AS dp1 ON dp1.principal_id = s.principal_id
ORDER BY
[Name] ASC
GO
