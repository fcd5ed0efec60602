-- Azure Data Studio / vscode-mssql (sqltoolsservice) at connect; its Object Explorer is SMO (see ssms.sql).

-- source: microsoft/sqltoolsservice ManagedBatchParser/ReliableConnection/SqlConnectionHelperScripts.cs EngineEditionAndVersion (ReliableConnectionHelper.GetServerVersion reads column 6 with GetInt32; TDS-CLIENTS.md §6.5)
SELECT SERVERPROPERTY('EngineEdition'), SERVERPROPERTY('productversion'), SERVERPROPERTY ('productlevel'), SERVERPROPERTY ('edition'), SERVERPROPERTY ('MachineName'), SERVERPROPERTY ('ServerName'), (SELECT CASE WHEN EXISTS (SELECT TOP 1 1 from [sys].[all_columns] WITH (NOLOCK) WHERE name = N'xml_index_type' AND OBJECT_ID(N'sys.xml_indexes') = object_id) THEN 1 ELSE 0 END AS SXI_PRESENT)
GO
-- source: microsoft/sqltoolsservice SqlConnectionHelperScripts.cs (the retry without WITH (NOLOCK))
SELECT SERVERPROPERTY('EngineEdition'), SERVERPROPERTY('productversion'), SERVERPROPERTY ('productlevel'), SERVERPROPERTY ('edition'), SERVERPROPERTY ('MachineName'), SERVERPROPERTY ('ServerName'), (SELECT CASE WHEN EXISTS (SELECT TOP 1 1 from [sys].[all_columns] WHERE name = N'xml_index_type' AND OBJECT_ID(N'sys.xml_indexes') = object_id) THEN 1 ELSE 0 END AS SXI_PRESENT)
GO
-- source: microsoft/sqltoolsservice ReliableConnectionHelper.cs GetServerHostInfo (major version > 13)
SELECT [host_platform], [host_distribution], [host_release], [host_service_pack_level], [host_sku], [os_language_version] FROM sys.dm_os_host_info
GO
-- source: TDS-CLIENTS.md §6.4 (ADS GetOsVersion parses the OS from @@version)
SELECT RIGHT(@@version, LEN(@@version)- 3 -charindex (' on ', @@version))
GO
-- source: microsoft/sqlmanagementobjects ConnectionInfo/ServerInformation.cs (ADS builds its connection through SMO too)
DECLARE @edition sysname;
SET @edition = cast(SERVERPROPERTY(N'EDITION') as sysname);
SELECT case when @edition = N'SQL Azure' then 2 else 1 end as 'DatabaseEngineType',
SERVERPROPERTY('EngineEdition') AS DatabaseEngineEdition,
SERVERPROPERTY('ProductVersion') AS ProductVersion,
@@MICROSOFTVERSION AS MicrosoftVersion,
case when serverproperty('EngineEdition') = 12 then 1 when serverproperty('EngineEdition') = 11 and @@version like 'Microsoft Azure SQL Data Warehouse%' then 1 else 0 end as IsFabricServer;
select host_platform from sys.dm_os_host_info
if @edition = N'SQL Azure' 
  select 'TCP' as ConnectionProtocol
else
  exec ('select CONVERT(nvarchar(40),CONNECTIONPROPERTY(''net_transport'')) as ConnectionProtocol')
GO
-- source: TDS-CLIENTS.md §6.6 (ADS database dashboard: sys.databases with state, is_read_only, compatibility_level cast to byte)
SELECT name, database_id, state, state_desc, is_read_only, compatibility_level, collation_name FROM sys.databases WHERE name = db_name()
GO
