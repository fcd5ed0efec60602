-- go-sqlcmd / sqlcmd: nothing at connect; the queries its documentation runs.

-- source: microsoft/go-sqlcmd cmd/modern/root/config/connection-strings.go (PRINT DB_NAME(), read as an INFO message)
PRINT DB_NAME()
GO
-- source: microsoft/go-sqlcmd README.md (`sqlcmd query "SELECT DB_NAME()"`)
SELECT DB_NAME()
GO
-- source: microsoft/go-sqlcmd README.md (`sqlcmd -q "SELECT @@version"`, piped input)
SELECT @@version
GO
-- source: microsoft/go-sqlcmd README.md (vertical format example)
select session_id, client_interface_name, program_name from sys.dm_exec_sessions where session_id=@@spid
GO
-- source: microsoft/go-sqlcmd README.md (transport example)
select net_transport from sys.dm_exec_connections where session_id=@@spid
GO
-- source: microsoft/go-sqlcmd README.md (piped input example)
SELECT name FROM sys.databases
GO
